"""Governance models: pages (governance.models.pages), frozen versions, people and committees (and the
people pages' frozen copies of them, governance.models.shown)."""

from .pages import (
    KIND_HEADINGS,
    BoardPage,
    DocumentKind,
    GovernanceDocumentPage,
    GovernanceIndexPage,
    ManagementPage,
    PeoplePage,
)
from .people import PHOTO_RENDITION, Committee, CommitteeMembership, Person, PersonRole
from .shown import BoardCommittee, BoardMember, ManagementMember, ShownPerson
from .versions import GovernanceDocumentVersion

__all__ = [
    "KIND_HEADINGS",
    "PHOTO_RENDITION",
    "BoardCommittee",
    "BoardMember",
    "BoardPage",
    "Committee",
    "CommitteeMembership",
    "DocumentKind",
    "GovernanceDocumentPage",
    "GovernanceDocumentVersion",
    "GovernanceIndexPage",
    "ManagementMember",
    "ManagementPage",
    "PeoplePage",
    "Person",
    "PersonRole",
    "ShownPerson",
]
