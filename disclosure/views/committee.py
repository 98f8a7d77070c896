"""Admin → Committee membership: the Disclosure Committee proposes and confirms its own membership changes.

Only committee members see the screen (superusers are not special). One member proposes
adding or removing someone, with a reason; a second, different member confirms it, and
only then does the group change (disclosure.committee). Every step is in the audit trail.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from disclosure import committee
from disclosure.models import CommitteeMembershipChange
from disclosure.services import is_compliance

HISTORY = 20


class ProposeForm(forms.Form):
    person = forms.ModelChoiceField(queryset=get_user_model().objects.none())
    change = forms.ChoiceField(choices=CommitteeMembershipChange.CHANGES)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Why (kept in the audit trail).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        User = get_user_model()
        self.fields["person"].queryset = User.objects.filter(is_active=True, is_superuser=False).order_by(
            User.USERNAME_FIELD
        )


def _require_committee(request: HttpRequest) -> None:
    if not is_compliance(request.user):
        raise PermissionDenied("Only the Disclosure Committee manages its membership.")


def _screen_url() -> str:
    return reverse("disclosure_committee")


class CommitteeMembershipView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "disclosure/committee_membership.html"
    page_title = "Committee membership"
    header_icon = "group"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        _require_committee(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = ProposeForm(request.POST)
        if form.is_valid():
            try:
                committee.propose(
                    form.cleaned_data["person"],
                    change=form.cleaned_data["change"],
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Proposed. A second committee member must confirm it.")
                return redirect(_screen_url())
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.setdefault("form", ProposeForm())
        context.update(
            members=committee.members(),
            pending=[
                {
                    "change": change,
                    "may_confirm": change.proposed_by_id != user.pk and change.person_id != user.pk,
                }
                for change in committee.pending().order_by("proposed_at", "pk")
            ],
            history=CommitteeMembershipChange.objects.exclude(status=CommitteeMembershipChange.PENDING)
            .select_related("person", "proposed_by", "decided_by")
            .order_by("-decided_at", "-pk")[:HISTORY],
        )
        return context


def _decide(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    _require_committee(request)
    proposal = get_object_or_404(CommitteeMembershipChange, pk=pk)
    try:
        service(proposal, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(request, done)
    return redirect(_screen_url())


@require_POST
def confirm_change(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, committee.confirm, "Confirmed: the committee's membership has changed.")


@require_POST
def withdraw_change(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, committee.withdraw, "Withdrawn: nothing changed.")


committee_membership = CommitteeMembershipView.as_view()
