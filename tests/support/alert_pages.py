"""The public e-mail alert pages in a real browser (tests/e2e): signing up, confirming, as a person does.

Every sign-up POST counts against the per-client limit (alerts/throttle.py: SIGNUPS_PER_CLIENT an
hour, and every browser here is 127.0.0.1), so the journeys sign up only as often as they must.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.outbox import outbox_of, wait_for_message

TIMEOUT = 30_000  # ms: the machine is shared, a page may take a while
CONSENT = re.compile(r"^I want to receive e-mail alerts from ")


def heading(page):
    return page.get_by_role("heading", level=1)


def fill_sign_up(page, address: str, *, topics: tuple[str, ...] = (), agree: bool = True) -> None:
    """On the sign-up page: the address, all releases or only `topics`, the consent box."""
    page.get_by_label("E-mail address").fill(address)
    if topics:
        page.get_by_label("Only the topics I choose").check()
        for topic in topics:
            page.get_by_label(topic, exact=True).check()
    else:
        page.get_by_label("All press releases").check()
    if agree:
        page.get_by_label(CONSENT).check()


def submit_sign_up(page) -> None:
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_load_state()


def sign_up(page, address: str, *, topics: tuple[str, ...] = ()) -> None:
    """Open the sign-up page, sign `address` up and wait for "Check your inbox"."""
    page.goto("/alerts/")
    fill_sign_up(page, address, topics=topics)
    submit_sign_up(page)
    expect(heading(page)).to_have_text("Check your inbox", timeout=TIMEOUT)


def confirmation_link(site, address: str) -> str:
    """The path of the confirm link in the confirmation message to `address` (waiting for it)."""
    return wait_for_message(outbox_of(site), address, subject="Confirm your e-mail alerts").link("confirm")


def confirm(page, confirm_path: str) -> str:
    """Open a confirm link and click the button; returns the path of the manage link the page gives."""
    page.goto(confirm_path)
    page.get_by_role("button", name="Confirm my e-mail alerts").click()
    expect(heading(page)).to_have_text("You are subscribed", timeout=TIMEOUT)
    return manage_link(page)


def manage_link(page) -> str:
    """On the "You are subscribed" page: the path of its link to change topics."""
    href = page.get_by_role("link", name="change them now").get_attribute("href")
    assert href and href.startswith("/alerts/manage/"), href
    return href


def horizontal_overflow(page) -> dict:
    """How wide the page is against the window: scrollWidth <= innerWidth means no sideways scrolling."""
    return page.evaluate(
        "() => ({scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth,"
        " clientWidth: document.documentElement.clientWidth})"
    )


def subscriber(site, address: str) -> tuple[str, bool, list[str]]:
    """(status, all releases?, topic names) of `address`, read from the site's database."""
    [(pk, status, all_releases)] = site.query(
        "SELECT id, status, all_releases FROM alerts_subscriber WHERE email = %s", (address,)
    )
    topics = site.query(
        "SELECT c.name FROM releases_category c JOIN alerts_subscriber_categories sc ON sc.category_id = c.id"
        " WHERE sc.subscriber_id = %s ORDER BY c.name",
        (pk,),
    )
    return status, bool(all_releases), [name for (name,) in topics]


# -- the pages the accessibility checks visit -------------------------------------------------

PAGES = ("signup", "signup-errors", "check-inbox", "confirm", "manage", "unsubscribed")
WIDTHS = (1366, 375)


def prepare_links(browser, site) -> dict:
    """Subscribers in the states the checked pages need, signed up and confirmed in a browser of their own.

    {"confirm": a pending subscriber's confirm link, "manage": an active one's manage link (both
    pages only looked at), "leave": {width: the manage link of an active subscriber to unsubscribe
    at that width}}: four sign-ups.
    """
    context = browser.new_context(base_url=site.base_url)
    page = context.new_page()
    try:
        sign_up(page, "pending.reader@example.com", topics=("Products", "Financial results"))
        pending = confirmation_link(site, "pending.reader@example.com")
        sign_up(page, "steady.holder@example.com")
        manage = confirm(page, confirmation_link(site, "steady.holder@example.com"))
        leave = {}
        for width in WIDTHS:
            address = f"leaving.{width}@example.com"
            sign_up(page, address, topics=("Financing",))
            leave[width] = confirm(page, confirmation_link(site, address))
    finally:
        context.close()
    return {"confirm": pending, "manage": manage, "leave": leave}


def open_alert_page(page, name: str, links: dict, width: int) -> None:
    """Bring `page` to the alert page `name` (one of PAGES), as a visitor gets there."""
    if name == "signup":
        page.goto("/alerts/")
        expect(heading(page)).to_have_text("E-mail alerts", timeout=TIMEOUT)
    elif name == "signup-errors":
        page.goto("/alerts/")
        submit_sign_up(page)
        expect(page.get_by_role("alert")).to_contain_text("Please check the form", timeout=TIMEOUT)
    elif name == "check-inbox":
        page.goto("/alerts/check-your-inbox/")
        expect(heading(page)).to_have_text("Check your inbox", timeout=TIMEOUT)
    elif name == "confirm":
        page.goto(links["confirm"])
        expect(page.get_by_role("button", name="Confirm my e-mail alerts")).to_be_visible(timeout=TIMEOUT)
    elif name == "manage":
        page.goto(links["manage"])
        expect(page.get_by_role("button", name="Save my topics")).to_be_visible(timeout=TIMEOUT)
    elif name == "unsubscribed":
        page.goto(links["leave"][width])
        page.get_by_role("button", name="Unsubscribe from all alerts").click()
        expect(heading(page)).to_have_text("You are unsubscribed", timeout=TIMEOUT)
    else:
        raise ValueError(f"no alert page {name!r}: {PAGES}")


def is_favicon(problem) -> bool:
    """A console message about /favicon.ico, which Chromium requests by itself and the site does not serve."""
    location = getattr(problem, "location", None) or {}
    return str(location.get("url", "")).endswith("/favicon.ico")
