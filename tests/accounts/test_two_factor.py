"""Spokespersons, the Disclosure Committee and superusers confirm admin sessions with a one-time code."""

import re

from django.contrib.auth import get_user_model

from wagtail.models import ModelLogEntry

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.support.privacy import login
from tests.support.privacy import totp_code as code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required(settings):
    settings.IR_REQUIRE_2FA = True


def test_spokesperson_must_enrol_before_using_the_admin(client, roles):
    """Password only: every admin page sends the CEO to enrolment; a wrong code is refused; the right one lets in."""
    login(client, "ceo")
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response.url.startswith("/admin/2fa/setup/?next=/admin/pages/")
    page = client.get(response.url)
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    device = TOTPDevice.objects.get(user=roles["ceo"], confirmed=False)
    secret = re.search(rb"<code>([A-Z2-7=]+)</code>", page.content).group(1)
    assert len(secret) >= 32

    wrong = client.post("/admin/2fa/setup/", {"token": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == 200 and b"That code is not right" in wrong.content
    assert client.get("/admin/").status_code == 302
    # Right after a wrong code django-otp makes the user wait (throttling), and says so.
    throttled = client.post("/admin/2fa/setup/", {"token": code(device), "next": "/admin/pages/"})
    assert b"Too many wrong codes" in throttled.content

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    done = client.post("/admin/2fa/setup/", {"token": code(device), "next": "/admin/pages/"})
    assert (done.status_code, done.url) == (302, "/admin/pages/")
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert ModelLogEntry.objects.filter(action="disclosure.2fa_enrolled", user=roles["ceo"]).exists()


def test_every_new_session_is_confirmed_with_a_code(client, roles):
    device = TOTPDevice.objects.create(user=roles["compliance"], name="app", confirmed=True)
    login(client, "compliance")
    response = client.get("/admin/disclosure/audit/")
    assert response.url.startswith("/admin/2fa/verify/")
    assert client.post("/admin/2fa/verify/", {"token": "123456"}).status_code == 200
    assert client.get("/admin/disclosure/audit/").status_code == 302
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post("/admin/2fa/verify/", {"token": code(device), "next": "/admin/disclosure/audit/"})
    assert response.url == "/admin/disclosure/audit/"
    assert client.get("/admin/disclosure/audit/").status_code == 200


def test_superusers_need_it_too_but_the_pr_team_does_not(client, roles):
    get_user_model().objects.create_superuser("root", password="pw")  # noqa: S106
    login(client, "root")
    assert client.get("/admin/").url.startswith("/admin/2fa/setup/")
    client.logout()
    login(client, "drafter")
    assert client.get("/admin/").status_code == 200


def test_an_offsite_next_is_ignored(client, roles):
    device = TOTPDevice.objects.create(user=roles["ceo"], name="app", confirmed=True)
    login(client, "ceo")
    response = client.post("/admin/2fa/verify/", {"token": code(device), "next": "https://evil.example/"})
    assert response.url == "/admin/"


def test_the_demo_turns_it_off_explicitly(client, roles, settings):
    from ir_site.settings import dev

    assert dev.IR_REQUIRE_2FA is False
    settings.IR_REQUIRE_2FA = False
    login(client, "ceo")
    assert client.get("/admin/").status_code == 200
