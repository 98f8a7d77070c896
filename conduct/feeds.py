"""The Code waiver disclosures in feeds: their own, and the newsroom's.

RSS 2.0 and Atom 1.0 of the disclosures alone are at `/governance/code-waivers/feed/<rss|atom>/`;
the newsroom's all-releases feeds (releases.feeds) list them too, among the releases by date,
through IR_EXTRA_FEED_ITEMS (`newsroom_feed_items`).

Push channels count towards the website being a recognised channel of distribution (SEC 2008
guidance), and a waiver disclosed on the website instead of Form 8-K must be as easy to follow
as a release. Only live, public disclosures are listed (a draft, or one still in the Disclosure
Policy workflow, never), newest first; an archived one stays, marked archived. The documents
are deterministic (no "now"), with the feeds' media types, stylesheets and language of the
release feeds (releases.feeds), which this app sits above.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.html import format_html

from feedgen.feed import FeedGenerator

from company.ap_style import ap_date
from company.models import CompanyProfile
from conduct.models import CodeWaiverDisclosurePage, RecordKind
from releases.feeds import _EPOCH, FEED_TYPES, GENERATOR, LANGUAGE, SERVED_AS, FeedItem, with_stylesheets

FEED_LIMIT = 100


def feed_path(index, kind: str) -> str:
    return f"{index.url}feed/{kind}/"


def _content_html(page) -> str:
    parts = [
        format_html("<p><strong>Who:</strong> {}, {}</p>", page.person_name, page.person_title),
        format_html("<p><strong>Provision of the Code:</strong> {}</p>", page.provision_heading),
        format_html("<p><strong>What was waived:</strong> {}</p>", page.waived),
        format_html("<p><strong>Decision:</strong> by {} on {}</p>", page.decided_by, ap_date(page.decision_date)),
    ]
    if page.reason:
        parts.append(format_html("<p><strong>The board's reasons:</strong> {}</p>", page.reason))
    if page.conditions:
        parts.append(format_html("<p><strong>Conditions:</strong> {}</p>", page.conditions))
    return "".join(parts)


def summary(page: CodeWaiverDisclosurePage) -> str:
    """One sentence: what, for whom, decided by whom and when, which provision."""
    if page.kind == RecordKind.AMENDMENT:
        what, verb = "Amendment of the Code of Business Conduct and Ethics applying to", "adopted"
    else:
        what, verb = "Waiver of the Code of Business Conduct and Ethics for", "granted"
    return (
        f"{what} {page.person_name}, {page.person_title}, {verb} by {page.decided_by} "
        f"on {ap_date(page.decision_date)} ({page.provision_heading})."
    )


def _title(page: CodeWaiverDisclosurePage) -> str:
    return page.title + (" (archived)" if page.is_archived else "")


def newsroom_feed_items(request, site, profile: CompanyProfile) -> list[FeedItem]:
    """IR_EXTRA_FEED_ITEMS: the site's live, public waiver disclosures as items of the newsroom's feeds.

    Dated when each first went public (the disclosure's date); a draft, one still in the
    workflow or scheduled, or one behind a view restriction is not listed. Its id, like a
    release's, is a tag URI of what never changes: the page and the day it first went public.
    """
    tz = profile.tz
    pages = (
        CodeWaiverDisclosurePage.objects.live()
        .public()
        .in_site(site)
        .filter(first_published_at__isnull=False)
        .select_related("archive")
        .order_by("-first_published_at", "-pk")
    )
    items = []
    for page in pages:
        first = page.first_published_at
        # Archiving changes what the item says ("(archived)"): readers see it as updated then.
        changed = max(page.last_published_at or first, page.archive.archived_at if page.is_archived else first)
        items.append(
            FeedItem(
                guid=f"tag:{site.hostname.lower()},{first.astimezone(dt.UTC):%Y-%m-%d}:code-waiver/{page.pk}",
                title=_title(page),
                url=page.get_full_url(request),
                published=first.astimezone(tz).replace(microsecond=0),
                updated=changed.astimezone(tz).replace(microsecond=0),
                categories=[],
                summary=summary(page),
                content_html=_content_html(page),
                enclosure=None,
            )
        )
    return items


def build_waiver_feed(request, index, kind: str) -> bytes:
    """One feed document of the index's live disclosures, newest first."""
    if kind not in FEED_TYPES:
        raise Http404("No such feed.")
    profile = CompanyProfile.for_request(request)
    tz = profile.tz
    pages = list(
        CodeWaiverDisclosurePage.objects.live()
        .public()
        .child_of(index)
        .select_related("archive")
        .order_by("-first_published_at", "-pk")[:FEED_LIMIT]
    )
    self_url = request.build_absolute_uri(feed_path(index, kind))
    fg = FeedGenerator()
    fg.id(self_url)
    fg.title(f"{profile.legal_name}: waivers of the Code of Business Conduct and Ethics")
    fg.description(
        f"Waivers of the Code granted to executive officers or directors of {profile.legal_name}, newest first."
    )
    fg.author({"name": profile.legal_name, **({"uri": profile.website} if profile.website else {})})
    fg.link(href=self_url, rel="self", type=FEED_TYPES[kind])
    fg.link(href=index.get_full_url(request), rel="alternate", type="text/html")
    fg.language(LANGUAGE)
    fg.generator(GENERATOR)
    updated = max((p.last_published_at or p.first_published_at for p in pages), default=_EPOCH)
    fg.updated(updated.astimezone(tz))
    for page in pages:
        url = page.get_full_url(request)
        fe = fg.add_entry(order="append")  # feedgen prepends by default
        fe.title(_title(page))
        fe.guid(url, permalink=True)
        fe.link(href=url)
        fe.published(page.first_published_at.astimezone(tz))
        fe.updated((page.last_published_at or page.first_published_at).astimezone(tz))
        fe.author({"name": profile.legal_name})
        if kind == "rss":
            fe.description(format_html("{}", summary(page)))
            fe.content(_content_html(page), type="CDATA")
        else:
            fe.summary(summary(page))
            fe.content(_content_html(page), type="html")
    return with_stylesheets(fg.rss_str() if kind == "rss" else fg.atom_str(), kind)


def serve_waiver_feed(request, index, kind: str) -> HttpResponse:
    document = build_waiver_feed(request, index, kind)
    etag = f'"{hashlib.sha256(document).hexdigest()}"'
    response = HttpResponse(document, content_type=SERVED_AS)
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)
