"""Who needs a second factor is decided by superuser status and the ``requires_second_factor`` hooks, nothing else."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from wagtail import hooks
from wagtail.log_actions import registry

import pytest

from accounts.actions import ACTIONS, TWO_FACTOR_ENROLLED_ACTION
from accounts.two_factor import REQUIRES_SECOND_FACTOR_HOOK, needs_second_factor
from disclosure.audit import ACTION_LABELS, action_label
from tests.support.privacy import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required(settings):
    settings.IR_REQUIRE_2FA = True


@pytest.fixture
def editor():
    """An admin user who is neither a superuser nor anyone the Disclosure Policy's hook names."""
    user = get_user_model().objects.create_user("editor", password="pw")  # noqa: S106 - the login helper's password
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_no_hook_saying_yes_means_no_second_factor(client, editor):
    """A password is enough for an admin user no hook names (and the admin opens for them)."""
    assert needs_second_factor(editor) is False
    login(client, "editor")
    assert client.get("/admin/").status_code == 200


def test_a_hook_saying_yes_makes_the_user_need_one(client, editor):
    """A registered hook naming the user sends them to enrolment; a user it does not name is left alone."""
    other = get_user_model().objects.create_user("other", password="pw")  # noqa: S106

    def names_editor(user) -> bool:
        return user.username == "editor"

    with hooks.register_temporarily(REQUIRES_SECOND_FACTOR_HOOK, names_editor):
        assert needs_second_factor(editor) is True
        assert needs_second_factor(other) is False
        login(client, "editor")
        response = client.get("/admin/")
        assert response.status_code == 302 and response.url.startswith("/admin/2fa/setup/?next=/admin/")
    assert needs_second_factor(editor) is False


def test_superusers_need_one_whatever_the_hooks_say(editor):
    root = get_user_model().objects.create_superuser("root", password="pw")  # noqa: S106
    with hooks.register_temporarily(REQUIRES_SECOND_FACTOR_HOOK, lambda user: False):
        assert needs_second_factor(root) is True


def test_the_setting_turns_it_off_even_when_a_hook_says_yes(settings, editor):
    settings.IR_REQUIRE_2FA = False
    with hooks.register_temporarily(REQUIRES_SECOND_FACTOR_HOOK, lambda user: True):
        assert needs_second_factor(editor) is False


def test_enrolment_reads_the_same_in_wagtail_and_the_audit_trail():
    """The accounts table registers its actions with Wagtail; the audit trail's filter still does not offer them."""
    registry.scan_for_actions()  # get_action_label does not scan the hooks itself
    for action in ACTIONS:
        assert str(registry.get_action_label(action.code)) == action.label
        assert action_label(action.code) == action.label
    assert str(registry.get_action_label(TWO_FACTOR_ENROLLED_ACTION)) == "Two-factor enrolled"
    assert TWO_FACTOR_ENROLLED_ACTION not in ACTION_LABELS
