"""The demo's governance section (demo/governance.py): the Code in two versions, charters, board, management."""

from django.conf import settings

import pytest

from demo.governance import CODE_AMENDMENT_NOTE, build_governance
from governance.code_import import CODE_SLUG, parse_code_text
from governance.models import (
    Committee,
    CommitteeMembership,
    DocumentKind,
    GovernanceDocumentPage,
    GovernanceDocumentVersion,
    Person,
)
from governance.text import text_blocks

pytestmark = pytest.mark.django_db

SOURCE_PATH = settings.BASE_DIR / "sample_data" / "code-of-business-conduct-and-ethics.txt"


@pytest.fixture
def built(home, media_on_disk):
    return build_governance(home)


def test_the_code_has_two_versions_and_the_seed_is_version_1(built):
    """Version 1 is the seed Code word for word; version 2 is the demo amendment, current, marked as demo."""
    code = built["code"]
    v1, v2 = GovernanceDocumentVersion.objects.filter(page_id=code.pk).order_by("number")
    assert (v1.version_label, str(v1.effective_date)) == ("2011", "2011-01-01")
    seed = GovernanceDocumentPage(body=parse_code_text(SOURCE_PATH.read_text(encoding="utf-8")))
    assert v1.text_blocks == text_blocks(seed.body)
    assert (v2.version_label, str(v2.effective_date)) == ("2012-03", "2012-03-01")
    assert v2.change_summary == CODE_AMENDMENT_NOTE and "Demo amendment" in v2.change_summary
    assert sum(1 for a, b in zip(v1.text_blocks, v2.text_blocks, strict=True) if a != b) == 2
    assert code.kind == DocumentKind.CODE and code.version == "2012-03" and code.live


def test_charters_people_and_committees(built):
    """Three charters marked as demo text, seven people, three committees with one chair each."""
    charters = GovernanceDocumentPage.objects.filter(kind=DocumentKind.CHARTER, live=True)
    assert charters.count() == 3
    assert all(c.summary.startswith("Demo text:") for c in charters)
    assert Person.objects.directors().count() == 5
    assert set(Person.objects.executive_officers().values_list("name", flat=True)) == {
        "John N. Hatsopoulos",
        "Robert A. Panora",
        "Bonnie Brown",
    }
    assert all("Sample text" in p.biography for p in Person.objects.all())
    for committee in Committee.objects.all():
        assert committee.charter.live
        assert committee.memberships.filter(is_chair=True).count() == 1
    assert built["board"].url == "/governance/board/"
    assert built["management"].url == "/governance/management/"


def test_building_twice_changes_nothing(built, home):
    """A second run adds no page, version, person, committee or seat."""
    counts = (
        GovernanceDocumentPage.objects.count(),
        GovernanceDocumentVersion.objects.count(),
        Person.objects.count(),
        Committee.objects.count(),
        CommitteeMembership.objects.count(),
    )
    again = build_governance(home)
    assert again["code"].pk == built["code"].pk
    assert counts == (
        GovernanceDocumentPage.objects.count(),
        GovernanceDocumentVersion.objects.count(),
        Person.objects.count(),
        Committee.objects.count(),
        CommitteeMembership.objects.count(),
    )
    assert GovernanceDocumentPage.objects.get(slug=CODE_SLUG).version == "2012-03"
