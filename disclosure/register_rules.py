"""The register's dates keep their word: the rules the service and the admin form both apply.

Plain functions of datetimes (no model imports: disclosure.forms, which disclosure.models
imports, uses them too).

- A designation takes effect when it is recorded or later. An earlier start is a
  *historical entry*: allowed only with a written reason, and logged as such.
- A revocation takes effect when it is recorded or later (the person stays active until
  then, in every check: SpokespersonQuerySet.active()), never before the designation began.
- A form round-trip costs time: a moment entered in the admin's date-time widget (to the
  minute) up to TOLERANCE before the moment it is recorded counts as "now", and is stored
  as that moment, so the register never holds a start or an end earlier than its record
  unless the entry says it is historical.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import pre_delete
from django.utils import timezone

TOLERANCE = dt.timedelta(minutes=2)


def _shown(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z")


def effective_from_for(value: dt.datetime | None, *, now: dt.datetime, historical_reason: str = "") -> dt.datetime:
    """The start to record for a new designation entered at `now`, or ValidationError."""
    historical_reason = (historical_reason or "").strip()
    if value is None:
        if historical_reason:
            raise ValidationError("A historical entry needs the date it took effect.")
        return now
    if value >= now - TOLERANCE:
        if historical_reason:
            raise ValidationError(
                "Only a designation that took effect before today's entry is historical: clear the reason."
            )
        return max(value, now)
    if not historical_reason:
        raise ValidationError(
            f"A designation cannot take effect before it is entered ({_shown(value)} is in the past). "
            "If it is a historical entry, say so and give the reason."
        )
    return value


def effective_until_for(value: dt.datetime | None, *, now: dt.datetime, effective_from: dt.datetime) -> dt.datetime:
    """The end to record for a revocation entered at `now` (None: now, or the start if that is later)."""
    if value is None:
        return max(now, effective_from)
    if value < now - TOLERANCE:
        raise ValidationError(
            f"A revocation takes effect now or later, not in the past ({_shown(value)}): leave it empty for now."
        )
    value = max(value, now)
    if value < effective_from:
        raise ValidationError(
            f"A designation cannot end before it began ({_shown(effective_from)}): give its start or a later time."
        )
    return value


def same_minute(a: dt.datetime | None, b: dt.datetime | None) -> bool:
    """Equal as the admin's date-time widget shows them (to the minute); rows hold seconds."""
    if a is None or b is None:
        return a is b
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def check_designator(designee, by, *, verb: str = "designate") -> None:
    """Separation of duties: one committee member designates or revokes another, never themselves.

    `by` is already known to be a committee member (is_compliance). A superuser holds no
    Disclosure Policy power, so designating one would record a power that does not exist.
    """
    if designee is not None and by is not None and designee.pk == by.pk:
        raise ValidationError(
            f"Nobody may {verb} themselves: another member of the Disclosure Committee must {verb} you."
        )
    if verb == "designate" and designee is not None and getattr(designee, "is_superuser", False):
        raise ValidationError(
            "A superuser holds no Disclosure Policy power and cannot be designated: remove the administrator "
            "status first."
        )


def refuse_delete(sender, instance, **kwargs) -> None:
    """pre_delete: register and committee rows are never deleted (QuerySet.delete() and bulk actions included)."""
    raise PermissionDenied(f"A {sender._meta.verbose_name} is never deleted: the register keeps every entry.")


def connect_register_guard() -> None:
    """Called once from DisclosureConfig.ready()."""
    from disclosure.models import CommitteeMembershipChange, Spokesperson  # models import this module (via forms)

    for model in (Spokesperson, CommitteeMembershipChange):
        pre_delete.connect(refuse_delete, sender=model, dispatch_uid=f"disclosure-never-delete-{model.__name__}")
