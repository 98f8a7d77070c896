"""Corrections: the corrected text replaces the release for readers, every public text stays on record."""

import datetime as dt
import re

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

import pytest

from disclosure.actions import CORRECTION_PUBLISHED_ACTION
from disclosure.models import SignOff
from releases.corrections import CorrectionRefused, start_correction
from releases.models import PressReleasePage, ReleaseVersion
from releases.preflight import preflight
from tests.factories import make_release
from tests.support.corrections import FIRST_NOTE, corrected

pytestmark = pytest.mark.django_db

ORIGINAL = "Example Corp. today announced it raised $2,397,750."


@pytest.fixture
def live(newsroom, roles):
    return make_release(newsroom, title="Example Corp. Raises Capital", body_text=ORIGINAL)


def test_first_publication_is_version_one(live):
    """Publishing a release records its text as version 1; the page lists no versions while there is one."""
    versions = list(ReleaseVersion.objects.filter(page_id=live.pk))
    assert [(v.number, v.title, v.correction_note) for v in versions] == [(1, "Example Corp. Raises Capital", "")]
    assert versions[0].revision_id == live.live_revision_id


def test_correction_goes_public_only_after_the_whole_workflow(live, roles, client):
    """Starting a correction changes nothing public: the live text stays until the correction is signed off."""
    start_correction(live, roles["drafter"], FIRST_NOTE)
    page = PressReleasePage.objects.get(pk=live.pk)
    assert page.has_unpublished_changes
    body = client.get(live.url).content.decode()
    assert "2,397,750" in body and "Correction" not in body
    assert ReleaseVersion.objects.filter(page_id=live.pk).count() == 1


def test_corrected_release_page_shows_note_and_versions(live, roles, client):
    """The page shows the corrected text, the dated note at the top, a link to the original, and both versions."""
    corrected(live, roles)
    page = PressReleasePage.objects.get(pk=live.pk)
    html = client.get(page.url).content.decode()
    assert "2,937,750" in html and "2,397,750</p>" not in html
    note_at = html.index('class="correction"')
    assert note_at < html.index('class="press-release__body"')
    assert FIRST_NOTE in html[note_at:]
    assert f'href="{page.url}v1/"' in html
    assert "Versions of this release" in html and "As first published" in html and "Correction 1" in html
    assert [v.number for v in ReleaseVersion.objects.filter(page_id=live.pk)] == [1, 2]


def test_first_version_stays_readable_at_its_own_url(live, roles, client):
    """`/v1/` shows the text as first published, says it was corrected, links the current one, and is not indexed."""
    corrected(live, roles)
    page = PressReleasePage.objects.get(pk=live.pk)
    response = client.get(f"{page.url}v1/")
    html = response.content.decode()
    assert response.status_code == 200
    body = html[html.index('class="press-release__body"') : html.index("</article>")]
    assert "2,397,750" in body and "2,937,750" not in body
    assert "The release as first published" in html and "read the current release" in html
    assert '<meta name="robots" content="noindex">' in html
    assert f'<link rel="canonical" href="{page.full_url}">' in html
    assert 'class="correction"' not in html  # v1 carried no correction


@pytest.mark.parametrize("path", ["v3/", "v0/", "v01/", "v2x/", "version1/"])
def test_unknown_versions_are_not_found(live, roles, client, path):
    """Only the versions that were public have a URL; anything else is a 404, never a 500."""
    corrected(live, roles)
    assert client.get(f"{PressReleasePage.objects.get(pk=live.pk).url}{path}").status_code == 404


def test_versions_of_a_withdrawn_release_are_gone(live, roles, client):
    """A release taken down takes its earlier versions with it."""
    corrected(live, roles)
    page = PressReleasePage.objects.get(pk=live.pk)
    url = page.url
    page.unpublish()
    assert client.get(f"{url}v1/").status_code == 404


def test_feed_keeps_the_id_and_sets_updated(live, roles, client):
    """A correction keeps the feed item's id (readers do not see it twice) and moves its updated time."""
    before = client.get("/news/feed/atom/").content.decode()
    first_id = re.search(r"<entry>.*?<id>([^<]+)</id>", before, re.S)[1]
    corrected(live, roles)
    after = client.get("/news/feed/atom/").content.decode()
    entry = re.search(r"<entry>.*?</entry>", after, re.S)[0]
    assert re.search(r"<id>([^<]+)</id>", entry)[1] == first_id
    assert after.count("<entry>") == before.count("<entry>")
    updated = re.search(r"<updated>([^<]+)</updated>", entry)[1]
    assert not updated.startswith("2011-12-02")  # the release time; corrected today
    assert "Correction:" in entry and "2,937,750" in entry


def test_sitemap_lastmod_moves(live, roles, client):
    """The sitemap tells search engines the release changed (the day of the correction, as the site's clock says)."""
    before = client.get("/sitemap-releases.xml").content.decode()
    corrected(live, roles)
    after = client.get("/sitemap-releases.xml").content.decode()
    assert before != after
    page = PressReleasePage.objects.get(pk=live.pk)
    # Django's sitemap writes the date in TIME_ZONE (market time): 10 p.m. ET is still that day.
    assert f"<lastmod>{timezone.localtime(page.last_published_at).date().isoformat()}" in after


