"""Preflight: what wire editors catch in a release before it goes out (../shared/DOMAIN.md).

A weekday that does not match its date, a dateline typed into the body with another date, a
quarter or year left over from the last release, a ticker or exchange that is not the company's,
"EST"/"EDT" instead of "ET", projections without the forward-looking statements legend, no media
contact, placeholders left in, a time in the closing blackout, a public release changed without
a correction note. Each check is a plain function of the release (a PressReleasePage, saved or
not, read through its attributes only) and its company profile, returning `Finding`s:

* an *error* blocks submitting the release to the Disclosure Policy (PressReleaseForm);
* a *warning* is shown in the editor (releases/panels.py) and never blocks.

Every text a person reads is in MESSAGES. This module imports no release model (the models import
the editor panel, which imports this): it reads the release by duck typing.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.models import Page

from company.ap_style import ap_date, ap_time
from company.market_time import EXCHANGE_TZ, in_closing_blackout
from company.models import CompanyProfile

ERROR = "error"
WARNING = "warning"

# What the drafter reads. `{place}` is where in the release (e.g. "Body, block 2 (quote)"),
# `{quoted}` the offending text.
MESSAGES = {
    "weekday": "{place}: “{quoted}” names a {named}, but {date} is a {actual}. Correct the weekday or the date.",
    "impossible_date": "{place}: “{quoted}” is not a date on the calendar. Correct the date.",
    "dateline_date": (
        "{place}: the dateline typed into the text, “{quoted}”, is dated {typed}, but the release time is "
        "{release}. The page prints the dateline from the release time: delete the typed one, or correct "
        "its date (or the release time)."
    ),
    "stale_period": (
        "{place}: “{quoted}” is neither the current nor the previous {period} for a release dated {release}: "
        "it may be left over from an earlier release. Update it. A year-ago comparison is normal: if that "
        "is what it is, leave it (this warning does not block submitting)."
    ),
    "listing": (
        "{place}: “{quoted}” is not the company's listing, {listing}. Correct it to “({listing})”, or "
        "update the listing in Settings → Company profile if it has changed."
    ),
    "listing_unlisted": (
        "{place}: “{quoted}” names a listing, but the company profile says the company is not listed. "
        "Remove it, or set the listing in Settings → Company profile."
    ),
    "time_zone": (
        "{place}: “{quoted}” says “{abbreviation}”. Write “ET” (the wires print ET all year, never EST or EDT)."
    ),
    "legend": (
        "{place}: “{token}” (in “{quoted}”) makes a projection, and the release has no forward-looking "
        "statements legend. Tick “Forward-looking statements legend” under Forward-looking statements and "
        "check its text, or reword the projection."
    ),
    "no_contact": (
        "Media contacts: the release has no media contact. Add at least one under Media contacts (Add contact)."
    ),
    "placeholder": "{place}: “{token}” (in “{quoted}”) is a placeholder left in. Replace it with the final text.",
    "end_mark": "{place}: “{quoted}”: the end mark “###” stands only at the very end of a release. Delete it here.",
    "closing_blackout": (
        "Release time: {time} ET is between 4:00 and 4:05 p.m. ET, while the exchange sets its closing "
        "price. Allowed for a release that is not material, but better at 4:05 p.m. ET or later, or before "
        "4:00 p.m. (this warning does not block submitting)."
    ),
    "correction_note_missing": (
        "A release that has been public changes only by a correction: write the correction note (what "
        "changed) under Correction note, e.g. “In the third paragraph, the revenue figure should read "
        "$2.9 million, not $2.8 million, as previously stated.”"
    ),
    "correction_note_unchanged": (
        "A release that has been public changes only by a correction: write the correction note (what "
        "changed) for this correction under Correction note. It still reads as the note already public "
        "with version {number}: “{quoted}”."
    ),
    "correction_release_time": (
        "A correction keeps the release time of the release it corrects ({time} ET): the public record says "
        "when the release went out, and the corrected text replaces it under that time. Set the release time "
        "back; the correction's own date is shown with its note."
    ),
}

# The editor's label of each form field a finding concerns (Finding.where).
FIELD_LABELS = {
    "title": "Headline",
    "subheadline": "Subheadline",
    "body": "Body",
    "boilerplate": "Boilerplate",
    "forward_looking_legend": "Forward-looking statements",
    "include_forward_looking": "Forward-looking statements",
    "contacts": "Media contacts",
    "release_at": "Release time",
    "correction_note": "Correction note",
}


@dataclass(frozen=True)
class Finding:
    """One thing a wire editor would catch: where (the editor's field label), what and how to fix it."""

    level: str  # ERROR or WARNING
    code: str  # the MESSAGES key
    where: str  # the editor field label, e.g. "Body", "Headline", "Media contacts"
    message: str
    field: str = ""  # the form field it concerns, or the formset ("contacts": no field of its own)

    @property
    def is_error(self) -> bool:
        return self.level == ERROR


def _finding(level: str, code: str, field: str, **values) -> Finding:
    return Finding(level, code, FIELD_LABELS[field], MESSAGES[code].format(**values), field)


# -- the text a release shows ------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A stretch of plain text of the release: the form field it comes from and where it is."""

    field: str
    place: str  # e.g. "Headline", "Body, block 2 (quote)"
    text: str


_BLOCK_BREAKS = re.compile(r"</(?:p|li|h[1-6]|div|blockquote)\s*>|<br\s*/?>", re.IGNORECASE)


def plain_text(rich_html: str) -> str:
    """Rich text as plain text: tags dropped (a paragraph or line break becomes a line break), entities read."""
    return html.unescape(strip_tags(_BLOCK_BREAKS.sub("\n", rich_html or ""))).strip()


def _table_text(table) -> str:
    """The cells of a TableBlock value, a tab between cells and a line between rows."""
    if not isinstance(table, dict):
        return ""
    rows = table.get("data") or []
    lines = ["\t".join(str(cell) for cell in row if cell not in (None, "")) for row in rows if row]
    caption = table.get("table_caption") or ""
    return "\n".join(part for part in [caption, *lines] if part)


def block_text(block_type: str, value) -> list[str]:
    """The plain texts a body block shows, by block type (none for an unknown type)."""
    if block_type == "paragraph":
        return [plain_text(getattr(value, "source", value) or "")]
    if block_type == "heading":
        return [str(value or "")]
    if block_type == "quote":
        return [value.get("text") or ""]
    if block_type == "table":
        return [value.get("caption") or "", _table_text(value.get("table"))]
    if block_type == "image":
        return [value.get("caption") or ""]
    if block_type == "document":
        return [value.get("label") or ""]
    return []


def passages(release: Page) -> list[Passage]:
    """The release's text in reading order: headline, subheadline, body blocks, boilerplate, legend.

    The legend counts only when the release prints it.
    """
    found = [
        Passage("title", "Headline", release.title or ""),
        Passage("subheadline", "Subheadline", release.subheadline or ""),
    ]
    for number, block in enumerate(release.body or [], start=1):
        for text in block_text(block.block_type, block.value):
            found.append(Passage("body", f"Body, block {number} ({block.block_type})", text))
    found.append(Passage("boilerplate", "Boilerplate", release.boilerplate or ""))
    if release.include_forward_looking:
        found.append(Passage("forward_looking_legend", "Forward-looking statements", release.forward_looking_legend))
    return [p for p in found if p.text and p.text.strip()]


def _quoted(text: str, start: int, end: int, around: int = 0) -> str:
    """The matched text, with up to `around` characters either side (cut at a word break, marked …), on one line."""
    head, tail = text[max(0, start - around) : start], text[end : end + around]
    if start - around > 0 and " " in head:
        head = "…" + head[head.index(" ") + 1 :]
    if end + around < len(text) and " " in tail:
        tail = tail[: tail.rindex(" ")] + "…"
    return " ".join((head + text[start:end] + tail).split())


def _release_date(release: Page, profile: CompanyProfile) -> dt.date | None:
    """The release's date in the company's market time (None before a release time is set)."""
    if release.release_at is None:
        return None
    return timezone.localtime(release.release_at, profile.tz).date()


# -- dates -------------------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAY_DATE = re.compile(
    rf"\b(?P<weekday>{'|'.join(_WEEKDAYS)}),?\s+{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    r"(?:,?\s+(?P<year>\d{4})\b)?",
    re.IGNORECASE,
)
# A year-less date this close to the release date may be in the year before or after it
# ("Thursday, Jan. 7" in a December release is next January).
_NEAR_YEAR_END = dt.timedelta(days=120)


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _candidate_dates(month: int, day: int, year: int | None, released: dt.date | None) -> list[dt.date]:
    """What a weekday's date may mean: in its year; else the release's year or, near New Year, the next or last."""
    if year is not None:
        return [d for d in [_date_or_none(year, month, day)] if d]
    if released is None:
        return []
    dates = []
    for offset in (0, 1, -1):
        candidate = _date_or_none(released.year + offset, month, day)
        if candidate and (offset == 0 or abs(candidate - released) <= _NEAR_YEAR_END):
            dates.append(candidate)
    return dates


