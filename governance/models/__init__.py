"""Governance models: pages (governance.models.pages), frozen versions, people and committees."""

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
from .versions import GovernanceDocumentVersion

__all__ = [
    "KIND_HEADINGS",
    "PHOTO_RENDITION",
    "BoardPage",
    "Committee",
    "CommitteeMembership",
    "DocumentKind",
    "GovernanceDocumentPage",
    "GovernanceDocumentVersion",
    "GovernanceIndexPage",
    "ManagementPage",
    "PeoplePage",
    "Person",
    "PersonRole",
]
