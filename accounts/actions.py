"""Every action the accounts app logs, in one table: code, label, message.

The table feeds Wagtail's log action registry (the ``register_log_actions`` hook in
accounts.wagtail_hooks), so a user's history says the same thing wherever it is shown. Code that
logs or looks for an action uses the constants below, never the string.
"""

from __future__ import annotations

from typing import NamedTuple

# The code is older than this app (two-factor was filed under the Disclosure Policy): log entries
# keep the code they were written with, so it stays as it was rather than rewriting the record.
TWO_FACTOR_ENROLLED_ACTION = "disclosure.2fa_enrolled"


class AccountAction(NamedTuple):
    """One logged action: its code, its label (filters, reports) and Wagtail's message for the history."""

    code: str
    label: str
    message: str


ACTIONS: tuple[AccountAction, ...] = (
    AccountAction(TWO_FACTOR_ENROLLED_ACTION, "Two-factor enrolled", "Added an authenticator app"),
)


def register_all(registry) -> None:
    """Register every action of the table with Wagtail's log action registry."""
    for action in ACTIONS:
        registry.register_action(action.code, action.label, action.message)
