"""Render the busiest public URLs for a generation that is not current yet (the embargo's stage).

The embargo publisher (disclosure/embargo.py) publishes a release inside a transaction opened a
moment before its release time and commits at that time. Between its publish and its commit it
calls `prerender()`: each URL is rendered by this process's own Django handler, on the
publisher's database connection (so it sees the release as it will be at the commit, and
nothing else can see it), through the whole middleware stack, and the whole-response cache
keeps the result under the staged generation (releases/content_version.py), which becomes
current at the commit. The first reader after the release time gets a kept copy instead of
waiting for a render while everyone else's request renders too.

Which URLs: the release's own page, the home page, the newsroom, the feeds and the sitemap,
and the URLs readers asked for lately (releases.response_cache.recent_urls: a category page,
a repeated search), for each scheme and host readers used (their cache keys include them).
Files are not rendered: a file is never kept whole, and its refusal ends with the generation.

Rendering here cannot make anything public early: the responses are kept under a generation
no request reads until the commit; the transaction's writes (image renditions, say) commit
with the release or roll back with it. A URL whose render fails is skipped (its savepoint is
rolled back); the publish goes on.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction

from releases.feeds import feed_path
from releases.response_cache import FILE_PREFIXES, recent_urls

logger = logging.getLogger("releases.prerender")

# Never more than this many renders per stage (each is 10 to 40 ms of CPU).
MAX_URLS = 60
_handler: BaseHandler | None = None


def _get_handler() -> BaseHandler:
    """This process's request handler with the site's middleware (loaded once, as a WSGI server does)."""
    global _handler
    if _handler is None:
        handler = BaseHandler()
        handler.load_middleware()
        _handler = handler
    return _handler


def _request(url: str) -> WSGIRequest:
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    host = parts.netloc
    port = parts.port or (443 if secure else 80)
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": parts.path or "/",
        "QUERY_STRING": parts.query,
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(port),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": parts.scheme or "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }
    if secure:
        environ["HTTP_X_FORWARDED_PROTO"] = "https"  # as the proxy in front says (SECURE_PROXY_SSL_HEADER)
    return WSGIRequest(environ)


def urls_to_render(pages: Iterable, recent: list[str]) -> list[str]:
    """The releases' pages and the standing surfaces on each origin readers used, then the recent URLs."""
    origins: list[str] = []
    for url in recent:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    paths: list[str] = []
    for page in pages:
        path = page.get_url(None)  # relative when the site is the only one
        if path and path.startswith("/"):
            paths.append(path)
            newsroom = page.get_parent().get_url(None)
            if newsroom and newsroom.startswith("/"):
                paths.append(newsroom)
    paths += ["/", feed_path("rss", None, 1), feed_path("atom", None, 1), "/sitemap.xml", "/sitemap-releases.xml"]
    ordered: list[str] = []
    for origin in origins:
        ordered += [origin + path for path in paths]
    ordered += recent
    seen: set[str] = set()
    unique = []
    for url in ordered:
        if url not in seen and not urlsplit(url).path.startswith(FILE_PREFIXES):
            seen.add(url)
            unique.append(url)
    return unique[:MAX_URLS]


def prerender(pages: Iterable, deadline: float) -> dict:
    """Render the URLs for `pages` going public (see the module docstring) until time.monotonic() reaches `deadline`.

    Call it inside the stage and the transaction. Returns counts: rendered, failed, left (not
    reached before the deadline).
    """
    urls = urls_to_render(list(pages), recent_urls())
    handler = _get_handler()
    counts = {"rendered": 0, "failed": 0, "left": 0}
    for index, url in enumerate(urls):
        if time.monotonic() >= deadline:
            counts["left"] = len(urls) - index
            break
        try:
            with transaction.atomic():  # a failed render's writes (and a broken statement) roll back alone
                # Not response.close(): it sends request_finished, whose close_old_connections
                # drops a connection inside a transaction, this one. Nothing here is streamed.
                response = handler.get_response(_request(url))
        except Exception:
            logger.exception("Rendering %s ahead failed", url)
            counts["failed"] += 1
            continue
        if response.status_code >= 500:
            counts["failed"] += 1
        else:
            counts["rendered"] += 1
    return counts
