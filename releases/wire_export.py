"""A release -> the plain text a wire takes ("Download wire text", `manage.py export_release`).

The other half of releases/wire_import.py, in the same anatomy, the seed release's
(sample_data/press-release-2011-12-02-private-placement.txt): the date line, headline,
subheadline, the lead paragraph opening with the dateline lead-in the page shows, the body,
"About <Company>", the forward-looking legend, the press contacts and the SOURCE line. A
correction opens with the wires' preamble: `CORRECTING and REPLACING <headline as first
published>`, then the note and "The corrected release follows:".

`wire_text` is pure: it reads the release it is given (a page or a revision's object, with
its frozen contacts and its versions) and writes nothing, so any revision's text can be had
without changing it.

Imported again, the text gives back the same release (tests/releases/test_wire_export.py) for
what a wire text can carry: headline, subheadline, dateline, wire, release date, paragraphs,
bulleted lists, quotes in the `"..." said Name, Title of Company.` form, boilerplate, legend,
contacts with their line labels, SOURCE and a correction's note. These do not round-trip, because
plain text has no way to say them, and come back as the importer reads them:

* a heading, a table (its caption and rows, cells joined by ` | `), an image (its caption or
  alt text) and a document link (`label: URL`) come back as paragraphs; the image and the
  document themselves are not in the text;
* a numbered list comes back as a bulleted list; bold, italic, superscript, subscript and
  links are lost, and a line break inside a paragraph or a quote becomes a space;
* a quote that does not name its speaker that way comes back as a paragraph (a first block
  that is no paragraph follows the lead-in on its own line, as on the page, and reads back);
* a contact line that had no label comes back labelled (`Ph:`, `E:`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

from releases.models import PressReleasePage
from releases.models.pages import paragraphs

__all__ = [
    "BULLET",
    "CORRECTED_RELEASE_FOLLOWS",
    "CORRECTING_AND_REPLACING",
    "DEFAULT_EMAIL_LABEL",
    "DEFAULT_PHONE_LABEL",
    "LEGEND_HEADING",
    "NoLiveText",
    "release_for_export",
    "wire_text",
]

BULLET = "\u2022"
DEFAULT_PHONE_LABEL = "Ph:"
DEFAULT_EMAIL_LABEL = "E:"
CORRECTING_AND_REPLACING = "CORRECTING and REPLACING"
CORRECTED_RELEASE_FOLLOWS = "The corrected release follows:"
LEGEND_HEADING = "Forward-Looking Statements"

# Full month names, not strftime's %B: the text is English whatever the process locale is.
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# HTML collapses runs of these; a no-break space is text and stays.
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
# The page's test (releases.templatetags.release_tags) for putting the lead-in inside the first block.
_OPENING_P = re.compile(r"^\s*<p(\s[^>]*)?>", re.IGNORECASE)


class NoLiveText(LookupError):
    """The release has no live version to export; the message says so, for the person who asked."""


def release_for_export(page: PressReleasePage, *, live: bool = False) -> PressReleasePage:
    """The release to export: its latest revision (what approvers are looking at), or with `live` the public text."""
    if live:
        if not page.live:
            raise NoLiveText(f"“{page.title}” (id {page.pk}) has no live version: it is not public.")
        return page.live_revision.as_object() if page.live_revision_id else page
    return page.get_latest_revision_as_object()


def wire_text(release: PressReleasePage) -> str:
    """The release as a wire prints it: paragraphs separated by blank lines, every line ending with a newline."""
    parts = [*_correction_preamble(release), *_release_paragraphs(release)]
    return "\n\n".join(parts) + "\n"


# -- the anatomy --------------------------------------------------------------


def _correction_preamble(release: PressReleasePage) -> list[str]:
    """`CORRECTING and REPLACING <v1 headline>` and the note, for a correction of a release that was public."""
    note = paragraphs(_lines(release.correction_note))
    if not note or release.pk is None:
        return []
    first = release.versions.defer("content").order_by("number").first()
    if first is None:
        return []  # a note on a release nobody has seen corrects nothing on the wire
    note[-1] = f"{note[-1]} {CORRECTED_RELEASE_FOLLOWS}"
    return [f"{CORRECTING_AND_REPLACING} {first.title}", *note]


def _release_paragraphs(release: PressReleasePage) -> list[str]:
    local = release.local_release_at()
    parts = [f"{_MONTH_NAMES[local.month - 1]} {local.day}, {local.year}", release.title]
    if release.subheadline:
        parts.append(release.subheadline)
    parts += _body(release)
    if boilerplate := release.boilerplate_paragraphs:
        parts += [_boilerplate_heading(release), *boilerplate]
    if legend := release.legend_paragraphs:
        parts += [LEGEND_HEADING, *legend]
    parts += _contacts(release)
    if release.source_name:
        parts.append(f"SOURCE {release.source_name}")
    return parts


def _body(release: PressReleasePage) -> list[str]:
    """The lead paragraph (lead-in, a space, the first paragraph's text) and every block after it.

    As on the page: the lead-in goes into the first block when it is a paragraph, and stands
    alone before any other first block (a quote, a list, a table).
    """
    blocks = list(release.body)
    lead_in = release.lead_in
    if not blocks:
        return [lead_in]
    first, rest = blocks[0], blocks[1:]
    first_parts = _block_paragraphs(first, release)
    if first.block_type == "paragraph" and _opens_with_paragraph(first.value) and first_parts:
        parts = [f"{lead_in} {first_parts[0]}", *first_parts[1:]]
    else:
        parts = [lead_in, *first_parts]
    for block in rest:
        parts += _block_paragraphs(block, release)
    return parts


def _boilerplate_heading(release: PressReleasePage) -> str:
    """The release's "About" heading; a blank one is the company's (the importer finds the boilerplate by it)."""
    if release.boilerplate_heading:
        return release.boilerplate_heading
    short_name = release.profile.short_name or release.profile.legal_name
    return f"About {short_name}" if short_name else "About"


def _contacts(release: PressReleasePage) -> list[str]:
    """`Press Contacts:` (`Press Contact:` for one), then one block of lines per contact, as frozen in the release."""
    blocks = []
    for item in release.contacts.all():
        lines = [item.name, item.organisation]
        if item.phone:
            lines.append(f"{item.phone_label or DEFAULT_PHONE_LABEL} {item.phone}")
        if item.email:
            lines.append(f"{item.email_label or DEFAULT_EMAIL_LABEL} {item.email}")
        if lines := [line for line in lines if line]:
            blocks.append("\n".join(lines))
    if not blocks:
        return []
    return ["Press Contacts:" if len(blocks) > 1 else "Press Contact:", *blocks]


# -- blocks -------------------------------------------------------------------


def _block_paragraphs(block, release: PressReleasePage) -> list[str]:
    """One body block as paragraphs of plain text (a list's items, a table's rows: one paragraph of lines)."""
    kind, value = block.block_type, block.value
    if kind == "paragraph":
        return _rich_text_paragraphs(value)
    if kind == "quote":
        return [text] if (text := _lines(value["text"]).strip()) else []
    if kind == "heading":
        return [text] if (text := _one_line(str(value))) else []
    if kind == "table":
        return [text] if (text := _table(value)) else []
    if kind == "image":
        return [text] if (text := _one_line(value["caption"] or value["alt_text"] or "")) else []
    if kind == "document":
        return [text] if (text := _document(value, release)) else []
    return []


def _rich_text_paragraphs(value) -> list[str]:
    """Rich text as plain paragraphs: tags stripped, entities unescaped, a list as one `• item` line per item."""
    reader = _PlainTextReader()
    reader.feed(str(getattr(value, "source", value)))
    reader.close()
    return reader.finish()


def _opens_with_paragraph(value) -> bool:
    """Whether the rich text opens with a `<p>`, the page's test for putting the lead-in inside it."""
    return bool(_OPENING_P.match(str(getattr(value, "source", value))))


class _PlainTextReader(HTMLParser):
    """Rich text (Wagtail's stored HTML) -> paragraphs of plain text, as the page reads.

    Each `<p>` (or other block) is a paragraph, spaces collapsed as HTML does and a `<br>` a
    line break; a list is one paragraph of `• item` lines, a nested list's items after their
    parent's (plain text has one level). Links, embeds and inline styling leave their text only.
    """

    _BLOCKS = frozenset({"p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.items: list[str] = []
        self.depth = 0  # of lists
        self.buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("ul", "ol"):
            self._flush()
            self.depth += 1
        elif tag == "li" or tag in self._BLOCKS:
            self._flush()
        elif tag == "br":
            self.buffer.append(" " if self.depth else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._flush()
            self.depth = max(self.depth - 1, 0)
            if not self.depth and self.items:
                self.paragraphs.append("\n".join(f"{BULLET} {item}" for item in self.items))
                self.items = []
        elif tag == "li" or tag in self._BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self.buffer.append(_HTML_SPACE.sub(" ", data))  # so the only line breaks left are the <br>s

    def _flush(self) -> None:
        lines = (_HTML_SPACE.sub(" ", line).strip() for line in "".join(self.buffer).split("\n"))
        text = "\n".join(line for line in lines if line)
        self.buffer = []
        if text:
            (self.items if self.depth else self.paragraphs).append(text)

    def finish(self) -> list[str]:
        self._flush()
        if self.items:  # a list left open
            self.paragraphs.append("\n".join(f"{BULLET} {item}" for item in self.items))
            self.items = []
        return self.paragraphs


def _table(value) -> str:
    rows = [_one_line(value["caption"] or "")]
    for row in (value["table"] or {}).get("data") or []:
        cells = [_one_line(str(cell)) if cell is not None else "" for cell in row]
        if any(cells):
            rows.append(" | ".join(cells))
    return "\n".join(row for row in rows if row)


def _document(value, release: PressReleasePage) -> str:
    """`label: URL`, absolute on the release's site when it has one (best effort: a text cannot carry the file)."""
    document = value["document"]
    if document is None:
        return ""
    url = document.url
    site = release.get_site()
    if site is not None and url.startswith("/"):
        url = urljoin(site.root_url, url)
    return f"{_one_line(value['label'] or document.title)}: {url}"


def _lines(text: str) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def _one_line(text: str) -> str:
    return " ".join(text.split())
