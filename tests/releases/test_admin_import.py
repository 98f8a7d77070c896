"""The admin's "Import wire text" view: paste or upload -> draft -> page editor."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from releases.models import MediaContact, PressReleasePage
from releases.wagtail_hooks import register_import_wire_text_menu_item
from tests.support.wire_import import post_import

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "press-release-2011-12-02-private-placement.txt"
REFERENCE = SAMPLE.read_text(encoding="utf-8")
URL = "/admin/releases/import/"


def error_text(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    box = soup.find(id="import-errors")
    return " ".join(box.get_text().split()) if box else ""


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def admin_only_user(db):
    """Can log in to the admin, but has no page permissions at all."""
    user = get_user_model().objects.create_user("viewer")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def test_url_is_registered():
    """The view lives at /admin/releases/import/."""
    assert reverse("releases_import_wire") == URL


@pytest.mark.django_db
def test_form_page_renders_for_superuser(admin_client, newsroom):
    """The form offers a textarea, a file upload and the release time in ET (08:00 by default)."""
    response = admin_client.get(URL)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", id="w-editor-form")
    assert form["enctype"] == "multipart/form-data"
    assert form.find("textarea", attrs={"name": "text"}) is not None
    assert form.find("input", attrs={"name": "file", "type": "file"}) is not None
    assert form.find("input", attrs={"name": "release_time"})["value"] == "08:00"
    assert "Release time (ET)" in soup.get_text()
    assert soup.find("select", attrs={"name": "newsroom"}) is None  # only one newsroom: no choice


@pytest.mark.django_db
def test_paste_creates_draft_and_redirects_to_editor(admin_client, newsroom, superuser):
    """Pasting the reference release makes an unpublished draft and opens it in the page editor."""
    response = post_import(admin_client, {"text": REFERENCE, "release_time": "09:30"})
    page = PressReleasePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live
    assert page.owner == superuser
    assert page.title == "Tecogen Raises Over $2.9 Million"
    assert page.release_at.isoformat() == "2011-12-02T14:30:00+00:00"  # 9:30 a.m. EST
    follow = admin_client.get(response["Location"])
    assert "as a draft" in follow.content.decode()


@pytest.mark.django_db
def test_file_upload_creates_draft(admin_client, newsroom):
    """Uploading the reference release as a .txt file works like pasting it."""
    upload = SimpleUploadedFile("release.txt", SAMPLE.read_bytes(), content_type="text/plain")
    response = post_import(admin_client, {"file": upload, "release_time": "08:00"})
    page = PressReleasePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            {"text": REFERENCE.replace("WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ -- ", "")},
            "No dateline found: expected a paragraph starting like 'WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ --'",
            id="no-dateline",
        ),
        pytest.param(
            {"text": REFERENCE.replace("Dec. 2, 2011", "Dec. 3, 2011")},
            "The dateline date Dec. 3, 2011 disagrees with the release date December 2, 2011",
            id="date-disagreement",
        ),
        pytest.param({"text": "   \n\n  "}, "Paste the release text or choose a .txt file", id="nothing"),
    ],
)
def test_malformed_paste_shows_error_and_creates_nothing(admin_client, newsroom, data, message):
    """A refused paste re-renders the form (200) with the reason; nothing is created."""
    response = admin_client.post(URL, {"release_time": "08:00", **data})
    assert response.status_code == 200
    assert message in error_text(response)
    assert PressReleasePage.objects.count() == 0
    assert MediaContact.objects.count() == 0
    # The pasted text is kept so it can be corrected.
    if data["text"].strip():
        assert "Tecogen Raises Over" in response.content.decode()


@pytest.mark.django_db
def test_binary_or_wrong_kind_of_upload_is_refused(admin_client, newsroom):
    """Binary data, non-.txt files and files over 1 MB are refused with a reason."""
    binary = SimpleUploadedFile("release.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", content_type="text/plain")
    response = admin_client.post(URL, {"file": binary, "release_time": "08:00"})
    assert response.status_code == 200
    assert "not text (binary data)" in error_text(response)

    pdf = SimpleUploadedFile("release.pdf", SAMPLE.read_bytes(), content_type="application/pdf")
    response = admin_client.post(URL, {"file": pdf, "release_time": "08:00"})
    assert response.status_code == 200
    assert "Upload a .txt file" in response.content.decode()

    big = SimpleUploadedFile("release.txt", b"a" * (1024 * 1024 + 1), content_type="text/plain")
    response = admin_client.post(URL, {"file": big, "release_time": "08:00"})
    assert response.status_code == 200
    assert "larger than 1 MB" in response.content.decode()
    assert PressReleasePage.objects.count() == 0


@pytest.mark.django_db
def test_invalid_release_time_is_refused(admin_client, newsroom):
    """A release time that is not HH:MM (e.g. 25:00) is a form error; nothing is created."""
    response = admin_client.post(URL, {"text": REFERENCE, "release_time": "25:00"})
    assert response.status_code == 200
    assert "Enter the time as HH:MM" in response.content.decode()
    assert PressReleasePage.objects.count() == 0


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_login(client, newsroom):
    """Without logging in, the view redirects to the admin login and creates nothing."""
    response = client.post(URL, {"text": REFERENCE, "release_time": "08:00"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert PressReleasePage.objects.count() == 0


@pytest.mark.django_db
def test_user_without_admin_access_is_refused(client, newsroom):
    """A logged-in user with no admin access is turned away to the login page, nothing created."""
    client.force_login(get_user_model().objects.create_user("member"))
    response = client.post(URL, {"text": REFERENCE, "release_time": "08:00"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert PressReleasePage.objects.count() == 0


@pytest.mark.django_db
def test_user_without_add_permission_is_refused(client, newsroom, admin_only_user):
    """An admin user who may not add pages under the newsroom is refused; nothing is created.

    Wagtail's admin turns PermissionDenied into a redirect to the dashboard with
    an error message, and into a plain 403 for script (XHR) requests.
    """
    client.force_login(admin_only_user)
    response = client.post(URL, {"text": REFERENCE, "release_time": "08:00"})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert PressReleasePage.objects.count() == 0
    xhr = client.get(URL, headers={"x-requested-with": "XMLHttpRequest"})
    assert xhr.status_code == 403
    dashboard = client.get(response["Location"])
    assert "do not have permission" in dashboard.content.decode()


@pytest.mark.django_db
def test_editor_with_add_permission_can_import(client, newsroom):
    """A non-superuser in Wagtail's default Editors group (may add pages) can import."""
    editor = get_user_model().objects.create_user("editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = post_import(client, {"text": REFERENCE, "release_time": "08:00"})
    assert response.status_code == 302
    assert PressReleasePage.objects.get().owner == editor


@pytest.mark.django_db
def test_menu_item_only_for_users_who_can_add_releases(newsroom, superuser, admin_only_user):
    """ "Import wire text" is in the menu for those who may add releases, and hidden from others."""
    item = register_import_wire_text_menu_item()
    assert item.label == "Import wire text"
    assert item.url == URL
    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert item.is_shown(request)
    request.user = admin_only_user
    assert not item.is_shown(request)


@pytest.mark.django_db
def test_several_newsrooms_offer_a_choice(admin_client, home, newsroom):
    """With more than one newsroom, the form asks which one the draft goes under."""
    from releases.models import NewsroomPage

    other = home.add_child(instance=NewsroomPage(title="Archive newsroom", slug="archive"))
    response = admin_client.get(URL)
    assert BeautifulSoup(response.content, "html.parser").find("select", attrs={"name": "newsroom"})
    response = post_import(admin_client, {"text": REFERENCE, "release_time": "08:00", "newsroom": other.pk})
    assert response.status_code == 302
    assert PressReleasePage.objects.get().get_parent().pk == other.pk
