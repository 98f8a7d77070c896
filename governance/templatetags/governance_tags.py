"""Template helpers for governance pages: AP-style dates, and a diff's removed and added words."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from company.ap_style import ap_date, ap_time
from governance.diff import DELETE, INSERT, Piece

register = template.Library()

_KIND_NAMES = {
    "heading": "Heading",
    "subheading": "Subheading",
    "paragraph": "Paragraph",
    "item": "List item",
    "line": "Line",
    "title": "Title",
}
_STATUS_NAMES = {"added": "added", "removed": "removed", "changed": "changed"}
# Spoken around each change (the marks are visual: a screen reader does not announce <del>/<ins>).
_DELETED = '<del><span class="visually-hidden">[removed: </span>{}<span class="visually-hidden">]</span></del>'
_INSERTED = '<ins><span class="visually-hidden">[added: </span>{}<span class="visually-hidden">]</span></ins>'


@register.filter
def ap_day(value: dt.date | None) -> str:
    """`Jan. 1, 2011`, `June 15, 2011`: the site's one date style (company/ap_style.py)."""
    return ap_date(value) if value else ""


@register.filter
def ap_moment(value: dt.datetime | None) -> str:
    """`Dec. 2, 2011, 8:00 a.m.` in the active (market) time zone; the caller adds the zone label."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{ap_date(local.date())}, {ap_time(local)}"


@register.filter
def diff_pieces(pieces: list[Piece]) -> SafeString:
    """A block's text with removed words in `<del>` and added ones in `<ins>`, each labelled for screen readers."""
    parts = []
    for piece in pieces:
        if piece.op == DELETE:
            parts.append((_DELETED, piece.text))
        elif piece.op == INSERT:
            parts.append((_INSERTED, piece.text))
        else:
            parts.append(("{}", piece.text))
    return format_html_join("", "{}", ((format_html(fmt, text),) for fmt, text in parts))


@register.filter
def diff_label(block) -> str:
    """`Paragraph changed`, `List item added`, `Heading removed`."""
    return f"{_KIND_NAMES.get(block.kind, 'Text')} {_STATUS_NAMES.get(block.status, block.status)}"
