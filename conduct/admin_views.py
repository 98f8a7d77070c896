"""Admin → Code of Conduct → Exceptions and waivers: the Disclosure Committee's register.

Thin views over conduct.waivers: every rule (who decides, append-only, the clock, the twelve
months) is there, and every refusal comes back here as a message or a form error, never a 500.
Only the committee sees any of it (conduct.waivers.is_committee_member); superusers are not
special, as for the insider lists.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wagtail.models import Page

from company.market_time import MarketDateTimeField
from conduct import register as waiver_register
from conduct import waivers
from conduct.models import (
    AppendOnlyError,
    CodeWaiverDisclosurePage,
    DecidedBy,
    Disposition,
    ExceptionRequest,
    Position,
    RecordKind,
)

OTHER = "__other__"


def _committee_only(request) -> None:
    if not waivers.is_committee_member(request.user):
        raise PermissionDenied("Only the Disclosure Committee keeps the register of exceptions to the Code.")


def _admin(title: str, icon: str = "clipboard-list", *, under_index: bool = True) -> dict:
    """What Wagtail's generic admin base template needs: the title, its icon and the breadcrumbs."""
    crumbs = [{"url": reverse("wagtailadmin_home"), "label": "Dashboard"}]
    if under_index:
        crumbs.append({"url": reverse("conduct_waivers"), "label": "Exceptions and waivers"})
    crumbs.append({"url": "", "label": title})
    return {"page_title": title, "header_title": title, "header_icon": icon, "breadcrumbs_items": crumbs}


def _errors_to_forms(forms_: tuple[forms.Form, ...], exc: ValidationError) -> None:
    """A service's refusal shown on the field it is about (in whichever form has it), else on the first form."""
    if not hasattr(exc, "error_dict"):
        forms_[0].add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        target = next((form for form in forms_ if field in form.fields), None)
        if target is None:
            forms_[0].add_error(None, errors)
        else:
            target.add_error(field, errors)


def _errors_to_form(form: forms.Form, exc: ValidationError) -> None:
    _errors_to_forms((form,), exc)


# -- forms ---------------------------------------------------------------------------------------


class RequestForm(forms.Form):
    """The request: who asks, their position, which provision, what and why, the supervisor's view."""

    kind = forms.ChoiceField(choices=RecordKind.choices, initial=RecordKind.EXCEPTION, label="Record")
    requester = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Person (user)",
        help_text="If they have a login here; otherwise name them below.",
    )
    requester_name = forms.CharField(
        max_length=200, required=False, label="Name", help_text="For an amendment: whom it applies to."
    )
    position = forms.ChoiceField(choices=Position.choices)
    requester_title = forms.CharField(
        max_length=200, required=False, label="Title", help_text="e.g. Chief Executive Officer"
    )
    provision = forms.ChoiceField(label="Provision of the Code")
    provision_other = forms.CharField(
        max_length=300,
        required=False,
        label="Other provision",
        help_text="When the provision is not a heading of the Code.",
    )
    requested_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Requested on")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What is asked")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why")
    supervisor_name = forms.CharField(max_length=200, required=False, label="Supervisor")
    supervisor_view = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="The supervisor's view"
    )

    def __init__(self, *args, sections: list[waivers.Section], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {section.anchor: section for section in sections}
        self.fields["provision"].choices = [
            ("", "Choose a section of the Code"),
            *((s.anchor, s.heading) for s in sections),
            (OTHER, "Another provision (write it below)"),
        ]
        self.fields["requester"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")

    def clean(self):
        data = super().clean()
        if not (data.get("requester_name") or "").strip():
            user = data.get("requester")
            if user is not None:
                data["requester_name"] = user.get_full_name() or user.get_username()
            else:
                self.add_error("requester_name", "Name the person, or choose their user.")
        if data.get("provision") == OTHER and not (data.get("provision_other") or "").strip():
            self.add_error("provision_other", "Write the provision.")
        return data

    def request_fields(self) -> dict:
        data = self.cleaned_data
        section = self.sections.get(data["provision"])
        if section is None:
            heading, anchor, page_id = data["provision_other"].strip(), "", None
        else:
            heading, anchor, page_id = section.heading, section.anchor, section.page_id
        return {
            "kind": data["kind"],
            "requester": data.get("requester"),
            "requester_name": data["requester_name"].strip(),
            "position": data["position"],
            "requester_title": data.get("requester_title", "").strip(),
            "provision_heading": heading,
            "provision_anchor": anchor,
            "code_page_id": page_id,
            "requested_on": data["requested_on"],
            "description": data["description"].strip(),
            "reason": data["reason"].strip(),
            "supervisor_name": data.get("supervisor_name", "").strip(),
            "supervisor_view": data.get("supervisor_view", "").strip(),
        }


class DecisionForm(forms.Form):
    """The decision: who decided, when (market time), the resolution, the disposition and reasons."""

    disposition = forms.ChoiceField(choices=[c for c in Disposition.choices if c[0] != Disposition.PENDING])
    decided_by = forms.ChoiceField(choices=[("", "Not applicable (withdrawn)"), *DecidedBy.choices], required=False)
    decided_by_name = forms.CharField(max_length=200, required=False, label="Decided by (name)")
    resolution_reference = forms.CharField(
        max_length=200,
        required=False,
        label="Resolution",
        help_text="The board's resolution (reference, or date and item).",
    )
    decision_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Reasons")
    conditions = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    field_order = ["disposition", "decided_by", "decided_by_name", "decided_at", "resolution_reference"]

    def __init__(self, *args, tz, tz_label, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_at"] = MarketDateTimeField(
            tz=tz,
            required=required,
            label="Decided at",
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            help_text=f"Market time ({tz_label}): the four business days are counted from this date.",
        )
        if not required:
            self.fields["disposition"].required = False
            self.fields["disposition"].choices = [("", "Pending"), *self.fields["disposition"].choices]
        self.order_fields(self.field_order)

    def decision_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) or ("" if name != "decided_at" else None) for name in waivers.DECISION_INPUTS}


