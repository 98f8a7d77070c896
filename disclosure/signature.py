"""What a spokesperson's signature covers: the release exactly as the public will see it.

A revision's content JSON holds documents and images by id, so a digest of the JSON alone
would still match after somebody replaced a PDF's or an image's file. A signature therefore
covers:

- the revision's content (its own fields, and the media contacts' and categories' values,
  which releases/ freezes into every revision);
- a *fingerprint* of every document and image the revision shows (attachments, body blocks,
  rich-text links): its file's name, size and SHA-256 of its bytes, and the values shown
  beside it (a document's title; an image's size and focal point, from which every rendition
  is derived).

The fingerprints are recorded on the sign-off (``SignOff.manifest``) and folded into its
digest. A release whose files no longer match what was signed has no standing approval
(disclosure.guard), and a file served to the public must match the fingerprint its live
release signed (``matches_signed``).

To make tampering impossible rather than only detectable, a document or image shown by a
release (or any other disclosed page: an event's slides, a director's portrait) that is in the
workflow, scheduled or live cannot be changed or deleted at all
(``locking_releases``, enforced by the admin forms and a model-level guard): the PR team
uploads a new file and references it in a new revision, which needs approval again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import CharField
from django.db.models.functions import Cast

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Revision, WorkflowState

DOCUMENT = "document"
IMAGE = "image"
# The fields of a document or an image that a release shows (or derives what it shows from).
SHOWN_FIELDS = {
    DOCUMENT: ("title", "file"),
    IMAGE: (
        "title",
        "file",
        "width",
        "height",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    ),
}
_CHUNK = 1 << 20


def kind_of(obj) -> str | None:
    if isinstance(obj, get_document_model()):
        return DOCUMENT
    if isinstance(obj, get_image_model()):
        return IMAGE
    return None


def file_sha256(name: str) -> str:
    """SHA-256 of a stored file's bytes ("" when the file is missing)."""
    try:
        key = (name, default_storage.size(name), default_storage.get_modified_time(name).timestamp())
    except (FileNotFoundError, OSError, NotImplementedError):
        return ""
    if key not in _sha256_cache:
        if len(_sha256_cache) > 1024:
            _sha256_cache.clear()
        _sha256_cache[key] = _read_sha256(name)
    return _sha256_cache[key]


# (name, size, mtime) -> SHA-256: a public file is checked on every download without reading it
# each time; any rewrite of the file changes its size or time and is read afresh.
_sha256_cache: dict[tuple, str] = {}


def _read_sha256(name: str) -> str:
    digest = hashlib.sha256()
    try:
        with default_storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError):
        return ""
    return digest.hexdigest()


def fingerprint(obj) -> dict:
    """What the public gets of one document or image: its file's bytes and the values shown beside it."""
    kind = kind_of(obj)
    name = obj.file.name if obj.file else ""
    shown = {field: getattr(obj, field) for field in SHOWN_FIELDS[kind] if field != "file"}
    return {"kind": kind, "id": obj.pk, "file": name, "sha256": file_sha256(name) if name else "", **shown}


def _file_models() -> dict[int, tuple[str, type]]:
    """Reference-index content type id -> (kind, model) for documents and images."""
    models = {DOCUMENT: get_document_model(), IMAGE: get_image_model()}
    return {ReferenceIndex._get_base_content_type(model).id: (kind, model) for kind, model in models.items()}


def used_files(obj) -> list:
    """The documents and images a page object (e.g. a revision's release) shows, in a stable order."""
    models = _file_models()
    wanted: dict[str, set[int]] = {}
    for content_type_id, object_id, _, _ in ReferenceIndex._extract_references_from_object(obj):
        if content_type_id in models and str(object_id).isdigit():
            wanted.setdefault(models[content_type_id][0], set()).add(int(object_id))
    found = []
    for kind, model in models.values():
        if wanted.get(kind):
            found.extend(sorted(model.objects.filter(pk__in=wanted[kind]), key=lambda f: f.pk))
    return found


def manifest_of(revision: Revision, obj=None) -> list[dict]:
    """The fingerprints of every file a revision shows, as they stand now.

    `obj` is the revision's `as_object()` when the caller has it already (it costs a
    deserialisation of the whole release, inside the publishing transaction at go-live).
    """
    return [fingerprint(f) for f in used_files(obj if obj is not None else revision.as_object())]


def signature_digest(revision: Revision, manifest: list[dict]) -> str:
    """SHA-256 over the revision's content and the fingerprints of its files: what exactly was approved.

    A revision that shows no file has the digest of its content alone, as sign-offs recorded
    before files were covered did.
    """
    payload = revision.content if not manifest else {"content": revision.content, "files": manifest}
    canonical = json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Signed:
    """What a sign-off records: the digest and the file fingerprints it covers."""

    digest: str
    manifest: list[dict]


