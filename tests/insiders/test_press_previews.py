"""Embargoed press previews: one journalist's link, marked embargoed, dead at once when the release changes."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from wagtail.models import PageLogEntry

import pytest
import time_machine

from disclosure.actions import PRESS_PREVIEW_OPENED_ACTION, PRESS_PREVIEW_SENT_ACTION
from disclosure.embargo import Publisher
from disclosure.withdraw import cancel_scheduled_release
from insiders import models as m
from insiders import previews
from tests.factories import make_release
from tests.support.insiders import DRAFTED_AT, RELEASE_AT, insiders_of, preview_link, scheduled_with_files
from tests.support.privacy import login

pytestmark = pytest.mark.django_db

SENT_AT = DRAFTED_AT + dt.timedelta(hours=2)
JOURNALIST = {"name": "Jane Reporter", "email": "jane@wire.example", "outlet": "Energy Wire", "press_not_market": "on"}


@pytest.fixture
def scheduled(newsroom, roles, settings, tmp_path):
    return scheduled_with_files(newsroom, roles, settings, tmp_path)


def send(client, page, **overrides):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("insiders_press_previews", args=[page.pk]), {**JOURNALIST, **overrides})


@pytest.fixture
def sent(client, scheduled):
    """The CEO sends Jane a preview two hours after approval; returns (page, pdf, image, link)."""
    page, pdf, image = scheduled
    with time_machine.travel(SENT_AT, tick=False):
        login(client, "ceo")
        response = send(client, page)
        assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    [message] = [msg for msg in mail.outbox if msg.to == ["jane@wire.example"]]
    assert page.title not in message.body and "EMBARGOED UNTIL Tuesday, Jan. 5, 2027, 8:00 a.m. ET" in message.body
    return page, pdf, image, preview_link(message)


def test_the_journalist_sees_the_release_marked_embargoed_and_is_put_on_the_insider_list(sent):
    page, _, _, link = sent
    journalist = Client(REMOTE_ADDR="198.51.100.7")
    with time_machine.travel(SENT_AT + dt.timedelta(minutes=5), tick=False):
        response = journalist.get(link)
    html = response.content.decode()
    assert response.status_code == 200 and page.title in html
    assert "EMBARGOED until" in html and "Tuesday, Jan. 5, 2027, 8:00 a.m. ET" in html
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives and "public" not in directives
    assert response["X-Robots-Tag"] == "noindex, nofollow" and response["Referrer-Policy"] == "no-referrer"
    assert insiders_of(page)["jane@wire.example"] == (SENT_AT + dt.timedelta(minutes=5), m.PRESS_PREVIEW)
    access = m.InsiderAccess.objects.get(insider__email="jane@wire.example")
    assert access.address == "198.51.100.7" and access.insider.company_name == "Energy Wire"
    opened = PageLogEntry.objects.get(page=page, action=PRESS_PREVIEW_OPENED_ACTION)
    assert opened.data["address"] == "198.51.100.7" and opened.user is None
    assert PageLogEntry.objects.filter(page=page, action=PRESS_PREVIEW_SENT_ACTION).count() == 1


def test_its_files_open_under_the_link_only(sent):
    page, pdf, image, link = sent
    journalist = Client()
    with time_machine.travel(SENT_AT + dt.timedelta(minutes=5), tick=False):
        html = journalist.get(link).content.decode()
        assert f'href="{link}file/documents/{pdf.pk}/{pdf.filename}"' in html
        assert f'href="/documents/{pdf.pk}/' not in html and 'src="/media/' not in html
        assert journalist.get(f"{link}file/documents/{pdf.pk}/{pdf.filename}").status_code == 200
        assert journalist.get(f"{link}file/media/{image.file.name}").status_code == 200
        # The public URLs, the listings and feeds know nothing of it.
        for url in (pdf.url, image.file.url, page.url, "/news/", "/news/feed/rss/", "/sitemap-releases.xml"):
            response = journalist.get(url)
            assert response.status_code == 404 or page.title.encode() not in response.content, url
        # Nothing but the files the previewed revision shows, and nothing outside the storage.
        assert journalist.get(f"{link}file/documents/{pdf.pk + 1}/{pdf.filename}").status_code == 404
        assert journalist.get(f"{link}file/media/../db.sqlite3").status_code == 404
    assert m.PressPreviewOpening.objects.count() == 3


def test_a_withdrawn_schedule_kills_the_link_at_once(sent, roles):
    page, _, _, link = sent
    with time_machine.travel(SENT_AT + dt.timedelta(minutes=10), tick=False):
        cancel_scheduled_release(page.pk, by=roles["ceo"], reason="Deal terms changed")
        response = Client().get(link)
    assert response.status_code == 410 and page.title.encode() not in response.content
    assert b"changed, rescheduled or withdrawn" in response.content


def test_a_revoked_link_is_refused(client, sent, roles):
    page, _, _, link = sent
    preview = m.PressPreview.objects.get()
    with time_machine.travel(SENT_AT + dt.timedelta(minutes=10), tick=False):
        login(client, "compliance")
        empty = client.post(reverse("insiders_press_preview_revoke", args=[preview.pk]), {"reason": " "})
        assert empty.status_code == 302 and m.PressPreview.objects.get().revoked_at is None
        client.post(reverse("insiders_press_preview_revoke", args=[preview.pk]), {"reason": "Sent to the wrong desk"})
        response = Client().get(link)
    assert response.status_code == 410 and b"withdrawn this preview" in response.content


def test_after_the_release_time_the_link_redirects_to_the_public_page(sent):
    page, _, _, link = sent
    with time_machine.travel(RELEASE_AT, tick=False):
        [outcome] = Publisher().run_once()
        assert outcome.status == "published"
        response = Client().get(link)
    assert response.status_code == 302 and response["Location"].endswith(f"/news/{page.slug}/")


def test_an_earlier_expiry_ends_the_link_then(client, scheduled):
    page, _, _ = scheduled
    with time_machine.travel(SENT_AT, tick=False):
        login(client, "ceo")
        send(client, page, expires_at="2027-01-04T17:00")  # 5:00 p.m. ET: 22:00 UTC
    link = preview_link(mail.outbox[-1])
    with time_machine.travel(dt.datetime(2027, 1, 4, 21, 59, tzinfo=dt.UTC), tick=False):
        assert Client().get(link).status_code == 200
    with time_machine.travel(dt.datetime(2027, 1, 4, 22, 0, tzinfo=dt.UTC), tick=False):
        assert Client().get(link).status_code == 410


def test_a_link_nobody_was_sent_is_a_404(sent):
    _, _, _, link = sent
    assert Client().get("/press-preview/not-a-real-token/").status_code == 404
    assert Client().get(link[:-3] + "xx/").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"press_not_market": ""}, b"This field is required"),
        ({"expires_at": "2027-01-05T09:00"}, b"expires at the release time at the latest"),
        ({"expires_at": "2027-01-04T08:00"}, b"The expiry must be in the future"),
        ({"email": "jane at wire"}, b"Enter a valid email address"),
    ],
)
def test_bad_input_sends_nothing(client, scheduled, overrides, error):
    page, _, _ = scheduled
    with time_machine.travel(SENT_AT, tick=False):
        login(client, "ceo")
        response = send(client, page, **overrides)
    assert response.status_code == 400 and error in response.content
    assert m.PressPreview.objects.count() == 0 and not [msg for msg in mail.outbox if "Embargoed" in msg.subject]


@pytest.mark.parametrize("who", ["drafter", "cfo", "admin"])
def test_only_spokespersons_and_the_committee_send_previews(client, scheduled, who, django_user_model):
    page, _, _ = scheduled
    if who == "admin":
        django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    with time_machine.travel(SENT_AT, tick=False):
        login(client, who)
        response = send(client, page)
    assert response.status_code in (302, 403) and m.PressPreview.objects.count() == 0
    # Wagtail's admin answers a refusal with a redirect to the dashboard (and its message), or the login.
    assert response.status_code == 403 or response["Location"] == "/admin/" or "/login/" in response["Location"]


def test_an_unscheduled_release_cannot_be_previewed(client, newsroom, roles):
    page = make_release(newsroom, title="A draft", publish=False, release_at=RELEASE_AT)
    login(client, "ceo")
    response = send(client, page)
    assert response.status_code == 400 and m.PressPreview.objects.count() == 0
    assert previews.scheduled_revision(page) is None
