"""Importing EDGAR's company feed: read strictly, written all or nothing, safe to run again."""

from __future__ import annotations

import datetime as dt
import io
import urllib.error

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from filings import edgar
from filings.edgar import FeedError, parse_feed
from filings.models import Filing, FilingImport
from filings.schedule import ImportSchedule
from filings.services import fetch_and_import, import_feed
from tests.support.filings import SAMPLE_ENTRIES, SAMPLE_FEED, Entry, company_feed, sample_bytes, snapshot

pytestmark = pytest.mark.django_db

RESULTS = [("2.02", "Results of Operations and Financial Condition"), ("9.01", "Financial Statements and Exhibits")]


# -- reading EDGAR's format ---------------------------------------------------------


def test_the_sample_is_read_as_edgar_writes_it():
    """Every entry of the shipped sample gives form type, date filed, EDGAR's form name and index link."""
    feed = parse_feed(sample_bytes())
    assert feed.cik == "0001537435"
    assert feed.company_name == "Tecogen Inc."
    assert len(feed.entries) == SAMPLE_ENTRIES
    first = feed.entries[0]
    assert first.accession_number == "0001437749-25-034512"
    assert first.form_type == "8-K"
    assert first.filing_date == dt.date(2025, 11, 13)
    assert first.accepted_at == dt.datetime(2025, 11, 13, 21, 10, 21, tzinfo=dt.UTC)
    assert first.title == "Current report"
    assert first.items.splitlines() == [
        "Item 2.02: Results of Operations and Financial Condition",
        "Item 9.01: Financial Statements and Exhibits",
    ]
    assert first.edgar_url == (
        "https://www.sec.gov/Archives/edgar/data/1537435/000143774925034512/0001437749-25-034512-index.htm"
    )
    assert first.size == "412 KB"
    forms = {e.form_type for e in feed.entries}
    assert {"8-K", "10-Q", "10-K", "DEF 14A", "S-3"} <= forms


def test_form_type_is_the_category_term():
    """The form type comes from the entry's category term, as EDGAR labels it."""
    data = company_feed(Entry("0001437749-25-000001", form="DEF 14A", form_name="Other definitive proxy statements"))
    (entry,) = parse_feed(data).entries
    assert entry.form_type == "DEF 14A"
    assert entry.items == ""


def test_items_fall_back_to_items_desc():
    """Without item names in the summary, the item numbers of <items-desc> are listed."""
    data = company_feed(Entry("0001437749-25-000002", items=RESULTS)).replace(b"&lt;br&gt;Item", b" Item")
    (entry,) = parse_feed(data).entries
    assert entry.items.splitlines() == ["Item 2.02", "Item 9.01"]


# -- the upsert ---------------------------------------------------------------------


def test_import_creates_every_filing():
    """The first import of the sample lists every filing it holds."""
    outcome = import_feed(sample_bytes(), "sample")
    assert (outcome.created, outcome.updated, outcome.unchanged) == (SAMPLE_ENTRIES, 0, 0)
    assert Filing.objects.count() == SAMPLE_ENTRIES
    assert outcome.record.succeeded and outcome.record.entries == SAMPLE_ENTRIES


def test_import_is_idempotent():
    """Importing the same feed again changes no filing and reports every one unchanged."""
    import_feed(sample_bytes(), "sample")
    before = snapshot()
    outcome = import_feed(sample_bytes(), "sample")
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, SAMPLE_ENTRIES)
    assert snapshot() == before


def test_import_updates_by_accession_number_and_keeps_older_filings():
    """A changed entry updates its filing in place; a filing no longer in EDGAR's window stays listed."""
    import_feed(company_feed(Entry("0001437749-25-000010"), Entry("0001437749-24-000009")), "first")
    first = Filing.objects.get(accession_number="0001437749-25-000010")
    changed = Entry("0001437749-25-000010", items=RESULTS)
    outcome = import_feed(company_feed(changed, Entry("0001437749-25-000011", form="10-Q")), "second")
    assert (outcome.created, outcome.updated, outcome.unchanged) == (1, 1, 0)
    again = Filing.objects.get(accession_number="0001437749-25-000010")
    assert again.pk == first.pk and again.imported_at == first.imported_at
    assert again.item_lines == [
        "Item 2.02: Results of Operations and Financial Condition",
        "Item 9.01: Financial Statements and Exhibits",
    ]
    assert again.changed_at > first.changed_at
    assert Filing.objects.count() == 3


