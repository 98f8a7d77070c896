"""Versions of governance documents: frozen on publication, listed, readable at stable URLs, only while public."""

import datetime as dt
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageLogEntry, PageViewRestriction

import pytest
import time_machine
from bs4 import BeautifulSoup

from disclosure.guard import historical_record
from governance.models import GovernanceDocumentPage, GovernanceDocumentVersion
from governance.versions import VERSION_RECORDED_ACTION, freeze_live_documents
from tests.support.governance import amend, charter_body, governance_index, make_document, publish

pytestmark = pytest.mark.django_db

FIRST = charter_body("Appoint the auditors.", "Review the financial statements.")
SECOND = charter_body(
    "Appoint, compensate and oversee the auditors.",
    "Review related-person transactions.",
    "Meet the auditors without management present.",
)


@pytest.fixture
def index(home):
    return governance_index(home)


@pytest.fixture
def charter(index):
    return make_document(index, title="Audit Committee Charter", slug="audit-charter", body=FIRST)


@pytest.fixture
def amended(charter):
    return amend(
        charter,
        version="2.0",
        effective_date=dt.date(2013, 5, 1),
        body=SECOND,
        change_summary="Adds related-person transactions.",
    )


def _versions(page):
    return list(GovernanceDocumentVersion.objects.filter(page_id=page.pk).order_by("number"))


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


# -- freezing -----------------------------------------------------------------------------------


def test_publishing_freezes_what_the_public_saw(charter):
    """The first publication is version 1: title, label, effective date, rendered body, text, revision."""
    (version,) = _versions(charter)
    assert version.number == 1
    assert (version.title, version.version_label, version.effective_date) == (
        "Audit Committee Charter",
        "1.0",
        dt.date(2012, 1, 1),
    )
    assert version.revision_id == charter.live_revision_id
    assert '<h2 id="purpose">PURPOSE</h2>' in version.body_html
    assert "<li>Appoint the auditors.</li>" in version.body_html
    assert {"kind": "item", "text": "Appoint the auditors."} in version.text_blocks
    assert PageLogEntry.objects.filter(page=charter, action=VERSION_RECORDED_ACTION).count() == 1


def test_an_amendment_is_a_new_version_and_the_earlier_one_is_kept(charter, amended):
    """Publishing with a new label adds version 2; version 1 keeps its text, label and date."""
    first, second = _versions(amended)
    assert (first.number, first.version_label, first.effective_date) == (1, "1.0", dt.date(2012, 1, 1))
    assert "Appoint the auditors." in first.body_html
    assert "Review related-person transactions." not in first.body_html
    assert (second.number, second.version_label, second.effective_date) == (2, "2.0", dt.date(2013, 5, 1))
    assert second.change_summary == "Adds related-person transactions."
    assert "Review related-person transactions." in second.body_html


def test_publishing_the_same_text_again_records_nothing(charter):
    """A re-publication with the same label and text is no new version."""
    publish(GovernanceDocumentPage.objects.get(pk=charter.pk))
    assert len(_versions(charter)) == 1


def test_other_text_under_a_published_label_is_refused(charter):
    """Changing the text but not the label is refused: an amendment needs a new label and date."""
    draft = charter.get_latest_revision_as_object()
    draft.body = SECOND
    with pytest.raises(ValidationError) as refused:
        draft.save_revision()
    assert "new version label" in " ".join(refused.value.message_dict["version"])


def test_an_earlier_label_or_an_earlier_effective_date_is_refused(charter, amended):
    """A new version cannot reuse an earlier version's label nor take effect before the latest one."""
    draft = amended.get_latest_revision_as_object()
    draft.body = charter_body("Something else entirely.")
    draft.version = "1.0"
    with pytest.raises(ValidationError) as reused:
        draft.full_clean()
    assert "label of its own" in " ".join(reused.value.message_dict["version"])
    draft.version, draft.effective_date = "3.0", dt.date(2013, 4, 30)
    with pytest.raises(ValidationError) as earlier:
        draft.full_clean()
    assert "May 1, 2013" in " ".join(earlier.value.message_dict["effective_date"])


def test_a_version_is_never_changed_or_deleted(charter):
    """Saving, deleting, bulk updating or bulk deleting a version is refused."""
    (version,) = _versions(charter)
    version.title = "Something else"
    with pytest.raises(PermissionDenied):
        version.save()
    with pytest.raises(PermissionDenied):
        version.delete()
    with pytest.raises(PermissionDenied):
        GovernanceDocumentVersion.objects.filter(pk=version.pk).update(title="x")
    with pytest.raises(PermissionDenied):
        GovernanceDocumentVersion.objects.filter(pk=version.pk).delete()
    assert GovernanceDocumentVersion.objects.get(pk=version.pk).title == "Audit Committee Charter"


