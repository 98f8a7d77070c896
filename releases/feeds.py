"""Investor feeds: RSS 2.0 and Atom 1.0 of every release, and of each category.

Regulation FD counts push channels such as RSS among the signs that a company's
website is a recognised channel of distribution, so the feeds keep the site's
promise: a release appears the moment it is published and never before (only
`live_releases()` are ever listed), a withdrawn one disappears at once, and each
item carries the release as released (dateline, body, About, contacts, SOURCE).

Each feed is rendered once and kept in the Django cache under a key that holds a
"feeds generation" (releases/content_version.py); `releases/signals.py` moves the generation on whenever a
release is published, corrected, withdrawn, moved or deleted, so the next request
renders afresh. Documents are deterministic (no "now" anywhere), which makes the
strong ETag a hash of the bytes.

Paging follows RFC 5005 ("paged feeds"): page 1 holds the newest FEED_PAGE_SIZE
releases, `?page=N` the older ones, each page linking `first`, `previous`,
`next` and `last` (in RSS through the Atom namespace).

A person who opens a feed in a browser sees a page, not markup: each document names an XSLT
stylesheet (static/feeds/rss.xsl, atom.xsl) that browsers turn into a page saying what a feed
is and how to follow it, and a CSS one (static/feeds/feed.css) that the XSLT page links and
that browsers without XSLT apply to the XML itself. Feed readers ignore both instructions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import html
import mimetypes
import re
import time
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe

from wagtail.models import Site

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from company.models import CompanyProfile
from ir_site.sanitize import clean_html
from releases.content_version import feeds_generation
from releases.listing import ReleaseSequence, archive_shape, site_newsroom
from releases.models import Category, PressReleasePage, ReleaseAttachment, ReleaseContact
from releases.models.pages import in_category

FEED_PAGE_SIZE = 50
# Media types by feed kind; the kinds are the last segment of the feed URLs.
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
# The Content-Type the feeds are served with. Links and autodiscovery name FEED_TYPES, but the
# documents go out as generic XML: Chromium shows application/rss+xml and application/atom+xml
# as plain text and never runs their XSLT stylesheet, while it does for application/xml.
# Feed readers read the document, whatever the type (they take application/xml feeds alike).
SERVED_AS = "application/xml; charset=utf-8"
FEED_KIND_NAMES = {"rss": "RSS", "atom": "Atom"}
# Our own cache is emptied by the generation counter; this only bounds the life of
# an entry if a change ever happened without a signal (raw SQL, a restored backup).
FEED_CACHE_TIMEOUT = 60 * 60
GENERATOR = "IR Newsroom"
LANGUAGE = "en-us"

ATOM_NS = "http://www.w3.org/2005/Atom"
# The stylesheets a browser applies to each format (static/feeds/); readers ignore them.
STYLESHEETS = {"rss": "feeds/rss.xsl", "atom": "feeds/atom.xsl"}
FEED_CSS = "feeds/feed.css"
# A feed with no release yet still needs a fixed `updated` (never "now").
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
# Characters XML 1.0 cannot carry at all (lxml refuses them); imported text may hold some.
_NOT_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# An element's start tag, with quoted attribute values that may contain '>'.
_START_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>""")
_URL_ATTRIBUTE = re.compile(
    r"""(?P<lead>\s(?:href|src)\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))""",
    re.IGNORECASE,
)


# -- URLs and titles (also used by the page templates) ----------------------------


def feed_path(kind: str, category_slug: str | None = None, page: int = 1) -> str:
    """The path of a feed, e.g. `/news/category/financing/feed/atom/?page=2`."""
    if category_slug:
        path = reverse("releases:category_feed", kwargs={"slug": category_slug, "kind": kind})
    else:
        path = reverse("releases:feed", kwargs={"kind": kind})
    return f"{path}?page={page}" if page > 1 else path


