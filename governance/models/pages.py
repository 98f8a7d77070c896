"""Governance section pages: the index, the documents (with their versions), the board and management."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page

from company.disclosed import DisclosedIndexPage, DisclosedPage, DisclosedPageForm
from governance.blocks import GovernanceBodyBlock
from governance.diff import diff_documents
from governance.text import text_blocks
from ir_site.text import PlainTextFieldsMixin

from .people import PHOTO_RENDITION, Committee, CommitteeMembership, Person
from .shown import BoardCommittee
from .versions import GovernanceDocumentVersion

# Larger numbers are no version (and would overflow the database's integer).
MAX_VERSION_NUMBER = 2**31 - 1
# The fields a list of versions needs; the frozen text is read only for the versions shown.
_HEAVY_VERSION_FIELDS = ("body_html", "text_blocks", "content")


class DocumentKind(models.TextChoices):
    """What a governance document is; the governance index groups its documents by it, in this order."""

    CODE = "code", "Code of conduct"
    CHARTER = "charter", "Committee charter"
    POLICY = "policy", "Policy"


KIND_HEADINGS = {
    DocumentKind.CODE: "Code of conduct",
    DocumentKind.CHARTER: "Committee charters",
    DocumentKind.POLICY: "Policies",
}


class GovernanceIndexPage(DisclosedIndexPage, Page):
    """`/governance/`: the company's governance documents by kind, and the board and management pages."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["company.HomePage"]
    # conduct.CodeWaiverIndexPage: `/governance/code-waivers/`, the Code's waiver disclosures (issue 18),
    # named as a string like HomePage names its sections: governance imports nothing of the layer above.
    subpage_types = [
        "governance.GovernanceDocumentPage",
        "governance.BoardPage",
        "governance.ManagementPage",
        "conduct.CodeWaiverIndexPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = list(
            GovernanceDocumentPage.objects.live().public().child_of(self).defer_streamfields().order_by("title")
        )
        groups = []
        for kind in DocumentKind:
            in_kind = [d for d in documents if d.kind == kind]
            if in_kind:
                groups.append({"kind": kind, "heading": KIND_HEADINGS[kind], "documents": in_kind})
        # The board and management pages, then any other section under /governance/ (the Code's waivers).
        sections = list(Page.objects.live().public().child_of(self).not_type(GovernanceDocumentPage).order_by("path"))
        people_types = {BoardPage, ManagementPage}
        people_pages = [p for p in sections if p.specific_class in people_types]
        other_pages = [p for p in sections if p.specific_class not in people_types]
        context.update(documents=documents, document_groups=groups, people_pages=people_pages, other_pages=other_pages)
        return context


