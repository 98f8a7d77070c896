"""The demo's governance section: the Code in two versions, three committee charters, the board and management.

Idempotent: each piece is found by its slug or name, and what exists is left as it is (a second
run changes nothing). Everything that is not the company's own text is marked as demo text
where the public sees it: the charters' summaries, the Code's amendment note, every biography,
the placeholder portraits and the generic directors' names.
"""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images import get_image_model

from PIL import Image as PILImage
from PIL import ImageDraw

from company.models import HomePage
from disclosure.guard import historical_record
from governance.code_import import CODE_SLUG, ensure_governance_index, load_code_page
from governance.models import (
    BoardPage,
    Committee,
    CommitteeMembership,
    DocumentKind,
    GovernanceDocumentPage,
    GovernanceDocumentVersion,
    GovernanceIndexPage,
    ManagementPage,
    Person,
    PersonRole,
)
from governance.versions import record_version

CODE_PATH = settings.BASE_DIR / "sample_data" / "code-of-business-conduct-and-ethics.txt"
CODE_V1 = ("2011", dt.date(2011, 1, 1))
CODE_V2 = ("2012-03", dt.date(2012, 3, 1))
CODE_AMENDMENT_NOTE = (
    "Demo amendment (sample text, not adopted by Tecogen): clarifies how a waiver or a change of the Code for "
    "executive officers or directors is disclosed, and where the current and earlier versions of the Code are kept."
)
# The demo amendment: (paragraph of the seed Code, as parsed) -> the amended paragraph.
CODE_AMENDMENTS = {
    (
        "Any executive officer or director who seeks an exception to any of these policies should contact our Chief "
        "Financial Officer or Chief Accounting Officer. Any waiver of this Code for executive officers or directors "
        "or any change to this Code that applies to executive officers or directors may be made only by the Board "
        "of Directors of the Company and will be disclosed as required by law or stock market regulation."
    ): (
        "Any executive officer or director who seeks an exception to any of these policies should contact our Chief "
        "Financial Officer or Chief Accounting Officer. Any waiver of this Code for executive officers or directors "
        "or any change to this Code that applies to executive officers or directors may be made only by the Board "
        "of Directors of the Company or a committee of the Board and will be disclosed within four business days, "
        "on the Company's investor relations website or on a Current Report on Form 8-K, as required by law or "
        "stock market regulation. A disclosure on the website will remain there for at least twelve months."
    ),
    (
        "The Company reserves the right to amend, alter or terminate this Code at any time for any reason. The most "
        "current version of this Code can be found on the Company's intranet."
    ): (
        "The Company reserves the right to amend, alter or terminate this Code at any time for any reason. The "
        "current version of this Code, and each earlier version, can be found on the Company's intranet and on its "
        "investor relations website."
    ),
}

DEMO_CHARTER_SUMMARY = (
    "Demo text: a short sample charter written for this demonstration site. It is not Tecogen's charter."
)
CHARTERS = {
    "audit": {
        "title": "Audit Committee Charter",
        "slug": "audit-committee-charter",
        "purpose": (
            "The Audit Committee assists the Board of Directors in overseeing the integrity of the Company's "
            "financial statements, its compliance with legal and regulatory requirements, the qualifications, "
            "independence and performance of its independent registered public accounting firm, and its internal "
            "control over financial reporting."
        ),
        "membership": (
            "The Committee has at least three directors, each independent under the rules of the Company's listing "
            "venue and the Securities and Exchange Commission and able to read and understand financial statements. "
            "At least one member is an audit committee financial expert."
        ),
        "duties": [
            "Appoint, compensate, retain and oversee the independent registered public accounting firm.",
            "Review the annual and quarterly financial statements with management and the auditors before they are "
            "filed.",
            "Establish procedures for complaints about accounting, internal accounting controls or auditing "
            "matters, including their confidential, anonymous submission by employees.",
            "Review and approve related-person transactions.",
        ],
    },
    "compensation": {
        "title": "Compensation Committee Charter",
        "slug": "compensation-committee-charter",
        "purpose": (
            "The Compensation Committee discharges the Board's responsibilities for the compensation of the "
            "Company's executive officers and directors and oversees its incentive and equity plans."
        ),
        "membership": (
            "The Committee has at least two directors, each independent under the rules of the Company's listing venue."
        ),
        "duties": [
            "Review and approve the goals and compensation of the Chief Executive Officer and the other executive "
            "officers.",
            "Administer the Company's equity and incentive plans.",
            "Recommend the compensation of non-employee directors to the Board.",
            "Retain and oversee compensation consultants after assessing their independence.",
        ],
    },
    "nominating": {
        "title": "Nominating and Corporate Governance Committee Charter",
        "slug": "nominating-and-corporate-governance-committee-charter",
        "purpose": (
            "The Nominating and Corporate Governance Committee identifies individuals qualified to become directors, "
            "recommends nominees to the Board, and oversees the Company's corporate governance practices."
        ),
        "membership": (
            "The Committee has at least two directors, each independent under the rules of the Company's listing venue."
        ),
        "duties": [
            "Identify and recommend candidates for election to the Board and its committees.",
            "Review the Code of Business Conduct and Ethics and recommend changes to the Board.",
            "Oversee the annual evaluation of the Board and its committees.",
            "Review director independence each year.",
        ],
    },
}
CHARTER_VERSION = ("1.0", dt.date(2012, 1, 1))