def check_weekdays(release: Page, profile: CompanyProfile) -> list[Finding]:
    """A weekday named with a date ("Tuesday, Dec. 2, 2026") must be that date's weekday."""
    released = _release_date(release, profile)
    findings = []
    for passage in passages(release):
        for match in _WEEKDAY_DATE.finditer(passage.text):
            month = _MONTHS[match["month"].lower()]
            year = int(match["year"]) if match["year"] else None
            if year is None and released is None:
                continue  # no year to read the date in yet
            named = match["weekday"].capitalize()
            quoted = _quoted(passage.text, match.start(), match.end())
            dates = _candidate_dates(month, int(match["day"]), year, released)
            if not dates:
                findings.append(_finding(ERROR, "impossible_date", passage.field, place=passage.place, quoted=quoted))
            elif not any(_WEEKDAYS[d.weekday()] == named for d in dates):
                findings.append(
                    _finding(
                        ERROR,
                        "weekday",
                        passage.field,
                        place=passage.place,
                        quoted=quoted,
                        named=named,
                        date=ap_date(dates[0]),
                        actual=_WEEKDAYS[dates[0].weekday()],
                    )
                )
    return findings


# `WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ --`, `BOSTON, Dec. 02, 2011 (GLOBE NEWSWIRE) --`,
# `WALTHAM, Mass., Dec. 2, 2011 --`: a city in capitals, maybe a state, the date, a wire tag or a dash.
_TYPED_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'\-]{1,59}(?:,\s*[A-Z][A-Za-z. ]{1,29}?)?),\s*"
    rf"(?P<date>{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}}))\s*"
    r"(?P<tag>/[^/\n]{2,40}/|\([A-Za-z ]{2,30}\)|--|\u2014|\u2013)",
    re.IGNORECASE | re.MULTILINE,
)


