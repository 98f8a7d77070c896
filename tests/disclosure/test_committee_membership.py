"""Who sits on the Disclosure Committee: one member proposes, a second confirms; no other way in or out."""

from __future__ import annotations

from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

import pytest

from disclosure import committee
from disclosure.audit import audit_entries
from disclosure.models import CommitteeMembershipChange
from disclosure.services import DISCLOSURE_COMMITTEE, is_compliance
from tests.support.register import with_counsel

pytestmark = pytest.mark.django_db

SCREEN = "disclosure_committee"


@pytest.fixture
def people(roles):
    return with_counsel(roles)


def _members() -> set[str]:
    return set(Group.objects.get(name=DISCLOSURE_COMMITTEE).user_set.values_list("username", flat=True))


def _user_form(user, **overrides) -> dict:
    """Admin → Users → Edit as posted for `user`, keeping their groups."""
    data = {
        "username": user.username,
        "email": user.email or f"{user.username}@example.com",
        "first_name": user.first_name or user.username.title(),
        "last_name": user.last_name or "Person",
        "password1": "",
        "password2": "",
        "is_active": "on",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
    }
    if user.is_superuser:
        data["is_superuser"] = "on"
    data.update(overrides)
    return data


# -- a superuser cannot join -------------------------------------------------------------------------


def test_a_superuser_cannot_add_themselves_through_admin_users(client, people):
    """The committee is not offered in the user form, and a forged post changes nothing."""
    superuser = people["superuser"]
    committee_pk = str(Group.objects.get(name=DISCLOSURE_COMMITTEE).pk)
    client.force_login(superuser)
    url = reverse("wagtailusers_users:edit", args=(superuser.pk,))
    form = client.get(url).context["form"]
    assert DISCLOSURE_COMMITTEE not in {group.name for group in form.fields["groups"].queryset}
    response = client.post(url, _user_form(superuser, groups=[committee_pk]))
    assert response.status_code < 500
    assert "superuser" not in _members()
    other = people["cfo"]
    client.post(reverse("wagtailusers_users:edit", args=(other.pk,)), _user_form(other, groups=[committee_pk]))
    assert "cfo" not in _members()


def test_editing_a_member_in_admin_users_keeps_their_membership(client, people):
    """Saving a committee member's user form (the committee is not among its checkboxes) leaves them a member."""
    client.force_login(people["superuser"])
    member = people["counsel"]
    groups = [str(pk) for pk in member.groups.exclude(name=DISCLOSURE_COMMITTEE).values_list("pk", flat=True)]
    response = client.post(reverse("wagtailusers_users:edit", args=(member.pk,)), _user_form(member, groups=groups))
    assert response.status_code == 302
    assert "counsel" in _members()


def test_the_assign_role_bulk_action_does_not_add_to_the_committee(client, people):
    """Admin → Users → Assign role "Disclosure Committee": refused, nobody added, no 500."""
    client.force_login(people["superuser"])
    url = reverse("wagtail_bulk_action", args=("auth", "user", "assign_role")) + f"?id={people['superuser'].pk}"
    response = client.post(url, {"role": Group.objects.get(name=DISCLOSURE_COMMITTEE).pk})
    assert response.status_code < 500
    assert "superuser" not in _members()


def test_code_cannot_change_the_committee_group_outside_the_two_person_rule(people):
    """user.groups.add/remove/clear and group.user_set.add are refused for the committee group."""
    group = Group.objects.get(name=DISCLOSURE_COMMITTEE)
    for change in (
        lambda: people["cfo"].groups.add(group),
        lambda: group.user_set.add(people["cfo"]),
        lambda: people["counsel"].groups.remove(group),
        lambda: people["counsel"].groups.clear(),
        lambda: group.user_set.clear(),
    ):
        with pytest.raises(PermissionDenied), transaction.atomic():
            change()
    assert _members() == {"compliance", "counsel"}


def test_a_superuser_is_not_proposed(people):
    """A superuser holds no Disclosure Policy power, so is not proposed for the committee."""
    with pytest.raises(ValidationError, match="superuser"):
        committee.propose(people["superuser"], change="add", by=people["compliance"], reason="Help out")


def test_the_committee_screen_is_for_members_only(client, people):
    """A superuser and an executive are refused the screen and cannot propose."""
    for outsider in (people["superuser"], people["ceo"]):
        client.force_login(outsider)
        assert client.get(reverse(SCREEN)).status_code in (302, 403)
        client.post(reverse(SCREEN), {"person": outsider.pk, "change": "add", "reason": "Me"})
    assert not CommitteeMembershipChange.objects.filter(bootstrap=False).exists()
    with pytest.raises(PermissionDenied):
        committee.propose(people["cfo"], change="add", by=people["superuser"], reason="x")


def test_the_committee_group_cannot_be_renamed_or_deleted(client, people):
    """Admin → Groups: renaming the committee, taking its name, or deleting it is refused with no 500."""
    client.force_login(people["superuser"])
    group = Group.objects.get(name=DISCLOSURE_COMMITTEE)
    other = Group.objects.get(name="Executives")
    for target, name in ((group, "Old committee"), (other, DISCLOSURE_COMMITTEE)):
        response = client.post(reverse("wagtailusers_groups:edit", args=(target.pk,)), {"name": name})
        assert response.status_code < 500
    response = client.post(reverse("wagtailusers_groups:delete", args=(group.pk,)))
    assert response.status_code < 500
    assert Group.objects.get(pk=group.pk).name == DISCLOSURE_COMMITTEE
    assert Group.objects.get(pk=other.pk).name == "Executives"
    assert _members() == {"compliance", "counsel"}


