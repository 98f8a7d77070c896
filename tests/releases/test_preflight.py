"""Preflight: what wire editors catch before a release is submitted (releases/preflight.py), and the editor's use."""

import datetime as dt
import json

from django.urls import reverse

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

import pytest
from bs4 import BeautifulSoup

import company.market_time
import disclosure.exchange
from releases import preflight as pf
from releases.models import PressReleasePage, ReleaseVersion
from releases.wire_import import import_wire_text
from tests.factories import make_release
from tests.support.forms import contacts_formset, edit_form, editor_form
from tests.support.preflight import LEGEND, RELEASE_AT, codes, release, tecogen
from tests.support.workflow import shown_messages, submit

SEED = "sample_data/press-release-2011-12-02-private-placement.txt"
BANNER = "The page could not be saved due to validation errors"


@pytest.fixture
def profile():
    """Tecogen's profile, in memory (the unit tests need no database)."""
    return tecogen()


# -- the text looked at --------------------------------------------------------------------------


def test_passages_read_every_text_a_release_shows():
    """Headline, subheadline, paragraphs (as plain text), headings, quotes, table captions and cells,
    boilerplate and a printed legend are read, in that order; a legend not printed is not."""
    table = {"data": [["Revenue", "$2.9 million"], ["Units", None]], "first_row_is_table_header": False}
    page = release(
        "<p>Tecogen <b>today</b> said &amp; did.</p>",
        blocks=[
            ("heading", "Highlights"),
            ("quote", {"text": "We are growing.", "speaker": "Robert Panora", "speaker_title": "", "organisation": ""}),
            ("table", {"caption": "Results", "table": table}),
        ],
        subheadline="Units shipped",
        include_forward_looking=False,
        forward_looking_legend="Not printed.",
    )
    found = pf.passages(page)
    assert [p.text for p in found] == [
        "Tecogen Ships Ilios Heat Pumps",
        "Units shipped",
        "Tecogen today said & did.",
        "Highlights",
        "We are growing.",
        "Results",
        "Revenue\t$2.9 million\nUnits",
        page.boilerplate,
    ]
    assert found[4].place == "Body, block 3 (quote)"
    page.include_forward_looking = True
    assert pf.passages(page)[-1].text == "Not printed."


def test_a_clean_release_has_no_findings(profile):
    """The test release as built: nothing to report."""
    assert pf.preflight(release(), profile=profile) == []


# -- weekdays and datelines ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["The call is on Tuesday, Dec. 2, 2026.", "Results come Thursday, December 4.", "Meet us Monday, Dec. 2nd"],
)
def test_a_weekday_that_does_not_match_its_date_is_an_error(profile, text):
    """Dec. 2, 2026 is a Wednesday and Dec. 4 (the release's year) a Friday: a wrong weekday is an error."""
    (finding,) = pf.check_weekdays(release(text), profile)
    assert (finding.level, finding.code, finding.where, finding.field) == ("error", "weekday", "Body", "body")
    assert finding.message.startswith("Body, block 1 (paragraph): “")
    assert "Correct the weekday or the date" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "The call is on Wednesday, Dec. 2, 2026.",
        "Results come Friday, December 4.",
        "We report on Thursday, Jan. 7.",  # near New Year: next January's Jan. 7 is a Thursday
        "On Tuesday, Dec. 2, 2025, the company was founded.",  # the year in the text counts
        "Tuesday, the board met; December 4 is the date of the call.",
    ],
)
def test_a_weekday_that_matches_its_date_passes(profile, text):
    """Right weekdays, a year-less date near New Year read in the next year, and a weekday not joined to a date."""
    assert pf.check_weekdays(release(text), profile) == []


def test_a_date_not_on_the_calendar_is_an_error(profile):
    """ "Monday, Feb. 30, 2026" is no date at all."""
    (finding,) = pf.check_weekdays(release("Monday, Feb. 30, 2026"), profile)
    assert finding.code == "impossible_date"
    assert "“Monday, Feb. 30, 2026”" in finding.message


def test_a_weekday_in_the_headline_is_checked_too(profile):
    """The headline is text readers see: its weekday is checked, and the finding names the Headline."""
    (finding,) = pf.check_weekdays(release(title="Tecogen to Report on Tuesday, Dec. 7, 2026"), profile)
    assert (finding.where, finding.field) == ("Headline", "title")


