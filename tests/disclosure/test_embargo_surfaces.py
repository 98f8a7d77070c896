"""Never a byte earlier: every public surface one second before a release's time, and one second after.

A material results release with a PDF attachment and an image, approved the day before and
scheduled for 10:30:00 a.m. ET, is probed anonymously on its URL, the newsroom (listing,
count, year and category filters, search), the home page, the neighbouring release's
previous/next links, every feed, the sitemap, the APIs, the PDF, the image original and a
rendition made by an editor's preview. Before: nothing of it anywhere, and its URLs answer
the very bytes a never-existing URL does. After the publisher's pass at its time: all of it.
"""

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
import time_machine
from PIL import Image as PILImage

from disclosure.embargo import Publisher
from disclosure.schedule import record_exchange_notice
from releases.models import PressReleasePage, ReleaseAttachment
from tests.factories import CategoryFactory, make_release
from tests.support.workflow import decide, submit

pytestmark = pytest.mark.django_db

RELEASE_AT = dt.datetime(2027, 1, 5, 15, 30, tzinfo=dt.UTC)  # Tuesday 10:30:00 a.m. ET
HEADLINE = "Tecogen Reports Record Fourth Quarter Zanzibarite Revenue"
SLUG = "tecogen-reports-record-fourth-quarter"
UNIQUE_WORD = "zanzibarite"


def make_pdf():
    return get_document_model().objects.create(
        title="Q4 financial tables", file=ContentFile(b"%PDF-1.4\n% Q4 tables\n%%EOF\n", name="q4-2026-results.pdf")
    )


def make_image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), "navy").save(buffer, "PNG")
    return get_image_model().objects.create(title="Q4 revenue chart", file=ImageFile(buffer, name="q4-chart.png"))


@pytest.fixture
def world(newsroom, roles, media_on_disk):
    """An older live release, and the results release scheduled with its PDF and image."""
    with time_machine.travel(RELEASE_AT - dt.timedelta(days=1), tick=False) as traveller:
        older = make_release(
            newsroom,
            title="Tecogen Announces New Distributor",
            slug="new-distributor",
            release_at=dt.datetime(2026, 11, 10, 14, tzinfo=dt.UTC),
            categories=[CategoryFactory(name="Products", slug="products")],
        )
        pdf, image = make_pdf(), make_image()
        page = make_release(
            newsroom,
            title=HEADLINE,
            slug=SLUG,
            publish=False,
            release_at=RELEASE_AT,
            body_text=f"Tecogen Inc. today reported {UNIQUE_WORD} revenue for the fourth quarter.",
            categories=[CategoryFactory(name="Financial results", slug="financial-results")],
            is_material=True,
        )
        page.body.append(("image", {"image": image, "alt_text": "Revenue by quarter", "caption": ""}))
        page.attachments.add(ReleaseAttachment(document=pdf, label="Financial tables (PDF)"))
        page.save()  # as the admin's create view does: the row and the child rows
        submit(page, roles["drafter"])
        decide(page, roles["compliance"])
        decide(page, roles["ceo"])
        decide(page, roles["president"])
        record_exchange_notice(page, notified_at=timezone.now(), notified_by=roles["ceo"], by=roles["ceo"])
        # As an editor's preview would: the image rendition now exists as a file.
        rendition = image.get_rendition("max-1200x900")
        yield {
            "traveller": traveller,
            "page": PressReleasePage.objects.get(pk=page.pk),
            "older": older,
            "pdf": pdf,
            "image": image,
            "rendition": rendition,
        }


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_superuser("editor-root", password="pw")  # noqa: S106


