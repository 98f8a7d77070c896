"""The company's logo changes only through a confirmed profile change, never by editing its image.

The logo is on every public page. Admin → Settings → Company profile waits for a second person
(test_profile_changes.py); these tests close the route around it: Admin → Images → edit or
delete on the image that is the logo, or on the one a waiting change proposes, is refused to a
superuser too, and from code; once an image is no longer (or not yet) the logo it is an
ordinary image again.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from wagtail.images import get_image_model

import pytest

from company.models import CompanyProfile
from disclosure import profile_changes
from disclosure.signature import file_sha256
from tests.factories import png_bytes
from tests.support.file_edits import image_edit
from tests.support.site_chrome import admin_post, logo_image, profile_url, set_identity

pytestmark = pytest.mark.django_db

REFUSED = "shown on every public page. It cannot be changed or deleted here"


@pytest.fixture(autouse=True)
def _files_on_disk(media_on_disk):
    """Real files, served from a path as in production."""


@pytest.fixture
def logo(profile):
    image = logo_image()
    set_identity(profile, logo=image, logo_alt="Tecogen")
    return image


def public_logo(client) -> bytes:
    client.logout()
    response = client.get("/brand/logo/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def reloaded(image):
    return get_image_model().objects.get(pk=image.pk)


def test_a_superuser_cannot_replace_the_logo_from_the_images_admin(client, admin_user, logo):
    shown = public_logo(client)
    stored = file_sha256(logo.file.name)

    client.force_login(admin_user)
    response = image_edit(client, logo, png_bytes(colour=(200, 0, 0), size=(240, 60)))

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert file_sha256(reloaded(logo).file.name) == stored
    assert public_logo(client) == shown


def test_a_superuser_cannot_delete_the_logo(client, admin_user, logo, profile):
    client.force_login(admin_user)
    response = client.post(reverse("wagtailimages:delete", args=(logo.pk,)))

    assert response.status_code in (200, 302, 403)
    assert get_image_model().objects.filter(pk=logo.pk).exists()
    assert CompanyProfile.objects.get(pk=profile.pk).logo_id == logo.pk


def test_code_cannot_retitle_or_delete_the_logo_either(logo):
    image = reloaded(logo)
    image.title = "Someone else's mark"
    with pytest.raises(PermissionDenied, match="company's logo"):
        image.save()
    with pytest.raises(PermissionDenied, match="company's logo"), transaction.atomic():  # delete rolls back
        reloaded(logo).delete()
    assert reloaded(logo).title == logo.title


def test_a_proposed_logo_is_held_until_the_change_is_decided(client, admin_user, roles, logo, profile):
    """The image a waiting change proposes is what the committee confirms: it is held too, and freed by withdrawal."""
    proposed = logo_image(title="New wordmark")
    client.force_login(admin_user)
    client.post(profile_url(profile), admin_post(profile, logo=proposed.pk))
    (change,) = profile_changes.pending()
    assert change.values == {"logo": proposed.pk}
    client.force_login(roles["compliance"])
    listing = client.get(reverse("disclosure_profile_changes")).content.decode()
    assert f'href="{reverse("wagtailimages:edit", args=[proposed.pk])}">View image' in listing  # the confirmer looks

    image = reloaded(proposed)
    image.title = "Not what was proposed"
    with pytest.raises(PermissionDenied, match="company's logo"):
        image.save()

    profile_changes.withdraw(change, by=roles["compliance"])
    image.save()
    assert reloaded(proposed).title == "Not what was proposed"


def test_a_replaced_logo_becomes_an_ordinary_image_once_the_new_one_is_confirmed(
    client, admin_user, roles, logo, profile
):
    proposed = logo_image(title="New wordmark")
    client.force_login(admin_user)
    client.post(profile_url(profile), admin_post(profile, logo=proposed.pk))
    (change,) = profile_changes.pending()
    profile_changes.confirm(change, by=roles["compliance"])

    assert CompanyProfile.objects.get(pk=profile.pk).logo_id == proposed.pk
    reloaded(logo).delete()
    assert not get_image_model().objects.filter(pk=logo.pk).exists()
    with pytest.raises(PermissionDenied, match="company's logo"), transaction.atomic():  # delete rolls back
        reloaded(proposed).delete()
    assert get_image_model().objects.filter(pk=proposed.pk).exists()
