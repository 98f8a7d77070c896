"""Admin → SEC filings: a read-only listing of what was imported, headed by the last import."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail import hooks

import pytest
from bs4 import BeautifulSoup

from filings.edgar import FeedError
from filings.models import Filing
from filings.services import import_feed
from tests.support.filings import SAMPLE_ENTRIES, sample_bytes

pytestmark = pytest.mark.django_db

INDEX = "/admin/sec-filings/"


@pytest.fixture
def imported(home):
    import_feed(sample_bytes(), "sample_data/edgar/tecogen-filings.atom")


def signed_in(client, *permissions: str, superuser: bool = False, name: str = "reader"):
    model = get_user_model()
    if superuser:
        user = model.objects.create_superuser("admin", password="pw")  # noqa: S106
    else:
        user = model.objects.create_user(name, password="pw")  # noqa: S106
        group = Group.objects.create(name=f"{name} group")
        codenames = ["access_admin", *permissions]
        group.permissions.add(*Permission.objects.filter(codename__in=codenames))
        user.groups.add(group)
    client.force_login(user)
    return user


def test_menu_item_and_listing_with_the_last_import(client, imported):
    """An administrator finds "SEC filings" in the menu; the listing shows every filing and the last import."""
    signed_in(client, superuser=True)
    home = client.get("/admin/")
    assert b"SEC filings" in home.content
    response = client.get(INDEX)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.select("table.listing tbody tr")) == SAMPLE_ENTRIES
    assert "Last import from EDGAR:" in soup.get_text()
    assert "Scheduled imports are off" in soup.get_text()


def test_nobody_can_add_edit_or_delete_a_filing(client, imported):
    """Not even a superuser gets add, edit or delete: filings are EDGAR's record, written only by the import."""
    signed_in(client, superuser=True)
    filing = Filing.objects.first()
    soup = BeautifulSoup(client.get(INDEX).content, "html.parser")
    hrefs = [a["href"] for a in soup.select("a[href]")]
    assert not any(h.startswith((f"{INDEX}new/", f"{INDEX}edit/", f"{INDEX}delete/")) for h in hrefs)
    for url in (f"{INDEX}new/", f"{INDEX}edit/{filing.pk}/", f"{INDEX}delete/{filing.pk}/"):
        assert client.get(url).status_code == 404
    inspect = client.get(f"{INDEX}inspect/{filing.pk}/")
    assert inspect.status_code == 200
    assert filing.accession_number.encode() in inspect.content


def test_view_permission_is_what_opens_it(client, imported):
    """An editor without "Can view SEC filing" does not see the menu item or the listing; with it, does."""
    signed_in(client)
    assert b"SEC filings" not in client.get("/admin/").content
    assert client.get(INDEX).status_code in (302, 403)
    client.logout()
    signed_in(client, "view_filing", name="viewer")
    assert b"SEC filings" in client.get("/admin/").content
    assert client.get(INDEX).status_code == 200


def test_a_failed_import_is_shown(client, imported):
    """When the last import failed, the listing says so, with the reason and how old the list is."""
    with pytest.raises(FeedError):
        import_feed(b"<html>Rate limited</html>", "https://www.sec.gov/cgi-bin/browse-edgar?...")
    signed_in(client, superuser=True)
    text = BeautifulSoup(client.get(INDEX).content, "html.parser").get_text(" ", strip=True)
    assert "The last import from EDGAR failed" in text
    assert "not an Atom feed" in text
    assert "The list is as of" in text


def test_group_editor_offers_only_the_view_permission(imported):
    """The group editor can grant viewing the filings, nothing else (add, change and delete would grant nothing)."""
    registered = [p for fn in hooks.get_hooks("register_permissions") for p in fn()]
    codenames = {p.codename for p in registered if p.content_type.app_label == "filings"}
    assert codenames == {"view_filing"}
