"""The public site's release pages: the newsroom and the press release itself (the home page is company/'s)."""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.models.panels import CommentPanelPlaceholder
from wagtail.search import index
from wagtail.url_routing import RouteResult

from company.ap_style import ap_state
from company.models import STATE_CHOICES, CompanyProfile, HomePage, profile_for
from company.wires import WIRE_CHOICES
from ir_site.text import PlainTextFieldsMixin
from releases.blocks import ReleaseBodyBlock
from releases.dateline import dateline_place, lead_in
from releases.panels import PreflightPanel

from .forms import PressReleaseForm
from .versions import ReleaseVersion

HOME_LATEST = 5

# `/news/<slug>/v2/`: a version of a release that was public (releases/corrections.py).
_VERSION_SEGMENT = re.compile(r"v([1-9][0-9]{0,5})")

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# Plug points named in settings, through which an approval policy (disclosure/) decides who may
# publish (IR_RELEASE_PERMISSION_TESTER, IR_NEWSROOM_PERMISSION_TESTER) and which release times
# are allowed (IR_RELEASE_TIME_CHECKS), without releases/ knowing it. Imported once per path.
_import_plugin = functools.cache(import_string)


def paragraphs(text: str) -> list[str]:
    """Plain text split into paragraphs at blank lines, each stripped, empty ones dropped."""
    return [p.strip() for p in text.split("\n\n") if p.strip()]


@dataclass(frozen=True)
class CategoryLabel:
    """A category as a release shows it (name and slug frozen into the release)."""

    name: str
    slug: str


def live_releases():
    """Releases the public may see, newest first: the one queryset every listing starts from."""
    return PressReleasePage.objects.live().public().order_by("-release_at", "-pk")


def in_category(category) -> models.Exists:
    """Filter: the release is in `category` (EXISTS, so the release-time index can lead)."""
    through = PressReleasePage.categories.through
    return models.Exists(through.objects.filter(pressreleasepage_id=models.OuterRef("pk"), category=category))


def home_page_context(home: HomePage, request: HttpRequest) -> dict:
    """What the home page shows of the releases: the latest ones and a link to the newsroom.

    `ReleasesConfig.ready()` adds it to `company.models.HomePage.context_builders`.
    """
    return {
        "latest_releases": list(live_releases().descendant_of(home).defer_streamfields()[:HOME_LATEST]),
        "newsroom": NewsroomPage.objects.live().descendant_of(home).first(),
    }


class NewsroomPage(Page):
    """`/news/`: every released press release, newest first, filterable and searchable."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["company.HomePage"]
    subpage_types = ["releases.PressReleasePage"]
    max_count = 1

    # The listing (filters, search, pages) is built above the models, by
    # releases.newsroom.newsroom_listing, which ReleasesConfig.ready() puts here: the models
    # import nothing from the listing or search modules (releases/newsroom.py says why).
    listing_builder: ClassVar[Callable[[NewsroomPage, HttpRequest, CompanyProfile], dict] | None] = None

    def permissions_for_user(self, user):
        """The tester named by IR_NEWSROOM_PERMISSION_TESTER, or Wagtail's own when unset."""
        path = getattr(settings, "IR_NEWSROOM_PERMISSION_TESTER", None)
        return _import_plugin(path)(user, self) if path else super().permissions_for_user(user)

    def route(self, request, path_components):
        """`/news/<slug>/`: only a live release has a public URL.

        Wagtail's own routing finds the child by slug whether or not it is live, loads its
        specific row and only then answers 404: a query more for a release waiting for its
        time than for a slug that never existed, which an outsider can time. Looking among the
        live children only makes both one query that finds nothing.
        """
        if not path_components:
            return super().route(request, path_components)
        try:
            subpage = self.get_children().live().get(slug=path_components[0])
        except Page.DoesNotExist as exc:
            raise Http404 from exc
        subpage._cached_parent_obj = self  # as Wagtail does: no query for the parent
        return subpage.specific.route(request, path_components[1:])

    def releases(self):
        """Live public releases. Every release is this page's child (max_count = 1, and releases
        live only in a newsroom), so no tree-path condition: it would keep the databases from
        walking the release-time index (a scan of the whole archive per request)."""
        return live_releases()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        builder = NewsroomPage.listing_builder
        if builder is None:
            raise ImproperlyConfigured("NewsroomPage.listing_builder is set by ReleasesConfig.ready().")
        context.update(builder(self, request, profile_for(self, request)))
        return context


