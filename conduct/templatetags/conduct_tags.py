"""Template helpers for certification and quiet periods, for conduct's templates and the Disclosure Policy's.

- `{{ day|code_day }}`, `{{ moment|code_moment }}`: AP-style date; date and time in market time with "ET".
- `{% quiet_period_for_release release_at page as qp %}`: the quiet period a release timed at
  `release_at` falls in, with whether its sign-off needs a confirmation (None outside one).
- `{% quiet_period_for_sign_off task_state as qp %}`: the same for the revision a sign-off step signs.
- `{% quiet_period_badge release_at page %}`: a small label for a listing row (Scheduled releases,
  the dashboard): "Quiet period: Q4 2026 quiet period" (nothing outside one).
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.functional import cached_property

from conduct import quiet_periods
from conduct.models import QuietPeriod
from conduct.templatetags.conduct_waivers import waiver_day
from releases.models import PressReleasePage

register = template.Library()


# The same AP-style date as the waiver screens print (one implementation, two names in templates).
register.filter("code_day", waiver_day)


@register.filter
def code_moment(value: dt.datetime | None) -> str:
    """`Dec. 2, 2026, 4:30 p.m. ET`."""
    return quiet_periods.market_moment(value) if value is not None else ""


class QuietPeriodState:
    """A release's quiet period as a template shows it: the period, whether it is the results release, what to ask."""

    def __init__(self, period: QuietPeriod, *, results: bool, needs_confirmation: bool):
        self.period = period
        self.results = results  # a results release: no confirmation needed
        self.needs_confirmation = needs_confirmation  # its sign-off asks for a confirmation with a reason

    @cached_property
    def span(self) -> str:
        """In market time (reads the company profile: only when a template shows it)."""
        return quiet_periods.span_text(self.period)


@register.simple_tag
def quiet_period_for_release(release_at: dt.datetime | None, page=None) -> QuietPeriodState | None:
    """One query (the calendar); the results test reads the release's frozen categories."""
    return _state(quiet_periods.quiet_period_at(release_at), page)


def _state(period: QuietPeriod | None, page) -> QuietPeriodState | None:
    """What a release timed in `period` is asked at sign-off (the results release: nothing)."""
    if period is None:
        return None
    results = page is not None and quiet_periods.is_results_release(page)
    needs = isinstance(page, PressReleasePage) and not results
    return QuietPeriodState(period, results=results, needs_confirmation=needs)


@register.simple_tag
def quiet_period_for_sign_off(task_state) -> QuietPeriodState | None:
    """For the Sign off modal: the signed revision's release time and categories."""
    try:
        release = task_state.revision.as_object()
    except Exception:  # noqa: BLE001 - a modal without a revision shows no quiet period rather than failing
        return None
    return quiet_period_for_release(getattr(release, "release_at", None), release)


@register.inclusion_tag("conduct/quiet_periods/badge.html", takes_context=True)
def quiet_period_badge(context, release_at: dt.datetime | None, page=None) -> dict:
    """One query per listing, not per row: the calendar's periods still to end, read once per render."""
    periods = context.render_context.get(_PERIODS)
    if periods is None:
        periods = context.render_context[_PERIODS] = list(
            QuietPeriod.objects.filter(ends_at__gt=timezone.now() - dt.timedelta(days=1)).order_by("starts_at")
        )
    period = next((p for p in periods if release_at and p.starts_at <= release_at < p.ends_at), None)
    return {"qp": _state(period, page)}


_PERIODS = "conduct_quiet_periods"
