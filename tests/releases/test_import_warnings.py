"""Import warns before it creates: the same release already exists, or its release time has passed.

Pasting the same text twice used to make two identical drafts without a word, and a release dated
months ago became a draft whose sign-off would publish it at once under that old date. Now the
importer stops, says so (linking to the release that exists) and creates nothing until the drafter
ticks "Create anyway".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
import time_machine
from bs4 import BeautifulSoup

from releases.models import PressReleasePage
from releases.wire_import import import_warnings, parse_wire_text

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "press-release-2011-12-02-private-placement.txt"
REFERENCE = SAMPLE.read_text(encoding="utf-8")  # dated December 2, 2011
# The same release dated ahead of the frozen clock below: no "past" warning.
AHEAD = REFERENCE.replace("December 2, 2011", "December 2, 2031").replace("Dec. 2, 2011", "Dec. 2, 2031")
NOW = dt.datetime(2031, 6, 1, 14, tzinfo=dt.UTC)
URL = "/admin/releases/import/"


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=True):
        yield


def warnings_box(response) -> BeautifulSoup | None:
    return BeautifulSoup(response.content, "html.parser").find(id="import-warnings")


def acknowledged(response) -> str:
    return response.context["form"]["acknowledged"].value()


def test_the_same_text_twice_warns_with_a_link_and_creates_nothing(admin_client, newsroom):
    """The second paste stops at a warning linking to the first draft; "Create anyway" then makes the second."""
    first = admin_client.post(URL, {"text": AHEAD, "release_time": "08:00"})
    assert first.status_code == 302
    existing = PressReleasePage.objects.get()

    again = admin_client.post(URL, {"text": AHEAD, "release_time": "08:00"})
    assert again.status_code == 200
    box = warnings_box(again)
    assert box is not None and "Nothing has been created yet" in box.get_text()
    (duplicate,) = box.select('[data-warning="duplicate"]')
    assert "Tecogen Raises Over $2.9 Million" in duplicate.get_text()
    assert "December 2, 2031" in duplicate.get_text()
    assert duplicate.find("a")["href"] == f"/admin/pages/{existing.pk}/edit/"
    assert not box.select('[data-warning="past"]')
    assert PressReleasePage.objects.count() == 1
    soup = BeautifulSoup(again.content, "html.parser")
    assert soup.find(id="id_create_anyway") is not None
    assert soup.find(id="id_text").get_text().strip().startswith("December 2, 2031")  # the text is kept

    confirmed = admin_client.post(
        URL, {"text": AHEAD, "release_time": "08:00", "create_anyway": "on", "acknowledged": acknowledged(again)}
    )
    assert confirmed.status_code == 302
    assert PressReleasePage.objects.count() == 2


def test_a_release_date_in_the_past_warns_that_sign_off_would_publish_it_at_once(admin_client, newsroom):
    """A 2011 release: the warning names its time in ET and what sign-off would do; nothing is created."""
    response = admin_client.post(URL, {"text": REFERENCE, "release_time": "09:30"})
    assert response.status_code == 200
    (past,) = warnings_box(response).select('[data-warning="past"]')
    assert "December 2, 2011 09:30 ET, has passed" in past.get_text()
    assert "goes public at once, under that old date" in past.get_text()
    assert PressReleasePage.objects.count() == 0


def test_a_release_ahead_with_no_twin_is_created_without_a_question(admin_client, newsroom):
    """No warnings, no confirm step: the import goes straight to the editor, and the form shows no checkbox."""
    page = admin_client.get(URL)
    assert BeautifulSoup(page.content, "html.parser").find(id="id_create_anyway") is None
    response = admin_client.post(URL, {"text": AHEAD, "release_time": "08:00"})
    assert response.status_code == 302
    assert PressReleasePage.objects.count() == 1


def test_create_anyway_counts_only_for_the_warnings_it_was_shown(admin_client, newsroom):
    """Ticking the box without having seen these warnings (or after changing the text) asks again."""
    response = admin_client.post(
        URL, {"text": REFERENCE, "release_time": "08:00", "create_anyway": "on", "acknowledged": "something else"}
    )
    assert response.status_code == 200 and warnings_box(response) is not None
    assert PressReleasePage.objects.count() == 0
    shown = acknowledged(response)
    changed = REFERENCE.replace("December 2, 2011", "March 5, 2012").replace("Dec. 2, 2011", "March 5, 2012")
    response = admin_client.post(
        URL, {"text": changed, "release_time": "08:00", "create_anyway": "on", "acknowledged": shown}
    )
    assert response.status_code == 200 and "March 5, 2012" in warnings_box(response).get_text()
    assert PressReleasePage.objects.count() == 0


def test_an_upload_that_warns_comes_back_as_text_to_confirm(admin_client, newsroom):
    """A file input cannot be refilled: the confirm step holds the uploaded text in the text box instead."""
    upload = SimpleUploadedFile("release.txt", REFERENCE.encode(), content_type="text/plain")
    response = admin_client.post(URL, {"file": upload, "release_time": "08:00"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form["text"].value() == REFERENCE.replace("\\$", "$")
    confirmed = admin_client.post(
        URL,
        {
            "text": form["text"].value(),
            "release_time": "08:00",
            "create_anyway": "on",
            "acknowledged": acknowledged(response),
        },
    )
    assert confirmed.status_code == 302
    assert PressReleasePage.objects.get().title == "Tecogen Raises Over $2.9 Million"


def test_the_page_says_how_releases_go_out_here(admin_client, newsroom):
    """Not "published in the editor": submitted for review, signed off by spokespersons, public at its release time."""
    text = " ".join(BeautifulSoup(admin_client.get(URL).content, "html.parser").get_text().split())
    assert "published in the editor" not in text
    assert "submitted for review" in text
    assert "signed off by the spokespersons" in text
    assert "goes public at its release time" in text


def test_duplicates_are_the_same_headline_on_the_same_market_day(newsroom):
    """Case and spaces aside, same headline and same ET date: a duplicate; the day before is not."""
    parsed = parse_wire_text(AHEAD)
    assert import_warnings(parsed, newsroom, dt.time(8), now=NOW) == []
    PressReleasePage.objects.all().delete()
    newsroom.add_child(
        instance=PressReleasePage(
            title="TECOGEN RAISES OVER $2.9 MILLION ",
            release_at=dt.datetime(2031, 12, 3, 4, 30, tzinfo=dt.UTC),  # 11:30 p.m. ET on December 2
            dateline_city="WALTHAM",
            wire="prnewswire",
            live=False,
        )
    )
    (warning,) = import_warnings(parsed, newsroom, dt.time(8), now=NOW)
    assert warning.code == "duplicate"
    PressReleasePage.objects.update(release_at=dt.datetime(2031, 12, 2, 4, 30, tzinfo=dt.UTC))  # December 1 ET
    assert import_warnings(parsed, newsroom, dt.time(8), now=NOW) == []
