"""The investor-relations menu: what an investor looks for on an IR site, in the order IR sites list it.

Paths, not page lookups: the sections are the apps' fixed URLs (the newsroom's slug is `news`,
and the others are routes or index pages with fixed slugs), so drawing the menu costs no query.
Which item is current is read from the request's path: `aria-current="page"` on the section's
own page, `aria-current="true"` on the pages inside it (a release under News).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MenuItem:
    label: str
    path: str
    # Shown instead of the label on a narrow screen (the full label stays in the link's name).
    short_label: str = ""


IR_MENU = (
    MenuItem("News", "/news/"),
    MenuItem("Events & Presentations", "/events/", short_label="Events"),
    MenuItem("Governance", "/governance/"),
    MenuItem("SEC filings", "/filings/"),
    MenuItem("E-mail alerts", "/alerts/"),
    MenuItem("Contacts", "/contacts/"),
)


@dataclass(frozen=True)
class MenuEntry:
    item: MenuItem
    current: str  # "page", "true" or "" (the value of aria-current)

    @property
    def label(self) -> str:
        return self.item.label

    @property
    def short_label(self) -> str:
        return self.item.short_label

    @property
    def path(self) -> str:
        return self.item.path


def current_value(item_path: str, path: str) -> str:
    """aria-current for the menu item at `item_path` when the visitor is at `path`."""
    if path == item_path:
        return "page"
    if path.startswith(item_path):
        return "true"
    return ""


def menu_for(path: str) -> list[MenuEntry]:
    """The IR menu with the visitor's section marked."""
    return [MenuEntry(item, current_value(item.path, path or "")) for item in IR_MENU]
