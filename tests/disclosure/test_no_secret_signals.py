"""Nothing says a secret exists: not a category's feed, not a feed's Last-Modified, not the response cache.

A reader who polls the feeds (or times the site's cache misses) must learn nothing while the PR
team prepares a release: a category made for it answers as one that never existed, and uploads,
drafts and submissions leave every public validator and cached response as it was. The publish
moves them.
"""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
import time_machine

from releases.models import Category, PressReleasePage
from releases.response_cache import HIT_HEADER
from tests.factories import CategoryFactory, make_release
from tests.support.forms import contacts_formset
from tests.support.privacy import grant_files_to, login, png_bytes
from tests.support.workflow import approve_all, confirmed

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 3, 8, 0, tzinfo=dt.UTC)  # Tuesday 3:00 a.m. ET
FEED = "/news/feed/rss/"


def same_but_date(one, other) -> None:
    """Same status, bytes and headers (a Date header aside)."""
    assert one.status_code == other.status_code
    assert one.content == other.content
    assert {k: v for k, v in one.items() if k != "Date"} == {k: v for k, v in other.items() if k != "Date"}


def test_a_category_with_no_public_release_is_a_404_like_one_that_never_existed(newsroom, roles):
    """Its only release is scheduled (or it has none): feeds and newsroom filter answer as for a made-up slug."""
    with time_machine.travel(NOW, tick=False):
        make_release(newsroom, title="Tecogen Ships Ilios Units", categories=[CategoryFactory(slug="products")])
        acquisitions = CategoryFactory(name="Acquisitions", slug="acquisitions")
        CategoryFactory(name="Unused", slug="unused-category")
        page = make_release(
            newsroom,
            title="Tecogen to Acquire American DG",
            publish=False,
            release_at=NOW + dt.timedelta(days=1),
            categories=[acquisitions],
        )
        assert not approve_all(page, roles, signers=("ceo",)).live  # approved and scheduled: under embargo
        client = Client()
        for kind in ("rss", "atom"):
            never = client.get(f"/news/category/never-a-category/feed/{kind}/")
            assert never.status_code == 404
            for slug in ("acquisitions", "unused-category"):
                same_but_date(client.get(f"/news/category/{slug}/feed/{kind}/"), never)
            assert client.get(f"/news/category/products/feed/{kind}/").status_code == 200
        never = client.get("/news/?category=never-a-category").content.decode()
        for slug in ("acquisitions", "unused-category"):
            filtered = client.get(f"/news/?category={slug}").content.decode()
            assert filtered.replace(slug, "SLUG") == never.replace("never-a-category", "SLUG")
            assert f'value="{slug}"' not in filtered


@pytest.fixture
def cache_on(settings):
    settings.IR_RESPONSE_CACHE_SECONDS = 300


def feed_state(client) -> tuple[str, str, bool]:
    response = client.get(FEED)
    assert response.status_code == 200
    return response["ETag"], response["Last-Modified"], response.get(HIT_HEADER) == "hit"


def release_form(newsroom, image_pk: int, document_pk: int, category_pk: int) -> dict:
    data = nested_form_data(
        {
            "title": "Tecogen Reports Record Quarter",
            "slug": "tecogen-reports-record-quarter",
            "subheadline": "",
            "release_at": "2026-11-03 02:00",  # ET, an hour ago: the last sign-off publishes it at once
            "dateline_city": "WALTHAM",
            "dateline_state": "Massachusetts",
            "wire": "globenewswire",
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>Tecogen Inc. (Nasdaq: TGEN) today reported a record quarter.</p>")),
                    ("image", {"image": image_pk, "alt_text": "Revenue by quarter", "caption": ""}),
                ]
            ),
            "boilerplate_heading": "",
            "boilerplate": "",
            "forward_looking_legend": "",
            "source_name": "",
            "is_material": "False",
            "contacts": contacts_formset(),
            "attachments": inline_formset([{"document": document_pk, "label": "Tables (PDF)"}]),
        }
    )
    data["categories"] = [category_pk]
    return data


