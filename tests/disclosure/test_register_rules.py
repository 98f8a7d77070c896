"""The register keeps its word: separation of duties, honest dates, nothing deleted, superusers hold no power."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

import pytest
import time_machine

from disclosure.audit import audit_entries
from disclosure.committee import _committee_change, committee_group
from disclosure.models import Spokesperson, is_active_spokesperson
from disclosure.services import designate, is_compliance, revoke
from tests.support.register import add_url, bulk_delete_url, edit_url, register_form, with_counsel

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(roles):
    return with_counsel(roles)


def _register():
    return list(Spokesperson.objects.order_by("pk").values_list())


def _post_as(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


# -- separation of duties ---------------------------------------------------------------------------


def test_nobody_designates_themselves_in_the_service(people):
    """A committee member cannot designate themselves; another member can."""
    with pytest.raises(ValidationError, match="themselves"):
        designate(people["compliance"], title="CFO", by=people["compliance"])
    assert not is_active_spokesperson(people["compliance"])
    designate(people["compliance"], title="CFO", by=people["counsel"])
    assert is_active_spokesperson(people["compliance"])


def test_nobody_designates_themselves_in_the_admin(client, people):
    """The admin's Add form refuses a self-designation with a clear error and saves nothing."""
    before, logged = _register(), ModelLogEntry.objects.filter(action="disclosure.designate").count()
    data = register_form(user=people["compliance"].pk, title="CFO", effective_from=_now_in_admin())
    response = _post_as(client, people["compliance"], add_url(), data)
    assert response.status_code == 200
    assert "themselves" in str(response.context["form"].errors["user"])
    assert _register() == before
    assert ModelLogEntry.objects.filter(action="disclosure.designate").count() == logged


def test_nobody_revokes_themselves(client, people):
    """A spokesperson on the committee cannot end their own designation (service or admin); another member can."""
    designation = designate(people["counsel"], title="General Counsel", by=people["compliance"])
    with pytest.raises(ValidationError, match="themselves"):
        revoke(designation, by=people["counsel"], reason="Stepping aside")
    data = register_form(designation, effective_until=_now_in_admin(), revocation_reason="Stepping aside")
    response = _post_as(client, people["counsel"], edit_url(designation), data)
    assert response.status_code == 200
    assert is_active_spokesperson(people["counsel"])
    assert not ModelLogEntry.objects.filter(action="disclosure.revoke").exists()
    revoke(designation, by=people["compliance"], reason="Stepping aside")
    assert not is_active_spokesperson(people["counsel"])


# -- superusers hold no Disclosure Policy power -----------------------------------------------------


