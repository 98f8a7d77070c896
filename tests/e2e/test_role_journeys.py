"""Each role's decision in a real browser, from an empty form, with what every screen says back.

1. The drafter opens Pages → Newsroom → Add child page → Press release, fills the empty form
   (the slug follows the headline), saves on the first try and submits it.
2. Compliance passes the review from the editor: "Review passed by Bonnie Brown …  Next: …".
3. The CEO signs off through the confirmation modal (headline, release time in market time,
   revision, the digest's first characters, materiality): "1 of 2 — waiting for a second
   spokesperson".
4. The president opens it from the dashboard's "Awaiting your sign-off" and signs in the
   editor's modal: "2 of 2. Scheduled: goes public …" with the exchange-notice state.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest

from company.ap_style import ap_date, ap_time
from tests.support.browser import choose_media_contact, more_actions

pytestmark = pytest.mark.browser

ET = zoneinfo.ZoneInfo("America/New_York")
HEADLINE = "Tecogen Wins Ilios Heat Pump Order From Boston Hospital"
BODY = "Tecogen Inc. (Nasdaq: TGEN) today announced an order for six Ilios heat pumps."


def flash(page) -> str:
    return " ".join(page.locator(".messages").inner_text().split()) if page.locator(".messages").count() else ""


def release_time() -> dt.datetime:
    """8:00 a.m. ET two days from now: ahead of the whole journey, inside Nasdaq's notice window."""
    day = dt.datetime.now(ET).date() + dt.timedelta(days=2)
    return dt.datetime.combine(day, dt.time(8, 0), tzinfo=ET)


def spoken(moment: dt.datetime) -> str:
    """The messages' wording of a market time (disclosure.decisions.market_moment)."""
    return f"{moment:%A}, {ap_date(moment.date())}, {ap_time(moment)} ET"


