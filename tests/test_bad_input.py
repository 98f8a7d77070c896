"""Bad input is a clear error, never a 500: hostile searches, control characters in headlines, pixel bombs.

Through the real URLs, as the demo's roles (`load_demo`): the public newsroom search, the page
editor and the wire import as `drafter`, the snippets as `drafter`, the image uploads as
`drafter`; the review e-mail as it reaches `compliance`.
"""

from __future__ import annotations

import functools
import io
import json
import logging

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from releases.models import Category, MediaContact, PressReleasePage
from releases.search import search_words
from tests.factories import CategoryFactory, make_release
from tests.support.demo import login, png_declaring, release_form

pytestmark = pytest.mark.django_db


# -- search -----------------------------------------------------------------------------------------

# What people (and scanners) type into a search box: FTS5 and tsquery syntax, unbalanced quotes,
# NUL and other control characters, separators.
HOSTILE_QUERIES = [
    '"',
    '""',
    '"turbine',
    'turbine"',
    'a"b',
    "\x00",
    "turbine\x00",
    "\x00turbine",
    "*",
    "turbine*",
    "AND",
    "OR",
    "NOT",
    "NOT turbine",
    "turbine AND",
    "(",
    ")",
    "NEAR(",
    "NEAR(turbine placement)",
    "turbine NEAR placement",
    "^turbine",
    "-turbine",
    "+turbine",
    "title:turbine",
    "{title}: turbine",
    "'",
    "\\",
    "%",
    "&|!<->:*",
    "\x01\x07\x1b",
    "turbine\u2028order",
    "\u2029",
    "\ufeff",
]


@pytest.fixture
def turbine(newsroom):
    return make_release(newsroom, title="Turbine order", body_text="A turbine order. Placement of shares.")


def test_any_query_answers_like_any_search(client, turbine):
    """Every query of the corpus gets the newsroom's normal page (results or "0 releases"), never an error."""
    failed = {}
    for query in HOSTILE_QUERIES:
        response = client.get("/news/", {"q": query})
        content = response.content.decode()
        if response.status_code != 200 or 'class="result-count"' not in content or "\x00" in content:
            failed[query] = response.status_code
    assert not failed


def test_quotes_and_nul_are_ignored_like_the_punctuation_they_are(client, turbine):
    """`"turbine"` and `turbine%00` find what `turbine` finds."""
    for query in ('"turbine"', '"turbine', 'turbine"', "turbine\x00", "\x00turbine", "turbine\u2028order"):
        response = client.get("/news/", {"q": query})
        assert response.status_code == 200
        assert "Turbine order" in response.content.decode(), query


@pytest.mark.parametrize("param", ["year", "category", "page"])
def test_nul_in_any_newsroom_parameter_is_answered(client, newsroom, param):
    """`?year=%00`, `?category=%00`, `?page=%00`, alone and with a search: a page, never a 500."""
    CategoryFactory(name="Financing", slug="financing")
    make_release(newsroom, title="Turbine order", body_text="turbine", categories=Category.objects.all())
    for query in ({param: "\x00"}, {param: "\x00", "q": "\x00"}, {param: "2011\x00", "q": "turbine\x00"}):
        response = client.get("/news/", query)
        assert response.status_code == 200, query
        assert "\x00" not in response.content.decode()


# Any Unicode, weighted towards what the full-text syntaxes and the databases treat specially.
SYNTAX = st.sampled_from("\"'\x00*()^:-+&|!<>\\ ANDORNTE")
QUERY_TEXT = st.text(alphabet=st.one_of(SYNTAX, st.characters(blacklist_categories=("Cs",))), max_size=30)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERY_TEXT)
def test_no_text_makes_the_search_fail(client, turbine, query):
    """Property: whatever the query (any Unicode, controls and syntax included), the newsroom answers 200."""
    assert client.get("/news/", {"q": query}).status_code == 200


def test_search_words_are_what_both_backends_accept():
    assert search_words(' "a"b\x00c\u2028 d ') == "a b c d"
    assert search_words('"\x00\x1f') == ""


# -- control characters in headlines, names and e-mail subjects -------------------------------------

