"""Events and presentations: earnings calls, conference presentations, annual meetings.

`/events/` lists the upcoming events (soonest first) and the past ones (newest first); each event
page says when (in market time, ET), how to join (webcast, place, dial-in), and links its slides,
replay and related releases. Every event has an `.ics` file and the index a calendar investors
subscribe to (events/calendar.py writes them, events/views.py serves them).

Times are stored in UTC and entered and shown in the company's market time zone. An event's
slides and replay are Wagtail documents, served by disclosure.files like a release's attachments:
only once a live, public page uses them, so a deck uploaded for tomorrow's call is no leak today.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from company.disclosed import DisclosedIndexPage, DisclosedPage
from company.models import CompanyProfile, HomePage, profile_for
from events.forms import EventPageForm
from events.services import dial_in_lines, is_upcoming, next_sequence, schedule_fingerprint, time_range
from releases.models import PressReleasePage

PAST_PER_PAGE = 20
# How many of the next events the home page lists (the rest are one click away, on the index).
HOME_UPCOMING = 3

EARNINGS_CALL = "earnings_call"
CONFERENCE = "conference"
ANNUAL_MEETING = "annual_meeting"
# The committee's quiet period as the public calendar shows it: a span when spokespersons do not
# discuss results, not something to join (no place or webcast; calendars show it as free time).
QUIET_PERIOD = "quiet_period"
OTHER = "other"
KIND_CHOICES = [
    (EARNINGS_CALL, "Earnings call"),
    (CONFERENCE, "Conference presentation"),
    (ANNUAL_MEETING, "Annual meeting"),
    (QUIET_PERIOD, "Quiet period"),
    (OTHER, "Other event"),
]

SCHEDULED = "scheduled"
CANCELLED = "cancelled"
STATUS_CHOICES = [(SCHEDULED, "Scheduled"), (CANCELLED, "Cancelled")]

# Kept from the page's own row whenever a revision is loaded (with_content_json): they describe
# what subscribers' calendars were last told, not a draft's content, so neither publishing an
# older revision nor a preview may put back an old value.
_PAGE_WIDE_FIELDS = ("event_uid", "sequence", "published_schedule")


def live_events():
    """Events the public may see: the one queryset the index and the calendar start from."""
    return EventPage.objects.live().public()


class EventIndexPage(DisclosedIndexPage, Page):
    """`/events/`: upcoming events soonest first, past events newest first, and the calendar to subscribe to."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["company.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "events index"

    def events(self):
        """Live public events under this index (every event is its child: max_count = 1)."""
        return live_events().child_of(self)

    def upcoming(self, now: dt.datetime):
        """Events not over yet, soonest first (an event under way is still upcoming: it can be joined)."""
        return self.events().filter(end_at__gte=now).order_by("start_at", "pk")

    def past(self, now: dt.datetime):
        """Events that have ended, the latest first; not quiet periods (nothing to look back at, no slides)."""
        return self.events().filter(end_at__lt=now).exclude(kind=QUIET_PERIOD).order_by("-start_at", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        profile = profile_for(self, request)
        upcoming = list(self.upcoming(now))
        past_page = Paginator(self.past(now), PAST_PER_PAGE).get_page(request.GET.get("page"))
        for event in [*upcoming, *past_page.object_list]:
            event.__dict__["profile"] = profile  # one profile for the whole list (no query per event)
        site = Site.find_for_request(request)
        calendar_path = f"{self.get_url(request)}calendar.ics"
        context.update(
            profile=profile,
            upcoming=upcoming,
            past=past_page,
            calendar_url=calendar_path,
            calendar_full_url=f"{site.root_url}{calendar_path}" if site else calendar_path,
        )
        return context

    def get_cached_paths(self):
        """The index and its calendar: a CDN purges both when the index is published."""
        return ["/", "/calendar.ics"]


def home_page_context(home: HomePage, request: HttpRequest) -> dict:
    """What the home page shows of the events: the next HOME_UPCOMING (live, public, not over) and the index.

    Four queries whatever the number of events (the index and its next events, each with Wagtail's
    view-restriction check). `EventsConfig.ready()` adds it to `company.models.HomePage.context_builders`.
    A cancelled event is listed, marked so, as on the index: investors who saw it announced learn
    here that it will not take place.
    """
    index = EventIndexPage.objects.live().public().child_of(home).first()
    if index is None:
        return {"events_index": None, "upcoming_events": []}
    upcoming = list(index.upcoming(timezone.now())[:HOME_UPCOMING])
    profile = profile_for(home, request)
    for event in upcoming:
        event.__dict__["profile"] = profile  # one profile for the list (no query per event)
    return {"events_index": index, "upcoming_events": upcoming}


class EventPage(DisclosedPage, Page):
    """One event: what it is, when (market time), how to join, its documents and related releases.

    The calendar entry (events/calendar.py) has a UID that never changes (`event_uid`@the site's
    host) and a SEQUENCE raised on each publication that moves the start, end, location or status
    (events.services.next_sequence), so subscribers' calendars take the change. A cancelled event
    stays published, marked cancelled, so those calendars learn of it too.
    """

    kind = models.CharField(max_length=20, choices=KIND_CHOICES, default=EARNINGS_CALL)
    status = models.CharField(
        "event status",
        max_length=20,
        choices=STATUS_CHOICES,
        default=SCHEDULED,
        help_text="A cancelled event stays on the site and in the calendar, marked cancelled.",
    )
    start_at = models.DateTimeField(
        "starts", db_index=True, help_text="Stored in UTC; entered and shown in the company's market time zone."
    )
    end_at = models.DateTimeField("ends", db_index=True)
    location = models.CharField(
        max_length=255, blank=True, help_text="Where it takes place, e.g. The Langham, 250 Franklin Street, Boston"
    )
    webcast_url = models.URLField("webcast link", blank=True, max_length=500)
    dial_in_numbers = models.TextField(
        blank=True, help_text="One number a line, with its label, e.g. “US toll-free: +1 888 555 0100”."
    )
    dial_in_passcode = models.CharField("passcode", max_length=40, blank=True)
    summary = models.TextField(
        blank=True, help_text="One or two plain sentences, for the list, the calendar entry and search engines."
    )
    description = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol", "document-link"])
    slides = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Public only once this event page is live (like a release's attachments).",
    )
    replay_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="replay (file)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="An audio file or transcript; public only once this event page is live.",
    )
    replay_url = models.URLField("replay (link)", blank=True, max_length=500, help_text="Or a link to the replay.")

    # The calendar's memory (see the class docstring): never edited, kept across revisions.
    event_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    published_schedule = models.JSONField(default=dict, blank=True, editable=False)

    base_form_class = EventPageForm
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []
    # A copy is a new event: it gets its own UID and starts its own sequence.
    exclude_fields_in_copy = list(_PAGE_WIDE_FIELDS)

    content_panels = [
        TitleFieldPanel("title", heading="Event"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        MultiFieldPanel([FieldRowPanel([FieldPanel("start_at"), FieldPanel("end_at")])], heading="When"),
        MultiFieldPanel(
            [
                FieldPanel("location"),
                FieldPanel("webcast_url"),
                FieldPanel("dial_in_numbers"),
                FieldPanel("dial_in_passcode"),
            ],
            heading="How to join",
        ),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("slides"), FieldPanel("replay_document"), FieldPanel("replay_url")], heading="Documents"
        ),
        InlinePanel("related_releases", heading="Related releases", label="Release"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("location"),
        index.FilterField("start_at"),
    ]

    class Meta:
        verbose_name = "event"

    # -- rules -------------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.start_at and self.end_at and self.end_at <= self.start_at:
            errors["end_at"] = "The end must be after the start."
        if self.is_quiet_period:
            if self.location.strip() or self.webcast_url or self.dial_in_numbers.strip():
                errors["location"] = "A quiet period is not attended: leave the place, webcast and dial-in empty."
        elif not self.location.strip() and not self.webcast_url:
            errors["location"] = "Say where the event is, or give its webcast link (or both)."
        if self.dial_in_passcode and not self.dial_in_numbers.strip():
            errors["dial_in_numbers"] = "Give the numbers to dial with the passcode."
        if self.replay_document_id and self.replay_url:
            errors["replay_url"] = "Give the replay as a file or as a link, not both."
        if errors:
            raise ValidationError(errors)

    def schedule(self) -> dict[str, str]:
        """What SEQUENCE follows, as this page's values say it (events.services.schedule_fingerprint)."""
        return schedule_fingerprint(
            start=self.start_at, end=self.end_at, location=self.calendar_location, status=self.status
        )

    def save(self, *args, **kwargs):
        """A full save of a live event writes what the public sees: a reschedule raises SEQUENCE.

        That is a publication (Wagtail's publish saves the whole page) or a script saving a live page
        directly. A draft's revision of a live page writes only a few columns (update_fields), and a
        page not live is not what any calendar holds.
        """
        if self.live and kwargs.get("update_fields") is None and self.start_at and self.end_at:
            now_published = self.schedule()
            self.sequence = next_sequence(self.sequence, self.published_schedule, now_published)
            self.published_schedule = now_published
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        """A revision's event, with the UID, SEQUENCE and last published schedule of the page itself."""
        obj = super().with_content_json(content)
        for name in _PAGE_WIDE_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    # -- presentation ------------------------------------------------------------------

    @cached_property
    def profile(self) -> CompanyProfile:
        return profile_for(self)

    @property
    def is_cancelled(self) -> bool:
        return self.status == CANCELLED

    @property
    def is_quiet_period(self) -> bool:
        return self.kind == QUIET_PERIOD

    @property
    def has_join_details(self) -> bool:
        """Whether the page has a "How to join" to show: a place, a webcast or numbers to dial."""
        return bool(self.location.strip() or self.webcast_url or self.dial_in_numbers.strip())

    def is_upcoming(self, now: dt.datetime | None = None) -> bool:
        return is_upcoming(self.end_at, now or timezone.now())

    @property
    def when(self) -> str:
        """`Thursday, March 5, 2026, 4:30 to 5:30 p.m. ET`."""
        return time_range(self.start_at, self.end_at, self.profile.tz, self.profile.tz_label)

    @property
    def local_start(self) -> dt.datetime:
        return timezone.localtime(self.start_at, self.profile.tz)

    @property
    def calendar_location(self) -> str:
        """The calendar's LOCATION: the place, or the webcast link for an event held only online."""
        return self.location.strip() or self.webcast_url

    @property
    def dial_in(self):
        return dial_in_lines(self.dial_in_numbers)

    def calendar_uid(self, host: str) -> str:
        """`<uuid>@<host>` (the site's hostname): the same for the life of the event, whatever its title,
        slug or time become."""
        return f"{self.event_uid}@{host}"

    def plain_summary(self) -> str:
        return self.search_description or self.summary

    def public_related_releases(self):
        """The related releases a reader may see: live and public ones only, in the editor's order.

        A results release waiting for its time is related to its earnings call from the start, but
        its title must not show on the call's page (nor its URL) before it is out.
        """
        ids = [item.release_id for item in self.related_releases.all()]
        shown = PressReleasePage.objects.live().public().filter(pk__in=ids).defer_streamfields().in_bulk()
        return [shown[i] for i in ids if i in shown]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        profile = profile_for(self, request)
        self.__dict__["profile"] = profile
        context.update(
            profile=profile,
            index_url=self.get_parent().get_url(request),
            ics_url=f"{self.get_url(request)}event.ics",
            upcoming=self.is_upcoming(),
            related=self.public_related_releases(),
            documents=self.shown_documents(),
        )
        return context

    def shown_documents(self) -> list[dict]:
        """Slides and replay as the page lists them: label, URL, file type."""
        items = []
        if self.slides_id:
            items.append({"label": "Slides", "document": self.slides})
        if self.replay_document_id:
            items.append({"label": "Replay", "document": self.replay_document})
        return items

    def get_cached_paths(self):
        """The page and its `.ics`: a CDN purges both when the event is published or withdrawn."""
        return ["/", "/event.ics"]

    def get_sitemap_urls(self, request=None):
        return [{"location": self.get_full_url(request), "lastmod": self.last_published_at}]


class EventRelease(Orderable):
    """A press release related to an event (the results an earnings call discusses), in the editor's order.

    Shown on the event page only while the release is live and public (EventPage.public_related_releases).
    """

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="related_releases")
    release = models.ForeignKey(PressReleasePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("release")]

    def __str__(self) -> str:
        return str(self.release)
