"""Certification of the Code: the personal page a person certifies on, and the committee's admin screens.

Public: ``/code-certification/<token>/`` (conduct/urls.py), no login: the link in the
invitation e-mail. It shows the current version of the Code and its form; a forged, used or
closed link gets a page saying so (404 or 410), never the form and never a 500.

Admin → Code of Conduct → Certification (Disclosure Committee only, conduct.certification.is_committee_member):
the campaigns with their counts, starting one, a campaign's people (who has and has not
certified), adding people, reminders, closing, and the CSV export. Thin views over
conduct.certification, where every rule is.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from conduct import certification as service
from conduct.models import CampaignKind, CertificationCampaign
from conduct.quiet_periods import market_moment

# -- the public page --------------------------------------------------------------------------------


class CertificationForm(forms.Form):
    """The Code's form: printed name, date, one tick per statement (the rules and messages are the service's)."""

    printed_name = forms.CharField(label="Print name", max_length=200, required=False)
    signed_on = forms.DateField(
        label="Date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Write the date as year-month-day, e.g. 2026-12-03."},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, statements: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.statement_names = []
        for n, text in enumerate(statements, start=1):
            name = f"statement_{n}"
            self.fields[name] = forms.BooleanField(label=f"{n}. {text}", required=False)
            self.statement_names.append(name)

    def statements(self):
        return [self[name] for name in self.statement_names]

    def ticked(self) -> list[bool]:
        return [bool(self.cleaned_data.get(name)) for name in self.statement_names]


def _private(response):
    """The page carries a personal secret in its URL: never cached, indexed, or sent on as a referrer."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _refused(request, message: str, status: int, invitation=None):
    done = getattr(invitation, "certification", None) if invitation is not None else None
    return _private(
        TemplateResponse(
            request,
            "conduct/certification/link_refused.html",
            {"message": message, "invitation": invitation, "certification": done},
            status=status,
        )
    )


