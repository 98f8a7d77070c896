"""The Disclosure Policy's audit trail: every decision on a release and on the register, in one list.

Two Wagtail log tables hold the record and nothing here copies it:

- PageLogEntry for press releases: submitted (wagtail.workflow.start), reviewed and approved
  (wagtail.workflow.approve), rejected (wagtail.workflow.reject, with the comment), resubmitted,
  cancelled, each spokesperson's sign-off (disclosure.sign_off), re-approval required
  (disclosure.reapproval_required, logged below because Wagtail logs only a draft save),
  published (wagtail.publish), scheduled (wagtail.publish.schedule), published by the scheduler
  (wagtail.publish.scheduled), schedule cancelled, unpublished, and every other page action;
- ModelLogEntry for the register and the committee: disclosure.designate (a historical entry
  says so, with its reason) and disclosure.revoke; every committee membership step (proposed,
  confirmed, withdrawn, bootstrap: disclosure.committee); group changes of anyone holding a
  designation (disclosure.group_membership).

`audit_entries()` filters both and merges them by time in the database (one UNION), so a page
of the admin view or a chunk of the CSV costs the same few queries however long the log is.
Each row carries the revision and the SHA-256 digest of that revision's content: the digest the
sign-off recorded, otherwise computed from the entry's revision with revision_digest().
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, Q, QuerySet, Value
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision, Site, Task, TaskState, WorkflowState

from company.models import CompanyProfile, time_zone_label
from disclosure.actions import (
    COMMITTEE_ACTIONS,
    CORRECTION_PUBLISHED_ACTION,
    DESIGNATE_ACTION,
    DESIGNATION_ACTIONS,
    EXCHANGE_NOTICE_ACTION,
    GROUP_MEMBERSHIP_ACTION,
    HISTORICAL_DESIGNATION_LABEL,
    INSIDER_LIST_ACTIONS,
    PRESS_PREVIEW_ACTIONS,
    PROFILE_ACTIONS,
    PUBLISH_HELD_ACTION,
    PUBLISHED_LATE_ACTION,
    REAPPROVAL_ACTION,
    ROUTE_ACTION,
    SHOWN_VALUE_ACTIONS,
    SIGN_OFF_ACTION,
    SIGNOFF_VOIDED_ACTION,
    route_label,
    trail_labels,
)
from disclosure.models import AuditSeal, CommitteeMembershipChange, SignOff, Spokesperson, revision_digest
from disclosure.releases import disclosed_content_type_ids
from releases.models import PressReleasePage

PAGE = "release"
REGISTER = "register"
CHAIN_SOURCES = {PAGE: "page", REGISTER: "model"}  # the trail's two logs, as the chain names them
REGISTER_ACTIONS = (*DESIGNATION_ACTIONS, *COMMITTEE_ACTIONS, GROUP_MEMBERSHIP_ACTION)
TASK_CLASS_NAMES = {
    "disclosurereviewtask": "DisclosureReviewTask",
    "spokespersonsignofftask": "SpokespersonSignOffTask",
}

# The words for the decisions; anything else falls back to Wagtail's label.
ACTION_LABELS = {
    "wagtail.workflow.start": "Submitted for approval",
    "wagtail.workflow.approve": "Approved",
    "wagtail.workflow.reject": "Rejected (changes requested)",
    "wagtail.workflow.resume": "Resubmitted",
    "wagtail.workflow.cancel": "Workflow cancelled",
    "wagtail.publish": "Published",
    "wagtail.publish.schedule": "Scheduled for publication",
    "wagtail.publish.scheduled": "Published at the scheduled time",
    "wagtail.schedule.cancel": "Schedule cancelled",
    "wagtail.unpublish": "Unpublished",
    "wagtail.unpublish.scheduled": "Unpublished at the expiry time",
    "wagtail.edit": "Draft saved",
    # Ours come from the one table of the Disclosure Policy's actions.
    **trail_labels(),
}


# Approvals and rejections say which step they decided.
TASK_ACTION_LABELS = {
    ("DisclosureReviewTask", "wagtail.workflow.approve"): "Reviewed (passed)",
    ("DisclosureReviewTask", "wagtail.workflow.reject"): "Reviewed (changes requested)",
    ("SpokespersonSignOffTask", "wagtail.workflow.approve"): "Approved (sign-off complete)",
    ("SpokespersonSignOffTask", "wagtail.workflow.reject"): "Rejected at sign-off",
}


def action_label(action: str, task_type: str = "") -> str:
    if (task_type, action) in TASK_ACTION_LABELS:
        return TASK_ACTION_LABELS[(task_type, action)]
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    try:
        return str(log_action_registry.get_action_label(action))
    except KeyError:
        return action


def market_zone() -> tuple[zoneinfo.ZoneInfo, str]:
    """The market time zone and its label ("ET", "CT", ...) from the default site's company profile.

    Without a default site, the project's TIME_ZONE with that zone's own label (its name when
    it has no abbreviation of ours): never a label of another zone.
    """
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        profile = CompanyProfile.for_site(site)
        return profile.tz, profile.tz_label
    return zoneinfo.ZoneInfo(settings.TIME_ZONE), time_zone_label(settings.TIME_ZONE)


# How the screen shows a time: to the second, in market time, with the zone's label.
SHOWN_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# How much of a digest the table shows before "show the whole digest".
SHORT_DIGEST = 12


@dataclass(frozen=True)
class AuditRow:
    """One entry of the audit trail, flattened for the table and the CSV."""

    source: str  # PAGE or REGISTER
    entry_id: int
    timestamp: dt.datetime
    timestamp_utc: str  # ISO 8601 to the second, with its offset (as in the CSV)
    timestamp_market: str
    timestamp_shown: str  # "2026-01-05 08:00:00 ET": the table's market time
    timestamp_utc_shown: str  # "2026-01-05 13:00:00 UTC"
    action: str
    action_label: str
    user_id: int | None
    username: str
    user_name: str
    release_id: int | None
    release_title: str
    task: str
    revision_id: int | None
    digest: str
    comment: str
    reason: str
    detail: str
    seal_position: int | None = None  # the entry's place in the hash chain (disclosure.audit_chain)
    seal: str = ""

    @property
    def digest_short(self) -> str:
        """The digest's first characters, as the table shows it (the whole value is one click away)."""
        return self.digest[:SHORT_DIGEST]