def check_typed_dateline(release: Page, profile: CompanyProfile) -> list[Finding]:
    """A dateline typed into the body must carry the release's date (market time)."""
    released = _release_date(release, profile)
    if released is None:
        return []
    findings = []
    for passage in passages(release):
        if passage.field != "body":
            continue
        for match in _TYPED_DATELINE.finditer(passage.text):
            if not match["place"].split(",")[0].strip().isupper():
                continue  # a sentence, not a dateline: datelines print the city in capitals
            typed = _date_or_none(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))
            if typed == released:
                continue
            findings.append(
                _finding(
                    ERROR,
                    "dateline_date",
                    passage.field,
                    place=passage.place,
                    quoted=_quoted(passage.text, match.start("place"), match.end()),
                    typed=ap_date(typed) if typed else "a date not on the calendar",
                    release=f"{ap_date(released)} ({profile.tz_label})",
                )
            )
    return findings


# -- periods -----------------------------------------------------------------------------------

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_FISCAL = r"(?:(?:fiscal(?:\s+year)?|FY)\s*'?)"
# "third quarter of 2019", "third-quarter 2019", "fourth quarter of fiscal 2019",
# "third quarter ended Sept. 30, 2019".
_QUARTER_WORDS = re.compile(
    r"\b(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter"
    rf"(?:\s+(?:of|for|in))?(?:\s+(?:ended|ending)\s+{_MONTH}\s+\d{{1,2}},?)?"
    rf"\s+{_FISCAL}?(?P<year>(?:19|20)\d{{2}})\b",
    re.IGNORECASE,
)
# "Q3 2019", "Q3 FY2019", "Q3'19", "Q3 FY19", "3Q19", "3Q 2019".
_QUARTER_CODES = re.compile(
    r"\b(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)"
    r"(?:\s*(?:FY|fiscal(?:\s+year)?)?\s*'?(?P<year>(?:19|20)\d{2})|\s*(?:FY\s*'?|')(?P<yy>\d{2})|(?<=Q)(?P<yy2>\d{2}))\b"
)
# "fiscal 2019", "fiscal year 2019", "FY2019", "FY 2019", "FY19", "full year 2019", "full-year 2019".
_YEARS = re.compile(
    r"\b(?:(?i:fiscal)(?:\s+(?i:year))?\s+(?P<year>(?:19|20)\d{2})"
    r"|FY\s*'?(?P<fy>(?:19|20)\d{2}|\d{2})"
    r"|(?i:full)[\s-](?i:year)\s+(?P<full>(?:19|20)\d{2}))\b"
)


