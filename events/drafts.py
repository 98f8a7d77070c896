"""Draft an event page from another record: the committee's quiet period on the public calendar.

Wired through settings.IR_QUIET_PERIOD_CALENDAR_DRAFTER (conduct calls it; events never imports
conduct, and conduct never imports events). The draft is not public: it goes through the
Disclosure Policy workflow like any event, and only its final sign-off publishes it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from wagtail.log_actions import log

from company.disclosed import free_child_slug
from company.models import CompanyProfile
from events.models import QUIET_PERIOD, EventIndexPage, EventPage


def quiet_period_summary(profile: CompanyProfile) -> str:
    """The public sentence: what a quiet period means for an investor (never the committee's own note)."""
    return (
        f"{profile.legal_name} does not discuss its results with investors, analysts or the media during "
        "this period. It ends with the release of the results."
    )


def draft_quiet_period(*, label: str, starts_at: dt.datetime, ends_at: dt.datetime, by) -> EventPage:
    """A draft "Quiet period" event under the events index, from `starts_at` to `ends_at`; logged as created by `by`."""
    index = EventIndexPage.objects.first()
    if index is None:
        raise ValidationError("The site has no events page to put the quiet period on: add Events and presentations.")
    profile = CompanyProfile.for_site(index.get_site())
    page = EventPage(
        title=label,
        slug=free_child_slug(index, slugify(label)[:200] or "quiet-period"),
        live=False,
        owner=by,
        kind=QUIET_PERIOD,
        start_at=starts_at,
        end_at=ends_at,
        summary=quiet_period_summary(profile),
    )
    index.add_child(instance=page)
    log(instance=page, action="wagtail.create", user=by)
    page.save_revision(user=by, log_action=False)
    return page
