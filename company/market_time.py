"""Market time: wall-clock times in the company's market time zone, read and checked.

Release times are stored in UTC and entered in the market time zone of the company profile
(America/New_York by default, shown as "ET"). Nothing here knows a model: the release form,
the wire importer and the Disclosure Policy's exchange-notice form all read times through it.

The closing blackout lives here too, as the one rule both its uses read: the Disclosure Policy
refuses a material release timed inside it (disclosure/exchange.py) and the release preflight
warns about any other release (releases/preflight.py).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

# The exchanges' clock: their rules are read in ET whatever the company's market time zone.
EXCHANGE_TZ = zoneinfo.ZoneInfo("America/New_York")
# 4:00 to 4:05 p.m. ET, while the exchanges set their closing prices: no news goes out then.
CLOSING_BLACKOUT = (dt.time(16, 0), dt.time(16, 5))


def in_closing_blackout(moment: dt.datetime) -> bool:
    """Whether `moment` (aware) falls in the closing blackout, from 4:00 up to 4:05 p.m. ET."""
    local = moment.astimezone(EXCHANGE_TZ).time()
    return CLOSING_BLACKOUT[0] <= local < CLOSING_BLACKOUT[1]


def market_datetime(naive: dt.datetime, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """Attach a market time zone to a wall-clock time, refusing times that do not exist.

    In the spring daylight-saving gap (e.g. 2:30 a.m. ET on the second Sunday of
    March) there is no such moment; an ambiguous autumn hour takes its first
    occurrence.
    """
    aware = naive.replace(tzinfo=tz, fold=0)
    round_trip = aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != naive:
        raise ValueError(
            f"{naive:%Y-%m-%d %H:%M} does not exist in {tz.key} (clocks skip that hour for daylight saving)."
        )
    return aware.astimezone(dt.UTC)


class MarketDateTimeField(forms.DateTimeField):
    """A wall-clock time in the company's market time zone, whatever the admin's own clock.

    Shown as market time and read as market time (refusing times that daylight saving skips),
    so an unchanged value compares equal to what is stored: the editor must not think a
    release time changed when nobody touched it (an "approve" from the editor would save a
    new revision and need approval again).
    """

    def __init__(self, *args, tz: zoneinfo.ZoneInfo, **kwargs):
        self.tz = tz
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return value.astimezone(self.tz).replace(tzinfo=None)
        return value

    def to_python(self, value):
        with timezone.override(dt.UTC):  # parse the wall-clock text without any zone's rules
            parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return market_datetime(parsed.replace(tzinfo=None), self.tz)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc
