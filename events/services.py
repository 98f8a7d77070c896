"""The rules of an event that tests call directly: its calendar SEQUENCE, its time as AP style prints it.

Plain functions of plain values (no model, no request), so the page model, the calendar writer
and the demo all read the one rule.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

from company.ap_style import ap_time, ap_weekday_date

# What a calendar subscriber's copy of an event depends on: a change to any of these, once
# published, is a reschedule (or a cancellation) that RFC 5545 says must raise SEQUENCE, or
# calendar programs keep the old copy.
SCHEDULE_KEYS = ("start", "end", "location", "status")


def schedule_fingerprint(*, start: dt.datetime, end: dt.datetime, location: str, status: str) -> dict[str, str]:
    """The published values SEQUENCE follows, as JSON-ready text (times in UTC, to the second)."""
    return {
        "start": start.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "end": end.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "location": location.strip(),
        "status": status,
    }


def next_sequence(sequence: int, last_published: dict | None, now_published: dict) -> int:
    """The SEQUENCE of an event being published with `now_published`, last published with `last_published`.

    The first publication keeps the sequence it has (0); each later one raises it by one when the
    start, end, location or status differ from the last published ones, and keeps it otherwise
    (a new summary or a replay added is not a reschedule). Unpublishing and republishing the same
    schedule changes nothing; a schedule changed while unpublished is still a change.
    """
    if not last_published:
        return sequence
    changed = any(last_published.get(key) != now_published.get(key) for key in SCHEDULE_KEYS)
    return sequence + 1 if changed else sequence


def is_upcoming(end: dt.datetime, now: dt.datetime) -> bool:
    """An event is upcoming until it ends: one under way is still listed with those to join."""
    return end >= now


def _weekday_date(day: dt.date) -> str:
    return ap_weekday_date(day)  # the site's one AP form, whatever the server's locale


def time_range(start: dt.datetime, end: dt.datetime, tz: zoneinfo.ZoneInfo, label: str) -> str:
    """`Thursday, March 5, 2026, 4:30 to 5:30 p.m. ET`, in the market time zone, AP style.

    The meridiem is said once when both times share it (`10:00 to 11:30 a.m.`), twice when they
    do not (`11:30 a.m. to 12:30 p.m.`); an event over several days names both days.
    """
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if local_start.date() != local_end.date():
        return (
            f"{_weekday_date(local_start.date())}, {ap_time(local_start)} to "
            f"{_weekday_date(local_end.date())}, {ap_time(local_end)} {label}"
        )
    first, last = ap_time(local_start), ap_time(local_end)
    if (local_start.hour < 12) == (local_end.hour < 12):
        first = first.rsplit(" ", 1)[0]
    return f"{_weekday_date(local_start.date())}, {first} to {last} {label}"


@dataclass(frozen=True)
class DialInLine:
    """One dial-in number as the page shows it: its label, the number, and a `tel:` target when it is one."""

    label: str
    number: str
    tel: str


_NUMBER = re.compile(r"^(?P<label>.*?)[\s:]*(?P<number>\+?[0-9][0-9 ().-]{5,}[0-9])$")


def dial_in_lines(text: str) -> list[DialInLine]:
    """`US toll-free: +1 888 555 0100`, one a line: each split into its label and a dialable number.

    A line that does not end in a phone number is kept whole as its label (e.g. "Ask for the Tecogen call").
    """
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        match = _NUMBER.match(line)
        if match is None:
            lines.append(DialInLine(label=line, number="", tel=""))
            continue
        number = match["number"]
        tel = ("+" if number.startswith("+") else "") + re.sub(r"[^0-9]", "", number)
        lines.append(DialInLine(label=match["label"].strip(), number=number, tel=tel))
    return lines
