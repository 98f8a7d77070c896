"""What the identity tests share: reading the header, menu and footer of a page, and an urlconf that fails.

`urlpatterns` makes this module a test-only urlconf (`@pytest.mark.urls("tests.support.site_chrome")`):
the site's own routes plus `/boom/`, a view that raises, to see the 500 page as production serves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.urls import include, path

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_image, png_bytes

AXE = Path(__file__).resolve().parents[1] / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, *, under_policy: bool = False) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on a Playwright page (opened with bypass_csp=True).

    under_policy=True: for a page opened under the site's own Content-Security-Policy (no bypass),
    checked as readers get it. axe-core is then evaluated through the DevTools protocol, which the
    page's policy does not govern. It matters where the policy shapes the page: a feed shown through
    its XSLT, where Chromium inserts its own XSLT notice whose inline style the policy refuses and
    static/feeds/feed.css styles instead.
    """
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make e2e` (it installs axe-core from the npm registry).")
    if under_policy:
        page.evaluate(AXE.read_text(encoding="utf-8") + ";0")
    else:
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"], "where": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@dataclass(frozen=True)
class MenuLink:
    name: str  # what a screen reader announces: the full label, however narrow the screen
    href: str
    current: str | None


def main_menu(page: BeautifulSoup) -> list[MenuLink]:
    """The links of the navigation labelled "Main", with their aria-current."""
    nav = page.find("nav", attrs={"aria-label": "Main"})
    assert nav is not None, "no navigation labelled Main"
    links = []
    for a in nav.find_all("a"):
        hidden = [span.get_text() for span in a.find_all(attrs={"aria-hidden": "true"})]
        name = a.get_text()
        for text in hidden:
            name = name.replace(text, "", 1)
        links.append(MenuLink(" ".join(name.split()), a["href"], a.get("aria-current")))
    return links


def current_sections(page: BeautifulSoup) -> list[tuple[str, str]]:
    """(name, aria-current) of each menu link marked current."""
    return [(link.name, link.current) for link in main_menu(page) if link.current]


def set_identity(profile, **fields) -> None:
    """Save the profile with these fields, checked the way the admin checks them."""
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()


def logo_image(title: str = "Tecogen logo"):
    """A small wide PNG, as a logo is."""
    return make_image(title=title, content=png_bytes((29, 107, 68), size=(240, 60)), name="logo.png")


IR_CONTACTS = {
    "ir_contact_name": "Jane Investor",
    "ir_contact_title": "Investor Relations",
    "ir_contact_phone": "+1 555-010-0142",
    "ir_contact_email": "ir@example.com",
    "ir_firm_name": "Example IR Partners",
    "ir_firm_contact": "Sam Analyst",
    "ir_firm_phone": "+1 555-010-0177",
    "ir_firm_email": "tgen@example-ir.com",
    "transfer_agent_name": "Example Stock Transfer",
    "transfer_agent_address": "1 Example Plaza\nNew York, NY 10004",
    "transfer_agent_phone": "+1 555-010-0199",
    "transfer_agent_website": "https://transfer.example.com",
}


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("boom/", boom), path("", include("ir_site.urls"))]


def profile_url(profile) -> str:
    """Admin → Settings → Company profile, for the profile's site."""
    return f"/admin/settings/company/companyprofile/{profile.site_id}/"


def admin_post(profile, **changes) -> dict:
    """The settings form as the admin posts it: every field of the profile, with these changes."""
    data = {
        field.name: getattr(profile, field.attname) or ""
        for field in type(profile)._meta.concrete_fields
        if field.name not in ("id", "site")
    }
    data["logo"] = profile.logo_id or ""
    return {**data, **changes}
