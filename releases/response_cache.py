"""Whole-response cache for anonymous visitors, shared by every web worker, emptied by every publish.

The busiest minute of an investor-relations site is the one right after an earnings release:
everyone loads the same home page, newsroom, release and feeds. Each of those responses is
rendered once and kept in the shared cache (Redis in production), and the next anonymous GET
of the same URL is answered from it before the session, authentication and the page tree are
touched: one cache round trip.

What may be kept is exactly what a CDN may keep: a 200 response without cookies that the
site marked `Cache-Control: public` (releases.middleware.PublicCacheHeadersMiddleware, the feed
and sitemap views). Every entry carries the feeds generation it was rendered under (the
counter every publish, correction, withdrawal, move, deletion and privacy change moves,
releases/signals.py), and the current generation is read from the shared cache on every
request; an entry of an older generation is never served. So a release goes public in every worker at the
publisher's commit, and an embargoed URL's 404 is never kept at all.

Bypassed: anything but GET, Wagtail's previews (a dummy request for the public path), requests
that carry the session cookie (editors, reviewers, a visitor who entered a page's password) or
an Authorization header, conditional requests (the views answer 304 themselves), the admin,
documents, media, the API and static files.
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

from releases.content_version import GENERATION_KEY, feeds_generation

BYPASS_PREFIXES = ("/admin/", "/documents/", "/media/", "/static/", "/api/", "/_util/")
MAX_QUERY_LENGTH = 200
HIT_HEADER = "X-Response-Cache"
LOCAL_ENTRIES = 128  # per worker


def _key(request) -> str:
    return f"ir:response:{request.scheme}://{request.get_host()}{request.get_full_path()}"


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


def _storable(response) -> bool:
    if response.status_code != 200 or response.cookies or getattr(response, "streaming", False):
        return False
    directives = {d.strip().split("=")[0] for d in response.get("Cache-Control", "").lower().split(",")}
    return "public" in directives and not directives & {"private", "no-cache", "no-store"}


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

    def __call__(self, request):
        timeout = getattr(settings, "IR_RESPONSE_CACHE_SECONDS", 0)
        if not timeout or not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        try:
            generation = cache.get(GENERATION_KEY)
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
                if entry is not None and entry[0] == generation:
                    template = self._remember(key, entry, timeout)
            if template is not None:
                # A copy shares the headers and body, which nothing changes on the way out (this is
                # the outermost middleware): no per-hit header checks. Its own list of closers,
                # which Django's handler appends to.
                response = copy.copy(template)
                response._resource_closers = []
                response.cookies = SimpleCookie()
                return response
        response = self.get_response(request)
        if _storable(response):  # rendered: Django renders template responses inside the handler
            entry = (generation, response.status_code, list(response.items()), response.content)
            with contextlib.suppress(Exception):  # a full or absent cache only costs the next render
                cache.set(key, entry, timeout)
            self._remember(key, entry, timeout)
        return response
