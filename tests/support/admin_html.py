"""Reading the admin's HTML as a user sees it: dashboard panels, the editor's footer and status panel."""

from __future__ import annotations

from bs4 import BeautifulSoup


def dashboard_panels(html: str) -> list[tuple[str, str, object]]:
    """(section id, heading, section) of every dashboard panel with a heading, top first."""
    soup = BeautifulSoup(html, "html.parser")
    panels = []
    for section in soup.select("section.w-panel"):
        heading = section.select_one("[data-panel-heading-text]")
        if heading is not None:
            panels.append((section.get("id", ""), heading.get_text(strip=True), section))
    return panels


def awaiting_links(html: str, href: str) -> dict[str, int]:
    """ "Awaiting your …" panel (its section id) -> how many of its rows link to `href`; panels without one left out.

    Keyed by id, not heading: Wagtail's own panel and ours may both be headed "Awaiting your review".
    """
    counts = {}
    for section_id, heading, section in dashboard_panels(html):
        if heading.startswith("Awaiting"):
            found = sum(1 for row in section.select("tbody tr") if row.select(f'a[href="{href}"]'))
            if found:
                counts[section_id] = found
    return counts


def primary_action(html: str) -> str:
    """The text of the editor footer's primary button (the one outside the "More actions" menu)."""
    soup = BeautifulSoup(html, "html.parser")
    footer = soup.select_one("footer .w-dropdown-button") or soup.select_one(".w-dropdown-button")
    button = next(child for child in footer.children if getattr(child, "name", None) in ("button", "a"))
    return " ".join(button.get_text(" ", strip=True).split())


def more_actions(html: str) -> list[str]:
    """The texts of the items in the editor footer's "More actions" menu."""
    soup = BeautifulSoup(html, "html.parser")
    footer = soup.select_one("footer .w-dropdown-button") or soup.select_one(".w-dropdown-button")
    menu = footer.select_one("[data-w-dropdown-target='content']") or footer
    return [" ".join(item.get_text(" ", strip=True).split()) for item in menu.select("button, a")]


def status_comments(html: str) -> list[str]:
    """The texts of the reviewers' comments in the editor's status side panel, as shown, top first."""
    soup = BeautifulSoup(html, "html.parser")
    items = soup.select("#workflow-comments [data-workflow-comment]")
    return [" ".join(item.get_text(" ", strip=True).split()) for item in items]


def open_request_for_changes(html: str) -> str | None:
    """The text of the request for changes the release waits on, as the status panel marks it (None if none)."""
    item = BeautifulSoup(html, "html.parser").select_one('#workflow-comments [data-workflow-comment="open"]')
    return " ".join(item.get_text(" ", strip=True).split()) if item else None
