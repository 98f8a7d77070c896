"""An event's slides and replay are public only while the event page is live and public, like a release's files.

disclosure.files serves `/documents/<id>/<name>` only once a live page without view restrictions
uses the document (Wagtail's reference index, against the page's live row): event pages are such
pages, so a deck uploaded for tomorrow's call is a 404 today.
"""

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import make_document
from tests.support.events import make_event, republish

pytestmark = pytest.mark.django_db


@pytest.fixture
def deck(media_on_disk):
    return make_document(title="Q4 2026 results presentation", name="q4-2026-slides.pdf")


@pytest.fixture
def replay(media_on_disk):
    return make_document(title="Q4 2026 call recording", content=b"ID3 demo audio", name="q4-2026-replay.mp3")


def test_slides_of_a_draft_event_are_not_served(client, index, deck):
    """An event not published yet: its slides are a 404, the same as a document that never existed."""
    make_event(index, slides=deck, publish=False)
    response = client.get(deck.url)
    assert response.status_code == 404
    assert response.content == client.get(f"/documents/{deck.pk + 100}/{deck.filename}").content


def test_slides_and_replay_are_served_once_the_event_is_live(client, index, deck, replay):
    """Published: both files are served to anyone, as public files."""
    make_event(index, slides=deck, replay_document=replay)
    for document in (deck, replay):
        response = client.get(document.url)
        assert response.status_code == 200
        assert "public" in response["Cache-Control"]


def test_files_go_private_again_when_the_event_is_withdrawn(client, index, deck):
    """Unpublished: the slides are a 404 again."""
    event = make_event(index, slides=deck)
    assert client.get(deck.url).status_code == 200
    event.unpublish()
    assert client.get(deck.url).status_code == 404


def test_slides_added_by_a_draft_of_a_live_event_wait_for_its_publication(client, index, deck):
    """A live event whose draft adds the slides: the slides stay private until that draft is published."""
    event = make_event(index)
    draft = event.get_latest_revision_as_object()
    draft.slides = deck
    draft.save_revision()
    assert client.get(deck.url).status_code == 404
    republish(event, slides=deck)
    assert client.get(deck.url).status_code == 200


def test_files_of_a_restricted_event_are_not_public(client, index, deck):
    """An event behind a view restriction (a password) is not public: nor are its slides."""
    event = make_event(index, slides=deck)
    PageViewRestriction.objects.create(page=event, restriction_type=PageViewRestriction.PASSWORD, password="x")  # noqa: S106
    assert client.get(deck.url).status_code == 404


def test_admin_users_see_a_draft_events_slides(client, index, deck, django_user_model):
    """The team preparing the event opens its slides before it is public, with no cache allowed to keep them."""
    make_event(index, slides=deck, publish=False)
    client.force_login(django_user_model.objects.create_superuser("editor", password="x"))  # noqa: S106
    response = client.get(deck.url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_slides_are_public_the_moment_the_event_is_published_without_waiting_for_the_worker(
    client, index, deck, settings
):
    """With a real task queue (nothing runs until a worker does), the slides are served at once on publication."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    make_event(index, slides=deck)
    assert client.get(deck.url).status_code == 200
