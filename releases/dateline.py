"""AP-style dateline and lead-in, as the wires print them.

`WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ --` is built here from the release's
city, state, market-time date and distribution channel. Pure functions, so the
importer (which reads datelines) and the templates (which write them) share one
set of rules.
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

# AP dateline cities that stand alone, without a state.
STANDALONE_CITIES = frozenset(
    {
        "ATLANTA",
        "BALTIMORE",
        "BOSTON",
        "CHICAGO",
        "CINCINNATI",
        "CLEVELAND",
        "DALLAS",
        "DENVER",
        "DETROIT",
        "HONOLULU",
        "HOUSTON",
        "INDIANAPOLIS",
        "LAS VEGAS",
        "LOS ANGELES",
        "MIAMI",
        "MILWAUKEE",
        "MINNEAPOLIS",
        "NEW ORLEANS",
        "NEW YORK",
        "OKLAHOMA CITY",
        "PHILADELPHIA",
        "PHOENIX",
        "PITTSBURGH",
        "ST. LOUIS",
        "SALT LAKE CITY",
        "SAN ANTONIO",
        "SAN DIEGO",
        "SAN FRANCISCO",
        "SEATTLE",
        "WASHINGTON",
    }
)

PR_NEWSWIRE = "prnewswire"
BUSINESS_WIRE = "businesswire"
GLOBE_NEWSWIRE = "globenewswire"
WEBSITE_ONLY = "website"

WIRE_CHOICES = [
    (PR_NEWSWIRE, "PR Newswire"),
    (BUSINESS_WIRE, "Business Wire"),
    (GLOBE_NEWSWIRE, "GlobeNewswire"),
    (WEBSITE_ONLY, "Website only"),
]

# What follows the date in the lead-in, per channel.
WIRE_TAGS = {
    PR_NEWSWIRE: "/PRNewswire/ --",
    GLOBE_NEWSWIRE: "(GLOBE NEWSWIRE) --",
    BUSINESS_WIRE: "-- (BUSINESS WIRE) --",
    WEBSITE_ONLY: "--",
}


def ap_date(day: dt.date) -> str:
    """`Dec. 2, 2011`, `March 5, 2026`."""
    return f"{AP_MONTHS[day.month]} {day.day}, {day.year}"


def ap_state(state: str) -> str:
    """The AP abbreviation of a full state name ('' stays '')."""
    return AP_STATES.get(state, state)


def dateline_place(city: str, state: str) -> str:
    """`WALTHAM, Mass.`; a major city (`BOSTON`) stands alone."""
    city = city.strip().upper()
    if not state or city in STANDALONE_CITIES:
        return city
    return f"{city}, {ap_state(state)}"


def lead_in(city: str, state: str, day: dt.date, wire: str) -> str:
    """The full lead-in before the first paragraph's text."""
    return f"{dateline_place(city, state)}, {ap_date(day)} {WIRE_TAGS[wire]}"


def ap_time(moment: dt.datetime | dt.time) -> str:
    """`8:00 a.m.`, `12:30 p.m.`: AP style, the one way the site prints a time (the caller adds the zone)."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'a.m.' if moment.hour < 12 else 'p.m.'}"
