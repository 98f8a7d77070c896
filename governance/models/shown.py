"""The people and committees as a board or management page shows them: frozen into the page's revisions.

The Person and Committee snippets are edited in place and go live when saved; a revision holds a
snippet only by id. A signature covers exactly what the public will see, so the board and
management pages keep their own copy of every value they show (name, titles, independence,
biography, photo, committee seats), taken when a revision of the page is saved
(PeoplePage.freeze_shown_values), and the public page renders the copy its live revision holds.
An edit of a director's biography reaches the public only once a new revision of the board page
has been approved, like a media contact's edit on a release (releases.models.ReleaseContact).

The copies are child rows of the page (Orderable), so they are part of every revision's content
(and so of its SHA-256 digest), and the photo is an image reference Wagtail's reference index
sees: every sign-off fingerprints the photo's bytes (disclosure.signature), and a photo is
served only while a live page's copy shows it (governance.people).
"""

from __future__ import annotations

from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable

from .people import BIOGRAPHY_FEATURES, Person


class ShownPerson(Orderable):
    """One person as a people page shows them, copied from the Person snippet when the page was saved."""

    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The snippet this copy was taken from (kept for the links between the pages).",
    )
    name = models.CharField(max_length=120)
    title = models.CharField(max_length=200, blank=True)
    board_title = models.CharField(max_length=200, blank=True, help_text="As shown: the default filled in.")
    independent = models.BooleanField(default=False)
    is_director = models.BooleanField(default=False)
    is_executive = models.BooleanField(default=False)
    photo = models.ForeignKey(
        get_image_model_string(), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    photo_alt = models.CharField(max_length=250, blank=True, help_text="As shown: the image's description if blank.")
    biography = RichTextField(blank=True, features=BIOGRAPHY_FEATURES)

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.name

    @classmethod
    def copy_of(cls, person: Person, sort_order: int) -> ShownPerson:
        return cls(
            person=person,
            name=person.name,
            title=person.title,
            board_title=person.shown_board_title,
            independent=person.independent,
            is_director=person.is_director,
            is_executive=person.is_executive,
            photo_id=person.photo_id,
            photo_alt=person.photo_alt_text,
            biography=person.biography,
            sort_order=sort_order,
        )

    def shown_values(self) -> dict:
        """What the page shows of this person (to compare a copy with the snippet as it is now)."""
        return {
            "person": self.person_id,
            "name": self.name,
            "title": self.title,
            "board_title": self.board_title,
            "independent": self.independent,
            "is_director": self.is_director,
            "is_executive": self.is_executive,
            "photo": self.photo_id,
            "photo_alt": self.photo_alt,
            "biography": self.biography,
        }

    # What the templates read (the names the Person snippet gives them).
    @property
    def anchor(self) -> str:
        """The person's id on the pages: the snippet's, so the management page links to the board's card."""
        return str(self.person_id) if self.person_id else f"shown-{self.sort_order}"

    @property
    def shown_board_title(self) -> str:
        return self.board_title

    @property
    def photo_alt_text(self) -> str:
        return self.photo_alt


class BoardMember(ShownPerson):
    """A director on the board page, as its revision shows them."""

    page = ParentalKey("governance.BoardPage", on_delete=models.CASCADE, related_name="shown_people")


class ManagementMember(ShownPerson):
    """An executive officer on the management page, as its revision shows them."""

    page = ParentalKey("governance.ManagementPage", on_delete=models.CASCADE, related_name="shown_people")


class BoardCommittee(Orderable):
    """A committee of the board as the board page shows it: its name, its charter, its seats (chair first)."""

    page = ParentalKey("governance.BoardPage", on_delete=models.CASCADE, related_name="shown_committees")
    committee = models.ForeignKey(
        "governance.Committee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=120)
    charter = models.ForeignKey(
        "governance.GovernanceDocumentPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # [{"person": <Person id>, "is_chair": bool}, ...] in the committee's order.
    seats = models.JSONField(default=list, blank=True)

    class Meta(Orderable.Meta):
        pass

    def __str__(self) -> str:
        return self.name

    def shown_values(self) -> dict:
        return {"committee": self.committee_id, "name": self.name, "charter": self.charter_id, "seats": self.seats}
