"""Import the plain-text Code of Business Conduct and Ethics as a governance page.

The source is a PDF-to-text conversion. ``parse_code_document`` turns it into
``GovernanceBodyBlock`` stream data, keeping its structure and every sentence, and
keeping the wording exactly as published (typos included); only whitespace is
normalised. The rules, in order:

* The first two non-blank lines are the organisation ("TECOGEN INC") and the title
  ("Code of Business Conduct and Ethics"); they are returned separately, not as body.
* Blank lines separate chunks. A chunk whose first line starts with ``"- "`` is a
  bulleted list: each ``"- "`` line starts an item, and any other line (the
  conversion indents continuation lines with a space) is joined to the current item.
  Any other multi-line chunk is one paragraph, its lines joined with a space.
* A one-line chunk written in capitals (and not ending in terminal punctuation) is a
  heading. It is a *subheading* when its section opens with a lead-in paragraph that
  ends in a colon followed directly by a list (for example "EMPLOYEES AND OFFICERS",
  then "Employees and officers must not:", then the list): such a line names a
  sub-part of the section above it rather than starting a new topic.
* The conversion sometimes breaks a sentence across a blank line. When a paragraph
  (or a list's last item) ends without terminal punctuation and the next paragraph
  (or the next list's first item) starts with a lower-case letter, the two are joined
  into one paragraph (or one item).
* The heading "CERTIFICATION" and everything after it become one ``certification``
  block: the lines before the numbered statements are its intro, the numbered lines
  its statements (without their "1. " prefixes), the following lines up to the next
  blank line its signature lines, and any later paragraphs its notice.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from governance.models import DocumentKind, GovernanceDocumentPage, GovernanceIndexPage

CODE_SLUG = "code-of-business-conduct-and-ethics"
CODE_TITLE = "Code of Business Conduct and Ethics"
CODE_SUMMARY = "Standards of conduct for directors, officers and employees of Tecogen Inc."
CERTIFICATION_HEADING = "CERTIFICATION"

_BULLET = re.compile(r"^-\s+")
_NUMBERED = re.compile(r"^(\d+)[.)]\s+")
# Ends a sentence: . ! ? : ; optionally followed by closing quotes or brackets.
_TERMINAL = re.compile(r"[.!?:;][\"'\u201d\u2019)\]]*$")
_SPACES = re.compile(r"\s+")


@dataclass
class ParsedCode:
    """The Code split into its organisation line, title and body stream data."""

    organisation: str
    title: str
    body: list[tuple[str, object]] = field(default_factory=list)


def default_code_path() -> Path:
    """Where the sample Code lives in the project."""
    return Path(settings.BASE_DIR) / "sample_data" / "code-of-business-conduct-and-ethics.txt"


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _is_caps_line(line: str) -> bool:
    return any(c.isalpha() for c in line) and line == line.upper()


def _ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip()))


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].islower()


def _chunks(lines: list[str]) -> list[list[str]]:
    """Group lines into blank-line separated chunks (lines keep leading spaces)."""
    chunks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def _list_items(chunk: list[str]) -> list[str]:
    items: list[str] = []
    for line in chunk:
        stripped = line.strip()
        if _BULLET.match(stripped) and not line[:1].isspace():
            items.append(_BULLET.sub("", stripped))
        elif items:
            items[-1] = f"{items[-1]} {stripped}"
        else:  # pragma: no cover - _classify only calls this for chunks starting with "- "
            items.append(stripped)
    return [_norm(item) for item in items]


def _classify(chunk: list[str]) -> tuple[str, object]:
    first = chunk[0].strip()
    if _BULLET.match(first):
        return ("bulleted_list", _list_items(chunk))
    text = _norm(" ".join(chunk))
    if len(chunk) == 1 and _is_caps_line(text) and not _ends_sentence(text):
        return ("heading", text)
    return ("paragraph", text)


def _join_split_sentences(blocks: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Re-join paragraphs and list items that the conversion split across a blank line."""
    merged: list[tuple[str, object]] = []
    for kind, value in blocks:
        if merged:
            prev_kind, prev_value = merged[-1]
            if kind == prev_kind == "paragraph":
                if not _ends_sentence(prev_value) and _starts_lower(value):
                    merged[-1] = ("paragraph", f"{prev_value} {value}")
                    continue
            elif (
                kind == prev_kind == "bulleted_list" and not _ends_sentence(prev_value[-1]) and _starts_lower(value[0])
            ):
                items = [*prev_value[:-1], f"{prev_value[-1]} {value[0]}", *value[1:]]
                merged[-1] = ("bulleted_list", items)
                continue
        merged.append((kind, value))
    return merged


