"""AP-style datelines, as the wires print them."""

import datetime as dt

import pytest

from company.ap_style import ap_date
from releases.dateline import dateline_place, lead_in


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (1, "Jan. 5, 2026"),
        (2, "Feb. 5, 2026"),
        (3, "March 5, 2026"),
        (4, "April 5, 2026"),
        (5, "May 5, 2026"),
        (6, "June 5, 2026"),
        (7, "July 5, 2026"),
        (8, "Aug. 5, 2026"),
        (9, "Sept. 5, 2026"),
        (10, "Oct. 5, 2026"),
        (11, "Nov. 5, 2026"),
        (12, "Dec. 5, 2026"),
    ],
)
def test_ap_month_style(month, expected):
    """Months are abbreviated AP style, March to July spelled out, Sept. not Sep."""
    assert ap_date(dt.date(2026, month, 5)) == expected


@pytest.mark.parametrize(
    ("city", "state", "expected"),
    [
        ("Waltham", "Massachusetts", "WALTHAM, Mass."),
        ("NEWARK", "New Jersey", "NEWARK, N.J."),
        ("AUSTIN", "Texas", "AUSTIN, Texas"),
        ("BOISE", "Idaho", "BOISE, Idaho"),
        ("BOSTON", "Massachusetts", "BOSTON"),
        ("NEW YORK", "New York", "NEW YORK"),
        ("SAN JOSE", "California", "SAN JOSE, Calif."),
    ],
)
def test_dateline_place(city, state, expected):
    """City in capitals, AP state abbreviation, eight states never abbreviated, major cities alone."""
    assert dateline_place(city, state) == expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("prnewswire", "WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ --"),
        ("globenewswire", "WALTHAM, Mass., Dec. 2, 2011 (GLOBE NEWSWIRE) --"),
        ("businesswire", "WALTHAM, Mass., Dec. 2, 2011 -- (BUSINESS WIRE) --"),
        ("website", "WALTHAM, Mass., Dec. 2, 2011 --"),
    ],
)
def test_lead_in_carries_the_wire_tag(wire, expected):
    """Each distribution channel gets its own wire tag; website-only gets none."""
    assert lead_in("WALTHAM", "Massachusetts", dt.date(2011, 12, 2), wire) == expected
