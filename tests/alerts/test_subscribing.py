"""Signing up: double opt-in, links that cannot be forged or outlive their time, a form that leaks nothing."""

import datetime as dt

from django.utils import timezone

import pytest
import time_machine

from alerts import throttle
from alerts.models import ConsentRecord, Subscriber
from alerts.tokens import make_token
from tests.factories import CategoryFactory
from tests.support.alerts import active_subscribers, link, one_click, retargeted, sign_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_up(client, newsroom, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "new@investors.example")
    return link(smtp.wait_for(1)[0].text(), "confirm")


def test_an_expired_confirmation_link_is_refused(client, signed_up):
    with time_machine.travel(timezone.now() + dt.timedelta(hours=48, minutes=1)):
        response = client.post(signed_up)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.PENDING


def test_a_confirmation_link_within_48_hours_works(client, signed_up):
    with time_machine.travel(timezone.now() + dt.timedelta(hours=47)):
        assert client.post(signed_up).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.ACTIVE


@pytest.mark.parametrize("tamper", ["flip", "other-purpose", "other-subscriber"])
def test_a_forged_link_is_refused_and_changes_nothing(client, signed_up, tamper):
    subscriber = Subscriber.objects.get()
    other = active_subscribers(1)[0]
    if tamper == "flip":
        token = signed_up.rstrip("/").rsplit("/", 1)[1]
        token = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    elif tamper == "other-purpose":
        token = make_token(subscriber, "manage")  # a real token, for another door
    else:
        token = retargeted(make_token(other, "confirm"), subscriber.pk)
    response = client.post(f"/alerts/confirm/{token}/")
    assert response.status_code == 400
    assert Subscriber.objects.get(pk=subscriber.pk).status == Subscriber.PENDING
    assert not ConsentRecord.objects.filter(action=ConsentRecord.CONFIRMED).exists()


def test_the_sign_up_answers_alike_for_known_and_unknown_addresses(client, newsroom, smtp):
    (known,) = active_subscribers(1)
    answers = []
    for address in (known.email, "stranger@investors.example"):
        response = sign_up(client, address)
        answers.append((response.status_code, response["Location"], client.get(response["Location"]).content))
    assert answers[0] == answers[1]


def test_an_active_address_is_sent_its_manage_link_not_a_new_confirmation(
    client, newsroom, smtp, django_capture_on_commit_callbacks
):
    (known,) = active_subscribers(1)
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, known.email.upper())
    (message,) = smtp.wait_for(1)
    assert link(message.text(), "manage") and "/alerts/confirm/" not in message.text()
    assert Subscriber.objects.get().status == Subscriber.ACTIVE


def test_one_address_is_sent_at_most_three_messages_a_day(client, newsroom, smtp, django_capture_on_commit_callbacks):
    for n in range(throttle.MESSAGES_PER_ADDRESS + 2):
        with django_capture_on_commit_callbacks(execute=True):
            response = sign_up(client, "target@victim.example", REMOTE_ADDR=f"192.0.2.{n}")
        assert response.status_code == 302
    assert len(smtp.received) == throttle.MESSAGES_PER_ADDRESS


def test_one_client_is_refused_after_ten_sign_ups_an_hour(client, newsroom, smtp):
    for n in range(throttle.SIGNUPS_PER_CLIENT):
        assert sign_up(client, f"a{n}@investors.example").status_code == 302
    response = sign_up(client, "one-more@investors.example")
    assert response.status_code == 429
    assert "too many sign-ups" in response.content.decode().lower()
    assert not Subscriber.objects.filter(email="one-more@investors.example").exists()


def test_bad_input_gets_a_clear_error_and_changes_nothing(client, newsroom, smtp):
    financing = CategoryFactory(name="Financing")
    cases = [
        ({"email": "not-an-address", "scope": "all", "consent": "on"}, "Enter a valid email address"),
        ({"email": "a@investors.example", "scope": "all"}, "Tick the box to agree"),
        ({"email": "a@investors.example", "scope": "chosen", "consent": "on"}, "Choose at least one topic"),
        ({"email": "a@investors.example", "scope": "chosen", "categories": ["999"], "consent": "on"}, "valid choice"),
        ({"email": "x" * 300 + "@e.example", "scope": "all", "consent": "on"}, "at most 254"),
    ]
    for data, error in cases:
        response = client.post("/alerts/", data)
        assert response.status_code == 200 and error in response.content.decode(), data
    assert not Subscriber.objects.exists() and smtp.received == []
    assert financing.pk


def test_one_click_unsubscribes_only_the_link_s_subscriber(client):
    first, second = active_subscribers(2)
    response = one_click(client, f"/alerts/unsubscribe/{make_token(first, 'unsubscribe')}/")
    assert response.status_code == 200
    assert Subscriber.objects.get(pk=first.pk).status == Subscriber.UNSUBSCRIBED
    assert Subscriber.objects.get(pk=second.pk).status == Subscriber.ACTIVE


def test_a_manage_link_is_not_an_unsubscribe_link(client):
    (subscriber,) = active_subscribers(1)
    response = one_click(client, f"/alerts/unsubscribe/{make_token(subscriber, 'manage')}/")
    assert response.status_code == 410
    assert Subscriber.objects.get().status == Subscriber.ACTIVE


def test_changing_topics_from_the_personal_link_is_recorded(client):
    (subscriber,) = active_subscribers(1)
    results = CategoryFactory(name="Financial results")
    url = f"/alerts/manage/{make_token(subscriber, 'manage')}/"
    response = client.post(url, {"scope": "chosen", "categories": [results.pk], "save": "1"})
    assert response.status_code == 200 and "Saved" in response.content.decode()
    subscriber.refresh_from_db()
    assert not subscriber.all_releases and list(subscriber.categories.all()) == [results]
    assert ConsentRecord.objects.get(action=ConsentRecord.TOPICS_CHANGED).topics == ["Financial results"]