def _year(text: str) -> int:
    number = int(text)
    return 2000 + number if number < 100 else number


def _periods(text: str) -> Iterator[tuple[re.Match, int, int | None]]:
    """(match, year, quarter or None) for each quarter or fiscal year named; a year inside a quarter counts once."""
    taken: list[tuple[int, int]] = []
    for match in _QUARTER_WORDS.finditer(text):
        taken.append(match.span())
        yield match, int(match["year"]), _ORDINALS[match["ordinal"].lower()]
    for match in _QUARTER_CODES.finditer(text):
        taken.append(match.span())
        year = match["year"] or match["yy"] or match["yy2"]
        yield match, _year(year), int(match["q"] or match["q2"])
    for match in _YEARS.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        yield match, _year(match["year"] or match["fy"] or match["full"]), None


def check_periods(release: Page, profile: CompanyProfile) -> list[Finding]:
    """A quarter or fiscal year before the previous one (template text left over): a warning.

    Calendar quarters and years (the profile holds no fiscal year end). A later period than the
    current one is never stale (an upcoming quarter, or a fiscal year that runs ahead of the calendar).
    """
    released = _release_date(release, profile)
    if released is None:
        return []
    current_quarter = released.year * 4 + (released.month - 1) // 3
    findings = []
    for passage in passages(release):
        for match, year, quarter in _periods(passage.text):
            if quarter is None:
                stale, period = year < released.year - 1, "year"
            else:
                stale, period = year * 4 + quarter - 1 < current_quarter - 1, "quarter"
            if stale:
                findings.append(
                    _finding(
                        WARNING,
                        "stale_period",
                        passage.field,
                        place=passage.place,
                        quoted=_quoted(passage.text, match.start(), match.end()),
                        period=period,
                        release=ap_date(released),
                    )
                )
    return findings


# -- listing -----------------------------------------------------------------------------------

# "(NASDAQ: TGEN)", "(Nasdaq: XYZ)", "(NYSE American: ABC)", "(OTCQX: ABCD)", "(TSX: ABC)".
_LISTING = re.compile(
    r"\(\s*(?P<venue>[A-Za-z][A-Za-z .\-]{1,40}?)\s*:\s*(?P<ticker>[A-Za-z][A-Za-z0-9.\-]{0,11})\s*[,;)]"
)
# How a release names each venue of company.models.EXCHANGE_CHOICES; "other" for venues the
# profile cannot hold (a Canadian or European listing). Read in this order: NYSE American first.
_VENUES = [
    ("nyse_american", re.compile(r"^(?:NYSE\s*(?:American|MKT|Amex)|AMEX)\b", re.IGNORECASE)),
    ("nyse", re.compile(r"^NYSE\b", re.IGNORECASE)),
    ("nasdaq", re.compile(r"^Nasdaq", re.IGNORECASE)),
    ("otc", re.compile(r"^(?:OTC|Pink)", re.IGNORECASE)),
    ("other", re.compile(r"^(?:TSX(?:V|-V| Venture)?|CSE|LSE|AIM|ASX|Euronext|Xetra|FSE|Frankfurt)\b", re.IGNORECASE)),
]


