"""Every action the Disclosure Policy logs, registered from its one table (disclosure.actions)."""

from wagtail import hooks

from disclosure.actions import register_all


@hooks.register("register_log_actions")
def register_disclosure_log_actions(actions):
    register_all(actions)