def test_preparing_a_release_moves_nothing_a_reader_can_watch_and_its_publish_does(newsroom, roles, cache_on):
    """The drafter uploads a chart and a PDF, makes a category, saves a draft using them and submits it:
    the RSS feed keeps its ETag and Last-Modified and stays in the response cache. The sign-off moves them,
    and so does an edit of the chart once a live release shows it."""
    grant_files_to("PR team")
    roles["drafter"].groups.get(name="PR team").permissions.add(  # as the demo's PR team may
        *Permission.objects.filter(
            content_type__app_label="releases", codename__in=["add_category", "change_category", "view_category"]
        )
    )
    with time_machine.travel(NOW, tick=True) as traveller:
        make_release(newsroom, title="Tecogen Ships Ilios Units", categories=[CategoryFactory(slug="products")])
        reader, admin = Client(), Client()
        etag, last_modified, _ = feed_state(reader)
        assert feed_state(reader) == (etag, last_modified, True)
        assert reader.get("/news/").status_code == 200 and reader.get("/news/").get(HIT_HEADER) == "hit"
        traveller.shift(dt.timedelta(seconds=5))  # a moved Last-Modified would show

        login(admin, "drafter")
        response = admin.post(
            reverse("wagtailimages:add"), {"title": "Q3 chart", "file": SimpleUploadedFile("q3-chart.png", png_bytes())}
        )
        assert response.status_code == 302, response.content[:2000]
        response = admin.post(
            reverse("wagtaildocs:add"),
            {"title": "Q3 tables", "file": SimpleUploadedFile("q3.pdf", b"%PDF-1.4\n%%EOF\n")},
        )
        assert response.status_code == 302, response.content[:2000]
        response = admin.post(
            reverse("wagtailsnippets_releases_category:add"), {"name": "Financial results", "slug": "financial-results"}
        )
        assert response.status_code == 302, response.content[:2000]
        image = get_image_model().objects.get(title="Q3 chart")
        document = get_document_model().objects.get(title="Q3 tables")
        category = Category.objects.get(slug="financial-results")
        form = release_form(newsroom, image.pk, document.pk, category.pk)
        add_url = reverse("wagtailadmin_pages:add", args=("releases", "pressreleasepage", newsroom.pk))
        response = admin.post(add_url, form)  # "Save draft"
        assert response.status_code == 302, response.content.decode()[:3000]
        page = PressReleasePage.objects.get(slug="tecogen-reports-record-quarter")
        image.title = "Q3 revenue chart"  # an edit of a file no public page shows yet
        image.save()
        response = admin.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), {**form, "action-submit": "1"})
        assert response.status_code == 302, response.content.decode()[:3000]
        assert PressReleasePage.objects.get(pk=page.pk).current_workflow_state is not None

        assert feed_state(reader) == (etag, last_modified, True)
        assert reader.get("/news/").get(HIT_HEADER) == "hit"

        for who in ("compliance", "ceo"):
            login(admin, who)
            state = PressReleasePage.objects.get(pk=page.pk).current_workflow_state.current_task_state
            url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.pk))
            assert admin.post(url, confirmed(state.specific)).status_code in (200, 302)
        assert PressReleasePage.objects.get(pk=page.pk).live

        new_etag, new_last_modified, hit = feed_state(reader)
        assert not hit and new_etag != etag and new_last_modified != last_modified
        assert re.search(rb"Tecogen Reports Record Quarter", reader.get(FEED).content)

        # Now a live release shows the chart: it is part of what was signed and cannot change at all
        # (disclosure.file_lock), so nothing a reader watches moves either.
        assert feed_state(reader)[2]
        traveller.shift(dt.timedelta(seconds=5))
        image.title = "Q3 revenue chart (corrected)"
        with pytest.raises(PermissionDenied):
            image.save()
        assert feed_state(reader)[2]