def feed_title(profile: CompanyProfile, category: Category | None = None) -> str:
    """`Tecogen Inc. press releases`, or `Tecogen Inc. press releases – Financing`."""
    title = f"{profile.legal_name} press releases"
    return f"{title} – {category.name}" if category else title


# -- one item ---------------------------------------------------------------------


def release_guid(page: PressReleasePage, host: str) -> str:
    """The permanent id of a release in every feed: `tag:<host>,<YYYY-MM-DD>:release/<pk>` (RFC 4151).

    Built from what never changes once a release is out: the page's primary key and
    the (UTC) date it was first published (Wagtail never rewrites
    `first_published_at`, unlike `release_at`, which an editor may correct). So a
    correction, a new slug or a move never makes readers see a release twice.
    """
    first = page.first_published_at or page.release_at
    return f"tag:{host.lower()},{first.astimezone(dt.UTC):%Y-%m-%d}:release/{page.pk}"


def release_updated(page: PressReleasePage) -> dt.datetime:
    """When a release last changed for its readers: its release time, or the time it was corrected.

    A release counts as corrected when it was published again after its first
    publication (a back-filled archive published today is not "updated today").
    """
    first, last = page.first_published_at, page.last_published_at
    if first and last and last > first:
        return max(page.release_at, last)
    return page.release_at


def absolute_urls(fragment: str, base_url: str) -> str:
    """Every `href` and `src` of an HTML fragment resolved against `base_url` (feeds take no relative URL)."""

    def fix_attribute(match: re.Match) -> str:
        raw = next(v for v in (match["dq"], match["sq"], match["bare"]) if v is not None)
        url = urljoin(base_url, html.unescape(raw).strip())
        return f'{match["lead"]}"{escape(url)}"'

    return _START_TAG.sub(lambda tag: _URL_ATTRIBUTE.sub(fix_attribute, tag[0]), fragment)


def _xml_text(value: str) -> str:
    return _NOT_XML_CHARACTERS.sub("", value or "")


def _plain_summary(page: PressReleasePage) -> str:
    # Never empty: with no description, feedgen moves the RSS item's content into
    # <description> and drops content:encoded. The headline stands in for an empty lead.
    return _xml_text(page.plain_summary()).strip() or _xml_text(page.title)


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    media_type: str


def _enclosure(attachment: ReleaseAttachment | None, base_url: str) -> Enclosure | None:
    if attachment is None:
        return None
    document = attachment.document
    length = document.file_size
    if length is None:
        # Not get_file_size(): that saves the document, a write in the middle of a read.
        try:
            length = document.file.size
        except Exception:  # noqa: BLE001 - a missing file, whatever storage backend raises it, must not take the feed down
            length = 0  # unknown, as RSS spells it
    media_type = mimetypes.guess_type(document.filename)[0] or "application/octet-stream"
    return Enclosure(urljoin(base_url, document.url), length, media_type)


@dataclass
class FeedItem:
    """One release, ready for either feed format."""

    guid: str
    title: str
    url: str
    published: dt.datetime
    updated: dt.datetime
    categories: list[Category]
    summary: str
    content_html: str
    enclosure: Enclosure | None


# -- other apps' items ---------------------------------------------------------------

# IR_EXTRA_FEED_ITEMS names callables `(request, site, profile) -> iterable of FeedItem` through
# which apps above this one add their own public items to the all-releases feeds (conduct's Code
# waiver disclosures) without releases/ importing them. Each lists only what is live and public
# on that site; imported once per path. The signals that empty the feeds' cache
# (releases/signals.py) cover any public page published or unpublished.
_import_source = functools.cache(import_string)


def extra_items(request: HttpRequest, site: Site, profile: CompanyProfile) -> list[FeedItem]:
    """The other apps' items of the all-releases feeds, their text made safe for XML."""
    items = []
    for path in getattr(settings, "IR_EXTRA_FEED_ITEMS", ()):
        for item in _import_source(path)(request, site, profile):
            text = {name: _xml_text(getattr(item, name)) for name in ("title", "summary", "content_html")}
            items.append(dataclasses.replace(item, **text))
    return items


