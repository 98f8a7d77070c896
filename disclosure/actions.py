"""Every action the Disclosure Policy logs, in one table: code, label, message.

The table feeds both Wagtail's log action registry (page history, reports; the
``register_log_actions`` hook in disclosure.wagtail_hooks.log_actions) and the audit trail's
labels (disclosure.audit.ACTION_LABELS), so an action reads the same everywhere. Code that
logs or looks for an action uses the constants below, never the string.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wagtail.log_actions import LogFormatter

DESIGNATE_ACTION = "disclosure.designate"
REVOKE_ACTION = "disclosure.revoke"
SIGN_OFF_ACTION = "disclosure.sign_off"
SIGNOFF_VOIDED_ACTION = "disclosure.signoff_voided"
REAPPROVAL_ACTION = "disclosure.reapproval_required"
HISTORICAL_RECORD_ACTION = "disclosure.historical_record"
FILE_CHANGED_ACTION = "disclosure.file_changed"
SNIPPET_CHANGED_ACTION = "disclosure.snippet_changed"
WITHDRAW_ACTION = "disclosure.withdraw"
CANCEL_SCHEDULE_ACTION = "disclosure.cancel_schedule"
PUBLISHED_LATE_ACTION = "disclosure.published_late"
PUBLISH_HELD_ACTION = "disclosure.publish_held"
EXCHANGE_NOTICE_ACTION = "disclosure.exchange_notice"
COMMITTEE_PROPOSE_ACTION = "disclosure.committee_propose"
COMMITTEE_CONFIRM_ACTION = "disclosure.committee_confirm"
COMMITTEE_WITHDRAW_ACTION = "disclosure.committee_withdraw"
COMMITTEE_BOOTSTRAP_ACTION = "disclosure.committee_bootstrap"
PROFILE_PROPOSE_ACTION = "disclosure.profile_change_proposed"
PROFILE_CONFIRM_ACTION = "disclosure.profile_change_confirmed"
PROFILE_WITHDRAW_ACTION = "disclosure.profile_change_withdrawn"
GROUP_MEMBERSHIP_ACTION = "disclosure.group_membership"
# The insider lists (insiders/) are compliance records too: who read, exported or changed one.
INSIDER_LIST_VIEWED_ACTION = "disclosure.insider_list_viewed"
INSIDER_LIST_EXPORTED_ACTION = "disclosure.insider_list_exported"
INSIDER_LIST_CHANGED_ACTION = "disclosure.insider_list_changed"
PRESS_PREVIEW_SENT_ACTION = "disclosure.press_preview_sent"
PRESS_PREVIEW_OPENED_ACTION = "disclosure.press_preview_opened"
PRESS_PREVIEW_REVOKED_ACTION = "disclosure.press_preview_revoked"
# A release's text replaced by a correction (releases/corrections.py, disclosure/corrections.py).
CORRECTION_PUBLISHED_ACTION = "disclosure.correction_published"
# The committee's choice of route for an event or governance page: full, or sign-off only (disclosure.routes).
ROUTE_ACTION = "disclosure.route"

# A designation entered after the fact (data["historical"]) says so in the audit trail.
HISTORICAL_DESIGNATION_LABEL = "Historical designation (entered later)"


# The routes a disclosed page other than a press release may take (disclosure.routes).
FULL_ROUTE = "full"
SIGN_OFF_ONLY_ROUTE = "sign_off_only"
ROUTE_LABELS = {
    FULL_ROUTE: "full Disclosure Policy (committee review, then spokesperson sign-off)",
    SIGN_OFF_ONLY_ROUTE: "sign-off only (one authorized spokesperson, no committee review)",
}


def route_label(route: str) -> str:
    return ROUTE_LABELS.get(route, route)


def reason_comment(log_entry) -> str:
    """The written reason a spokesperson gave, shown as the entry's comment in Wagtail's history."""
    return (log_entry.data or {}).get("reason", "")


@dataclass(frozen=True)
class LogAction:
    """One logged action: its code, the audit trail's label, and Wagtail's message for the history.

    ``message`` and ``comment`` may be callables of the log entry (Wagtail's LogFormatter's
    format_message / format_comment). ``in_filter`` offers the action in the audit trail's
    filter even before one is logged (it was listed there before the table existed).
    """

    code: str
    label: str
    message: str | Callable[[object], str]
    comment: str | Callable[[object], str] = ""
    in_filter: bool = True


ACTIONS: tuple[LogAction, ...] = (
    LogAction(DESIGNATE_ACTION, "Designation granted", "Designated an authorized spokesperson"),
    LogAction(REVOKE_ACTION, "Designation revoked", "Revoked an authorized spokesperson"),
    LogAction(SIGN_OFF_ACTION, "Signed off", "Signed off a release revision"),
    LogAction(SIGNOFF_VOIDED_ACTION, "Sign-off voided", "A sign-off no longer counts"),
    LogAction(REAPPROVAL_ACTION, "Re-approval required", "Edited after an approval: the release needs approval again"),
    LogAction(HISTORICAL_RECORD_ACTION, "Historical record", "Loaded as published history", in_filter=False),
    LogAction(FILE_CHANGED_ACTION, "File changed", "Changed a document or image"),
    LogAction(
        SNIPPET_CHANGED_ACTION,
        "Snippet changed",
        "Changed a shared value pages show (a contact, a category, a person, a committee)",
    ),
    LogAction(
        WITHDRAW_ACTION,
        "Release withdrawn",
        "Withdrawn (unpublished) by an authorized spokesperson",
        comment=reason_comment,
        in_filter=False,
    ),
    LogAction(
        CANCEL_SCHEDULE_ACTION,
        "Scheduled release cancelled",
        "Scheduled release cancelled by an authorized spokesperson",
        comment=reason_comment,
        in_filter=False,
    ),
    LogAction(PUBLISHED_LATE_ACTION, "Published late", "Published after its release time"),
    LogAction(PUBLISH_HELD_ACTION, "Held at its release time", "Kept back at its release time"),
    LogAction(EXCHANGE_NOTICE_ACTION, "Exchange notified", "Recorded that the exchange was notified"),
    LogAction(COMMITTEE_PROPOSE_ACTION, "Committee change proposed", "Proposed a committee change"),
    LogAction(COMMITTEE_CONFIRM_ACTION, "Committee change confirmed", "Confirmed a committee change"),
    LogAction(COMMITTEE_WITHDRAW_ACTION, "Committee change withdrawn", "Withdrew a committee change"),
    LogAction(COMMITTEE_BOOTSTRAP_ACTION, "Committee seeded (bootstrap)", "Seeded the Disclosure Committee"),
    LogAction(PROFILE_PROPOSE_ACTION, "Company profile change saved", "Saved a company profile change to confirm"),
    LogAction(PROFILE_CONFIRM_ACTION, "Company profile change confirmed", "Confirmed a company profile change"),
    LogAction(PROFILE_WITHDRAW_ACTION, "Company profile change withdrawn", "Withdrew a company profile change"),
    LogAction(GROUP_MEMBERSHIP_ACTION, "Spokesperson's group changed", "Changed a spokesperson's groups"),
    LogAction(INSIDER_LIST_VIEWED_ACTION, "Insider list viewed", "Viewed an insider list"),
    LogAction(INSIDER_LIST_EXPORTED_ACTION, "Insider list exported", "Exported an insider list"),
    LogAction(INSIDER_LIST_CHANGED_ACTION, "Insider list changed", "Changed an insider list"),
    LogAction(PRESS_PREVIEW_SENT_ACTION, "Press preview sent", "Sent an embargoed press preview to a journalist"),
    LogAction(PRESS_PREVIEW_OPENED_ACTION, "Press preview opened", "A journalist opened their embargoed press preview"),
    LogAction(
        PRESS_PREVIEW_REVOKED_ACTION,
        "Press preview revoked",
        "Revoked a journalist's press preview",
        comment=reason_comment,
    ),
    LogAction(
        ROUTE_ACTION,
        "Disclosure route chosen",
        lambda entry: "Route chosen by the Disclosure Committee: " + route_label((entry.data or {}).get("route", "")),
        comment=reason_comment,
    ),
    LogAction(
        CORRECTION_PUBLISHED_ACTION,
        "Correction published",
        "Published a correction: the corrected text replaces the release for readers",
        comment=lambda entry: (entry.data or {}).get("note", ""),
    ),
)

COMMITTEE_ACTIONS = (
    COMMITTEE_PROPOSE_ACTION,
    COMMITTEE_CONFIRM_ACTION,
    COMMITTEE_WITHDRAW_ACTION,
    COMMITTEE_BOOTSTRAP_ACTION,
)
PROFILE_ACTIONS = (PROFILE_PROPOSE_ACTION, PROFILE_CONFIRM_ACTION, PROFILE_WITHDRAW_ACTION)
DESIGNATION_ACTIONS = (DESIGNATE_ACTION, REVOKE_ACTION)
# A spokesperson's decision taken after an approval ends that approval's standing (disclosure.guard).
WITHDRAWAL_ACTIONS = (WITHDRAW_ACTION, CANCEL_SCHEDULE_ACTION)
SHOWN_VALUE_ACTIONS = (FILE_CHANGED_ACTION, SNIPPET_CHANGED_ACTION)
INSIDER_LIST_ACTIONS = (INSIDER_LIST_VIEWED_ACTION, INSIDER_LIST_EXPORTED_ACTION, INSIDER_LIST_CHANGED_ACTION)
PRESS_PREVIEW_ACTIONS = (PRESS_PREVIEW_SENT_ACTION, PRESS_PREVIEW_OPENED_ACTION, PRESS_PREVIEW_REVOKED_ACTION)


def trail_labels() -> dict[str, str]:
    """code → label of the actions the audit trail lists in its filter."""
    return {action.code: action.label for action in ACTIONS if action.in_filter}


def formatter_class(action: LogAction) -> type[LogFormatter]:
    """A Wagtail LogFormatter for one action of the table (a callable message or comment is called per entry)."""

    class Formatter(LogFormatter):
        label = action.label

        def format_message(self, log_entry):
            return action.message(log_entry) if callable(action.message) else action.message

        def format_comment(self, log_entry):
            return action.comment(log_entry) if callable(action.comment) else action.comment

    Formatter.__name__ = Formatter.__qualname__ = f"LogFormatter[{action.code}]"
    return Formatter


def register_all(registry) -> None:
    """Register every action of the table with Wagtail's log action registry."""
    for action in ACTIONS:
        registry.register_action(action.code)(formatter_class(action))