def _mark_subheadings(blocks: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """A heading whose section opens "... must not:" followed by a list is a subheading."""
    result: list[tuple[str, object]] = []
    for i, (kind, value) in enumerate(blocks):
        if (
            kind == "heading"
            and i + 2 < len(blocks)
            and blocks[i + 1][0] == "paragraph"
            and str(blocks[i + 1][1]).endswith(":")
            and blocks[i + 2][0] in ("bulleted_list", "numbered_list")
        ):
            kind = "subheading"
        result.append((kind, value))
    return result


def _parse_certification(heading: str, lines: list[str]) -> dict:
    intro: list[str] = []
    statements: list[str] = []
    signature_lines: list[str] = []
    notice_paragraphs: list[str] = []
    chunks = _chunks(lines)
    form = chunks[0] if chunks else []
    for line in form:
        stripped = line.strip()
        match = _NUMBERED.match(stripped)
        if match and not signature_lines:
            statements.append(stripped[match.end() :])
        elif line[:1].isspace() and statements and not signature_lines:
            statements[-1] = f"{statements[-1]} {stripped}"
        elif statements:
            signature_lines.append(stripped)
        else:
            intro.append(stripped)
    for chunk in chunks[1:]:
        notice_paragraphs.append(_norm(" ".join(chunk)))
    return {
        "heading": heading,
        "intro": [_norm(line) for line in intro],
        "statements": [_norm(s) for s in statements],
        "signature_lines": [_norm(line) for line in signature_lines],
        "notice": "\n\n".join(notice_paragraphs),
    }


def parse_code_document(text: str) -> ParsedCode:
    """Split the plain-text Code into organisation, title and body stream data."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    header: list[str] = []
    position = 0
    while position < len(lines) and len(header) < 2:
        if lines[position].strip():
            header.append(_norm(lines[position]))
        position += 1
    organisation = header[0] if header else ""
    title = header[1] if len(header) > 1 else ""
    rest = lines[position:]

    certification_at = next((i for i, line in enumerate(rest) if line.strip() == CERTIFICATION_HEADING), None)
    body_lines = rest if certification_at is None else rest[:certification_at]

    blocks = [_classify(chunk) for chunk in _chunks(body_lines)]
    blocks = _mark_subheadings(_join_split_sentences(blocks))
    if certification_at is not None:
        blocks.append(
            (
                "certification",
                _parse_certification(rest[certification_at].strip(), rest[certification_at + 1 :]),
            )
        )
    return ParsedCode(organisation=organisation, title=title, body=blocks)


def parse_code_text(text: str) -> list[tuple[str, object]]:
    """The Code's body as ``GovernanceBodyBlock`` stream data (organisation and title left out)."""
    return parse_code_document(text).body


def ensure_governance_index(home):
    """Return the site's GovernanceIndexPage, creating and publishing `/governance/` if missing."""

    index = GovernanceIndexPage.objects.child_of(home).first()
    if index is None:
        index = GovernanceIndexPage.objects.first()
    if index is not None:
        return index
    index = GovernanceIndexPage(title="Governance", slug="governance")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index.specific


@transaction.atomic
def load_code_page(
    index_page,
    path: str | Path | None = None,
    *,
    version: str = "1.0",
    effective_date: datetime.date = datetime.date(2011, 1, 1),
):
    """Create or update the Code page under ``index_page`` from the text file, and publish it.

    Idempotent: the page is found by its slug, so loading again saves a new revision of
    the same page instead of adding another. Publishing freezes the text as a version of the
    Code (governance.versions); loading other text needs a new version label. Under the
    Disclosure Policy the caller publishes inside `disclosure.guard.historical_record`.
    """

    source = Path(path) if path is not None else default_code_path()
    parsed = parse_code_document(source.read_text(encoding="utf-8"))
    title = parsed.title or CODE_TITLE

    page = GovernanceDocumentPage.objects.child_of(index_page).filter(slug=CODE_SLUG).first()
    if page is None:
        page = GovernanceDocumentPage(
            title=title,
            slug=CODE_SLUG,
            kind=DocumentKind.CODE,
            version=version,
            effective_date=effective_date,
            summary=CODE_SUMMARY,
            body=parsed.body,
        )
        index_page.add_child(instance=page)
    else:
        page = page.get_latest_revision_as_object()
        page.title = title
        page.kind = DocumentKind.CODE
        page.version = version
        page.effective_date = effective_date
        page.summary = CODE_SUMMARY
        page.body = parsed.body
    page.save_revision().publish()
    page.refresh_from_db()
    return page
