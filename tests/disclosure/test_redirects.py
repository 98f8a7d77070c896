"""No outside address on the company's domain: a redirect leads only to this site's own pages.

A superuser tries Settings → Redirects with an outside destination (on the form, in a CSV import,
from code): refused with the reason, nothing saved, the path still a 404. Redirects to the site's
pages, its own host and the SEC work as before.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from wagtail.contrib.redirects.base_formats import Dataset
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.redirects.views import create_redirects_from_dataset

import pytest

pytestmark = pytest.mark.django_db

OUTSIDE = "https://tecogen-results.example.net/q4"


def add_redirect(client, **fields):
    data = {"old_path": "/q4-results/", "site": "", "is_permanent": "on", "redirect_page": "", "redirect_link": ""}
    return client.post(reverse("wagtailredirects:add"), {**data, **fields})


def test_a_superuser_cannot_point_a_path_of_the_site_at_another_site(client, admin_user, home):
    client.force_login(admin_user)
    response = add_redirect(client, redirect_link=OUTSIDE)

    assert response.status_code == 200
    assert "cannot lead to another site (tecogen-results.example.net)" in response.content.decode()
    assert not Redirect.objects.exists()
    client.logout()
    assert client.get("/q4-results/").status_code == 404


def test_a_redirect_to_a_page_of_the_site_works(client, admin_user, newsroom):
    client.force_login(admin_user)
    response = add_redirect(client, old_path="/press/", redirect_page=str(newsroom.pk))

    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    answer = client.get("/press/")
    assert answer.status_code == 301 and answer["Location"].endswith(newsroom.url)


@pytest.mark.parametrize("link", ["http://localhost/news/", "https://www.sec.gov/cgi-bin/browse-edgar?CIK=0000945114"])
def test_the_sites_own_host_and_the_sec_are_allowed(client, admin_user, home, link):
    client.force_login(admin_user)
    assert add_redirect(client, redirect_link=link).status_code == 302
    assert Redirect.objects.get().redirect_link == link


def test_an_import_reports_the_outside_row_and_keeps_the_others(home):
    rows = Dataset([("/press/", "http://localhost/news/"), ("/q4-results/", OUTSIDE)], headers=["from", "to"])

    result = create_redirects_from_dataset(rows, {"from_index": 0, "to_index": 1, "permanent": True, "site": None})

    assert (result["successes"], result["errors_count"]) == (1, 1)
    assert result["errors"][0][:2] == ["/q4-results/", OUTSIDE]
    assert list(Redirect.objects.values_list("old_path", flat=True)) == ["/press"]


@pytest.mark.parametrize("link", [OUTSIDE, "ftp://localhost/results.pdf"])
def test_code_cannot_save_an_outside_redirect_either(home, link):
    with pytest.raises(PermissionDenied):
        Redirect.objects.create(old_path="/q4-results/", redirect_link=link)
    assert not Redirect.objects.exists()
