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

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Site

from company.ap_style import AP_STATES
from company.brand import Palette, palette, validate_brand_colour
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
    """The site's front page: who the company is, and what the apps above add to it (latest releases, next events)."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    # Named, not imported: the pages the apps above hang under the home page.
    subpage_types = ["releases.NewsroomPage", "governance.GovernanceIndexPage", "events.EventIndexPage"]
    max_count = 1

    # What the apps above add to the home page's context (releases: the latest releases and the
    # newsroom; events: the next events and their index), each put here by its AppConfig.ready()
    # through `add_context_builder`: this app sits below them and imports none of them.
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
    # The names, titles and phone numbers of the IR contacts are printed on every page's footer.
    single_line_fields = (
        "legal_name",
        "short_name",
        "ticker",
        "dateline_city",
        "logo_alt",
        "ir_contact_name",
        "ir_contact_title",
        "ir_contact_phone",
        "ir_firm_name",
        "ir_firm_contact",
        "ir_firm_phone",
        "transfer_agent_name",
        "transfer_agent_phone",
    )
    paragraph_fields = ("boilerplate", "forward_looking_legend", "postal_address", "transfer_agent_address")
    # The header draws the logo on every page: fetched with the profile, not one query more.
    select_related = ["logo"]

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

    # -- identity: the site's header, footer and colours (public as soon as the profile is saved) --
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in every page's header, about 48 pixels high (PNG, JPEG, GIF or WebP; "
        "a wide, transparent PNG works best). Without one, the header shows the company's name.",
    )
    logo_alt = models.CharField(
        "logo text alternative",
        max_length=120,
        blank=True,
        help_text="What the logo says, for people who cannot see it: usually the name as the logo "
        'writes it, e.g. "Tecogen". Required with a logo.',
    )
    brand_colour = models.CharField(
        max_length=7,
        blank=True,
        validators=[validate_brand_colour],
        help_text="The navigation bar's colour, as #rrggbb (e.g. #1d6b44); blank for the site's blue. "
        "Its text is white or black, whichever reads better on it; links use the colour, darkened "
        "where needed to stay readable on white (WCAG 2.1 AA, 4.5:1).",
    )

    # -- investor relations contacts (the Contacts page and the footer) --
    ir_contact_name = models.CharField("name", max_length=120, blank=True)
    ir_contact_title = models.CharField("title", max_length=120, blank=True, help_text="e.g. Investor Relations")
    ir_contact_phone = models.CharField("phone", max_length=40, blank=True, help_text="e.g. +1 781-466-6400")
    ir_contact_email = models.EmailField("e-mail", blank=True)
    ir_firm_name = models.CharField(
        "firm", max_length=120, blank=True, help_text="The outside investor relations firm, if there is one."
    )
    ir_firm_contact = models.CharField("contact", max_length=120, blank=True)
    ir_firm_phone = models.CharField("phone", max_length=40, blank=True)
    ir_firm_email = models.EmailField("e-mail", blank=True)
    transfer_agent_name = models.CharField(
        "transfer agent",
        max_length=120,
        blank=True,
        help_text="Where shareholders of record go about transfers, lost certificates and changes of address.",
    )
    transfer_agent_address = models.TextField("address", blank=True, help_text="One line each.")
    transfer_agent_phone = models.CharField("phone", max_length=40, blank=True)
    transfer_agent_website = models.URLField("website", blank=True)

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
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("logo_alt"), FieldPanel("brand_colour")],
            heading="Site identity",
        ),
        MultiFieldPanel(
            [
                FieldPanel("ir_contact_name"),
                FieldPanel("ir_contact_title"),
                FieldPanel("ir_contact_phone"),
                FieldPanel("ir_contact_email"),
            ],
            heading="Investor relations contact",
        ),
        MultiFieldPanel(
            [
                FieldPanel("ir_firm_name"),
                FieldPanel("ir_firm_contact"),
                FieldPanel("ir_firm_phone"),
                FieldPanel("ir_firm_email"),
            ],
            heading="Outside investor relations firm",
        ),
        MultiFieldPanel(
            [
                FieldPanel("transfer_agent_name"),
                FieldPanel("transfer_agent_address"),
                FieldPanel("transfer_agent_phone"),
                FieldPanel("transfer_agent_website"),
            ],
            heading="Transfer agent",
        ),
    ]

    class Meta:
        db_table = "releases_companyprofile"
        verbose_name = "company profile"

    def __str__(self) -> str:
        return self.legal_name

    def clean(self):
        super().clean()
        errors = {}
        self.brand_colour = (self.brand_colour or "").strip().lower()
        self.logo_alt = (self.logo_alt or "").strip()
        if self.logo_id and not self.logo_alt:
            errors["logo_alt"] = ValidationError(
                'Say what the logo shows (usually the company\'s name, e.g. "Tecogen"): '
                "people who cannot see it hear this instead.",
                code="logo_alt_required",
            )
        if self.logo_id:
            unreleased = logo_used_by_unreleased_page(self.logo_id)
            if unreleased:
                errors["logo"] = ValidationError(
                    f"This image is on “{unreleased}”, which is not public yet; the logo is public as "
                    "soon as the profile is saved. Upload the logo as its own image.",
                    code="logo_not_public",
                )
        if errors:
            raise ValidationError(errors)

    @property
    def palette(self) -> Palette:
        """The brand colour, the text colour on it and the link colour (company/brand.py)."""
        return palette(self.brand_colour)

    @property
    def brand_version(self) -> str:
        """Changes whenever the stylesheet route's output does: the cache-busting part of its URL."""
        return self.palette.brand.lstrip("#")

    @property
    def logo_version(self) -> str:
        """Changes when the logo or its file does: the cache-busting part of the logo's URL."""
        if not self.logo_id or self.logo is None:
            return ""
        return f"{self.logo_id}-{(self.logo.file_hash or '')[:12]}"

    @property
    def ir_contact(self) -> bool:
        return bool(self.ir_contact_name or self.ir_contact_phone or self.ir_contact_email)

    @property
    def ir_firm(self) -> bool:
        return bool(self.ir_firm_name)

    @property
    def transfer_agent(self) -> bool:
        return bool(self.transfer_agent_name)

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


def logo_used_by_unreleased_page(image_id: int) -> str:
    """The title of a page that shows this image and is not live (an embargoed release's chart), or ''."""
    pages = ReferenceIndex.objects.filter(
        to_content_type=ReferenceIndex._get_base_content_type(get_image_model()),
        to_object_id=str(image_id),
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    page = Page.objects.filter(pk__in=[int(pk) for pk in pages], live=False).order_by("pk").first()
    return page.title if page else ""


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