def sign(revision: Revision, obj=None) -> Signed:
    """The revision's digest and file fingerprints; `obj` as in manifest_of()."""
    manifest = manifest_of(revision, obj)
    return Signed(digest=signature_digest(revision, manifest), manifest=manifest)


def changed_files(signed_manifest: Iterable[dict], current_manifest: Iterable[dict]) -> list[str]:
    """Plain words for each file that differs between what was signed and what stands now."""
    before = {(f["kind"], f["id"]): f for f in signed_manifest}
    after = {(f["kind"], f["id"]): f for f in current_manifest}
    changes = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        label = f"{key[0]} {key[1]}"
        if old is None:
            changes.append(f"{label} added")
        elif new is None:
            changes.append(f"{label} missing")
        elif old != new:
            fields = ", ".join(sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k)))
            changes.append(f"{label} ({old.get('title') or ''}) changed: {fields}")
    return changes


def matches_signed(obj) -> bool:
    """Whether a public file is exactly what the sign-offs of the live releases showing it covered.

    Pages that are not signed-off releases (historical records, other page types) ask nothing
    more; a release whose sign-off recorded this file must still have it byte for byte.
    """
    from disclosure.guard import approved_task_states_of  # guard imports this module (it signs revisions)
    from disclosure.models import SignOff  # models import this module

    kind = kind_of(obj)
    page_type = ContentType.objects.get_for_model(Page)
    shown_by = ReferenceIndex.get_references_to(obj).filter(base_content_type=page_type).values("object_id")
    live_revisions = list(
        Page.objects.live()
        .annotate(pk_text=Cast("pk", CharField()))
        .filter(pk_text__in=shown_by, live_revision__isnull=False)
        .values_list("live_revision_id", flat=True)
    )
    if not live_revisions:
        return True
    states = approved_task_states_of(live_revisions).values("pk")
    recorded = [
        entry
        for manifest in SignOff.objects.filter(task_state__in=states).values_list("manifest", flat=True)
        for entry in manifest
        if entry.get("kind") == kind and entry.get("id") == obj.pk
    ]
    if not recorded:
        return True
    current = fingerprint(obj)
    return all(entry == current for entry in recorded)


# -- which releases lock a file --------------------------------------------------------------


def _release_revisions_in_play() -> list[Revision]:
    """Revisions of disclosed pages waiting in a workflow (the submitted and the latest) or scheduled."""
    from disclosure.releases import disclosed_content_type_ids  # imports releases: late, for app loading

    types = disclosed_content_type_ids()
    in_progress = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,  # changes requested: back with the drafter, nothing signed
        content_type_id__in=types,
    ).select_related("current_task_state")
    revision_ids = {ws.current_task_state.revision_id for ws in in_progress if ws.current_task_state}
    page_ids = [int(ws.object_id) for ws in in_progress]
    revision_ids |= set(
        Page.objects.filter(pk__in=page_ids, latest_revision__isnull=False).values_list("latest_revision_id", flat=True)
    )
    scheduled = Revision.objects.filter(approved_go_live_at__isnull=False, content_type_id__in=types)
    revision_ids |= set(scheduled.values_list("pk", flat=True))
    return list(Revision.objects.filter(pk__in=revision_ids).order_by("pk"))


def locking_releases(obj) -> list[tuple[str, str]]:
    """(title, state) of each disclosed page (release, event, governance page) in the workflow, scheduled
    or live that shows this file."""
    from disclosure.releases import disclosed_content_type_ids  # imports releases: late, for app loading

    kind = kind_of(obj)
    if kind is None or obj.pk is None:
        return []
    found: dict[str, tuple[str, str]] = {}
    page_type = ContentType.objects.get_for_model(Page)
    users = ReferenceIndex.get_references_to(obj).filter(base_content_type=page_type).values("object_id")
    live = (
        Page.objects.live()
        .filter(content_type_id__in=disclosed_content_type_ids())
        .annotate(pk_text=Cast("pk", CharField()))
        .filter(pk_text__in=users)
        .values_list("pk", "title")
    )
    for pk, title in live:
        found[str(pk)] = (title, "live")
    for revision in _release_revisions_in_play():
        if str(revision.object_id) in found:
            continue
        page = revision.as_object()
        if any(kind_of(f) == kind and f.pk == obj.pk for f in used_files(page)):
            state = "scheduled" if revision.approved_go_live_at else "in the Disclosure Policy workflow"
            found[str(revision.object_id)] = (page.title, state)
    return sorted(found.values())


def lock_message(obj, releases: list[tuple[str, str]]) -> str:
    what = "document" if kind_of(obj) == DOCUMENT else "image"
    named = "; ".join(f"“{title}” ({state})" for title, state in releases[:5])
    more = f" and {len(releases) - 5} more" if len(releases) > 5 else ""
    return (
        f"This {what} is part of what a spokesperson signed: {named}{more}. It cannot be changed or deleted. "
        f"Upload the new file as a new {what} and use it in a new revision of the page, which needs approval."
    )
