"""Two people for a change of the company profile: one saves it, a Disclosure Committee member confirms it.

The profile is on every public page (names and listing, logo and brand colour, IR contacts,
transfer agent, the legal notice's legend), and no signature covers it. Saving Admin →
Settings → Company profile therefore changes nothing public: `propose` records the new values
beside those they replace (disclosure.models.ProfileChange); `confirm`, by a committee member
who did not save it, writes them to the profile (its save empties the caches as any profile
change does); `withdraw` drops it. One change waits at a time, so a confirmation always
applies exactly what was shown; one whose fields were changed meanwhile (by code) is refused
as stale. Each step is logged and in the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.log_actions import log

from company.models import CompanyProfile
from disclosure.actions import PROFILE_CONFIRM_ACTION, PROFILE_PROPOSE_ACTION, PROFILE_WITHDRAW_ACTION
from disclosure.models import ProfileChange
from disclosure.services import is_compliance

NOT_SET = "(empty)"


def profile_fields() -> list:
    """The profile's own fields a change may touch: every concrete field but its key and its site."""
    return [f for f in CompanyProfile._meta.concrete_fields if f.name not in ("id", "site")]


def stored_values(profile: CompanyProfile) -> dict[str, Any]:
    """`{field name: stored value}` (a foreign key as its id): what a change records and compares."""
    return {f.name: getattr(profile, f.attname) for f in profile_fields()}


def related_objects(changes) -> dict[tuple[str, Any], Any]:
    """`{(field name, id): object}` for every related value (the logo) these changes name: one query a field."""
    wanted: dict[str, set] = {}
    for change in changes:
        for values in (change.before, change.values):
            for name, value in values.items():
                field = CompanyProfile._meta.get_field(name)
                if field.is_relation and value not in (None, ""):
                    wanted.setdefault(name, set()).add(value)
    found = {}
    for name, ids in wanted.items():
        for obj in CompanyProfile._meta.get_field(name).related_model.objects.filter(pk__in=ids):
            found[(name, obj.pk)] = obj
    return found


def shown(field_name: str, value: Any, related: dict) -> str:
    """A stored value as a person reads it: a choice's label, an image's title (from `related`,
    related_objects' answer), "(empty)"."""
    field = CompanyProfile._meta.get_field(field_name)
    if value in (None, ""):
        return NOT_SET
    if field.is_relation:
        target = related.get((field_name, value))
        return f"“{target}” (id {value})" if target is not None else f"id {value} (deleted)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def image_url(field_name: str, value: Any) -> str:
    """For an image field (the logo), the image's page in Admin → Images, where the confirmer sees it; else ''."""
    field = CompanyProfile._meta.get_field(field_name)
    if value in (None, "") or not field.is_relation or field.related_model is not get_image_model():
        return ""
    return reverse("wagtailimages:edit", args=[value])


def rows(change: ProfileChange, related: dict | None = None) -> list[dict[str, str]]:
    """The change as a table: field label, value before, value after (an image with the link to look at it),
    in the profile's field order. A list of changes passes `related_objects(changes)`."""
    order = [f.name for f in profile_fields()]
    if related is None:
        related = related_objects([change])
    return [
        {
            "label": str(CompanyProfile._meta.get_field(name).verbose_name).capitalize(),
            "before": shown(name, change.before.get(name), related),
            "after": shown(name, change.values[name], related),
            "before_url": image_url(name, change.before.get(name)),
            "after_url": image_url(name, change.values[name]),
        }
        for name in sorted(change.values, key=order.index)
    ]


def _changes_text(change: ProfileChange) -> dict[str, str]:
    return {row["label"]: f"{row['before']} → {row['after']}" for row in rows(change)}


def _log(change: ProfileChange, action: str, *, by) -> None:
    profile = CompanyProfile.for_site(change.site)
    log(
        instance=profile,
        action=action,
        user=by,
        data={"change": change.pk, "proposed_by": change.proposed_by.get_username(), "changes": _changes_text(change)},
    )


def pending(site=None):
    changes = ProfileChange.objects.filter(status=ProfileChange.PENDING).select_related("proposed_by", "site")
    return changes.filter(site=site) if site is not None else changes


def may_confirm(change: ProfileChange, user) -> bool:
    return change.status == ProfileChange.PENDING and is_compliance(user) and change.proposed_by_id != user.pk


@transaction.atomic
def propose(current: CompanyProfile, edited: CompanyProfile, *, by) -> ProfileChange | None:
    """Record `edited`'s differences from `current` (the same profile) as a change to confirm; None if none differ.

    `edited` has been validated (the admin form's clean). Refused while another change waits.
    """
    before, after = stored_values(current), stored_values(edited)
    changed = {name: value for name, value in after.items() if before[name] != value}
    if not changed:
        return None
    if pending(current.site).exists():
        raise ValidationError(
            "A change of the company profile already waits for confirmation: a committee member confirms or "
            "withdraws it first (Settings → Company profile changes)."
        )
    change = ProfileChange.objects.create(
        site=current.site, values=changed, before={name: before[name] for name in changed}, proposed_by=by
    )
    _log(change, PROFILE_PROPOSE_ACTION, by=by)
    return change


@transaction.atomic
def confirm(change: ProfileChange, *, by) -> ProfileChange:
    """A committee member who did not save the change confirms it: the profile takes its values now."""
    change = ProfileChange.objects.select_for_update().get(pk=change.pk)
    if not is_compliance(by):
        raise PermissionDenied("Only a member of the Disclosure Committee confirms a company profile change.")
    if change.status != ProfileChange.PENDING:
        raise ValidationError("This change has already been decided.")
    if change.proposed_by_id == by.pk:
        raise PermissionDenied("A second person must confirm: nobody confirms a profile change they saved.")
    profile = CompanyProfile.objects.select_for_update().get(site=change.site)
    now_stored = stored_values(profile)
    if any(now_stored[name] != value for name, value in change.before.items()):
        raise ValidationError(
            "The profile's values have changed since this change was saved: withdraw it and save the change again."
        )
    for name, value in change.values.items():
        setattr(profile, CompanyProfile._meta.get_field(name).attname, value)
    try:
        profile.full_clean(exclude=["site"])
    except ValidationError as exc:
        raise ValidationError(f"The change no longer passes the profile's checks: {' '.join(exc.messages)}") from exc
    profile.save()
    change.status, change.decided_by, change.decided_at = ProfileChange.CONFIRMED, by, timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    _log(change, PROFILE_CONFIRM_ACTION, by=by)
    return change


@transaction.atomic
def withdraw(change: ProfileChange, *, by) -> ProfileChange:
    """The person who saved it, or a committee member, withdraws a waiting change: nothing changes."""
    change = ProfileChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ProfileChange.PENDING:
        raise ValidationError("This change has already been decided.")
    if not (is_compliance(by) or change.proposed_by_id == by.pk):
        raise PermissionDenied("Only the person who saved it or a committee member withdraws a profile change.")
    change.status, change.decided_by, change.decided_at = ProfileChange.WITHDRAWN, by, timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    _log(change, PROFILE_WITHDRAW_ACTION, by=by)
    return change