def test_a_scheduled_amendment_is_a_version_only_when_it_goes_live(charter):
    """An amendment scheduled for later is not frozen until publish_scheduled makes it live."""
    go_live = timezone.now() + dt.timedelta(hours=2)
    draft = charter.get_latest_revision_as_object()
    draft.body, draft.version, draft.effective_date = SECOND, "2.0", dt.date(2013, 5, 1)
    draft.go_live_at = go_live
    with historical_record("Test fixture: a scheduled amendment"):
        draft.save_revision().publish()
    assert len(_versions(charter)) == 1
    with time_machine.travel(go_live + dt.timedelta(minutes=1), tick=False), historical_record("Test: scheduled"):
        call_command("publish_scheduled")
    assert [v.version_label for v in _versions(charter)] == ["1.0", "2.0"]


def test_documents_published_before_versions_are_frozen_once(index, charter):
    """freeze_governance_versions records a live document without versions as version 1, once; others are left."""
    with historical_record("Test fixture: a document made live before versions were kept"):
        older = GovernanceDocumentPage(
            title="Insider Trading Policy",
            slug="insider",
            version="2009",
            effective_date=dt.date(2009, 1, 1),
            body=FIRST,
        )
        index.add_child(instance=older)
    assert _versions(older) == []
    out = io.StringIO()
    call_command("freeze_governance_versions", stdout=out)
    assert "Insider Trading Policy: version 2009 recorded as version 1" in out.getvalue()
    (version,) = _versions(older)
    assert (version.number, version.version_label, version.revision_id) == (1, "2009", None)
    assert "Appoint the auditors." in version.body_html
    assert freeze_live_documents() == []
    assert len(_versions(charter)) == 1


# -- the document's page lists its versions ----------------------------------------------------


def test_page_lists_versions_newest_first_with_the_current_one_marked(client, amended):
    """The page lists both versions, newest first, with effective dates and "Current version" on the one in force."""
    soup = _soup(client.get(amended.url))
    items = soup.select("#versions .version-item")
    assert [item.a.get_text(strip=True) for item in items] == ["Version 2.0", "Version 1.0"]
    assert [item.a["href"] for item in items] == [f"{amended.url}versions/2/", f"{amended.url}versions/1/"]
    assert "Current version" in items[0].get_text()
    assert "Current version" not in items[1].get_text()
    assert "Superseded May 1, 2013" in " ".join(items[1].get_text().split())
    assert items[1].find("time")["datetime"] == "2012-01-01"
    amended_note = soup.select_one(".document-amended")
    assert amended_note.find("a", href=f"{amended.url}versions/2/#changes") is not None


def test_a_version_not_yet_in_effect_is_marked_and_the_earlier_one_stays_current(client, charter):
    """An amendment taking effect next year: listed as "Takes effect …"; version 1 is still current."""
    next_year = timezone.localdate() + dt.timedelta(days=365)
    amend(charter, version="2.0", effective_date=next_year, body=SECOND)
    items = _soup(client.get(charter.url)).select("#versions .version-item")
    assert "Takes effect" in items[0].get_text()
    assert "Current version" in items[1].get_text()


# -- stable URLs --------------------------------------------------------------------------------


def test_each_version_is_readable_at_its_own_url(client, amended):
    """`versions/1/` shows version 1's text and label, says it was superseded, links to the current one."""
    response = client.get(f"{amended.url}versions/1/")
    assert response.status_code == 200
    soup = _soup(response)
    assert len(soup.find_all("h1")) == 1
    body = soup.select_one(".document-body").get_text()
    assert "Appoint the auditors." in body
    assert "Review related-person transactions." not in body
    assert " ".join(soup.select_one(".document-meta").get_text().split()) == "Version 1.0, effective Jan. 1, 2012"
    notice = soup.select_one(".version-notice").get_text()
    assert "superseded on May 1, 2013" in " ".join(notice.split())
    assert soup.select_one(".version-notice a")["href"] == amended.url
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find("link", rel="canonical")["href"].endswith(f"{amended.url}versions/1/")
    assert soup.select_one('#versions [aria-current="page"] a')["href"] == f"{amended.url}versions/1/"
    assert "first published version" in soup.get_text()


def test_the_latest_version_is_readable_and_indexable(client, amended):
    """`versions/2/` is the version in force: its own text, no noindex."""
    soup = _soup(client.get(f"{amended.url}versions/2/"))
    assert "Review related-person transactions." in soup.select_one(".document-body").get_text()
    assert "version in force" in soup.select_one(".version-notice").get_text()
    assert soup.find("meta", attrs={"name": "robots"}) is None


def test_a_version_url_keeps_its_text_after_later_amendments(client, amended):
    """A third version changes nothing at `versions/1/` and `versions/2/`."""
    before = {n: _soup(client.get(f"{amended.url}versions/{n}/")).select_one(".document-body") for n in (1, 2)}
    amend(amended, version="3.0", effective_date=dt.date(2014, 1, 1), body=charter_body("A wholly new duty."))
    for number, body in before.items():
        assert _soup(client.get(f"{amended.url}versions/{number}/")).select_one(".document-body") == body