class GovernanceDocumentPage(DisclosedPage, PlainTextFieldsMixin, RoutablePageMixin, Page):
    """A governance document: the Code of Business Conduct and Ethics, a committee charter, a policy.

    Its headings, lists and certification section are kept as structure, and its version and
    effective date are shown, because investors and regulators cite a specific version. Each
    version the public saw is kept (GovernanceDocumentVersion, frozen on publication with a new
    version label: governance.versions) and readable at `versions/<n>/` with what changed from
    the one before; an amendment is a new version, so the text of a published version is never
    changed under its label (`clean`).
    """

    single_line_fields = ("version",)
    paragraph_fields = ("change_summary", "summary")

    kind = models.CharField(max_length=20, choices=DocumentKind.choices, default=DocumentKind.POLICY)
    version = models.CharField(
        max_length=40,
        help_text="e.g. 1.0 or 2024-03. An amendment is a new version: give it a new label and its effective date.",
    )
    effective_date = models.DateField()
    change_summary = models.TextField(
        blank=True,
        help_text="What this version changes, in a sentence or two (shown with the version and its differences).",
    )
    summary = models.TextField(blank=True)
    body = StreamField(GovernanceBodyBlock())

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=(
                        "<p>Each version published with a new label is kept for good and listed on the page, "
                        "with what changed from the version before. To amend the document, change the text, "
                        "give it a new version label and its effective date, and say what changed.</p>"
                    )
                ),
                FieldPanel("version"),
                FieldPanel("effective_date"),
                FieldPanel("change_summary"),
            ],
            heading="Version",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "governance document"

    # -- the rule of versions ----------------------------------------------------

    def latest_version(self) -> GovernanceDocumentVersion | None:
        if self.pk is None:
            return None
        return (
            GovernanceDocumentVersion.objects.filter(page_id=self.pk)
            .defer(*_HEAVY_VERSION_FIELDS)
            .order_by("-number")
            .first()
        )

    def clean(self):
        """A published version's text never changes under its label: an amendment needs a new label and date."""
        super().clean()
        if self.pk is None:
            return
        versions = GovernanceDocumentVersion.objects.filter(page_id=self.pk).order_by("-number")
        latest = versions.defer("body_html", "content").first()
        if latest is None:
            return
        errors: dict[str, str] = {}
        unchanged = (
            self.title == latest.title
            and self.effective_date == latest.effective_date
            and text_blocks(self.body) == latest.text_blocks
        )
        if self.version == latest.version_label:
            if not unchanged:
                errors["version"] = (
                    f"Version {latest.version_label} was published with other text, and what the public saw "
                    "stays on record. An amendment is a new version: give it a new version label and its "
                    "effective date."
                )
        else:
            if versions.filter(version_label=self.version).exists():
                errors["version"] = (
                    f"Version {self.version} was published before with other text: "
                    "give this version a label of its own."
                )
            if self.effective_date and self.effective_date < latest.effective_date:
                errors["effective_date"] = (
                    f"The version before it took effect on {latest.effective_date:%B} {latest.effective_date.day}, "
                    f"{latest.effective_date.year}: a new version takes effect on that day or later."
                )
        if errors:
            raise ValidationError(errors)

    # -- public pages --------------------------------------------------------------

    def version_url(self, request, number: int) -> str:
        return self.get_url(request) + self.reverse_subpage("version", kwargs={"number": number})

    def version_items(self, request, versions: list[GovernanceDocumentVersion], shown=None) -> list[dict]:
        """The versions as the page lists them, newest first: label, dates, URL, in force / superseded / upcoming."""
        today = timezone.localdate()
        in_force = next((v for v in versions if v.effective_date <= today), None)
        page_url = self.get_url(request)
        items = []
        newer = None
        for version in versions:  # newest first
            items.append(
                {
                    "version": version,
                    "url": page_url + self.reverse_subpage("version", kwargs={"number": version.number}),
                    "current": version is in_force,
                    "upcoming": version.effective_date > today,
                    "superseded_on": newer.effective_date if newer is not None and version is not in_force else None,
                    "latest": newer is None,
                    "shown": shown is not None and version.number == shown.number,
                }
            )
            newer = version
        return items

    def _versions(self) -> list[GovernanceDocumentVersion]:
        if self.pk is None:
            return []
        return list(
            GovernanceDocumentVersion.objects.filter(page_id=self.pk).defer(*_HEAVY_VERSION_FIELDS).order_by("-number")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        versions = self._versions()
        items = self.version_items(request, versions)
        latest = versions[0] if versions else None
        context.update(
            versions=items,
            latest_version=latest,
            current_item=next((item for item in items if item["current"]), None),
        )
        return context

    @path("versions/", name="versions")
    def versions_route(self, request):
        """`versions/`: the list of versions is on the document's page."""
        return HttpResponseRedirect(self.get_url(request) + "#versions")

    @path("versions/<int:number>/", name="version")
    def version_route(self, request, number: int):
        """`versions/<n>/`: version n as the public saw it, with what changed from version n-1.

        Served only while the page is live (RoutablePageMixin routes only live pages).
        """
        if not 1 <= number <= MAX_VERSION_NUMBER:
            raise Http404
        frozen = {
            v.number: v
            for v in GovernanceDocumentVersion.objects.filter(page_id=self.pk, number__in=[number - 1, number])
        }
        shown = frozen.get(number)
        if shown is None:
            raise Http404
        previous = frozen.get(number - 1)
        versions = self._versions()
        items = self.version_items(request, versions, shown=shown)
        shown_item = next(item for item in items if item["shown"])
        diff = None
        if previous is not None:
            diff = diff_documents(
                previous.text_blocks, shown.text_blocks, old_title=previous.title, new_title=shown.title
            )
        request.is_preview = getattr(request, "is_preview", False)
        context = Page.get_context(self, request)
        context.update(
            versions=items,
            latest_version=versions[0],
            current_item=next((item for item in items if item["current"]), None),
            shown=shown,
            shown_item=shown_item,
            previous=previous,
            previous_url=self.version_url(request, previous.number) if previous else None,
            diff=diff,
            toc=[b["text"] for b in shown.text_blocks if b["kind"] == "heading"],
        )
        return TemplateResponse(request, "governance/governance_document_version.html", context)

    def get_cached_paths(self):
        """The page and each version's URL: a CDN purges them all on publish and unpublish."""
        numbers = (
            GovernanceDocumentVersion.objects.filter(page_id=self.pk).values_list("number", flat=True)
            if self.pk
            else []
        )
        return ["/", *(f"/versions/{number}/" for number in numbers)]


def _shown(manager):
    """A page's frozen people in their order, photos and their one rendition prefetched (one query each).

    From the database for a page row (its live content), from memory for a revision's object (a
    preview): modelcluster's in-memory queryset takes the same calls and ignores the prefetch.
    """
    image_model = get_image_model()
    return list(
        manager.all()
        .order_by("sort_order")
        .prefetch_related(Prefetch("photo", queryset=image_model.objects.prefetch_renditions(PHOTO_RENDITION)))
    )


SNIPPET_CHANGES_HELP = (
    "<p>The people on this page are edited under Admin → Governance → People and Committees. "
    "This page shows them as they were when a revision of it was saved: a change to a person or a "
    "committee appears on the public page only after a new revision of this page has been saved, "
    "submitted and approved under the Disclosure Policy. Save a draft to take in the latest values.</p>"
)


class PeoplePage(DisclosedPage, Page):
    """A page that lists people from the Person snippets (the board, management); its intro is its own.

    The values it shows are frozen into each of its revisions (governance.models.shown,
    freeze_shown_values), and the public page renders those of its live revision: a signature
    covers every value the page shows, and editing a snippet changes no live or signed-off page.
    """

    base_form_class = DisclosedPageForm

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        HelpPanel(content=SNIPPET_CHANGES_HELP),
    ]
    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        abstract = True

    # -- freezing the snippets' values ---------------------------------------------------------

    def people_shown(self):
        """The Person snippets this page lists, in its order (each subclass says whom)."""
        raise NotImplementedError

    def freeze_shown_values(self) -> None:
        """Copy what the page shows of the Person (and Committee) snippets into the page itself.

        Called for every revision saved (and when a page is created directly): the revision then
        holds the values, its digest covers them, and publishing it publishes them. Publishing
        never re-reads the snippets (a page saved with a pk keeps what it holds).
        """
        model = self._meta.get_field("shown_people").related_model
        self.shown_people = [model.copy_of(person, order) for order, person in enumerate(self.people_shown())]

    def save(self, *args, **kwargs):
        if self.pk is None:
            self.freeze_shown_values()  # created directly (a fixture, the demo): its values from the start
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        self.freeze_shown_values()
        return super().save_revision(*args, **kwargs)

    def governance_index_url(self, request) -> str | None:
        parent = self.get_parent()
        return parent.get_url(request) if parent else None