CONTROL_CHARACTERS = {
    "line break": ("\n", "a line break (U+000A)"),
    "vertical tab": ("\x0b", "a vertical tab (U+000B)"),
    "bell": ("\x07", "a control character (U+0007)"),
    "tab": ("\t", "a tab (U+0009)"),
    "DEL": ("\x7f", "a delete character (U+007F)"),
    "line separator": ("\u2028", "a line separator (U+2028)"),
    "paragraph separator": ("\u2029", "a paragraph separator (U+2029)"),
    "next line": ("\x85", "a next-line character (U+0085)"),
}


def add_url(newsroom) -> str:
    return reverse("wagtailadmin_pages:add", args=("releases", "pressreleasepage", newsroom.pk))


@pytest.mark.parametrize("field", ["title", "subheadline"])
@pytest.mark.parametrize("name", list(CONTROL_CHARACTERS))
def test_editor_refuses_a_headline_with_a_control_character(client, demo, field, name):
    """drafter creates (and submits) a release whose headline holds a control character: the field says why."""
    character, described = CONTROL_CHARACTERS[name]
    login(client, "drafter")
    response = client.post(add_url(demo), release_form(**{field: f"Tecogen{character}Reports", "action-submit": "1"}))
    assert response.status_code == 200
    assert f"Remove {described}" in response.content.decode()
    assert not PressReleasePage.objects.filter(slug="tecogen-reports-record-quarter").exists()


def test_editor_refuses_the_change_and_keeps_the_draft(client, demo):
    """Editing a draft's headline to hold a vertical tab is refused; the draft keeps its headline."""
    login(client, "drafter")
    assert client.post(add_url(demo), release_form()).status_code == 302
    page = PressReleasePage.objects.get(slug="tecogen-reports-record-quarter")
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = client.post(edit, release_form(title="Tecogen\x0bReports Record Quarter"))
    assert response.status_code == 200
    assert "Remove a vertical tab (U+000B)" in response.content.decode()
    assert page.get_latest_revision_as_object().title == "Tecogen Reports Record Quarter"
    # A plain headline still saves: the rule refuses characters, not edits.
    assert client.post(edit, release_form(title="Tecogen Reports a Record Quarter")).status_code == 302


def test_paragraph_fields_keep_line_breaks_but_refuse_other_controls(client, demo):
    """The boilerplate may have paragraphs; a form feed in it is refused with the reason."""
    login(client, "drafter")
    response = client.post(add_url(demo), release_form(boilerplate="About us.\r\n\r\nMore\x0c about us."))
    assert response.status_code == 200
    assert "Remove a form feed (U+000C)" in response.content.decode()
    assert client.post(add_url(demo), release_form(boilerplate="About us.\r\n\r\n\tMore about us.")).status_code == 302


WIRE_TEXT = """December 2, 2011

Tecogen{sep}Raises Over $2.9 Million

WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ -- Tecogen Inc. today announced a private placement.

SOURCE Tecogen Inc.
"""


def test_wire_import_refuses_a_headline_with_a_tab(client, demo):
    """Admin → Import wire text: the message names the problem and no draft is made."""
    login(client, "drafter")
    before = PressReleasePage.objects.count()
    response = client.post(
        reverse("releases_import_wire"),
        {"text": WIRE_TEXT.format(sep="\t"), "release_time": "08:00", "newsroom": demo.pk},
    )
    assert response.status_code == 200
    assert "The headline contains a tab (U+0009)" in response.content.decode()
    assert PressReleasePage.objects.count() == before


def test_import_command_refuses_a_headline_with_a_tab(demo):
    """`manage.py import_release -`: the same refusal, as a command error."""
    before = PressReleasePage.objects.count()
    with pytest.raises(CommandError, match=r"The headline contains a tab \(U\+0009\)"):
        call_command("import_release", "-", stdin=io.BytesIO(WIRE_TEXT.format(sep="\t").encode()))
    assert PressReleasePage.objects.count() == before


