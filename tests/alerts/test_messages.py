"""Each subscriber's copy of an alert, encoded once per alert, is the message Django would build for them."""

import datetime as dt
import email
import email.policy
import email.utils

from django.utils import timezone

import pytest

from alerts.messages import AlertContent, PreparedAlert, alert_message
from alerts.models import Delivery, Subscriber
from alerts.sending import queue_alert
from releases.corrections import latest_version
from tests.factories import make_release
from tests.support.alerts import active_subscribers

pytestmark = pytest.mark.django_db

VARYING = {"date", "content-type"}  # the send time; the multipart boundary is chosen per encoding


def parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(linesep="\r\n"), policy=email.policy.default)


def assert_same_message(prepared, built):
    ours, django = parsed(prepared), parsed(built)
    # Django folds a header longer than 78 characters onto a second line (compat32 leaves a space
    # before the value); ours is one line of under 998: the same value.
    assert [(k, v.strip()) for k, v in ours.items() if k.lower() not in VARYING] == [
        (k, v.strip()) for k, v in django.items() if k.lower() not in VARYING
    ]
    assert ours.get_content_type() == django.get_content_type() == "multipart/alternative"
    for kind in ("plain", "html"):
        assert ours.get_body((kind,)).get_content() == django.get_body((kind,)).get_content()
        assert (
            ours.get_body((kind,))["Content-Transfer-Encoding"] == django.get_body((kind,))["Content-Transfer-Encoding"]
        )
    sent = email.utils.parsedate_to_datetime(ours["Date"])
    sent = sent if sent.tzinfo else sent.replace(tzinfo=dt.UTC)  # "-0000": UTC, said without an offset
    assert abs((timezone.now() - sent).total_seconds()) < 60, "dated when it is sent, not when it was prepared"


def _alert_for(newsroom, **fields):
    release = make_release(newsroom, release_at=timezone.now(), **fields)
    alert = queue_alert(latest_version(release).pk)
    return AlertContent.render(alert), alert


def test_a_subscribers_copy_is_the_message_django_builds_for_them(newsroom):
    content, alert = _alert_for(newsroom, title="Tecogen’s “Tecopower” Wins €2 Million Order — 2026")
    prepared = PreparedAlert(content)
    assert prepared.usable
    first, second = active_subscribers(2)
    for subscriber in (first, second):
        delivery = Delivery.objects.create(alert=alert, subscriber=subscriber)
        copy = prepared.message(delivery, subscriber)
        assert copy.message().as_bytes().count(b"ALERTSLOT") == 0
        assert_same_message(copy, alert_message(content, delivery, subscriber))
        assert parsed(copy)["To"] == subscriber.email
        assert parsed(copy)["Message-ID"] == f"<alert-{alert.pk}.{delivery.pk}@localhost>"
    assert parsed(prepared.message(delivery, first))["List-Unsubscribe"] != parsed(copy)["List-Unsubscribe"], (
        "each copy carries its own subscriber's one-click link"
    )


def test_an_address_that_needs_encoding_is_built_in_full(newsroom):
    content, alert = _alert_for(newsroom)
    subscriber = Subscriber.objects.create(
        email="jörg@investors.example", status=Subscriber.ACTIVE, confirmed_at=timezone.now()
    )
    delivery = Delivery.objects.create(alert=alert, subscriber=subscriber)
    copy = PreparedAlert(content).message(delivery, subscriber)
    assert_same_message(copy, alert_message(content, delivery, subscriber))
    assert parsed(copy)["To"] == "jörg@investors.example"


def test_a_body_django_must_quote_is_built_in_full(newsroom):
    """A line over 998 bytes makes Django quoted-printable-encode the body: no slot survives verbatim."""
    content, alert = _alert_for(newsroom)
    content.html = "<p>" + "word " * 300 + '<a href="{unsubscribe_url}">Unsubscribe</a></p>'
    prepared = PreparedAlert(content)
    assert not prepared.usable
    [subscriber] = active_subscribers(1)
    delivery = Delivery.objects.create(alert=alert, subscriber=subscriber)
    copy = prepared.message(delivery, subscriber)
    assert_same_message(copy, alert_message(content, delivery, subscriber))
    assert b"ALERTSLOT" not in copy.message().as_bytes()
