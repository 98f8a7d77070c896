"""What the wire-text export tests share: the seed text, a release built as the editor builds one, downloads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from releases.models import MediaContact, PressReleasePage, ReleaseContact
from tests.factories import make_release

SEED = Path(__file__).resolve().parents[2] / "sample_data" / "press-release-2011-12-02-private-placement.txt"

# Thursday 5 Nov 2026, 8:00 a.m. ET (EST): the release time an import of its text gives back.
EDITOR_RELEASE_AT = dt.datetime(2026, 11, 5, 13, 0, tzinfo=dt.UTC)

# The body as the editor's blocks store it: Draftail's paragraphs, a list as its own paragraph block.
EDITOR_BODY = [
    (
        "paragraph",
        "<p>Tecogen Inc. (NASDAQ: TGEN), a leading manufacturer of clean energy products, today reported "
        "revenue of $6.1 million for the third quarter, up 12% from a year ago.</p>",
    ),
    (
        "quote",
        {
            "text": '"Our order backlog has never been stronger," said Robert Panora, President and Chief '
            'Operating Officer of Tecogen. "We expect the growth to continue into next year."',
            "speaker": "Robert Panora",
            "speaker_title": "President and Chief Operating Officer",
            "organisation": "Tecogen",
        },
    ),
    ("paragraph", "<p>Highlights of the quarter:</p>"),
    (
        "paragraph",
        "<ul><li>Product revenue up 15% to $4.2 million</li><li>Services revenue of $1.9 million</li>"
        "<li>Gross margin of 38.5%</li></ul>",
    ),
    ("paragraph", "<p>The company will hold a conference call for investors &amp; analysts on Nov. 6.</p>"),
]
EDITOR_BOILERPLATE = (
    "Tecogen manufactures highly efficient, ultra-clean Combined Heat and Power (CHP) products.\n\n"
    "Tecogen has an installed base of more than 2,100 units across the United States."
)
EDITOR_LEGEND = (
    "This news release contains forward-looking statements within the meaning of the Private Securities "
    "Litigation Reform Act of 1995.\n\nActual results may differ materially from those projected."
)
EDITOR_CONTACTS = [
    {
        "name": "Melinda Furse",
        "organisation": "Tecogen Inc.",
        "phone": "781-466-6444",
        "email": "melinda.furse@tecogen.com",
    },
    {"name": "Pat Arcand", "organisation": "Arcand & Madison PR", "phone": "617-251-7778", "email": "pat@am-pr.com"},
]


def seed_text() -> str:
    """The seed release as a wire printed it (its `\\$` are markdown escapes of `$`)."""
    return SEED.read_text(encoding="utf-8").replace("\\$", "$")


def non_blank_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def editor_release(newsroom, **fields) -> PressReleasePage:
    """A draft release in the shape the editor saves: paragraphs, a quote, a list, About, legend, two contacts."""
    page = make_release(
        newsroom,
        title=fields.pop("title", "Tecogen Reports Third Quarter Revenue of $6.1 Million"),
        subheadline=fields.pop("subheadline", "Product revenue up 15%; order backlog at a record"),
        release_at=fields.pop("release_at", EDITOR_RELEASE_AT),
        publish=False,
        boilerplate_heading="About Tecogen",
        boilerplate=EDITOR_BOILERPLATE,
        include_forward_looking=True,
        forward_looking_legend=EDITOR_LEGEND,
        source_name="Tecogen Inc.",
        **fields,
    )
    page.body = EDITOR_BODY
    page.contacts = [ReleaseContact(contact=MediaContact.objects.create(**c)) for c in EDITOR_CONTACTS]
    page.save()
    page.save_revision()
    return PressReleasePage.objects.get(pk=page.pk)


def body_values(release: PressReleasePage) -> list[tuple[str, object]]:
    """(block type, value) of each body block: a paragraph's stored HTML, a quote's fields."""
    return [
        (block.block_type, block.value.source if block.block_type == "paragraph" else dict(block.value))
        for block in release.body
    ]


def contact_values(release: PressReleasePage) -> list[dict[str, str]]:
    """The contacts as the release shows them (its frozen values), in order."""
    return [
        {"name": c.name, "organisation": c.organisation, "phone": c.phone, "email": c.email}
        for c in release.contacts.all()
    ]


def wire_text_url(page, *, live: bool = False) -> str:
    url = reverse("releases_wire_text", args=[page.pk])
    return f"{url}?live=1" if live else url


def admin_only_user(username: str = "viewer"):
    """A user who may log in to the admin and holds no page permission at all."""
    user = get_user_model().objects.create_user(username)
    group, _ = Group.objects.get_or_create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user
