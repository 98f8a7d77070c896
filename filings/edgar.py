"""EDGAR's company filings feed: fetch it politely, read it strictly.

EDGAR publishes each company's filings as an Atom feed (conf.COMPANY_FEED_URL), newest first.
Its shape, as EDGAR writes it (sample_data/edgar/tecogen-filings.atom):

    <feed xmlns="http://www.w3.org/2005/Atom">
      <company-info> ... <cik>0001537435</cik> <conformed-name>Tecogen Inc.</conformed-name> ... </company-info>
      <entry>
        <category label="form type" scheme="https://www.sec.gov/" term="8-K" />
        <content type="text/xml">
          <accession-number>…</accession-number> <filing-date>2024-11-14</filing-date>
          <filing-href>https://www.sec.gov/Archives/edgar/data/…-index.htm</filing-href>
          <filing-type>8-K</filing-type> <form-name>Current report</form-name>
          <items-desc>items 2.02 and 9.01</items-desc> <size>245 KB</size> …
        </content>
        <summary type="html"> &lt;b&gt;Filed:&lt;/b&gt; … &lt;br&gt;Item 2.02: Results of Operations … </summary>
        <title>8-K  - Current report</title> <updated>2024-11-14T16:05:12-05:00</updated> …
      </entry>
    </feed>

The elements inside <content> are in the Atom namespace (the feed's default). `parse_feed`
reads every entry before anything is written and refuses the whole document at the first
entry it cannot read, naming it: an import is all or nothing.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
ACCESSION_NUMBER = re.compile(r"^\d{10}-\d{2}-\d{6}$")
# 8-K, 10-K/A, DEF 14A, SC 13G/A, 424B5, S-3ASR, 4 ...
FORM_TYPE = re.compile(r"^[A-Z0-9][A-Z0-9 ./-]{0,19}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EDGAR_HOST = "www.sec.gov"
EDGAR_ARCHIVES = "/Archives/edgar/data/"
# EDGAR's company feed is about 40 entries (tens of kilobytes); anything far larger is not it.
MAX_FEED_BYTES = 5 * 1024 * 1024
FETCH_TIMEOUT = 30  # seconds
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_ITEM_NUMBER = re.compile(r"\d{1,2}\.\d{2}")
_MAX_TITLE = 300
_MAX_SIZE = 20


class FeedError(Exception):
    """The document is not EDGAR's company feed as expected, or could not be fetched: nothing was imported."""


@dataclass(frozen=True)
class FilingEntry:
    """One entry of the feed, checked and ready to store."""

    accession_number: str
    form_type: str
    filing_date: dt.date
    accepted_at: dt.datetime | None
    title: str
    items: str
    edgar_url: str
    period_of_report: dt.date | None
    size: str


@dataclass(frozen=True)
class CompanyFeed:
    """The company the feed is about (when it says) and its entries, newest first."""

    cik: str
    company_name: str
    entries: list[FilingEntry]


# -- reading ------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    # No DTD, no entities, no network: the feed comes from outside.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _text(parent, name: str) -> str:
    element = parent.find(f"{ATOM}{name}")
    return (element.text or "").strip() if element is not None and element.text else ""


def _item_lines(summary: str, items_desc: str) -> list[str]:
    """`["Item 2.02: Results of Operations and Financial Condition", ...]` from the entry's HTML summary.

    The summary names each item of an 8-K after a `<br>`; without it, the bare numbers of
    `<items-desc>` ("items 2.02 and 9.01") are the next best thing.
    """
    lines = []
    for part in _BREAK.split(summary):
        line = " ".join(html.unescape(_TAG.sub(" ", part)).split())
        if line.lower().startswith("item "):
            lines.append(line)
    if not lines and items_desc:
        lines = [f"Item {number}" for number in _ITEM_NUMBER.findall(items_desc)]
    return lines


def _date(value: str, what: str) -> dt.date:
    if not ISO_DATE.match(value):
        raise ValueError(f"{what} “{value}” is not a date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} “{value}” is not a date (YYYY-MM-DD)") from None


