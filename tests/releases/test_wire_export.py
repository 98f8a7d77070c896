"""A release -> wire text (releases.wire_export), and back through the importer: "Download wire text"."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.log_actions import registry
from wagtail.models import Page, PageLogEntry

import pytest
import time_machine

from disclosure.services import designate
from insiders.models import ACTED, InsiderAccess
from releases.admin_views import WIRE_TEXT_DOWNLOADED_ACTION
from releases.corrections import start_correction
from releases.models import PressReleasePage, ReleaseContact
from releases.wagtail_hooks import DownloadWireTextButton
from releases.wire_export import release_for_export, wire_text
from releases.wire_import import WireImportError, import_wire_text, parse_wire_text
from tests.factories import MediaContactFactory, make_document, make_image, make_release
from tests.support.insiders import DRAFTED_AT, RELEASE_AT, insiders_of, step
from tests.support.wire_export import (
    EDITOR_BODY,
    EDITOR_BOILERPLATE,
    EDITOR_CONTACTS,
    EDITOR_LEGEND,
    EDITOR_RELEASE_AT,
    admin_only_user,
    body_values,
    contact_values,
    editor_release,
    non_blank_lines,
    seed_text,
    wire_text_url,
)
from tests.support.workflow import approved, decide, submit

pytestmark = pytest.mark.django_db

NOTE = "In the first paragraph, the amount raised should read $2,937,750, not $2,397,750, as previously stated."


def latest(page) -> PressReleasePage:
    return PressReleasePage.objects.get(pk=page.pk).get_latest_revision_as_object()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")


# -- the text -------------------------------------------------------------------------------------


def test_seed_comes_back_line_for_line(newsroom):
    """The seed imported and exported again gives its every line, in order (blank lines aside: the seed's
    stray ones, at the top and inside Pat Arcand's contact, are not part of the anatomy, which keeps one)."""
    page = import_wire_text(seed_text(), newsroom)
    text = wire_text(latest(page))
    assert non_blank_lines(text) == non_blank_lines(seed_text())
    assert text.endswith("SOURCE Tecogen Inc.\n") and "\n\n\n" not in text


def test_anatomy_paragraphs_and_line_ends(newsroom):
    """Date line in full, headline, subheadline, then the lead-in with the first paragraph, blank lines between."""
    text = wire_text(latest(editor_release(newsroom)))
    parts = text.split("\n\n")
    assert parts[:3] == [
        "November 5, 2026",
        "Tecogen Reports Third Quarter Revenue of $6.1 Million",
        "Product revenue up 15%; order backlog at a record",
    ]
    assert parts[3].startswith("WALTHAM, Mass., Nov. 5, 2026 /PRNewswire/ -- Tecogen Inc. (NASDAQ: TGEN), a leading")
    assert "\u2022 Product revenue up 15% to $4.2 million\n\u2022 Services revenue of $1.9 million\n" in text
    assert "investors & analysts" in text  # entities unescaped
    assert "Forward-Looking Statements\n\nThis news release contains" in text
    assert "Press Contacts:\n\nMelinda Furse\nTecogen Inc.\nPh: 781-466-6444\nE: melinda.furse@tecogen.com\n\n" in text
    assert text.endswith("\n\nSOURCE Tecogen Inc.\n")


def test_editor_release_round_trips(newsroom):
    """A release made in the editor, exported and imported, is the same release, block for block."""
    original = latest(editor_release(newsroom))
    copy = latest(import_wire_text(wire_text(original), newsroom))
    for name in (
        "title",
        "subheadline",
        "dateline_city",
        "dateline_state",
        "wire",
        "release_at",
        "boilerplate_heading",
        "boilerplate",
        "include_forward_looking",
        "forward_looking_legend",
        "source_name",
        "correction_note",
    ):
        assert getattr(copy, name) == getattr(original, name), name
    assert copy.release_at == EDITOR_RELEASE_AT
    assert body_values(copy) == body_values(original) == [(kind, value) for kind, value in EDITOR_BODY]
    assert (copy.boilerplate, copy.forward_looking_legend) == (EDITOR_BOILERPLATE, EDITOR_LEGEND)
    assert contact_values(copy) == contact_values(original) == EDITOR_CONTACTS
    assert wire_text(copy) == wire_text(original)


def test_release_opening_with_a_quote_or_list_round_trips(newsroom):
    """A first block that is no paragraph follows the lead-in on its own, as on the page, and reads back as itself."""
    release = editor_release(newsroom)
    release.body = [EDITOR_BODY[1], EDITOR_BODY[3], EDITOR_BODY[0]]
    release.save_revision()
    text = wire_text(latest(release))
    assert '\n\nWALTHAM, Mass., Nov. 5, 2026 /PRNewswire/ --\n\n"Our order backlog' in text
    assert [kind for kind, _ in parse_wire_text(text).body] == ["quote", "paragraph", "paragraph"]
    assert body_values(latest(import_wire_text(text, newsroom))) == body_values(latest(release))


def test_contact_labels_are_kept_and_default(newsroom):
    """The importer keeps each line's label as printed (blank when unlabelled); the export prints it, or Ph:/E:."""
    parsed = parse_wire_text(seed_text())
    assert [(c.phone_label, c.email_label) for c in parsed.contacts] == [("Ph:", "E:"), ("P:", "E:")]
    bare = parse_wire_text(
        "Headline\n\nBOSTON, March 5, 2026 -- Text.\n\n"
        "Media Contact:\nJane Doe\nPhone : 617-555-0100\njane@acme.example\n"
    )
    assert (bare.contacts[0].phone_label, bare.contacts[0].email_label) == ("Phone :", "")
    page = import_wire_text(seed_text(), newsroom)
    assert [c.sort_order for c in page.contacts.order_by("sort_order")] == [0, 1], "kept in the order printed"
    assert [(c.phone_label, c.email_label) for c in page.contacts.order_by("sort_order")] == [
        ("Ph:", "E:"),
        ("P:", "E:"),
    ]
    release = make_release(newsroom, publish=False)
    release.contacts = [ReleaseContact(contact=MediaContactFactory(name="Sam Lee", phone="212-555-0199"))]
    release.save()
    assert "Press Contact:\n\nSam Lee\nTecogen Inc.\nPh: 212-555-0199\nE: contact" in wire_text(release)


def test_other_blocks_are_written_best_effort(newsroom, media_on_disk):
    """Headings, tables, images, document links and numbered lists come out as plain lines (documented losses)."""
    release = make_release(newsroom, publish=False)
    document = make_document(title="Q3 tables")
    release.body = [
        ("heading", "Third quarter"),
        ("paragraph", "<ol><li>First</li><li>Second</li></ol><p>A <b>bold</b> word,<br/>a new line.</p>"),
        ("table", {"caption": "Revenue", "table": {"data": [["Segment", "Q3"], ["Products", "$4.2M"], [None, None]]}}),
        ("image", {"image": make_image(), "alt_text": "A chart", "caption": ""}),
        ("document", {"document": document, "label": ""}),
    ]
    release.save()
    text = wire_text(release)
    assert (
        "\n\nWALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ --\n\nThird quarter\n\n\u2022 First\n\u2022 Second\n\n" in text
    )
    assert "A bold word,\na new line." in text
    assert "Revenue\nSegment | Q3\nProducts | $4.2M\n\nA chart\n\nQ3 tables: http" in text
    assert document.url in text


# -- corrections ------------------------------------------------------------------------------------


def test_correction_opens_with_the_preamble_and_reads_back(newsroom, superuser):
    """A correction starts with CORRECTING and REPLACING <first headline> and the note; importing it gives the note."""
    page = make_release(newsroom, title="Tecogen Raises Over $2.9 Million")
    start_correction(page, superuser, NOTE)
    draft = latest(page)
    draft.title = "Tecogen Raises $2.94 Million"
    draft.save_revision(user=superuser)
    text = wire_text(latest(page))
    assert text.startswith(
        f"CORRECTING and REPLACING Tecogen Raises Over $2.9 Million\n\n{NOTE} The corrected release follows:\n\n"
        "December 2, 2011\n\nTecogen Raises $2.94 Million\n\n"
    )
    parsed = parse_wire_text(text)
    assert (parsed.correction_note, parsed.headline) == (NOTE, "Tecogen Raises $2.94 Million")
    assert import_wire_text(text, newsroom).correction_note == NOTE
    assert not wire_text(release_for_export(page, live=True)).startswith("CORRECTING")  # v1 itself


def test_correction_note_of_several_paragraphs_round_trips():
    """A note of two paragraphs, and the wires' "The complete, corrected release follows:", read back as the note."""
    text = (
        "CORRECTING and REPLACING Acme Ships Widgets\n\nThe first paragraph is corrected.\n\n"
        "So is the date. The complete, corrected release follows:\n\n"
        "March 5, 2026\n\nAcme Ships Widgets\n\nBOSTON, March 5, 2026 (GLOBE NEWSWIRE) -- Acme shipped.\n"
    )
    parsed = parse_wire_text(text)
    assert parsed.correction_note == "The first paragraph is corrected.\n\nSo is the date."
    assert parsed.release_date == dt.date(2026, 3, 5) and parsed.headline == "Acme Ships Widgets"
    assert parse_wire_text(text.split("March 5, 2026\n\n", 1)[1]).correction_note == ""


def test_correction_preamble_without_the_release_is_refused():
    """A preamble whose note never says the corrected release follows is refused, not guessed at."""
    with pytest.raises(WireImportError, match="The corrected release follows:"):
        parse_wire_text("CORRECTING and REPLACING Acme\n\nA note.\n\nAcme\n\nBOSTON, March 5, 2026 -- Text.\n")


def test_note_without_a_public_version_prints_no_preamble(newsroom):
    """A release nobody has seen has nothing to correct on the wire: no preamble, whatever its note says."""
    release = make_release(newsroom, publish=False, correction_note=NOTE)
    assert wire_text(release).startswith("December 2, 2011\n\n")


# -- manage.py export_release -----------------------------------------------------------------------


@pytest.fixture
def live_with_draft(newsroom):
    """A live release whose latest revision (a draft) has another headline."""
    page = make_release(newsroom, title="Tecogen Raises Capital \u2014 Live")
    draft = latest(page)
    draft.title = "Tecogen Raises Capital \u2014 Draft"
    draft.save_revision()
    return PressReleasePage.objects.get(pk=page.pk)


def export(*args) -> str:
    out = io.StringIO()
    call_command("export_release", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_command_prints_latest_revision_by_id_or_slug(live_with_draft):
    """By id or slug, the command prints the latest revision's wire text (what approvers are looking at)."""
    text = export(str(live_with_draft.pk))
    assert text == wire_text(latest(live_with_draft))
    assert "Tecogen Raises Capital \u2014 Draft" in text
    assert export(live_with_draft.slug) == text


def test_command_live_and_output_file(live_with_draft, tmp_path):
    """--live prints the live text; -o writes it to a file as UTF-8."""
    assert "\u2014 Live\n" in export(str(live_with_draft.pk), "--live")
    target = tmp_path / "release.txt"
    assert export(str(live_with_draft.pk), "--live", "-o", str(target)) == ""
    assert target.read_bytes().decode("utf-8") == wire_text(live_with_draft.live_revision.as_object())


def test_command_errors(newsroom):
    """An unknown release and --live on a release never published are refused with a clear message."""
    draft = make_release(newsroom, publish=False, title="Not Out Yet")
    with pytest.raises(CommandError, match="no press release with the id or slug 'nope'"):
        export("nope")
    with pytest.raises(CommandError, match="no press release with the id or slug '999999'"):
        export("999999")
    with pytest.raises(CommandError, match="has no live version"):
        export(str(draft.pk), "--live")


# -- the admin download -----------------------------------------------------------------------------


def test_url_is_registered():
    """The download lives at /admin/releases/<id>/wire-text/."""
    assert reverse("releases_wire_text", args=[7]) == "/admin/releases/7/wire-text/"


def test_download_headers_text_and_log_entry(client, superuser, live_with_draft):
    """The download is a private, unstored text/plain attachment named for the slug, and is logged on the page."""
    client.force_login(superuser)
    response = client.get(wire_text_url(live_with_draft))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{live_with_draft.slug}.txt"'
    # Wagtail's admin adds never_cache's directives (max-age=0, no-cache, must-revalidate) to ours.
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    assert response.content.decode("utf-8") == wire_text(latest(live_with_draft))
    entry = PageLogEntry.objects.get(page=live_with_draft, action=WIRE_TEXT_DOWNLOADED_ACTION)
    assert (entry.user, entry.data, entry.revision_id) == (
        superuser,
        {"live": False},
        live_with_draft.latest_revision_id,
    )
    assert registry.get_action_label(WIRE_TEXT_DOWNLOADED_ACTION) == "Wire text downloaded"
    assert entry.message == "Downloaded the wire text of the latest revision"


def test_download_live_text(client, superuser, live_with_draft, newsroom):
    """?live=1 gives the live text; a release that is not live has none (404)."""
    client.force_login(superuser)
    response = client.get(wire_text_url(live_with_draft, live=True))
    assert "\u2014 Live\n" in response.content.decode("utf-8")
    assert PageLogEntry.objects.get(action=WIRE_TEXT_DOWNLOADED_ACTION).data == {"live": True}
    draft = make_release(newsroom, publish=False)
    assert client.get(wire_text_url(draft, live=True)).status_code == 404


def test_download_refused_to_others_and_unknown_pages(client, live_with_draft, newsroom, superuser):
    """Anyone who may not edit the release gets 403 (and no log entry); an unknown page or a non-release 404."""
    client.force_login(admin_only_user())
    assert client.get(wire_text_url(live_with_draft)).status_code == 403
    assert not PageLogEntry.objects.filter(action=WIRE_TEXT_DOWNLOADED_ACTION).exists()
    client.logout()
    assert client.get(wire_text_url(live_with_draft)).status_code == 302  # to the admin's login
    client.force_login(superuser)
    assert client.get(reverse("releases_wire_text", args=[999999])).status_code == 404
    assert client.get(reverse("releases_wire_text", args=[newsroom.pk])).status_code == 404


def test_workflow_participant_may_download_while_deciding(client, newsroom, roles):
    """A spokesperson with no page permission may download while the release waits for their sign-off, not before."""
    signer = admin_only_user("signer")
    designate(signer, title="Chief Financial Officer", by=roles["compliance"])
    page = make_release(newsroom, publish=False, release_at=dt.datetime(2030, 3, 5, 13, tzinfo=dt.UTC))
    submit(page, roles["drafter"])
    client.force_login(signer)
    assert client.get(wire_text_url(page)).status_code == 403  # the committee's review step
    decide(page, roles["compliance"])
    assert client.get(wire_text_url(page)).status_code == 200  # the spokespersons' step


def test_embargoed_download_lands_on_the_insider_list(client, newsroom, roles):
    """Downloading a scheduled, never-public release records the downloader as an insider; a live one does not."""
    with time_machine.travel(DRAFTED_AT, tick=False) as clock:
        page = approved(newsroom, roles, release_at=RELEASE_AT, title="Tecogen to Acquire a Competitor")
        assert not page.live and "cfo" not in insiders_of(page)
        clock.move_to(step(10))
        client.force_login(roles["cfo"])
        assert client.get(wire_text_url(page)).status_code == 200
    assert insiders_of(page)["cfo"] == (step(10), ACTED)
    public = make_release(newsroom, title="Old News")
    assert client.get(wire_text_url(public)).status_code == 200
    assert not InsiderAccess.objects.filter(release=public).exists()


def test_buttons_on_header_and_listing(client, superuser, live_with_draft, newsroom):
    """The editor's header and the page listing's "more" menu offer the download, and the live text while it differs."""
    client.force_login(superuser)
    url, live_url = wire_text_url(live_with_draft), wire_text_url(live_with_draft, live=True)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[live_with_draft.pk])).content.decode()
    assert f'href="{url}"' in editor and "Download wire text" in editor
    assert f'href="{live_url}"' in editor and "Download live wire text" in editor
    listing = client.get(reverse("wagtailadmin_explore", args=[newsroom.pk])).content.decode()
    assert f'href="{url}"' in listing and f'href="{live_url}"' in listing
    newsroom_editor = client.get(reverse("wagtailadmin_pages:edit", args=[newsroom.pk])).content.decode()
    assert "Download wire text" not in newsroom_editor


def test_buttons_shown_only_where_they_work(live_with_draft, newsroom, superuser):
    """The download is offered on releases to those who may take it; the live one only while it differs."""
    page = Page.objects.get(pk=live_with_draft.pk)  # what the hooks are given
    assert DownloadWireTextButton(page=page).is_shown(superuser)
    assert DownloadWireTextButton(page=page, live=True).is_shown(superuser)
    assert not DownloadWireTextButton(page=page).is_shown(admin_only_user())
    assert not DownloadWireTextButton(page=newsroom).is_shown(superuser)
    draft = Page.objects.get(pk=make_release(newsroom, publish=False).pk)
    assert DownloadWireTextButton(page=draft).is_shown(superuser)
    assert not DownloadWireTextButton(page=draft, live=True).is_shown(superuser)