def test_audit_trail_has_the_correction_with_both_digests(live, roles):
    """The correction is logged with the digest signed for the corrected text and that of the text it replaces."""
    corrected(live, roles)
    entry = PageLogEntry.objects.get(page_id=live.pk, action=CORRECTION_PUBLISHED_ACTION)
    v2 = ReleaseVersion.objects.get(page_id=live.pk, number=2)
    signed = SignOff.objects.filter(revision_id=v2.revision_id).values_list("digest", flat=True).first()
    assert entry.data["digest"] == signed
    assert entry.data["previous_digest"] and entry.data["previous_digest"] != signed
    assert entry.data["note"] == FIRST_NOTE
    assert (entry.data["version"], entry.data["replaces_version"]) == (2, 1)


def test_second_correction_is_version_three(live, roles, client):
    """Each correction is a further version; the page's note is the latest one's, every note is listed."""
    corrected(live, roles)
    second = "In the first paragraph, the date should read Dec. 2, not Dec. 1."
    corrected(PressReleasePage.objects.get(pk=live.pk), roles, note=second, body_text="Corrected twice.")
    page = PressReleasePage.objects.get(pk=live.pk)
    html = client.get(page.url).content.decode()
    assert [v.number for v in ReleaseVersion.objects.filter(page_id=live.pk)] == [1, 2, 3]
    top = html[html.index('class="correction"') : html.index('class="press-release__body"')]
    assert second in top and FIRST_NOTE not in top
    assert FIRST_NOTE in html  # in the list of versions
    v2 = client.get(f"{page.url}v2/").content.decode()
    assert "2,937,750" in v2 and FIRST_NOTE in v2


def test_start_correction_refuses_without_note_or_when_not_live(newsroom, roles, live):
    """A correction needs its note, and only a live release is corrected."""
    with pytest.raises(CorrectionRefused, match="Write the correction note"):
        start_correction(live, roles["drafter"], "   ")
    draft = make_release(newsroom, title="Draft", publish=False)
    with pytest.raises(CorrectionRefused, match="Only a live release"):
        start_correction(draft, roles["drafter"], FIRST_NOTE)


def test_correct_release_admin_view(live, roles, client):
    """*Correct release…* asks for the note, saves the draft that carries it and opens the editor."""
    client.force_login(roles["drafter"])
    url = reverse("releases_correct", args=[live.pk])
    form = client.get(url)
    assert form.status_code == 200 and "Correction note" in form.content.decode()
    refused = client.post(url, {"note": ""})
    assert refused.status_code == 200 and "Write the correction note" in refused.content.decode()
    assert not PressReleasePage.objects.get(pk=live.pk).has_unpublished_changes
    response = client.post(url, {"note": FIRST_NOTE})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[live.pk])
    draft = PressReleasePage.objects.get(pk=live.pk).get_latest_revision_as_object()
    assert draft.correction_note == FIRST_NOTE
    assert PageLogEntry.objects.filter(page_id=live.pk, action="releases.correction_started").exists()
    edit = client.get(response["Location"]).content.decode()
    assert FIRST_NOTE in edit


def test_correct_release_admin_view_refuses_outsiders(live, roles, client, django_user_model):
    """Who may not edit the release may not start its correction; an unknown release is a 404."""
    outsider = django_user_model.objects.create_user("outsider", password="pw")  # noqa: S106
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    refused = client.post(reverse("releases_correct", args=[live.pk]), {"note": FIRST_NOTE})
    assert refused.status_code == 403 or refused["Location"] == "/admin/"  # Wagtail's "no permission" redirect
    assert not PressReleasePage.objects.get(pk=live.pk).has_unpublished_changes
    client.force_login(roles["drafter"])
    assert client.get(reverse("releases_correct", args=[99999])).status_code == 404


def test_correct_button_only_on_live_releases(live, newsroom, roles, client):
    """The editor of a live release offers *Correct release…*; a draft's does not."""
    client.force_login(roles["drafter"])
    url = reverse("releases_correct", args=[live.pk])
    assert url in client.get(reverse("wagtailadmin_pages:edit", args=[live.pk])).content.decode()
    draft = make_release(newsroom, title="Draft", publish=False)
    assert (
        reverse("releases_correct", args=[draft.pk])
        not in client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).content.decode()
    )


def test_a_correction_keeps_the_release_time_and_needs_its_own_note(live, roles):
    """Preflight refuses a correction that moves the release time or repeats the note already public."""
    corrected(live, roles)
    draft = PressReleasePage.objects.get(pk=live.pk).get_latest_revision_as_object()
    assert "correction_note_unchanged" in [f.code for f in preflight(draft, submitting=True)]
    draft.correction_note = "In the second paragraph, the price should read $0.80, not $0.08."
    assert [f.code for f in preflight(draft, submitting=True) if f.code.startswith("correction")] == []
    draft.release_at = draft.release_at - dt.timedelta(days=1)
    moved = [f for f in preflight(draft, submitting=True) if f.code == "correction_release_time"]
    assert moved and moved[0].is_error and "Dec. 2, 2011" in moved[0].message
