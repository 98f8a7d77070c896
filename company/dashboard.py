"""A dashboard panel that lists rows and is left out when it has none.

The admin dashboard's panels of the apps (scheduled releases, Code waivers to disclose,
certification campaigns, quiet periods) each list a few rows for the person signed in and show
nothing at all when there are none. Here once, at the bottom, for every app above: the rows are
computed once and only when the dashboard renders the panel.
"""

from __future__ import annotations

from wagtail.admin.ui.components import Component


class RowsPanel(Component):
    """A dashboard panel of `rows` (from `get_rows`, computed once); nothing is rendered without rows."""

    def __init__(self, user=None):
        self.user = user
        self._rows = None

    def get_rows(self) -> list:
        raise NotImplementedError

    @property
    def rows(self) -> list:
        if self._rows is None:
            self._rows = self.get_rows()
        return self._rows

    def render_html(self, parent_context=None) -> str:
        if not self.rows:
            return ""
        return super().render_html(parent_context)
