"""The company and its site: the home page and the company profile.

The profile says who is speaking, where it is listed and its standing texts; `profile_for`,
`profiles_for` and `CompanyProfile.for_default_site` are the one way to find the profile that
applies to a page. Every app may use these; they import none of the apps (the bottom layer).

Both models were first made in `releases/` and kept their tables when they moved here
(`db_table`): see company/migrations/0001_initial.py.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import ClassVar

from django.db import models
from django.http import HttpRequest

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, Site

from company.ap_style import AP_STATES
from company.wires import PR_NEWSWIRE, WIRE_CHOICES
from ir_site.text import PlainTextFieldsMixin

EXCHANGE_CHOICES = [
    ("nasdaq", "Nasdaq"),
    ("nyse", "NYSE"),
    ("nyse_american", "NYSE American"),
    ("otc", "OTC Markets"),
    ("none", "Not listed"),
]

STATE_CHOICES = [("", "(none: major city)")] + [(name, name) for name in AP_STATES]

MARKET_TIME_ZONE_CHOICES = [
    ("America/New_York", "Eastern Time (ET)"),
    ("America/Chicago", "Central Time (CT)"),
    ("America/Denver", "Mountain Time (MT)"),
    ("America/Los_Angeles", "Pacific Time (PT)"),
    ("Europe/London", "UK time"),
]
# The abbreviation a release shows after its time: "ET", never EST/EDT.
TIME_ZONE_LABELS = {
    "America/New_York": "ET",
    "America/Chicago": "CT",
    "America/Denver": "MT",
    "America/Los_Angeles": "PT",
    "Europe/London": "UK time",
}


class HomePage(Page):
    """The site's front page: who the company is, and what the apps above add to it (the latest releases)."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    # Named, not imported: the pages the apps above hang under the home page.
    subpage_types = ["releases.NewsroomPage", "governance.GovernanceIndexPage"]
    max_count = 1

    # What the apps above add to the home page's context (releases: the latest releases and the
    # newsroom), each put here by its AppConfig.ready() through `add_context_builder`: this app
    # sits below them and imports none of them.
    context_builders: ClassVar[list[Callable[[HomePage, HttpRequest], dict]]] = []

    class Meta:
        db_table = "releases_homepage"

    @classmethod
    def add_context_builder(cls, builder: Callable[[HomePage, HttpRequest], dict]) -> None:
        """Add `builder`'s entries to every home page's context (once, however often it is added)."""
        if builder not in cls.context_builders:
            cls.context_builders.append(builder)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for builder in HomePage.context_builders:
            context.update(builder(self, request))
        return context


def time_zone_label(key: str) -> str:
    """The abbreviation shown after a time in this zone ("ET"), or the zone's name when it has none."""
    return TIME_ZONE_LABELS.get(key, key)


@register_setting(icon="site")
class CompanyProfile(PlainTextFieldsMixin, BaseSiteSetting):
    """Facts about the issuer that every release repeats.

    Site settings go live on save, with no review. So release texts that come from
    here (boilerplate, legend, SOURCE line) are copied into each release when it is
    drafted and frozen with it: editing the profile never rewrites a past release.
    """

    # Copied into every new release (SOURCE line, About heading, dateline): the release's own rules.
    single_line_fields = ("legal_name", "short_name", "ticker", "dateline_city")
    paragraph_fields = ("boilerplate", "forward_looking_legend")

    legal_name = models.CharField(max_length=200, default="Example Corp.", help_text="e.g. Tecogen Inc.")
    short_name = models.CharField(max_length=100, default="Example", help_text='Used in "About <name>", e.g. Tecogen')
    ticker = models.CharField(max_length=12, blank=True)
    exchange = models.CharField("listing venue", max_length=20, choices=EXCHANGE_CHOICES, default="none")
    website = models.URLField(blank=True)
    boilerplate = models.TextField(
        blank=True, help_text='The "About <Company>" paragraph(s); blank lines separate paragraphs.'
    )
    forward_looking_legend = models.TextField(
        blank=True, help_text="Safe-harbor legend (PSLRA), added to releases that make projections."
    )
    market_time_zone = models.CharField(
        max_length=40,
        choices=MARKET_TIME_ZONE_CHOICES,
        default="America/New_York",
        help_text="Release times are entered and shown in this time zone.",
    )
    default_wire = models.CharField(max_length=20, choices=WIRE_CHOICES, default=PR_NEWSWIRE)
    dateline_city = models.CharField(max_length=60, blank=True, help_text="Default dateline city, e.g. WALTHAM")
    dateline_state = models.CharField(max_length=40, blank=True, choices=STATE_CHOICES)
    postal_address = models.TextField(
        blank=True,
        help_text="The company's postal address, printed at the foot of every e-mail alert (CAN-SPAM); one line each.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("legal_name"), FieldPanel("short_name"), FieldPanel("website"), FieldPanel("postal_address")],
            heading="Company",
        ),
        MultiFieldPanel([FieldPanel("ticker"), FieldPanel("exchange")], heading="Listing"),
        MultiFieldPanel(
            [
                FieldPanel("market_time_zone"),
                FieldPanel("default_wire"),
                FieldPanel("dateline_city"),
                FieldPanel("dateline_state"),
            ],
            heading="Release defaults",
        ),
        FieldPanel("boilerplate"),
        FieldPanel("forward_looking_legend"),
    ]

    class Meta:
        db_table = "releases_companyprofile"
        verbose_name = "company profile"

    def __str__(self) -> str:
        return self.legal_name

    @classmethod
    def for_default_site(cls) -> CompanyProfile:
        """The default site's profile: for pages outside any site, and site-wide screens.

        Raises DoesNotExist when there is no default site (Wagtail's own `for_site(None)`).
        """
        return cls.for_site(default_site())

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.market_time_zone)

    @property
    def tz_label(self) -> str:
        return time_zone_label(self.market_time_zone)

    @property
    def about_heading(self) -> str:
        return f"About {self.short_name}"

    @property
    def listing(self) -> str:
        """`Nasdaq: TGEN`, as the lead paragraph names it."""
        if self.exchange == "none" or not self.ticker:
            return ""
        return f"{self.get_exchange_display()}: {self.ticker}"


def default_site() -> Site | None:
    """The site Wagtail serves when no hostname matches (None before any site exists)."""
    return Site.objects.filter(is_default_site=True).first()


def profile_for(page: Page, request=None) -> CompanyProfile:
    """The company profile of the site a page belongs to (cached per request)."""
    if request is not None:
        return CompanyProfile.for_request(request)
    if page.pk is None:
        return CompanyProfile.for_default_site()
    return profiles_for([page])[page.pk]


def profiles_for(pages) -> dict[int, CompanyProfile]:
    """Page id -> the company profile of the site each page belongs to (the default site's if none)."""
    site_of = {}
    for page in pages:
        parts = page.get_url_parts()  # from Wagtail's cached site root paths
        site_of[page.pk] = parts[0] if parts else None
    sites = Site.objects.in_bulk({site_id for site_id in site_of.values() if site_id})
    default = None
    if any(site_id not in sites for site_id in site_of.values()):
        default = default_site()
    by_site: dict[int | None, CompanyProfile] = {}
    profiles = {}
    for page_id, site_id in site_of.items():
        site = sites.get(site_id, default)
        key = site.pk if site else None
        if key not in by_site:
            by_site[key] = CompanyProfile.for_site(site)
        profiles[page_id] = by_site[key]
    return profiles