def test_a_typed_dateline_with_another_date_is_an_error(profile):
    """A dateline typed into the body, dated Dec. 1 for a release of Dec. 2: an error quoting it."""
    page = release("WALTHAM, Mass., Dec. 1, 2026 /PRNewswire/ -- Tecogen Inc. today announced results.")
    (finding,) = pf.check_typed_dateline(page, profile)
    assert (finding.level, finding.code, finding.field) == ("error", "dateline_date", "body")
    assert "“WALTHAM, Mass., Dec. 1, 2026 /PRNewswire/”" in finding.message
    assert "Dec. 2, 2026 (ET)" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "BOSTON, Dec. 01, 2026 (GLOBE NEWSWIRE) -- Tecogen today announced results.",
        "WALTHAM, Mass., Nov. 30, 2026 -- Tecogen today announced results.",
    ],
)
def test_typed_datelines_of_every_wire_are_read(profile, text):
    """GlobeNewswire's tag and the bare dash of a website-only release are datelines too."""
    assert codes(pf.check_typed_dateline(release(text), profile)) == ["dateline_date"]


def test_a_typed_dateline_with_the_market_time_date_passes(profile):
    """8:00 p.m. ET on Dec. 2 is Dec. 3 in UTC: the dateline's date is the market-time date, so Dec. 2 passes."""
    evening = dt.datetime(2026, 12, 3, 1, 0, tzinfo=dt.UTC)
    page = release("WALTHAM, Mass., Dec. 2, 2026 /PRNewswire/ -- Tecogen today announced results.", release_at=evening)
    assert pf.check_typed_dateline(page, profile) == []


def test_a_sentence_that_looks_like_a_dateline_passes(profile):
    """Only a city in capitals opens a dateline: "Since, Dec. 1, 2026 --" in a sentence is not one."""
    assert pf.check_typed_dateline(release("Since March 1, 2026 -- a year of growth."), profile) == []


# -- periods ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Revenue for the third quarter of 2019 grew.",
        "Q3 2019 revenue grew.",
        "Revenue for fiscal 2019 grew.",
        "Revenue for fiscal year 2019 grew.",
        "FY2019 revenue grew.",
        "Revenue for the fourth quarter ended Dec. 31, 2024 grew.",  # Q4 2024: two quarters before the previous
        "Third-quarter 2025 revenue grew.",  # a year-ago comparison: warned, not blocked
    ],
)
def test_a_quarter_or_year_before_the_previous_one_is_a_warning(profile, text):
    """Template text left over from an old release is a warning that says year-ago comparisons are normal."""
    (finding,) = pf.check_periods(release(text), profile)
    assert (finding.level, finding.code) == ("warning", "stale_period")
    assert "A year-ago comparison is normal" in finding.message
    assert "does not block" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "Revenue for the fourth quarter of 2026 grew.",  # the current quarter
        "Revenue for the third quarter of 2026 grew.",  # the previous one
        "Q3 2026 and fiscal 2025 revenue grew.",  # the previous year
        "The company expects its first quarter 2027 call in February.",  # an upcoming quarter
        "Tecogen, founded in 2019, grew in 2026.",  # a year that names no period
    ],
)
def test_the_current_and_previous_periods_pass(profile, text):
    """The current and previous quarter and year, upcoming ones and plain years are not stale."""
    assert pf.check_periods(release(text), profile) == []


def test_a_quarter_named_with_its_fiscal_year_counts_once(profile):
    """ "third quarter of fiscal 2019" is one stale quarter, not a quarter and a year."""
    assert codes(pf.check_periods(release("Results for the third quarter of fiscal 2019."), profile)) == [
        "stale_period"
    ]


# -- listing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Tecogen (Nasdaq: XYZ) today", "Tecogen (NYSE American: TGEN) today", "Tecogen (OTCQX: TGEN) today"],
)
def test_a_listing_that_is_not_the_companys_is_an_error(profile, text):
    """Another ticker or another exchange than the profile's (Nasdaq: TGEN) is an error naming the right one."""
    (finding,) = pf.check_listing(release(text), profile)
    assert (finding.level, finding.code, finding.field) == ("error", "listing", "body")
    assert "the company's listing, Nasdaq: TGEN" in finding.message


