import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

import pytest

from disclosure.committee import bootstrap
from disclosure.services import DISCLOSURE_COMMITTEE, designate, ensure_disclosure_policy

# The fixture's spokespersons are the company's standing designations: in force since long before
# any moment a test's clock travels to (a designation made "now", at the real time the suite runs,
# would not yet be in force at a frozen moment earlier than that, and those tests would fail by date).
DESIGNATED_SINCE = dt.datetime(2000, 1, 1, 14, tzinfo=dt.UTC)


def _user(username, *groups):
    user = get_user_model().objects.create_user(username, password="pw", first_name=username.title())  # noqa: S106
    for group in groups:
        user.groups.add(group)
    return user


@pytest.fixture
def roles(newsroom):
    """Demo-shaped roles: drafter (PR team), compliance, two spokespersons, a plain executive."""
    access = Permission.objects.get(codename="access_admin")
    pr_team = Group.objects.create(name="PR team")
    executives = Group.objects.create(name="Executives")
    committee, _ = Group.objects.get_or_create(name=DISCLOSURE_COMMITTEE)
    for group, perms in [
        (pr_team, ["add", "change"]),
        (executives, ["add", "change", "publish"]),
        (committee, ["change"]),
    ]:
        group.permissions.add(access)
        for perm in perms:
            GroupPagePermission.objects.create(group=group, page=newsroom, permission_type=perm)
    users = {
        "drafter": _user("drafter", pr_team),
        "compliance": _user("compliance"),
        "president": _user("president", executives),
        "ceo": _user("ceo", executives),
        "cfo": _user("cfo", executives),
    }
    bootstrap([users["compliance"]], reason="Test fixture: the company's compliance officer.")
    for who, title in (("president", "President and Chief Operating Officer"), ("ceo", "Chief Executive Officer")):
        designate(
            users[who],
            title=title,
            by=users["compliance"],
            effective_from=DESIGNATED_SINCE,
            historical_reason="Test fixture: a standing designation made before the register existed.",
        )
    ensure_disclosure_policy(newsroom)
    return users
