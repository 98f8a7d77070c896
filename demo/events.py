"""The demo's events: an earnings call and a conference presentation ahead, last quarter's call with its slides.

The earnings call is tied to its results release, which the builder schedules for the call's day
(demo.builder._ensure_results_release): the call's page names it only once it is out. The
conference presentation stands alone.

Idempotent: each event is found by its slug, and nothing that exists is changed. Dates are set
from the day the demo is built (like the builder's releases), so the upcoming ones are upcoming.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Site

from company.models import CompanyProfile, HomePage
from disclosure.guard import historical_record
from events.models import CONFERENCE, EARNINGS_CALL, EventIndexPage, EventPage, EventRelease
from releases.models import PressReleasePage

REASON = "Demo: the sample company's events calendar, loaded as it stood when the demo was built"
INDEX_SLUG = "events"
EARNINGS_SLUG = "fourth-quarter-results-conference-call"
CONFERENCE_SLUG = "winter-clean-energy-investor-conference"
PAST_SLUG = "third-quarter-results-conference-call"
SLIDES_TITLE = "Third quarter results presentation"
# A small, real PDF (one empty page): the past call's slides.
SLIDES_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _publish(page) -> None:
    revision = page.save_revision()
    with historical_record(REASON):
        revision.publish()


def _weekday_at(days_from_today: int, at: dt.time, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """`at` on the first weekday at least `days_from_today` days away (negative: in the past), market time."""
    day = timezone.localtime(timezone.now(), tz).date() + dt.timedelta(days=days_from_today)
    step = dt.timedelta(days=1 if days_from_today >= 0 else -1)
    while day.weekday() >= 5:
        day += step
    return dt.datetime.combine(day, at, tzinfo=tz)


def earnings_call_start(tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """4:30 p.m. market time on the first weekday two weeks from today: when the demo's earnings call starts."""
    return _weekday_at(14, dt.time(16, 30), tz)


def _ensure_index(home: HomePage) -> EventIndexPage:
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=EventIndexPage(
                title="Events and presentations",
                slug=INDEX_SLUG,
                intro="<p>Earnings calls, conference presentations and shareholder meetings of Tecogen Inc.</p>",
                live=False,
            )
        )
        _publish(index)
    return index


def _slides():
    Document = get_document_model()
    slides = Document.objects.filter(title=SLIDES_TITLE).first()
    if slides is None:
        slides = Document.objects.create(title=SLIDES_TITLE, file=ContentFile(SLIDES_PDF, name="tecogen-q3-slides.pdf"))
    return slides


def _ensure_event(index: EventIndexPage, slug: str, release: PressReleasePage | None, **fields) -> EventPage:
    existing = EventPage.objects.child_of(index).filter(slug=slug).first()
    if existing is not None:
        return existing
    event = EventPage(slug=slug, live=False, **fields)
    if release is not None:
        event.related_releases.add(EventRelease(release=release))
    index.add_child(instance=event)
    _publish(event)
    return EventPage.objects.get(pk=event.pk)


@transaction.atomic
def build_events(
    home: HomePage,
    *,
    earnings_release: PressReleasePage | None = None,
) -> dict[str, EventPage | EventIndexPage]:
    """`/events/` with its three events; the release given (the call's results) is related to the earnings call.

    A related release that is not live yet (the builder's scheduled results) shows on the event
    page only once it goes out.
    """
    tz = CompanyProfile.for_site(Site.objects.get(is_default_site=True)).tz
    index = _ensure_index(home)
    earnings_start = earnings_call_start(tz)
    conference_start = _weekday_at(21, dt.time(10, 0), tz)
    past_start = _weekday_at(-30, dt.time(16, 30), tz)
    earnings = _ensure_event(
        index,
        EARNINGS_SLUG,
        earnings_release,
        title="Fourth quarter results conference call",
        kind=EARNINGS_CALL,
        start_at=earnings_start,
        end_at=earnings_start + dt.timedelta(hours=1),
        webcast_url="https://webcast.example.com/tecogen/q4-results",
        dial_in_numbers="US toll-free: +1 888 555 0143\nInternational: +1 201 555 0199",
        dial_in_passcode="13745",
        summary=(
            "Tecogen management will discuss fourth quarter results and answer questions from analysts and investors."
        ),
        description=(
            "<p>Results are released before the call. Please join about ten minutes early. "
            "A replay will be posted on this page after the call.</p>"
        ),
    )
    conference = _ensure_event(
        index,
        CONFERENCE_SLUG,
        None,
        title="Winter Clean Energy Investor Conference",
        kind=CONFERENCE,
        start_at=conference_start,
        end_at=conference_start + dt.timedelta(minutes=30),
        location="The Langham, 250 Franklin Street, Boston",
        webcast_url="https://webcast.example.com/tecogen/winter-conference",
        summary="Tecogen's chief executive officer presents the company and takes questions.",
    )
    past = _ensure_event(
        index,
        PAST_SLUG,
        None,
        title="Third quarter results conference call",
        kind=EARNINGS_CALL,
        start_at=past_start,
        end_at=past_start + dt.timedelta(hours=1),
        webcast_url="https://webcast.example.com/tecogen/q3-results",
        summary="Tecogen management discussed third quarter results.",
        slides=_slides(),
        replay_url="https://webcast.example.com/tecogen/q3-results/replay",
    )
    return {"index": index, "earnings_call": earnings, "conference": conference, "past_call": past}