@pytest.mark.parametrize("text", ["Tecogen (NASDAQ: TGEN) today", "Tecogen (Nasdaq: tgen) today", "(see: Annex A)"])
def test_the_companys_listing_passes(profile, text):
    """The profile's listing in any capitals passes, and a parenthesis that names no exchange is not a listing."""
    assert pf.check_listing(release(text), profile) == []


def test_a_listing_is_read_against_the_profiles_exchange():
    """(NYSE American: ABC) is right for a company listed there as ABC, and (NYSE: ABC) is not."""
    listed = tecogen(exchange="nyse_american", ticker="ABC")
    assert pf.check_listing(release("Acme (NYSE American: ABC) today"), listed) == []
    assert codes(pf.check_listing(release("Acme (NYSE: ABC) today"), listed)) == ["listing"]


def test_a_listing_of_a_company_not_listed_is_an_error():
    """The profile says "not listed": any listing in the text is an error."""
    (finding,) = pf.check_listing(release("Tecogen (Nasdaq: TGEN) today"), tecogen(exchange="none"))
    assert finding.code == "listing_unlisted"


# -- wording ------------------------------------------------------------------------------------


@pytest.mark.parametrize("abbreviation", ["EST", "EDT"])
def test_est_or_edt_is_an_error(profile, abbreviation):
    """ "10:00 a.m. EST" is an error saying to write ET."""
    (finding,) = pf.check_time_zone(release(f"The call starts at 10:00 a.m. {abbreviation} on the day."), profile)
    assert (finding.level, finding.code) == ("error", "time_zone")
    assert f"10:00 a.m. {abbreviation}" in finding.message and "Write “ET”" in finding.message


@pytest.mark.parametrize(
    "text", ["The call starts at 10:00 a.m. ET.", "10:00 a.m. Eastern time.", "ESTABLISHED in 1960, WESTERN est."]
)
def test_et_and_eastern_pass(profile, text):
    """ "ET", "Eastern" and words that contain EST pass."""
    assert pf.check_time_zone(release(text), profile) == []


@pytest.mark.parametrize(
    "text",
    [
        "Tecogen expects revenue to grow.",
        "The company anticipated demand.",
        "Tecogen reaffirms its guidance.",
        "The outlook is strong.",
        "Tecogen forecasts growth.",
    ],
)
def test_a_projection_without_the_legend_is_an_error(profile, text):
    """Projection words without the forward-looking statements legend: one error, on the legend checkbox."""
    (finding,) = pf.check_legend(release(text), profile)
    assert (finding.level, finding.code, finding.field) == ("error", "legend", "include_forward_looking")
    assert finding.where == "Forward-looking statements"


def test_a_projection_with_the_legend_ticked_but_empty_is_an_error(profile):
    """The legend ticked with no text prints nothing: still an error."""
    page = release("Tecogen expects growth.", include_forward_looking=True, forward_looking_legend="  ")
    assert codes(pf.check_legend(page, profile)) == ["legend"]


def test_a_projection_with_the_legend_passes(profile):
    """With the legend printed, projections are fine; "unexpected" is no projection at all."""
    page = release("Tecogen expects growth.", include_forward_looking=True, forward_looking_legend=LEGEND)
    assert pf.check_legend(page, profile) == []
    assert pf.check_legend(release("An unexpected order arrived."), profile) == []


# -- contacts -----------------------------------------------------------------------------------


def test_no_media_contact_is_an_error(profile):
    """An unsaved release with an empty contacts cluster: the error names Media contacts (a formset, no form field)."""
    (finding,) = pf.check_media_contact(release(contacts=0), profile)
    assert (finding.level, finding.code, finding.where) == ("error", "no_contact", "Media contacts")
    assert finding.field == "contacts"  # the formset: the form refuses it as a whole
    assert finding.message.startswith("Media contacts:")


def test_a_media_contact_passes_and_the_forms_contacts_count(profile):
    """The release's own contact passes; contacts given by the form replace the release's own."""
    assert pf.check_media_contact(release(), profile) == []
    assert codes(pf.check_media_contact(release(), profile, contacts=[])) == ["no_contact"]
    assert pf.check_media_contact(release(contacts=0), profile, contacts=["a contact"]) == []