@pytest.mark.parametrize(
    ("url", "data", "model", "described"),
    [
        (
            "/admin/snippets/releases/category/add/",
            {"name": "Financing\nResults", "slug": "financing-results", "description": ""},
            Category,
            "a line break (U+000A)",
        ),
        (
            "/admin/snippets/releases/mediacontact/add/",
            {"name": "Dana\u2028Drafter", "organisation": "", "phone": "", "email": "dana@example.com"},
            MediaContact,
            "a line separator (U+2028)",
        ),
    ],
)
def test_snippet_names_refuse_control_characters(client, demo, url, data, model, described):
    """drafter adds a category or a media contact whose name breaks lines: refused, nothing stored."""
    login(client, "drafter")
    before = model.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200
    assert f"Remove {described}" in response.content.decode()
    assert model.objects.count() == before


def test_review_email_goes_out_for_a_headline_stored_before_the_rule(
    demo, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    """A headline already stored with a newline (or written by code that skipped the check) still reaches
    compliance, on one line: the notice is never lost to a header error, and one that cannot be sent is logged."""
    drafter = get_user_model().objects.get(username="drafter")
    page = make_release(demo, title="Tecogen Reports", slug="stored-earlier", publish=False, owner=drafter)
    page.title = "Tecogen\nReports\u2028Results"
    revision = page.save_revision(user=drafter, clean=False)
    assert revision.as_object().title == "Tecogen\nReports\u2028Results"
    with django_capture_on_commit_callbacks(execute=True):
        page.get_workflow().start(page, drafter)
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects["compliance@tecogen.example"] == "Release awaiting your disclosure review: Tecogen Reports Results"
    for message in mailoutbox:
        message.message().as_bytes()  # what the SMTP backend sends: well-formed headers

    # And a notice the mail server refuses is not lost silently: the error log has it, the decision stands.
    other = make_release(demo, title="Tecogen Reports", slug="mail-down", publish=False, owner=drafter)
    with (
        override_settings(EMAIL_BACKEND="tests.test_bad_input._RefusingBackend"),
        caplog.at_level(logging.ERROR, logger="disclosure"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        other.get_workflow().start(other, drafter)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith("disclosure")]
    assert any("could not be sent" in error and "compliance@tecogen.example" in error for error in errors), errors
    assert PressReleasePage.objects.get(pk=other.pk).current_workflow_state is not None


class _RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


# -- image pixel bombs ------------------------------------------------------------------------------


@functools.cache
def bomb(side: int) -> bytes:
    return png_declaring(side, side)


def upload(name: str, side: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, bomb(side), content_type="image/png")


@pytest.mark.parametrize(
    ("side", "told"),
    [
        (11000, "This image is 11000 × 11000 pixels (121 megapixels); images may have at most 50 megapixels."),
        (14000, "This image has too many pixels to open safely; images may have at most 50 megapixels."),
    ],
)
def test_image_upload_refuses_an_absurd_pixel_count(client, demo, side, told):
    """Admin → Images → Add an image, as drafter: a PNG of a few KB is refused with its size and the limit."""
    assert len(bomb(side)) < 64 * 1024
    login(client, "drafter")
    response = client.post(
        "/admin/images/add/",
        {"title": "Chart", "file": upload("chart.png", side), "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 200
    assert told in response.content.decode()
    assert not get_image_model().objects.filter(title="Chart").exists()


def test_multiple_upload_refuses_an_absurd_pixel_count_and_takes_a_photo(client, demo):
    """The drag-and-drop uploader answers with the same reason and stores nothing; a 24-megapixel photo uploads."""
    login(client, "drafter")
    before = get_image_model().objects.count()
    response = client.post(
        "/admin/images/multiple/add/",
        {"files[]": upload("chart.png", 11000)},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["success"] is False
    assert "11000 × 11000 pixels (121 megapixels)" in answer["error_message"]
    assert get_image_model().objects.count() == before

    photo = SimpleUploadedFile("photo.png", png_declaring(6000, 4000), content_type="image/png")
    response = client.post("/admin/images/multiple/add/", {"files[]": photo}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert json.loads(response.content)["success"] is True
    assert get_image_model().objects.filter(width=6000, height=4000).count() == 1
