"""The three roles' journeys in a real browser: the PR team, the spokespersons, the investor, then compliance.

1. The drafter imports the reference release's wire text, edits the subheadline, attaches a
   PDF, sets its release time a little ahead and submits it to the Disclosure Policy.
2. Compliance requests a change with a comment; the drafter sees it, fixes, resubmits.
3. (Separate test) the demo president drafts a release and is not offered its approval.
   Then compliance passes the review, records the exchange notice, and the two
   spokespersons a material release needs sign off, each from their own session.
4. An investor in a fresh browser: before the release time the release, its PDF and its
   feed item are nowhere; after it, the newsroom shows it first, the page is in the wire
   anatomy, the PDF downloads and the feed lists it.
5. Compliance exports the audit trail and finds every step above in it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
import zoneinfo

import pytest

from bench.embargo_lag import ROOT
from disclosure.exchange import CLOSING_BLACKOUT, in_closing_blackout
from tests.support.browser import more_actions

pytestmark = pytest.mark.browser

ET = zoneinfo.ZoneInfo("America/New_York")
WIRE_TEXT = (ROOT / "sample_data" / "press-release-2011-12-02-private-placement.txt").read_text(encoding="utf-8")
NEW_SUBHEADLINE = "Proceeds Will Fund Growth, Product Development and the Ilios Heat Pump Line"
FIXED_SUBHEADLINE = "Proceeds Will Fund Growth and Product Development; Placement Closed Nov. 30"
REVIEW_COMMENT = "Please say in the subheadline that the placement closed on Nov. 30."
PDF_BYTES = b"%PDF-1.4\n% Tecogen private placement term sheet\n%%EOF\n"


def footer_actions(page) -> list[str]:
    return [item.inner_text().strip() for item in page.locator("footer button, footer a").all()]


def flash(page) -> str:
    return page.locator(".messages").inner_text() if page.locator(".messages").count() else ""


def release_time_ahead(seconds: int) -> dt.datetime:
    """The editor takes minutes: the first whole minute at least `seconds` from now, in ET.

    Never inside the exchanges' closing blackout (4:00-4:05 p.m. ET), where the editor rightly
    refuses a material release: the journey would fail for the hour of the day it ran at.
    """
    moment = dt.datetime.now(ET) + dt.timedelta(seconds=seconds)
    moment = (moment + dt.timedelta(minutes=1)).replace(second=0, microsecond=0)
    if in_closing_blackout("nasdaq", moment):
        moment = moment.replace(hour=CLOSING_BLACKOUT[1].hour, minute=CLOSING_BLACKOUT[1].minute)
    return moment


def create_despite_warnings(page) -> None:
    """The importer stops at its warnings (the reference text is dated 2011, and the demo holds it):
    tick "Create anyway" and import again."""
    page.wait_for_load_state()
    if page.locator("#import-warnings").count():
        page.check("#id_create_anyway")
        page.locator("main form").last.locator("button[type=submit]").click()


def status(page, url: str) -> int:
    return page.request.get(url).status


def test_a_spokesperson_who_drafted_a_release_is_not_offered_its_approval(sessions, site):
    """The demo president writes a release and submits it; after review, no sign-off is offered to them."""
    president = sessions.open("president")
    president.goto("/admin/releases/import/")
    president.fill(
        "#id_text",
        WIRE_TEXT.replace("Raises Over \\$2.9 Million", "Appoints New Director"),
    )
    president.locator("main form").last.locator("button[type=submit]").click()
    create_despite_warnings(president)
    president.wait_for_url("**/edit/")
    edit_url = president.url
    more_actions(president, "Submit to Disclosure Policy")
    assert "submitted" in flash(president)
    sessions.shot(president, "president-submits-own-draft")

    compliance = sessions.open("compliance")
    compliance.goto(edit_url)
    more_actions(compliance, "Review passed")
    compliance.wait_for_load_state()

    president.goto(edit_url)
    sessions.shot(president, "president-not-offered-sign-off")
    offered = footer_actions(president)
    assert "Sign off" not in offered and "Reject" not in offered, offered
    president.goto("/admin/")
    assert "Appoints New Director" not in president.locator("#disclosure-awaiting-signoff-content").all_inner_texts()

    ceo = sessions.open("ceo")  # another spokesperson is offered it
    ceo.goto(edit_url)
    assert "Sign off" in footer_actions(ceo)


def test_release_journey_from_wire_text_to_investor_and_audit(sessions, site, results_dir, tmp_path):
    # -- 1. the drafter ------------------------------------------------------------------
    drafter = sessions.open("drafter")
    drafter.goto("/admin/releases/import/")
    drafter.fill("#id_text", WIRE_TEXT)
    sessions.shot(drafter, "drafter-pastes-wire-text")
    drafter.locator("main form").last.locator("button[type=submit]").click()
    create_despite_warnings(drafter)
    drafter.wait_for_url("**/edit/")
    edit_url = drafter.url
    page_id = int(edit_url.rstrip("/").split("/")[-2])
    slug = drafter.input_value("#id_slug")
    assert drafter.input_value("#id_title") == "Tecogen Raises Over $2.9 Million"

    drafter.fill("#id_subheadline", NEW_SUBHEADLINE)
    release_at = release_time_ahead(150)  # the two sign-offs confirm in a modal: room for a slow machine
    drafter.fill("#id_release_at", f"{release_at:%Y-%m-%d %H:%M}")
    drafter.check("#id_is_material_0")  # a private sale of securities: material news
    pdf = tmp_path / "tecogen-placement-terms.pdf"
    pdf.write_bytes(PDF_BYTES)
    drafter.get_by_role("button", name="Add attachment").click()
    drafter.get_by_role("button", name="Choose a document").last.click()
    chooser = drafter.locator(".modal")
    chooser.get_by_role("tab", name="Upload").click()
    chooser.locator("#id_document-chooser-upload-title").fill("Placement terms (PDF)")
    chooser.locator("input[type=file]").set_input_files(str(pdf))
    chooser.get_by_role("button", name="Upload").last.click()
    drafter.get_by_text("Placement terms (PDF)").first.wait_for()
    sessions.shot(drafter, "drafter-edits-attaches-times")
    more_actions(drafter, "Submit to Disclosure Policy")
    assert "submitted" in flash(drafter), flash(drafter)
    sessions.shot(drafter, "drafter-submitted")

    [(doc_id, doc_file)] = site.query(
        "SELECT id, file FROM wagtaildocs_document WHERE title = %s", ("Placement terms (PDF)",)
    )
    pdf_url = f"/documents/{doc_id}/{doc_file.rsplit('/', 1)[-1]}"
    release_url = f"/news/{slug}/"

    # -- 2. compliance requests a change; the drafter fixes and resubmits -----------------
    compliance = sessions.open("compliance")
    compliance.goto(edit_url)
    more_actions(compliance, "Request changes", modal=True)
    compliance.locator(".modal textarea[name=comment]").fill(REVIEW_COMMENT)
    sessions.shot(compliance, "compliance-requests-changes")
    with compliance.expect_navigation():
        compliance.locator(".modal [type=submit]").click()

    drafter.goto(edit_url)
    details = drafter.get_by_role("button", name="View details")
    if not details.is_visible():
        drafter.locator('[data-side-panel-toggle="status"]').click()  # the status panel: "Changes requested"
    details.click()  # the workflow timeline, with the reviewer's comment
    drafter.get_by_text(REVIEW_COMMENT).first.wait_for(state="visible")
    sessions.shot(drafter, "drafter-sees-the-comment")
    drafter.keyboard.press("Escape")
    drafter.fill("#id_subheadline", FIXED_SUBHEADLINE)
    more_actions(drafter, "Resubmit to Disclosure review")
    assert "resubmitted" in flash(drafter).lower() or "submitted" in flash(drafter).lower(), flash(drafter)

    # -- 3. review passed, exchange notified, two spokespersons sign off ------------------
    compliance.goto(edit_url)
    more_actions(compliance, "Review passed")
    compliance.wait_for_load_state()
    compliance.goto(f"/admin/disclosure/exchange-notice/{page_id}/")
    assert "notice window: notify Nasdaq by" in compliance.locator("main").inner_text()  # what the venue asks
    # The IR officer called Nasdaq MarketWatch a quarter of an hour before the release time.
    compliance.fill("#id_notified_at", f"{release_at - dt.timedelta(minutes=15):%Y-%m-%dT%H:%M}")
    compliance.fill("#id_reference", "MW-2011-1202")
    sessions.shot(compliance, "compliance-records-exchange-notice")
    with compliance.expect_navigation():
        compliance.get_by_role("button", name="Record exchange notice").click()
    assert "Exchange notice recorded" in flash(compliance), flash(compliance)

    for who in ("ceo", "president"):
        spokesperson = sessions.open(who)
        spokesperson.goto(edit_url)
        more_actions(spokesperson, "Sign off", modal=True)  # the confirmation: what exactly is signed
        sessions.shot(spokesperson, f"{who}-confirms-sign-off")
        with spokesperson.expect_navigation():
            spokesperson.locator(".modal [type=submit]").click()
        spokesperson.wait_for_load_state()
        sessions.shot(spokesperson, f"{who}-signs-off")

    compliance.goto("/admin/disclosure/scheduled/")
    row = compliance.locator("table.disclosure-schedule tbody tr", has_text="Tecogen Raises Over")
    assert row.count() >= 1
    assert f"{release_at:%a, %b} {release_at.day}, {release_at:%Y}" in row.first.inner_text()
    sessions.shot(compliance, "scheduled-with-countdown")

    # -- 4. the investor ---------------------------------------------------------------
    investor = sessions.open("investor", login=False)
    assert dt.datetime.now(ET) < release_at, "the journey took longer than the release time allows"
    investor.goto("/news/")
    assert slug not in investor.content()
    assert status(investor, release_url) == 404
    assert status(investor, pdf_url) == 404
    assert slug not in investor.request.get("/news/feed/rss/").text()
    sessions.shot(investor, "investor-before-release-time")

    while dt.datetime.now(ET) < release_at + dt.timedelta(seconds=2):
        time.sleep(0.25)
    investor.goto("/news/")
    first = investor.locator(".release-list > li").first
    assert first.locator(f'a[href="{release_url}"]').count() == 1, first.inner_html()
    sessions.shot(investor, "investor-newsroom-shows-it-first")
    investor.goto(release_url)
    text = investor.locator("main").inner_text()
    lead_in = f"WALTHAM, Mass., {release_at:%b}. {release_at.day}, {release_at.year} /PRNewswire/ --"
    if release_at.month in (3, 4, 5, 6, 7):
        lead_in = f"WALTHAM, Mass., {release_at:%B} {release_at.day}, {release_at.year} /PRNewswire/ --"
    elif release_at.month == 9:
        lead_in = f"WALTHAM, Mass., Sept. {release_at.day}, {release_at.year} /PRNewswire/ --"
    for part in (
        "Tecogen Raises Over $2.9 Million",
        FIXED_SUBHEADLINE,
        lead_in,
        "About Tecogen",
        "SOURCE Tecogen Inc.",
    ):
        assert part in text, part
    sessions.shot(investor, "investor-reads-the-release")
    # The page links the PDF (Chromium would show it inline): following the link fetches the file.
    href = investor.get_by_role("link", name="Placement terms (PDF)").get_attribute("href")
    assert href.endswith(pdf_url)
    download = investor.request.get(href)
    assert (download.status, download.headers["content-type"], download.body()) == (200, "application/pdf", PDF_BYTES)
    assert release_url in investor.request.get("/news/feed/rss/").text()
    assert release_url in investor.request.get("/news/feed/atom/").text()

    # -- 5. compliance exports the audit trail --------------------------------------------
    compliance.goto(f"/admin/disclosure/audit/?release={page_id}")
    sessions.shot(compliance, "compliance-audit-trail")
    with compliance.expect_download() as download_info:
        compliance.get_by_role("link", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(download_info.value.path().read_text(encoding="utf-8"))))
    assert {row["Release ID"] for row in rows} == {str(page_id)}
    steps = [(row["Action"], row["Username"]) for row in rows]
    expected = [
        ("Submitted for approval", "drafter"),
        ("Reviewed (changes requested)", "compliance"),
        ("Resubmitted", "drafter"),
        ("Reviewed (passed)", "compliance"),
        ("Exchange notified", "compliance"),
        ("Signed off", "ceo"),
        ("Signed off", "president"),
        ("Scheduled for publication", "president"),
        ("Published at the scheduled time", ""),
    ]
    for step in expected:
        assert step in steps, f"{step} missing from the audit export: {steps}"
    rejected = next(row for row in rows if row["Action"] == "Reviewed (changes requested)")
    assert rejected["Comment"] == REVIEW_COMMENT
    assert all(len(row["SHA-256 digest"]) == 64 for row in rows if row["Action"] == "Signed off")