CSV_COLUMNS = [
    ("timestamp_utc", "Time (UTC)"),
    ("timestamp_market", "Time ({label})"),
    ("action", "Action code"),
    ("action_label", "Action"),
    ("username", "Username"),
    ("user_name", "User"),
    ("release_id", "Release ID"),
    ("release_title", "Release"),
    ("task", "Task"),
    ("revision_id", "Revision ID"),
    ("digest", "SHA-256 digest"),
    ("comment", "Comment"),
    ("reason", "Reason"),
    ("detail", "Detail"),
    ("source", "Log"),
    ("entry_id", "Entry ID"),
    ("seal_position", "Chain position"),
    ("seal", "Seal (SHA-256 chain)"),
]


def _release_content_type() -> ContentType:
    return ContentType.objects.get_for_model(PressReleasePage)


def _release_scope() -> Q:
    """Entries about disclosed pages (releases, events, governance documents): with the page's type, or on one."""
    types = disclosed_content_type_ids()
    return Q(content_type_id__in=types) | Q(page_id__in=Page.objects.filter(content_type_id__in=types).values("pk"))


def _action_q(actions: Iterable[str]) -> Q:
    """Exact action codes; a code ending in "*" matches the prefix (e.g. "disclosure.*")."""
    q = Q(pk__in=[])
    for action in actions:
        q |= Q(action__startswith=action[:-1]) if action.endswith("*") else Q(action=action)
    return q


def _as_bound(value, *, end: bool, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """A datetime as given (naive ones in market time); a date as the start of that market day (or the next)."""
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=tz)
    day = value + dt.timedelta(days=1) if end else value
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


def _digest_for(entry) -> str:
    data = entry.data or {}
    if isinstance(data.get("digest"), str):
        return data["digest"]
    revision = entry.revision if entry.revision_id else None
    return revision_digest(revision) if revision is not None else ""