def _venue(name: str) -> str | None:
    for key, pattern in _VENUES:
        if pattern.match(name):
            return key
    return None


def check_listing(release: Page, profile: CompanyProfile) -> list[Finding]:
    """A listing named in the text ("(Nasdaq: TGEN)") must be the profile's exchange and ticker."""
    findings = []
    for passage in passages(release):
        for match in _LISTING.finditer(passage.text):
            venue = _venue(match["venue"].strip())
            if venue is None:
                continue  # "(see: …)", "(Ticker: …)": not a venue
            printed = passage.text[match.start() : match.end("ticker")] + (")" if match[0].endswith(")") else "")
            quoted = _quoted(printed, 0, len(printed))
            if profile.exchange == "none" or not profile.listing:
                findings.append(_finding(ERROR, "listing_unlisted", passage.field, place=passage.place, quoted=quoted))
            elif venue != profile.exchange or match["ticker"].upper() != profile.ticker.upper():
                findings.append(
                    _finding(
                        ERROR, "listing", passage.field, place=passage.place, quoted=quoted, listing=profile.listing
                    )
                )
    return findings


# -- wording -----------------------------------------------------------------------------------

_EST_EDT = re.compile(r"\b(?P<abbreviation>EST|EDT)\b")


def check_time_zone(release: Page, profile: CompanyProfile) -> list[Finding]:
    """Times are "ET" all year: "EST" or "EDT" (as words) is an error."""
    return [
        _finding(
            ERROR,
            "time_zone",
            passage.field,
            place=passage.place,
            quoted=_quoted(passage.text, match.start(), match.end(), around=20),
            abbreviation=match["abbreviation"],
        )
        for passage in passages(release)
        for match in _EST_EDT.finditer(passage.text)
    ]