class CorrectionForm(RequestForm):
    correction_note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="What this corrects, and why")


class Form8KForm(forms.Form):
    filed_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Form 8-K filed on")
    accession = forms.CharField(max_length=20, label="Accession number", help_text="e.g. 0001234567-26-000123")


class ArchiveForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Note")


# -- views ---------------------------------------------------------------------------------------


def _filtered_register(request) -> tuple[waiver_register.RegisterFilter, list[dict]]:
    filters = waiver_register.RegisterFilter(request.GET or None, queryset=ExceptionRequest.objects.all())
    return filters, waiver_register.rows(waiver_register.with_corrections(filters.qs), timezone.now())


def register(request):
    """``/admin/conduct/waivers/``: every entry, newest first, each with its disclosure clock; filters."""
    _committee_only(request)
    now = timezone.now()
    waivers.record_overdue(now)
    filters, rows = _filtered_register(request)
    _, tz_label = waivers.market_zone()
    query = request.GET.urlencode()
    return TemplateResponse(
        request,
        "conduct/waivers/register.html",
        {
            "rows": rows,
            "filters": filters,
            "filtered": bool(filters.applied()),
            "export_url": reverse("conduct_waivers_export") + (f"?{query}" if query else ""),
            "attention": [{"entry": entry, "clock": clock} for entry, clock in waivers.attention_entries(now)],
            "tz_label": tz_label,
            **_admin("Exceptions and waivers", under_index=False),
        },
    )


