"""Two-factor authentication for the accounts that need it.

Superusers, and everyone an app's ``requires_second_factor`` hook says yes for, must confirm
each admin session with a time-based one-time code (TOTP, django-otp) from an authenticator
app. A password alone gets them as far as the enrolment or code page, nothing else in the
admin. The Disclosure Policy's hook (disclosure.wagtail_hooks.second_factor) says yes for
everyone who can approve a release (active authorized spokespersons), review one or keep the
Policy (the Disclosure Committee); this app knows nothing of who they are.

IR_REQUIRE_2FA turns it on (production's default); the demo turns it off, explicitly, in
ir_site/settings/dev.py, so its users can log in with the password it prints.
"""

from __future__ import annotations

import base64
import functools

from django import forms
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView

from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

import django_otp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.actions import TWO_FACTOR_ENROLLED_ACTION

DEVICE_NAME = "Authenticator app"
# Each function registered under this hook name takes a user and returns True if they need a second factor.
REQUIRES_SECOND_FACTOR_HOOK = "requires_second_factor"


def needs_second_factor(user) -> bool:
    """Who must confirm their admin sessions with a one-time code: superusers, and anyone a hook says yes for."""
    if not getattr(settings, "IR_REQUIRE_2FA", True) or not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(fn(user) for fn in hooks.get_hooks(REQUIRES_SECOND_FACTOR_HOOK))


class RequireSecondFactorMiddleware:
    """After django_otp's OTPMiddleware: admin pages need a verified session for those who need one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/admin/") and not path.startswith(self.exempt_paths()):
            user = getattr(request, "user", None)
            if user is not None and not user.is_verified() and needs_second_factor(user):
                name = "accounts_2fa_verify" if django_otp.user_has_device(user) else "accounts_2fa_setup"
                return redirect(f"{reverse(name)}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    @functools.cache  # the URLconf does not change while the process runs: reverse once
    def exempt_paths() -> tuple[str, ...]:
        return (
            reverse("accounts_2fa_setup"),
            reverse("accounts_2fa_verify"),
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
            "/admin/jsi18n/",
        )


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


WRONG_CODE = "That code is not right (or has expired). Type the code your app shows now."
THROTTLED = "Too many wrong codes: wait a few seconds, then type the code your app shows."


def check_code(devices, token: str) -> tuple[TOTPDevice | None, str]:
    """The device that accepts `token`, or None and why not.

    django-otp makes a user wait longer after each wrong code; a code typed meanwhile is not
    even tried, and the user is told to wait rather than that the code is wrong.
    """
    devices = list(devices)
    if any(not device.verify_is_allowed()[0] for device in devices):
        return None, THROTTLED
    for device in devices:
        if device.verify_token(token):
            return device, ""
    return None, WRONG_CODE


class SecondFactorView(WagtailAdminTemplateMixin, FormView):
    form_class = TokenForm
    header_icon = "lock"

    def get_breadcrumbs_items(self):
        return []

    def next_url(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or reverse("wagtailadmin_home")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            return reverse("wagtailadmin_home")
        return target

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": self.next_url()}


class SetupView(SecondFactorView):
    """``/admin/2fa/setup/``: add an authenticator app (scan the code, type one code to confirm)."""

    template_name = "accounts/two_factor_setup.html"
    page_title = "Set up two-factor authentication"

    def device(self) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=self.request.user, name=DEVICE_NAME, confirmed=False)

    def dispatch(self, request, *args, **kwargs):
        if django_otp.user_has_device(request.user):
            return redirect(f"{reverse('accounts_2fa_verify')}?next={self.next_url()}")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        import segno  # the QR code library is needed by this one page only

        device = self.device()
        context = super().get_context_data(**kwargs)
        context.update(
            secret=_b32(device),
            qr_data_uri=segno.make(device.config_url).svg_data_uri(scale=5),
        )
        return context

    def form_valid(self, form):
        device, problem = check_code([self.device()], form.cleaned_data["token"])
        if device is None:
            form.add_error("token", problem)
            return self.form_invalid(form)
        device.confirmed = True
        device.save()
        django_otp.login(self.request, device)
        # device.user, not request.user: a lazy object, which Wagtail's log() would not recognise as a model.
        log(instance=device.user, action=TWO_FACTOR_ENROLLED_ACTION, user=device.user, data={"device": device.name})
        return redirect(self.next_url())


class VerifyView(SecondFactorView):
    """``/admin/2fa/verify/``: confirm this session with a code."""

    template_name = "accounts/two_factor_verify.html"
    page_title = "Two-factor authentication"

    def form_valid(self, form):
        device, problem = check_code(
            TOTPDevice.objects.devices_for_user(self.request.user, confirmed=True), form.cleaned_data["token"]
        )
        if device is None:
            form.add_error("token", problem)
            return self.form_invalid(form)
        django_otp.login(self.request, device)
        return redirect(self.next_url())


def _b32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii")


setup = SetupView.as_view()
verify = VerifyView.as_view()
