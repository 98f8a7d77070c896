"""Governance documents, their versions, people and committees in tests, published as the demo publishes them."""

from __future__ import annotations

import datetime as dt

from disclosure.guard import historical_record
from governance.code_import import ensure_governance_index
from governance.models import (
    BoardPage,
    Committee,
    CommitteeMembership,
    DocumentKind,
    GovernanceDocumentPage,
    GovernanceIndexPage,
    ManagementPage,
    Person,
    PersonRole,
)
from tests.factories import make_image

REASON = "Test fixture: a governance document published outside the Disclosure Policy workflow"


def governance_index(home) -> GovernanceIndexPage:
    return ensure_governance_index(home)


def charter_body(*duties: str, purpose: str = "The Committee oversees the Company's financial reporting.") -> list:
    """A short charter: purpose, responsibilities as a list, meetings."""
    return [
        ("heading", "PURPOSE"),
        ("paragraph", purpose),
        ("heading", "RESPONSIBILITIES"),
        ("bulleted_list", list(duties or ["Appoint the auditors.", "Review the financial statements."])),
        ("heading", "MEETINGS"),
        ("paragraph", "The Committee meets at least quarterly."),
    ]


def publish(page, reason: str = REASON):
    """Publish the page's current state as a new revision (what the Disclosure Policy's final approval does)."""
    with historical_record(reason):
        revision = page.save_revision()
        revision.publish()
    return type(page).objects.get(pk=page.pk)


def make_document(
    index: GovernanceIndexPage,
    *,
    title: str = "Audit Committee Charter",
    slug: str | None = None,
    kind: str = DocumentKind.CHARTER,
    version: str = "1.0",
    effective_date: dt.date = dt.date(2012, 1, 1),
    body: list | None = None,
    summary: str = "",
    live: bool = True,
) -> GovernanceDocumentPage:
    """A governance document under `index`, published (version 1 frozen) unless `live` is False."""
    page = GovernanceDocumentPage(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        kind=kind,
        version=version,
        effective_date=effective_date,
        summary=summary,
        body=body if body is not None else charter_body(),
        live=False,
    )
    index.add_child(instance=page)
    if not live:
        page.save_revision()
        return GovernanceDocumentPage.objects.get(pk=page.pk)
    return publish(page)


def amend(
    page: GovernanceDocumentPage,
    *,
    version: str,
    effective_date: dt.date,
    body: list | None = None,
    title: str | None = None,
    change_summary: str = "",
) -> GovernanceDocumentPage:
    """Publish an amendment: new text, a new version label and effective date, a note on what changed."""
    draft = page.get_latest_revision_as_object()
    if body is not None:
        draft.body = body
    if title is not None:
        draft.title = title
    draft.version = version
    draft.effective_date = effective_date
    draft.change_summary = change_summary
    return publish(draft)


def make_person(name: str, *, role: str = PersonRole.DIRECTOR, photo: bool = False, **fields) -> Person:
    if role in (PersonRole.EXECUTIVE, PersonRole.BOTH):
        fields.setdefault("title", "Chief Executive Officer")
    if photo:
        fields["photo"] = make_image(title=f"Portrait of {name}", name="portrait.png")
        fields.setdefault("photo_alt", f"Portrait of {name}")
    fields.setdefault("biography", f"<p>{name} has served the company for many years.</p>")
    person = Person(name=name, role=role, **fields)
    person.full_clean()
    person.save()
    return person


def make_committee(name: str, *, charter=None, seats=(), order: int = 100) -> Committee:
    """A committee with `seats`: (person, is_chair) pairs."""
    committee = Committee.objects.create(name=name, charter=charter, order=order)
    for position, (person, chair) in enumerate(seats):
        CommitteeMembership.objects.create(committee=committee, person=person, is_chair=chair, sort_order=position)
    return committee


def make_board_page(index: GovernanceIndexPage, *, title: str = "Board of directors") -> BoardPage:
    page = BoardPage(title=title, slug="board", live=False)
    index.add_child(instance=page)
    return publish(page)


def make_management_page(index: GovernanceIndexPage, *, title: str = "Management") -> ManagementPage:
    page = ManagementPage(title=title, slug="management", live=False)
    index.add_child(instance=page)
    return publish(page)


# -- in a real browser (tests/e2e) --------------------------------------------------------------------

GOVERNANCE_PAGES = {
    "index": "/governance/",
    "code": "/governance/code-of-business-conduct-and-ethics/",
    "code-version-1": "/governance/code-of-business-conduct-and-ethics/versions/1/",
    "code-version-2-diff": "/governance/code-of-business-conduct-and-ethics/versions/2/",
    "charter": "/governance/audit-committee-charter/",
    "board": "/governance/board/",
    "management": "/governance/management/",
}


def build_demo_governance(site) -> None:
    """Run demo.governance on the e2e site's database (idempotent: nothing changes if the demo has it already)."""
    site.manage("shell", "-c", "from demo.governance import build_governance; build_governance()")