# -- placeholders -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Revenue was $XX million.",
        "Revenue grew XX% to a record.",
        "Shipped XXX units.",
        "Revenue grew XX.",
        "The date is TBD.",
        "[Insert CEO quote here]",
        "Lorem ipsum dolor sit amet.",
        "Revenue grew. ### More text follows.",
    ],
)
def test_a_placeholder_left_in_is_an_error(profile, text):
    """XX tokens, TBD, "[insert", "Lorem" and "###" before the end of the text are errors quoting them."""
    (finding,) = pf.check_placeholders(release(text), profile)
    assert finding.level == "error" and finding.code in {"placeholder", "end_mark"}
    assert finding.message.startswith("Body, block 1 (paragraph): “")


@pytest.mark.parametrize(
    "text",
    [
        "The ATBD program grew.",  # TBD inside a word
        "XXL sizes and an Xbox.",
        "See note [1] below.",
        "Copy from Loreman Inc. and Florem.",
    ],
)
def test_words_that_contain_a_placeholder_pass(profile, text):
    """Placeholders are whole tokens: TBD inside a word, XXL, footnote brackets and "Loreman" pass."""
    assert pf.check_placeholders(release(text), profile) == []


def test_the_end_mark_at_the_very_end_passes(profile):
    """ "###" closing the release's last text is the wires' end mark; the same mark in the body, before the
    boilerplate, is mid-text."""
    assert pf.check_placeholders(release(boilerplate="About Tecogen.\n\n###"), profile) == []
    assert codes(pf.check_placeholders(release("Revenue grew.\n\n###"), profile)) == ["end_mark"]


# -- release time -------------------------------------------------------------------------------


def at_et(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 12, 2, hour, minute, tzinfo=company.market_time.EXCHANGE_TZ)


def test_a_release_in_the_closing_blackout_gets_a_warning(profile):
    """4:02 p.m. ET, not material: a warning on the release time that does not block."""
    (finding,) = pf.check_closing_time(release(release_at=at_et(16, 2), is_material=False), profile)
    assert (finding.level, finding.code, finding.field) == ("warning", "closing_blackout", "release_at")
    assert "4:02 p.m. ET" in finding.message and "does not block" in finding.message


@pytest.mark.parametrize(("hour", "minute"), [(15, 59), (16, 5), (8, 0)])
def test_a_release_outside_the_closing_blackout_passes(profile, hour, minute):
    """3:59 and 4:05 p.m. ET are outside the window."""
    assert pf.check_closing_time(release(release_at=at_et(hour, minute)), profile) == []


def test_a_material_release_in_the_blackout_gets_no_second_message(profile):
    """The form refuses a material release at 4:02 p.m. ET already (disclosure.exchange): no preflight warning."""
    assert pf.check_closing_time(release(release_at=at_et(16, 2), is_material=True), profile) == []


def test_the_closing_blackout_is_one_rule():
    """The Disclosure Policy's refusal reads the window and its time test from company.market_time."""
    assert disclosure.exchange.CLOSING_BLACKOUT is company.market_time.CLOSING_BLACKOUT
    assert company.market_time.in_closing_blackout(at_et(16, 0))
    assert not company.market_time.in_closing_blackout(at_et(16, 5))
    assert disclosure.exchange.in_closing_blackout("nasdaq", at_et(16, 4))
    assert not disclosure.exchange.in_closing_blackout("otc", at_et(16, 4))


# -- corrections --------------------------------------------------------------------------------


def test_a_never_public_release_needs_no_correction_note(profile):
    """A draft never published (not saved even): no note asked for."""
    assert pf.check_correction_note(release(), profile) == []


def test_a_release_that_was_public_needs_a_correction_note(profile):
    """first_published_at set and no note: the error says a public release changes only by a correction."""
    page = release(first_published_at=RELEASE_AT)
    (finding,) = pf.check_correction_note(page, profile)
    assert (finding.level, finding.code, finding.field) == ("error", "correction_note_missing", "correction_note")
    assert finding.message.startswith("A release that has been public changes only by a correction: write the")
    page.correction_note = "In the second paragraph, the time should read 10:00 a.m. ET."
    assert pf.check_correction_note(page, profile) == []


