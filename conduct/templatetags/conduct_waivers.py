"""Template helpers for the Code waiver pages and admin screens: AP-style dates, times in market time."""

from __future__ import annotations

import datetime as dt

from django import template

from company.ap_style import ap_date, ap_time
from conduct.waivers import market_zone

register = template.Library()


@register.filter
def waiver_day(value: dt.date | dt.datetime | None) -> str:
    """`Dec. 2, 2026`; a datetime is read as its date in market time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(market_zone()[0]).date()
    return ap_date(value)


@register.filter
def waiver_moment(value: dt.datetime | None) -> str:
    """`Dec. 2, 2026, 4:30 p.m. ET`: in the company's market time zone, with its label."""
    if value is None:
        return ""
    tz, label = market_zone()
    local = value.astimezone(tz)
    return f"{ap_date(local.date())}, {ap_time(local)} {label}"


@register.filter
def market_iso_date(value: dt.datetime | None) -> str:
    """The market-time date of a moment, for `<time datetime>`."""
    if value is None:
        return ""
    return value.astimezone(market_zone()[0]).date().isoformat()
