"""The PR team drafts a release in the Wagtail admin, in market time."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import GroupPagePermission

import pytest
from bs4 import BeautifulSoup

from releases.models import PressReleasePage
from tests.factories import CategoryFactory
from tests.support.forms import release_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafter(newsroom):
    group = Group.objects.create(name="PR team")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(group=group, page=newsroom, permission_type=codename.split("_")[0])
    user = get_user_model().objects.create_user("drafter", password="x")  # noqa: S106
    user.groups.add(group)
    return user


def test_new_release_form_is_prefilled_from_the_profile(client, drafter, newsroom):
    """A new release starts with the profile's dateline, wire, boilerplate and SOURCE line."""
    client.force_login(drafter)
    url = reverse("wagtailadmin_pages:add", args=("releases", "pressreleasepage", newsroom.pk))
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert soup.find("input", {"name": "dateline_city"})["value"] == "WALTHAM"
    assert soup.find("input", {"name": "source_name"})["value"] == "Tecogen Inc."
    assert "Tecogen manufactures highly efficient" in soup.find("textarea", {"name": "boilerplate"}).get_text()
    assert "Release time (ET)" in soup.get_text()


def test_drafter_saves_a_draft_in_eastern_time(client, drafter, newsroom):
    """8:00 entered in the admin is 8:00 a.m. ET (12:00 UTC in daylight time); the draft is not live."""
    client.force_login(drafter)
    category = CategoryFactory(name="Financial results", slug="financial-results")
    url = reverse("wagtailadmin_pages:add", args=("releases", "pressreleasepage", newsroom.pk))
    response = client.post(url, release_form(categories=[str(category.pk)]))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PressReleasePage.objects.get(slug="tecogen-reports-record-quarter")
    assert page.release_at == dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
    assert page.live is False
    assert page.boilerplate_heading == "About Tecogen"
    assert page.source_name == "Tecogen Inc."
    assert page.is_material is True
    revision = page.get_latest_revision_as_object()
    assert list(revision.categories.all()) == [category]
    # The edit form shows the stored time back in ET.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert (
        BeautifulSoup(edit.content, "html.parser").find("input", {"name": "release_at"})["value"] == "2026-03-10 08:00"
    )


def test_impossible_release_time_is_refused(client, drafter, newsroom):
    """A time in the daylight-saving gap or an impossible date is an error and creates nothing."""
    client.force_login(drafter)
    url = reverse("wagtailadmin_pages:add", args=("releases", "pressreleasepage", newsroom.pk))
    response = client.post(url, release_form(release_at="2026-03-08 02:30"))
    assert response.status_code == 200
    assert "may not exist" in response.content.decode() or "does not exist" in response.content.decode()
    response = client.post(url, release_form(release_at="2026-02-30 08:00"))
    assert response.status_code == 200
    assert not PressReleasePage.objects.exists()


def test_untouched_release_time_reads_back_unchanged(newsroom, drafter):
    """The editor shows 8:00 a.m. ET and, posted back untouched, the field has not changed.

    Otherwise an "approve" from the editor saves a new revision in the approver's name, and
    with re-approval on edit the review starts over (found by the browser journey).
    """
    from tests.factories import make_release

    page = make_release(newsroom, publish=False, release_at=dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC))
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, parent_page=newsroom, for_user=drafter)
    bound = form["release_at"]
    assert bound.value() == dt.datetime(2026, 3, 10, 8, 0)  # 12:00 UTC is 8:00 a.m. EDT
    assert not bound.field.has_changed(bound.initial, "2026-03-10 08:00")
    assert bound.field.has_changed(bound.initial, "2026-03-10 08:01")
