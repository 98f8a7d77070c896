"""Subscribing, confirming, changing topics, leaving and erasure: each step is a consent record.

The sign-up answers the same whatever the address (`request_subscription` returns nothing a page
could tell apart): a new or pending address is sent a confirmation link, an active one a message
with its personal link to change topics, so nobody learns from the form who is subscribed. Sign-ups
are rate-limited per client address and per e-mail address (alerts/throttle.py), so the form
cannot be used to bomb an inbox.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from alerts import messages
from alerts.models import ConsentRecord, Delivery, Subscriber, address_digest, new_key, normalise

# Deliveries not yet sent: an unsubscribe, suppression or erasure stops them, even one claimed by a worker
# right now (alerts/sending.py re-reads its batch every quarter second).
OPEN = [Delivery.PENDING, Delivery.SENDING]
CONSENT_VERSION = "2026-12-01"
CONSENT_TEXT = (
    "I want to receive e-mail alerts from {company} when it publishes press releases on the topics I chose. "
    "I can change my topics or unsubscribe at any time with the link in every message. "
    "My address is used for these alerts only and is not shared."
)


def consent_text(company: str) -> str:
    return CONSENT_TEXT.format(company=company)


@dataclass(frozen=True)
class Topics:
    all_releases: bool
    categories: tuple  # Category instances (empty with all_releases)

    def labels(self) -> list[str]:
        return ["All press releases"] if self.all_releases else sorted(c.name for c in self.categories)


@dataclass(frozen=True)
class Client:
    """Who is asking, as the consent record keeps it."""

    user_agent: str = ""
    address: str = ""


def _record(subscriber, action, client=None, *, text="", topics=None, detail="") -> ConsentRecord:
    client = client or Client()
    return ConsentRecord.objects.create(
        subscriber=subscriber,
        email=subscriber.email,
        email_digest=address_digest(subscriber.email),
        action=action,
        user_agent=client.user_agent[:1000],
        client_address=client.address[:64],
        text=text,
        text_version=CONSENT_VERSION if text else "",
        topics=topics if topics is not None else subscriber.topic_labels(),
        detail=detail,
    )


def _set_topics(subscriber: Subscriber, topics: Topics) -> None:
    subscriber.all_releases = topics.all_releases
    subscriber.save(update_fields=["all_releases"])
    subscriber.categories.set([] if topics.all_releases else list(topics.categories))


def request_subscription(email: str, topics: Topics, client: Client, company: str) -> None:
    """Someone asked to subscribe `email`: send the confirmation (or, if already subscribed, the manage link)."""
    email = normalise(email)
    text = consent_text(company)
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.select_for_update().get_or_create(email=email)
        if subscriber.status == Subscriber.SUPPRESSED:
            # Bounced addresses are not written to from the form (it cannot undo a suppression).
            _record(subscriber, ConsentRecord.REQUESTED, client, text=text, topics=topics.labels(), detail="suppressed")
            return
        if subscriber.status == Subscriber.ACTIVE:
            _record(subscriber, ConsentRecord.REQUESTED, client, text=text, topics=topics.labels(), detail="active")
            transaction.on_commit(lambda: messages.send_subscription_message.enqueue(subscriber.pk, "already"))
            return
        subscriber.status = Subscriber.PENDING
        subscriber.confirmation_sent_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmation_sent_at"])
        _set_topics(subscriber, topics)
        _record(subscriber, ConsentRecord.REQUESTED, client, text=text, topics=topics.labels())
        transaction.on_commit(lambda: messages.send_subscription_message.enqueue(subscriber.pk, "confirm"))


def confirm(subscriber: Subscriber, client: Client, company: str) -> bool:
    """The confirmation link was followed: the subscription is active. False if it already was."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.ACTIVE:
            return False
        if subscriber.status == Subscriber.SUPPRESSED:
            return False
        subscriber.status = Subscriber.ACTIVE
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        _record(subscriber, ConsentRecord.CONFIRMED, client, text=consent_text(company))
    return True


def change_topics(subscriber: Subscriber, topics: Topics, client: Client) -> None:
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        _set_topics(subscriber, topics)
        _record(subscriber, ConsentRecord.TOPICS_CHANGED, client, topics=topics.labels())


def unsubscribe(subscriber: Subscriber, client: Client, *, how: str) -> bool:
    """Leave at once: no further message, including those of an alert being sent right now. False if already out."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status in (Subscriber.UNSUBSCRIBED, Subscriber.SUPPRESSED):
            return False
        subscriber.status = Subscriber.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        Delivery.objects.filter(subscriber=subscriber, status__in=OPEN).update(status=Delivery.CANCELLED)
        _record(subscriber, ConsentRecord.UNSUBSCRIBED, client, detail=how)
    return True


def suppress(subscriber: Subscriber, reason: str) -> None:
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.SUPPRESSED:
            return
        subscriber.status = Subscriber.SUPPRESSED
        subscriber.suppressed_at = timezone.now()
        subscriber.suppression_reason = reason
        subscriber.save(update_fields=["status", "suppressed_at", "suppression_reason"])
        Delivery.objects.filter(subscriber=subscriber, status__in=OPEN).update(status=Delivery.SUPPRESSED)
        _record(subscriber, ConsentRecord.SUPPRESSED, detail=reason)


def erase(subscriber: Subscriber, *, by, reason: str) -> str:
    """Delete on request: the address goes; its consent history stays as a tombstone (digest only).

    Returns the digest, which finds the tombstone again if the person asks what was kept.
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        digest = address_digest(subscriber.email)
        Delivery.objects.filter(subscriber=subscriber, status__in=OPEN).update(status=Delivery.CANCELLED)
        ConsentRecord.objects.create(
            subscriber=None,
            email="",
            email_digest=digest,
            action=ConsentRecord.ERASED,
            topics=[],
            detail=f"Erased on request by {by.get_username()}: {reason}".strip(),
        )
        # The address and what could identify the person (their browser, their IP address) go; the
        # digest, the steps, their times and the texts agreed to stay: the proof of consent.
        ConsentRecord.objects.filter(email_digest=digest).update(
            email="", subscriber=None, user_agent="", client_address=""
        )
        subscriber.key = new_key()  # void every link even before the row goes
        subscriber.delete()
    return digest
