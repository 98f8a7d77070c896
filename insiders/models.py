"""The insider list's records (EU MAR Art. 18; template of Implementing Regulation (EU) 2022/1210, Annex I).

- `Insider`: the details of one person the template asks for, kept by the Disclosure Committee.
  A user of the admin has one record, made the first time they are an insider (names and
  e-mail from the account); a journalist who opened an embargoed press preview has one by e-mail.
  The personal fields (date of birth, national ID, personal phone, home address) are optional.
- `InsiderAccess`: one person's access to one release (its first moment is the time access was
  obtained; how: opened the editor, edited, reviewed, ...). Written by insiders.recording, never
  by hand; the time access ceased is the release's going public (or its withdrawal).
- `PermanentInsider`: the section of those with access to all inside information, kept by the
  committee (added, and removed with a time: nothing is deleted).
- `InsiderListChange`: every change to a list, time-stamped, with the row as it then stood, so
  that every earlier version of a list stays readable (insiders.lists.as_of).
- `Acknowledgement`: an insider's acknowledgement of the duties, with its time.

Nothing here is updated in place or deleted by the product; corrections of details are new
versions (InsiderListChange keeps each). The lists point at their release without a database
constraint (DO_NOTHING): the author may delete a draft nobody submitted, and the record of who
had access to it stays, under its id.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from wagtail.models import Page

# How a person obtained access (the first one is kept on InsiderAccess; each is a change).
OPENED_EDITOR = "opened_editor"
PREVIEWED = "previewed"
EDITED = "edited"
COMMENTED = "commented"
SUBMITTED = "submitted"
REVIEWED = "reviewed"
SIGNED_OFF = "signed_off"
SCHEDULED = "scheduled"
DOWNLOADED_FILE = "downloaded_file"
PRESS_PREVIEW = "press_preview"
ACTED = "acted"
ACCESS_KINDS = [
    (OPENED_EDITOR, "Opened the release in the editor"),
    (PREVIEWED, "Previewed the release"),
    (EDITED, "Edited the release"),
    (COMMENTED, "Commented on the release"),
    (SUBMITTED, "Submitted the release for approval"),
    (REVIEWED, "Reviewed the release"),
    (SIGNED_OFF, "Signed off the release"),
    (SCHEDULED, "Scheduled or rescheduled the release"),
    (DOWNLOADED_FILE, "Downloaded an embargoed attachment or image"),
    (PRESS_PREVIEW, "Opened an embargoed press preview"),
    (ACTED, "Acted on the release in the admin"),
]
ACCESS_LABELS = dict(ACCESS_KINDS)


class Insider(models.Model):
    """One person's details, in the template's fields (the committee completes and corrects them)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="insider_record",
        help_text="The admin account, for people who work in it; empty for a journalist.",
    )
    email = models.EmailField(help_text="Where the notice of inclusion and its acknowledgement link go.")
    first_names = models.CharField("first name(s)", max_length=150, blank=True)
    surnames = models.CharField("surname(s)", max_length=150, blank=True)
    birth_surnames = models.CharField("birth surname(s) (if different)", max_length=150, blank=True)
    professional_phone = models.CharField(
        "professional telephone number(s)", max_length=100, blank=True, help_text="Direct line and mobile."
    )
    company_name = models.CharField("company name", max_length=200, blank=True)
    company_address = models.CharField("company address", max_length=300, blank=True)
    function = models.CharField(
        "function and reason for being an insider",
        max_length=300,
        blank=True,
        help_text="E.g. “Director of Investor Relations: drafts the release”.",
    )
    # The template's personal fields: optional, seen only by the committee.
    date_of_birth = models.DateField(null=True, blank=True)
    national_id = models.CharField("national identification number", max_length=100, blank=True)
    personal_phone = models.CharField("personal telephone numbers", max_length=100, blank=True)
    home_address = models.CharField(
        "personal full home address", max_length=300, blank=True, help_text="Street, number, city, post code, country."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["surnames", "first_names", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=models.Q(user=None), name="insider_external_email")
        ]

    def __str__(self) -> str:
        name = " ".join(part for part in (self.first_names, self.surnames) if part)
        return name or self.email

    def snapshot(self) -> dict:
        """The details as they stand, for a version of a list (InsiderListChange.row)."""
        return {
            "first_names": self.first_names,
            "surnames": self.surnames,
            "birth_surnames": self.birth_surnames,
            "professional_phone": self.professional_phone,
            "company_name": self.company_name,
            "company_address": self.company_address,
            "function": self.function,
            "email": self.email,
            "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else "",
            "national_id": self.national_id,
            "personal_phone": self.personal_phone,
            "home_address": self.home_address,
        }