class CorrectionNotePanel(FieldPanel):
    """The correction note, in the editor only of a release that has been public (or carries a note)."""

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            page = self.instance
            return super().is_shown() and bool(page.first_published_at or page.live or page.correction_note)


class PressReleasePage(PlainTextFieldsMixin, Page):
    """A press release, in the anatomy the wires use.

    Headline (the page title), subheadline, a dateline lead-in built from city,
    state, market-time date and wire, the body, the "About <Company>" boilerplate,
    the forward-looking statements legend, media contacts and the SOURCE line.
    """

    # The headline is the Subject of the Disclosure Policy's e-mails and a feed title: one
    # line of plain text, like the other one-line parts of the wire anatomy (ir_site.text).
    single_line_fields = ("title", "seo_title", "subheadline", "dateline_city", "boilerplate_heading", "source_name")
    paragraph_fields = ("search_description", "boilerplate", "forward_looking_legend", "correction_note")

    subheadline = models.CharField(max_length=300, blank=True)
    release_at = models.DateTimeField(
        "release time",
        db_index=True,
        help_text="Stored in UTC; entered and shown in the company's market time zone (Company profile).",
    )
    dateline_city = models.CharField(max_length=60, help_text="In capitals, e.g. WALTHAM")
    dateline_state = models.CharField(max_length=40, blank=True, choices=STATE_CHOICES)
    wire = models.CharField("distribution", max_length=20, choices=WIRE_CHOICES)
    body = StreamField(ReleaseBodyBlock(), help_text="The first paragraph follows the dateline.")
    boilerplate_heading = models.CharField(max_length=150, blank=True, help_text='e.g. "About Tecogen"')
    boilerplate = models.TextField(
        blank=True, help_text="Copied from the company profile when drafted; frozen with the release."
    )
    include_forward_looking = models.BooleanField(
        "forward-looking statements legend",
        default=False,
        help_text="Add the safe-harbor legend (needed whenever the release makes projections).",
    )
    forward_looking_legend = models.TextField(blank=True)
    is_material = models.BooleanField(
        "material information",
        default=False,
        choices=[(True, "Material"), (False, "Not material")],
        help_text="Material releases need more sign-off and exchange notice under the Disclosure Policy.",
    )
    source_name = models.CharField(
        "SOURCE line", max_length=200, blank=True, help_text='Printed as "SOURCE <name>", e.g. Tecogen Inc.'
    )
    categories = ParentalManyToManyField("releases.Category", blank=True, related_name="releases")
    # A release that has been public changes only by a correction (releases/corrections.py): the
    # note says readers what changed; it is part of the text the spokespersons sign.
    correction_note = models.TextField(
        blank=True,
        help_text=(
            "Only for a correction of a release that has been public: what changed, e.g. “In the third "
            "paragraph, the revenue figure should read $2.9 million, not $2.8 million, as previously stated.”"
        ),
    )
    # The categories' names and slugs as this release shows them, frozen when it is saved (see
    # freeze_shown_values): a category renamed later does not change a signed-off or live release.
    category_labels = models.JSONField(default=list, blank=True, editable=False)

    base_form_class = PressReleaseForm
    parent_page_types = ["releases.NewsroomPage"]
    subpage_types: list[str] = []

    content_panels = [
        PreflightPanel(),
        # TitleFieldPanel fills the slug from the headline as the drafter types (a plain FieldPanel
        # leaves it empty, and the error then sits on the hidden Promote tab).
        TitleFieldPanel("title", heading="Headline"),
        FieldPanel("subheadline"),
        MultiFieldPanel(
            [
                FieldPanel("release_at"),
                FieldRowPanel([FieldPanel("dateline_city"), FieldPanel("dateline_state")]),
                FieldPanel("wire"),
            ],
            heading="Dateline",
        ),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("boilerplate_heading"), FieldPanel("boilerplate")], heading="About the company"),
        MultiFieldPanel(
            [FieldPanel("include_forward_looking"), FieldPanel("forward_looking_legend")],
            heading="Forward-looking statements",
        ),
        InlinePanel("contacts", heading="Media contacts", label="Contact"),
        FieldPanel("source_name"),
        InlinePanel("attachments", heading="Attachments", label="Attachment"),
        CorrectionNotePanel("correction_note", heading="Correction note"),
        MultiFieldPanel(
            [
                FieldPanel("is_material", widget=forms.RadioSelect),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Classification",
        ),
    ]
    # No "Publishing schedule": the release time *is* the schedule (go_live_at follows it, see
    # sync_schedule) and a release never expires by itself (taking it down is a withdrawal).
    settings_panels = [CommentPanelPlaceholder()]

    search_fields = Page.search_fields + [
        index.SearchField("subheadline"),
        index.SearchField("body"),
        index.SearchField("boilerplate"),
        index.FilterField("release_at"),
        index.FilterField("pk"),
    ]

    class Meta:
        verbose_name = "press release"

    def permissions_for_user(self, user):
        """The tester named by IR_RELEASE_PERMISSION_TESTER, or Wagtail's own when unset."""
        path = getattr(settings, "IR_RELEASE_PERMISSION_TESTER", None)
        return _import_plugin(path)(user, self) if path else super().permissions_for_user(user)

    # -- defaults and freezing -------------------------------------------------

    def profile_defaults(self, profile: CompanyProfile) -> dict:
        return {
            "dateline_city": profile.dateline_city,
            "dateline_state": profile.dateline_state,
            "wire": profile.default_wire,
            "boilerplate_heading": profile.about_heading,
            "boilerplate": profile.boilerplate,
            "source_name": profile.legal_name,
            "forward_looking_legend": profile.forward_looking_legend,
        }

    def sync_schedule(self) -> None:
        """The release time is when the release goes public: Wagtail's go-live time follows it.

        So approving a release whose time is still ahead schedules it (Wagtail stores the
        approved time on the revision) and approving one whose time has passed publishes it
        at once. Expiry is off: a release comes down only by a withdrawal, with a reason.
        """
        self.go_live_at = self.release_at
        self.expire_at = None

    def save(self, *args, **kwargs):
        self.sync_schedule()
        if self.pk is None:
            # A page created directly (an import, a historical record) shows its snippets' values
            # from the start. Later saves keep what was frozen: publishing a revision (which always
            # has a pk) must never re-read the snippets.
            self.freeze_shown_values()
        return super().save(*args, **kwargs)

    def freeze_shown_values(self) -> None:
        """Copy the values the release shows from shared snippets into the release itself.

        A revision holds snippets by id: editing a media contact or renaming a category would
        change every release that uses it, live and signed-off ones included, without a new
        revision. So the release keeps the contact details and category names it was saved
        with, in its own fields (and so in every revision and its digest), and renders those.
        Saving a new revision picks up a snippet's new values, and that revision needs approval.
        """
        contacts = list(self.contacts.all())
        for item in contacts:
            item.freeze()
        if contacts:  # keep the frozen copies in the cluster the revision serialises
            self.contacts.set(contacts)
        self.category_labels = [{"name": c.name, "slug": c.slug} for c in self.categories.all()]

    def save_revision(self, *args, **kwargs):
        self.freeze_shown_values()
        return super().save_revision(*args, **kwargs)

    def with_content_json(self, content):
        """A revision's release, its schedule derived from its release time whatever the stored JSON says."""
        obj = super().with_content_json(content)
        obj.sync_schedule()
        return obj

    def clean(self):
        """Freeze the profile's standing texts into the release when left blank; check the release time."""
        super().clean()
        self.sync_schedule()
        for check in getattr(settings, "IR_RELEASE_TIME_CHECKS", ()):
            _import_plugin(check)(self)
        profile = profile_for(self)
        frozen = ("boilerplate_heading", "boilerplate", "source_name", "forward_looking_legend")
        for name, default in self.profile_defaults(profile).items():
            # Dateline and wire defaults are only offered in the form: a blank state is
            # meaningful (BOSTON stands alone), so it is never filled in behind the user.
            if name not in frozen or (name == "forward_looking_legend" and not self.include_forward_looking):
                continue
            if not getattr(self, name):
                setattr(self, name, default)
        if self.include_forward_looking and not self.forward_looking_legend:
            raise ValidationError({"forward_looking_legend": "Write the legend, or set one in the company profile."})

    # -- presentation ----------------------------------------------------------

    @cached_property
    def profile(self) -> CompanyProfile:
        return profile_for(self)

    def local_release_at(self, tz: zoneinfo.ZoneInfo | None = None) -> dt.datetime:
        return timezone.localtime(self.release_at, tz or self.profile.tz)

    @property
    def lead_in(self) -> str:
        return lead_in(self.dateline_city, self.dateline_state, self.local_release_at().date(), self.wire)

    @property
    def dateline_place(self) -> str:
        return dateline_place(self.dateline_city, self.dateline_state)

    @property
    def state_abbreviation(self) -> str:
        return ap_state(self.dateline_state)

    def plain_summary(self, words: int = 60) -> str:
        """The lead paragraph as plain text, for meta descriptions and feed summaries."""
        if self.search_description:
            return self.search_description
        for block in self.body:
            if block.block_type == "paragraph":
                return Truncator(html.unescape(strip_tags(block.value.source))).words(words, truncate=" …")
            if block.block_type == "quote":
                return Truncator(block.value["text"]).words(words, truncate=" …")
        return self.subheadline

    @property
    def boilerplate_paragraphs(self) -> list[str]:
        """The "About" text as paragraphs (blank lines separate them), for the page and the feeds."""
        return paragraphs(self.boilerplate)

    @property
    def legend_paragraphs(self) -> list[str]:
        """The forward-looking statements legend as paragraphs, or none when the release has no legend."""
        return paragraphs(self.forward_looking_legend) if self.include_forward_looking else []

    @property
    def shown_categories(self) -> list[CategoryLabel]:
        """The categories as this release shows them: the names frozen into it, by name."""
        return sorted((CategoryLabel(**label) for label in self.category_labels), key=lambda c: c.name)

    @staticmethod
    def prefetch_categories(pages) -> None:
        """Set `category_list` (what templates and feeds show) on many releases, without a query."""
        for page in pages:
            page.category_list = page.shown_categories

    def json_ld(self, request) -> str:
        """schema.org NewsArticle, escaped for a <script> element."""
        profile = profile_for(self, request)
        url = self.get_full_url(request)
        publisher = {"@type": "Organization", "name": profile.legal_name}
        if profile.website:
            publisher["url"] = profile.website
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.plain_summary(),
            "datePublished": self.release_at.isoformat(),
            "dateModified": max(self.release_at, self.last_published_at or self.release_at).isoformat(),
            "mainEntityOfPage": url,
            "url": url,
            "author": publisher,
            "publisher": publisher,
            "dateline": f"{self.dateline_place}",
        }
        if self.subheadline:
            data["alternativeHeadline"] = self.subheadline
        cats = getattr(self, "category_list", None)
        if cats:
            data["articleSection"] = [c.name for c in cats]
        return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 - <, >, & are \u-escaped: cannot end its <script>

    # -- versions (releases/corrections.py) ---------------------------------------

    def route(self, request, path_components):
        """`<release>/v<N>/`: the text of version N as it was public; anything else as Wagtail routes it.

        The newsroom routes only to live releases, so a withdrawn release's versions are gone too.
        """
        if len(path_components) == 1 and (match := _VERSION_SEGMENT.fullmatch(path_components[0])):
            return RouteResult(self, kwargs={"version_number": int(match[1])})
        return super().route(request, path_components)

    def serve(self, request, *args, version_number: int | None = None, **kwargs):
        if version_number is None:
            return super().serve(request, *args, **kwargs)
        version = ReleaseVersion.objects.filter(page_id=self.pk, number=version_number).first()
        if version is None:
            raise Http404
        shown = self.with_content_json(version.content)
        request.is_preview = False
        context = shown.get_context(request, *args, shown_version=version, **kwargs)
        return TemplateResponse(request, shown.get_template(request, *args, **kwargs), context)

    def version_items(self, request, versions: list[ReleaseVersion], shown: ReleaseVersion | None) -> list[dict]:
        """The public texts as the page lists them: label, URL (the latest is the page itself), shown or not."""
        url = self.get_url(request)
        items = []
        for version in versions:
            latest = version is versions[-1]
            items.append(
                {
                    "version": version,
                    "label": "As first published" if version.number == 1 else f"Correction {version.number - 1}",
                    "url": url if latest else f"{url}v{version.number}/",
                    "shown": version.number == shown.number if shown else latest,
                }
            )
        return items

    def get_context(self, request, *args, shown_version: ReleaseVersion | None = None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        profile = profile_for(self, request)
        self.__dict__["profile"] = profile  # the request's profile serves the cached property too
        versions = (
            list(ReleaseVersion.objects.filter(page_id=self.pk).defer("content").order_by("number")) if self.pk else []
        )
        self.prefetch_categories([self])
        siblings = live_releases().exclude(pk=self.pk).defer_streamfields()
        context.update(
            profile=profile,
            newsroom_url=self.get_parent().get_url(request),
            ld_json=self.json_ld(request),
            contacts=list(self.contacts.all()),
            attachments=list(self.attachments.select_related("document")),
            newer=siblings.filter(release_at__gt=self.release_at).order_by("release_at", "pk").first(),
            older=siblings.filter(release_at__lt=self.release_at).order_by("-release_at", "-pk").first(),
            boilerplate_paragraphs=self.boilerplate_paragraphs,
            legend_paragraphs=self.legend_paragraphs,
            not_public=self.not_public_notice(request),
            versions=self.version_items(request, versions, shown_version) if len(versions) > 1 else [],
            current_version=versions[-1] if versions else None,
            shown_version=shown_version,
            # The version whose text this response shows: the note at its top is that version's.
            text_version=shown_version or (versions[-1] if versions else None),
        )
        return context

    # -- draft and preview ------------------------------------------------------

    def is_public(self) -> bool:
        """Whether this release is live on the site now (read from the database, not from a preview's copy)."""
        return self.pk is not None and PressReleasePage.objects.filter(pk=self.pk, live=True).exists()

    def not_public_notice(self, request) -> dict | None:
        """What the "Not public" banner says, for a preview or a draft of a release that is not live; else None.

        Only a preview request (Wagtail's `request.is_preview`, set by serve_preview's dummy
        request) ever gets a notice: Page.serve sets is_preview False, so the public page,
        and so the response cache, the feeds and the search index, never carry it.
        """
        if not getattr(request, "is_preview", False) or self.is_public():
            return None
        if self.release_at is None:
            return {"state": "draft"}
        state = "embargoed" if self.release_at > timezone.now() else "overdue"
        return {"state": state, "release_at": self.release_at, "local": self.local_release_at()}

    def serve_preview(self, request, mode_name):
        """Wagtail's preview, never kept by a shared or browser cache nor indexed (it may show an embargoed text)."""
        response = super().serve_preview(request, mode_name)
        patch_cache_control(response, private=True, no_cache=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_cached_paths(self):
        """The release's URL and each earlier version's (`v1/` …): a CDN purges them all on publish and withdrawal."""
        numbers = ReleaseVersion.objects.filter(page_id=self.pk).values_list("number", flat=True) if self.pk else []
        return ["/", *(f"/v{number}/" for number in numbers)]

    def get_sitemap_urls(self, request=None):
        return [{"location": self.get_full_url(request), "lastmod": self.last_published_at or self.release_at}]


class ReleaseContact(Orderable):
    """A media contact on one release, in the order the release lists them.

    The contact's details are copied in when the release is saved (freeze), so the release
    shows what its approvers saw even if the shared snippet is edited later.
    """

    page = ParentalKey(PressReleasePage, on_delete=models.CASCADE, related_name="contacts")
    contact = models.ForeignKey("releases.MediaContact", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120, blank=True, editable=False)
    organisation = models.CharField(max_length=120, blank=True, editable=False)
    phone = models.CharField(max_length=40, blank=True, editable=False)
    email = models.EmailField(blank=True, editable=False)
    # How the release's wire text labels the phone and e-mail lines ("Ph:", "P:", "E:"): kept from
    # an imported text so the wire text exported again reads as it went out (releases/wire_export.py).
    phone_label = models.CharField(max_length=12, blank=True, editable=False)
    email_label = models.CharField(max_length=12, blank=True, editable=False)

    panels = [FieldPanel("contact")]

    FROZEN_FIELDS = ("name", "organisation", "phone", "email")

    def freeze(self) -> None:
        """Take the shared contact's current details into this release."""
        if self.contact_id is None:
            return
        for name in self.FROZEN_FIELDS:
            setattr(self, name, getattr(self.contact, name))

    def save(self, *args, **kwargs):
        if self.pk is None and not self.name:
            self.freeze()  # created directly, outside a release's save (fixtures, scripts)
        return super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name or str(self.contact)


class ReleaseAttachment(Orderable):
    """A file released with a release (e.g. the full PDF or financial tables).

    The first attachment is the release's main document (a feed's enclosure).
    """

    page = ParentalKey(PressReleasePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=200, blank=True, help_text="Link text; defaults to the document title.")

    panels = [FieldPanel("document"), FieldPanel("label")]

    def __str__(self) -> str:
        return self.label or self.document.title
