"""The governance section in a real browser: the index, the Code and its versions, what changed, the board.

1. At 1366 px, an investor opens /governance/, follows the Code, sees its versions (2012-03 current,
   2011 superseded), opens version 2011 at its own address, comes back, opens "What changed in
   version 2012-03" (removed and added words, labelled), and goes on to the board page and its
   committee-membership table.
2. Each governance page at 1366 and 375 px: no WCAG 2.1 A/AA violation (axe-core), nothing wider
   than a phone screen.

The e2e site is built by `load_demo`; demo.governance is run on it once more here, which adds the
section if demo/builder.py does not build it yet and changes nothing if it does.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import AXE
from tests.support.alert_pages import horizontal_overflow, is_favicon
from tests.support.governance import GOVERNANCE_PAGES, build_demo_governance

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
VIEWPORTS = {
    1366: {"viewport": {"width": 1366, "height": 900}},
    375: {"viewport": {"width": 375, "height": 740}, "is_mobile": True},
}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CODE = "Code of Business Conduct and Ethics"


@pytest.fixture(scope="module")
def governance(site):
    build_demo_governance(site)
    return site


def _axe(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make e2e` (it installs axe-core from the npm registry).")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"], "where": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def _h1(page):
    return page.get_by_role("heading", level=1)


def test_investor_reads_the_code_its_versions_and_the_board(sessions, governance):
    page = sessions.open("investor", login=False, **VIEWPORTS[1366])
    problems = []
    page.on("console", lambda message: problems.append(message) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(error))

    # -- the index, grouped by kind ----------------------------------------------------------
    page.goto("/governance/")
    expect(_h1(page)).to_have_text("Governance", timeout=TIMEOUT)
    main = page.get_by_role("main")
    for heading in ("Board and management", "Code of conduct", "Committee charters"):
        expect(main.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(main.get_by_role("link", name="Audit Committee Charter")).to_be_visible()
    sessions.shot(page, "governance-index")

    # -- the Code and its versions -------------------------------------------------------------
    main.get_by_role("link", name=CODE, exact=True).click()  # not "Waivers of the Code …"
    expect(_h1(page)).to_have_text(CODE, timeout=TIMEOUT)
    expect(page.locator(".document-meta")).to_have_text("Version 2012-03, effective March 1, 2012")
    versions = page.locator("#versions .version-item")
    expect(versions).to_have_count(2)
    expect(versions.nth(0)).to_contain_text("Version 2012-03")
    expect(versions.nth(0)).to_contain_text("Current version")
    expect(versions.nth(1)).to_contain_text("Version 2011")
    expect(versions.nth(1)).to_contain_text("Superseded March 1, 2012")
    sessions.shot(page, "code-current")

    # -- an earlier version at its own address ----------------------------------------------------
    versions.nth(1).get_by_role("link", name="Version 2011").click()
    expect(page).to_have_url(re.compile(r"/governance/code-of-business-conduct-and-ethics/versions/1/$"))
    expect(_h1(page)).to_have_text(CODE, timeout=TIMEOUT)
    expect(page.locator(".document-meta")).to_have_text("Version 2011, effective Jan. 1, 2011")
    expect(page.get_by_role("note", name="About this version")).to_contain_text("no longer in force")
    body = page.locator(".document-body")
    expect(body).to_contain_text("The most current version of this Code can be found on the Company's intranet.")
    expect(body).not_to_contain_text("investor relations website")
    sessions.shot(page, "code-version-2011")

    # -- what changed in version 2012-03 ----------------------------------------------------------
    page.get_by_role("link", name=re.compile(r"Read the current version")).click()
    expect(_h1(page)).to_have_text(CODE, timeout=TIMEOUT)
    page.get_by_role("link", name="What changed in version 2012-03").click()
    expect(page).to_have_url(re.compile(r"/versions/2/#changes$"))
    changes = page.locator("section#changes")
    expect(changes.get_by_role("heading", level=2)).to_have_text("What changed from version 2011")
    expect(changes.locator(".diff-block")).to_have_count(2)
    expect(changes.locator(".diff-tag").first).to_have_text("Paragraph changed")
    expect(changes.locator(".diff-block ins").first).to_contain_text("[added: ")
    expect(changes.locator(".diff-block del").first).to_contain_text("[removed: ")
    # The labels are for screen readers; on screen the marks are struck through and underlined.
    assert changes.locator(".diff-block del").first.evaluate("e => getComputedStyle(e).textDecorationLine") == (
        "line-through"
    )
    assert changes.locator(".diff-block ins").first.evaluate("e => getComputedStyle(e).textDecorationLine") == (
        "underline"
    )
    sessions.shot(page, "code-what-changed")

    # -- the board ----------------------------------------------------------------------------------
    page.goto("/governance/")
    page.get_by_role("main").get_by_role("link", name="Board of directors").click()
    expect(_h1(page)).to_have_text("Board of directors", timeout=TIMEOUT)
    table = page.get_by_role("table", name="Directors and the committees of the board they sit on")
    expect(table.get_by_role("columnheader", name="Audit Committee")).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(6)  # the header row and five directors
    expect(table.get_by_role("row", name=re.compile(r"^Director A \(demo\)"))).to_contain_text("Chair")
    expect(page.get_by_role("heading", level=3, name="John N. Hatsopoulos")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile(r"Placeholder silhouette for John N\. Hatsopoulos"))).to_be_visible()
    sessions.shot(page, "board")
    table.get_by_role("link", name="Audit Committee").click()
    expect(_h1(page)).to_have_text("Audit Committee Charter", timeout=TIMEOUT)
    expect(page.locator(".document-summary")).to_contain_text("Demo text")

    assert [str(getattr(p, "text", p)) for p in problems if not is_favicon(p)] == []


def test_board_photos_load(sessions, governance):
    """Every portrait on the board page loads (the image is served to an anonymous visitor)."""
    page = sessions.open("photos", login=False, **VIEWPORTS[1366])
    page.goto(GOVERNANCE_PAGES["board"])
    photos = page.locator("img.person-photo")
    expect(photos).to_have_count(5, timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    widths = photos.evaluate_all("images => images.map(image => image.naturalWidth)")
    assert all(width > 0 for width in widths), widths


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(GOVERNANCE_PAGES))
def test_governance_pages_have_no_wcag_21_aa_violations(sessions, governance, name, width):
    page = sessions.open(f"axe-{width}", login=False, bypass_csp=True, **VIEWPORTS[width])  # lets axe-core in
    response = page.goto(GOVERNANCE_PAGES[name])
    assert response.status == 200
    expect(_h1(page)).to_have_count(1)
    assert _axe(page) == []
    if width == 375:
        widths = horizontal_overflow(page)
        assert widths["innerWidth"] == 375, f"{name} was zoomed out to fit something wide: {widths}"
        assert widths["scrollWidth"] <= widths["innerWidth"], f"{name} scrolls sideways at 375 px: {widths}"
    sessions.shot(page, f"axe-{name}-{width}")
