"""A draft or preview of a release that is not public says so; the public page, its cache and its feeds never do.

An editor looking at a preview must not mistake an embargoed text for the live page (and a
screenshot of it must not pass for one); the banner exists only under Wagtail's
`request.is_preview`, so nothing public can carry it.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.test import RequestFactory

import pytest
import time_machine

from disclosure.embargo import due, publish_scheduled_revision
from releases.models import PressReleasePage
from releases.response_cache import HIT_HEADER
from tests.factories import make_release
from tests.support.workflow import EMBARGO_RELEASE_AT, approved

pytestmark = pytest.mark.django_db

BANNER = "Not public"
BEFORE = EMBARGO_RELEASE_AT - dt.timedelta(days=2)
AFTER = EMBARGO_RELEASE_AT + dt.timedelta(minutes=5)
HOST = {"HTTP_HOST": "localhost"}  # the default Site's host: the one a preview's dummy request uses


@pytest.fixture(autouse=True)
def response_cache_on(settings):
    settings.IR_RESPONSE_CACHE_SECONDS = 300


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", password="pw")  # noqa: S106


@pytest.fixture
def scheduled(newsroom, roles):
    """Third quarter results, signed off two days before its release time (Wed 2 Dec 2026, 10:30 a.m. ET)."""
    with time_machine.travel(BEFORE, tick=True):
        page = approved(newsroom, roles)
    assert not page.live
    return page


def go_live(page) -> PressReleasePage:
    """The embargo publisher's pass at the release time."""
    with time_machine.travel(AFTER, tick=True):
        for revision_id, due_at in due():
            publish_scheduled_revision(revision_id, due_at)
    page = PressReleasePage.objects.get(pk=page.pk)
    assert page.live
    return page


def test_view_draft_of_an_embargoed_release_carries_the_banner(client, editor, scheduled):
    """The draft view says "Not public — embargoed until" the release time in market time, and is never cached."""
    client.force_login(editor)
    with time_machine.travel(BEFORE, tick=True):
        response = client.get(f"/admin/pages/{scheduled.pk}/view_draft/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="not-public"' in html
    assert "embargoed until" in html
    assert "Wednesday, Dec. 2, 2026, 10:30 a.m. ET" in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_draft_whose_release_time_has_passed_says_sign_off_would_publish_it_at_once(client, editor, newsroom):
    """A draft dated in the past is not public either, and the banner says what signing it off would do."""
    page = make_release(
        newsroom, title="Old news", publish=False, release_at=dt.datetime(2020, 3, 2, 14, tzinfo=dt.UTC)
    )
    client.force_login(editor)
    html = client.get(f"/admin/pages/{page.pk}/view_draft/").content.decode()
    assert "its release time has passed" in html
    assert "Monday, March 2, 2020, 9:00 a.m. ET" in html
    assert "would publish it at once" in html


def test_a_draft_without_a_release_time_says_so(newsroom):
    """An unsaved release with no time yet (the create view's preview) is 'draft, no release time set'."""
    request = RequestFactory().get("/")
    request.is_preview = True
    page = PressReleasePage(title="Untimed", release_at=None)
    assert page.not_public_notice(request) == {"state": "draft"}
    request.is_preview = False
    assert page.not_public_notice(request) is None


def test_the_public_page_never_carries_the_banner_even_from_the_cache(client, editor, scheduled):
    """Preview first (banner), then the release goes live: the public page, its cached copy and the feed show none."""
    with time_machine.travel(BEFORE, tick=True):
        preview = scheduled.make_preview_request()  # no cookies: a request the public cache would otherwise take
        assert BANNER in preview.content.decode()
        assert client.get(scheduled.url, **HOST).status_code == 404
    live = go_live(scheduled)
    with time_machine.travel(AFTER + dt.timedelta(minutes=1), tick=True):
        first = client.get(live.url, **HOST)
        second = client.get(live.url, **HOST)
        feed = client.get("/news/feed/rss/", **HOST)
        client.force_login(editor)
        preview_of_live = client.get(f"/admin/pages/{live.pk}/view_draft/")
    assert first.status_code == 200 and second.get(HIT_HEADER) == "hit"
    for response in (first, second, feed, preview_of_live):
        assert BANNER not in response.content.decode()
        assert 'class="not-public"' not in response.content.decode()
    assert "Third quarter results" in feed.content.decode()


def test_a_preview_is_never_answered_from_nor_stored_in_the_public_cache(client, newsroom):
    """With the public page cached, a preview of a new draft shows the draft; the public URL keeps the live text."""
    page = make_release(newsroom, title="Turbine order signed")
    client.get(page.url, **HOST)
    assert client.get(page.url, **HOST).get(HIT_HEADER) == "hit"
    draft = PressReleasePage.objects.get(pk=page.pk)
    draft.title = "Turbine order signed (draft wording)"
    draft.save_revision()
    preview = draft.get_latest_revision_as_object().make_preview_request()
    assert preview.get(HIT_HEADER) != "hit"
    assert "draft wording" in preview.content.decode()
    public = client.get(page.url, **HOST)
    assert public.get(HIT_HEADER) == "hit"
    assert "draft wording" not in public.content.decode()