# -- refusals -----------------------------------------------------------------------

# A good entry first in each feed that has entries: nothing of a refused feed is kept, not even that.
GOOD = Entry("0001437749-25-099999")
MALFORMED = {
    "not XML": (b"<feed><entry>", "not well-formed XML"),
    "an HTML error page": (b"<html><body>Request Rate Threshold Exceeded</body></html>", "not an Atom feed"),
    "empty": (b"  ", "empty"),
    "bad accession number": (company_feed(GOOD, Entry("12-34")), "Entry 2 (12-34) cannot be read: accession-number"),
    "bad date": (
        company_feed(GOOD, Entry("0001437749-25-000003", filing_date="2025-13-01")),
        "filing-date “2025-13-01”",
    ),
    "link off EDGAR": (
        company_feed(
            GOOD, Entry("0001437749-25-000004", href="https://evil.example/Archives/edgar/data/1/x-index.htm")
        ),
        "is not a filing on https://www.sec.gov/Archives/edgar/data/",
    ),
    "javascript link": (company_feed(GOOD, Entry("0001437749-25-000005", href="javascript:alert(1)")), "filing-href"),
    "no form type": (company_feed(GOOD, Entry("0001437749-25-000006", form="")), "form type"),
    "repeated accession": (
        company_feed(GOOD, Entry("0001437749-25-000007"), Entry("0001437749-25-000007")),
        "repeats an accession number",
    ),
    "another company": (
        company_feed(GOOD, Entry("0001437749-25-000008"), cik="0000320193", name="Apple Inc."),
        "CIK 0000320193 (Apple Inc.)",
    ),
    "an entity": (
        b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&x;</title></feed>',
        "DOCTYPE",
    ),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_feed_is_refused_and_nothing_changes(case):
    """A feed the import cannot read is refused with a clear reason; the filings stay exactly as they were."""
    import_feed(sample_bytes(), "sample")
    before = snapshot()
    data, reason = MALFORMED[case]
    with pytest.raises(FeedError) as refused:
        import_feed(data, "bad.atom")
    assert reason in str(refused.value)
    assert snapshot() == before
    last = FilingImport.last()
    assert not last.succeeded and reason in last.problem and last.source == "bad.atom"


# -- the command --------------------------------------------------------------------


def test_command_imports_a_file_and_says_what_it_did():
    """`import_filings --file` imports the sample and says how many filings were new."""
    out = io.StringIO()
    call_command("import_filings", "--file", str(SAMPLE_FEED), stdout=out)
    assert f"Imported {SAMPLE_ENTRIES} filings" in out.getvalue()
    assert f"{SAMPLE_ENTRIES} new, 0 changed, 0 unchanged" in out.getvalue()
    out = io.StringIO()
    call_command("import_filings", "--file", str(SAMPLE_FEED), stdout=out)
    assert f"0 new, 0 changed, {SAMPLE_ENTRIES} unchanged" in out.getvalue()


def test_command_refuses_a_bad_file_with_its_reason(tmp_path):
    """A missing or malformed file is a CommandError (exit 1) that says why, and imports nothing."""
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_filings", "--file", str(tmp_path / "missing.atom"))
    bad = tmp_path / "bad.atom"
    bad.write_bytes(b"<html>Not found</html>")
    with pytest.raises(CommandError, match="not an Atom feed"):
        call_command("import_filings", "--file", str(bad))
    with pytest.raises(CommandError, match="is not a CIK"):
        call_command("import_filings", "--file", str(SAMPLE_FEED), "--cik", "TGEN")
    assert not Filing.objects.exists()


# -- fetching -----------------------------------------------------------------------


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_fetch_declares_the_company_and_contact_the_sec_requires(monkeypatch, settings, profile):
    """A fetch sends the User-Agent EDGAR requires (company name and contact e-mail) and imports the answer."""
    settings.EDGAR_CONTACT_EMAIL = "ir@tecogen.com"
    requests = []

    def urlopen(request, timeout):
        requests.append(request)
        return FakeResponse(sample_bytes())

    monkeypatch.setattr(edgar.urllib.request, "urlopen", urlopen)
    outcome = fetch_and_import()
    (request,) = requests
    assert request.full_url == (
        "https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=0001537435&type=&dateb=&owner=include&count=40&output=atom"
    )
    assert request.get_header("User-agent") == "Tecogen Inc. ir@tecogen.com"
    assert outcome.created == SAMPLE_ENTRIES


def test_fetch_without_a_contact_email_is_refused(monkeypatch, settings):
    """Without EDGAR_CONTACT_EMAIL nothing is fetched (the SEC refuses anonymous clients) and the run is recorded."""
    settings.EDGAR_CONTACT_EMAIL = ""
    monkeypatch.setattr(edgar.urllib.request, "urlopen", lambda *a, **k: pytest.fail("fetched"))
    with pytest.raises(FeedError, match="EDGAR_CONTACT_EMAIL"):
        fetch_and_import()
    assert "EDGAR_CONTACT_EMAIL" in FilingImport.last().problem


def test_edgar_refusing_the_request_is_a_clear_error(monkeypatch, settings):
    """EDGAR's 403 (what it answers an undeclared client) is reported with the status, nothing imported."""
    settings.EDGAR_CONTACT_EMAIL = "ir@tecogen.com"

    def urlopen(request, timeout):
        raise urllib.error.HTTPError(request.full_url, 403, "Forbidden", {}, None)

    monkeypatch.setattr(edgar.urllib.request, "urlopen", urlopen)
    with pytest.raises(FeedError, match="EDGAR answered 403 Forbidden"):
        fetch_and_import()
    assert not Filing.objects.exists()


def test_only_https_is_fetched():
    """A URL that is not https is refused before any request."""
    with pytest.raises(FeedError, match="Only https"):
        edgar.fetch("file:///etc/passwd", agent="x y@z")


# -- the schedule -------------------------------------------------------------------


def test_schedule_is_off_unless_enabled(monkeypatch):
    """Without EDGAR_IMPORT_ENABLED the publisher's loop never enqueues an import (make serve stays offline)."""
    monkeypatch.setattr("filings.schedule.fetch_and_import", lambda: pytest.fail("fetched"))
    assert ImportSchedule().tick() is False


def test_schedule_runs_at_start_and_then_every_interval(monkeypatch, settings):
    """When enabled: one import at start-up, then one per interval, run through the task backend."""
    settings.EDGAR_IMPORT_ENABLED = True
    settings.EDGAR_IMPORT_SECONDS = 3600
    runs = []
    monkeypatch.setattr("filings.schedule.fetch_and_import", lambda: runs.append(1) or _outcome())
    now = [1000.0]
    schedule = ImportSchedule(clock=lambda: now[0])
    assert schedule.tick() is True
    now[0] += 3599
    assert schedule.tick() is False
    now[0] += 1
    assert schedule.tick() is True
    assert len(runs) == 2


def test_scheduled_run_that_fails_is_recorded_not_raised(monkeypatch, settings):
    """A refused feed in the task worker is a failed FilingImport, never a crash of the worker."""
    settings.EDGAR_CONTACT_EMAIL = ""
    ImportSchedule(enabled=True, every=60, clock=lambda: 0.0).tick()
    assert FilingImport.last().succeeded is False


def _outcome():
    return import_feed(sample_bytes(), "sample")


def test_a_failure_half_way_rolls_back_the_whole_import(monkeypatch):
    """If writing fails after some filings were updated, the transaction leaves all of them as they were."""
    import_feed(company_feed(Entry("0001437749-25-000010")), "first")
    before = snapshot()

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Filing.objects, "bulk_create", fail)
    changed = company_feed(Entry("0001437749-25-000010", items=RESULTS), Entry("0001437749-25-000011"))
    with pytest.raises(RuntimeError):
        import_feed(changed, "second")
    assert snapshot() == before