def test_a_committee_member_or_spokesperson_account_is_not_deleted(client, people):
    """Admin → Users → Delete of a member or of a designated person: refused with a message, no 500."""
    client.force_login(people["superuser"])
    for username in ("counsel", "ceo"):
        user = people[username]
        response = client.post(reverse("wagtailusers_users:delete", args=(user.pk,)))
        assert response.status_code < 500
        assert get_user_model().objects.filter(pk=user.pk).exists()
    url = reverse("wagtail_bulk_action", args=("auth", "user", "delete")) + f"?id={people['counsel'].pk}"
    assert client.post(url).status_code < 500
    assert "counsel" in _members()


# -- the two-person rule -----------------------------------------------------------------------------


def test_adding_a_member_needs_a_second_member(client, people):
    """Compliance proposes the cfo; compliance cannot confirm; counsel confirms; the trail shows both steps."""
    client.force_login(people["compliance"])
    response = client.post(reverse(SCREEN), {"person": people["cfo"].pk, "change": "add", "reason": "New CFO"})
    assert response.status_code == 302
    proposal = CommitteeMembershipChange.objects.get(person=people["cfo"])
    assert "cfo" not in _members() and not is_compliance(people["cfo"])

    client.post(reverse("disclosure_committee_confirm", args=(proposal.pk,)))
    assert "cfo" not in _members()

    client.force_login(people["counsel"])
    response = client.post(reverse("disclosure_committee_confirm", args=(proposal.pk,)))
    assert response.status_code == 302
    assert "cfo" in _members() and is_compliance(people["cfo"])

    rows = list(audit_entries(user=people["cfo"]))
    assert [(row.action_label, row.username) for row in rows] == [
        ("Committee change proposed", "compliance"),
        ("Committee change confirmed", "counsel"),
    ]
    assert all(row.reason == "New CFO" and "cfo" in row.detail for row in rows)


def test_removing_a_member_needs_a_second_member_other_than_them(people):
    """Nobody confirms their own proposal or their own removal; a third member can."""
    committee.propose(people["cfo"], change="add", by=people["compliance"], reason="New CFO")
    committee.confirm(committee.pending().get(), by=people["counsel"])
    removal = committee.propose(people["counsel"], change="remove", by=people["compliance"], reason="Left")
    with pytest.raises(PermissionDenied):
        committee.confirm(removal, by=people["compliance"])
    with pytest.raises(PermissionDenied):
        committee.confirm(removal, by=people["counsel"])
    assert "counsel" in _members()
    committee.confirm(removal, by=people["cfo"])
    assert _members() == {"compliance", "cfo"}
    assert [row.action for row in audit_entries(user=people["counsel"]) if row.detail.startswith("remove")] == [
        "disclosure.committee_propose",
        "disclosure.committee_confirm",
    ]


def test_a_withdrawn_proposal_changes_nothing(people):
    """Withdrawing leaves the committee as it was, and is logged."""
    proposal = committee.propose(people["cfo"], change="add", by=people["compliance"], reason="Maybe")
    committee.withdraw(proposal, by=people["counsel"])
    with pytest.raises(ValidationError):
        committee.confirm(proposal, by=people["counsel"])
    assert "cfo" not in _members()
    assert "disclosure.committee_withdraw" in {row.action for row in audit_entries(user=people["cfo"])}


# -- bootstrap ---------------------------------------------------------------------------------------


def test_bootstrap_command_seeds_a_small_committee_only(people):
    """The command is refused once the committee has two members; each bootstrap is logged with its reason."""
    with pytest.raises(CommandError, match="two members"):
        call_command("bootstrap_committee", "cfo", reason="Shortcut", stdout=StringIO())
    assert "cfo" not in _members()
    rows = list(audit_entries(actions=["disclosure.committee_bootstrap"]))
    assert {row.detail.split(": ")[1] for row in rows} == {"compliance", "counsel"}
    assert all(row.reason for row in rows)


def test_bootstrap_command_on_a_fresh_install(db):
    """An empty committee is seeded from the shell; a bootstrap needs a reason."""
    User = get_user_model()
    User.objects.create_user("first", password="pw")  # noqa: S106
    with pytest.raises(CommandError):
        call_command("bootstrap_committee", "first", reason=" ", stdout=StringIO())
    call_command("bootstrap_committee", "first", reason="Fresh install", stdout=StringIO())
    assert _members() == {"first"}
    (row,) = audit_entries(actions=["disclosure.committee_bootstrap"])
    assert (row.reason, row.username) == ("Fresh install", "")


# -- group changes of a spokesperson -----------------------------------------------------------------


def test_a_spokespersons_group_change_is_in_the_trail(client, people):
    """A superuser adding the ceo to the PR team through Admin → Users is a disclosure record: who, whom, when."""
    client.force_login(people["superuser"])
    ceo = people["ceo"]
    groups = [*_user_form(ceo)["groups"], str(Group.objects.get(name="PR team").pk)]
    response = client.post(reverse("wagtailusers_users:edit", args=(ceo.pk,)), _user_form(ceo, groups=groups))
    assert response.status_code == 302
    (row,) = audit_entries(actions=["disclosure.group_membership"])
    assert row.username == "superuser"
    assert row.detail == "ceo added to group PR team"
