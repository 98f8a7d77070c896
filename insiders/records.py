"""The committee's changes to the insider records: permanent insiders and each person's details.

Each change is a new InsiderListChange (a new version of every list it touches) and an audit
trail entry (disclosure.insider_list_changed); nothing is edited in place without a trace or
deleted. Views and exports are logged here too (disclosure.insider_list_viewed / _exported).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.functional import LazyObject, empty

from wagtail.log_actions import log

from disclosure.actions import INSIDER_LIST_CHANGED_ACTION, INSIDER_LIST_EXPORTED_ACTION, INSIDER_LIST_VIEWED_ACTION
from insiders import models as m
from insiders.notices import notify_insider
from insiders.recording import insider_for_user


def _concrete(user):
    """The user itself: django-otp wraps request.user in a lazy object around Django's lazy object, and
    Wagtail's log() looks up the log model by the type it sees (one level of wrapping only), so it would
    silently log nothing."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def log_read(user, what: str, fmt: str = "") -> None:
    """An insider list was shown (fmt "") or exported (fmt "csv", "xlsx") to `user`: in the audit trail."""
    user = _concrete(user)
    action = INSIDER_LIST_EXPORTED_ACTION if fmt else INSIDER_LIST_VIEWED_ACTION
    data = {"list": what, "person": user.get_username()}
    if fmt:
        data["format"] = fmt.upper()
    log(instance=user, action=action, user=user, data=data)


def _changed(user, what: str, change: str, person: str) -> None:
    user = _concrete(user)
    log(
        instance=user,
        action=INSIDER_LIST_CHANGED_ACTION,
        user=user,
        data={"list": what, "change": change, "person": user.get_username(), "insider": person},
    )


@transaction.atomic
def add_permanent(user, *, by) -> m.PermanentInsider:
    """Put `user` in the permanent insiders section (again, if they were removed); refused if there already."""
    insider = insider_for_user(user)
    current = m.PermanentInsider.objects.filter(insider=insider, until__isnull=True).first()
    if current is not None:
        raise ValueError(f"{insider} is a permanent insider already (since {current.since:%Y-%m-%d %H:%M} UTC).")
    now = timezone.now()
    entry = m.PermanentInsider.objects.create(insider=insider, since=now, added_by=by)
    m.InsiderListChange.objects.create(
        insider=insider,
        kind=m.InsiderListChange.ADDED,
        at=now,
        by=by,
        row={**insider.snapshot(), "included_at": now.isoformat(), "removed_at": ""},
    )
    _changed(by, "permanent insiders", "added", str(insider))
    transaction.on_commit(lambda: notify_insider(insider, None))
    return entry


@transaction.atomic
def remove_permanent(entry: m.PermanentInsider, *, by) -> m.PermanentInsider:
    entry = m.PermanentInsider.objects.select_for_update().get(pk=entry.pk)
    if entry.until is not None:
        raise ValueError(f"{entry.insider} was removed from the permanent section already.")
    now = timezone.now()
    entry.until, entry.removed_by = now, by
    entry.save(update_fields=["until", "removed_by"])
    m.InsiderListChange.objects.create(
        insider=entry.insider,
        kind=m.InsiderListChange.CEASED,
        at=now,
        by=by,
        row={"removed_at": now.isoformat()},
    )
    _changed(by, "permanent insiders", "removed", str(entry.insider))
    return entry


@transaction.atomic
def update_details(insider: m.Insider, *, by) -> list[m.InsiderListChange]:
    """After the committee saved `insider`'s details: a new version of every list they are on."""
    now = timezone.now()
    changes = []
    row = insider.snapshot()
    for release_id in m.InsiderAccess.objects.filter(insider=insider).values_list("release_id", flat=True):
        changes.append(
            m.InsiderListChange(
                release_id=release_id, insider=insider, kind=m.InsiderListChange.DETAILS, at=now, by=by, row=row
            )
        )
    if m.PermanentInsider.objects.filter(insider=insider).exists():
        changes.append(m.InsiderListChange(insider=insider, kind=m.InsiderListChange.DETAILS, at=now, by=by, row=row))
    m.InsiderListChange.objects.bulk_create(changes)
    _changed(by, f"{len(changes)} list(s)", "details updated", str(insider))
    return changes
