"""What changed between two versions of a governance document, as a reader wants to see it.

Two versions' readable text (governance.text: one item per heading, paragraph, list item or
form line) are aligned block by block with difflib; a block that was reworded (similar enough
to count as the same paragraph) is compared word by word, so the reader sees the words removed
and added in place rather than a whole paragraph deleted and another inserted. The result is
grouped by section (each top-level heading starts one), so the page can show the sections that
changed in full and name the ones that did not.

Pure functions and plain data: no models, no HTML (the template tags mark it up with
`<del>`/`<ins>` and spoken labels).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from governance.text import SECTION_KINDS

# Two blocks at the same place count as one reworded block from this similarity on (0..1).
REWORDED_AT = 0.6
_TOKENS = re.compile(r"\s+|\w+(?:[-'\u2019]\w+)*|[^\w\s]")

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
UNCHANGED, ADDED, REMOVED, CHANGED = "unchanged", "added", "removed", "changed"


@dataclass(frozen=True)
class Piece:
    """A run of text that is the same in both versions, only in the new one, or only in the old one."""

    op: str
    text: str


@dataclass
class BlockChange:
    """One heading, paragraph or list item: unchanged, added, removed, or changed (word by word)."""

    status: str
    kind: str
    old: str
    new: str
    pieces: list[Piece]

    @property
    def changed(self) -> bool:
        return self.status != UNCHANGED

    @property
    def text(self) -> str:
        """The block's text as it reads now (as it read, for a removed block)."""
        return self.new if self.status != REMOVED else self.old


