"""Embargoed press previews: a named journalist's personal link to an approved, scheduled release.

- Sent by an active spokesperson or the Disclosure Committee, for a release whose approved
  revision is scheduled (its time still ahead), to one named recipient; the form has them
  confirm the recipient is press, not a market professional (Regulation FD: a preview to an
  analyst or investor would be a selective disclosure).
- The link is a 256-bit secret; only its SHA-256 is stored. It shows the revision that was
  scheduled when it was sent, marked "EMBARGOED until <release time>" on screen and on every
  printed page, and only while that revision is still scheduled for that time: a cancelled or
  withdrawn schedule, a new approval or a new time kills it at the next request. A committee
  member or spokesperson can revoke it too.
- From the release time (or the earlier expiry) on, the link redirects to the public page
  when the release is live, and says it has expired otherwise.
- Every opening (the page or one of its files) is kept with time, address and browser, logged on
  the release's audit trail, and puts the recipient on the release's insider list.
- The preview's files are served under the link only, and only the files that revision shows:
  their public URLs stay 404 until the release is public, and the release is in no listing, feed,
  sitemap or search because of a preview. Responses are private, no-store, noindex, no-referrer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.utils import get_admin_base_url
from wagtail.log_actions import log
from wagtail.models import Revision

from company.ap_style import ap_time, ap_weekday_date
from company.models import CompanyProfile
from disclosure.actions import PRESS_PREVIEW_OPENED_ACTION, PRESS_PREVIEW_REVOKED_ACTION, PRESS_PREVIEW_SENT_ACTION
from disclosure.models import is_active_spokesperson
from disclosure.services import is_compliance
from disclosure.signature import used_files
from insiders import models as m
from insiders.recording import insider_for_guest, record_access
from releases.models import PressReleasePage

VALID, EXPIRED, PUBLIC, REVOKED, WITHDRAWN = "valid", "expired", "public", "revoked", "withdrawn"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def may_send(user) -> bool:
    return is_compliance(user) or is_active_spokesperson(user)


def scheduled_revision(release) -> Revision | None:
    """The release's approved revision waiting for its time (None when nothing is scheduled ahead)."""
    return (
        Revision.page_revisions.filter(
            object_id=str(release.pk), approved_go_live_at__isnull=False, approved_go_live_at__gt=timezone.now()
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def preview_url(token: str) -> str:
    return get_admin_base_url() + reverse("insiders_press_preview", args=[token])


@transaction.atomic
def send_preview(release, *, by, name: str, email: str, outlet: str, expires_at: dt.datetime | None = None):
    """Make a preview link for one recipient and e-mail it; returns (preview, token). Raises ValueError."""
    if not may_send(by):
        raise ValueError("Only an authorized spokesperson or the Disclosure Committee may send a press preview.")
    revision = scheduled_revision(release)
    if revision is None:
        raise ValueError("Only an approved release scheduled for a time still ahead can be previewed by the press.")
    release_at = revision.approved_go_live_at
    now = timezone.now()
    expires_at = expires_at or release_at
    if expires_at > release_at:
        raise ValueError("A press preview expires at the release time at the latest.")
    if expires_at <= now:
        raise ValueError("The expiry must be in the future.")
    token = secrets.token_urlsafe(32)
    preview = m.PressPreview.objects.create(
        release=release,
        revision=revision,
        release_at=release_at,
        expires_at=expires_at,
        recipient_name=name.strip(),
        recipient_email=email.strip().lower(),
        outlet=outlet.strip(),
        token_hash=token_hash(token),
        sent_by=by,
    )
    log(
        instance=release,
        action=PRESS_PREVIEW_SENT_ACTION,
        user=by,
        data={**_who(preview), "expires_at": expires_at.isoformat(), "release_at": release_at.isoformat()},
    )
    body = _message(preview, token)
    company = CompanyProfile.for_default_site().legal_name
    transaction.on_commit(
        lambda: send_mail(f"Embargoed press release from {company}", body, None, [preview.recipient_email]),
        robust=True,
    )
    return preview, token


def _who(preview: m.PressPreview) -> dict:
    return {"recipient": preview.recipient_name, "outlet": preview.outlet, "email": preview.recipient_email}


def _message(preview: m.PressPreview, token: str) -> str:
    profile = CompanyProfile.for_default_site()
    until = embargo_label(preview, profile)
    return (
        f"Dear {preview.recipient_name},\n\n"
        f"{profile.legal_name} shares an upcoming press release with you under embargo.\n\n"
        f"EMBARGOED UNTIL {until}. Nothing of it may be published, shared or traded on before then.\n\n"
        f"Your personal link (for you only; every opening is recorded):\n{preview_url(token)}\n\n"
        "The link stops working at the release time, or earlier if the release is changed or withdrawn.\n"
    )


def market_label(moment: dt.datetime, profile=None) -> str:
    """ "Tuesday, Jan. 5, 2027, 8:00 a.m. ET": a moment in market time, in the site's one AP style."""
    profile = profile or CompanyProfile.for_default_site()
    local = timezone.localtime(moment, profile.tz)
    return f"{ap_weekday_date(local.date())}, {ap_time(local)} {profile.tz_label}"


def embargo_label(preview: m.PressPreview, profile=None) -> str:
    """The preview's release time in market time (market_label)."""
    return market_label(preview.release_at, profile)


def find(token: str) -> m.PressPreview | None:
    if not token or len(token) > 100:
        return None
    return m.PressPreview.objects.select_related("release", "revision").filter(token_hash=token_hash(token)).first()


def state(preview: m.PressPreview, now: dt.datetime | None = None) -> str:
    """What the link does now: VALID shows the preview; PUBLIC redirects; the rest say why not."""
    now = now or timezone.now()
    if preview.revoked_at is not None:
        return REVOKED
    if now >= preview.release_at or now >= preview.expires_at:
        live = PressReleasePage.objects.filter(pk=preview.release_id, live=True).exists()
        return PUBLIC if live and now >= preview.release_at else EXPIRED
    still = Revision.objects.filter(pk=preview.revision_id, approved_go_live_at=preview.release_at).exists()
    return VALID if still else WITHDRAWN


def opened(preview: m.PressPreview, request, path: str = "") -> None:
    """One opening: kept, logged on the release's audit trail, and the recipient on its insider list."""
    address = request.META.get("REMOTE_ADDR") or None
    agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    with transaction.atomic():
        m.PressPreviewOpening.objects.create(preview=preview, address=address, user_agent=agent, path=path[:300])
        log(
            instance=preview.release.specific,
            action=PRESS_PREVIEW_OPENED_ACTION,
            data={**_who(preview), "address": address or "", "path": path},
        )
        insider = insider_for_guest(preview.recipient_email, name=preview.recipient_name, company=preview.outlet)
        if not insider.function:
            insider.function = f"Journalist ({preview.outlet}): received an embargoed press preview"
            insider.save(update_fields=["function"])
        record_access(preview.release_id, how=m.PRESS_PREVIEW, insider=insider, address=address)


@transaction.atomic
def revoke(preview: m.PressPreview, *, by, reason: str) -> m.PressPreview:
    if not may_send(by):
        raise ValueError("Only an authorized spokesperson or the Disclosure Committee may revoke a press preview.")
    if not reason.strip():
        raise ValueError("Give the reason for revoking the preview.")
    preview = m.PressPreview.objects.select_for_update().get(pk=preview.pk)
    if preview.revoked_at is not None:
        raise ValueError("This preview was revoked already.")
    preview.revoked_at, preview.revoked_by, preview.revoke_reason = timezone.now(), by, reason.strip()
    preview.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    log(
        instance=preview.release.specific,
        action=PRESS_PREVIEW_REVOKED_ACTION,
        user=by,
        data={**_who(preview), "reason": preview.revoke_reason},
    )
    return preview


# -- the files a preview shows ------------------------------------------------------------------

_FILE_URL = re.compile(r"""(?P<attr>(?:src|href|srcset)=["'])(?P<url>/(?:documents|media)/[^"'\\s]+)""")


def rewrite_file_urls(html: str, token: str) -> str:
    """Point the page's document and image URLs at the preview's own file URLs."""
    base = reverse("insiders_press_preview", args=[token])
    return _FILE_URL.sub(lambda match: match["attr"] + base + "file" + match["url"], html)


def shown_files(preview: m.PressPreview) -> list:
    """The documents and images the previewed revision shows (disclosure.signature.used_files)."""
    return used_files(preview.revision.as_object())
