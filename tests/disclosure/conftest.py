from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

import pytest

from disclosure.services import DISCLOSURE_COMMITTEE, designate, ensure_disclosure_policy


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
        "compliance": _user("compliance", committee),
        "president": _user("president", executives),
        "ceo": _user("ceo", executives),
        "cfo": _user("cfo", executives),
    }
    designate(users["president"], title="President and Chief Operating Officer", by=users["compliance"])
    designate(users["ceo"], title="Chief Executive Officer", by=users["compliance"])
    ensure_disclosure_policy(newsroom)
    return users
