"""Every Disclosure Policy decision answers with what happened and what comes next.

After *Review passed*, *Request changes*, *Reject* or *Sign off* the admin says who decided, on
which step, how many of the required signatures are given and, when the last one schedules the
release, when it goes public in market time and where its exchange notice stands, e.g.

    Signed off by John Hatsopoulos: 1 of 2 — waiting for a second spokesperson.
    Signed off by Benjamin Locke: 2 of 2. Scheduled: goes public Thursday, Dec. 3, 2026, 8:00 a.m. ET.

The tasks note each decision (disclosure.decision_report) in ``on_action``; ``DecisionMessagesMiddleware``
turns the request's notes into messages once the view is done, reading what the decision led to
from the database (the workflow may have moved on, scheduled, published or held the release). A
middleware, because Wagtail's dashboard workflow action view (``wagtailadmin_pages:workflow_action``)
runs no hook; in the editor it replaces Wagtail's own "Page '…' has been updated.", which says
nothing about the decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages as django_messages
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from wagtail.admin import messages
from wagtail.models import Page, PageLogEntry, Revision, TaskState, WorkflowState

from company.ap_style import ap_date, ap_time
from company.models import profile_for
from disclosure.actions import PUBLISH_HELD_ACTION, SIGN_OFF_ONLY_ROUTE
from disclosure.decision_report import APPROVED, REJECTED, Decision, collecting
from disclosure.exchange import VENUE_RULES, notice_on_record, notice_requirement
from disclosure.models import (
    ExchangeNotice,
    SignOff,
    SpokespersonSignOffTask,
    is_active_spokesperson,
)
from disclosure.releases import is_release
from disclosure.routes import latest_decision, passed_reviews
from disclosure.signature import sign

ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def market_moment(moment: dt.datetime, profile) -> str:
    """`Thursday, Dec. 3, 2026, 8:00 a.m. ET`: AP date and time (releases.dateline) in the profile's zone."""
    local = timezone.localtime(moment, profile.tz)
    return f"{local:%A}, {ap_date(local.date())}, {ap_time(local)} {profile.tz_label}"


def person(user) -> str:
    if user is None:
        return "the system"
    return user.get_full_name() or user.get_username()


def signatures_needed(task, release) -> str:
    """`2 spokesperson sign-offs (material release)`."""
    required = task.required_for(release)
    noun = "sign-off" if required == 1 else "sign-offs"
    material = " (material release)" if getattr(release, "is_material", False) else ""
    return f"{required} spokesperson {noun}{material}"


def waiting_for(given: int, required: int) -> str:
    """`waiting for a second spokesperson`, `waiting for 2 more spokespersons`."""
    missing = required - given
    if missing == 1:
        ordinal = ORDINALS.get(given + 1)
        return f"waiting for a {ordinal} spokesperson" if ordinal else "waiting for one more spokesperson"
    return f"waiting for {missing} more spokespersons"


def exchange_notice_state(release, going_public: dt.datetime) -> str:
    """Where the release's exchange notice stands for `going_public` (disclosure.exchange's rules), one sentence."""
    if not getattr(release, "is_material", False):
        return "No exchange notice needed: not a material release."
    profile = release.profile
    requirement = notice_requirement(profile.exchange, going_public)
    if requirement is None:
        if profile.exchange not in VENUE_RULES:
            return "No exchange notice: the company profile names no listing venue with a notice rule."
        return "No exchange notice needed at this time."
    notices = list(ExchangeNotice.objects.filter(page_id=release.pk).select_related("notified_by"))
    if notice_on_record(notices, release.release_at, requirement.notify_by):
        notice = next(n for n in notices if n.notified_at <= requirement.notify_by and n.is_for(release.release_at))
        return (
            f"Exchange notice: {notice.venue} notified {market_moment(notice.notified_at, profile)} "
            f"by {person(notice.notified_by)} (on record)."
        )
    if requirement.blocking:
        return (
            f"Exchange notice: none on record. Notify {requirement.venue} by "
            f"{market_moment(requirement.notify_by, profile)} and record it (Scheduled releases → Record exchange "
            "notice): the release does not go public without it."
        )
    return f"Exchange notice: notify {requirement.venue} by {market_moment(requirement.notify_by, profile)}."


def _held_reason(revision: Revision) -> str | None:
    entry = (
        PageLogEntry.objects.filter(page_id=revision.object_id, action=PUBLISH_HELD_ACTION, revision=revision)
        .order_by("-timestamp")
        .first()
    )
    return (entry.data or {}).get("reason") if entry else None


