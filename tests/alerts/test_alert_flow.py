"""An investor's whole path through a real SMTP server: sign up, confirm, an alert, one click out."""

from urllib.parse import urlsplit

from django.test import Client

import pytest

from alerts.models import Alert, ConsentRecord, Delivery, Subscriber
from alerts.subscriptions import CONSENT_VERSION
from tests.support.alerts import link, one_click, release_now, sign_up

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chromium/156"


def test_sign_up_confirm_alert_and_one_click_unsubscribe(client, newsroom, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, "Investor@Example.com", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302 and response["Location"] == "/alerts/check-your-inbox/"
    (confirmation,) = smtp.wait_for(1)
    assert confirmation.to == "investor@example.com"
    assert Subscriber.objects.get().status == Subscriber.PENDING

    confirm = link(confirmation.text(), "confirm")
    assert "Confirm my e-mail alerts" in client.get(confirm).content.decode()
    assert Subscriber.objects.get().status == Subscriber.PENDING, "opening the link alone confirms nothing"
    assert client.post(confirm, HTTP_USER_AGENT=BROWSER).status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.ACTIVE

    consents = list(ConsentRecord.objects.filter(subscriber=subscriber))
    assert [c.action for c in consents] == ["requested", "confirmed"]
    assert all(c.user_agent == BROWSER and c.text_version == CONSENT_VERSION for c in consents)
    assert "e-mail alerts from Tecogen Inc." in consents[1].text

    release = release_now(newsroom, django_capture_on_commit_callbacks, title="Tecogen Raises Over $2.9 Million")
    alert = smtp.wait_for(2)[1]
    assert alert.to == "investor@example.com"
    assert alert.message["Subject"] == "Tecogen Raises Over $2.9 Million"
    unsubscribe = str(alert.message["List-Unsubscribe"]).strip()  # a long value is folded onto its own line
    assert unsubscribe.startswith("<http") and "/alerts/unsubscribe/" in unsubscribe and unsubscribe.endswith(">")
    assert alert.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert release.get_full_url() in alert.text() and release.get_full_url() in alert.html()
    assert "45 First Avenue" in alert.text()
    assert link(alert.text(), "manage")
    assert Alert.objects.get().state == Alert.SENT

    provider = Client(enforce_csrf_checks=True)  # no cookie, no CSRF token: the provider's server
    response = one_click(provider, urlsplit(unsubscribe.strip("<>")).path)
    assert response.status_code == 200 and not response.cookies
    assert Subscriber.objects.get().status == Subscriber.UNSUBSCRIBED
    assert ConsentRecord.objects.filter(action="unsubscribed").get().detail == "one-click (RFC 8058)"

    release_now(newsroom, django_capture_on_commit_callbacks, title="Tecogen Announces Second Release")
    assert len(smtp.received) == 2, "nothing is sent after the unsubscribe"
    assert not Delivery.objects.filter(alert__subject="Tecogen Announces Second Release").exists()
