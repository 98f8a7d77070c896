"""The audit trail's hash chain: every Wagtail log entry sealed in order, and its verification.

Every PageLogEntry (releases and every other page) and ModelLogEntry (the register, the
committee, snippets, files) is sealed when it is written, in the same transaction: its seal is

    SHA-256( previous seal + "\\n" + canonical content of the entry )

with 64 zeros before the first entry. The canonical content is the entry's fields as JSON with
sorted keys (id, object, content type, label, action, data, time to the microsecond, uuid, user,
revision, content_changed) — everything the trail shows. Wagtail's own `deleted` flag is left
out: Wagtail sets it when an object is deleted, which is not an edit of the record.

`verify()` walks the chain from the first seal and recomputes each one from the entry as it is
now, so it names the first entry that was edited (its seal no longer matches), deleted (its
seal has no entry), or inserted outside the chain (an entry with no seal); a deleted or edited
seal breaks the chain at that position. Someone able to rewrite both tables and every later
seal could forge a consistent chain: that is why the head seal is exported with its time, to be
kept outside the system (`verify_audit_trail --head`), and on PostgreSQL the database itself
refuses UPDATE and DELETE on the log and seal tables (migration 0007).

Writers are put in one order by the single AuditChainHead row: each seal first updates it (a
row lock on PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers), so two
transactions can never chain onto the same previous seal. That lock lasts until the commit, so
a long transaction that logs early holds every other writer up: the embargo publisher's (a
release's publish entry comes before its search, reference index and file work) would make two
publishers take turns. Inside `sealed_at_end()` the entries are sealed when the block ends,
still in the same transaction, so the head row is locked only for its last moments.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.signals import post_save
from django.utils import timezone

from wagtail.models import ModelLogEntry, PageLogEntry

from disclosure.models import AuditChainHead, AuditSeal, AuditVerification

logger = logging.getLogger(__name__)

GENESIS = "0" * 64
SOURCES = {"page": PageLogEntry, "model": ModelLogEntry}
CHUNK = 2000


def canonical(source: str, entry) -> bytes:
    """The bytes a seal covers: the entry as the database holds it, independent of key order."""
    timestamp = entry.timestamp
    if timezone.is_naive(timestamp):
        timestamp = timezone.make_aware(timestamp, dt.UTC)
    content = {
        "source": source,
        "id": entry.pk,
        "object": entry.page_id if source == "page" else entry.object_id,
        "content_type": entry.content_type_id,
        "label": entry.label,
        "action": entry.action,
        # What the JSON column stores and gives back (DjangoJSONEncoder: datetimes become strings).
        "data": json.loads(json.dumps(entry.data, cls=DjangoJSONEncoder)),
        "timestamp": timestamp.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "uuid": str(entry.uuid) if entry.uuid else None,
        "user": entry.user_id,
        "revision": entry.revision_id,
        "content_changed": bool(entry.content_changed),
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def next_seal(previous: str, content: bytes) -> str:
    return hashlib.sha256(previous.encode("ascii") + b"\n" + content).hexdigest()


def seal_entry(source: str, entry) -> AuditSeal:
    """Append one entry to the chain (inside the caller's transaction, if it has one)."""
    with transaction.atomic():
        # The UPDATE first: it takes the row lock that orders concurrent writers.
        if not AuditChainHead.objects.filter(pk=1).update(length=F("length") + 1):
            AuditChainHead.objects.create(pk=1, length=1, seal=GENESIS)
        head = AuditChainHead.objects.get(pk=1)
        seal = next_seal(head.seal, canonical(source, entry))
        AuditChainHead.objects.filter(pk=1).update(seal=seal)
        # sealed_at read at the call (a staged publish's clock: ir_site/clock.py), not the default.
        return AuditSeal.objects.create(
            position=head.length, source=source, entry_id=entry.pk, seal=seal, sealed_at=timezone.now()
        )


_deferred = threading.local()


@contextmanager
def sealed_at_end():
    """Seal the entries written inside this block when it ends (in the caller's transaction).

    Use it inside `transaction.atomic()`, around the work of a transaction that logs early and
    then goes on: the chain's head row is locked from the first seal to the commit. An entry
    whose savepoint was rolled back meanwhile is not in the database any more and is not sealed;
    if the block raises, nothing is sealed (its transaction is rolled back with its entries).
    """
    if getattr(_deferred, "entries", None) is not None:  # nested: the outer block seals
        yield
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sealed_at_end() must run inside transaction.atomic(): its seals join that transaction")
    _deferred.entries = []
    try:
        yield
        pending = _deferred.entries
    finally:
        _deferred.entries = None
    stored = {
        source: model.objects.in_bulk([entry.pk for of, entry in pending if of == source])
        for source, model in SOURCES.items()
    }
    for source, entry in pending:  # in the order they were written
        if entry.pk in stored[source]:
            seal_entry(source, stored[source][entry.pk])


def _seal_created(source: str, instance) -> None:
    pending = getattr(_deferred, "entries", None)
    if pending is not None:
        pending.append((source, instance))
    else:
        seal_entry(source, instance)


def _seal_page_entry(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        _seal_created("page", instance)


def _seal_model_entry(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        _seal_created("model", instance)


def connect_audit_chain() -> None:
    """Called once from DisclosureConfig.ready()."""
    post_save.connect(_seal_page_entry, sender=PageLogEntry, dispatch_uid="disclosure-seal-page-log")
    post_save.connect(_seal_model_entry, sender=ModelLogEntry, dispatch_uid="disclosure-seal-model-log")


# -- verification ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    intact: bool
    entries: int  # verified in order before the first problem
    head_seal: str
    head_at: dt.datetime | None
    problem: str = ""
    source: str = ""  # the entry the problem names
    entry_id: int | None = None

    @property
    def entry_name(self) -> str:
        return f"{self.source} log entry {self.entry_id}" if self.entry_id is not None else ""


def _seals() -> Iterator[list[AuditSeal]]:
    last = 0
    while True:
        chunk = list(AuditSeal.objects.filter(position__gt=last).order_by("position")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].position


def verify() -> Result:
    """Recompute the whole chain from the entries; the first problem found is named."""
    previous, expected, head_at = GENESIS, 1, None
    for chunk in _seals():
        entries = {
            source: model.objects.in_bulk([s.entry_id for s in chunk if s.source == source])
            for source, model in SOURCES.items()
        }
        for link in chunk:
            verified = expected - 1
            if link.position != expected:
                return Result(
                    False, verified, previous, head_at, f"Seal {expected} is missing: the chain was cut after it."
                )
            entry = entries[link.source].get(link.entry_id)
            name = f"{link.source} log entry {link.entry_id}"
            if entry is None:
                problem = f"Entry {expected} ({name}) was deleted: its seal has no entry."
                return Result(False, verified, previous, head_at, problem, link.source, link.entry_id)
            if next_seal(previous, canonical(link.source, entry)) != link.seal:
                problem = (
                    f"Entry {expected} ({name}, {entry.action} at {entry.timestamp:%Y-%m-%d %H:%M:%S} UTC) "
                    "was edited: it no longer matches its seal (or the seal was changed)."
                )
                return Result(False, verified, previous, head_at, problem, link.source, link.entry_id)
            previous, expected, head_at = link.seal, expected + 1, entry.timestamp
    verified = expected - 1
    for source, model in SOURCES.items():
        stray = (
            model.objects.filter(~Exists(AuditSeal.objects.filter(source=source, entry_id=OuterRef("pk"))))
            .order_by("timestamp", "pk")
            .first()
        )
        if stray is not None:
            problem = (
                f"{source.capitalize()} log entry {stray.pk} ({stray.action} at "
                f"{stray.timestamp:%Y-%m-%d %H:%M:%S} UTC) was inserted outside the chain: it has no seal."
            )
            return Result(False, verified, previous, head_at, problem, source, stray.pk)
    return Result(True, verified, previous, head_at)


def last_verification() -> AuditVerification | None:
    return AuditVerification.objects.order_by("-ran_at", "-pk").first()


def head() -> dict:
    """The head seal, to anchor outside the system: what it covers and when it was read."""
    link = AuditSeal.objects.order_by("-position").first()
    return {
        "entries": link.position if link else 0,
        "head_seal": link.seal if link else GENESIS,
        "sealed_at": link.sealed_at.astimezone(dt.UTC).isoformat(timespec="seconds") if link else "",
        "exported_at": timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        "algorithm": "SHA-256(previous seal + '\\n' + canonical entry), 64 zeros before the first",
    }
