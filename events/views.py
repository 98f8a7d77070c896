"""`.ics` downloads: `<event page>/event.ics` and the index's subscribable `<events index>/calendar.ics`.

Wagtail's page URLs cannot end in a file name (its catch-all takes `[\\w-]+/` segments only), so
these are Django routes (events/urls.py) that find the page by its URL path on the request's site,
as Wagtail's routing would, and answer 404 for a page that is not live and public: an event not
announced yet has no calendar file either. The public-site middleware gives them the same cache
headers as the pages, and a CDN purges them with the pages (their get_cached_paths).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from wagtail.models import Site

from company.models import CompanyProfile
from events.calendar import CONTENT_TYPE, calendar_name, feed_events, write_calendar
from events.models import EventIndexPage, EventPage, live_events


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


def _calendar_response(content: bytes, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    if filename:
        # RFC 6266, with `filename*=` for a slug outside ASCII (Wagtail allows Unicode slugs).
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@require_safe
def event_calendar(request, page_path: str):
    """One event's `.ics`, to add it to a calendar (a download named after the event's slug)."""
    site, event = _live_page_at(request, EventPage, page_path)
    profile = CompanyProfile.for_request(request)
    content = write_calendar([event], profile=profile, urls={event.pk: event.get_full_url(request)}, host=site.hostname)
    return _calendar_response(content, filename=f"{event.slug}.ics")


@require_safe
def index_calendar(request, page_path: str):
    """The calendar of all events, to subscribe to: upcoming and recent ones, cancelled ones marked so."""
    site, index = _live_page_at(request, EventIndexPage, page_path)
    profile = CompanyProfile.for_request(request)
    events = list(feed_events(live_events().child_of(index), timezone.now()))
    base = index.get_full_url(request)
    urls = {event.pk: f"{base}{event.slug}/" for event in events}
    content = write_calendar(events, profile=profile, urls=urls, host=site.hostname, name=calendar_name(profile))
    return _calendar_response(content)
