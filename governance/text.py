"""A governance document's readable text, block by block: what a version freezes and a diff compares.

A document's body is a stream of headings, paragraphs, lists and a certification form
(governance.blocks). For comparing two versions, readers care about the text in reading order,
by paragraph and by section, not about the stream's JSON: `text_blocks` flattens the body into
a list of `{"kind": ..., "text": ...}` items, one per heading, paragraph, list item or form
line. Whitespace is normalised, so re-saving the same text never shows as a change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A section starts at each of these; a subheading stays inside its section.
SECTION_KINDS = frozenset({"heading"})
HEADING_KINDS = frozenset({"heading", "subheading"})

_SPACES = re.compile(r"\s+")


def _norm(text: object) -> str:
    return _SPACES.sub(" ", str(text or "")).strip()


def _item(kind: str, text: object) -> dict | None:
    text = _norm(text)
    return {"kind": kind, "text": text} if text else None


def _certification_items(value) -> Iterable[dict | None]:
    yield _item("heading", value.get("heading"))
    for line in value.get("intro") or []:
        yield _item("line", line)
    for statement in value.get("statements") or []:
        yield _item("item", statement)
    for line in value.get("signature_lines") or []:
        yield _item("line", line)
    for paragraph in re.split(r"\n\s*\n", str(value.get("notice") or "")):
        yield _item("paragraph", paragraph)


def text_blocks(body) -> list[dict]:
    """The body's readable text in reading order: one `{"kind", "text"}` per heading, paragraph, list item, form line.

    `body` is a StreamValue (or any iterable of blocks with `block_type` and `value`).
    Kinds: heading, subheading, paragraph, item (a list item or a numbered statement), line.
    """
    items: list[dict | None] = []
    for block in body or []:
        kind, value = block.block_type, block.value
        if kind in ("heading", "subheading", "paragraph"):
            items.append(_item(kind, value))
        elif kind in ("bulleted_list", "numbered_list"):
            items.extend(_item("item", entry) for entry in value)
        elif kind == "certification":
            items.extend(_certification_items(value))
        else:  # a block type added later: its text still counts
            items.append(_item("paragraph", value))
    return [item for item in items if item]


def plain_text(blocks: list[dict]) -> str:
    """The blocks as plain text, one paragraph per block (for search, export, a certification's record)."""
    return "\n\n".join(block["text"] for block in blocks)


def section_headings(blocks: list[dict]) -> list[str]:
    """The top-level headings, in order (a version's table of contents)."""
    return [block["text"] for block in blocks if block["kind"] in SECTION_KINDS]