@dataclass
class SectionChange:
    """A section (its heading and the blocks under it) and what changed in it."""

    anchor: str
    heading: BlockChange | None  # None for the text before the first heading
    blocks: list[BlockChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return (self.heading is not None and self.heading.changed) or any(b.changed for b in self.blocks)

    @property
    def title(self) -> str:
        return self.heading.text if self.heading is not None else "Introduction"

    @property
    def change_count(self) -> int:
        return sum(1 for b in self.blocks if b.changed) + (1 if self.heading and self.heading.changed else 0)

    @property
    def parts(self) -> list[dict]:
        """The blocks in order, each run of unchanged ones as one part (a page folds them away)."""
        parts: list[dict] = []
        for block in self.blocks:
            if block.changed:
                parts.append({"changed": True, "block": block})
            elif parts and not parts[-1]["changed"]:
                parts[-1]["blocks"].append(block)
            else:
                parts.append({"changed": False, "blocks": [block]})
        for part in parts:
            if not part["changed"]:
                part["label"] = _run_label(part["blocks"])
        return parts


def _run_label(blocks: list[BlockChange]) -> str:
    """`1 unchanged paragraph`, `3 unchanged list items`, `4 unchanged paragraphs and list items`."""
    count = len(blocks)
    kinds = {b.kind for b in blocks}
    plural = count != 1
    if kinds == {"item"}:
        noun = "list items" if plural else "list item"
    elif kinds <= {"paragraph", "subheading", "line"}:
        noun = "paragraphs" if plural else "paragraph"
    else:
        noun = "paragraphs and list items"
    return f"{count} unchanged {noun}"


@dataclass
class DocumentDiff:
    """Every section of the newer version (and removed ones) with its changes; the title's change if any."""

    sections: list[SectionChange]
    title: BlockChange | None = None

    @property
    def changed_sections(self) -> list[SectionChange]:
        return [s for s in self.sections if s.changed]

    @property
    def unchanged_sections(self) -> list[SectionChange]:
        return [s for s in self.sections if not s.changed]

    @property
    def change_count(self) -> int:
        return sum(s.change_count for s in self.sections) + (1 if self.title and self.title.changed else 0)

    @property
    def has_changes(self) -> bool:
        return self.change_count > 0


def _merge(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if merged and merged[-1].op == piece.op:
            merged[-1] = Piece(piece.op, merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged


def word_diff(old: str, new: str) -> list[Piece]:
    """`old` → `new` as runs of equal, deleted and inserted text, split at word boundaries.

    A lone space between two changed words belongs to the change, so "a b" → "c d" reads as
    "a b" removed and "c d" added rather than four alternating one-word changes.
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    pieces: list[Piece] = []
    removed: list[str] = []
    added: list[str] = []

    def flush() -> None:
        pieces.append(Piece(DELETE, "".join(removed)))
        pieces.append(Piece(INSERT, "".join(added)))
        removed.clear()
        added.clear()

    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            text = "".join(a[i1:i2])
            between_changes = 0 < index < len(opcodes) - 1 and (removed or added)
            if between_changes and text.isspace():
                removed.append(text)
                added.append(text)
                continue
            flush()
            pieces.append(Piece(EQUAL, text))
            continue
        removed.extend(a[i1:i2])
        added.extend(b[j1:j2])
    flush()
    return _merge(pieces)


def _words(text: str) -> list[str]:
    return [token for token in _TOKENS.findall(text) if not token.isspace()]


def _similarity(old: str, new: str) -> float:
    return difflib.SequenceMatcher(None, _words(old), _words(new), autojunk=False).ratio()


def _same_family(old_kind: str, new_kind: str) -> bool:
    headings = {"heading", "subheading"}
    return old_kind == new_kind or (old_kind in headings and new_kind in headings)


def _added(block: dict) -> BlockChange:
    return BlockChange(ADDED, block["kind"], "", block["text"], [Piece(INSERT, block["text"])])


def _removed(block: dict) -> BlockChange:
    return BlockChange(REMOVED, block["kind"], block["text"], "", [Piece(DELETE, block["text"])])


def _pair_replaced(old: list[dict], new: list[dict]) -> list[BlockChange]:
    """A run of old blocks replaced by a run of new ones: pair the reworded ones in order, the rest removed/added."""
    changes: list[BlockChange] = []
    j = 0
    for block in old:
        match = next(
            (
                k
                for k in range(j, len(new))
                if _same_family(block["kind"], new[k]["kind"])
                and _similarity(block["text"], new[k]["text"]) >= REWORDED_AT
            ),
            None,
        )
        if match is None:
            changes.append(_removed(block))
            continue
        changes.extend(_added(b) for b in new[j:match])
        target = new[match]
        changes.append(
            BlockChange(
                CHANGED, target["kind"], block["text"], target["text"], word_diff(block["text"], target["text"])
            )
        )
        j = match + 1
    changes.extend(_added(b) for b in new[j:])
    return changes


def diff_blocks(old: list[dict], new: list[dict]) -> list[BlockChange]:
    """Every block of both versions in reading order, each with what happened to it."""
    keys_old = [(b["kind"], b["text"]) for b in old]
    keys_new = [(b["kind"], b["text"]) for b in new]
    matcher = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    changes: list[BlockChange] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes.extend(
                BlockChange(UNCHANGED, b["kind"], b["text"], b["text"], [Piece(EQUAL, b["text"])]) for b in new[j1:j2]
            )
        elif op == "delete":
            changes.extend(_removed(b) for b in old[i1:i2])
        elif op == "insert":
            changes.extend(_added(b) for b in new[j1:j2])
        else:
            changes.extend(_pair_replaced(old[i1:i2], new[j1:j2]))
    return changes


def diff_documents(old: list[dict], new: list[dict], *, old_title: str = "", new_title: str = "") -> DocumentDiff:
    """The changes from `old` to `new` (governance.text blocks), grouped by section, with the title's."""
    sections: list[SectionChange] = []
    current = SectionChange(anchor="changes-0", heading=None)
    for change in diff_blocks(old, new):
        if change.kind in SECTION_KINDS:
            if current.heading is not None or current.blocks:
                sections.append(current)
            current = SectionChange(anchor=f"changes-{len(sections) + 1}", heading=change)
        else:
            current.blocks.append(change)
    if current.heading is not None or current.blocks:
        sections.append(current)
    title = None
    if old_title != new_title:
        title = BlockChange(CHANGED, "title", old_title, new_title, word_diff(old_title, new_title))
    return DocumentDiff(sections=sections, title=title)