def with_extra_items(
    releases: list[FeedItem], extras: list[FeedItem], *, first_page: bool, next_page_from: dt.datetime | None
) -> list[FeedItem]:
    """One feed page's releases with the extra items that fall among them by date, newest first.

    Page N takes the extra items published after the first release of page N+1 (`next_page_from`)
    and up to its own first release; page 1 takes all the newer ones, the last page all the older.
    So each item is on one page only, in date order, and the pages' count and links stay the
    releases' (RFC 5005 does not fix a page's size).
    """
    newest = None if first_page or not releases else releases[0].published
    chosen = [
        item
        for item in extras
        if (newest is None or item.published <= newest) and (next_page_from is None or item.published > next_page_from)
    ]
    return sorted(releases + chosen, key=lambda item: item.published, reverse=True)  # stable: releases first on ties


ITEM_TIMEOUT = 3600


@functools.cache
def _item_code_version() -> str:
    """What else an item's HTML depends on: its template and the sanitizer (a deploy may change either)."""
    from django.template.loader import get_template  # here: the template engines load after this module

    source = get_template("releases/feed_item.html").template.source
    engine = getattr(settings, "IR_SANITIZER_ENGINE", "")
    return hashlib.sha256(f"{engine}\0{source}".encode()).hexdigest()[:12]


def item_key(page: PressReleasePage, url: str) -> str | None:
    """The shared-cache key of a release's item HTML (None: not live, nothing kept)."""
    if not page.live_revision_id:
        return None
    published = page.last_published_at.isoformat() if page.last_published_at else ""
    digest = hashlib.sha256(f"{url}\0{published}".encode()).hexdigest()[:16]
    return f"ir:feed-item:{_item_code_version()}:{page.pk}:{page.live_revision_id}:{digest}"


def render_item_html(
    page: PressReleasePage,
    url: str,
    contacts: list[ReleaseContact],
    attachments: list[ReleaseAttachment],
    kept: dict | None = None,
) -> str:
    """The release as released, as sanitized HTML with absolute links and images.

    Kept in the shared cache per live revision (with its URL, and the template and sanitizer it
    was made with): after a publish a feed renders the one new item and reuses the other 19,
    instead of sanitizing all twenty again at the busiest moment (70% of a feed's render was the
    items, most of it the sanitizer). Everything an item shows is that revision's (the media
    contacts and categories are frozen into it) or a file the release signed, which cannot
    change while it is live (disclosure.signature). `kept`: the entries a feed read for all its
    items at once (`cache.get_many`), so a feed costs one round trip to the cache, not twenty.
    """
    key = item_key(page, url)
    if key is not None:
        found = kept.get(key) if kept is not None else cache.get(key)
        if found is not None:
            return found
    html_text = _render_item_html(page, url, contacts, attachments)
    if key is not None:
        cache.set(key, html_text, ITEM_TIMEOUT)
    return html_text


def _render_item_html(
    page: PressReleasePage, url: str, contacts: list[ReleaseContact], attachments: list[ReleaseAttachment]
) -> str:
    fragment = render_to_string(
        "releases/feed_item.html",
        {
            "page": page,
            "lead_in": page.lead_in,
            # A correction's note heads the item, as on the page (releases/corrections.py).
            "correction": page.correction_note if release_updated(page) != page.release_at else "",
            "boilerplate_paragraphs": page.boilerplate_paragraphs,
            "legend_paragraphs": page.legend_paragraphs,
            "contacts": contacts,
            "attachments": attachments,
        },
    )
    return _xml_text(clean_html(absolute_urls(fragment.strip(), url)))


# -- the document -------------------------------------------------------------------