def public_surfaces(world):
    """Every public URL that could show the release, by name."""
    return {
        "release page": f"/news/{SLUG}/",
        "newsroom": "/news/",
        "newsroom year filter": "/news/?year=2027",
        "newsroom category filter": "/news/?category=financial-results",
        "newsroom search": f"/news/?q={UNIQUE_WORD}",
        "home page": "/",
        "previous/next of the older release": "/news/new-distributor/",
        "RSS feed": "/news/feed/rss/",
        "Atom feed": "/news/feed/atom/",
        "category RSS feed": "/news/category/financial-results/feed/rss/",
        "category Atom feed": "/news/category/financial-results/feed/atom/",
        "sitemap": "/sitemap-releases.xml",
        "PDF attachment": world["pdf"].url,
        "image original": world["image"].file.url,
        "image rendition": world["rendition"].url,
        "pages API": "/api/v2/pages/",
        "documents API": "/api/v2/documents/",
        "images API": "/api/v2/images/",
    }


FILES = ("PDF attachment", "image original", "image rendition")
NOT_FOUND_TWINS = {
    "release page": "/news/a-slug-that-never-existed/",
    "PDF attachment": "/documents/987654/q4-2026-results.pdf",
    "image original": "/media/original_images/never-uploaded.png",
    "image rendition": "/media/images/never-uploaded.max-1200x900.png",
}