def _task_data(data: dict) -> dict:
    workflow = data.get("workflow") if isinstance(data.get("workflow"), dict) else {}
    return workflow.get("task") if isinstance(workflow.get("task"), dict) else {}


def _detail(entry, source: str) -> str:
    data = entry.data or {}
    if entry.action == SIGN_OFF_ACTION and "given" in data:
        return f"sign-off {data.get('given')} of {data.get('required')}"
    if entry.action in DESIGNATION_ACTIONS:
        parts = [f"spokesperson: {data.get('spokesperson', '')}"]
        if data.get("title"):
            parts.append(f"title: {data['title']}")
        if data.get("effective_from"):
            parts.append(f"effective from {data['effective_from']}")
        if data.get("effective_until"):
            parts.append(f"effective until {data['effective_until']}")
        return "; ".join(parts)
    if entry.action in COMMITTEE_ACTIONS:
        verb = "add to" if data.get("change") == "add" else "remove from"
        parts = [f"{verb} the Disclosure Committee: {data.get('person', '')}"]
        if data.get("proposed_by"):
            parts.append(f"proposed by {data['proposed_by']}")
        return "; ".join(parts)
    if entry.action == GROUP_MEMBERSHIP_ACTION:
        preposition = "to" if data.get("change") == "added" else "from"
        return f"{data.get('person', '')} {data.get('change', '')} {preposition} group {data.get('group', '')}"
    if entry.action == PUBLISHED_LATE_ACTION:
        return f"{data.get('delay_seconds')} s after its release time {data.get('scheduled_for', '')}"
    if entry.action == PUBLISH_HELD_ACTION:
        return f"due {data.get('scheduled_for', '')}: {data.get('reason', '')}"
    if entry.action == EXCHANGE_NOTICE_ACTION:
        parts = [f"{data.get('venue', '')} notified at {data.get('notified_at', '')} by {data.get('notified_by', '')}"]
        if data.get("release_at"):
            parts.append(f"of the release time {data['release_at']}")
        if data.get("reference"):
            parts.append(f"reference: {data['reference']}")
        return "; ".join(parts)
    if entry.action == SIGNOFF_VOIDED_ACTION:
        held = "; release held" if data.get("held") else ""
        return (
            f"{data.get('spokesperson', '')}: {data.get('reason', '')}; "
            f"{data.get('standing')} of {data.get('required')} sign-offs stand{held}"
        )
    if entry.action in SHOWN_VALUE_ACTIONS:
        parts = [f"{data.get('kind', '')} {data.get('id', '')} “{data.get('title', '')}”"]
        parts += [f"{k}: {v}" for k, v in (data.get("changes") or {}).items()]
        if "file" in (data.get("changed") or []):
            parts.append(f"file sha256 {data.get('sha256_before', '')[:12]}… → {data.get('sha256_after', '')[:12]}…")
        if data.get("title_before"):
            parts.append(f"title was “{data['title_before']}”")
        if data.get("releases"):
            parts.append("shown by: " + ", ".join(data["releases"]))
        return "; ".join(parts)
    if entry.action in PROFILE_ACTIONS:
        parts = [f"change No. {data.get('change', '')}, saved by {data.get('proposed_by', '')}"]
        parts += [f"{k}: {v}" for k, v in (data.get("changes") or {}).items()]
        return "; ".join(parts)
    if entry.action in PRESS_PREVIEW_ACTIONS:
        parts = [f"{data.get('recipient', '')} ({data.get('outlet', '')}) <{data.get('email', '')}>"]
        if data.get("expires_at"):
            parts.append(f"expires {data['expires_at']}")
        if data.get("address"):
            parts.append(f"from {data['address']}")
        if data.get("path"):
            parts.append(data["path"])
        return "; ".join(parts)
    if entry.action == CORRECTION_PUBLISHED_ACTION:
        return (
            f"version {data.get('version')} replaces version {data.get('replaces_version')}: "
            f"digest {str(data.get('previous_digest', ''))[:12]}… → {str(data.get('digest', ''))[:12]}…; "
            f"note: {data.get('note', '')}"
        )
    if entry.action in INSIDER_LIST_ACTIONS:
        return "; ".join(str(data[key]) for key in ("list", "format", "change") if data.get(key))
    if entry.action == ROUTE_ACTION:
        parts = [f"{route_label(data.get('previous', ''))} → {route_label(data.get('route', ''))}"]
        if data.get("earnings_call"):
            parts.append("an earnings call")
        if data.get("cancelled_workflow_state"):
            parts.append("the run under way without review was cancelled")
        parts.append(f"reason: {data.get('reason', '')}")
        return "; ".join(parts)
    if entry.action == REAPPROVAL_ACTION:
        invalidated = data.get("invalidated") or []
        voided = [f"{i.get('task', '')} by {i.get('by', '')} (revision {i.get('revision_id')})" for i in invalidated]
        return "no longer applies: " + ", ".join(voided)
    revision_data = data.get("revision") if isinstance(data.get("revision"), dict) else {}
    if revision_data.get("go_live_at"):
        return f"go live at {revision_data['go_live_at']}"
    workflow = data.get("workflow") if isinstance(data.get("workflow"), dict) else {}
    nxt = workflow.get("next") if isinstance(workflow.get("next"), dict) else None
    if nxt and nxt.get("title") and entry.action in ("wagtail.workflow.start", "wagtail.workflow.approve"):
        return f"next: {nxt['title']}"
    return ""


