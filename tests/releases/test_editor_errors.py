"""A release that fails validation says so at the top of the editor, and the error sits in its own tab.

"A required field left empty below the fold gives no banner": Wagtail shows "The page could not be
saved (created) due to validation errors" and marks the tab holding the error (its error count badge
counts the tab's error messages); our release form must keep both. A draft save defers required
fields (Wagtail 7's deferred validation), so the check falls on submitting it for review.
"""

from django.contrib.auth import get_user_model

from wagtail.test.utils.form_data import streamfield

import pytest
from bs4 import BeautifulSoup

from releases.models import PressReleasePage
from tests.support.forms import release_form

pytestmark = pytest.mark.django_db

BANNER = "The page could not be saved due to validation errors"


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def test_an_empty_required_field_below_the_fold_gives_the_banner_and_marks_its_tab(admin_client, newsroom):
    """The dateline city left empty on submit: the error banner, the error in the Content tab, nothing saved."""
    url = f"/admin/pages/add/releases/pressreleasepage/{newsroom.pk}/"
    response = admin_client.post(url, release_form(dateline_city="", **{"action-submit": "1"}))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    messages = " ".join(soup.select_one(".messages").get_text().split()) if soup.select_one(".messages") else ""
    assert "The page could not be created due to validation errors" in messages
    assert "Go to the first error" in messages
    content_tab = soup.find(id="tab-content")
    field = content_tab.find(attrs={"data-field-wrapper": True, "data-contentpath": "dateline_city"}) or content_tab
    assert field.select(".error-message"), "the error is shown in the Content tab"
    # The Content tab's badge (w-count) counts the .error-message elements inside #tab-content.
    assert soup.select_one('[href="#tab-content"] [data-w-count-container-value="#tab-content"]') is not None
    assert not PressReleasePage.objects.exists()


def test_editing_with_an_empty_required_field_gives_the_banner(admin_client, newsroom):
    """The same on the edit view of an existing draft, for the body at the foot of the Content tab."""
    admin_client.post(f"/admin/pages/add/releases/pressreleasepage/{newsroom.pk}/", release_form())
    page = PressReleasePage.objects.get()
    response = admin_client.post(
        f"/admin/pages/{page.pk}/edit/", release_form(slug=page.slug, body=streamfield([]), **{"action-submit": "1"})
    )
    assert response.status_code == 200
    assert BANNER in response.content.decode()
