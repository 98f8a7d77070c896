"""E-mail alerts in a real browser: an investor signs up, confirms from the message, changes topics, leaves.

1. At 1366 px, from the home page's navigation: the sign-up form (the address, "Only the topics
   I choose" with one topic, consent), "Check your inbox"; the confirmation message in the site's
   outbox (the web server writes it once the sign-up commits), its link, the confirming click,
   "You are subscribed"; the manage page it links to: all press releases, saved; "Unsubscribe from
   all alerts", "You are unsubscribed". The database agrees at each step.
2. At 375 px: the sign-up form submitted empty shows its errors and still fits the screen.
3. The alert pages (sign-up, with errors, check your inbox, confirm, manage, unsubscribed) at
   1366 and 375 px: no WCAG 2.1 A/AA violation (axe-core).

Each sign-up POST counts against the per-client limit (10 an hour, all from 127.0.0.1): this
module makes eight.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_public_pages import axe_violations
from tests.support.alert_pages import (
    CONSENT,
    PAGES,
    TIMEOUT,
    WIDTHS,
    fill_sign_up,
    heading,
    horizontal_overflow,
    is_favicon,
    manage_link,
    open_alert_page,
    prepare_links,
    submit_sign_up,
    subscriber,
)
from tests.support.outbox import messages_to, outbox_of, wait_for_message

pytestmark = pytest.mark.browser

VIEWPORTS = {
    1366: {"viewport": {"width": 1366, "height": 900}},
    375: {"viewport": {"width": 375, "height": 740}, "is_mobile": True},
}
INVESTOR = "ada.investor@example.com"
TOPIC = "Financing"


def test_investor_signs_up_confirms_changes_topics_and_unsubscribes(sessions, site):
    page = sessions.open("investor", login=False, **VIEWPORTS[1366])
    problems = []
    page.on("console", lambda message: problems.append(message) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(error))

    # -- the sign-up ---------------------------------------------------------------------
    page.goto("/")
    sessions.shot(page, "home")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="E-mail alerts").click()
    expect(page).to_have_url(re.compile(r"/alerts/$"), timeout=TIMEOUT)
    expect(heading(page)).to_have_text("E-mail alerts")
    sessions.shot(page, "sign-up-page")
    fill_sign_up(page, INVESTOR, topics=(TOPIC,))
    expect(page.get_by_label(TOPIC, exact=True)).to_be_checked()
    sessions.shot(page, "sign-up-filled-in")
    submit_sign_up(page)
    expect(heading(page)).to_have_text("Check your inbox", timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"/alerts/check-your-inbox/$"))
    sessions.shot(page, "check-your-inbox")
    assert subscriber(site, INVESTOR) == ("pending", False, [TOPIC])

    # -- the confirmation message and its link --------------------------------------------
    message = wait_for_message(outbox_of(site), INVESTOR, subject="Confirm your e-mail alerts")
    assert TOPIC in message.text() and TOPIC in message.html()
    page.goto(message.link("confirm"))
    expect(heading(page)).to_have_text("Confirm your e-mail alerts", timeout=TIMEOUT)
    expect(page.locator("main")).to_contain_text(f"Confirm that {INVESTOR} should receive e-mail alerts")
    expect(page.locator("main")).to_contain_text(f"for: {TOPIC}.")
    sessions.shot(page, "confirm-page")
    assert subscriber(site, INVESTOR)[0] == "pending"  # opening the link is not confirming: the click is
    page.get_by_role("button", name="Confirm my e-mail alerts").click()
    expect(heading(page)).to_have_text("You are subscribed", timeout=TIMEOUT)
    expect(page.locator("main")).to_contain_text(f"{INVESTOR} now receives an e-mail")
    expect(page.locator("main")).to_contain_text(f"published on: {TOPIC}.")
    sessions.shot(page, "you-are-subscribed")
    assert subscriber(site, INVESTOR) == ("active", False, [TOPIC])

    # -- the manage page the confirmation links to: all press releases ---------------------
    manage_path = manage_link(page)
    page.get_by_role("link", name="change them now").click()
    expect(heading(page)).to_have_text("Your e-mail alerts", timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(re.escape(manage_path) + "$"))
    expect(page.get_by_label("Only the topics I choose")).to_be_checked()
    expect(page.get_by_label(TOPIC, exact=True)).to_be_checked()
    sessions.shot(page, "manage-page")
    page.get_by_label("All press releases").check()
    page.get_by_role("button", name="Save my topics").click()
    expect(page.get_by_role("status")).to_have_text(
        "Saved: you now receive alerts for All press releases.", timeout=TIMEOUT
    )
    expect(page.get_by_label("All press releases")).to_be_checked()
    sessions.shot(page, "manage-saved-all-releases")
    assert subscriber(site, INVESTOR) == ("active", True, [])
    page.goto(manage_path)  # the link again: the page shows what is stored
    expect(page.get_by_label("All press releases")).to_be_checked(timeout=TIMEOUT)
    expect(page.get_by_label(TOPIC, exact=True)).not_to_be_checked()

    # -- unsubscribe -----------------------------------------------------------------------
    page.get_by_role("button", name="Unsubscribe from all alerts").click()
    expect(heading(page)).to_have_text("You are unsubscribed", timeout=TIMEOUT)
    expect(page.locator("main")).to_contain_text(f"{INVESTOR} receives no more e-mail alerts")
    sessions.shot(page, "you-are-unsubscribed")
    assert subscriber(site, INVESTOR)[0] == "unsubscribed"
    page.goto(manage_path)  # the link still opens, and says what is left
    expect(page.locator("main")).to_contain_text(f"{INVESTOR} receives no alerts.", timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Unsubscribe from all alerts")).to_have_count(0)
    sessions.shot(page, "manage-after-unsubscribing")

    # The one confirmation is all that was sent: changing topics and leaving send nothing.
    assert [m.path for m in messages_to(outbox_of(site), INVESTOR)] == [message.path]
    # Under the pages' strict policy, no CSP violation or script error. (Chromium asks for /favicon.ico,
    # which the site does not have: that 404 is the browser's, not the pages'.)
    assert [str(getattr(p, "text", p)) for p in problems if not is_favicon(p)] == []


def test_sign_up_errors_fit_a_phone_screen(sessions):
    """375 px: the form submitted empty shows its errors; nothing runs off the side."""
    page = sessions.open("phone", login=False, **VIEWPORTS[375])
    page.goto("/alerts/")
    expect(heading(page)).to_have_text("E-mail alerts", timeout=TIMEOUT)
    submit_sign_up(page)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please check the form", timeout=TIMEOUT)
    expect(summary.get_by_role("listitem")).to_have_count(2)  # the address and the consent
    expect(page.locator("#email-error")).to_be_visible()
    expect(page.locator("#consent-error")).to_be_visible()
    sessions.shot(page, "phone-sign-up-errors")

    widths = horizontal_overflow(page)
    assert widths["innerWidth"] == 375, widths  # the page was not zoomed out to fit something wide
    assert widths["scrollWidth"] <= widths["innerWidth"], f"the page scrolls sideways: {widths}"
    for control in (
        page.get_by_label("E-mail address"),
        page.locator("#email-error"),
        page.locator("#consent-error"),
        page.locator(".form-errors"),
        page.get_by_role("button", name="Sign up"),
    ):
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, (control, box)
    # Each message under what it is about, across the width, not squeezed into a column beside it.
    for error, above in (
        ("#email-error", page.get_by_label("E-mail address")),
        ("#consent-error", page.locator(".consent label")),
    ):
        box, over = page.locator(error).bounding_box(), above.bounding_box()
        assert box["y"] >= over["y"] + over["height"] - 1 and box["width"] >= 250, (error, box, over)
    # The summary's links lead to the fields; the form can be put right where it is.
    expect(summary.get_by_role("link", name="E-mail address")).to_have_attribute("href", "#id_email")
    fill_sign_up(page, "phone.reader@example.com")
    expect(page.get_by_label(CONSENT)).to_be_checked()
    sessions.shot(page, "phone-sign-up-put-right")


@pytest.fixture(scope="module")
def alert_links(browser, site):
    return prepare_links(browser, site)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_alert_pages_have_no_wcag_21_aa_violations(sessions, alert_links, name, width):
    page = sessions.open(f"axe-{width}", login=False, bypass_csp=True, **VIEWPORTS[width])  # lets axe-core in
    open_alert_page(page, name, alert_links, width)
    assert axe_violations(page) == []
    sessions.shot(page, f"axe-{name}-{width}")