def _row(entry, source: str, tz: zoneinfo.ZoneInfo, tz_label: str, task_types: dict[int, str]) -> AuditRow:
    data = entry.data if isinstance(entry.data, dict) else {}
    task = _task_data(data)
    user = entry.user if entry.user_id else None
    stamp = entry.timestamp
    return AuditRow(
        source=source,
        entry_id=entry.pk,
        timestamp=stamp,
        timestamp_utc=stamp.astimezone(dt.UTC).isoformat(timespec="seconds"),
        timestamp_market=stamp.astimezone(tz).isoformat(timespec="seconds"),
        # A no-break space keeps the zone beside its time when the column wraps after the date.
        timestamp_shown=f"{stamp.astimezone(tz):{SHOWN_TIME_FORMAT}}\N{NO-BREAK SPACE}{tz_label}",
        timestamp_utc_shown=f"{stamp.astimezone(dt.UTC):{SHOWN_TIME_FORMAT}}\N{NO-BREAK SPACE}UTC",
        action=entry.action,
        action_label=(
            HISTORICAL_DESIGNATION_LABEL
            if entry.action == DESIGNATE_ACTION and data.get("historical")
            else action_label(entry.action, task_types.get(task.get("id"), ""))
        ),
        user_id=entry.user_id,
        username=user.get_username() if user is not None else ("" if not entry.user_id else f"#{entry.user_id}"),
        user_name=str(entry.user_display_name),
        release_id=entry.page_id if source == PAGE else None,
        release_title=entry.label if source == PAGE else "",
        task=str(task.get("title") or ""),
        revision_id=entry.revision_id,
        digest=_digest_for(entry),
        comment=str(data.get("comment") or ""),
        reason=str(data.get("reason") or ""),
        detail=_detail(entry, source),
    )


