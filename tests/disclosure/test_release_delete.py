"""Delete is closed for every release that was ever submitted (a disclosure record), never a 500.

Through the admin's real delete and bulk-delete URLs as the demo roles; a draft nobody submitted may
be deleted by its author.
"""

import datetime as dt

from django.urls import reverse

from wagtail.models import Page

import pytest
import time_machine

from releases.models import PressReleasePage
from tests.factories import make_release
from tests.support.workflow import approve_all, submit

pytestmark = pytest.mark.django_db

RELEASE_AT = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)  # 3:00 a.m. ET: no exchange notice rule


@pytest.fixture
def frozen():
    with time_machine.travel(RELEASE_AT - dt.timedelta(hours=6), tick=False):
        yield


def draft(newsroom, roles, title="Tecogen Announces Contract"):
    return make_release(newsroom, title=title, publish=False, release_at=RELEASE_AT, owner=roles["drafter"])


def delete(client, page):
    return client.post(reverse("wagtailadmin_pages:delete", args=(page.pk,)))


def bulk_delete(client, page):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))
    return client.post(f"{url}?id={page.pk}&childOf={page.get_parent().pk}")


def test_the_author_deletes_a_draft_nobody_submitted(client, newsroom, roles, frozen):
    page = draft(newsroom, roles)
    client.force_login(roles["drafter"])
    assert client.get(reverse("wagtailadmin_pages:delete", args=(page.pk,))).status_code == 200
    assert delete(client, page).status_code == 302
    assert not Page.objects.filter(pk=page.pk).exists()


def test_a_colleague_may_not_delete_someone_elses_draft(client, newsroom, roles, frozen):
    page = draft(newsroom, roles)
    client.force_login(roles["compliance"])
    response = delete(client, page)
    assert response.status_code in (302, 403)
    assert Page.objects.filter(pk=page.pk).exists()


@pytest.mark.parametrize("stage", ["submitted", "scheduled"])
@pytest.mark.parametrize("who", ["drafter", "compliance", "ceo", "superuser"])
def test_a_release_ever_submitted_is_never_deleted(client, newsroom, roles, frozen, django_user_model, stage, who):
    """Submitted or signed off and scheduled: no Delete offered, a forged single or bulk delete refused, no 500."""
    page = draft(newsroom, roles)
    if stage == "submitted":
        submit(page, roles["drafter"])
    else:
        page = approve_all(page, roles)
    user = (
        django_user_model.objects.create_superuser("root", password="pw")  # noqa: S106
        if who == "superuser"
        else roles[who]
    )
    client.force_login(user)
    assert not PressReleasePage.objects.get(pk=page.pk).permissions_for_user(user).can_delete()
    for response in (delete(client, page), bulk_delete(client, page)):
        assert response.status_code < 500
    assert Page.objects.filter(pk=page.pk).exists()


def test_the_headline_fills_the_slug_in_the_editor(client, newsroom, roles):
    """The add form's headline is Wagtail's title field, which fills the slug as the drafter types."""
    client.force_login(roles["drafter"])
    html = client.get(reverse("wagtailadmin_pages:add", args=("releases", "pressreleasepage", newsroom.pk))).content
    assert b'data-w-sync-target-value="#id_slug"' in html


def test_no_gravatar_images(client, roles):
    """Avatars are Wagtail's default, never fetched from Gravatar (broken without a network)."""
    roles["drafter"].email = "dana@tecogen.example"  # Gravatar is asked only for users with an address
    roles["drafter"].save()
    client.force_login(roles["drafter"])
    assert b"gravatar.com" not in client.get("/admin/").content