def after_approval(workflow_state: WorkflowState, release) -> tuple[str, str]:
    """(level, text): what the end of the chain did with the release: published, scheduled or held."""
    sign_off = (
        TaskState.objects.filter(
            workflow_state=workflow_state,
            status=TaskState.STATUS_APPROVED,
            task_id__in=SpokespersonSignOffTask.objects.values("pk"),
        )
        .select_related("revision")
        .order_by("-finished_at", "-pk")
        .first()
    )
    page = Page.objects.get(pk=release.pk)
    revision = sign_off.revision if sign_off else None
    if revision is not None and page.live and page.live_revision_id == revision.pk:
        return "success", f"Published: “{release.title}” is public now."
    if revision is None or revision.approved_go_live_at is None:
        return "warning", f"Approved, but “{release.title}” is neither public nor scheduled: see its history."
    reason = _held_reason(revision)
    if reason and revision.approved_go_live_at <= timezone.now():
        return "warning", f"Held: approved, but it cannot go public yet: {reason}"
    going_public = revision.approved_go_live_at
    text = f"Scheduled: goes public {market_moment(going_public, release.profile)}. "
    return "success", text + exchange_notice_state(release, going_public)


def what_next(workflow_state: WorkflowState, release) -> tuple[str, str]:
    """(level, text): the step the workflow waits on now, or what its end did."""
    workflow_state.refresh_from_db()
    if workflow_state.status == WorkflowState.STATUS_APPROVED:
        return after_approval(workflow_state, release)
    if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "success", "It is back with the drafter, who has been told."
    current = workflow_state.current_task_state
    if workflow_state.status != WorkflowState.STATUS_IN_PROGRESS or current is None:
        return "success", ""
    task = current.task.specific
    if isinstance(task, SpokespersonSignOffTask):
        return "success", f"Next: {task.name}, {signatures_needed(task, release)}."
    return "success", f"Next: {task.name}."


def describe(decision: Decision) -> tuple[str, str]:
    """(level, text) of the message that answers `decision`."""
    if decision.refused:
        return "error", decision.refused
    state = TaskState.objects.select_related("task", "workflow_state", "revision").get(pk=decision.task_state_id)
    user = get_user_model().objects.filter(pk=decision.user_id).first()
    release = Page.objects.get(pk=decision.page_id).specific
    release = release.get_latest_revision_as_object()
    who, step, title = person(user), state.task.name, release.title
    comment = ""
    if decision.comment:
        ends = "" if decision.comment.rstrip()[-1:] in (".", "!", "?") else "."
        comment = f" Comment: “{decision.comment.strip()}”{ends}"
    if decision.action == REJECTED:
        verb = "Rejected" if isinstance(state.task.specific, SpokespersonSignOffTask) else "Changes requested"
        level, next_text = what_next(state.workflow_state, release)
        return "warning", f"{verb} by {who} ({step}): “{title}”.{comment} {next_text}".strip()
    if decision.action != APPROVED:
        return "success", ""
    if decision.given is None:  # a review
        level, next_text = what_next(state.workflow_state, release)
        return level, f"Review passed by {who} ({step}): “{title}”.{comment} {next_text}".strip()
    head = f"Signed off by {who}: {decision.given} of {decision.required}"
    if decision.given < decision.required:
        return "success", (
            f"{head} — {waiting_for(decision.given, decision.required)}. "
            f"“{title}”, revision {decision.revision_id} ({step})."
        )
    level, next_text = what_next(state.workflow_state, release)
    return level, f"{head}. {next_text}"


def _buttons(level: str, text: str) -> list:
    if text.startswith(("Scheduled:", "Held:")) or "Scheduled:" in text:
        return [messages.button(reverse("disclosure_scheduled"), "Scheduled releases", new_window=False)]
    return []


def show_decisions(request, decisions: list[Decision]) -> None:
    """Add one message per decision, dropping Wagtail's generic "Page '…' has been updated." for those pages."""
    generic = set()
    for decision in decisions:
        page = Page.objects.filter(pk=decision.page_id).first()
        if page is not None:
            generic.add(
                escape(
                    gettext("Page '%(page_title)s' has been updated.") % {"page_title": page.get_admin_display_title()}
                )
            )
    storage = django_messages.get_messages(request)
    kept = [m for m in storage if not any(text in str(m.message) for text in generic)]
    for message in kept:  # iterating marked them shown: queue again the ones that stay
        django_messages.add_message(request, message.level, message.message, extra_tags=message.extra_tags)
    for decision in decisions:
        level, text = describe(decision)
        if text:
            getattr(messages, level)(request, text, buttons=_buttons(level, text))