@pytest.mark.django_db
def test_a_correction_note_must_differ_from_the_public_ones(newsroom):
    """With versions on record, a submitted note must be new: the latest public version's note is refused."""
    page = make_release(newsroom, title="Annual meeting")
    assert page.versions.count() == 1
    old_note = "In the first paragraph, the time should read 10:00 a.m. ET."
    ReleaseVersion.objects.create(page=page, number=2, title=page.title, correction_note=old_note, content={})
    draft = page.get_latest_revision_as_object()
    draft.correction_note = old_note
    (finding,) = pf.check_correction_note(draft, draft.profile, submitting=True)
    assert finding.code == "correction_note_unchanged"
    assert "version 2" in finding.message
    draft.correction_note = "In the second paragraph, the room should read Hall B."
    assert pf.check_correction_note(draft, draft.profile, submitting=True) == []


@pytest.mark.django_db
def test_a_live_release_with_nothing_unpublished_asks_no_note_in_the_editor(newsroom):
    """The editor showing a live release's public text (no draft since): no correction is under way."""
    draft = make_release(newsroom, title="Annual meeting").get_latest_revision_as_object()
    assert draft.live and not draft.has_unpublished_changes
    assert pf.check_correction_note(draft, draft.profile) == []
    draft.has_unpublished_changes = True  # a draft saved since it went public
    assert codes(pf.check_correction_note(draft, draft.profile)) == ["correction_note_missing"]


# -- everything together ------------------------------------------------------------------------


def test_preflight_lists_errors_before_warnings(profile):
    """A stale quarter (warning) written before "EST" (error): the error comes first."""
    page = release("Q3 2019 revenue grew. The call is at 10 a.m. EST.")
    assert [f.level for f in pf.preflight(page, profile=profile)] == ["error", "warning"]


@pytest.mark.django_db
def test_the_seed_release_passes(newsroom):
    """The reference release (sample_data), imported as the wire carried it, has no preflight error."""
    with open(SEED, encoding="utf-8") as seed:
        page = import_wire_text(seed.read(), newsroom)
    assert page.contacts.count() == 2
    assert [f for f in pf.preflight(page) if f.is_error] == []


# -- the editor ---------------------------------------------------------------------------------


@pytest.fixture
def drafted(newsroom, roles):
    """A draft release in the newsroom whose workflow is the Disclosure Policy's."""
    return make_release(newsroom, title="Tecogen Ships Ilios Units", publish=False, release_at=RELEASE_AT)


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def with_body(page, text: str, **changes) -> dict:
    return edit_form(page, body=streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]), **changes)


