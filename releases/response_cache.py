"""Whole-response cache for anonymous visitors, shared by every web worker, emptied by every publish.

The busiest minute of an investor-relations site is the one right after an earnings release:
everyone loads the same home page, newsroom, release and feeds. Each of those responses is
rendered once and kept in the shared cache (Redis in production), and the next anonymous GET
of the same URL is answered from it before the session, authentication and the page tree are
touched: one cache round trip.

What may be kept: a 200 response without cookies that the site marked `Cache-Control: public`
(releases.middleware.PublicCacheHeadersMiddleware, the feed and sitemap views), and a 404
without cookies, of a page or a file (see `_storable`). Every entry carries the feeds generation
it was rendered under (the counter every publish, correction, withdrawal, move, deletion and
privacy change moves, releases/signals.py), and the current generation is read from the shared
cache on every request; an entry of an older generation is never served. So a release goes
public in every worker at the publisher's commit, and an embargoed URL's kept 404 ends with
the publish that makes it public. A file itself is never kept.

The moment after a release time is the one that counts: the generation moves, every cached copy
is out of date, and every client polling the newsroom, the home page and the feeds asks for a
fresh render at once. When the move only added to what the public sees (a first publication,
releases/content_version.py), one request per URL renders it (a short lock in the shared
cache) and the others are answered meanwhile with that URL's copy from before the addition
(`X-Response-Cache: stale`), for at most STALE_SECONDS: it lacks the new release and shows
nothing withdrawn or changed, so nothing is early and nothing is wrong, and the server renders
each surface once instead of once per client. After any other move (a withdrawal, a correction,
a privacy change) nothing older is served: each request renders.

The embargo publisher renders the busiest URLs ahead, inside the transaction that publishes a
release and under the generation its commit will start (releases/prerender.py): those
responses are kept under a key of their own for that generation (`staged_key`), looked up when
the URL's own entry is of an older generation, so the first reader after the release time gets
one without a render. Until the commit no request reads that generation.

Bypassed: anything but GET, Wagtail's previews (a dummy request for the public path), requests
that carry the session cookie (editors, reviewers, a visitor who entered a page's password) or
an Authorization header, conditional requests (the views answer 304 themselves), the admin,
the API and static files.
`IR_RESPONSE_CACHE_SECONDS = 0` turns it off (the test settings do, except in its own tests).
"""

from __future__ import annotations

import contextlib
import copy
import threading
import time
from collections import OrderedDict
from http.cookies import SimpleCookie

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from releases.content_version import additions_since, current_generation, feeds_generation, staged

BYPASS_PREFIXES = ("/admin/", "/static/", "/api/", "/_util/")
# Documents and images: only their refusals (404) are kept, never a file.
FILE_PREFIXES = ("/documents/", "/media/")
MAX_QUERY_LENGTH = 200
HIT_HEADER = "X-Response-Cache"
LOCAL_ENTRIES = 128  # per worker
# After an addition, a URL's earlier copy answers while one request renders it afresh; never for
# longer than this after the addition, and only while that render's lock is held (RENDER_LOCK_SECONDS
# bounds a render that died).
STALE_SECONDS = 5.0
RENDER_LOCK_SECONDS = 5
# The URLs readers asked for lately (`recent_urls`): the embargo publisher renders them ahead.
RECENT_KEY = "ir:response:recent"
RECENT_URLS = 40
RECENT_SECONDS = 600
NOTE_EVERY = 30.0


def key_for(url: str) -> str:
    """The cache key of an absolute URL's response."""
    return f"ir:response:{url}"


def staged_key(key: str, generation) -> str:
    """Where a response rendered ahead for a staged generation is kept (releases/prerender.py).

    Not the URL's own key: readers keep rendering (and keeping) the current generation's copy
    there until the commit, which would overwrite what was rendered ahead.
    """
    return f"{key}@{generation}"


def rendering_key(key: str, generation) -> str:
    """The lock one request holds while it renders `key` afresh for `generation`."""
    return f"{key}:rendering:{generation}"


def _url(request) -> str:
    return f"{request.scheme}://{request.get_host()}{request.get_full_path()}"


def _eligible(request) -> bool:
    if request.method != "GET" or request.path_info.startswith(BYPASS_PREFIXES):
        return False
    # Wagtail renders a preview as a dummy request for the page's public path, through this same
    # middleware: it must neither be answered with the public page nor leave its draft behind.
    if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        return False
    return len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH


def _storable(request, response) -> bool:
    """A public 200 page, or a 404 (of a page or a file): kept under the generation that rendered it.

    A 404 is what a URL answers until the publish that makes it public, and that publish starts
    a new generation: a kept 404 never outlives it. It is kept (pages and files alike) because
    the busiest URLs before a release time are the release's own, polled by everyone who
    guessed them, and each refusal would otherwise cost a page-tree lookup and a render. The
    same bytes answer for an embargoed URL and one that never existed, kept the same way.
    """
    if response.cookies or getattr(response, "streaming", False):
        return False
    directives = {d.strip().split("=")[0] for d in response.get("Cache-Control", "").lower().split(",")}
    if directives & {"private", "no-store"}:
        return False
    if response.status_code == 404:
        return True
    if response.status_code != 200 or request.path_info.startswith(FILE_PREFIXES):
        return False
    return "public" in directives and "no-cache" not in directives


