"""The home page and the company profile moved from releases/ to company/ without losing anything.

A database made before the move has content types labelled `releases`; the migration relabels
them, so the home page's tree row still finds its page type and a group's permission on the
profile still holds.
"""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from wagtail.models import Page

import pytest

from company.models import CompanyProfile, HomePage

move = importlib.import_module("company.migrations.0001_initial")
SCHEMA_EDITOR = SimpleNamespace(connection=connection)


def labels() -> set[tuple[str, str]]:
    ContentType.objects.clear_cache()
    return set(ContentType.objects.filter(model__in=move.MOVED).values_list("app_label", "model"))


@pytest.fixture
def profile_editor(home):
    """A PR-team member whose group may change the company profile."""
    group = Group.objects.create(name="PR team")
    group.permissions.add(Permission.objects.get(codename="change_companyprofile"))
    user = get_user_model().objects.create_user("drafter", password="x")  # noqa: S106 - a test account
    user.groups.add(group)
    return user


@pytest.mark.django_db
def test_a_database_from_before_the_move_keeps_its_home_page_and_profile_rights(home, profile_editor):
    """Content types labelled `releases` (as the old code left them) are relabelled, rows and all."""
    move.relabel_content_types_back(apps, SCHEMA_EDITOR)  # the database as the old code left it
    assert labels() == {("releases", "homepage"), ("releases", "companyprofile")}

    move.relabel_content_types(apps, SCHEMA_EDITOR)

    assert labels() == {("company", "homepage"), ("company", "companyprofile")}
    assert isinstance(Page.objects.get(pk=home.pk).specific, HomePage)
    editor = get_user_model().objects.get(pk=profile_editor.pk)  # a fresh permission cache
    assert editor.has_perm("company.change_companyprofile")
    assert CompanyProfile.for_default_site().legal_name == "Tecogen Inc."


@pytest.mark.django_db
def test_refuses_when_both_labels_exist(home):
    """Two content types for one model: the migration stops and says so, changing nothing."""
    ContentType.objects.create(app_label="releases", model="homepage")

    with pytest.raises(RuntimeError, match="Both releases.homepage and company.homepage content types exist"):
        move.relabel_content_types(apps, SCHEMA_EDITOR)

    assert ("releases", "homepage") in labels()
    assert ("company", "homepage") in labels()
    assert isinstance(Page.objects.get(pk=home.pk).specific, HomePage)
