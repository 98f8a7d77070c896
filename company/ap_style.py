"""AP style for dates, times and states: the one way the site prints them.

`Dec. 2, 2011`, `8:00 a.m.`, `Mass.`: the rules of the AP Stylebook that the wires follow, as
pure functions and plain data. The release dateline (releases/dateline.py), the wire importer
and the company profile's state choices all read them from here, and every public page prints
a date with `ap_date` and a moment with `ap_datetime` (`Dec. 2, 2011, 8:00 a.m.`, then the
zone label), with the weekday in front where it matters (`ap_weekday_date`: an event's day).

One deliberate difference from the Stylebook, which writes `8 a.m.`: times keep their minutes
(`8:00 a.m.`), as releases and wires print release and call times.
The wire text's own first line (`December 2, 2011`, releases/wire_export.py) is the wires'
format, not the site's, and stays spelled out.
"""

from __future__ import annotations

import datetime as dt

# AP month style: five months are spelled out, the others abbreviated.
AP_MONTHS = {
    1: "Jan.",
    2: "Feb.",
    3: "March",
    4: "April",
    5: "May",
    6: "June",
    7: "July",
    8: "Aug.",
    9: "Sept.",
    10: "Oct.",
    11: "Nov.",
    12: "Dec.",
}

# Full names whatever the process locale is (not strftime's %A).
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# State name -> AP dateline abbreviation. The eight states AP never abbreviates
# map to themselves.
AP_STATES = {
    "Alabama": "Ala.",
    "Alaska": "Alaska",
    "Arizona": "Ariz.",
    "Arkansas": "Ark.",
    "California": "Calif.",
    "Colorado": "Colo.",
    "Connecticut": "Conn.",
    "Delaware": "Del.",
    "District of Columbia": "D.C.",
    "Florida": "Fla.",
    "Georgia": "Ga.",
    "Hawaii": "Hawaii",
    "Idaho": "Idaho",
    "Illinois": "Ill.",
    "Indiana": "Ind.",
    "Iowa": "Iowa",
    "Kansas": "Kan.",
    "Kentucky": "Ky.",
    "Louisiana": "La.",
    "Maine": "Maine",
    "Maryland": "Md.",
    "Massachusetts": "Mass.",
    "Michigan": "Mich.",
    "Minnesota": "Minn.",
    "Mississippi": "Miss.",
    "Missouri": "Mo.",
    "Montana": "Mont.",
    "Nebraska": "Neb.",
    "Nevada": "Nev.",
    "New Hampshire": "N.H.",
    "New Jersey": "N.J.",
    "New Mexico": "N.M.",
    "New York": "N.Y.",
    "North Carolina": "N.C.",
    "North Dakota": "N.D.",
    "Ohio": "Ohio",
    "Oklahoma": "Okla.",
    "Oregon": "Ore.",
    "Pennsylvania": "Pa.",
    "Rhode Island": "R.I.",
    "South Carolina": "S.C.",
    "South Dakota": "S.D.",
    "Tennessee": "Tenn.",
    "Texas": "Texas",
    "Utah": "Utah",
    "Vermont": "Vt.",
    "Virginia": "Va.",
    "Washington": "Wash.",
    "West Virginia": "W.Va.",
    "Wisconsin": "Wis.",
    "Wyoming": "Wyo.",
}
STATE_BY_ABBREVIATION = {abbr: name for name, abbr in AP_STATES.items()}


def ap_date(day: dt.date) -> str:
    """`Dec. 2, 2011`, `March 5, 2026`."""
    return f"{AP_MONTHS[day.month]} {day.day}, {day.year}"


def ap_weekday_date(day: dt.date) -> str:
    """`Wednesday, Dec. 2, 2026`: the weekday spelled out, then the AP date."""
    return f"{WEEKDAYS[day.weekday()]}, {ap_date(day)}"


def ap_datetime(moment: dt.datetime) -> str:
    """`Dec. 2, 2011, 8:00 a.m.`: the wall-clock date and time of `moment` as it stands (the caller
    converts it to market time and adds the zone label)."""
    return f"{ap_date(moment.date())}, {ap_time(moment)}"


def ap_state(state: str) -> str:
    """The AP abbreviation of a full state name ('' stays '')."""
    return AP_STATES.get(state, state)


def ap_time(moment: dt.datetime | dt.time) -> str:
    """`8:00 a.m.`, `12:30 p.m.`: AP style, the one way the site prints a time (the caller adds the zone)."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'a.m.' if moment.hour < 12 else 'p.m.'}"
