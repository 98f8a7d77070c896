"""Template helpers for the wire anatomy."""

import re

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from company.ap_style import ap_date, ap_time, ap_weekday_date

register = template.Library()

_OPENING_P = re.compile(r"^\s*<p(\s[^>]*)?>", re.IGNORECASE)


@register.simple_tag
def paragraph_with_lead_in(html, lead_in):
    """Put the dateline lead-in inside the first paragraph, as the wires print it."""
    html = str(html)
    dateline = format_html('<span class="dateline">{}</span> ', lead_in)
    match = _OPENING_P.match(html)
    if match:
        return mark_safe(html[: match.end()] + dateline + html[match.end() :])  # noqa: S308 - html is Wagtail-rendered rich text, dateline format_html-escaped
    return mark_safe(format_html('<p class="dateline-only">{}</p>', dateline) + html)  # noqa: S308 - html is Wagtail-rendered rich text, dateline format_html-escaped


def _local_date(value, tz):
    """The day of `value` in `tz` (a naive value is taken as already local)."""
    return (timezone.localtime(value, tz) if timezone.is_aware(value) else value).date()


@register.filter
def ap_datefmt(value, tz=None):
    """`Dec. 2, 2011` in the market time zone."""
    return "" if value is None else ap_date(_local_date(value, tz))


@register.filter
def ap_weekday_datefmt(value, tz=None):
    """`Wednesday, Dec. 2, 2026` in the market time zone: the weekday, then the site's one AP date."""
    return "" if value is None else ap_weekday_date(_local_date(value, tz))


@register.filter
def market_time(value, tz=None):
    """`Dec. 2, 2011, 8:00 a.m.` in market time (the caller adds the zone label)."""
    if value is None:
        return ""
    local = timezone.localtime(value, tz)
    return f"{ap_date(local.date())}, {ap_time(local)}"


@register.filter
def ap_timefmt(value):
    """`8:00 a.m.`: the time of day as it stands (already in market time; the caller adds the zone label)."""
    if value is None:
        return ""
    return ap_time(value)
