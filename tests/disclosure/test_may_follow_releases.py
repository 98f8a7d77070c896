"""may_follow_releases: who sees a release's schedule and may record its exchange notice."""

from types import SimpleNamespace

import pytest

from disclosure import schedule
from disclosure.schedule import may_follow_releases


def person(*, compliance=False, spokesperson=False, authenticated=True):
    return SimpleNamespace(is_authenticated=authenticated, compliance=compliance, spokesperson=spokesperson)


def page(*, editors=()):
    """A stand-in release whose page permissions let `editors` edit it."""
    return SimpleNamespace(
        permissions_for_user=lambda user: SimpleNamespace(can_edit=lambda: any(user is editor for editor in editors)),
    )


@pytest.fixture(autouse=True)
def roles(monkeypatch):
    """The two role checks read the database; here they read the stand-in's flags."""
    monkeypatch.setattr(schedule, "is_compliance", lambda user: user.compliance)
    monkeypatch.setattr(schedule, "is_active_spokesperson", lambda user: user.spokesperson)


def test_anonymous_visitors_follow_nothing():
    """Not signed in: no, and no role is even asked."""
    assert may_follow_releases(person(authenticated=False, compliance=True), page()) is False
    assert may_follow_releases(SimpleNamespace(), page()) is False


def test_the_disclosure_committee_follows_every_release():
    assert may_follow_releases(person(compliance=True), page()) is True


def test_an_active_spokesperson_follows_every_release():
    assert may_follow_releases(person(spokesperson=True), page()) is True


def test_an_editor_follows_the_releases_they_may_edit():
    """Editing rights on this release are enough, and only for this release."""
    editor = person()
    assert may_follow_releases(editor, page(editors=(editor,))) is True
    assert may_follow_releases(editor, page()) is False


def test_anyone_else_follows_nothing():
    assert may_follow_releases(person(), page()) is False