_PROJECTION = re.compile(
    r"\b(?:expect(?:s|ed|ing|ation|ations)?|anticipat(?:e|es|ed|ing|ion|ions)|guidance"
    r"|outlooks?|forecast(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)


def has_legend(release: Page) -> bool:
    """The release prints a forward-looking statements legend (ticked, and with text)."""
    return bool(release.include_forward_looking and (release.forward_looking_legend or "").strip())


def check_legend(release: Page, profile: CompanyProfile) -> list[Finding]:
    """A projection ("expects", "guidance", "outlook" …) needs the forward-looking statements legend.

    One finding, at the first projection: the fix is the same for all of them.
    """
    if has_legend(release):
        return []
    for passage in passages(release):
        if passage.field == "forward_looking_legend":
            continue
        if match := _PROJECTION.search(passage.text):
            quoted = _quoted(passage.text, match.start(), match.end(), around=30)
            return [
                _finding(ERROR, "legend", "include_forward_looking", place=passage.place, quoted=quoted, token=match[0])
            ]
    return []


def check_media_contact(release: Page, profile: CompanyProfile, contacts: Iterable | None = None) -> list[Finding]:
    """A release names at least one media contact.

    `contacts`: the contacts the editor's form holds, when checking a form not saved yet;
    otherwise the release's own (its cluster, so an unsaved page works too).
    """
    if contacts is None:
        contacts = release.contacts.all()
    if list(contacts):
        return []
    return [_finding(ERROR, "no_contact", "contacts")]


# "XX", "XXX", "$XX", "XX%", "$X.X", "XX,XXX"; "TBD"; "[insert …]"; "Lorem ipsum".
_PLACEHOLDERS = [
    re.compile(r"(?<![\w$])\$?(?:X{2,}(?:[.,]X+)*|X(?:[.,]X+)+)%?(?!\w)"),
    re.compile(r"\bTBD\b", re.IGNORECASE),
    re.compile(r"\[\s*(?:insert|enter|add|name|date|link|placeholder|tk)\b", re.IGNORECASE),
    re.compile(r"\blorem\b", re.IGNORECASE),
]
_END_MARK = re.compile(r"#\s?#\s?#+")


def check_placeholders(release: Page, profile: CompanyProfile) -> list[Finding]:
    """Placeholders left in ("XX", "TBD", "[insert", "Lorem"), and "###" anywhere but the very end."""
    shown = passages(release)
    findings = []
    for index, passage in enumerate(shown):
        for pattern in _PLACEHOLDERS:
            for match in pattern.finditer(passage.text):
                quoted = _quoted(passage.text, match.start(), match.end(), around=20)
                findings.append(
                    _finding(ERROR, "placeholder", passage.field, place=passage.place, quoted=quoted, token=match[0])
                )
        last = index == len(shown) - 1
        for match in _END_MARK.finditer(passage.text):
            if last and not passage.text[match.end() :].strip(" \t\n#-"):
                continue  # the wires' end mark, closing the release
            quoted = _quoted(passage.text, match.start(), match.end(), around=20)
            findings.append(_finding(ERROR, "end_mark", passage.field, place=passage.place, quoted=quoted))
    return findings


# -- time and history --------------------------------------------------------------------------


def check_closing_time(release: Page, profile: CompanyProfile) -> list[Finding]:
    """A release that is not material, timed in the closing blackout (4:00 to 4:05 p.m. ET): a warning.

    A material one is refused by the form already (disclosure.exchange.check_release_time), so
    it gets no second message here; a company that is not listed has no closing price.
    """
    if release.release_at is None or release.is_material or profile.exchange == "none":
        return []
    if not in_closing_blackout(release.release_at):
        return []
    local = release.release_at.astimezone(EXCHANGE_TZ)
    return [_finding(WARNING, "closing_blackout", "release_at", time=ap_time(local))]


def latest_public_version(release: Page):
    """The release's latest ReleaseVersion (its latest public text), or None (never public, or not saved)."""
    if release.pk is None:
        return None
    return release.versions.order_by("-number").first()


def check_correction_note(release: Page, profile: CompanyProfile, *, submitting: bool = False) -> list[Finding]:
    """A release that has been public changes only by a correction, with a note of its own.

    `submitting`: the text is being submitted (the form), so it is a change whatever is saved. Otherwise
    (the editor's panel) a live release with nothing unpublished is the public text itself: no correction
    is under way, nothing to say.
    """
    latest = latest_public_version(release)
    # Not `live`: an unsaved page is live by Wagtail's default, and a page once published has first_published_at.
    if not (release.first_published_at or latest):
        return []
    if not submitting and release.live and not release.has_unpublished_changes:
        return []
    findings = []
    public_time = None
    if release.pk is not None:  # the live row holds the public text's time (the editor saves drafts as revisions)
        public_time = (
            type(release).objects.filter(pk=release.pk, live=True).values_list("release_at", flat=True).first()
        )
    if public_time is not None and release.release_at is not None and release.release_at != public_time:
        local = public_time.astimezone(profile.tz)
        findings.append(
            _finding(ERROR, "correction_release_time", "release_at", time=f"{ap_date(local.date())}, {ap_time(local)}")
        )
    note = (release.correction_note or "").strip()
    if not note:
        return [*findings, _finding(ERROR, "correction_note_missing", "correction_note")]
    if latest is not None and note == (latest.correction_note or "").strip():
        quoted = note if len(note) <= 120 else note[:119].rstrip() + "…"
        findings.append(
            _finding(ERROR, "correction_note_unchanged", "correction_note", number=latest.number, quoted=quoted)
        )
    return findings


# -- all of them -------------------------------------------------------------------------------

TEXT_CHECKS = (
    check_weekdays,
    check_typed_dateline,
    check_periods,
    check_listing,
    check_time_zone,
    check_legend,
    check_placeholders,
)


def preflight(
    release: Page,
    *,
    profile: CompanyProfile | None = None,
    contacts: Iterable | None = None,
    submitting: bool = False,
) -> list[Finding]:
    """Every check's findings, errors first.

    `profile` defaults to the release's own; `contacts` to the release's (see check_media_contact);
    `submitting` says the text is being submitted (see check_correction_note).
    """
    profile = profile or release.profile
    findings: list[Finding] = []
    for check in TEXT_CHECKS:
        findings += check(release, profile)
    findings += check_media_contact(release, profile, contacts)
    findings += check_closing_time(release, profile)
    findings += check_correction_note(release, profile, submitting=submitting)
    return sorted(findings, key=lambda finding: not finding.is_error)
