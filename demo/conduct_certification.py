"""The demo's certification campaign and quiet period.

- The annual certification of the Code, started by compliance against the Code's current
  version: the demo's executives, PR manager and counsel, and a director without a login; two
  have certified (through the same service as the personal page), the rest are pending. The
  invitations go out by the task worker (Admin → Code of Conduct → Certification; the Outbox).
- A quiet period around the next quarter's end: from two weeks before it until the results
  release six weeks after, starting at least a week from the build, so that the demo's own
  scheduled release (the next business morning) is not inside it. Its entry on the public events
  calendar is drafted (Admin → Code of Conduct → Quiet periods shows it): a draft, for the
  committee to send through the Disclosure Policy, since the quarter it names is the real next
  one while the demo's own results call is two weeks from the build.

Idempotent: the campaign is found by its title, the quiet period by its label.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from conduct import certification
from conduct.models import CertificationCampaign, QuietPeriod
from conduct.quiet_periods import calendar_drafter, draft_calendar_entry, overlapping
from conduct.waivers import market_zone
from events.models import EventIndexPage

DEMO_CLIENT = "Demo data (manage.py load_demo)"
INVITED_USERS = ("ceo", "president", "compliance", "counsel", "drafter")
CERTIFIED = ("president", "counsel")
WITHOUT_LOGIN = certification.Invitee(name="Morgan Lee (director, demo)", email="morgan.lee@example.com")
# The quiet period starts at least this long after the build: the demo's scheduled release
# (next business morning) must stay outside it, or its sign-off would need a confirmation.
QUIET_MARGIN = dt.timedelta(days=7)


def quarter_end_after(day: dt.date) -> dt.date:
    """The last day of the calendar quarter `day` is in."""
    month = ((day.month - 1) // 3 + 1) * 3
    first_of_next = dt.date(day.year + (month == 12), month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def quiet_period_span(now: dt.datetime) -> tuple[str, dt.datetime, dt.datetime]:
    """(label, starts, ends) of the quiet period of the first quarter end whose period starts after QUIET_MARGIN."""
    tz, _ = market_zone()
    today = timezone.localdate(now, tz)
    end = quarter_end_after(today)
    while True:
        starts = dt.datetime.combine(end - dt.timedelta(days=14), dt.time(0, 0), tzinfo=tz)
        if starts >= now + QUIET_MARGIN:
            break
        end = quarter_end_after(end + dt.timedelta(days=1))
    ends = dt.datetime.combine(end + dt.timedelta(days=42), dt.time(8, 0), tzinfo=tz)
    label = f"Q{(end.month - 1) // 3 + 1} {end.year} quiet period"
    return label, starts.astimezone(dt.UTC), ends.astimezone(dt.UTC)


def _ensure_quiet_period(now: dt.datetime, by) -> QuietPeriod | None:
    label, starts, ends = quiet_period_span(now)
    existing = QuietPeriod.objects.filter(label=label).first()
    if existing is not None or overlapping(starts, ends) is not None:
        return existing
    return QuietPeriod.objects.create(
        label=label,
        starts_at=starts,
        ends_at=ends,
        note="Demo: from two weeks before the quarter's end until its results release.",
        created_by=by,
    )


@transaction.atomic
def build_conduct_certification(*, now: dt.datetime | None = None) -> dict:
    """The running annual certification campaign and the next quiet period; returns them."""
    now = now or timezone.now()
    User = get_user_model()
    compliance = User.objects.get(username="compliance")
    quiet = _ensure_quiet_period(now, compliance)
    if quiet is not None and quiet.calendar_page_id is None and calendar_drafter() and EventIndexPage.objects.exists():
        draft_calendar_entry(quiet, by=compliance)

    title = f"{timezone.localdate(now, market_zone()[0]).year} annual certification (demo)"
    campaign = CertificationCampaign.objects.filter(title=title).first()
    if campaign is not None or certification.current_code() is None:
        return {"campaign": campaign, "quiet_period": quiet}
    users = list(User.objects.filter(username__in=INVITED_USERS))
    invitees, _ = certification.users_as_invitees(users=users)
    campaign, _ = certification.start_campaign(
        title=title,
        by=compliance,
        due_on=(now + dt.timedelta(days=28)).date(),
        message="This is the demo's campaign: the links work, and the messages are in the Outbox.",
        invitees=[*invitees, WITHOUT_LOGIN],
        now=now,
    )
    for invitation in campaign.invitations.filter(user__username__in=CERTIFIED).select_related("user"):
        certification.certify(
            invitation,
            printed_name=invitation.name,
            signed_on=certification.market_today(),
            ticked=[True] * len(certification.current_code().form.statements),
            shown_revision_id=None,
            address="127.0.0.1",
            user_agent=DEMO_CLIENT,
        )
    return {"campaign": campaign, "quiet_period": quiet}
