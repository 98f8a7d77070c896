"""The permission matrix's register and committee cells: every role, through the admin's real URLs.

The same roles as tests/disclosure/test_permission_matrix.py (the demo-shaped ``roles`` fixture), plus
``counsel``, a second committee member, so the two-person rule can be exercised. True means the role may
take the action; False that the admin refuses it and nothing changes (register, committee, logs).

Actions:
  self_designate   Admin > Spokespersons > Add, designating yourself, effective now.
  join_committee   Admin > Users > Edit yourself, ticking the Disclosure Committee group (a forged post).
  propose_member   Admin > Committee membership: propose adding a newcomer, with a reason.
  confirm_member   Admin > Committee membership: confirm counsel's proposal to add the newcomer.
  bulk_delete      POST /admin/bulk/disclosure/spokesperson/delete/?id=<the ceo's designation>.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from disclosure import committee
from disclosure.actions import COMMITTEE_CONFIRM_ACTION, COMMITTEE_PROPOSE_ACTION
from disclosure.models import CommitteeMembershipChange, Spokesperson
from disclosure.services import DISCLOSURE_COMMITTEE, revoke
from tests.support.matrix import ROLE_USERS
from tests.support.register import add_url, admin_time, bulk_delete_url, register_form, with_counsel

pytestmark = pytest.mark.django_db

ROLES = list(ROLE_USERS)
ACTIONS = ["self_designate", "join_committee", "propose_member", "confirm_member", "bulk_delete"]
USERNAME = ROLE_USERS
ALLOWED = {("compliance", "propose_member"), ("compliance", "confirm_member")}
EXPECTED = {(role, action): (role, action) in ALLOWED for role in ROLES for action in ACTIONS}


@pytest.fixture
def people(roles):
    people = with_counsel(roles)
    revoke(people["president"].designations.get(), by=people["compliance"], reason="Left the company.")
    people["newcomer"] = get_user_model().objects.create_user("newcomer", password="pw")  # noqa: S106
    return people


def snapshot():
    return {
        "register": list(Spokesperson.objects.order_by("pk").values_list()),
        "committee": set(Group.objects.get(name=DISCLOSURE_COMMITTEE).user_set.values_list("pk", flat=True)),
        "changes": list(CommitteeMembershipChange.objects.order_by("pk").values_list()),
        "log": list(ModelLogEntry.objects.order_by("pk").values_list("pk", "action")),
    }


def prepare(action, people):
    if action == "confirm_member":
        return {"proposal": committee.propose(people["newcomer"], change="add", by=people["counsel"], reason="Join")}
    return {}


def perform(action, client, people, user, ctx):
    if action == "self_designate":
        me = user or people["cfo"]
        return client.post(add_url(), register_form(user=me.pk, title="Myself", effective_from=admin_time()))
    if action == "join_committee":
        me = user or people["cfo"]
        committee_pk = Group.objects.get(name=DISCLOSURE_COMMITTEE).pk
        groups = [*me.groups.values_list("pk", flat=True), committee_pk]
        data = {
            "username": me.username,
            "email": f"{me.username}@example.com",
            "first_name": "Me",
            "last_name": "Myself",
            "is_active": "on",
            "groups": [str(pk) for pk in groups],
        }
        if me.is_superuser:
            data["is_superuser"] = "on"
        return client.post(reverse("wagtailusers_users:edit", args=(me.pk,)), data)
    if action == "propose_member":
        data = {"person": people["newcomer"].pk, "change": "add", "reason": "Matrix: joins the committee"}
        return client.post(reverse("disclosure_committee"), data)
    if action == "confirm_member":
        return client.post(reverse("disclosure_committee_confirm", args=(ctx["proposal"].pk,)))
    if action == "bulk_delete":
        return client.post(bulk_delete_url(people["ceo"].designations.get()))
    raise AssertionError(action)


def done(action, people, user, ctx):
    if action == "propose_member":
        proposal = CommitteeMembershipChange.objects.get(person=people["newcomer"])
        assert (proposal.status, proposal.proposed_by_id) == (CommitteeMembershipChange.PENDING, user.pk)
        assert not people["newcomer"].groups.filter(name=DISCLOSURE_COMMITTEE).exists()
        assert ModelLogEntry.objects.filter(action=COMMITTEE_PROPOSE_ACTION, user=user).exists()
    elif action == "confirm_member":
        proposal = CommitteeMembershipChange.objects.get(pk=ctx["proposal"].pk)
        assert (proposal.status, proposal.decided_by_id) == (CommitteeMembershipChange.CONFIRMED, user.pk)
        assert people["newcomer"].groups.filter(name=DISCLOSURE_COMMITTEE).exists()
        assert ModelLogEntry.objects.filter(action=COMMITTEE_CONFIRM_ACTION, user=user).exists()
    else:
        raise AssertionError(f"{action} is never allowed")


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_register_permission_matrix(client, people, role, action):
    """Allowed cells do what they say; refused cells change nothing in the register, the committee or the logs."""
    ctx = prepare(action, people)
    user = people[USERNAME[role]] if USERNAME[role] else None
    if user is not None:
        client.force_login(user)
    before = snapshot()
    response = perform(action, client, people, user, ctx)
    assert response.status_code < 500
    if EXPECTED[(role, action)]:
        assert response.status_code == 302
        done(action, people, user, ctx)
    else:
        assert snapshot() == before, f"{role} {action}: refused, but something changed"