def with_stylesheets(document: bytes, kind: str) -> bytes:
    """The feed with `<?xml-stylesheet?>` instructions right after its XML declaration.

    First the XSLT one (browsers that run XSLT show the page it makes), then the CSS one: the
    XSLT page links the same file (it reads the address from this instruction, so that a
    hashed name under ManifestStaticFilesStorage still works), and browsers that no longer run
    XSLT style the feed's own elements with it. The addresses come from `static()`, so they
    follow STATIC_URL and the hashed names of production. Chromium applies an XSLT stylesheet
    only from the feed's own origin: STATIC_URL must be on the site's host.
    """
    declaration_end = document.index(b"?>") + 2 if document.startswith(b"<?xml") else 0
    instructions = "".join(
        f'\n<?xml-stylesheet type="{media_type}" href="{escape(static(path))}"?>'
        for media_type, path in (("text/xsl", STYLESHEETS[kind]), ("text/css", FEED_CSS))
    ).encode()
    return document[:declaration_end] + instructions + document[declaration_end:]


def _add_link(parent, tag: str, **attributes: str) -> None:
    etree.SubElement(parent, tag, {k: v for k, v in attributes.items() if v})


class _FeedLinks(BaseExtension):
    """Feed-level links for RFC 5005 paging.

    feedgen writes only the `self` link into RSS, so the paging links are added
    here, the same way for both formats (as `atom:link` in RSS).
    """

    def __init__(self) -> None:
        self.links: list[tuple[str, str, str]] = []  # (rel, href, media type)

    def extend_rss(self, feed):
        for rel, href, media_type in self.links:
            _add_link(feed[0], f"{{{ATOM_NS}}}link", href=href, rel=rel, type=media_type)  # in <channel>
        return feed

    def extend_atom(self, feed):
        # feedgen builds Atom documents from un-namespaced elements under xmlns="...Atom".
        for rel, href, media_type in self.links:
            _add_link(feed, "link", href=href, rel=rel, type=media_type)
        return feed


class _EntryLinks(BaseEntryExtension):
    """An Atom entry's `alternate` and `enclosure` links.

    feedgen 1.0.0 drops the rel and type of entry links in Atom (an open upstream
    bug), which would turn an enclosure into a second "alternate" link.
    """

    def __init__(self) -> None:
        self.url = ""
        self.enclosure: Enclosure | None = None

    def extend_atom(self, entry):
        if self.url:
            _add_link(entry, "link", rel="alternate", type="text/html", href=self.url)
        if self.enclosure:
            _add_link(
                entry,
                "link",
                rel="enclosure",
                type=self.enclosure.media_type,
                length=str(self.enclosure.length),
                href=self.enclosure.url,
            )
        return entry


@dataclass(frozen=True)
class FeedDocument:
    """What the cache keeps: the bytes, their strong ETag and the feed's `updated` time."""

    content: bytes
    etag: str
    updated: float


