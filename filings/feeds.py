"""`/filings/feed/rss/`: the company's SEC filings as RSS 2.0, each item a link to EDGAR.

Built like the release feeds (releases/feeds.py): feedgen, items newest first, dates in market
time with their offset, the same browser stylesheets, a strong ETag and Last-Modified. The
item's guid is its EDGAR filing index URL, a permalink that never changes; its link is the same
address (the filing is on sec.gov: this site hosts none). No paging: the newest FEED_SIZE
filings, and the list page links EDGAR's complete history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from wagtail.models import Site

from feedgen.feed import FeedGenerator

from company.ap_style import ap_date
from company.models import CompanyProfile
from filings.models import Filing
from releases.feeds import FEED_TYPES, GENERATOR, LANGUAGE, SERVED_AS, with_stylesheets

FEED_SIZE = 50
# EDGAR's clock: filing dates are Eastern Time business days, whatever the company's market time zone.
EDGAR_TZ = zoneinfo.ZoneInfo("America/New_York")
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def feed_title(profile: CompanyProfile) -> str:
    return f"{profile.legal_name} SEC filings"


def filing_published(filing: Filing, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """When EDGAR accepted it, or (no time given) the start of its filing day in Eastern Time; in market time."""
    moment = filing.accepted_at or dt.datetime.combine(filing.filing_date, dt.time(0, 0), tzinfo=EDGAR_TZ)
    return moment.astimezone(tz).replace(microsecond=0)


def item_title(filing: Filing) -> str:
    """`8-K: Current report`."""
    return f"{filing.form_type}: {filing.title}"


def item_summary(filing: Filing) -> str:
    """`Form 8-K filed with the SEC on Nov. 13, 2025. Item 2.02: Results of ...` (plain text)."""
    parts = [f"Form {filing.form_type} filed with the SEC on {ap_date(filing.filing_date)}."]
    parts += [f"{line}." if not line.endswith(".") else line for line in filing.item_lines]
    return " ".join(parts)


def build_feed(*, profile: CompanyProfile, self_url: str, list_url: str, filings: list[Filing]) -> bytes:
    """The RSS document, filings newest first."""
    tz = profile.tz
    fg = FeedGenerator()
    fg.title(feed_title(profile))
    fg.description(
        f"Filings of {profile.legal_name} with the U.S. Securities and Exchange Commission, newest first. "
        "Each item links to the filing on EDGAR (sec.gov)."
    )
    fg.link(href=self_url, rel="self", type=FEED_TYPES["rss"])
    fg.link(href=list_url, rel="alternate", type="text/html")  # the last link is RSS's <link>
    fg.language(LANGUAGE)
    fg.generator(GENERATOR)
    published = [filing_published(f, tz) for f in filings]
    fg.lastBuildDate(max(published) if published else _EPOCH.astimezone(tz))
    for filing, when in zip(filings, published, strict=True):
        fe = fg.add_entry(order="append")  # feedgen prepends by default
        fe.title(item_title(filing))
        fe.link(href=filing.edgar_url)
        fe.guid(filing.edgar_url, permalink=True)
        fe.published(when)
        fe.category(term=filing.form_type)
        fe.description(escape(item_summary(filing)))  # RSS descriptions are HTML
    return with_stylesheets(fg.rss_str(), "rss")


@require_safe
def filing_feed(request: HttpRequest) -> HttpResponse:
    """The newest FEED_SIZE filings: three queries (site, profile, filings), no cache of our own."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site answers to this host.")
    profile = CompanyProfile.for_request(request)
    filings = list(Filing.objects.order_by("-filing_date", "-accepted_at", "-accession_number")[:FEED_SIZE])
    content = build_feed(
        profile=profile,
        self_url=site.root_url + reverse("filings:feed"),
        list_url=site.root_url + reverse("filings:list"),
        filings=filings,
    )
    etag = f'"{hashlib.sha256(content).hexdigest()}"'
    changed = max((f.changed_at for f in filings), default=_EPOCH)
    last_modified = int(changed.timestamp())
    response = HttpResponse(content, content_type=SERVED_AS)  # as the release feeds, for browsers' sake
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=settings.IR_PUBLIC_MAX_AGE, s_maxage=settings.IR_SHARED_MAX_AGE)
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
