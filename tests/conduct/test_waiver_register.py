"""The register of exceptions to the Code: who decides, append-only, corrections, the audit log (conduct.waivers)."""

import datetime as dt

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

import pytest

from conduct import waivers
from conduct.models import AppendOnlyError, DecidedBy, Disposition, ExceptionRequest
from tests.support.conduct_waivers import (
    BOARD_MEETING,
    board_decision,
    cfo_decision,
    code_page,
    employee_request,
    granted_officer_waiver,
    officer_request,
)

pytestmark = pytest.mark.django_db


def actions_of(entry) -> list[str]:
    return list(ModelLogEntry.objects.for_instance(entry).order_by("pk").values_list("action", flat=True))


def test_only_the_committee_records(roles):
    """A drafter, an executive or a superuser cannot write to the register."""
    for who in ("drafter", "ceo"):
        with pytest.raises(PermissionDenied):
            employee_request(roles[who])
    roles["compliance"].is_superuser = True
    with pytest.raises(PermissionDenied):
        employee_request(roles["compliance"])


def test_an_employee_request_decided_by_the_cfo_is_logged(roles):
    """The request and the CFO's decision are each an audit entry; an employee's exception has no disclosure clock."""
    entry = employee_request(roles["compliance"])
    entry = waivers.record_decision(entry, by=roles["compliance"], now=BOARD_MEETING, **cfo_decision())
    assert entry.disposition == Disposition.GRANTED_WITH_CONDITIONS
    assert actions_of(entry) == [waivers.RECORDED_ACTION, waivers.DECIDED_ACTION]
    decided = ModelLogEntry.objects.get(action=waivers.DECIDED_ACTION)
    assert decided.data["decided_by_name"] == "Bonnie Brown"
    assert decided.user == roles["compliance"]
    assert not waivers.clock(entry).applies
    assert waivers.clock(entry).label == "No disclosure required"


def test_the_board_decides_for_officers_and_directors(roles):
    """A waiver for an executive officer decided by the CFO is refused; the board's needs its resolution."""
    entry = officer_request(roles["compliance"])
    with pytest.raises(ValidationError) as refused:
        waivers.record_decision(entry, by=roles["compliance"], now=BOARD_MEETING, **cfo_decision(disposition="granted"))
    assert "only by the Board" in str(refused.value)
    with pytest.raises(ValidationError, match="resolution"):
        waivers.record_decision(
            entry, by=roles["compliance"], now=BOARD_MEETING, **board_decision(resolution_reference="")
        )
    assert not ExceptionRequest.objects.get(pk=entry.pk).is_decided


def test_an_employee_exception_is_not_decided_by_the_board(roles):
    """The Code has the CFO or CAO approve employees' exceptions."""
    entry = employee_request(roles["compliance"])
    with pytest.raises(ValidationError, match="Chief Financial or Accounting Officer"):
        waivers.record_decision(entry, by=roles["compliance"], now=BOARD_MEETING, **board_decision())


def test_a_decision_cannot_be_dated_ahead(roles):
    entry = employee_request(roles["compliance"])
    with pytest.raises(ValidationError, match="future"):
        waivers.record_decision(
            entry, by=roles["compliance"], now=BOARD_MEETING, **cfo_decision(BOARD_MEETING + dt.timedelta(days=1))
        )


def test_a_decided_entry_is_not_edited_or_re_decided(roles):
    """Once decided, the record stays as it is, whatever the caller: the model refuses, with what to do instead."""
    entry = granted_officer_waiver(roles["compliance"])
    entry.decision_reason = "Something else"
    with pytest.raises(AppendOnlyError, match="record a correction"):
        entry.save()
    fresh = ExceptionRequest.objects.get(pk=entry.pk)
    fresh.disposition = Disposition.REFUSED
    with pytest.raises(AppendOnlyError):
        fresh.save(update_fields=["disposition"])
    with pytest.raises(AppendOnlyError, match="already decided"):
        waivers.record_decision(fresh, by=roles["compliance"], now=BOARD_MEETING, **board_decision())


def test_the_request_is_not_edited_before_its_decision_either(roles):
    entry = employee_request(roles["compliance"])
    entry.reason = "A better reason"
    with pytest.raises(AppendOnlyError, match="on record as it was made"):
        entry.save()


def test_nothing_is_deleted(roles):
    """No delete permission exists; a delete, one by one or by queryset, is refused."""
    entry = employee_request(roles["compliance"])
    assert not Permission.objects.filter(codename="delete_exceptionrequest").exists()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        ExceptionRequest.objects.all().delete()
    assert ExceptionRequest.objects.filter(pk=entry.pk).exists()


def test_a_correction_is_a_new_entry_pointing_at_the_old_one(roles):
    """The old entry stays exactly as it was; the register as it stands shows the correction; both are logged."""
    entry = granted_officer_waiver(roles["compliance"])
    correction = waivers.record_correction(
        entry,
        by=roles["compliance"],
        note="The board's reasons were copied from the wrong minute.",
        now=BOARD_MEETING + dt.timedelta(hours=2),
        decision_reason="The association is a standards body; he recuses himself from supplier matters.",
    )
    old = ExceptionRequest.objects.get(pk=entry.pk)
    assert old.decision_reason.startswith("The role serves")
    assert correction.corrects == old
    assert correction.disposition == Disposition.GRANTED and correction.decided_at == entry.decided_at
    assert list(waivers.current_entries()) == [correction]
    logged = ModelLogEntry.objects.get(action=waivers.CORRECTED_ACTION)
    assert logged.data["corrects"] == entry.pk and logged.data["changed"] == ["decision_reason"]
    with pytest.raises(AppendOnlyError, match="already corrected"):
        waivers.record_correction(entry, by=roles["compliance"], note="again", requester_name="X")


def test_a_correction_needs_its_reason_and_keeps_the_rules(roles):
    entry = granted_officer_waiver(roles["compliance"])
    with pytest.raises(ValidationError, match="why"):
        waivers.record_correction(entry, by=roles["compliance"], note="  ")
    with pytest.raises(ValidationError, match="only by the Board"):
        waivers.record_correction(entry, by=roles["compliance"], note="Decided by the CFO", decided_by=DecidedBy.CFO)


def test_the_code_sections_come_from_the_code_page(home, roles):
    """The provisions offered are the Code page's headings, with their anchors on the page."""
    page = code_page(home)
    sections = waivers.code_sections(page)
    headings = [section.heading for section in sections]
    assert "WAIVERS OF THIS CODE OF BUSINESS CONDUCT AND ETHICS" in headings
    waiver_section = next(s for s in sections if s.heading.startswith("WAIVERS"))
    assert waiver_section.anchor == "waivers-of-this-code-of-business-conduct-and-ethics"
    assert "CERTIFICATION" not in headings


def test_every_action_has_a_label():
    """The register's actions read in words in the history and the audit trail."""
    for code, label, _message in waivers.WAIVER_ACTIONS:
        assert code.startswith("conduct.")
        assert registry.get_action_label(code) == label