def _sample_bio(text: str) -> str:
    return f"<p><em>Sample text for the demo site, not a biography.</em> {text}</p>"


PEOPLE = [
    {
        "name": "John N. Hatsopoulos",
        "role": PersonRole.BOTH,
        "title": "Chief Executive Officer",
        "board_title": "Director",
        "order": 1,
        "board_order": 1,
        "biography": _sample_bio(
            "John N. Hatsopoulos is named as Chief Executive Officer in the company's press release of Dec. 2, "
            "2011. The company's proxy statement is the source for directors' and officers' backgrounds."
        ),
    },
    {
        "name": "Robert A. Panora",
        "role": PersonRole.EXECUTIVE,
        "title": "President and Chief Operating Officer",
        "order": 2,
        "biography": _sample_bio(
            "Robert A. Panora is named as President and Chief Operating Officer in the company's press release of "
            "Dec. 2, 2011."
        ),
    },
    {
        "name": "Bonnie Brown",
        "role": PersonRole.EXECUTIVE,
        "title": "Chief Financial Officer or Chief Accounting Officer",
        "order": 3,
        "biography": _sample_bio(
            "The Code of Business Conduct and Ethics names Bonnie Brown as the company's Chief Financial Officer or "
            "Chief Accounting Officer, to whom exceptions and concerns are reported."
        ),
    },
    *(
        {
            "name": f"Director {letter} (demo)",
            "role": PersonRole.DIRECTOR,
            "independent": True,
            "board_title": "Independent Director",
            "board_order": 10 + position,
            "biography": _sample_bio(
                "A placeholder for an independent director of the demo company; no real person is described."
            ),
        }
        for position, letter in enumerate("ABCD")
    ),
]
# committee key -> (name, [(person name, is chair)])
COMMITTEES = {
    "audit": (
        "Audit Committee",
        [("Director A (demo)", True), ("Director B (demo)", False), ("Director C (demo)", False)],
    ),
    "compensation": (
        "Compensation Committee",
        [("Director B (demo)", True), ("Director C (demo)", False), ("Director D (demo)", False)],
    ),
    "nominating": (
        "Nominating and Corporate Governance Committee",
        [("Director C (demo)", True), ("Director A (demo)", False), ("Director D (demo)", False)],
    ),
}
BOARD_INTRO = (
    "<p>The directors of Tecogen Inc. and the committees of the board, with their charters.</p>"
    "<p><em>Demo content: apart from the names in the company's 2011 press release and its Code, the directors, "
    "portraits and biographies on this page are sample text.</em></p>"
)
MANAGEMENT_INTRO = (
    "<p>The executive officers of Tecogen Inc.</p>"
    "<p><em>Demo content: the names and titles come from the company's 2011 press release and its Code; the "
    "portraits and biographies are sample text.</em></p>"
)


@transaction.atomic
def build_governance(home: HomePage | None = None) -> dict:
    """`/governance/` with the Code (versions 2011 and 2012-03), three charters, the board and management pages."""
    home = home or HomePage.objects.first()
    index = ensure_governance_index(home)
    code = _ensure_code(index)
    charters = {key: _ensure_charter(index, spec) for key, spec in CHARTERS.items()}
    people = {spec["name"]: _ensure_person(spec) for spec in PEOPLE}
    committees = {
        key: _ensure_committee(name, seats, charters[key], people) for key, (name, seats) in COMMITTEES.items()
    }
    board = _ensure_people_page(index, BoardPage, "Board of directors", "board", BOARD_INTRO)
    management = _ensure_people_page(index, ManagementPage, "Management", "management", MANAGEMENT_INTRO)
    return {
        "index": index,
        "code": code,
        "charters": charters,
        "people": people,
        "committees": committees,
        "board": board,
        "management": management,
    }


# -- the Code ---------------------------------------------------------------------------------