def leaks(response, url: str) -> list[str]:
    """What of the release a response shows (a search page echoing its own query does not count)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    markers = [m for m in (HEADLINE, SLUG, UNIQUE_WORD, "q4-2026-results", "q4-chart") if m not in url]
    found = [marker for marker in markers if marker.encode() in body]
    # The newsroom's filters offer only years and categories that have public releases.
    if b'<option value="2027"' in body:
        found.append("its year")
    category_offered = b'<option value="financial-results"' in body or b"/news/category/financial-results/" in body
    if category_offered and "financial-results" not in url:
        found.append("its category")
    return found


def test_one_second_before_nothing_of_it_is_anywhere(world):
    world["traveller"].move_to(RELEASE_AT - dt.timedelta(seconds=1))
    Publisher().run_once()  # the publisher is running: it must not act a second early
    client = Client()
    for name, url in public_surfaces(world).items():
        response = client.get(url)
        leaked = leaks(response, url)
        assert leaked == [], f"{name} ({url}) leaks {leaked}"
        if name in FILES or name == "release page" or "API" in name:
            assert response.status_code == 404, f"{name} ({url}) answered {response.status_code}"
        if name in NOT_FOUND_TWINS:
            twin = client.get(NOT_FOUND_TWINS[name])
            assert (response.status_code, response.content, response["Content-Type"]) == (
                twin.status_code,
                twin.content,
                twin["Content-Type"],
            ), f"{name} answers differently from a URL that never existed"


def test_editors_see_the_files_before_release(world, editor):
    """Approvers reviewing the draft open its PDF and image; the public does not."""
    world["traveller"].move_to(RELEASE_AT - dt.timedelta(seconds=1))
    superuser_client = Client()
    superuser_client.force_login(editor)
    for url in (world["pdf"].url, world["image"].file.url, world["rendition"].url):
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        if "media" in url:
            assert "no-store" in response["Cache-Control"]


def test_one_second_after_it_is_everywhere(world):
    world["traveller"].move_to(RELEASE_AT)
    [outcome] = Publisher().run_once()
    assert outcome.status == "published" and not outcome.late
    world["traveller"].move_to(RELEASE_AT + dt.timedelta(seconds=1))
    client = Client()
    surfaces = public_surfaces(world)
    expected_text = {
        "release page": HEADLINE,
        "newsroom": HEADLINE,
        "newsroom year filter": HEADLINE,
        "newsroom category filter": HEADLINE,
        "newsroom search": HEADLINE,
        "home page": HEADLINE,
        "previous/next of the older release": SLUG,
        "RSS feed": HEADLINE,
        "Atom feed": HEADLINE,
        "category RSS feed": HEADLINE,
        "category Atom feed": HEADLINE,
        "sitemap": SLUG,
    }
    for name, text in expected_text.items():
        response = client.get(surfaces[name])
        assert response.status_code == 200, f"{name}: {response.status_code}"
        assert text.encode() in response.content, f"{name} does not show the release"
    page_html = client.get(surfaces["release page"]).content.decode()
    assert world["pdf"].url in page_html and world["rendition"].url in page_html
    for name in FILES:
        response = client.get(surfaces[name])
        assert response.status_code == 200, f"{name}: {response.status_code}"
    assert b"%PDF-1.4" in b"".join(client.get(world["pdf"].url).streaming_content)
    newsroom = client.get("/news/").content.decode()
    assert newsroom.index(HEADLINE) < newsroom.index("Tecogen Announces New Distributor")  # newest first


def test_with_every_cache_warm_a_second_before_it_is_everywhere_a_second_after(world, settings):
    """The whole-response cache and the feed cache full of pre-release pages: the publish empties them."""
    settings.IR_RESPONSE_CACHE_SECONDS = 300
    world["traveller"].move_to(RELEASE_AT - dt.timedelta(seconds=1))
    Publisher().run_once()
    client = Client()
    surfaces = public_surfaces(world)
    for _ in range(2):  # rendered, then served from the caches
        for name, url in surfaces.items():
            assert leaks(client.get(url), url) == [], name
    assert client.get("/news/").get("X-Response-Cache") == "hit"
    world["traveller"].move_to(RELEASE_AT)
    [outcome] = Publisher().run_once()
    assert outcome.status == "published"
    world["traveller"].move_to(RELEASE_AT + dt.timedelta(seconds=1))
    for name in (
        "release page",
        "newsroom",
        "newsroom year filter",
        "newsroom category filter",
        "newsroom search",
        "home page",
        "RSS feed",
        "Atom feed",
        "category RSS feed",
        "category Atom feed",
    ):
        response = client.get(surfaces[name])
        assert response.status_code == 200, name
        assert HEADLINE.encode() in response.content, f"{name} is stale"
    assert SLUG.encode() in client.get(surfaces["sitemap"]).content
    assert SLUG.encode() in client.get(surfaces["previous/next of the older release"]).content


def test_withdrawn_release_takes_its_files_with_it(world, roles):
    """After a spokesperson withdraws the release, its PDF and image are 404 again."""
    from wagtail.actions.unpublish_page import UnpublishPageAction

    world["traveller"].move_to(RELEASE_AT)
    Publisher().run_once()
    page = PressReleasePage.objects.get(pk=world["page"].pk)
    UnpublishPageAction(page, user=roles["ceo"]).execute(skip_permission_checks=True)
    client = Client()
    for url in (f"/news/{SLUG}/", world["pdf"].url, world["image"].file.url, world["rendition"].url):
        assert client.get(url).status_code == 404, url


QUEUED_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_files_and_search_go_public_in_the_publishing_commit_not_when_the_worker_runs(newsroom, roles, media_on_disk):
    """With Wagtail's index updates queued for a worker that has not run, the release's PDF and search entry are
    still public the moment it is."""
    from django.test import override_settings

    with override_settings(TASKS=QUEUED_TASKS), time_machine.travel(RELEASE_AT - dt.timedelta(days=1), tick=False) as t:
        pdf = make_pdf()
        page = make_release(
            newsroom, title=HEADLINE, slug=SLUG, publish=False, release_at=RELEASE_AT, body_text=f"A {UNIQUE_WORD} day."
        )
        page.attachments.add(ReleaseAttachment(document=pdf))
        page.save()
        submit(page, roles["drafter"])
        decide(page, roles["compliance"])
        decide(page, roles["ceo"])
        t.move_to(RELEASE_AT)
        [outcome] = Publisher().run_once()
        assert outcome.status == "published"
        from django_tasks_db.models import DBTaskResult

        assert DBTaskResult.objects.exists()  # Wagtail's own updates are still waiting for the worker
        client = Client()
        assert client.get(pdf.url).status_code == 200
        assert HEADLINE.encode() in client.get(f"/news/?q={UNIQUE_WORD}").content