def export(request):
    """``/admin/conduct/waivers/export.csv``: the register as shown (same filters), as CSV for the audit committee."""
    _committee_only(request)
    waivers.record_overdue()
    filters, rows = _filtered_register(request)
    content = waiver_register.export_csv(rows, by=request.user, filters=filters.applied())
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="code-exceptions-register-{timezone.now():%Y%m%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def new(request):
    """``/admin/conduct/waivers/new/``: record a request (or an amendment of the Code)."""
    _committee_only(request)
    sections = waivers.code_sections()
    tz, _ = waivers.market_zone()
    form = RequestForm(
        request.POST or None, sections=sections, initial={"requested_on": timezone.localdate(timezone.now(), tz)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = waivers.record_request(by=request.user, **form.request_fields())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request, f"Entry No. {entry.pk} recorded: {entry.requester_name}, {entry.provision_heading}."
            )
            return redirect("conduct_waiver", entry.pk)
    return TemplateResponse(
        request,
        "conduct/waivers/request_form.html",
        {"form": form, "no_sections": not sections, **_admin("Record a request")},
        status=400 if request.method == "POST" else 200,
    )


def _entry_context(request, entry, **forms_):
    tz, tz_label = waivers.market_zone()
    now = timezone.now()
    corrections = list(entry.corrections.order_by("pk"))
    current = not corrections
    page = entry.disclosure_page
    return {
        "entry": entry,
        "clock": waivers.clock(entry, now, tz) if current else None,
        "corrected_by": corrections[-1] if corrections else None,
        "current": current,
        "page": page,
        "page_edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]) if page else "",
        "decision_form": forms_.get("decision_form") or DecisionForm(tz=tz, tz_label=tz_label),
        "form_8k_form": forms_.get("form_8k_form") or Form8KForm(),
        "may_decide": current and not entry.is_decided,
        "may_record_8k": current and waivers.clock_applies(entry) and not entry.form_8k_accession,
        "may_draft": current and waivers.clock_applies(entry) and page is None,
        "tz_label": tz_label,
        "history": waivers.entry_history(entry),
        **_admin(f"Entry No. {entry.pk}"),
    }


def detail(request, pk: int):
    """``/admin/conduct/waivers/<pk>/``: one entry, its decision, clock, Form 8-K and disclosure."""
    _committee_only(request)
    entry = get_object_or_404(ExceptionRequest.objects.select_related("disclosure_page", "corrects"), pk=pk)
    return TemplateResponse(request, "conduct/waivers/entry.html", _entry_context(request, entry))


@require_POST
def decide(request, pk: int):
    _committee_only(request)
    entry = get_object_or_404(ExceptionRequest, pk=pk)
    tz, tz_label = waivers.market_zone()
    form = DecisionForm(request.POST, tz=tz, tz_label=tz_label)
    if form.is_valid():
        try:
            waivers.record_decision(entry, by=request.user, **form.decision_fields())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except AppendOnlyError as exc:
            messages.error(request, str(exc))
            return redirect("conduct_waiver", entry.pk)
        else:
            entry.refresh_from_db()
            messages.success(request, f"Decision recorded on entry No. {entry.pk}: {entry.get_disposition_display()}.")
            return redirect("conduct_waiver", entry.pk)
    return TemplateResponse(
        request, "conduct/waivers/entry.html", _entry_context(request, entry, decision_form=form), status=400
    )


@require_POST
def form_8k(request, pk: int):
    _committee_only(request)
    entry = get_object_or_404(ExceptionRequest, pk=pk)
    form = Form8KForm(request.POST)
    if form.is_valid():
        try:
            waivers.record_form_8k(
                entry, by=request.user, filed_on=form.cleaned_data["filed_on"], accession=form.cleaned_data["accession"]
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except AppendOnlyError as exc:
            messages.error(request, str(exc))
            return redirect("conduct_waiver", entry.pk)
        else:
            messages.success(request, "Form 8-K recorded: the disclosure clock is stopped.")
            return redirect("conduct_waiver", entry.pk)
    return TemplateResponse(
        request, "conduct/waivers/entry.html", _entry_context(request, entry, form_8k_form=form), status=400
    )


@require_POST
def draft(request, pk: int):
    """ "Draft the website disclosure": creates the draft page and opens it in the editor."""
    _committee_only(request)
    entry = get_object_or_404(ExceptionRequest, pk=pk)
    try:
        page = waivers.draft_disclosure(entry, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("conduct_waiver", entry.pk)
    messages.success(
        request,
        "Website disclosure drafted from the record. Check it, then submit it to the Disclosure Policy "
        "workflow: it goes public when the sign-off approves it.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def _correction_initial(entry: ExceptionRequest) -> dict:
    return {
        "kind": entry.kind,
        "requester": entry.requester_id,
        "requester_name": entry.requester_name,
        "position": entry.position,
        "requester_title": entry.requester_title,
        "provision": entry.provision_anchor or OTHER,
        "provision_other": "" if entry.provision_anchor else entry.provision_heading,
        "requested_on": entry.requested_on,
        "description": entry.description,
        "reason": entry.reason,
        "supervisor_name": entry.supervisor_name,
        "supervisor_view": entry.supervisor_view,
        "disposition": "" if entry.disposition == Disposition.PENDING else entry.disposition,
        "decided_by": entry.decided_by,
        "decided_by_name": entry.decided_by_name,
        "decided_at": entry.decided_at,
        "resolution_reference": entry.resolution_reference,
        "decision_reason": entry.decision_reason,
        "conditions": entry.conditions,
    }


def correct(request, pk: int):
    """``/admin/conduct/waivers/<pk>/correct/``: a new entry that corrects this one (kept as it was)."""
    _committee_only(request)
    entry = get_object_or_404(ExceptionRequest, pk=pk)
    if entry.corrections.exists():
        messages.error(request, f"Entry No. {entry.pk} is already corrected: correct the entry that corrects it.")
        return redirect("conduct_waiver", entry.corrections.latest("pk").pk)
    sections = waivers.code_sections()
    if entry.provision_anchor and entry.provision_anchor not in {s.anchor for s in sections}:
        sections.append(waivers.Section(entry.provision_heading, entry.provision_anchor, entry.code_page_id))
    tz, tz_label = waivers.market_zone()
    initial = _correction_initial(entry)
    form = CorrectionForm(request.POST or None, sections=sections, initial=initial)
    decision_form = DecisionForm(request.POST or None, tz=tz, tz_label=tz_label, required=False, initial=initial)
    if request.method == "POST" and form.is_valid() and decision_form.is_valid():
        changes = form.request_fields()
        page_id = changes.pop("code_page_id")
        changes["code_page"] = Page.objects.filter(pk=page_id).first() if page_id else None
        decision = decision_form.decision_fields()
        if decision["disposition"]:
            changes.update(decision)
        elif entry.is_decided:
            decision_form.add_error("disposition", "A decided entry's correction keeps a decision.")
        if not decision_form.errors:
            try:
                correction = waivers.record_correction(
                    entry, by=request.user, note=form.cleaned_data["correction_note"], **changes
                )
            except ValidationError as exc:
                _errors_to_forms((form, decision_form), exc)
            except AppendOnlyError as exc:
                messages.error(request, str(exc))
                return redirect("conduct_waiver", entry.pk)
            else:
                messages.success(
                    request, f"Entry No. {correction.pk} corrects No. {entry.pk}, which stays on record as it was."
                )
                return redirect("conduct_waiver", correction.pk)
    return TemplateResponse(
        request,
        "conduct/waivers/correction_form.html",
        {"form": form, "decision_form": decision_form, "entry": entry, **_admin(f"Correct entry No. {entry.pk}")},
        status=400 if request.method == "POST" else 200,
    )


def archive(request, page_id: int):
    """``/admin/conduct/waivers/disclosure/<page_id>/archive/``: archive after 12 months (refused before)."""
    _committee_only(request)
    page = get_object_or_404(CodeWaiverDisclosurePage, pk=page_id)
    refusal = waivers.withdrawal_refusal(page)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect("conduct_waiver_archive", page.pk)
        if form.is_valid():
            try:
                waivers.archive_disclosure(page, by=request.user, note=form.cleaned_data["note"])
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, f"“{page.title}” archived: still readable at its address, listed as archived."
                )
            return redirect("conduct_waiver_archive", page.pk)
    tz, tz_label = waivers.market_zone()
    return TemplateResponse(
        request,
        "conduct/waivers/archive.html",
        {
            "page": page,
            "refusal": refusal,
            "form": form,
            "keep_until": page.keep_until,
            "deletion": waivers.deletion_refusal(page),
            "records": page.records.all(),
            **_admin(f"Archive “{page.title}”", icon="folder-inverse"),
        },
    )