def _client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def certify_view(request, token: str):
    """``/code-certification/<token>/``: read the current Code and certify it (no login: the link is personal)."""
    try:
        invitation = service.read_link(token)
    except service.BadLink as refusal:
        return _refused(request, refusal.message, refusal.status, refusal.invitation)
    code = service.current_code()
    if code is None:
        return _refused(request, "The Code is not published at the moment: please try again later.", 503)
    statements = code.form.statements
    form = CertificationForm(
        request.POST or None,
        statements=statements,
        initial={"printed_name": invitation.name, "signed_on": service.market_today(), "revision": code.revision_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            certification = service.certify(
                invitation,
                printed_name=form.cleaned_data.get("printed_name") or "",
                signed_on=form.cleaned_data.get("signed_on"),
                ticked=form.ticked(),
                shown_revision_id=form.cleaned_data.get("revision"),
                address=_client_address(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
            code = service.current_code() or code  # the Code may have been amended: show its current version
        else:
            return _private(
                TemplateResponse(
                    request,
                    "conduct/certification/certified.html",
                    {"invitation": invitation, "certification": certification, "code": code},
                )
            )
    return _private(
        TemplateResponse(
            request,
            "conduct/certification/certify.html",
            {"invitation": invitation, "campaign": invitation.campaign, "code": code, "form": form},
            status=400 if request.method == "POST" else 200,
        )
    )


def _errors_to_form(form: forms.Form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


# -- the committee's screens ------------------------------------------------------------------------


def _committee_only(request) -> None:
    if not service.is_committee_member(request.user):
        raise PermissionDenied("Only the Disclosure Committee runs the certification of the Code.")


def _admin(title: str, *, campaign: CertificationCampaign | None = None) -> dict:
    crumbs = [
        {"url": reverse("wagtailadmin_home"), "label": "Dashboard"},
        {"url": reverse("conduct_certification"), "label": "Certification of the Code"},
    ]
    if campaign is not None:
        crumbs.append({"url": reverse("conduct_certification_campaign", args=[campaign.pk]), "label": campaign.title})
    crumbs.append({"url": "", "label": title})
    return {"page_title": title, "header_title": title, "header_icon": "doc-full", "breadcrumbs_items": crumbs}


class PeopleForm(forms.Form):
    """Whom to invite: users one by one or by group, and people without a login (one a line)."""

    groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Everyone active in the group (who has an e-mail address).",
    )
    users = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        label="Users",
    )
    others = forms.CharField(
        required=False,
        label="People without a login",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line: Name <address>, e.g. Jane Doe <jane.doe@example.com>.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = Group.objects.order_by("name")
        self.fields["users"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")

    def clean(self):
        data = super().clean()
        people, errors = service.parse_people(data.get("others", ""))
        for error in errors:
            self.add_error("others", error)
        users, skipped = service.users_as_invitees(users=data.get("users") or (), groups=data.get("groups") or ())
        data["invitees"] = users + people
        data["skipped"] = skipped
        if not errors and not data["invitees"]:
            raise ValidationError("Choose the people to invite: a group, users, or people without a login.")
        return data


class CampaignForm(PeopleForm):
    title = forms.CharField(max_length=200, help_text="e.g. 2026 annual certification")
    kind = forms.ChoiceField(choices=CampaignKind.choices, initial=CampaignKind.ANNUAL)
    due_on = forms.DateField(
        label="Certify by", required=False, widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d"]
    )
    message = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Added to the invitation e-mail (optional)."
    )
    weekly_reminders = forms.BooleanField(
        required=False, initial=True, help_text="Remind those who have not certified once a week while it is open."
    )
    field_order = ["title", "kind", "due_on", "groups", "users", "others", "message", "weekly_reminders"]


def _say_invited(request, invited: service.Invited) -> None:
    if invited.created:
        count = len(invited.created)
        messages.success(request, f"{count} invitation{'s' if count != 1 else ''} queued for sending.")
    for note in invited.skipped:
        messages.warning(request, note)


def campaigns(request):
    """``/admin/conduct/certification/``: the campaigns, newest first, with who has and has not certified."""
    _committee_only(request)
    rows = list(service.campaigns_with_counts())
    for row in rows:
        row.pending_count = row.invited_count - row.certified_count
    return TemplateResponse(
        request,
        "conduct/certification/campaigns.html",
        {"campaigns": rows, "code": service.current_code(), **_admin("Certification of the Code")},
    )


def new_campaign(request):
    """``/admin/conduct/certification/new/``: start a campaign against the current version of the Code."""
    _committee_only(request)
    code = service.current_code()
    form = CampaignForm(request.POST or None, initial={"title": f"{timezone.now().year} annual certification"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign, invited = service.start_campaign(
                title=data["title"],
                kind=data["kind"],
                due_on=data.get("due_on"),
                message=data.get("message", ""),
                weekly_reminders=bool(data.get("weekly_reminders")),
                invitees=data["invitees"],
                by=request.user,
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, f"Campaign “{campaign.title}” started against the Code, {campaign.version_text}.")
            for note in data["skipped"]:
                messages.warning(request, note)
            _say_invited(request, invited)
            return redirect("conduct_certification_campaign", campaign.pk)
    return TemplateResponse(
        request,
        "conduct/certification/campaign_form.html",
        {"form": form, "code": code, **_admin("Start a certification campaign")},
        status=400 if request.method == "POST" else 200,
    )


def campaign_detail(request, pk: int):
    """``/admin/conduct/certification/<pk>/``: who has and has not certified, reminders, adding people, closing."""
    _committee_only(request)
    campaign = get_object_or_404(CertificationCampaign.objects.select_related("started_by", "closed_by"), pk=pk)
    invitations = list(campaign.invitations.select_related("user", "certification").order_by("name", "pk"))
    zone = service.market_zone()
    done, waiting = [], []
    for invitation in invitations:
        # Times in market time, read from the profile once for the whole list.
        certified = getattr(invitation, "certification", None)
        invitation.invited_text = market_moment(invitation.invited_at, zone)
        invitation.last_sent_text = market_moment(invitation.last_sent_at, zone) if invitation.last_sent_at else ""
        invitation.certified_text = market_moment(certified.certified_at, zone) if certified else ""
        (done if certified else waiting).append(invitation)
    shown = request.GET.get("status", "")
    code = service.current_code()
    return TemplateResponse(
        request,
        "conduct/certification/campaign.html",
        {
            "campaign": campaign,
            "counts": service.counts(campaign),
            "certified": done if shown != "pending" else [],
            "pending": waiting if shown != "certified" else [],
            "shown": shown,
            "code": code,
            "code_changed": code is not None and code.revision_id != campaign.revision_id,
            "people_form": PeopleForm(),
            "tz_label": service.market_zone()[1],
            **_admin(campaign.title),
        },
    )


@require_POST
def add_people(request, pk: int):
    _committee_only(request)
    campaign = get_object_or_404(CertificationCampaign, pk=pk)
    form = PeopleForm(request.POST)
    if form.is_valid():
        try:
            invited = service.invite(campaign, form.cleaned_data["invitees"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            for note in form.cleaned_data["skipped"]:
                messages.warning(request, note)
            _say_invited(request, invited)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("conduct_certification_campaign", campaign.pk)


@require_POST
def send_reminders(request, pk: int):
    """Remind everyone in the campaign who has not certified (logged; sent by the task worker)."""
    _committee_only(request)
    campaign = get_object_or_404(CertificationCampaign, pk=pk)
    try:
        count = service.remind(campaign, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if count:
            messages.success(request, f"{count} reminder{'s' if count != 1 else ''} queued for sending.")
        else:
            messages.info(request, "Everyone invited has certified: no reminder to send.")
    return redirect("conduct_certification_campaign", campaign.pk)


@require_POST
def close(request, pk: int):
    _committee_only(request)
    campaign = get_object_or_404(CertificationCampaign, pk=pk)
    try:
        campaign = service.close_campaign(campaign, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        figures = service.counts(campaign)
        messages.success(
            request,
            f"Campaign “{campaign.title}” closed: {figures.certified} of {figures.invited} certified, "
            f"{figures.pending} did not.",
        )
    return redirect("conduct_certification_campaign", campaign.pk)


def export(request, pk: int):
    """The campaign as CSV for the audit committee (logged)."""
    _committee_only(request)
    campaign = get_object_or_404(CertificationCampaign, pk=pk)
    response = HttpResponse(service.export_csv(campaign, by=request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="code-certification-{campaign.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
