"""Embargoed files are private by every measure: headers, CDN purges, the second factor, the time to refuse.

A results release is approved and scheduled for tomorrow with its PDF, its chart and a rendition of
the chart (an editor's preview made one). Before its time: an admin user opens the files, and no
cache anywhere may keep them; a spokesperson whose session has not confirmed its second factor gets
the public's 404; an outsider's 404 costs the same queries as for a file or slug that never existed.
After: the files are public with headers a withdrawal can honour, and a withdrawal purges them.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice

from disclosure.embargo import Publisher
from releases.models import ReleaseAttachment
from tests.factories import make_release
from tests.support.privacy import files_on_disk, login, make_image, make_pdf, purge_endpoint, totp_code
from tests.support.workflow import approve_all

pytestmark = pytest.mark.django_db

APPROVED_AT = dt.datetime(2027, 1, 4, 8, 0, tzinfo=dt.UTC)  # Monday 3:00 a.m. ET
RELEASE_AT = dt.datetime(2027, 1, 5, 13, 0, tzinfo=dt.UTC)  # Tuesday 8:00 a.m. ET
SLUG = "tecogen-reports-fourth-quarter"


@pytest.fixture
def scheduled(newsroom, roles, settings, tmp_path):
    """The results release, signed off and scheduled, with its PDF, chart and a rendition of the chart."""
    files_on_disk(settings, tmp_path)
    with time_machine.travel(APPROVED_AT, tick=False) as traveller:
        make_release(newsroom, title="Tecogen Announces New Distributor", slug="new-distributor")
        pdf, image = make_pdf(), make_image()
        page = make_release(
            newsroom,
            title="Tecogen Reports Fourth Quarter Results",
            slug=SLUG,
            publish=False,
            release_at=RELEASE_AT,
            is_material=False,
        )
        page.body.append(("image", {"image": image, "alt_text": "Revenue by quarter", "caption": ""}))
        page.attachments.add(ReleaseAttachment(document=pdf, label="Financial tables (PDF)"))
        page.save()
        page = approve_all(page, roles, signers=("ceo",))
        assert not page.live and page.go_live_at == RELEASE_AT
        rendition = image.get_rendition("max-1200x900")
        yield {
            "traveller": traveller,
            "page": page,
            "files": {"PDF": pdf.url, "chart": image.file.url, "rendition": rendition.url},
            "never": {
                "PDF": f"/documents/{pdf.pk + 1000}/{pdf.filename}",
                "chart": "/media/original_images/never-uploaded.png",
                "rendition": "/media/images/never-uploaded.max-1200x900.png",
            },
        }


def go_live(scheduled) -> None:
    scheduled["traveller"].move_to(RELEASE_AT)
    [outcome] = Publisher().run_once()
    assert outcome.status == "published"


def directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_embargoed_files_reach_the_admin_but_no_cache_may_keep_them(client, scheduled):
    """The drafter reviewing the release opens its PDF, chart and rendition: `private, no-store` on each."""
    login(client, "drafter")
    for name, url in scheduled["files"].items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert directives(response) == {"private", "no-store"}, f"{name}: {response.get('Cache-Control')}"


def test_public_files_are_kept_briefly_by_browsers_and_by_the_cdn_until_purged(scheduled):
    """Once the release is out, its files are `public`, a minute in browsers and the pages' s-maxage on a CDN."""
    go_live(scheduled)
    anonymous = Client()
    for name, url in scheduled["files"].items():
        response = anonymous.get(url)
        assert response.status_code == 200, name
        assert directives(response) == {"public", "max-age=60", "s-maxage=300"}, f"{name}: {response['Cache-Control']}"


