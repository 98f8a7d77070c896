"""The board and management: people and the board's committees, kept as snippets."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable
from wagtail.search import index

from ir_site.text import PlainTextFieldsMixin

# The one rendition the board and management pages show (portrait, 4:5), prefetched with the people.
PHOTO_RENDITION = "fill-240x300-c50"
BIOGRAPHY_FEATURES = ["bold", "italic", "link"]
# Said on both snippets' forms: saving here changes no public page (governance.models.shown).
SHOWN_AFTER_APPROVAL_HELP = (
    "<p><strong>Changes appear on the public board page (and the management page) after its next approved "
    "revision.</strong> The pages show the values frozen into their live revision: after saving here, open "
    "the page under Pages → Governance, save a draft (it takes in these values) and submit it to the "
    "Disclosure Policy. Every edit is in the audit trail.</p>"
)


class PersonRole(models.TextChoices):
    DIRECTOR = "director", "Director"
    EXECUTIVE = "executive", "Executive officer"
    BOTH = "both", "Director and executive officer"


class PersonQuerySet(models.QuerySet):
    def directors(self):
        return self.filter(role__in=[PersonRole.DIRECTOR, PersonRole.BOTH]).order_by("board_order", "name")

    def executive_officers(self):
        return self.filter(role__in=[PersonRole.EXECUTIVE, PersonRole.BOTH]).order_by("order", "name")


class Person(PlainTextFieldsMixin, index.Indexed, models.Model):
    """A director or executive officer, as the board and management pages show them.

    Investors read who runs and oversees the company: name, title, photo, biography, and for
    directors whether they are independent and which committees they sit on (Committee). The
    photo needs alt text (the image's description, or the text here). The board and management
    pages show a copy taken into each of their revisions (governance.models.shown), so an edit
    here reaches the public only with the next approved revision of those pages.
    """

    single_line_fields = ("name", "title", "board_title", "photo_alt")

    name = models.CharField(max_length=120)
    title = models.CharField(
        max_length=200, blank=True, help_text="e.g. Chief Executive Officer (shown on the management page)."
    )
    role = models.CharField(max_length=20, choices=PersonRole.choices, default=PersonRole.DIRECTOR)
    board_title = models.CharField(
        max_length=200,
        blank=True,
        help_text='On the board page, e.g. "Chairman of the Board"; "Director" when left blank.',
    )
    independent = models.BooleanField(
        default=False, help_text="An independent director under the listing venue's rules (directors only)."
    )
    photo = models.ForeignKey(
        get_image_model_string(), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    photo_alt = models.CharField(
        "photo alt text",
        max_length=250,
        blank=True,
        help_text="Describes the photo for people who cannot see it; the image's own description when left blank.",
    )
    biography = RichTextField(blank=True, features=BIOGRAPHY_FEATURES)
    order = models.PositiveIntegerField(default=100, help_text="Order on the management page (lowest first).")
    board_order = models.PositiveIntegerField(default=100, help_text="Order on the board page (lowest first).")

    objects = PersonQuerySet.as_manager()

    panels = [
        HelpPanel(content=SHOWN_AFTER_APPROVAL_HELP),
        FieldPanel("name"),
        FieldPanel("role"),
        FieldRowPanel([FieldPanel("title"), FieldPanel("order")], heading="As an executive officer"),
        FieldRowPanel(
            [FieldPanel("board_title"), FieldPanel("independent"), FieldPanel("board_order")], heading="As a director"
        ),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt")], heading="Photo"),
        FieldPanel("biography"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("title")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    @property
    def is_director(self) -> bool:
        return self.role in (PersonRole.DIRECTOR, PersonRole.BOTH)

    @property
    def is_executive(self) -> bool:
        return self.role in (PersonRole.EXECUTIVE, PersonRole.BOTH)

    @property
    def photo_alt_text(self) -> str:
        if self.photo_alt:
            return self.photo_alt
        return (getattr(self.photo, "description", "") or "") if self.photo_id else ""

    @property
    def shown_board_title(self) -> str:
        return self.board_title or ("Independent Director" if self.independent else "Director")

    def clean(self):
        super().clean()
        errors = {}
        if self.independent and not self.is_director:
            errors["independent"] = "Only a director is independent or not: make them a director, or untick this."
        if self.is_executive and not self.title:
            errors["title"] = "An executive officer's title is shown on the management page: write it."
        if self.photo_id and not self.photo_alt_text:
            errors["photo_alt"] = "Describe the photo for people who cannot see it (or give the image a description)."
        if errors:
            raise ValidationError(errors)


class CommitteeForm(WagtailAdminModelForm):
    """A committee has at most one chair and lists each member once."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("memberships") if hasattr(self, "formsets") else None
        # ClusterForm validates its formsets after the form: validate them now to read their rows.
        if formset is None or not formset.is_valid():
            return cleaned
        chairs, people = [], []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not data.get("person"):
                continue
            people.append(data["person"])
            if data.get("is_chair"):
                chairs.append(data["person"])
        if len(chairs) > 1:
            raise ValidationError(
                "A committee has one chair: " + ", ".join(p.name for p in chairs) + " are all marked as chair."
            )
        duplicates = sorted({p.name for p in people if people.count(p) > 1})
        if duplicates:
            raise ValidationError("Each member is listed once: " + ", ".join(duplicates) + " is listed twice.")
        return cleaned


class Committee(PlainTextFieldsMixin, ClusterableModel):
    """A committee of the board (Audit, Compensation, Nominating and Corporate Governance), its members and charter."""

    single_line_fields = ("name",)

    name = models.CharField(max_length=120, unique=True)
    charter = models.ForeignKey(
        "governance.GovernanceDocumentPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The committee's charter (a governance document page).",
    )
    order = models.PositiveIntegerField(default=100, help_text="Order of the columns of the board's committee table.")

    base_form_class = CommitteeForm
    panels = [
        HelpPanel(content=SHOWN_AFTER_APPROVAL_HELP),
        FieldPanel("name"),
        PageChooserPanel("charter", page_type="governance.GovernanceDocumentPage"),
        FieldPanel("order"),
        InlinePanel("memberships", heading="Members", label="Member", min_num=0),
    ]

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class CommitteeMembership(Orderable):
    """A director's seat on a committee; one of them may chair it."""

    committee = ParentalKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="memberships",
        limit_choices_to={"role__in": [PersonRole.DIRECTOR, PersonRole.BOTH]},
    )
    is_chair = models.BooleanField("chair", default=False)

    panels = [FieldPanel("person"), FieldPanel("is_chair")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["committee", "person"], name="one_seat_per_committee")]

    def __str__(self) -> str:
        return f"{self.person} ({'chair' if self.is_chair else 'member'}, {self.committee})"

    def clean(self):
        super().clean()
        if self.person_id and not self.person.is_director:
            raise ValidationError({"person": "A board committee's members are directors."})
