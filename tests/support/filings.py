"""EDGAR company feeds for the filings tests: the shipped sample, and small feeds built to order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from filings.models import Filing

SAMPLE_FEED = Path(settings.BASE_DIR) / "sample_data" / "edgar" / "tecogen-filings.atom"
SAMPLE_ENTRIES = 11


def sample_bytes() -> bytes:
    return SAMPLE_FEED.read_bytes()


@dataclass
class Entry:
    """One entry of an EDGAR company feed, as EDGAR writes it (only what the import reads varies)."""

    accession: str
    form: str = "8-K"
    filing_date: str = "2025-11-13"
    updated: str = "2025-11-13T16:10:21-05:00"
    form_name: str = "Current report"
    items: list[tuple[str, str]] = field(default_factory=list)  # (number, name)
    href: str = ""

    def xml(self) -> str:
        nodash = self.accession.replace("-", "")
        href = self.href or f"https://www.sec.gov/Archives/edgar/data/1537435/{nodash}/{self.accession}-index.htm"
        items_desc = f"<items-desc>items {' and '.join(n for n, _ in self.items)}</items-desc>" if self.items else ""
        summary = f" &lt;b&gt;Filed:&lt;/b&gt; {self.filing_date} &lt;b&gt;AccNo:&lt;/b&gt; {self.accession}" + "".join(
            f"&lt;br&gt;Item {n}: {name}" for n, name in self.items
        )
        return f"""
    <entry>
      <category label="form type" scheme="https://www.sec.gov/" term="{self.form}" />
      <content type="text/xml">
        <accession-number>{self.accession}</accession-number>
        <filing-date>{self.filing_date}</filing-date>
        <filing-href>{href}</filing-href>
        <filing-type>{self.form}</filing-type>
        <form-name>{self.form_name}</form-name>
        {items_desc}
        <size>100 KB</size>
      </content>
      <id>urn:tag:sec.gov,2008:accession-number={self.accession}</id>
      <link href="{href}" rel="alternate" type="text/html" />
      <summary type="html">{summary}</summary>
      <title>{self.form}  - {self.form_name}</title>
      <updated>{self.updated}</updated>
    </entry>"""


def company_feed(*entries: Entry, cik: str = "0001537435", name: str = "Tecogen Inc.") -> bytes:
    """An EDGAR company feed (ISO-8859-1, as EDGAR declares) holding `entries`."""
    body = "".join(e.xml() for e in entries)
    return f"""<?xml version="1.0" encoding="ISO-8859-1" ?>
  <feed xmlns="http://www.w3.org/2005/Atom">
    <company-info><cik>{cik}</cik><conformed-name>{name}</conformed-name></company-info>{body}
    <title>{name}  ({cik})</title>
    <updated>2025-11-14T09:12:40-05:00</updated>
  </feed>
""".encode("latin-1")


def make_filing(accession: str, form_type: str = "8-K", filing_date: dt.date = dt.date(2025, 1, 2), **fields) -> Filing:
    nodash = accession.replace("-", "")
    defaults = {
        "title": "Current report",
        "edgar_url": f"https://www.sec.gov/Archives/edgar/data/1537435/{nodash}/{accession}-index.htm",
        "accepted_at": dt.datetime.combine(filing_date, dt.time(21, 5), tzinfo=dt.UTC),
    }
    return Filing.objects.create(
        accession_number=accession, form_type=form_type, filing_date=filing_date, **(defaults | fields)
    )


def snapshot() -> list[tuple]:
    """Every filing as a tuple of its fields: equal before and after means nothing changed."""
    return list(Filing.objects.order_by("accession_number").values_list())
