"""`.ics` downloads: `<event page>/event.ics` and the index's subscribable `<events index>/calendar.ics`.

Wagtail's page URLs cannot end in a file name (its catch-all takes `[\\w-]+/` segments only), so
these are Django routes (events/urls.py) that find the page by its URL path on the request's site,
as Wagtail's routing would, and answer 404 for a page that is not live and public: an event not
announced yet has no calendar file either. They carry the pages' cache headers, and a CDN purges
them with the pages (their get_cached_paths).

Calendar programs that subscribe fetch the calendar again every few hours: each file has a strong
ETag (a hash of its bytes, which are the same on every request: events/calendar.py) and a
Last-Modified, and a client that sends If-None-Match or If-Modified-Since for what it already has
gets a 304 with no body.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time

from django.conf import settings
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe

from wagtail.models import Site

from company.models import CompanyProfile
from events.calendar import CONTENT_TYPE, PAST_IN_FEED, calendar_name, feed_events, write_calendar
from events.models import EventIndexPage, EventPage, live_events
from releases.content_version import feeds_generation


def _live_page_at(request, model, page_path: str):
    """The live, public `model` page at `page_path` (e.g. `events/`) on the request's site, or 404."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    root_path = next((p.root_path for p in Site.get_site_root_paths() if p.site_id == site.pk), None)
    if root_path is None:
        raise Http404
    page = model.objects.live().public().filter(url_path=root_path + page_path).first()
    if page is None:
        raise Http404
    return site, page


def last_modified(changes) -> int:
    """Last-Modified (seconds since the epoch) of a calendar whose own content last changed at `changes`.

    Never earlier than the site's last public change (releases.content_version, which every
    publish, withdrawal, move and company profile edit moves on), since a calendar can change
    with none of its events changing (one withdrawn, the company renamed in its PRODID); never
    later than now. So an If-Modified-Since answered 304 holds what the client already has.
    """
    latest = max((moment.timestamp() for moment in changes if moment is not None), default=0.0)
    return int(min(max(latest, feeds_generation() / 1e9), time.time()))


def _calendar_response(request, content: bytes, changes, filename: str | None = None) -> HttpResponse:
    """The calendar with its ETag and Last-Modified, or a 304 to a client that already has these bytes."""
    etag = f'"{hashlib.sha256(content).hexdigest()}"'
    modified = last_modified(changes)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    # The pages' cache headers, set here so that a 304 carries them too (the middleware adds none to one).
    patch_cache_control(response, public=True, max_age=settings.IR_PUBLIC_MAX_AGE, s_maxage=settings.IR_SHARED_MAX_AGE)
    if filename:
        # RFC 6266, with `filename*=` for a slug outside ASCII (Wagtail allows Unicode slugs).
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)


@require_safe
def event_calendar(request, page_path: str):
    """One event's `.ics`, to add it to a calendar (a download named after the event's slug)."""
    site, event = _live_page_at(request, EventPage, page_path)
    profile = CompanyProfile.for_request(request)
    content = write_calendar([event], profile=profile, urls={event.pk: event.get_full_url(request)}, host=site.hostname)
    return _calendar_response(request, content, [event.last_published_at], filename=f"{event.slug}.ics")


@require_safe
def index_calendar(request, page_path: str):
    """The calendar of all events, to subscribe to: upcoming and recent ones, cancelled ones marked so."""
    site, index = _live_page_at(request, EventIndexPage, page_path)
    profile = CompanyProfile.for_request(request)
    now = timezone.now()
    children = live_events().child_of(index)  # public() reads the view restrictions once, here
    events = list(feed_events(children, now))
    base = index.get_full_url(request)
    urls = {event.pk: f"{base}{event.slug}/" for event in events}
    content = write_calendar(events, profile=profile, urls=urls, host=site.hostname, name=calendar_name(profile))
    changes = [index.last_published_at, *(event.last_published_at for event in events), _last_left(children, now)]
    if not events:  # the empty calendar's VTIMEZONE is this year's (events/calendar.py)
        changes.append(dt.datetime(timezone.localtime(now, profile.tz).year, 1, 1, tzinfo=profile.tz))
    return _calendar_response(request, content, changes)


def _last_left(events, now: dt.datetime) -> dt.datetime | None:
    """When the last of `events` to leave the subscribed calendar left it (a year after it ended), if one has.

    The calendar changes then with no publication, so Last-Modified must not be earlier.
    """
    ended = events.filter(end_at__lt=now - PAST_IN_FEED).aggregate(last=Max("end_at"))["last"]
    return ended + PAST_IN_FEED if ended else None
