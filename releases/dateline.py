"""AP-style dateline and lead-in, as the wires print them.

`WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ --` is built here from the release's
city, state, market-time date and distribution channel. Pure functions, so the
importer (which reads datelines) and the templates (which write them) share one
set of rules. The AP rules for dates and states themselves are site-wide (company/ap_style.py),
and so are the channels (company/wires.py); what a release prints after its date is here.
"""

from __future__ import annotations

import datetime as dt

from company.ap_style import ap_date, ap_state
from company.wires import BUSINESS_WIRE, GLOBE_NEWSWIRE, PR_NEWSWIRE, WEBSITE_ONLY

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


# What follows the date in the lead-in, per channel.
WIRE_TAGS = {
    PR_NEWSWIRE: "/PRNewswire/ --",
    GLOBE_NEWSWIRE: "(GLOBE NEWSWIRE) --",
    BUSINESS_WIRE: "-- (BUSINESS WIRE) --",
    WEBSITE_ONLY: "--",
}


def dateline_place(city: str, state: str) -> str:
    """`WALTHAM, Mass.`; a major city (`BOSTON`) stands alone."""
    city = city.strip().upper()
    if not state or city in STANDALONE_CITIES:
        return city
    return f"{city}, {ap_state(state)}"


def lead_in(city: str, state: str, day: dt.date, wire: str) -> str:
    """The full lead-in before the first paragraph's text."""
    return f"{dateline_place(city, state)}, {ap_date(day)} {WIRE_TAGS[wire]}"
