"""Importing EDGAR's feed: an upsert by accession number, all or nothing, with a record of each run.

`import_feed` is what the command, the scheduled task and the demo call. It reads the whole
document first (filings/edgar.py) and writes in one transaction, so a feed it cannot read, or
a failure half-way, leaves the filings exactly as they were. Running it twice on the same feed
changes nothing the second time. A filing that drops out of EDGAR's feed (it lists only the
newest 40) stays listed: the feed is a window onto EDGAR, not the whole list.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from company.models import CompanyProfile
from filings import conf
from filings.edgar import CompanyFeed, FeedError, FilingEntry, fetch, parse_feed, user_agent
from filings.models import Filing, FilingImport
from releases.content_version import bump_feeds_generation

logger = logging.getLogger(__name__)

# What an import compares and writes: everything the feed says about a filing.
FIELDS = ("form_type", "filing_date", "accepted_at", "title", "items", "edgar_url", "period_of_report", "size")


@dataclass(frozen=True)
class ImportOutcome:
    record: FilingImport
    created: int
    updated: int
    unchanged: int


def _check_company(feed: CompanyFeed, cik: str) -> None:
    if feed.cik and feed.cik != cik:
        who = f" ({feed.company_name})" if feed.company_name else ""
        raise FeedError(
            f"This is the feed of CIK {feed.cik}{who}, not of the company's CIK {cik} (EDGAR_CIK). "
            "Nothing was imported."
        )


def _upsert(entries: list[FilingEntry]) -> tuple[int, int]:
    now = timezone.now()
    existing = {
        f.accession_number: f for f in Filing.objects.filter(accession_number__in=[e.accession_number for e in entries])
    }
    new = []
    updated = 0
    for entry in entries:
        values = {name: getattr(entry, name) for name in FIELDS}
        filing = existing.get(entry.accession_number)
        if filing is None:
            new.append(Filing(accession_number=entry.accession_number, imported_at=now, changed_at=now, **values))
            continue
        changed = [name for name, value in values.items() if getattr(filing, name) != value]
        if changed:
            for name in changed:
                setattr(filing, name, values[name])
            filing.changed_at = now
            filing.save(update_fields=[*changed, "changed_at"])
            updated += 1
    Filing.objects.bulk_create(new)
    return len(new), updated


def import_feed(data: bytes, source: str, *, cik: str | None = None) -> ImportOutcome:
    """Import the filings of one EDGAR feed document; FeedError (recorded as a failed run) if it is refused."""
    cik = conf.normalise_cik(cik) if cik else conf.cik()
    started = timezone.now()
    try:
        feed = parse_feed(data)
        _check_company(feed, cik)
        with transaction.atomic():
            created, updated = _upsert(feed.entries)
            record = FilingImport.objects.create(
                started_at=started,
                source=source[:500],
                succeeded=True,
                entries=len(feed.entries),
                created=created,
                updated=updated,
            )
            if created or updated:
                # The list, its feed and every cached page show the change on the next request.
                transaction.on_commit(bump_feeds_generation)
    except FeedError as exc:
        FilingImport.objects.create(started_at=started, source=source[:500], succeeded=False, problem=str(exc))
        raise
    return ImportOutcome(record, created, updated, len(feed.entries) - created - updated)


def fetch_and_import(url: str | None = None, *, cik: str | None = None) -> ImportOutcome:
    """Fetch EDGAR's feed (the configured one unless `url` is given) and import it."""
    url = url or conf.feed_url()
    try:
        agent = user_agent(_company_name(), conf.contact_email())
        data = fetch(url, agent=agent)
    except FeedError as exc:
        FilingImport.objects.create(source=url[:500], succeeded=False, problem=str(exc))
        raise
    return import_feed(data, url, cik=cik)


def _company_name() -> str:
    try:
        return CompanyProfile.for_default_site().legal_name
    except CompanyProfile.DoesNotExist:  # no site yet
        return "IR Newsroom"
