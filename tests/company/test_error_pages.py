"""Branded error pages as production serves them (DEBUG off): a helpful 404, and a 500 that needs nothing."""

from django.template import loader
from django.test import Client

import pytest

from tests.support.site_chrome import main_menu, soup


@pytest.mark.django_db
def test_an_unknown_address_gets_the_branded_404(client, newsroom, settings):
    """404 status, the site's header and menu, a newsroom search and links to the sections."""
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = soup(response)
    assert page.h1.get_text() == "Page not found"
    assert page.title.get_text() == "Page not found | Tecogen Inc."
    assert len(main_menu(page)) == 6
    search = page.select_one("main form[role=search]")
    assert search["action"] == "/news/" and search["method"] == "get" and search.find("input")["name"] == "q"
    assert {a["href"] for a in page.select(".error-links a")} >= {"/news/", "/events/", "/governance/", "/contacts/"}
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


@pytest.mark.django_db
def test_the_404_search_finds_releases(client, newsroom):
    """The 404's search box sends the words to the newsroom's search."""
    assert client.get("/news/", {"q": "placement"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.urls("tests.support.site_chrome")
def test_a_failing_view_gets_the_branded_500(client, newsroom, settings):
    """A bug in a view: status 500 and the site's own page, not Django's, with the site's stylesheet."""
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    page = soup(response)
    assert page.h1.get_text() == "Something went wrong"
    assert page.find("link", rel="stylesheet")["href"] == "/static/css/site.css"
    assert [link.href for link in main_menu(page)] == [
        "/news/",
        "/events/",
        "/governance/",
        "/filings/",
        "/alerts/",
        "/contacts/",
    ]


def test_the_500_page_renders_without_the_database_or_a_request():
    """No database (this test has none: any query fails it), no request, no context."""
    html = loader.get_template("500.html").render()
    assert "<h1>Something went wrong</h1>" in html
    assert "{%" not in html and "{{" not in html


@pytest.mark.django_db
def test_the_404_is_the_same_for_a_signed_in_editor_as_for_the_public(client, newsroom, admin_user):
    """No editor's toolbar on a 404: an embargoed file's 404 must not differ from a missing one's."""
    public = Client().get("/no-such-page/")
    client.force_login(admin_user)
    signed_in = client.get("/no-such-page/")
    assert signed_in.status_code == public.status_code == 404
    assert signed_in.content == public.content