def test_submitting_a_release_with_an_error_is_refused(client, drafted, roles):
    """ "EST" in the body: the submission is refused with Wagtail's banner and the message, no workflow starts."""
    client.force_login(roles["drafter"])
    data = with_body(drafted, "The call is at 10:00 a.m. EST.", **{"action-submit": "1"})
    response = client.post(edit_url(drafted), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert BANNER in html
    assert "Write “ET”" in html
    assert not WorkflowState.objects.filter(object_id=str(drafted.pk)).exists()
    assert "EST" not in PressReleasePage.objects.get(pk=drafted.pk).get_latest_revision_as_object().body[0].value.source


def test_every_body_error_is_shown_at_the_body(client, drafted, roles):
    """Two errors in the body: the StreamField shows both messages (it shows only its first error otherwise)."""
    client.force_login(roles["drafter"])
    data = with_body(drafted, "The call is at 10:00 a.m. EST. Date TBD.", **{"action-submit": "1"})
    soup = BeautifulSoup(client.post(edit_url(drafted), data).content, "html.parser")
    stream = soup.find(attrs={"data-contentpath": "body"}).find(attrs={"data-w-block-arguments-value": True})
    [_value, error] = json.loads(stream["data-w-block-arguments-value"])
    assert [message.split(": ", 1)[0] for message in error["messages"]] == ["Body, block 1 (paragraph)"] * 2
    assert "Write “ET”" in error["messages"][0] and "“TBD” (in" in error["messages"][1]


def test_a_submission_without_a_media_contact_names_media_contacts(client, drafted, roles):
    """No media contact posted: a form-wide error naming Media contacts, listed in the banner."""
    client.force_login(roles["drafter"])
    response = client.post(edit_url(drafted), {**edit_form(drafted, contacts=inline_formset([])), "action-submit": "1"})
    assert response.status_code == 200
    messages = " ".join(BeautifulSoup(response.content, "html.parser").select_one(".messages").get_text().split())
    assert BANNER in messages
    assert "Media contacts: the release has no media contact." in messages
    assert not WorkflowState.objects.filter(object_id=str(drafted.pk)).exists()


def test_saving_a_draft_with_an_error_succeeds(client, drafted, roles):
    """The same "EST" saved as a draft: saved, not submitted."""
    client.force_login(roles["drafter"])
    response = client.post(edit_url(drafted), with_body(drafted, "The call is at 10:00 a.m. EST."))
    assert response.status_code == 302
    draft = PressReleasePage.objects.get(pk=drafted.pk).get_latest_revision_as_object()
    assert "10:00 a.m. EST" in draft.body[0].value.source
    assert not WorkflowState.objects.filter(object_id=str(drafted.pk)).exists()


def test_a_release_with_only_warnings_submits(client, drafted, roles):
    """A stale quarter and a 4:02 p.m. ET time (not material) only warn: the release goes into the workflow."""
    client.force_login(roles["drafter"])
    data = with_body(
        drafted, "Revenue grew from the third quarter of 2019.", release_at="2026-12-02 16:02", **{"action-submit": "1"}
    )
    response = client.post(edit_url(drafted), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    state = PressReleasePage.objects.get(pk=drafted.pk).current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_reviewers_action_from_the_editor_is_not_held_up(client, drafted, roles):
    """A release with an error already in the workflow: compliance passes its review from the editor all the same."""
    submit(drafted, roles["drafter"])  # no media contact: an error the preflight would refuse on submitting
    client.force_login(roles["compliance"])
    data = editor_form(client, drafted)  # the editor's form as shown, unchanged
    data.update(
        {
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": '{"comment": ""}',
        }
    )
    assert client.post(edit_url(drafted), data).status_code == 302
    assert any(text.startswith("Review passed by Compliance") for text in shown_messages(client))


def test_the_panel_shows_the_findings_on_the_edit_page(client, drafted, roles):
    """The editor's first panel, "Preflight checks", lists the latest draft's errors and warnings in words."""
    client.force_login(roles["drafter"])
    response = client.post(edit_url(drafted), with_body(drafted, "Q3 2019 revenue grew; call at 10 a.m. EST."))
    assert response.status_code == 302
    soup = BeautifulSoup(client.get(edit_url(drafted)).content, "html.parser")
    panel = soup.select_one("[data-preflight]")
    headings = [h.get_text(" ", strip=True) for h in soup.select("h2")]
    assert "Preflight checks" in headings
    assert headings.index("Preflight checks") < next(i for i, h in enumerate(headings) if h.startswith("Headline"))
    text = " ".join(panel.get_text(" ").split())
    assert "must be fixed before submitting" in text
    assert [li["data-preflight-code"] for li in panel.select("[data-preflight-errors] li")] == ["time_zone"]
    assert [li["data-preflight-code"] for li in panel.select("[data-preflight-warnings] li")] == ["stale_period"]
    assert "Error: Body, block 1 (paragraph)" in text and "Warning: Body, block 1 (paragraph)" in text


def test_the_panel_says_when_nothing_is_found(client, drafted, roles):
    """A draft with a media contact and clean text: "No problems found"."""
    client.force_login(roles["drafter"])
    client.post(edit_url(drafted), edit_form(drafted, contacts=contacts_formset()))
    panel = BeautifulSoup(client.get(edit_url(drafted)).content, "html.parser").select_one("[data-preflight]")
    assert "No problems found" in panel.get_text()


def test_the_panel_works_on_a_new_empty_release(client, newsroom, roles):
    """The create view shows the panel (the empty page has no media contact yet) without failing."""
    client.force_login(roles["drafter"])
    response = client.get(reverse("wagtailadmin_pages:add", args=("releases", "pressreleasepage", newsroom.pk)))
    assert response.status_code == 200
    panel = BeautifulSoup(response.content, "html.parser").select_one("[data-preflight]")
    assert [li["data-preflight-code"] for li in panel.select("li")] == ["no_contact"]