def test_a_withdrawal_purges_the_release_files_from_the_cdn(client, scheduled):
    """The CEO withdraws the release: the CDN is told to forget its PDF, chart and rendition with its page."""
    go_live(scheduled)
    page = scheduled["page"]
    login(client, "ceo")
    with purge_endpoint() as purged:
        response = client.post(f"/admin/disclosure/withdraw/{page.pk}/", {"reason": "Figures restated."})
        assert response.status_code == 302
    paths = {path for _host, path in purged}
    assert f"/news/{SLUG}/" in paths  # the page, as before
    assert set(scheduled["files"].values()) <= paths, set(scheduled["files"].values()) - paths
    for name, url in scheduled["files"].items():
        assert Client().get(url).status_code == 404, name


def test_without_the_second_factor_a_session_sees_embargoed_files_as_the_public_does(
    client, settings, scheduled, roles
):
    """The CEO signed in with a password only: the public's 404, byte for byte; after the code, the files."""
    settings.IR_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=roles["ceo"], name="app", confirmed=True)
    anonymous = Client()
    login(client, "ceo")
    for name, url in scheduled["files"].items():
        seen, public = client.get(url), anonymous.get(url)
        assert (seen.status_code, body(seen)) == (public.status_code, body(public)) == (404, body(public)), name
        assert seen["Content-Type"] == public["Content-Type"], name

    response = client.post("/admin/2fa/verify/", {"token": totp_code(device), "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/"
    for name, url in scheduled["files"].items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert directives(response) == {"private", "no-store"}, name
    # The PR team is not asked for a second factor: its password session sees the files.
    login(client, "drafter")
    assert all(client.get(url).status_code == 200 for url in scheduled["files"].values())


def test_refusing_an_embargoed_url_runs_the_same_queries_as_one_that_never_existed(scheduled):
    """Same status, bytes and SQL queries for the embargoed release, PDF, chart and rendition as for their
    never-existing twins (the time to refuse follows the work done: `python -m bench.refusal_timing`)."""
    pairs = {"release page": (f"/news/{SLUG}/", "/news/a-slug-that-never-existed/")}
    pairs.update({name: (url, scheduled["never"][name]) for name, url in scheduled["files"].items()})
    anonymous = Client()
    for embargoed, never in pairs.values():  # warm Wagtail's caches (site root paths, content types)
        anonymous.get(embargoed), anonymous.get(never)
    for name, (embargoed, never) in pairs.items():
        answers = []
        for url in (embargoed, never):
            with CaptureQueriesContext(connection) as queries:
                response = anonymous.get(url)
                answers.append((response.status_code, body(response), len(queries)))
        assert answers[0][:2] == answers[1][:2] and answers[0][0] == 404, name
        assert answers[0][2] == answers[1][2], f"{name}: {answers[0][2]} queries embargoed, {answers[1][2]} unknown"


def test_a_kept_refusal_ends_with_the_publish_that_makes_the_url_public(settings, scheduled):
    """With the whole-response cache on, a refusal is kept like any page (the release's own URLs are the
    busiest before its time), for an embargoed URL exactly as for one that never existed; at the release
    time the page and every file answer at once, and a file itself is never kept."""
    settings.IR_RESPONSE_CACHE_SECONDS = 300
    anonymous = Client()
    urls = {"release page": f"/news/{SLUG}/", **scheduled["files"]}
    twins = {"release page": "/news/a-slug-that-never-existed/", **scheduled["never"]}
    for name, url in urls.items():
        anonymous.get(url), anonymous.get(twins[name])
        kept, twin = anonymous.get(url), anonymous.get(twins[name])
        assert (kept.status_code, kept["X-Response-Cache"]) == (404, "hit"), name
        assert (twin.status_code, twin["X-Response-Cache"]) == (404, "hit"), name
        assert body(kept) == body(twin), name
    go_live(scheduled)
    for name, url in urls.items():
        for _ in range(2):
            response = anonymous.get(url)
            assert response.status_code == 200, name
        if name != "release page":
            assert response.get("X-Response-Cache") is None, f"{name}: a file was served from the cache"
    assert anonymous.get(twins["PDF"]).status_code == 404