def _entry(entry) -> FilingEntry:
    content = entry.find(f"{ATOM}content")
    if content is None:
        raise ValueError("it has no <content> (EDGAR puts the filing's details there)")
    accession = _text(content, "accession-number")
    if not ACCESSION_NUMBER.match(accession):
        raise ValueError(f"accession-number “{accession}” is not an EDGAR accession number (0001234567-24-000123)")

    category = entry.find(f"{ATOM}category[@label='form type']")
    if category is None:
        category = entry.find(f"{ATOM}category")
    form_type = " ".join(
        ((category.get("term") if category is not None else "") or _text(content, "filing-type")).split()
    )
    if not FORM_TYPE.match(form_type):
        raise ValueError(f"the form type “{form_type}” (category term) is not an EDGAR form type")

    filing_date = _date(_text(content, "filing-date"), "filing-date")

    href = _text(content, "filing-href")
    parts = urlsplit(href)
    if parts.scheme != "https" or parts.hostname != EDGAR_HOST or not parts.path.startswith(EDGAR_ARCHIVES):
        raise ValueError(f"filing-href “{href}” is not a filing on https://{EDGAR_HOST}{EDGAR_ARCHIVES}")

    title = " ".join(_text(content, "form-name").split())
    if not title:
        # "8-K  - Current report": the entry's own title, after the form type.
        title = " ".join(_text(entry, "title").partition(" - ")[2].split()) or form_type
    if len(title) > _MAX_TITLE:
        raise ValueError(f"form-name is longer than {_MAX_TITLE} characters")

    accepted_at = None
    updated = _text(entry, "updated")
    if updated:
        try:
            accepted_at = dt.datetime.fromisoformat(updated)
        except ValueError:
            raise ValueError(f"updated “{updated}” is not a date and time (RFC 3339)") from None
        if accepted_at.tzinfo is None:
            raise ValueError(f"updated “{updated}” has no time zone offset")

    period = _text(content, "period")  # not in the company feed today; other EDGAR feeds write YYYYMMDD
    period_of_report = None
    if period:
        if re.fullmatch(r"\d{8}", period):
            period = f"{period[:4]}-{period[4:6]}-{period[6:]}"
        period_of_report = _date(period, "period")

    size = _text(content, "size")
    if len(size) > _MAX_SIZE:
        raise ValueError(f"size “{size[:40]}” is longer than {_MAX_SIZE} characters")

    items = _item_lines(_text(entry, "summary"), _text(content, "items-desc"))
    return FilingEntry(
        accession_number=accession,
        form_type=form_type,
        filing_date=filing_date,
        accepted_at=accepted_at,
        title=title,
        items="\n".join(items),
        edgar_url=href,
        period_of_report=period_of_report,
        size=size,
    )


def parse_feed(data: bytes) -> CompanyFeed:
    """Every filing in EDGAR's company feed, or FeedError naming the first problem (nothing is kept)."""
    if not data.strip():
        raise FeedError("The feed is empty.")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"The feed is not well-formed XML: {exc}.") from exc
    if root.getroottree().docinfo.doctype:
        raise FeedError("The feed declares a DOCTYPE; EDGAR's Atom feed has none.")
    if root.tag != f"{ATOM}feed":
        name = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise FeedError(
            f"The document is not an Atom feed (its root element is <{name}>): EDGAR answered something else."
        )

    info = root.find(f"{ATOM}company-info")
    feed_cik = ""
    company_name = ""
    if info is not None:
        feed_cik = _text(info, "cik")
        company_name = " ".join(_text(info, "conformed-name").split())
        if feed_cik and not (feed_cik.isdigit() and len(feed_cik) <= 10):
            raise FeedError(f"The feed's company CIK “{feed_cik}” is not a CIK.")
        feed_cik = feed_cik.zfill(10) if feed_cik else ""

    entries: list[FilingEntry] = []
    seen: set[str] = set()
    for number, element in enumerate(root.iterfind(f"{ATOM}entry"), start=1):
        accession = (
            _text(element.find(f"{ATOM}content"), "accession-number")
            if element.find(f"{ATOM}content") is not None
            else ""
        )
        label = f"Entry {number}" + (f" ({accession})" if accession else "")
        try:
            entry = _entry(element)
        except ValueError as exc:
            raise FeedError(f"{label} cannot be read: {exc}. Nothing was imported.") from exc
        if entry.accession_number in seen:
            raise FeedError(f"{label} repeats an accession number listed earlier in the feed. Nothing was imported.")
        seen.add(entry.accession_number)
        entries.append(entry)
    return CompanyFeed(cik=feed_cik, company_name=company_name, entries=entries)


# -- fetching -----------------------------------------------------------------------


def user_agent(company_name: str, contact_email: str) -> str:
    """`Tecogen Inc. ir@tecogen.com`: the SEC's fair-access policy asks automated clients to declare
    who they are and how to reach them, and refuses requests that do not."""
    if not contact_email or "@" not in contact_email:
        raise FeedError(
            "Set EDGAR_CONTACT_EMAIL to the address the SEC may contact about this site's requests "
            "(its fair-access policy requires a company name and an e-mail address in the User-Agent)."
        )
    return f"{company_name} {contact_email}"


def fetch(url: str, *, agent: str, timeout: float = FETCH_TIMEOUT) -> bytes:
    """The feed's bytes from `url` (https only), sent with the declared User-Agent; FeedError if none comes."""
    if urlsplit(url).scheme != "https":
        raise FeedError(f"Only https addresses are fetched, not “{url}”.")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        headers={
            "User-Agent": agent,
            "Accept": "application/atom+xml, application/xml;q=0.9, */*;q=0.1",
            "Accept-Encoding": "identity",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - https only, checked above
            data = response.read(MAX_FEED_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FeedError(f"EDGAR answered {exc.code} {exc.reason} for {url}.") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FeedError(f"Could not fetch {url}: {reason}.") from exc
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(f"The answer from {url} is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB: not EDGAR's feed.")
    return data