class InsiderAccess(models.Model):
    """A person's access to a release: when and how they first had it."""

    release = models.ForeignKey(Page, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    insider = models.ForeignKey(Insider, on_delete=models.PROTECT, related_name="accesses")
    obtained_at = models.DateTimeField(help_text="The first access (UTC).")
    how = models.CharField(max_length=32, choices=ACCESS_KINDS)
    address = models.GenericIPAddressField(null=True, blank=True, help_text="Of a press preview's opening.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["release", "insider"], name="insider_access_once")]
        ordering = ["obtained_at", "pk"]

    def __str__(self) -> str:
        return f"{self.insider} on release #{self.release_id} since {self.obtained_at:%Y-%m-%d %H:%M} UTC"


class PermanentInsider(models.Model):
    """The permanent insiders section: access to all inside information, from `since` until `until`."""

    insider = models.ForeignKey(Insider, on_delete=models.PROTECT, related_name="permanent")
    since = models.DateTimeField(default=timezone.now)
    until = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["since", "pk"]

    def __str__(self) -> str:
        return f"{self.insider}, permanent insider since {self.since:%Y-%m-%d %H:%M} UTC"


class InsiderListChange(models.Model):
    """One change to a list (a release's section, or the permanent one when `release` is empty), time-stamped."""

    ADDED, CEASED, DETAILS, ACKNOWLEDGED = "added", "ceased", "details", "acknowledged"
    KINDS = [(ADDED, "Added"), (CEASED, "Access ceased"), (DETAILS, "Details updated"), (ACKNOWLEDGED, "Acknowledged")]

    release = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    insider = models.ForeignKey(Insider, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=16, choices=KINDS)
    at = models.DateTimeField(default=timezone.now)
    row = models.JSONField(help_text="The insider's row as it stood after this change.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        where = f"release #{self.release_id}" if self.release_id else "permanent insiders"
        return f"{where}: {self.insider} {self.get_kind_display().lower()} at {self.at:%Y-%m-%d %H:%M} UTC"


class Acknowledgement(models.Model):
    """An insider's acknowledgement of the legal and regulatory duties (by the link in their notice)."""

    insider = models.ForeignKey(Insider, on_delete=models.PROTECT, related_name="acknowledgements")
    release = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    notified_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    text = models.TextField(blank=True, help_text="The duties exactly as they were acknowledged.")
    text_version = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["notified_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["insider", "release"], name="insider_notified_once")]

    def __str__(self) -> str:
        state = (
            f"acknowledged {self.acknowledged_at:%Y-%m-%d %H:%M} UTC" if self.acknowledged_at else "not acknowledged"
        )
        return f"{self.insider}: {state}"


class PressPreview(models.Model):
    """A named journalist's personal link to an approved, scheduled release, until its release time at the latest.

    The link carries a secret (secrets.token_urlsafe(32)); only its SHA-256 is stored, so the
    table does not open previews. It shows the revision that was scheduled when it was sent, and
    only while that revision is still scheduled for that time (insiders.previews.state).
    """

    release = models.ForeignKey(Page, on_delete=models.PROTECT, related_name="+")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.PROTECT, related_name="+")
    release_at = models.DateTimeField(
        help_text="The release time the revision was scheduled for when the link was sent."
    )
    expires_at = models.DateTimeField(help_text="The release time, or earlier.")
    recipient_name = models.CharField("journalist's name", max_length=150)
    recipient_email = models.EmailField("journalist's e-mail address")
    outlet = models.CharField("publication or outlet", max_length=200)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"Press preview of release #{self.release_id} for {self.recipient_name} ({self.outlet})"


class PressPreviewOpening(models.Model):
    """One opening of a press preview link (the page, or one of its files)."""

    preview = models.ForeignKey(PressPreview, on_delete=models.PROTECT, related_name="openings")
    at = models.DateTimeField(default=timezone.now)
    address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.preview.recipient_name} opened {self.path or 'the preview'} at {self.at:%Y-%m-%d %H:%M:%S} UTC"