def _ensure_code(index: GovernanceIndexPage) -> GovernanceDocumentPage:
    """The seed Code as version 2011 (its text untouched), then the demo amendment as version 2012-03."""
    code = GovernanceDocumentPage.objects.filter(slug=CODE_SLUG).first()
    if code is None:
        with historical_record("The Code of Business Conduct and Ethics as adopted in 2011 (demo seed)"):
            code = load_code_page(index, CODE_PATH, version=CODE_V1[0], effective_date=CODE_V1[1])
    versions = GovernanceDocumentVersion.objects.filter(page_id=code.pk)
    if not versions.exists() and code.live:
        # A Code loaded before versions were kept: its live text is version 1.
        live = code.live_revision.as_object() if code.live_revision_id else code
        record_version(live, code.live_revision)
    if not versions.filter(version_label=CODE_V2[0]).exists() and code.live:
        _amend_code(code)
    return GovernanceDocumentPage.objects.get(pk=code.pk)


def _amend_code(code: GovernanceDocumentPage) -> None:
    draft = code.get_latest_revision_as_object()
    body = []
    changed = 0
    for block in draft.body.raw_data:
        block = dict(block)
        if block["type"] == "paragraph" and block["value"] in CODE_AMENDMENTS:
            block["value"] = CODE_AMENDMENTS[block["value"]]
            changed += 1
        body.append(block)
    if not changed:  # the seed text is not the one this amendment was written for
        return
    draft.body = body
    draft.version, draft.effective_date = CODE_V2
    draft.change_summary = CODE_AMENDMENT_NOTE
    with historical_record("Demo: an amendment of the Code, published as its second version"):
        draft.save_revision().publish()


# -- charters ---------------------------------------------------------------------------------


def _charter_body(spec: dict) -> list[tuple[str, object]]:
    return [
        ("heading", "PURPOSE"),
        ("paragraph", spec["purpose"]),
        ("heading", "MEMBERSHIP"),
        ("paragraph", spec["membership"]),
        ("heading", "RESPONSIBILITIES"),
        ("paragraph", "The Committee shall:"),
        ("bulleted_list", spec["duties"]),
        ("heading", "MEETINGS AND REPORTS"),
        (
            "paragraph",
            "The Committee meets at least quarterly, keeps minutes of its meetings, reports regularly to the Board, "
            "and reviews this charter each year.",
        ),
    ]


def _ensure_charter(index: GovernanceIndexPage, spec: dict) -> GovernanceDocumentPage:
    page = GovernanceDocumentPage.objects.filter(slug=spec["slug"]).first()
    if page is not None:
        return page
    page = GovernanceDocumentPage(
        title=spec["title"],
        slug=spec["slug"],
        kind=DocumentKind.CHARTER,
        version=CHARTER_VERSION[0],
        effective_date=CHARTER_VERSION[1],
        summary=DEMO_CHARTER_SUMMARY,
        body=_charter_body(spec),
        live=False,
    )
    index.add_child(instance=page)
    with historical_record(f"Demo: the {spec['title']} (sample text)"):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


# -- people and committees ----------------------------------------------------------------------


def _placeholder_portrait(name: str):
    """A grey silhouette (not a photograph) standing in for a portrait."""
    image = PILImage.new("RGB", (240, 300), (226, 230, 234))
    draw = ImageDraw.Draw(image)
    draw.ellipse((80, 50, 160, 130), fill=(120, 130, 140))
    draw.ellipse((40, 150, 200, 360), fill=(120, 130, 140))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
    return get_image_model().objects.create(
        title=f"Placeholder portrait: {name}" + ("" if name.endswith("(demo)") else " (demo)"),
        description="Placeholder silhouette (demo image, not a photograph)",
        file=ImageFile(buffer, name=f"portrait-{slug}.png"),
    )


def _ensure_person(spec: dict) -> Person:
    person = Person.objects.filter(name=spec["name"]).first()
    if person is not None:
        return person
    person = Person(**spec)
    person.photo = _placeholder_portrait(spec["name"])
    person.photo_alt = f"Placeholder silhouette for {spec['name']} (demo image, not a photograph)"
    person.full_clean()
    person.save()
    return person


def _ensure_committee(name: str, seats, charter: GovernanceDocumentPage, people: dict[str, Person]) -> Committee:
    committee = Committee.objects.filter(name=name).first()
    if committee is not None:
        return committee
    committee = Committee.objects.create(name=name, charter=charter, order=list(COMMITTEES).index(_key(name)) + 1)
    for position, (person_name, chair) in enumerate(seats):
        CommitteeMembership.objects.create(
            committee=committee, person=people[person_name], is_chair=chair, sort_order=position
        )
    return committee


def _key(name: str) -> str:
    return next(key for key, (committee_name, _) in COMMITTEES.items() if committee_name == name)


def _ensure_people_page(index: GovernanceIndexPage, model, title: str, slug: str, intro: str):
    page = model.objects.child_of(index).first()
    if page is not None:
        return page
    page = model(title=title, slug=slug, intro=intro, live=False)
    index.add_child(instance=page)
    with historical_record(f"Demo: the {title.lower()} page"):
        page.save_revision().publish()
    page.refresh_from_db()
    return page
