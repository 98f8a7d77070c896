"""The public pages in a real browser: no WCAG 2.1 A/AA violation (axe-core), phone width, print, visible focus."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import AXE

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "newsroom-filtered": "/news/?year=2011&category=financing",
    "newsroom-search": "/news/?q=placement",
    "release": "/news/tecogen-raises-over-29-million/",
    "corrected-release": "/news/tecogen-annual-meeting-of-stockholders/",
    "release-as-first-published": "/news/tecogen-annual-meeting-of-stockholders/v1/",
    "code": "/governance/code-of-business-conduct-and-ethics/",
}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_public_pages_run_under_their_strict_policy_without_errors(sessions):
    """No CSP violation or script error in the browser on any public page (the policy blocks nothing we use)."""
    page = sessions.open("csp", login=False)
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    for url in PAGES.values():
        response = page.goto(url)
        assert "script-src 'self';" in response.headers["content-security-policy"] + ";"
    assert problems == []


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make e2e` (it installs axe-core from the npm registry).")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"], "where": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("name", list(PAGES))
def test_no_wcag_21_aa_violations(sessions, name):
    page = sessions.open("investor", login=False, bypass_csp=True)  # lets the test inject axe-core
    response = page.goto(PAGES[name])
    assert response.status == 200
    assert axe_violations(page) == []
    sessions.shot(page, f"axe-{name}")


@pytest.mark.parametrize("name", list(PAGES))
def test_works_at_phone_width(sessions, name):
    """375 px wide: nothing runs off the side, the headline and navigation are on screen."""
    page = sessions.open("phone", login=False, viewport={"width": 375, "height": 740}, is_mobile=True, bypass_csp=True)
    page.goto(PAGES[name])
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than a 375px screen"
    assert page.locator("h1").first.bounding_box()["width"] <= 375
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert axe_violations(page) == []
    sessions.shot(page, f"phone-{name}")


def test_release_prints_as_a_clean_document(sessions):
    """Print: navigation and the previous/next pager gone; the whole release there, headline to SOURCE line."""
    page = sessions.open("print", login=False)
    page.goto(PAGES["release"])
    assert page.get_by_role("navigation", name="Main").is_visible()  # on screen, before print media
    pager = page.locator(".release-pager")
    pager_on_screen = pager.count() > 0 and pager.is_visible()
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Main").is_visible()
    if pager_on_screen:  # the reference release has neighbours once the journeys have published one
        assert not pager.is_visible()
    text = page.locator("main").inner_text()
    for part in ("Tecogen Raises Over $2.9 Million", "WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ --", "SOURCE Tecogen"):
        assert part in text
    pdf = page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    page.screenshot(path=str(sessions.results_dir / "print-release.png"), full_page=True)


def test_keyboard_focus_is_visible(sessions):
    """Tab from the top: the skip link appears, then each link shows a focus outline."""
    page = sessions.open("keyboard", login=False)
    page.goto(PAGES["newsroom-filtered"])
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("e => e === document.activeElement")
    assert skip.bounding_box()["x"] >= 0  # moved on screen when focused
    for _ in range(4):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return {tag: e.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"
        )
        assert style["outline"] != "none" and style["width"] >= 2, style
    sessions.shot(page, "keyboard-focus")