def build_feed(
    *,
    kind: str,
    profile: CompanyProfile,
    self_url: str,
    feed_id: str,
    home_url: str,
    page_urls: dict[str, str],
    items: list[FeedItem],
    updated: dt.datetime,
    category: Category | None,
) -> bytes:
    """One feed document, RSS 2.0 or Atom 1.0, from items already in order (newest first)."""
    fg = FeedGenerator()
    fg.register_extension("ir", _FeedLinks, _EntryLinks)
    if kind == "rss":
        fg.load_extension("dc", atom=False, rss=True)
    title = feed_title(profile, category)
    listing = f" ({profile.listing})" if profile.listing else ""
    if category:
        about = f"Press releases from {profile.legal_name} about {category.name}."
        description = category.description or about
    else:
        description = f"Press releases from {profile.legal_name}{listing}, newest first."
    fg.id(feed_id)
    fg.title(_xml_text(title))
    fg.description(_xml_text(description))
    fg.author({"name": profile.legal_name, **({"uri": profile.website} if profile.website else {})})
    fg.link(href=self_url, rel="self", type=FEED_TYPES[kind])
    fg.link(href=home_url, rel="alternate", type="text/html")  # the last link is RSS's <link>
    fg.language(LANGUAGE)
    fg.generator(GENERATOR)
    fg.updated(updated)
    fg.ir.links = [(rel, href, FEED_TYPES[kind]) for rel, href in page_urls.items()]

    for item in items:
        fe = fg.add_entry(order="append")  # feedgen prepends by default
        fe.title(_xml_text(item.title))
        fe.guid(item.guid, permalink=False)
        fe.published(item.published)
        fe.updated(item.updated)
        for c in item.categories:
            fe.category(term=c.slug, label=c.name)
        if kind == "rss":
            fe.link(href=item.url)
            if item.summary:
                fe.description(escape(item.summary))  # RSS descriptions are HTML
            # CDATA cannot hold "]]>"; the text is HTML, so an entity means the same.
            fe.content(item.content_html.replace("]]>", "]]&gt;"), type="CDATA")
            fe.dc.dc_creator(profile.legal_name)  # RSS <author> must be an e-mail address
            if item.enclosure:
                fe.enclosure(item.enclosure.url, str(item.enclosure.length), item.enclosure.media_type)
        else:
            fe.ir.url = item.url
            fe.author({"name": profile.legal_name})
            if item.summary:
                fe.summary(item.summary)
            fe.content(item.content_html, type="html")
            fe.ir.enclosure = item.enclosure
    return with_stylesheets(fg.rss_str() if kind == "rss" else fg.atom_str(), kind)


def _page_number(request: HttpRequest) -> int:
    value = request.GET.get("page")
    if value is None:
        return 1
    if not value.isdigit() or int(value) < 1:
        raise Http404("No such page of this feed.")
    return int(value)