def test_a_superuser_in_the_committee_group_has_no_committee_power(client, people):
    """A committee member made superuser loses the audit trail, the register and the review step."""
    counsel = people["counsel"]
    counsel.is_superuser = True
    counsel.save()
    assert counsel.groups.filter(pk=committee_group().pk).exists()
    assert not is_compliance(counsel)
    client.force_login(counsel)
    for url in (reverse("disclosure_audit"), reverse("disclosure_audit") + "?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "text/csv" not in response.get("Content-Type", "")
    before = _register()
    client.post(add_url(), register_form(user=people["cfo"].pk, title="CFO", effective_from=_now_in_admin()))
    assert _register() == before
    with pytest.raises(PermissionDenied):
        designate(people["cfo"], title="CFO", by=counsel)


def test_a_designated_superuser_is_no_spokesperson(people):
    """A spokesperson made superuser cannot sign off; a superuser cannot be designated."""
    ceo = people["ceo"]
    ceo.is_superuser = True
    ceo.save()
    assert Spokesperson.objects.active().filter(user=ceo).exists()
    assert not is_active_spokesperson(ceo)
    with pytest.raises(ValidationError, match="superuser"):
        designate(people["superuser"], title="Root", by=people["compliance"])


def test_the_review_step_refuses_a_superuser_in_the_committee_group(people):
    """DisclosureReviewTask asks the same rule: a superuser in the group is not a reviewer."""
    from disclosure.models import DisclosureReviewTask

    task = DisclosureReviewTask.objects.get(name="Disclosure review")
    assert task._user_in_groups(people["counsel"])
    with _committee_change():
        committee_group().user_set.add(people["superuser"])
    assert not DisclosureReviewTask.objects.get(pk=task.pk)._user_in_groups(people["superuser"])


# -- dates --------------------------------------------------------------------------------------------


def _now_in_admin() -> str:
    return timezone.localtime().strftime("%Y-%m-%d %H:%M")


def test_a_backdated_designation_needs_to_say_it_is_historical(client, people):
    """2001 without a reason is refused; with one it is recorded and logged as a historical designation."""
    in_2001 = "2001-03-01 09:00"
    before = _register()
    data = register_form(user=people["cfo"].pk, title="CFO", effective_from=in_2001)
    response = _post_as(client, people["compliance"], add_url(), data)
    assert response.status_code == 200
    assert "historical" in str(response.context["form"].errors["effective_from"])
    assert _register() == before

    data["historical_reason"] = "Board minutes of 1 March 2001, entered from the paper register."
    response = client.post(add_url(), data)
    assert response.status_code == 302
    designation = Spokesperson.objects.get(user=people["cfo"])
    assert designation.effective_from.year == 2001
    assert designation.designated_at > timezone.now() - dt.timedelta(minutes=1)
    assert designation.historical_reason.startswith("Board minutes")
    (row,) = [r for r in audit_entries(actions=["disclosure.designate"]) if "cfo" in r.detail]
    assert row.action_label == "Historical designation (entered later)"
    assert row.reason.startswith("Board minutes")

    with pytest.raises(ValidationError, match="historical"):
        designate(
            people["drafter"],
            title="PR",
            by=people["compliance"],
            effective_from=dt.datetime(2001, 1, 1, tzinfo=dt.UTC),
        )


def test_a_revocation_cannot_be_dated_in_the_past(client, people):
    """An end a day ago is refused (admin and service): the person stays active and nothing is logged."""
    designation = people["ceo"].designations.get()
    yesterday = timezone.localtime() - dt.timedelta(days=1)
    data = register_form(designation, effective_until=yesterday.strftime("%Y-%m-%d %H:%M"), revocation_reason="x")
    response = _post_as(client, people["compliance"], edit_url(designation), data)
    assert response.status_code == 200
    assert "effective_until" in response.context["form"].errors
    with pytest.raises(ValidationError):
        revoke(designation, by=people["compliance"], reason="x", effective_at=timezone.now() - dt.timedelta(days=1))
    assert is_active_spokesperson(people["ceo"])
    assert not ModelLogEntry.objects.filter(action="disclosure.revoke").exists()


def test_a_revocation_cannot_precede_the_designation(client, people):
    """A designation starting next week cannot be ended tomorrow."""
    start = timezone.now() + dt.timedelta(days=7)
    designation = designate(people["cfo"], title="CFO", by=people["compliance"], effective_from=start)
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    data = register_form(designation, effective_until=tomorrow.strftime("%Y-%m-%d %H:%M"), revocation_reason="x")
    response = _post_as(client, people["compliance"], edit_url(designation), data)
    assert response.status_code == 200
    assert "before it began" in str(response.context["form"].errors["effective_until"])
    with pytest.raises(ValidationError, match="before it began"):
        revoke(designation, by=people["compliance"], reason="x", effective_at=timezone.now() + dt.timedelta(days=1))
    assert Spokesperson.objects.get(pk=designation.pk).effective_until is None


def test_a_revocation_dated_ahead_takes_effect_then(client, people):
    """30 days ahead: active until then, not after; the trail says when it takes effect."""
    designation = people["ceo"].designations.get()
    ahead = timezone.localtime() + dt.timedelta(days=30)
    data = register_form(designation, effective_until=ahead.strftime("%Y-%m-%d %H:%M"), revocation_reason="Retiring")
    response = _post_as(client, people["compliance"], edit_url(designation), data)
    assert response.status_code == 302
    designation.refresh_from_db()
    assert designation.revoked_by == people["compliance"]
    assert designation.revoked_at is not None
    assert is_active_spokesperson(people["ceo"])
    (row,) = audit_entries(actions=["disclosure.revoke"])
    assert f"effective until {designation.effective_until.astimezone(dt.UTC).isoformat()}" in row.detail
    with time_machine.travel(ahead + dt.timedelta(minutes=1), tick=False):
        assert not is_active_spokesperson(people["ceo"])
        assert not Spokesperson.objects.active().filter(user=people["ceo"]).exists()


def test_the_service_revokes_at_a_future_time(people):
    """revoke(effective_at=...) ends the designation then; a later revocation can only bring it forward."""
    designation = people["ceo"].designations.get()
    ahead = timezone.now() + dt.timedelta(days=30)
    revoke(designation, by=people["compliance"], reason="Retiring", effective_at=ahead)
    assert is_active_spokesperson(people["ceo"])
    with pytest.raises(ValidationError):
        revoke(designation, by=people["compliance"], reason="Later", effective_at=ahead + dt.timedelta(days=1))
    revoke(designation, by=people["compliance"], reason="Left early")
    assert not is_active_spokesperson(people["ceo"])


def test_compliance_revokes_the_demos_own_designation_in_the_admin(client):
    """The demo's rows hold seconds, the form minutes: setting an end date and a reason saves."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    users = {user.username: user for user in get_user_model().objects.all()}
    designation = Spokesperson.objects.get(user=users["ceo"])
    client.force_login(users["compliance"])
    form = client.get(edit_url(designation)).context["form"]
    shown = form["effective_from"].as_widget()
    assert timezone.localtime(designation.effective_from).strftime("%Y-%m-%d %H:%M") in shown
    data = register_form(designation, effective_until=_now_in_admin(), revocation_reason="Demo: left the company")
    response = client.post(edit_url(designation), data)
    assert response.status_code == 302, response.context["form"].errors
    designation.refresh_from_db()
    assert designation.revoked_by == users["compliance"]
    assert not is_active_spokesperson(users["ceo"])


# -- nothing deletes a designation ---------------------------------------------------------------------


def test_no_code_deletes_a_designation(people):
    """Model delete and queryset delete are refused."""
    designation = people["ceo"].designations.get()
    with pytest.raises(PermissionDenied), transaction.atomic():
        designation.delete()
    with pytest.raises(PermissionDenied), transaction.atomic():
        Spokesperson.objects.filter(pk=designation.pk).delete()
    assert Spokesperson.objects.filter(pk=designation.pk).exists()


@pytest.mark.parametrize("who", ["superuser", "compliance"])
def test_the_bulk_delete_url_deletes_nothing(client, people, who):
    """GET and POST /admin/bulk/disclosure/spokesperson/delete/?id=N: refused, row stays, no 500, nothing logged."""
    designation = people["ceo"].designations.get()
    before, log_count = _register(), ModelLogEntry.objects.count()
    client.force_login(people[who])
    for method in (client.get, client.post):
        response = method(bulk_delete_url(designation))
        # A superuser is sent back with an error; compliance (no delete permission) is shown "nothing to delete".
        assert response.status_code in (200, 302, 403)
    assert _register() == before
    assert ModelLogEntry.objects.count() == log_count
    assert is_active_spokesperson(people["ceo"])


# -- the lead's hook: a revocation voids the person's standing sign-offs -----------------------------


def test_a_revocation_calls_the_sign_off_voiding_hook(client, people, monkeypatch):
    """Service and admin revocations call disclosure.signoff_voiding.void_signoffs_of once, by the revoker."""
    calls = []
    monkeypatch.setattr(
        "disclosure.services.void_signoffs_of", lambda designation, *, by: calls.append((designation.pk, by.pk))
    )
    ceo, president = people["ceo"].designations.get(), people["president"].designations.get()
    revoke(president, by=people["compliance"], reason="Left")
    data = register_form(ceo, effective_until=_now_in_admin(), revocation_reason="Left")
    assert _post_as(client, people["counsel"], edit_url(ceo), data).status_code == 302
    assert calls == [(president.pk, people["compliance"].pk), (ceo.pk, people["counsel"].pk)]
