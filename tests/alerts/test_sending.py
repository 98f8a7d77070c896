"""Sending through a real SMTP server: once each, retried when the server says later, stopped when it must."""

import datetime as dt

from django.utils import timezone

import pytest
import time_machine

from alerts.models import Alert, ConsentRecord, Delivery, Subscriber
from alerts.sending import RETRY_AFTER, SUPPRESS_AFTER_BOUNCES, cancel_for_page, queue_alert, send_due
from alerts.subscriptions import Client, unsubscribe
from releases.corrections import latest_version
from tests.factories import CategoryFactory, make_release
from tests.support.alerts import active_subscribers, release_now
from tests.support.corrections import corrected

pytestmark = pytest.mark.django_db


def _queued(newsroom, **fields):
    """A release public now whose alert exists and is not yet sent (the commit hook is not run)."""
    release = make_release(newsroom, release_at=timezone.now(), **fields)
    return release, queue_alert(latest_version(release).pk)


def test_each_subscriber_gets_one_message_per_release(newsroom, smtp, django_capture_on_commit_callbacks):
    subscribers = active_subscribers(25)
    release_now(newsroom, django_capture_on_commit_callbacks, title="Tecogen Reports Results")
    received = smtp.wait_for(25)
    assert sorted(r.to for r in received) == sorted(s.email for s in subscribers)
    assert len({r.message["Message-ID"] for r in received}) == 25
    assert {r.message["Subject"] for r in received} == {"Tecogen Reports Results"}
    assert send_due(Alert.objects.get().pk) == 0, "a second run sends nothing again"
    assert len(smtp.received) == 25


def test_only_subscribers_of_the_release_topics_are_sent_it(newsroom, smtp, django_capture_on_commit_callbacks):
    financing, results = CategoryFactory(name="Financing"), CategoryFactory(name="Financial results")
    everything, chosen, other = active_subscribers(3)
    for subscriber, category in ((chosen, financing), (other, results)):
        subscriber.all_releases = False
        subscriber.save()
        subscriber.categories.set([category])
    Subscriber.objects.create(email="pending@investors.example")  # never confirmed
    release_now(newsroom, django_capture_on_commit_callbacks, categories=[financing])
    assert sorted(r.to for r in smtp.wait_for(2)) == sorted([everything.email, chosen.email])


def test_history_made_live_is_not_alerted(newsroom, smtp, django_capture_on_commit_callbacks):
    """Importing the archive (releases of 2011 made live today) must not e-mail anyone."""
    active_subscribers(2)
    with django_capture_on_commit_callbacks(execute=True):
        make_release(newsroom, release_at=dt.datetime(2011, 12, 2, 13, 0, tzinfo=dt.UTC))
    assert not Alert.objects.exists() and smtp.received == []


def test_a_temporary_refusal_is_retried_later_and_sent_once(newsroom, smtp):
    later, fine = active_subscribers(2)
    smtp.handler.refuse[later.email] = "451 4.3.0 Mailbox busy, try again later"
    _, alert = _queued(newsroom)
    assert send_due(alert.pk) == 1
    delivery = Delivery.objects.get(subscriber=later)
    assert (delivery.status, delivery.attempts) == (Delivery.PENDING, 1)
    assert "451" in delivery.last_error
    assert send_due(alert.pk) == 0, "not before its back-off"
    smtp.handler.refuse.clear()
    with time_machine.travel(timezone.now() + RETRY_AFTER[0] + dt.timedelta(seconds=1)):
        assert send_due(alert.pk) == 1
    assert sorted(r.to for r in smtp.received) == sorted([later.email, fine.email])
    assert Alert.objects.get().state == Alert.SENT


def test_permanent_refusals_suppress_the_address(newsroom, smtp):
    (gone,) = active_subscribers(1)
    smtp.handler.refuse[gone.email] = "550 5.1.1 No such user"
    for n in range(SUPPRESS_AFTER_BOUNCES):
        _, alert = _queued(newsroom, title=f"Release {n}")
        send_due(alert.pk)
        assert Delivery.objects.get(alert=alert).status == Delivery.FAILED
    gone.refresh_from_db()
    assert gone.status == Subscriber.SUPPRESSED and gone.bounce_count == SUPPRESS_AFTER_BOUNCES
    assert "550" in gone.suppression_reason
    assert ConsentRecord.objects.filter(subscriber=gone, action=ConsentRecord.SUPPRESSED).exists()
    _, alert = _queued(newsroom, title="After suppression")
    send_due(alert.pk)
    assert not Delivery.objects.filter(alert=alert).exists() and smtp.received == []


def test_a_withdrawal_stops_what_is_not_yet_sent(newsroom, smtp):
    active_subscribers(5)
    release, alert = _queued(newsroom)
    cancel_for_page(release.pk)
    assert send_due(alert.pk) == 0 and smtp.received == []
    assert Alert.objects.get().state == Alert.CANCELLED


def test_withdrawing_the_release_cancels_its_queued_deliveries(newsroom, smtp):
    """Through Wagtail's unpublish: the fanned-out deliveries are stopped, not sent."""
    from alerts.sending import fan_out

    active_subscribers(3)
    release, alert = _queued(newsroom)
    fan_out(alert)
    release.unpublish()
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.CANCELLED}
    assert send_due(alert.pk) == 0 and smtp.received == []


def test_an_unsubscribe_stops_the_alert_being_sent(newsroom, smtp):
    from alerts.sending import fan_out

    leaving, staying = active_subscribers(2)
    _, alert = _queued(newsroom)
    fan_out(alert)
    unsubscribe(leaving, Client(), how="test")
    assert send_due(alert.pk) == 1
    assert [r.to for r in smtp.received] == [staying.email]
    assert Delivery.objects.get(subscriber=leaving).status == Delivery.CANCELLED


def test_a_correction_is_alerted_as_one(newsroom, roles, smtp, django_capture_on_commit_callbacks):
    (subscriber,) = active_subscribers(1)
    release = release_now(newsroom, django_capture_on_commit_callbacks, title="Tecogen Raises Capital")
    with django_capture_on_commit_callbacks(execute=True):
        corrected(release, roles)
    first, second = smtp.wait_for(2)
    assert first.message["Subject"] == "Tecogen Raises Capital"
    assert second.message["Subject"] == "Correction: Tecogen Raises Capital"
    assert "/v2/" in second.text() and "correction" in second.text().lower()
    assert second.to == subscriber.email
