"""The site's identity in a real browser: logo, brand colour, IR menu and footer, at 1366 and 375 px.

1. Home, newsroom, a release, contacts, accessibility statement and legal notice at 1366 and
   375 px: no WCAG 2.1 A/AA violation (axe-core), nothing wider than the screen, the menu's six
   sections on screen; a screenshot of each in var/screenshots/.
2. Under the site's strict CSP (no bypass): the brand stylesheet and the logo load, the menu bar
   has the brand colour, nothing is blocked.
3. Without JavaScript at 375 px, the whole menu is there to tap, in two rows.
4. From the keyboard: the skip link, the company's mark, then the six sections, each with a
   visible focus outline; the current section is announced as current.
5. Printed: no menu.

The demo's identity (demo/identity.py) is put on the shared site first, as `load_demo` will.
The branded 404 and 500 pages are not here: the browser tests' server runs the dev settings
(DEBUG on, Django's own debug pages); tests/company/test_error_pages.py serves them with DEBUG off.
"""

from __future__ import annotations

import pytest

from bench.embargo_lag import ROOT
from tests.support.site_chrome import axe_violations

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "var" / "screenshots"
PAGES = {
    "home": "/",
    "newsroom": "/news/",
    "release": "/news/tecogen-raises-over-29-million/",
    "contacts": "/contacts/",
    "accessibility": "/accessibility/",
    "legal": "/legal/",
}
VIEWPORTS = {
    1366: {"viewport": {"width": 1366, "height": 900}},
    375: {"viewport": {"width": 375, "height": 740}, "is_mobile": True},
}
MENU = ["News", "Events & Presentations", "Governance", "SEC filings", "E-mail alerts", "Contacts"]
BRAND_RGB = "rgb(29, 107, 68)"  # demo/identity.py's #1d6b44


@pytest.fixture(scope="module")
def identity(site):
    """The demo logo, colour and contacts on the running site; cached pages emptied, as a publish does."""
    site.manage(
        "shell",
        "-c",
        "from demo.identity import build_identity; build_identity(); "
        "from releases.content_version import bump_feeds_generation; bump_feeds_generation()",
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return site


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"identity-{name}.png"), full_page=True)


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_have_no_wcag_21_aa_violations_and_fit_the_screen(sessions, identity, name, width):
    """axe-core finds nothing; nothing runs off the side; the menu is on screen; one h1."""
    page = sessions.open(f"axe-{width}", login=False, bypass_csp=True, **VIEWPORTS[width])  # lets axe-core in
    response = page.goto(PAGES[name])
    assert response.status == 200
    assert axe_violations(page) == []
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than the {width}px screen"
    menu = page.get_by_role("navigation", name="Main")
    assert menu.get_by_role("link").all_inner_texts() and menu.is_visible()
    for link in menu.get_by_role("link").all():
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width and box["height"] >= 24, link
    assert page.locator("h1").count() == 1
    shot(page, f"{name}-{width}")


def test_brand_stylesheet_and_logo_load_under_the_strict_policy(sessions, identity):
    """No CSP bypass: the colour applies, the logo image decodes, the console stays clean."""
    page = sessions.open("csp-identity", login=False, **VIEWPORTS[1366])
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    for url in ("/", "/news/", "/contacts/"):
        page.goto(url)
        nav = page.get_by_role("navigation", name="Main")
        assert nav.evaluate("e => getComputedStyle(e).backgroundColor") == BRAND_RGB
        assert nav.get_by_role("link").first.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
        logo = page.get_by_role("img", name="Tecogen")
        assert logo.evaluate("img => img.complete && img.naturalWidth") == 480
        assert page.evaluate("() => getComputedStyle(document.body).fontFamily").startswith("system-ui")
    assert problems == []


def test_without_javascript_the_phone_menu_is_all_there_in_two_rows(sessions, identity):
    """375 px, JavaScript off: six tappable sections, three a row, full names for screen readers."""
    page = sessions.open("no-js", login=False, java_script_enabled=False, **VIEWPORTS[375])
    page.goto("/news/")
    links = page.get_by_role("navigation", name="Main").get_by_role("link")
    names = [link.get_attribute("aria-current") for link in links.all()]
    assert names[0] == "page" and names[1:] == [None] * 5
    boxes = [link.bounding_box() for link in links.all()]
    assert all(box["height"] >= 44 and box["width"] >= 44 for box in boxes)
    assert len({round(box["y"]) for box in boxes}) == 2
    shot(page, "no-js-newsroom-375")


def test_keyboard_reaches_the_mark_and_each_section_with_visible_focus(sessions, identity):
    """Tab: skip link, the mark (named for the company and home), the six sections in order, each outlined."""
    page = sessions.open("keyboard-identity", login=False, **VIEWPORTS[1366])
    page.goto("/contacts/")
    names = []
    for _ in range(8):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        style = focused.evaluate(
            "e => { const s = getComputedStyle(e);"
            " return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"
        )
        assert style["outline"] != "none" and style["width"] >= 2, style
        # The role and accessible name a screen reader announces (the snapshot's first line).
        names.append(focused.aria_snapshot().splitlines()[0].rstrip(":"))
    assert names[:2] == ['- link "Skip to main content"', '- link "Tecogen investor relations home"']
    assert names[2:] == [f'- link "{label}"' for label in MENU]
    assert page.get_by_role("link", name="Contacts", exact=True).first.get_attribute("aria-current") == "page"


def test_printed_pages_have_no_menu(sessions, identity):
    """Print media: the menu and the footer's links are gone, the content and the IR contact stay."""
    page = sessions.open("print-identity", login=False, **VIEWPORTS[1366])
    page.goto("/contacts/")
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert page.get_by_role("heading", name="Investor contacts").is_visible()
    assert not page.get_by_role("link", name="Legal notice").is_visible()
    shot(page, "print-contacts")
