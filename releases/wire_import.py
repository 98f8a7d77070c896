"""Wire-format plain text -> a draft press release.

Past releases often survive only as the plain text the wires carried. Retyping
them into the editor risks changing words the company is bound by, so this
module reads that text as the wires print it (date line, headline, subheadline,
`CITY, State, Date /Wire/ --` dateline, body, "About <Company>", legend,
contacts, `SOURCE` line) and builds an unpublished draft for people to review.
A correction as the wires carry it (`CORRECTING and REPLACING <headline>`, the
note ending "The corrected release follows:", then the whole release) gives the
draft its correction note. releases/wire_export.py writes the same anatomy, so a
release exported and imported again comes back as it was.

Two halves, on purpose:

* `parse_wire_text` is pure (no database), so every rule can be tested on text
  alone and a bad paste is refused before anything is written;
* `create_draft` writes the page, its contacts and its first revision in one
  transaction, so a failure leaves nothing behind.

Every refusal is a `WireImportError` whose message says, in plain words, what is
wrong with the text, because the person reading it pasted the text, not the code.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Trim
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from company.ap_style import AP_STATES, STATE_BY_ABBREVIATION
from company.market_time import market_datetime
from company.models import profile_for
from company.wires import BUSINESS_WIRE, GLOBE_NEWSWIRE, PR_NEWSWIRE, WEBSITE_ONLY
from ir_site.sanitize import clean_html
from ir_site.text import describe, forbidden_character
from releases.blocks import QuoteBlock
from releases.models import MediaContact, NewsroomPage, PressReleasePage, ReleaseContact

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

__all__ = [
    "MAX_IMPORT_BYTES",
    "ParsedContact",
    "ParsedRelease",
    "WireImportError",
    "DraftWarning",
    "create_draft",
    "decode_wire_text",
    "import_warnings",
    "import_wire_text",
    "parse_wire_text",
    "planned_release_at",
]

# The admin form and the command refuse anything larger: a release is a few KB.
MAX_IMPORT_BYTES = 1024 * 1024

DEFAULT_RELEASE_TIME = dt.time(8, 0)


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# Model limits, read from the models and checked while parsing so the message names the text,
# not a field.
_MAX_HEADLINE = _max_length(PressReleasePage, "title")
_MAX_SUBHEADLINE = _max_length(PressReleasePage, "subheadline")
_MAX_CITY = _max_length(PressReleasePage, "dateline_city")
_MAX_BOILERPLATE_HEADING = _max_length(PressReleasePage, "boilerplate_heading")
_MAX_SOURCE = _max_length(PressReleasePage, "source_name")
_MAX_CONTACT_NAME = _max_length(MediaContact, "name")
_MAX_CONTACT_ORGANISATION = _max_length(MediaContact, "organisation")
_MAX_CONTACT_PHONE = _max_length(MediaContact, "phone")
_MAX_SPEAKER = QuoteBlock.base_blocks["speaker"].field.max_length
_MAX_SPEAKER_TITLE = QuoteBlock.base_blocks["speaker_title"].field.max_length
# Our choice, not a model limit (slugs may be 255 long): a readable URL from a long headline.
_MAX_SLUG = 100

_DASH = r"(?:--|\u2014|\u2013)"

# fmt: off
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# fmt: on

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# A paragraph that is only a date: "December 2, 2011", "Dec. 2, 2011", "Friday, Dec. 2, 2011".
_DATE_LINE = re.compile(
    rf"^(?:{_WEEKDAY},?\s+)?(?P<month>[A-Za-z]{{3,9}})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})$"
)
_ISO_DATE_LINE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")

# `WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ -- Tecogen Inc., a leading ...`
# Loose on purpose (any month word, any day number) so that a wrong date gets a
# message about the date rather than "no dateline".
_DATELINE = re.compile(
    r"^(?P<city>[A-Za-z][A-Za-z .'\-]{0,59}?),\s*"
    r"(?:(?P<state>[A-Z][A-Za-z. ]{0,29}?),\s*)?"
    r"(?P<date>(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4}))\s*"
    r"(?P<tag>"
    rf"(?P<prn>(?i:/\s*PR\s?Newswire(?:-[A-Za-z]+)?\s*/)\s*{_DASH})"
    rf"|(?P<gnw>(?i:\(\s*GLOBE\s*NEWSWIRE\s*\))\s*{_DASH})"
    rf"|(?P<bw>{_DASH}\s*(?i:\(\s*BUSINESS\s+WIRE\s*\))\s*{_DASH})"
    rf"|(?P<web>{_DASH})"
    r")\s*(?P<lead>.*)$",
    re.DOTALL,
)

_ABOUT_HEADING = re.compile(r"^About\s+(?P<name>(?:the\s+)?[A-Z0-9\u00C0-\u00DE][^\n]{0,100}?)\s*:?$")
_LEGEND_WORDS = re.compile(
    r"forward[- ]looking\s+(?:statements?|information)|safe\s+harbou?r"
    r"|^cautionary\s+(?:statements?|note|language)",
    re.IGNORECASE,
)
_CONTACTS_HEADING = re.compile(
    r"^(?:(?:(?:Press|Media|Investors?|Investor\s+Relations|Company|Corporate|Analysts?|Financial\s+Media)"
    r"(?:\s+(?:and|&)\s+(?:Press|Media|Investors?|Analysts?))?\s+)?Contacts?"
    r"|For\s+(?:more|further)\s+information,?\s+(?:please\s+)?contact)"
    r"\s*(?::\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^SOURCE\s+(?P<name>\S.*)$")
# A correction's preamble: `CORRECTING and REPLACING <headline>`, then the note, whose last
# paragraph ends "The corrected release follows:" (PR Newswire: "The complete, corrected release follows:").
_CORRECTING = re.compile(r"^CORRECTING\s+(?:and|AND)\s+REPLACING\b")
_CORRECTED_FOLLOWS = re.compile(
    r"\s*(?:The\s+)?(?:complete,?\s+)?corrected\s+(?:news\s+|press\s+)?release\s+follows\s*:?$", re.IGNORECASE
)
_END_MARKS = frozenset({"###", "# # #", "-###-", "-30-", "- 30 -"})
# Lines the wires append after SOURCE; not part of the release's text.
_AFTER_SOURCE_NOISE = re.compile(
    r"^(?:Web\s*site|Website|Related\s+Links?|Photo|Logo|Video|Multimedia)s?\b[^:]{0,40}:\s*\S",
    re.IGNORECASE,
)

# Labels take a colon only: "M. Smith" or "T. Boone Pickens" are names, not a phone line.
_PHONE_LABEL = re.compile(
    r"^(?:Ph|P|Phone|Tel|T|Telephone|Office|Direct|Mobile|Cell|M)\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_EMAIL_LABEL = re.compile(r"^(?:E|Email|E-mail|Mail)\s*:\s*(?P<value>\S.*)$", re.IGNORECASE)
_BARE_EMAIL = re.compile(r"^<?(?P<value>[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+)>?$")
_BARE_PHONE = re.compile(r"^(?P<value>\+?[\d(][\d\s().\-/]{6,}\d(?:\s*(?:x|ext\.?)\s*\d+)?)$", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[\u2022\u00B7\u25AA*\-])\s+(?P<item>\S.*)$")

# Quote attribution: `..." said Robert Panora, President of Tecogen. "..."` or
# `..." Robert Panora, President of Tecogen, said.`
_NAME = (
    r"(?P<name>(?:(?:Dr|Mr|Mrs|Ms|Prof)\.\s+)?"
    r"[A-Z\u00C0-\u00DE][\w'\u2019\-]*\.?(?:\s+[A-Z\u00C0-\u00DE][\w'\u2019\-]*\.?){1,3})"
)
_SAID = r"(?:said|says|added|stated|commented|noted|explained|remarked)"
_SAID_NAME_TITLE = re.compile(
    rf"[\"\u201D]\s+{_SAID}\s+{_NAME},\s+(?P<title>[^\"\u201C\u201D]+?)\s*(?:[.,;]\s*(?=[\"\u201C])|\.?\s*$)"
)
_NAME_TITLE_SAID = re.compile(rf"[\"\u201D]\s+{_NAME},\s+(?P<title>[^\"\u201C\u201D]+?),\s+{_SAID}\b")
_QUOTE_OPENERS = ('"', "\u201c")
# Titles the non-greedy match cut before a final period ("of Acme Inc" -> "of Acme Inc.").
_ABBREVIATED_ENDINGS = re.compile(r"\b(?:Inc|Corp|Co|Ltd|Jr|Sr|Bros|L\.P|S\.A|N\.V)$")
_CORPORATE_WORDS = re.compile(
    r"\b(?:Inc\.?|Corp\.?|Corporation|LLC|L\.L\.C\.|Ltd\.?|Limited|L\.P\.|LP|plc|PLC|Co\.|Company|"
    r"Group|Holdings|Partners|University|Institute|Bank|Agency|Association|Foundation)\b"
)
_COMPANY_SUFFIX = re.compile(r",?\s+(?:Inc\.?|Corp\.?|Corporation|LLC|Ltd\.?|Limited|plc|PLC|Co\.|Company|Holdings)$")
_THE_COMPANY = re.compile(r"^(?P<title>.+?)\s+(?:of|at)\s+the\s+[Cc]ompany$")


class WireImportError(ValueError):
    """The text cannot become a release; the message says why, in plain words."""


class ParsedContact(dict):
    """One contact as read: its name, organisation, phone and email (the keys), as a MediaContact holds them.

    How the text labelled the phone and e-mail lines ("Ph:", "P:", "E:", exactly as printed;
    "" for a line printed without a label) is kept in `phone_label` and `email_label`,
    attributes rather than keys: they are how this release printed the contact, not the
    contact (the shared snippet is made from the keys alone, and two readings of the same
    details compare equal), and the draft's ReleaseContact keeps them for the export.
    """

    phone_label: str = ""
    email_label: str = ""


@dataclass
class ParsedRelease:
    """A release as read from wire text, before anything touches the database."""

    release_date: dt.date | None
    headline: str
    subheadline: str
    dateline_city: str
    dateline_state: str
    dateline_date: dt.date
    wire: str
    body: list[tuple[str, Any]] = field(default_factory=list)
    boilerplate_heading: str = ""
    boilerplate: str = ""
    forward_looking_legend: str = ""
    contacts: list[dict[str, str]] = field(default_factory=list)
    source_name: str = ""
    # What a correction's preamble said changed (without "The corrected release follows:"); "" otherwise.
    correction_note: str = ""

    @property
    def include_forward_looking(self) -> bool:
        """A legend printed with the release is part of it."""
        return bool(self.forward_looking_legend)


# -- text ---------------------------------------------------------------------


def _decode(data: str | bytes) -> str:
    """Bytes must be UTF-8 text; anything else is refused as binary, not guessed at."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        if b"\x00" in raw:
            raise WireImportError("The file is not text (binary data): it contains NUL bytes.")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise WireImportError(
                f"The file is not text (binary data): byte 0x{raw[exc.start]:02x} at position "
                f"{exc.start} is not UTF-8. Save the release as UTF-8 plain text and try again."
            ) from None
    elif isinstance(data, str):
        text = data
    else:
        raise TypeError(f"Expected str or bytes, got {type(data).__name__}")
    if "\x00" in text:
        raise WireImportError("The file is not text (binary data): it contains NUL characters.")
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\f\v\u2028\u2029\x85]", "\n", text)
    controls = sum(1 for ch in text if ch not in "\t\n" and unicodedata.category(ch) == "Cc")
    if controls > max(8, len(text) // 200):
        raise WireImportError(f"The file is not text (binary data): it has {controls} control characters.")
    if controls:
        text = "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch) != "Cc")
    # Markdown-escaped dollars (`\$2.9 Million`) come from copies made for chat or notes.
    return text.replace("\\$", "$")


def _paragraphs(text: str) -> list[list[str]]:
    """Blank-line separated paragraphs, as lists of stripped lines.

    End marks (`###`) are dropped, and a SOURCE line always stands as its own
    paragraph, since some copies glue it to the contacts above.
    """
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw_line in text.split("\n"):
        line = raw_line.strip()
        if not line or line in _END_MARKS:
            if current:
                paragraphs.append(current)
                current = []
            continue
        if _SOURCE_LINE.match(line):
            if current:
                paragraphs.append(current)
            paragraphs.append([line])
            current = []
            continue
        current.append(line)
    if current:
        paragraphs.append(current)
    return paragraphs


def _joined(lines: list[str]) -> str:
    return " ".join(lines)


def _quoted(text: str, limit: int = 80) -> str:
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
    return f"'{text}'"


# -- dates, places, wires -----------------------------------------------------


def _month_number(word: str, printed: str) -> int:
    number = _MONTHS.get(word.lower().rstrip("."))
    if number is None:
        raise WireImportError(f"Unknown month {word!r} in {_quoted(printed)}.")
    return number


def _make_date(year: str | int, month: int, day: str | int, printed: str) -> dt.date:
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        raise WireImportError(f"Impossible date: {_quoted(printed)}.") from None


def _date_line(lines: list[str]) -> tuple[dt.date, str] | None:
    """The release date if this paragraph is only a date, else None."""
    if len(lines) != 1:
        return None
    printed = lines[0]
    match = _ISO_DATE_LINE.match(printed)
    if match:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise WireImportError(f"Impossible date: {_quoted(printed)}.")
        return _make_date(match["year"], month, match["day"], printed), printed
    match = _DATE_LINE.match(printed)
    if match is None:
        return None
    month = _month_number(match["month"], printed)
    return _make_date(match["year"], month, match["day"], printed), printed


def _state_name(printed: str, dateline: str) -> str:
    """Full state name for `Mass.`, `Massachusetts` (or lightly mis-spaced `N. Y.`)."""
    if printed in STATE_BY_ABBREVIATION:
        return STATE_BY_ABBREVIATION[printed]
    if printed in AP_STATES:
        return printed
    compact = printed.replace(" ", "").lower()
    for abbreviation, name in STATE_BY_ABBREVIATION.items():
        if abbreviation.replace(" ", "").lower() == compact:
            return name
    for name in AP_STATES:
        if name.lower() == printed.lower():
            return name
    raise WireImportError(
        f"Unknown state {printed!r} in the dateline {_quoted(dateline)}: use a US state's AP "
        "abbreviation (e.g. 'Mass.') or its full name."
    )


def _wire(match: re.Match) -> str:
    if match["prn"]:
        return PR_NEWSWIRE
    if match["gnw"]:
        return GLOBE_NEWSWIRE
    if match["bw"]:
        return BUSINESS_WIRE
    return WEBSITE_ONLY


# -- headings -----------------------------------------------------------------


def _about_heading(lines: list[str]) -> tuple[str, list[str]] | None:
    """`About Tecogen` (alone, or as the first line of the boilerplate), else None.

    Body sentences can start with "About" too ("About 40 units ..."), so the
    heading must be short, capitalised and not a sentence.
    """
    first = lines[0]
    match = _ABOUT_HEADING.match(first)
    if match is None or ". " in first or len(first.split()) > 12:
        return None
    if len(lines) > 1 and (len(first.split()) > 6 or not lines[1][:1].isupper()):
        return None
    return first.rstrip(":").strip(), lines[1:]


def _legend_heading(lines: list[str]) -> list[str] | None:
    """The legend's own lines if this paragraph opens the forward-looking legend, else None."""
    first = lines[0]
    head, colon, rest = first.partition(":")
    if colon and rest.strip() and len(head.split()) <= 15 and _LEGEND_WORDS.search(head):
        return [rest.strip(), *lines[1:]]
    candidate = first.rstrip(":").strip()
    if (
        len(candidate.split()) <= 15
        and not candidate.endswith(".")
        and _LEGEND_WORDS.search(candidate)
        and (len(lines) == 1 or lines[1][:1].isupper())
    ):
        return lines[1:]
    return None


def _contacts_heading(lines: list[str]) -> list[str] | None:
    """The contact lines that follow if this paragraph opens the contacts, else None."""
    match = _CONTACTS_HEADING.match(lines[0])
    if match is None:
        return None
    rest = (match["rest"] or "").strip()
    return ([rest] if rest else []) + lines[1:]


def _source(lines: list[str]) -> str | None:
    match = _SOURCE_LINE.match(lines[0]) if len(lines) == 1 else None
    return match["name"].strip() if match else None


def _is_section_start(lines: list[str]) -> bool:
    return (
        _source(lines) is not None
        or _about_heading(lines) is not None
        or _contacts_heading(lines) is not None
        or _legend_heading(lines) is not None
    )


# -- contacts -----------------------------------------------------------------


def _label(line: str, match: re.Match) -> str:
    """`Ph:` of `Ph: 781-466-6444`: the label as printed, colon included (runs of spaces made one)."""
    return " ".join(line[: match.start("value")].split())


def _contact_line(line: str) -> tuple[str, str, str]:
    """('phone'|'email'|'text', value, label as printed or "") for one line of a contact block."""
    match = _EMAIL_LABEL.match(line)
    if match and "@" in match["value"]:
        return "email", match["value"].strip().strip("<>"), _label(line, match)
    match = _PHONE_LABEL.match(line)
    if match and sum(ch.isdigit() for ch in match["value"]) >= 7:
        return "phone", match["value"].strip(), _label(line, match)
    match = _BARE_EMAIL.match(line)
    if match:
        return "email", match["value"], ""
    match = _BARE_PHONE.match(line)
    if match:
        return "phone", match["value"].strip(), ""
    return "text", line, ""


class _ContactsReader:
    """Name, organisation, phone, email: one contact per block, in order.

    A block made only of labelled lines (`E: pat@am-pr.com`) finishes the contact
    above it: copies often carry a stray blank line inside a contact.
    """

    def __init__(self) -> None:
        self.contacts: list[ParsedContact] = []

    def _new(self, name: str) -> ParsedContact:
        contact = ParsedContact(name=name, organisation="", phone="", email="")
        self.contacts.append(contact)
        return contact

    def add_block(self, lines: list[str]) -> None:
        parsed = [_contact_line(line) for line in lines]
        current = self.contacts[-1] if self.contacts else None
        if any(kind == "text" for kind, _, _ in parsed):
            current = None  # a block with a name starts a new contact
        for kind, value, label in parsed:
            if kind == "text":
                if current is None or current["phone"] or current["email"]:
                    current = self._new(value)
                elif not current["organisation"]:
                    current["organisation"] = value
                else:  # a department or title line: part of where the contact works
                    current["organisation"] = f"{current['organisation']}, {value}"
                continue
            if current is None:
                raise WireImportError(
                    f"Contact line {_quoted(value)} has no name above it: each contact starts with the person's name."
                )
            if not current[kind]:
                current[kind] = value
                setattr(current, f"{kind}_label", label)  # a second phone line keeps the first's label
            elif kind == "phone" and len(current["phone"]) + len(value) + 3 <= _MAX_CONTACT_PHONE:
                current["phone"] = f"{current['phone']} / {value}"

    def validated(self) -> list[ParsedContact]:
        for contact in self.contacts:
            name = contact["name"]
            _check_length(f"The contact name {_quoted(name)}", name, _MAX_CONTACT_NAME)
            _check_length(
                f"The organisation of contact {name}",
                contact["organisation"],
                _MAX_CONTACT_ORGANISATION,
            )
            _check_length(f"The phone number of contact {name}", contact["phone"], _MAX_CONTACT_PHONE)
            if contact["email"]:
                try:
                    validate_email(contact["email"])
                except ValidationError:
                    raise WireImportError(
                        f"The email of contact {name}, {contact['email']!r}, is not an email address."
                    ) from None
        return self.contacts


# -- body ---------------------------------------------------------------------


def _short_name(about_heading: str, source_name: str) -> str:
    """`Tecogen` from "About Tecogen"; from "Tecogen Inc." when the heading says "the Company"."""
    name = about_heading[len("About ") :].strip() if about_heading else ""
    if name and not name.lower().startswith("the "):
        return name
    return _COMPANY_SUFFIX.sub("", source_name).strip() if source_name else ""


def _split_title(title: str, short_name: str, known: list[str]) -> tuple[str, str]:
    """("President and Chief Operating Officer", "Tecogen") from "... Officer of Tecogen".

    Only splits off what is clearly an organisation: the company itself, a name
    with a corporate word ("Acme Corp."), or whatever follows " at ". A title such
    as "Vice President of Sales" or "President, CEO and Director" stays whole.
    """
    match = _THE_COMPANY.match(title)
    if match:
        return match["title"], short_name
    for organisation in sorted({k for k in known if k}, key=len, reverse=True):
        for joiner in (" of ", " at ", ", "):
            suffix = joiner + organisation
            if title.endswith(suffix) and len(title) > len(suffix):
                return title[: -len(suffix)].strip(), organisation
    for joiner in (" of ", ", "):
        head, found, tail = title.rpartition(joiner)
        if found and head and _CORPORATE_WORDS.search(tail):
            return head.strip(), tail.strip()
    head, found, tail = title.rpartition(" at ")
    if found and head and tail[:1].isupper():
        return head.strip(), tail.strip()
    return title, ""


def _quote_block(text: str, short_name: str, known: list[str]) -> dict[str, str] | None:
    """A quote block when the paragraph opens with a quotation mark and names its speaker."""
    if not text.startswith(_QUOTE_OPENERS):
        return None
    match = _SAID_NAME_TITLE.search(text) or _NAME_TITLE_SAID.search(text)
    if match is None:
        return None
    speaker, title = match["name"].strip(), match["title"].strip()
    if _ABBREVIATED_ENDINGS.search(title) and text[match.end("title") :].lstrip().startswith("."):
        title += "."
    speaker_title, organisation = _split_title(title, short_name, known)
    if (
        len(speaker) > _MAX_SPEAKER
        or len(speaker_title) > _MAX_SPEAKER_TITLE
        or len(organisation) > _MAX_CONTACT_ORGANISATION
        or len(title.split()) > 25
    ):
        return None  # not an attribution we can trust; keep it as a plain paragraph
    return {
        "text": text,
        "speaker": speaker,
        "speaker_title": speaker_title,
        "organisation": organisation,
    }


def _paragraph_block(lines: list[str]) -> tuple[str, str]:
    """Escaped rich text: a bulleted list when every line is a bullet, else one paragraph.

    The text is escaped, so the HTML policy (`clean_html`) changes no text; it runs
    anyway, as it does on all HTML made from outside text.
    """
    items = [_BULLET.match(line) for line in lines]
    if len(lines) > 1 and all(items):
        markup = "<ul>" + "".join(f"<li>{escape(m['item'])}</li>" for m in items) + "</ul>"
    else:
        markup = f"<p>{escape(_joined(lines))}</p>"
    return "paragraph", clean_html(markup)


def _check_length(what: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise WireImportError(f"{what} is {len(value)} characters long; at most {limit} fit.")


def _check_one_line(what: str, value: str) -> None:
    """Stray control characters are dropped when the text is read; a tab (kept in the body) is not a headline's."""
    found = forbidden_character(value)
    if found is not None:
        raise WireImportError(
            f"{what} contains {describe(found[1])}: it must be one line of plain text "
            "(it becomes the subject of the review e-mails). Replace it with a space and import again."
        )


# -- corrections --------------------------------------------------------------


def _correction_preamble(paragraphs: list[list[str]]) -> tuple[str, int]:
    """(the note, index of the release's first paragraph) for a correction; ("", 0) for any other text.

    The preamble is the `CORRECTING and REPLACING <headline>` line, then the note: every
    paragraph up to the one ending "The corrected release follows:" (that sentence is the
    wires', not the note's). A preamble whose note never says the release follows is refused:
    where the note stops and the release begins would be a guess.
    """
    first = paragraphs[0]
    if not _CORRECTING.match(first[0]):
        return "", 0
    rest = [first[1:]] if len(first) > 1 else []  # the note glued under the CORRECTING line
    note: list[str] = []
    for offset, lines in enumerate([*rest, *paragraphs[1:]]):
        text = _joined(lines)
        if _DATELINE.match(text):
            break
        follows = _CORRECTED_FOLLOWS.search(text)
        if follows is None:
            note.append(text)
            continue
        if last := text[: follows.start()].strip():
            note.append(last)
        return "\n\n".join(note), 1 + offset + 1 - len(rest)
    raise WireImportError(
        "The text starts with 'CORRECTING and REPLACING' but no paragraph before the release ends "
        "with 'The corrected release follows:': end the correction note with that sentence."
    )


# -- the parser ---------------------------------------------------------------


def parse_wire_text(text: str | bytes) -> ParsedRelease:
    """Read a release as the wires print it; raise WireImportError if it cannot be one.

    Nothing is guessed: a missing headline or dateline, an impossible date or a
    date line that disagrees with the dateline are refused, because a wrong date
    on a disclosure is worse than no import. The About, legend, contacts and
    SOURCE parts may be missing (the company profile fills them in later). A
    correction's preamble is taken off the front, its note kept as `correction_note`.
    """
    paragraphs = _paragraphs(_decode(text))
    if not paragraphs:
        raise WireImportError("The text is empty.")
    correction_note, release_start = _correction_preamble(paragraphs)
    paragraphs = paragraphs[release_start:]
    if not paragraphs:
        raise WireImportError("The correction has no release after 'The corrected release follows:'.")

    start = 0
    release_date: dt.date | None = None
    release_date_text = ""
    found_date = _date_line(paragraphs[0])
    if found_date:
        release_date, release_date_text = found_date
        start = 1

    dateline_index, match = None, None
    for index in range(start, len(paragraphs)):
        lines = paragraphs[index]
        match = _DATELINE.match(_joined(lines))
        if match:
            dateline_index = index
            break
        if index > start and _is_section_start(lines):
            break
    if dateline_index is None or match is None:
        raise WireImportError(
            "No dateline found: expected a paragraph starting like 'WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ --'."
        )
    if dateline_index == start:
        raise WireImportError("No headline before the dateline.")

    headline = _joined(paragraphs[start])
    subheadline = " ".join(_joined(p) for p in paragraphs[start + 1 : dateline_index])
    _check_length("The headline", headline, _MAX_HEADLINE)
    _check_length("The subheadline", subheadline, _MAX_SUBHEADLINE)
    _check_one_line("The headline", headline)
    _check_one_line("The subheadline", subheadline)

    dateline_text = match.group(0)[: match.start("lead")].strip()
    date_text = match["date"]
    dateline_date = _make_date(match["year"], _month_number(match["month"], date_text), match["day"], date_text)
    if release_date is not None and release_date != dateline_date:
        raise WireImportError(f"The dateline date {date_text} disagrees with the release date {release_date_text}.")
    city = " ".join(match["city"].split()).upper()
    _check_length("The dateline city", city, _MAX_CITY)
    state = _state_name(" ".join(match["state"].split()), dateline_text) if match["state"] else ""

    # Sections after the dateline: body until a heading, then boilerplate / legend / contacts.
    body_paragraphs: list[list[str]] = []
    lead = match["lead"].strip()
    if lead:
        body_paragraphs.append([lead])
    index = dateline_index + 1
    while index < len(paragraphs) and not _is_section_start(paragraphs[index]):
        body_paragraphs.append(paragraphs[index])
        index += 1

    about_heading = ""
    boilerplate: list[str] = []
    legend: list[str] = []
    contacts = _ContactsReader()
    source_name = ""
    section = ""
    for lines in paragraphs[index:]:
        if section == "after source":
            if _contacts_heading(lines) is not None:
                section = "contacts"
                if rest := _contacts_heading(lines):
                    contacts.add_block(rest)
            elif not all(_AFTER_SOURCE_NOISE.match(line) for line in lines):
                raise WireImportError(
                    f"Unexpected text after the SOURCE line: {_quoted(_joined(lines))}. "
                    "Remove it, or move it above the SOURCE line."
                )
            continue
        if (name := _source(lines)) is not None:
            if source_name:
                raise WireImportError(f"Two SOURCE lines: {source_name!r} and {name!r}.")
            source_name = name
            section = "after source"
            continue
        if not about_heading and (found_about := _about_heading(lines)) is not None:
            about_heading, rest = found_about
            section = "boilerplate"
            if rest:
                boilerplate.append(_joined(rest))
            continue
        if (rest := _legend_heading(lines)) is not None:
            section = "legend"
            if rest:
                legend.append(_joined(rest))
            continue
        if (rest := _contacts_heading(lines)) is not None:
            section = "contacts"
            if rest:
                contacts.add_block(rest)
            continue
        if section == "contacts":
            contacts.add_block(lines)
        elif section == "legend":
            legend.append(_joined(lines))
        else:  # boilerplate, including a second "About <Partner>" section
            boilerplate.append(_joined(lines))

    _check_length("The About heading", about_heading, _MAX_BOILERPLATE_HEADING)
    _check_length("The SOURCE line", source_name, _MAX_SOURCE)
    short_name = _short_name(about_heading, source_name)
    known_organisations = [short_name, source_name, _COMPANY_SUFFIX.sub("", source_name).strip()]

    body: list[tuple[str, Any]] = []
    for position, lines in enumerate(body_paragraphs):
        quote = None
        if position > 0 or not lead:  # the lead paragraph carries the dateline: always a paragraph
            quote = _quote_block(_joined(lines), short_name, known_organisations)
        body.append(("quote", quote) if quote else _paragraph_block(lines))
    if not body:
        raise WireImportError("The release has no text after the dateline.")

    return ParsedRelease(
        release_date=release_date,
        headline=headline,
        subheadline=subheadline,
        dateline_city=city,
        dateline_state=state,
        dateline_date=dateline_date,
        wire=_wire(match),
        body=body,
        boilerplate_heading=about_heading,
        boilerplate="\n\n".join(boilerplate),
        forward_looking_legend="\n\n".join(legend),
        contacts=contacts.validated(),
        source_name=source_name,
        correction_note=correction_note,
    )


# -- writing the draft --------------------------------------------------------


def _unique_slug(title: str, newsroom: NewsroomPage) -> str:
    """A slug from the headline, suffixed -2, -3 ... when a sibling (draft or live) has it."""
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    base = slugify(title, allow_unicode=allow_unicode)[:_MAX_SLUG].rstrip("-") or "release"
    taken = set(newsroom.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 1
    while slug in taken:
        suffix += 1
        slug = f"{base}-{suffix}"
    return slug


def _media_contact(data: dict[str, str]) -> MediaContact:
    """Reuse the snippet with the same name and email; snippets are shared by releases."""
    existing = MediaContact.objects.filter(name=data["name"], email__iexact=data["email"]).order_by("pk").first()
    if existing is not None:
        return existing
    return MediaContact.objects.create(
        name=data["name"],
        organisation=data["organisation"],
        phone=data["phone"],
        email=data["email"],
    )


def _validation_message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        parts = [f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items()]
        return "The release could not be saved: " + "; ".join(parts)
    return "The release could not be saved: " + " ".join(exc.messages)


def decode_wire_text(data: str | bytes) -> str:
    """The text an upload or a paste holds, as the parser reads it (refusing binary data)."""
    return _decode(data)


def planned_release_at(
    parsed: ParsedRelease, newsroom: NewsroomPage, release_time: dt.time = DEFAULT_RELEASE_TIME
) -> dt.datetime:
    """The release time a draft of `parsed` gets: its date at `release_time`, market time of the newsroom."""
    day = parsed.release_date or parsed.dateline_date
    try:
        return market_datetime(dt.datetime.combine(day, release_time), profile_for(newsroom).tz)
    except ValueError as exc:
        raise WireImportError(str(exc)) from None


@dataclass(frozen=True)
class DraftWarning:
    """Something the drafter should know before a draft is created; they may still go on."""

    code: str  # "duplicate" or "past"
    message: str
    page: PressReleasePage | None = None  # the existing release a duplicate warning is about


def import_warnings(
    parsed: ParsedRelease,
    newsroom: NewsroomPage,
    release_time: dt.time = DEFAULT_RELEASE_TIME,
    *,
    now: dt.datetime | None = None,
) -> list[DraftWarning]:
    """What to tell the drafter before creating: the same release exists already, or its date is past.

    Duplicate: a draft or release (live or not, in any newsroom) with the same headline (case
    and surrounding spaces aside) on the same release date in market time. Past: the release
    time has gone by, so the last sign-off would publish it at once, under that old date.
    """
    newsroom = newsroom.specific
    release_at = planned_release_at(parsed, newsroom, release_time)
    tz = profile_for(newsroom).tz
    day = timezone.localtime(release_at, tz).date()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    same = (
        PressReleasePage.objects.annotate(headline=Trim("title"))
        .filter(
            headline__iexact=parsed.headline.strip(),
            release_at__gte=start,
            release_at__lt=dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
        )
        .order_by("pk")
        .defer_streamfields()
    )
    warnings = [
        DraftWarning(
            "duplicate",
            f"“{page.title}” dated {day:%B} {day.day}, {day.year} already exists "
            f"({'live' if page.live else 'not public: a draft or awaiting sign-off'}).",
            page,
        )
        for page in same
    ]
    if release_at < (now or timezone.now()):
        label = profile_for(newsroom).tz_label
        local = timezone.localtime(release_at, tz)
        warnings.append(
            DraftWarning(
                "past",
                f"The release time, {local:%B} {local.day}, {local.year} {local:%H:%M} {label}, has passed: "
                "once the draft is signed off it goes public at once, under that old date.",
            )
        )
    return warnings


def create_draft(
    parsed: ParsedRelease,
    newsroom: NewsroomPage,
    *,
    user: AbstractBaseUser | None = None,
    release_time: dt.time = DEFAULT_RELEASE_TIME,
) -> PressReleasePage:
    """Write `parsed` as an unpublished PressReleasePage under `newsroom`, with its first revision.

    The release time is the release date at `release_time` in the company's market
    time zone. Everything happens in one transaction: if any step fails nothing
    (page, contact snippet, revision) is left behind, and the failure is raised as
    a WireImportError.
    """
    newsroom = newsroom.specific
    if not isinstance(newsroom, NewsroomPage):
        raise WireImportError(f"{newsroom.title!r} is not a newsroom page; releases go under the newsroom.")
    release_at = planned_release_at(parsed, newsroom, release_time)

    try:
        with transaction.atomic():
            page = PressReleasePage(
                title=parsed.headline,
                slug=_unique_slug(parsed.headline, newsroom),
                subheadline=parsed.subheadline,
                release_at=release_at,
                dateline_city=parsed.dateline_city,
                dateline_state=parsed.dateline_state,
                wire=parsed.wire,
                body=list(parsed.body),
                boilerplate_heading=parsed.boilerplate_heading,
                boilerplate=parsed.boilerplate,
                include_forward_looking=parsed.include_forward_looking,
                forward_looking_legend=parsed.forward_looking_legend,
                source_name=parsed.source_name,
                correction_note=parsed.correction_note,
                live=False,
                owner=user,
            )
            # sort_order as printed: modelcluster sets it only through the admin form, and
            # contacts without one come back in whatever order the database likes.
            page.contacts = [
                ReleaseContact(
                    sort_order=order,
                    contact=_media_contact(c),
                    # Plain dicts (a ParsedRelease built by hand) have no labels: the export's defaults apply.
                    phone_label=getattr(c, "phone_label", ""),
                    email_label=getattr(c, "email_label", ""),
                )
                for order, c in enumerate(parsed.contacts)
            ]
            newsroom.add_child(instance=page)
            page.save_revision(user=user, log_action=True)
    except ValidationError as exc:
        raise WireImportError(_validation_message(exc)) from exc
    return page


def import_wire_text(
    text: str | bytes,
    newsroom: NewsroomPage,
    *,
    user: AbstractBaseUser | None = None,
    release_time: dt.time = DEFAULT_RELEASE_TIME,
) -> PressReleasePage:
    """Parse wire text and write it as a draft under `newsroom` (see `create_draft`)."""
    return create_draft(parse_wire_text(text), newsroom, user=user, release_time=release_time)
