"""Who had access to a release before it went public, recorded on its own: nobody adds anyone by hand.

Every way into an unpublished release leaves a record here, the first of each person's being
the time their access was obtained:

- every log entry a user makes on it (Wagtail's and ours: created, edited, commented, submitted,
  reviewed, signed off, scheduled, ...): a PageLogEntry post_save;
- opening it in the editor (Wagtail's before_edit_page hook, insiders.wagtail_hooks) and viewing a
  preview, a draft or a revision of it (InsiderAccessMiddleware, below);
- downloading one of its embargoed attachments or images (disclosure.files sends
  unreleased_file_served when it serves one to an admin user);
- opening an embargoed press preview of it (record_access(..., how=PRESS_PREVIEW), by the
  press preview view).

Only while the release has never been public: afterwards, access is no longer to inside
information. A person's first record on a material release also sends them the notice of
inclusion with their acknowledgement link (insiders.notices), after the commit.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from wagtail.models import PageLogEntry

from company.models import CompanyProfile
from disclosure.files import unreleased_file_served
from disclosure.signature import used_files
from insiders import models as m
from insiders.notices import notify_insider
from releases.models import PressReleasePage

logger = logging.getLogger(__name__)

# Log actions on a release, by how they give access (anything else a user logs is "acted").
ACTION_KINDS = {
    "wagtail.create": m.EDITED,
    "wagtail.edit": m.EDITED,
    "wagtail.revert": m.EDITED,
    "wagtail.rename": m.EDITED,
    "wagtail.workflow.start": m.SUBMITTED,
    "wagtail.workflow.resume": m.SUBMITTED,
    "wagtail.workflow.approve": m.REVIEWED,
    "wagtail.workflow.reject": m.REVIEWED,
    "disclosure.sign_off": m.SIGNED_OFF,
    "wagtail.publish.schedule": m.SCHEDULED,
}
PREVIEW_VIEWS = {
    "wagtailadmin_pages:preview_on_edit",
    "wagtailadmin_pages:view_draft",
    "wagtailadmin_pages:revisions_view",
    "wagtailadmin_pages:revisions_compare",
    "wagtailadmin_pages:workflow_preview",
}


def _release(page_or_id) -> PressReleasePage | None:
    pk = getattr(page_or_id, "pk", page_or_id)
    return PressReleasePage.objects.filter(pk=pk).first()


def still_inside(release: PressReleasePage) -> bool:
    """Whether the release's content is still inside information: it has never been public."""
    return release.first_published_at is None and not release.live


def insider_for_user(user) -> m.Insider:
    """The user's insider record, made from their account the first time it is needed."""
    found = m.Insider.objects.filter(user=user).first()
    if found is not None:
        return found
    return m.Insider.objects.create(
        user=user,
        email=user.email or "",
        first_names=user.first_name,
        surnames=user.last_name or user.get_username(),
        company_name=CompanyProfile.for_default_site().legal_name,  # the company's own people
    )


def insider_for_guest(email: str, *, name: str = "", company: str = "") -> m.Insider:
    """A person without an account (a journalist), by e-mail address."""
    email = email.strip().lower()
    found = m.Insider.objects.filter(user=None, email__iexact=email).first()
    if found is not None:
        return found
    first, _, last = name.strip().rpartition(" ")
    return m.Insider.objects.create(email=email, first_names=first, surnames=last or first, company_name=company)


def record_access(
    release, *, how: str, user=None, insider: m.Insider | None = None, at: dt.datetime | None = None, address=None
) -> m.InsiderAccess | None:
    """Record that `user` (or `insider`) had access to `release`; the first record is kept, later ones add nothing.

    Returns the access (new or existing), or None when the release is public already (or not a release).
    """
    release = release if isinstance(release, PressReleasePage) else _release(release)
    if release is None or not still_inside(release):
        return None
    if insider is None:
        if user is None or not user.is_authenticated:
            return None
        insider = insider_for_user(user)
    existing = m.InsiderAccess.objects.filter(release=release, insider=insider).first()
    if existing is not None:
        return existing
    at = at or timezone.now()
    try:
        with transaction.atomic():
            access = m.InsiderAccess.objects.create(
                release=release, insider=insider, obtained_at=at, how=how, address=address
            )
            m.InsiderListChange.objects.create(
                release=release,
                insider=insider,
                kind=m.InsiderListChange.ADDED,
                at=at,
                row={**insider.snapshot(), "obtained_at": at.isoformat(), "how": how},
            )
    except IntegrityError:  # the same person's first access recorded by another request at the same moment
        return m.InsiderAccess.objects.filter(release=release, insider=insider).first()
    if release.is_material:
        transaction.on_commit(lambda: notify_insider(insider, release))
    return access


# -- the listeners ----------------------------------------------------------------------------


def _log_entry_written(sender, instance: PageLogEntry, created: bool, raw=False, **kwargs) -> None:
    if not created or raw or instance.user_id is None:
        return  # record_access finds nothing to record for a page that is no release
    how = ACTION_KINDS.get(instance.action)
    if how is None:
        how = m.COMMENTED if instance.action.startswith("wagtail.comments.") else m.ACTED
    record_access(instance.page_id, how=how, user=instance.user, at=instance.timestamp)


# latest revision id -> {(model, pk)} of the files it shows: a revision never changes, so each is
# read once per process (an admin page of thumbnails asks for many files in a row).
_files_of_revision: dict[int, frozenset] = {}


def _files_shown(release: PressReleasePage) -> frozenset:
    revision_id = release.latest_revision_id
    if revision_id is None:
        return frozenset((type(f), f.pk) for f in used_files(release))
    if revision_id not in _files_of_revision:
        if len(_files_of_revision) > 4096:
            _files_of_revision.clear()
        shown = used_files(release.latest_revision.as_object())
        _files_of_revision[revision_id] = frozenset((type(f), f.pk) for f in shown)
    return _files_of_revision[revision_id]


def _file_served(sender, *, user, obj, **kwargs) -> None:
    """An embargoed file served to an admin user: they had access to every unpublished release showing it."""
    unpublished = PressReleasePage.objects.filter(first_published_at__isnull=True, live=False).select_related(
        "latest_revision"
    )
    for release in unpublished:
        if (type(obj), obj.pk) in _files_shown(release):
            record_access(release, how=m.DOWNLOADED_FILE, user=user)


def opened_in_editor(request, page) -> None:
    """before_edit_page: the editor was opened (or saved) by this user."""
    record_access(page.pk, how=m.OPENED_EDITOR, user=request.user)  # nothing for a page that is no release


class InsiderAccessMiddleware:
    """Records a preview, draft view or revision view of an unpublished release that the admin showed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if response.status_code != 200 or match is None or match.view_name not in PREVIEW_VIEWS:
            return response
        page_id = match.kwargs.get("page_id") or (match.args[0] if match.args else None)
        user = getattr(request, "user", None)
        if page_id is not None and user is not None and user.is_authenticated:
            record_access(int(page_id), how=m.PREVIEWED, user=user)
        return response


def connect_recording() -> None:
    """Called once from InsidersConfig.ready()."""
    post_save.connect(_log_entry_written, sender=PageLogEntry, dispatch_uid="insiders-log-entry")
    unreleased_file_served.connect(_file_served, dispatch_uid="insiders-file-served")
