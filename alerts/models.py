"""E-mail alerts: who asked for them (with their consent on record), and every message owed to them.

* `Subscriber`: one address, its topics (all releases, or chosen categories) and its state:
  pending (asked, not yet confirmed), active, unsubscribed or suppressed (bounced too often).
  `key` is a per-subscriber secret in every personal link (alerts/tokens.py); the links stop
  working when the subscriber is erased.
* `ConsentRecord`: every step of the subscription as it happened (asked, confirmed, topics
  changed, unsubscribed, suppressed, erased): time, address, user agent, the exact text agreed to
  and its version. Never edited; an erasure blanks the address in them and keeps its digest (the
  tombstone), so the record of consent outlives the personal data.
* `Alert`: one per public version of a release (v1 when it goes public, each correction after),
  created only after the publishing transaction has committed.
* `Delivery`: one row per (alert, subscriber), the unit of exactly-once sending
  (alerts/sending.py): pending → sending (claimed by one worker) → sent, or retried, failed,
  suppressed, cancelled.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone


def new_key() -> str:
    return secrets.token_urlsafe(18)


def address_digest(email: str) -> str:
    """The tombstone of an address: SHA-256 of its normalised form (finds an erased address's history)."""
    return hashlib.sha256(normalise(email).encode()).hexdigest()


def normalise(email: str) -> str:
    return email.strip().lower()


class Subscriber(models.Model):
    PENDING = "pending"
    ACTIVE = "active"
    UNSUBSCRIBED = "unsubscribed"
    SUPPRESSED = "suppressed"
    STATUS_CHOICES = [
        (PENDING, "Waiting for confirmation"),
        (ACTIVE, "Subscribed"),
        (UNSUBSCRIBED, "Unsubscribed"),
        (SUPPRESSED, "Suppressed (bounced)"),
    ]

    email = models.EmailField(max_length=254, unique=True)
    status = models.CharField(max_length=16, choices=STATUS_CHOICES, default=PENDING, db_index=True)
    all_releases = models.BooleanField(default=True)
    categories = models.ManyToManyField("releases.Category", blank=True, related_name="+")
    key = models.CharField(max_length=32, default=new_key, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    bounce_count = models.PositiveIntegerField(default=0)
    suppressed_at = models.DateTimeField(null=True, blank=True)
    suppression_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["email"]
        permissions = [("export_subscriber", "Can export subscribers")]

    def __str__(self) -> str:
        return self.email

    def topic_labels(self) -> list[str]:
        if self.all_releases:
            return ["All press releases"]
        return [category.name for category in self.categories.all()]


class ConsentRecord(models.Model):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    TOPICS_CHANGED = "topics_changed"
    UNSUBSCRIBED = "unsubscribed"
    SUPPRESSED = "suppressed"
    ERASED = "erased"
    ACTION_CHOICES = [
        (REQUESTED, "Asked to subscribe"),
        (CONFIRMED, "Confirmed the subscription"),
        (TOPICS_CHANGED, "Changed topics"),
        (UNSUBSCRIBED, "Unsubscribed"),
        (SUPPRESSED, "Suppressed after bounces"),
        (ERASED, "Erased on request"),
    ]

    subscriber = models.ForeignKey(Subscriber, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    email = models.CharField(max_length=254, blank=True)
    email_digest = models.CharField(max_length=64, db_index=True)
    action = models.CharField(max_length=20, choices=ACTION_CHOICES)
    at = models.DateTimeField(default=timezone.now)
    user_agent = models.TextField(blank=True)
    client_address = models.CharField(max_length=64, blank=True)
    text = models.TextField(blank=True, help_text="The exact text agreed to or shown.")
    text_version = models.CharField(max_length=32, blank=True)
    topics = models.JSONField(default=list, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.email or self.email_digest[:12]} {self.at:%Y-%m-%d %H:%M}"


class Alert(models.Model):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    CANCELLED = "cancelled"
    STATE_CHOICES = [(QUEUED, "Queued"), (SENDING, "Sending"), (SENT, "Sent"), (CANCELLED, "Stopped (withdrawn)")]

    version = models.OneToOneField("releases.ReleaseVersion", on_delete=models.PROTECT, related_name="alert")
    page_id = models.PositiveIntegerField(db_index=True)
    subject = models.CharField(max_length=300)
    state = models.CharField(max_length=12, choices=STATE_CHOICES, default=QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    fanned_out_at = models.DateTimeField(null=True, blank=True)
    first_sent_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SUPPRESSED = "suppressed"
    CANCELLED = "cancelled"
    STATUS_CHOICES = [
        (PENDING, "Queued"),
        (SENDING, "Sending"),
        (SENT, "Sent"),
        (FAILED, "Failed"),
        (SUPPRESSED, "Suppressed"),
        (CANCELLED, "Stopped"),
    ]

    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=12, choices=STATUS_CHOICES, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "subscriber"], name="one_delivery_per_subscriber_and_alert")
        ]
        indexes = [models.Index(fields=["alert", "status", "next_attempt_at"], name="alerts_delivery_due")]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.subscriber_id} ({self.status})"