class DecisionMessagesMiddleware:
    """Answers the request's Disclosure Policy decisions with messages (after MessageMiddleware in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with collecting() as decisions:
            response = self.get_response(request)
        if decisions and response.status_code < 400 and hasattr(request, "_messages"):
            show_decisions(request, decisions)
        return response


# -- the Sign off confirmation ---------------------------------------------------------------------


@dataclass(frozen=True)
class Confirmation:
    """What the Sign off modal shows: exactly what is signed, and what the signature will do."""

    headline: str
    release_time: str
    material: str
    revision_id: int
    revision_created: str
    revision_author: str
    digest: str
    files: int
    given: int
    required: int
    consequence: str
    exchange: str
    stale: str  # why this step cannot be signed as it stands ("" when it can)
    route: str = ""  # how this run met the committee's review (disclosure.routes)

    @property
    def digest_start(self) -> str:
        return self.digest[:16]


def route_line(task_state: TaskState, profile) -> str:
    """How this run met the Disclosure Committee's review, for the spokesperson about to sign it.

    A sign-off-only run (disclosure.routes) is said to be one, with who chose it, when and why:
    the signature is then the only check before the page goes public.
    """
    review = passed_reviews(task_state).select_related("finished_by").first()
    if review is not None:
        return (
            f"Full Disclosure Policy: {person(review.finished_by)} of the Disclosure Committee passed this "
            f"revision's review {market_moment(review.finished_at, profile)}."
        )
    decision = latest_decision(task_state.workflow_state.object_id)
    if decision is not None and decision.route == SIGN_OFF_ONLY_ROUTE:
        chooser = get_user_model().objects.filter(pk=decision.by_id).first() if decision.by_id else None
        return (
            f"Sign-off only, not reviewed: {person(chooser)} of the Disclosure Committee chose this route "
            f"{market_moment(decision.at, profile)} (“{decision.reason}”). The spokespersons' sign-off is the "
            "only check before it goes public."
        )
    return "Not reviewed by the Disclosure Committee."


def confirmation(task_state: TaskState) -> Confirmation:
    """The Sign off modal's content for this step (disclosure/sign_off_confirmation.html)."""
    revision = task_state.revision
    release = revision.as_object()  # a press release, or another disclosed page (an event, a charter)
    profile = profile_for(release)
    release_at = getattr(release, "release_at", None)
    task = task_state.task.specific
    signed = sign(revision)
    given = sum(1 for s in SignOff.objects.filter(task_state=task_state).standing() if is_active_spokesperson(s.user))
    required = task.required_for(release)
    going_public = max(release.go_live_at or timezone.now(), timezone.now())
    if given + 1 < required:
        consequence = (
            f"Your sign-off will be {given + 1} of {required}: the release then waits for "
            f"{waiting_for(given + 1, required).removeprefix('waiting for ')}."
        )
    elif release.go_live_at and release.go_live_at > timezone.now():
        consequence = (
            f"Yours is the last sign-off needed ({given + 1} of {required}): it schedules the release "
            f"to go public {market_moment(release.go_live_at, profile)}."
        )
    else:
        consequence = (
            f"Yours is the last sign-off needed ({given + 1} of {required}): its release time has come, "
            "so it goes public as soon as you confirm."
        )
    latest_id = Page.objects.filter(pk=release.pk).values_list("latest_revision_id", flat=True).first()
    stale = ""
    if latest_id is not None and latest_id != revision.pk:
        stale = (
            f"The release was edited after this step began (its latest is revision {latest_id}): this step "
            f"would sign revision {revision.pk}, which is not the text in the editor. It cannot be signed; "
            "restart the workflow so the latest text is reviewed and signed."
        )
    if getattr(release, "is_material", False):
        material = f"Material: {required} distinct spokespersons must sign off"
    else:
        material = "Not material"
    if release_at:
        release_time = market_moment(release_at, profile)
    elif is_release(release):
        release_time = "not set"
    else:  # an event or a governance document: public when signed, or at its scheduled publication
        release_time = market_moment(release.go_live_at, profile) if release.go_live_at else "when signed off"
    return Confirmation(
        headline=release.title,
        release_time=release_time,
        material=material,
        revision_id=revision.pk,
        revision_created=market_moment(revision.created_at, profile),
        revision_author=person(revision.user),
        digest=signed.digest,
        files=len(signed.manifest),
        given=given,
        required=required,
        consequence=consequence,
        exchange=exchange_notice_state(release, going_public),
        stale=stale,
        route=route_line(task_state, profile),
    )
