"""The one table of the Disclosure Policy's log actions feeds Wagtail's registry and the audit trail."""

from types import SimpleNamespace

from wagtail.log_actions import registry

from disclosure.actions import ACTIONS, WITHDRAW_ACTION, formatter_class
from disclosure.audit import ACTION_LABELS, action_label


def test_codes_are_unique():
    """No action code is in the table twice (one action, one label)."""
    codes = [action.code for action in ACTIONS]
    assert len(codes) == len(set(codes))


def test_every_action_is_registered_with_wagtail_under_its_table_label():
    """Wagtail's history and the audit trail say the same thing for every action of the table."""
    registry.scan_for_actions()  # get_action_label does not scan the hooks itself
    for action in ACTIONS:
        assert str(registry.get_action_label(action.code)) == action.label
        assert action_label(action.code) == action.label


def test_the_audit_filter_lists_the_actions_it_listed_before():
    """Actions marked in_filter are offered in the audit trail's filter; the others only once logged."""
    for action in ACTIONS:
        assert (action.code in ACTION_LABELS) is action.in_filter


def test_a_callable_comment_is_called_with_the_entry():
    """A withdrawal shows its written reason as the entry's comment."""
    (withdraw,) = [action for action in ACTIONS if action.code == WITHDRAW_ACTION]
    formatter = formatter_class(withdraw)()
    entry = SimpleNamespace(data={"reason": "Figures restated."})
    assert formatter.format_comment(entry) == "Figures restated."
    assert formatter.format_message(entry) == withdraw.message
    assert formatter.format_comment(SimpleNamespace(data=None)) == ""
