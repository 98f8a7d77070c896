"""Helpers for the register and committee tests: a second committee member, the admin's forms as posted."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from disclosure.committee import bootstrap

ADMIN_DATETIME = "%Y-%m-%d %H:%M"  # what the admin's date-time widget shows and posts, in ET
ADD_URL = "wagtailsnippets_disclosure_spokesperson:add"
EDIT_URL = "wagtailsnippets_disclosure_spokesperson:edit"


def admin_time(moment=None) -> str:
    return timezone.localtime(moment or timezone.now()).strftime(ADMIN_DATETIME)


def with_counsel(roles) -> dict:
    """The roles fixture plus `counsel`, a second committee member (seeded as the fixture seeds compliance)."""
    people = dict(roles)
    people["counsel"] = get_user_model().objects.create_user("counsel", password="pw", first_name="Counsel")  # noqa: S106
    bootstrap([people["counsel"]], reason="Test: a second member, so the two-person rule can apply.")
    people["superuser"] = get_user_model().objects.create_superuser("superuser", password="pw")  # noqa: S106
    return people


def register_form(designation=None, **overrides) -> dict:
    """The Spokesperson form as the admin posts it: from an existing designation, or blank."""
    data = {
        "user": "",
        "title": "",
        "effective_from": "",
        "historical_reason": "",
        "effective_until": "",
        "revocation_reason": "",
        "note": "",
    }
    if designation is not None:
        data.update(
            user=designation.user_id,
            title=designation.title,
            effective_from=admin_time(designation.effective_from),
            historical_reason=designation.historical_reason,
            effective_until=admin_time(designation.effective_until) if designation.effective_until else "",
            revocation_reason=designation.revocation_reason,
            note=designation.note,
        )
    data.update(overrides)
    return data


def add_url() -> str:
    return reverse(ADD_URL)


def edit_url(designation) -> str:
    return reverse(EDIT_URL, args=(designation.pk,))


def bulk_delete_url(designation) -> str:
    return reverse("wagtail_bulk_action", args=("disclosure", "spokesperson", "delete")) + f"?id={designation.pk}"