def render_feed(
    request: HttpRequest, site: Site, kind: str, category_slug: str | None, page_number: int
) -> FeedDocument:
    """Query and render one page of one feed: a constant number of queries, however long the archive."""
    profile = CompanyProfile.for_request(request)
    root_url = site.root_url
    newsroom = site_newsroom(site)
    if newsroom is None:
        raise Http404("This site has no newsroom.")
    category = None
    releases = newsroom.releases()
    if category_slug:
        category = Category.objects.filter(slug=category_slug).first()
        if category is None:
            raise Http404("No such category.")
        releases = releases.filter(in_category(category))

    # Counts and page starts from the archive's shape (releases.listing): no COUNT, no OFFSET.
    shape = archive_shape(newsroom, profile.tz)
    listing = ReleaseSequence(releases, shape.buckets(category_id=category.pk if category else None), profile.tz)
    total = listing.count()
    last_page = max(1, -(-total // FEED_PAGE_SIZE))
    if page_number > last_page:
        raise Http404("No such page of this feed.")
    start = (page_number - 1) * FEED_PAGE_SIZE
    # One release more than the page holds: where the next page starts bounds the extra items here.
    rows = listing[start : start + FEED_PAGE_SIZE + 1]
    pages, following = rows[:FEED_PAGE_SIZE], rows[FEED_PAGE_SIZE:]
    # A category with no public release (made for a release still under embargo, or for none)
    # is the same 404 as a slug that never existed: an empty feed would say it exists. Asked of
    # the database, not the shape, which may be the previous generation's for a moment.
    if category is not None and not pages and not releases.exists():
        raise Http404("No such category.")

    PressReleasePage.prefetch_categories(pages)
    attachments: dict[int, list[ReleaseAttachment]] = {}
    contacts: dict[int, list[ReleaseContact]] = {}
    if pages:
        ids = [p.pk for p in pages]
        for a in ReleaseAttachment.objects.filter(page_id__in=ids).select_related("document"):
            attachments.setdefault(a.page_id, []).append(a)
        for c in ReleaseContact.objects.filter(page_id__in=ids).order_by("sort_order", "pk"):
            contacts.setdefault(c.page_id, []).append(c)

    tz = profile.tz
    items = []
    # With a request, Wagtail keeps the site root paths on it: no query per page.
    urls = {page.pk: page.get_full_url(request) for page in pages}
    kept = cache.get_many([key for page in pages if (key := item_key(page, urls[page.pk]))])
    for page in pages:
        page.__dict__["profile"] = profile  # serves the cached property without a query
        url = urls[page.pk]
        page_attachments = attachments.get(page.pk, [])
        items.append(
            FeedItem(
                guid=release_guid(page, site.hostname),
                title=page.title,
                url=url,
                published=page.release_at.astimezone(tz).replace(microsecond=0),
                updated=release_updated(page).astimezone(tz).replace(microsecond=0),
                categories=page.category_list,
                summary=_plain_summary(page),
                content_html=render_item_html(page, url, contacts.get(page.pk, []), page_attachments, kept),
                enclosure=_enclosure(page_attachments[0] if page_attachments else None, url),
            )
        )

    if category is None:  # other apps' items have no category: in the all-releases feeds only
        next_from = following[0].release_at.astimezone(tz).replace(microsecond=0) if following else None
        extras = extra_items(request, site, profile)
        items = with_extra_items(items, extras, first_page=page_number == 1, next_page_from=next_from)

    if items:
        updated = max(item.updated for item in items)
    else:
        updated = (newsroom.last_published_at or _EPOCH).astimezone(tz).replace(microsecond=0)

    def url_of(number: int) -> str:
        return root_url + feed_path(kind, category_slug, number)

    page_urls = {"first": url_of(1), "last": url_of(last_page)}
    if page_number > 1:
        page_urls["previous"] = url_of(page_number - 1)
    if page_number < last_page:
        page_urls["next"] = url_of(page_number + 1)

    content = build_feed(
        kind=kind,
        profile=profile,
        self_url=url_of(page_number),
        feed_id=url_of(1),  # every page of a feed is the same logical feed
        home_url=newsroom.get_full_url(request) + (f"?category={category.slug}" if category else ""),
        page_urls=page_urls,
        items=items,
        updated=updated,
        category=category,
    )
    etag = f'"{hashlib.sha256(content).hexdigest()}"'
    return FeedDocument(content=content, etag=etag, updated=updated.timestamp())


@require_safe
def release_feed(request: HttpRequest, kind: str, slug: str | None = None) -> HttpResponse:
    """`/news/feed/<rss|atom>/` and `/news/category/<slug>/feed/<rss|atom>/`, with `?page=N` archives."""
    page_number = _page_number(request)
    if request.GET.get("page") == "1":
        # One URL per document, so that the `self` link always matches the address fetched.
        return HttpResponsePermanentRedirect(feed_path(kind, slug))
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site answers to this host.")

    generation = feeds_generation()
    key = f"releases:feed:{generation}:{site.pk}:{kind}:{slug or '-'}:{page_number}"
    document = cache.get(key)
    if document is None:
        document = render_feed(request, site, kind, slug, page_number)
        cache.set(key, document, FEED_CACHE_TIMEOUT)

    response = HttpResponse(document.content, content_type=SERVED_AS)
    # The feed may change without its newest item changing (a release withdrawn), so
    # Last-Modified is also never earlier than the last change to the feeds.
    last_modified = int(min(max(document.updated, generation / 1e9), time.time()))
    response["ETag"] = document.etag
    response["Last-Modified"] = http_date(last_modified)
    # Shared caches (a CDN) may keep it longer: every publish, correction and withdrawal purges it.
    patch_cache_control(response, public=True, max_age=settings.IR_PUBLIC_MAX_AGE, s_maxage=settings.IR_SHARED_MAX_AGE)
    etag = document.etag
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