class BoardPage(PeoplePage):
    """`/governance/board/`: the directors, with photo, title and biography, and the board's committees.

    The committee-membership matrix (directors by committees: chair or member) is the table
    investors look for on an IR site; each committee links to its charter. Directors and
    committees are shown as frozen into the page's revision (PeoplePage).
    """

    class Meta:
        verbose_name = "board of directors page"

    def people_shown(self):
        return Person.objects.directors()

    def freeze_shown_values(self) -> None:
        super().freeze_shown_values()
        committees = Committee.objects.order_by("order", "name").prefetch_related(
            Prefetch("memberships", queryset=CommitteeMembership.objects.order_by("sort_order", "pk"))
        )
        self.shown_committees = [
            BoardCommittee(
                committee=committee,
                name=committee.name,
                charter_id=committee.charter_id,
                seats=[{"person": m.person_id, "is_chair": m.is_chair} for m in committee.memberships.all()],
                sort_order=order,
            )
            for order, committee in enumerate(committees)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        directors = _shown(self.shown_people)
        committees = list(self.shown_committees.all().order_by("sort_order").select_related("charter"))
        for person in directors:
            person.seats = []
        by_person = {person.person_id: person for person in directors if person.person_id}
        for committee in committees:
            chairs = {seat["person"]: seat["is_chair"] for seat in committee.seats}
            for person in directors:
                if person.person_id in chairs:
                    person.seats.append({"committee": committee, "is_chair": chairs[person.person_id]})
            members = [
                {"person": by_person[pk], "is_chair": is_chair} for pk, is_chair in chairs.items() if pk in by_person
            ]
            # The chair first, then the others as the board page lists them.
            order = {person.person_id: position for position, person in enumerate(directors)}
            committee.member_list = sorted(members, key=lambda m: (not m["is_chair"], order[m["person"].person_id]))
            committee.charter_public = committee.charter if committee.charter and committee.charter.live else None
        rows = [
            {
                "person": person,
                "cells": [
                    {"committee": c, "membership": next((s for s in person.seats if s["committee"] is c), None)}
                    for c in committees
                ],
            }
            for person in directors
        ]
        context.update(
            people=directors,
            committees=committees,
            matrix=rows,
            index_url=self.governance_index_url(request),
        )
        return context


class ManagementPage(PeoplePage):
    """`/governance/management/`: the executive officers, with photo, title and biography (frozen: PeoplePage)."""

    class Meta:
        verbose_name = "management page"

    def people_shown(self):
        return Person.objects.executive_officers()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        board = BoardPage.objects.live().public().sibling_of(self).first()
        context.update(
            people=_shown(self.shown_people),
            index_url=self.governance_index_url(request),
            board_url=board.get_url(request) if board else None,
        )
        return context