class AuditEntries:
    """The filtered audit trail: len(), slicing and iteration give AuditRow objects in time order.

    Usable directly by Django's Paginator: count() is one query, a slice is three (the merged
    keys, then each table's entries with their users and revisions).
    """

    def __init__(self, page_qs: QuerySet, register_qs: QuerySet, *, newest_first: bool = False):
        self.page_qs = page_qs
        self.register_qs = register_qs
        self.newest_first = newest_first
        self._zone = None

    def newest_first_order(self) -> AuditEntries:
        return AuditEntries(self.page_qs, self.register_qs, newest_first=True)

    @property
    def zone(self) -> tuple[zoneinfo.ZoneInfo, str]:
        if self._zone is None:
            self._zone = market_zone()
        return self._zone

    def _keys(self) -> QuerySet:
        def keyed(qs, source):
            return (
                qs.order_by()
                .annotate(src=Value(source, output_field=CharField()), eid=F("id"), ts=F("timestamp"))
                .values_list("src", "eid", "ts")
            )

        union = keyed(self.page_qs, PAGE).union(keyed(self.register_qs, REGISTER), all=True)
        if self.newest_first:
            return union.order_by("-ts", "-src", "-eid")
        return union.order_by("ts", "src", "eid")

    def count(self) -> int:
        return self._keys().count()

    def __len__(self) -> int:
        return self.count()

    def _rows(self, keys: list[tuple]) -> list[AuditRow]:
        page_ids = [pk for source, pk, _ in keys if source == PAGE]
        register_ids = [pk for source, pk, _ in keys if source == REGISTER]
        related = ("user", "revision")
        pages = PageLogEntry.objects.select_related(*related).in_bulk(page_ids) if page_ids else {}
        register = ModelLogEntry.objects.select_related(*related).in_bulk(register_ids) if register_ids else {}
        task_ids = {_task_data(entry.data or {}).get("id") for entry in pages.values()} - {None}
        task_types = {
            pk: TASK_CLASS_NAMES.get(model, "")
            for pk, model in Task.objects.filter(pk__in=task_ids).values_list("pk", "content_type__model")
        }
        seals = {
            (source, entry_id): (position, seal)
            for source, entry_id, position, seal in AuditSeal.objects.filter(
                Q(source="page", entry_id__in=page_ids) | Q(source="model", entry_id__in=register_ids)
            ).values_list("source", "entry_id", "position", "seal")
        }
        tz, tz_label = self.zone
        rows = []
        for source, pk, _ in keys:
            entry = (pages if source == PAGE else register).get(pk)
            if entry is not None:
                link = seals.get((CHAIN_SOURCES[source], pk))
                row = _row(entry, source, tz, tz_label, task_types)
                rows.append(replace(row, seal_position=link[0], seal=link[1]) if link else row)
        return rows

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._rows(list(self._keys()[index]))
        return self._rows([self._keys()[index]])[0]

    def __iter__(self) -> Iterator[AuditRow]:
        chunk = 500
        keys = list(self._keys())
        for start in range(0, len(keys), chunk):
            yield from self._rows(keys[start : start + chunk])


def _register_entries() -> QuerySet:
    """Entries about no single release: designations, revocations, committee membership changes, the
    changes of the files and snippets releases show (disclosure.file_lock), and every view, export and
    change of an insider list (insiders/), the e-mail alert records' exports and erasures (alerts/,
    a sibling layer: named by its action prefix, not imported), and the Code of Conduct records
    (conduct/: exceptions, waivers and their clocks, certifications, quiet-period confirmations)."""
    types = list(ContentType.objects.get_for_models(Spokesperson, CommitteeMembershipChange, get_user_model()).values())
    register = Q(content_type__in=types, action__in=REGISTER_ACTIONS)
    return ModelLogEntry.objects.filter(
        register
        | Q(action__in=(*SHOWN_VALUE_ACTIONS, *INSIDER_LIST_ACTIONS, *PROFILE_ACTIONS))
        | Q(action__startswith="alerts.")
        | Q(action__startswith="conduct.")
    )