def test_release_from_an_empty_form_to_scheduled(sessions, site):
    release_at = release_time()
    [(newsroom_id,)] = site.query("SELECT id FROM wagtailcore_page WHERE slug = %s", ("news",))

    # -- 1. the drafter: an empty form, saved on the first try, submitted ---------------------
    drafter = sessions.open("drafter")
    drafter.goto(f"/admin/pages/{newsroom_id}/")
    drafter.get_by_role("link", name="Add child page").first.click()
    drafter.wait_for_load_state()
    if "/add/" not in drafter.url:  # the newsroom takes only press releases, else Wagtail asks which type
        drafter.get_by_role("link", name=re.compile("Press release", re.I)).first.click()
        drafter.wait_for_load_state()
    drafter.fill("#id_title", HEADLINE)
    drafter.fill("#id_subheadline", "Six units for the hospital's new cogeneration plant")
    drafter.fill("#id_release_at", f"{release_at:%Y-%m-%d %H:%M}")
    drafter.keyboard.press("Escape")
    drafter.fill("#id_dateline_city", "WALTHAM")
    drafter.locator(
        "#panel-child-content-body-section button[title='Insert a block'], "
        "#panel-child-content-body-section button[aria-label='Insert a block']"
    ).first.click()
    drafter.get_by_role("option", name="Paragraph").or_(drafter.get_by_text("Paragraph", exact=True)).first.click()
    editor = drafter.locator("#panel-child-content-body-section [contenteditable=true]").first
    editor.wait_for()  # the new block's editor mounts after the click: typing before it lands nowhere
    editor.click()
    editor.press_sequentially(BODY)
    assert BODY in editor.inner_text(), editor.inner_text()
    drafter.get_by_label("Material", exact=True).check()
    choose_media_contact(drafter, "Melinda Furse")  # the wires require one; preflight refuses a release without
    sessions.shot(drafter, "drafter-fills-the-empty-form")
    with drafter.expect_navigation():
        drafter.get_by_role("button", name="Save draft").click()
    assert "/edit/" in drafter.url, flash(drafter)  # saved on the first try
    assert f"Page '{HEADLINE}' created." in flash(drafter), flash(drafter)  # not "could not be saved"
    edit_url = drafter.url.split("?")[0]
    page_id = int(re.search(r"/pages/(\d+)/edit/", edit_url).group(1))
    [(slug,)] = site.query("SELECT slug FROM wagtailcore_page WHERE id = %s", (page_id,))
    assert slug == "tecogen-wins-ilios-heat-pump-order-from-boston-hospital"
    sessions.shot(drafter, "drafter-saved-on-first-try")
    # Preflight (releases/preflight.py) refused a release without a media contact before it was saved
    # with one: the panel says the text as saved has no problem left.
    assert "No problems found" in drafter.locator("[data-preflight]").inner_text()
    more_actions(drafter, "Submit to Disclosure Policy")
    assert "submitted" in flash(drafter).lower(), (
        flash(drafter),
        drafter.locator(".w-field__errors, .error-message").all_inner_texts(),
    )
    sessions.shot(drafter, "drafter-submitted")

    # -- 2. compliance passes the review from the editor ---------------------------------------
    compliance = sessions.open("compliance")
    compliance.goto(edit_url)
    more_actions(compliance, "Review passed")
    text = flash(compliance)
    assert f"Review passed by Bonnie Brown (Disclosure review): “{HEADLINE}”." in text, text
    assert "Next: Authorized spokesperson sign-off, 2 spokesperson sign-offs (material release)." in text, text
    assert "has been updated" not in text, text
    sessions.shot(compliance, "compliance-review-passed")

    # -- 3. the CEO signs off in the editor, through the confirmation modal --------------------
    ceo = sessions.open("ceo")
    ceo.goto(edit_url)
    more_actions(ceo, "Sign off", modal=True)
    modal = ceo.locator(".modal [data-sign-off-confirmation]")
    modal.wait_for()
    [(revision_id,)] = site.query(  # the revision the sign-off step signs
        "SELECT revision_id FROM wagtailcore_taskstate WHERE status = 'in_progress' AND revision_id IN "
        "(SELECT id FROM wagtailcore_revision WHERE object_id = %s)",
        (str(page_id),),
    )
    revisions = site.query(
        "SELECT id, user_id, created_at FROM wagtailcore_revision WHERE object_id = %s ORDER BY id", (str(page_id),)
    )
    assert not modal.locator("[data-sign-off=stale]").count(), (revisions, modal.inner_text())
    assert modal.locator("[data-sign-off=headline]").inner_text() == HEADLINE
    assert modal.locator("[data-sign-off=release-time]").inner_text() == spoken(release_at)
    assert modal.locator("[data-sign-off=revision]").inner_text().startswith(f"{revision_id}, saved ")
    assert re.fullmatch(r"[0-9a-f]{16}…", modal.locator("[data-sign-off=digest] code").inner_text())
    assert "Material: 2 distinct spokespersons" in modal.locator("[data-sign-off=material]").inner_text()
    assert "Your sign-off will be 1 of 2" in modal.inner_text()
    review = modal.locator("[data-sign-off=route]").inner_text()
    assert review.startswith("Full Disclosure Policy: ") and "passed this revision's review" in review, review
    sessions.shot(ceo, "ceo-sign-off-confirmation")
    with ceo.expect_navigation():
        modal.get_by_role("button", name=f"Sign off revision {revision_id}").click()
    text = flash(ceo)
    assert "Signed off by John Hatsopoulos: 1 of 2 — waiting for a second spokesperson." in text, text
    assert "has been updated" not in text, text
    sessions.shot(ceo, "ceo-signed-1-of-2")

    # -- 4. the president opens it from the dashboard, signs in the editor: scheduled ----------
    president = sessions.open("president")
    president.goto("/admin/")
    sessions.shot(president, "president-dashboard")
    # "Awaiting your sign-off" lists it once, with the signatures given; the sign-off itself is made
    # with the release in front of the signer, in the editor (the dashboard offers no one-click sign-off).
    row = president.locator("#disclosure-awaiting-signoff-content tr", has_text=HEADLINE)
    assert row.count() == 1, president.locator("main").inner_text()
    with president.expect_navigation():
        row.get_by_role("link", name=HEADLINE).click()
    more_actions(president, "Sign off", modal=True)
    modal = president.locator(".modal [data-sign-off-confirmation]")
    modal.wait_for()
    revisions = site.query(
        "SELECT r.id, r.user_id, r.created_at, l.action, l.user_id FROM wagtailcore_revision r LEFT JOIN "
        "wagtailcore_pagelogentry l ON l.revision_id = r.id WHERE r.object_id = %s ORDER BY r.id",
        (str(page_id),),
    )
    assert "Yours is the last sign-off needed (2 of 2): it schedules the release" in modal.inner_text(), revisions
    assert "Exchange notice: none on record. Notify Nasdaq by" in modal.inner_text()
    sessions.shot(president, "president-sign-off-confirmation")
    with president.expect_navigation():
        modal.get_by_role("button", name=f"Sign off revision {revision_id}").click()
    text = flash(president)
    assert f"Signed off by Robert Panora: 2 of 2. Scheduled: goes public {spoken(release_at)}." in text, text
    notify_by = release_at - dt.timedelta(minutes=10)
    assert f"Exchange notice: none on record. Notify Nasdaq by {spoken(notify_by)}" in text, text
    sessions.shot(president, "president-scheduled")