@pytest.mark.parametrize("tail", ["versions/0/", "versions/3/", "versions/99999999999999999999/", "versions/x/", "v1/"])
def test_unknown_versions_are_not_found(client, amended, tail):
    """No such version, a number too large for the database, or a word: 404, never a 500."""
    assert client.get(f"{amended.url}{tail}").status_code == 404


def test_versions_address_leads_to_the_list(client, amended):
    """`versions/` redirects to the list of versions on the page."""
    response = client.get(f"{amended.url}versions/")
    assert response.status_code == 302
    assert response["Location"] == f"{amended.url}#versions"


def test_versions_are_not_served_when_the_page_is_not_live(client, amended):
    """Once the document is unpublished, neither it nor any of its versions is served."""
    url = amended.url
    amended.unpublish()
    for tail in ("", "versions/1/", "versions/2/"):
        assert client.get(f"{url}{tail}").status_code == 404
    assert GovernanceDocumentVersion.objects.filter(page_id=amended.pk).count() == 2  # still on record


def test_a_draft_that_was_never_published_has_no_version(client, index):
    """A document saved as a draft only: no version, nothing served."""
    draft = make_document(index, title="Draft Policy", slug="draft-policy", live=False)
    assert _versions(draft) == []
    assert client.get("/governance/draft-policy/versions/1/").status_code == 404


def test_versions_of_a_restricted_page_need_its_password(client, amended):
    """Behind a password, a version's URL shows the password form, not the text."""
    PageViewRestriction.objects.create(page=amended, restriction_type="password", password="secret")  # noqa: S106
    response = client.get(f"{amended.url}versions/1/")
    assert b"Appoint the auditors." not in response.content


# -- what changed ----------------------------------------------------------------------------------


def test_a_version_shows_what_changed_from_the_one_before(client, amended):
    """Version 2's page marks removed words with <del>, added ones with <ins>, each spoken and labelled."""
    soup = _soup(client.get(f"{amended.url}versions/2/"))
    changes = soup.select_one("section#changes")
    assert changes.find("h2").get_text(strip=True) == "What changed from version 1.0"
    assert "Adds related-person transactions." in changes.get_text()
    assert changes.find("a", href=f"{amended.url}versions/1/") is not None
    deleted = [d.get_text() for d in changes.select(".diff-block del")]
    inserted = [i.get_text() for i in changes.select(".diff-block ins")]
    assert deleted == ["[removed: Review the financial statements.]"]
    assert inserted == [
        "[added: , compensate and oversee]",  # "Appoint the auditors." reworded in place
        "[added: Review related-person transactions.]",
        "[added: Meet the auditors without management present.]",
    ]
    for mark in changes.select(".diff-block del, .diff-block ins"):
        assert mark.find("span", class_="visually-hidden") is not None
    tags = [t.get_text(strip=True) for t in changes.select(".diff-block .diff-tag")]
    assert tags == ["List item changed", "List item removed", "List item added", "List item added"]
    section = changes.select_one(".diff-section")
    assert section.find("h3").get_text(strip=True) == "RESPONSIBILITIES"
    assert "2 sections unchanged" in changes.select_one(".diff-unchanged-sections summary").get_text()


def test_a_changed_title_is_shown(client, charter):
    """A new title is part of the diff."""
    amend(charter, version="2.0", effective_date=dt.date(2013, 1, 1), title="Charter of the Audit Committee")
    changes = _soup(client.get(f"{charter.url}versions/2/")).select_one("#changes")
    assert "Title changed" in changes.get_text()
    assert any("Charter of the" in i.get_text() for i in changes.select(".diff-block ins"))


def test_diff_text_is_escaped(client, charter):
    """Text that looks like markup is shown as text in the diff, never as markup."""
    amend(charter, version="2.0", effective_date=dt.date(2013, 1, 1), body=charter_body('<script>alert("x")</script>'))
    html = client.get(f"{charter.url}versions/2/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


# -- query counts -----------------------------------------------------------------------------------


def test_document_page_queries(client, amended, django_assert_max_num_queries):
    """The document's page with its versions stays within a fixed number of queries."""
    client.get(amended.url)
    with django_assert_max_num_queries(10):
        assert client.get(amended.url).status_code == 200


def test_version_page_queries_do_not_grow_with_versions(client, amended, django_assert_max_num_queries):
    """A version with its diff and the list of versions: a fixed number of queries, however many versions."""
    for n in range(3, 8):
        amended = amend(amended, version=f"{n}.0", effective_date=dt.date(2013 + n, 1, 1), body=charter_body(f"D{n}."))
    client.get(f"{amended.url}versions/2/")
    # Wagtail's routing takes 9 (site, profile, a page per level, restrictions); the versions 2.
    with django_assert_max_num_queries(11):
        assert client.get(f"{amended.url}versions/2/").status_code == 200