def audit_entries(*, release=None, user=None, actions=None, since=None, until=None) -> AuditEntries:
    """The audit trail of releases and the spokesperson register, oldest first.

    release: a release (or its id): only its entries (the register's are about no release).
    user: a user (or id): entries they made, and designations or revocations of them.
    actions: action codes ("wagtail.publish", or a prefix such as "disclosure.*").
    since / until: datetimes (since <= t < until) or dates in market time (whole days, both included).
    """
    page_qs = PageLogEntry.objects.filter(_release_scope())
    register_qs = _register_entries()
    if release is not None:
        page_qs = page_qs.filter(page_id=getattr(release, "pk", release))
        register_qs = register_qs.none()
    if user is not None:
        if not hasattr(user, "get_username"):
            user = get_user_model().objects.get(pk=user)
        page_qs = page_qs.filter(user_id=user.pk)
        username = user.get_username()
        register_qs = register_qs.filter(Q(user_id=user.pk) | Q(data__spokesperson=username) | Q(data__person=username))
    if actions:
        if isinstance(actions, str):
            actions = [actions]
        page_qs = page_qs.filter(_action_q(actions))
        register_qs = register_qs.filter(_action_q(actions))
    if since is not None or until is not None:
        tz = market_zone()[0]
        if since is not None:
            bound = _as_bound(since, end=False, tz=tz)
            page_qs, register_qs = page_qs.filter(timestamp__gte=bound), register_qs.filter(timestamp__gte=bound)
        if until is not None:
            bound = _as_bound(until, end=True, tz=tz)
            page_qs, register_qs = page_qs.filter(timestamp__lt=bound), register_qs.filter(timestamp__lt=bound)
    return AuditEntries(page_qs, register_qs)


def logged_actions() -> list[tuple[str, str]]:
    """(code, label) of every action present in the trail, for the filter."""
    codes = set(PageLogEntry.objects.filter(_release_scope()).get_actions())
    codes |= set(_register_entries().get_actions())
    return sorted(((code, action_label(code)) for code in codes), key=lambda item: item[1].lower())


def logged_people() -> QuerySet:
    """Users who appear in the trail (as actors or designated spokespersons), for the filter."""
    ids = set(PageLogEntry.objects.filter(_release_scope()).get_user_ids())
    ids |= set(_register_entries().get_user_ids())
    ids |= set(Spokesperson.objects.values_list("user_id", flat=True))
    ids |= set(CommitteeMembershipChange.objects.values_list("person_id", flat=True))
    ids.discard(None)
    return get_user_model().objects.filter(pk__in=ids).order_by(get_user_model().USERNAME_FIELD)


# -- re-approval required ---------------------------------------------------------------------------


def record_reapproval_required(sender, instance: Revision, created: bool, **kwargs) -> None:
    """post_save on Revision: a new revision of a release with approvals in its workflow voids them; log it.

    Wagtail (WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT) only counts approvals of the latest
    revision and logs nothing but "wagtail.edit", so the moment an edit voids an approval or a
    sign-off is recorded here, once per edit that voids approvals given since the last record.
    """
    if not created or kwargs.get("raw") or not getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False):
        return
    if instance.content_type_id not in disclosed_content_type_ids():
        return
    workflow_state = (
        WorkflowState.objects.active()
        .filter(base_content_type_id=instance.base_content_type_id, object_id=instance.object_id)
        .first()
    )
    if workflow_state is None:
        return
    since = (
        PageLogEntry.objects.filter(
            page_id=instance.object_id, action=REAPPROVAL_ACTION, timestamp__gte=workflow_state.created_at
        )
        .order_by("-timestamp")
        .values_list("timestamp", flat=True)
        .first()
    )
    approvals = TaskState.objects.filter(workflow_state=workflow_state, status=TaskState.STATUS_APPROVED).exclude(
        revision=instance
    )
    signoffs = SignOff.objects.filter(
        task_state__workflow_state=workflow_state, task_state__status=TaskState.STATUS_IN_PROGRESS
    ).exclude(revision=instance)
    if since is not None:
        approvals = approvals.filter(finished_at__gt=since)
        signoffs = signoffs.filter(signed_at__gt=since)
    invalidated = [
        {"task": state.task.name, "by": getattr(state.finished_by, "username", ""), "revision_id": state.revision_id}
        for state in approvals.select_related("task", "finished_by").order_by("finished_at")
    ] + [
        {"task": signoff.task_state.task.name, "by": signoff.user.get_username(), "revision_id": signoff.revision_id}
        for signoff in signoffs.select_related("task_state__task", "user").order_by("signed_at")
    ]
    if not invalidated:
        return
    log(
        instance=instance.content_object,
        action=REAPPROVAL_ACTION,
        user=instance.user,
        revision=instance,
        data={
            "digest": revision_digest(instance),
            "workflow_state_id": workflow_state.pk,
            "invalidated": invalidated,
        },
    )