def note_read(request, url: str) -> None:
    """Remember that readers asked for this URL (a kept response was rendered for it): see `recent_urls`.

    Read and written on a render, not on a hit (so about once per URL and generation), and
    rewritten only when the URL's last note is older than NOTE_EVERY. Keeps the last RECENT_URLS.
    """
    if request.path_info.startswith(FILE_PREFIXES):
        return  # a file's kept refusal (the file itself is not kept)
    now = time.time()
    recent = cache.get(RECENT_KEY) or {}
    if recent.get(url, 0) > now - NOTE_EVERY:
        return
    recent[url] = now
    if len(recent) > RECENT_URLS:
        recent = dict(sorted(recent.items(), key=lambda item: item[1])[-RECENT_URLS:])
    cache.set(RECENT_KEY, recent, RECENT_SECONDS)


def recent_urls(within: float = RECENT_SECONDS) -> list[str]:
    """The absolute URLs readers asked for in the last `within` seconds, most recent first.

    What the embargo publisher renders ahead for the new generation (releases/prerender.py):
    the newsroom, the feeds, the home page, a search someone keeps repeating, as requested
    (scheme, host and query string included), so the kept copy has exactly the key readers hit.
    """
    recent = cache.get(RECENT_KEY) or {}
    since = time.time() - within
    return [url for url, at in sorted(recent.items(), key=lambda item: -item[1]) if at >= since]


def _response(entry: tuple) -> HttpResponse:
    _, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HIT_HEADER] = "hit"
    return response


class ResponseCacheMiddleware:
    """Serve anonymous GETs of public pages and feeds from the shared cache (see the module docstring).

    Each worker also keeps its last LOCAL_ENTRIES responses in memory, with the generation they
    belong to: a hit then costs one small read of the generation from the shared cache, not the
    transfer of the page. The generation is read on every request, so a worker's own copy is
    never served after a publish.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._local: OrderedDict[str, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def _remember(self, key: str, entry: tuple, timeout: int) -> HttpResponse:
        """Keep the entry in this worker, as a ready response; returns that response."""
        template = _response(entry)
        with self._lock:
            self._local[key] = (time.monotonic() + timeout, entry[0], template)
            self._local.move_to_end(key)
            while len(self._local) > LOCAL_ENTRIES:
                self._local.popitem(last=False)
        return template

    def _recall(self, key: str, generation) -> HttpResponse | None:
        with self._lock:
            found = self._local.get(key)
        if found is None or found[0] < time.monotonic() or found[1] != generation:
            return None
        return found[2]

    def _earlier_copy(self, key: str, generation) -> HttpResponse | None:
        """This URL's copy from before the additions that made `generation`, if it may answer now."""
        try:
            base = additions_since(generation, within=STALE_SECONDS)
        except Exception:  # noqa: BLE001 - the cache is down: no earlier copy
            return None
        if base is None:
            return None
        with self._lock:
            found = self._local.get(key)
        # Only a page as it was (200): a 404 from before is what a URL that just went public was.
        if found is not None and base <= found[1] < generation and found[0] >= time.monotonic():
            return self._served(found[2]) if found[2].status_code == 200 else None
        try:
            entry = cache.get(key)
        except Exception:  # noqa: BLE001 - as above
            return None
        if entry is not None and base <= entry[0] < generation and entry[1] == 200:
            return _response(entry)
        return None

    @staticmethod
    def _served(template: HttpResponse) -> HttpResponse:
        # A copy shares the headers and body, which nothing changes on the way out (this is
        # the outermost middleware): no per-hit header checks. Its own list of closers,
        # which Django's handler appends to.
        response = copy.copy(template)
        response._resource_closers = []
        response.cookies = SimpleCookie()
        return response

    def __call__(self, request):
        timeout = getattr(settings, "IR_RESPONSE_CACHE_SECONDS", 0)
        if not timeout or not _eligible(request):
            return self.get_response(request)
        url = _url(request)
        key = key_for(url)
        try:
            generation = current_generation()  # inside the publisher's stage: the staged one
        except Exception:  # noqa: BLE001 - the cache is down (each backend has its own errors): render as if empty
            return self.get_response(request)
        if generation is None:  # evicted or never set: start one (the feeds read the same counter)
            generation = feeds_generation()
        else:
            template = self._recall(key, generation)
            if template is None:
                try:
                    entry = cache.get(key)
                except Exception:  # noqa: BLE001 - the cache is down, as above: render the page
                    entry = None
                if entry is None or entry[0] != generation:  # rendered ahead for this generation?
                    try:
                        entry = cache.get(staged_key(key, generation))
                    except Exception:  # noqa: BLE001 - as above
                        entry = None
                if entry is not None and entry[0] == generation:
                    template = self._remember(key, entry, timeout)
            if template is not None:
                return self._served(template)
        rendering = None
        if generation is not None and staged() is None:
            earlier = self._earlier_copy(key, generation)
            if earlier is not None:
                rendering = rendering_key(key, generation)
                try:
                    someone_else = not cache.add(rendering, 1, timeout=RENDER_LOCK_SECONDS)
                except Exception:  # noqa: BLE001 - the cache is down: render
                    someone_else, rendering = False, None
                if someone_else:
                    earlier.headers = earlier.headers.copy()  # not the kept copy's headers
                    earlier[HIT_HEADER] = "stale"
                    return earlier
        try:
            response = self.get_response(request)
            if _storable(request, response):  # rendered: Django renders template responses inside the handler
                entry = (generation, response.status_code, list(response.items()), response.content)
                with contextlib.suppress(Exception):  # a full or absent cache only costs the next render
                    if staged() is not None:
                        cache.set(staged_key(key, generation), entry, timeout)
                    else:
                        cache.set(key, entry, timeout)
                        note_read(request, url)
                self._remember(key, entry, timeout)
        finally:
            if rendering:
                with contextlib.suppress(Exception):
                    cache.delete(rendering)
        return response
