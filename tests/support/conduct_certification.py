"""Certification campaigns and quiet periods in tests: the Code published, people invited, links read from the mail.

Also a URLconf (`urlpatterns`) with the public certification route in front of the site's own,
for tests marked `pytest.mark.urls("tests.support.conduct_certification")` until ir_site/urls.py
includes conduct.urls (harmless after: the same route twice).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail

from conduct import certification
from conduct.models import QuietPeriod
from disclosure.committee import bootstrap
from disclosure.guard import historical_record
from disclosure.services import DISCLOSURE_COMMITTEE
from governance.code_import import ensure_governance_index, load_code_page

ET = zoneinfo.ZoneInfo("America/New_York")
# Thursday 3 Dec 2026, 10:00 a.m. ET: when the certification tests' campaigns start
# (tests/conduct/conftest.py's `certification_clock`).
CERTIFICATION_NOW = dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)
# The quiet-period tests' clock and their Q4 2026 quiet period (tests/conduct/conftest.py: `quiet_clock`, `q4`).
QUIET_NOW = dt.datetime(2026, 12, 14, 15, 0, tzinfo=dt.UTC)  # Monday, 10:00 a.m. ET
QUIET_FROM = dt.datetime(2026, 12, 17, 0, 0, tzinfo=ET)
QUIET_UNTIL = dt.datetime(2027, 2, 11, 8, 0, tzinfo=ET)  # the Q4 results release
LINK = re.compile(r"https?://\S+/code-certification/[^/\s]+/")


def publish_code(home, *, version: str = "2011", effective_date: dt.date = dt.date(2011, 1, 1)):
    """The seed Code, published as the demo publishes it (its certification form as the page's last block)."""
    with historical_record("Test fixture: the Code of Business Conduct and Ethics"):
        return load_code_page(ensure_governance_index(home), version=version, effective_date=effective_date)


def committee_member(username: str = "bonnie"):
    """A Disclosure Committee member (who runs campaigns and keeps the calendar), with admin access."""
    user = get_user_model().objects.create_user(
        username,
        password="pw",  # noqa: S106 - a test user first_name="Bonnie", last_name="Brown", email=f"{username}@example.com"
    )
    group, _ = Group.objects.get_or_create(name=DISCLOSURE_COMMITTEE)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    bootstrap([user], reason="Test fixture: the compliance officer who runs the campaign.")
    return user


def employee(username: str, first: str, last: str, *, group: Group | None = None, email: str | None = None):
    user = get_user_model().objects.create_user(
        username,
        password="pw",  # noqa: S106 - a test user
        first_name=first,
        last_name=last,
        email=f"{username}@example.com" if email is None else email,
    )
    if group is not None:
        user.groups.add(group)
    return user


def start(by, *people: certification.Invitee | object, title: str = "2026 annual certification", **fields):
    """A campaign inviting `people` (users or Invitee), as the admin form starts it."""
    invitees = []
    for person in people:
        if isinstance(person, certification.Invitee):
            invitees.append(person)
        else:
            invitees.append(certification.Invitee(name=person.get_full_name(), email=person.email.lower(), user=person))
    return certification.start_campaign(title=title, by=by, invitees=invitees, **fields)


def links_in_outbox(to: str | None = None) -> list[str]:
    """The certification links in the test outbox (of the messages to `to`), oldest first."""
    found = []
    for message in mail.outbox:
        if to is None or to in message.to:
            found += LINK.findall(message.body)
    return found


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def form_data(
    invitation, *, name: str | None = None, date: str = "2026-12-03", ticked=(1, 2, 3), revision=None
) -> dict:
    """What the certification form posts: printed name, date, the statements ticked, the revision shown."""
    code = certification.current_code()
    data = {
        "printed_name": invitation.name if name is None else name,
        "signed_on": date,
        "revision": code.revision_id if revision is None else revision,
    }
    for n in ticked:
        data[f"statement_{n}"] = "on"
    return data


def quiet_period(label: str, starts: dt.datetime, ends: dt.datetime, by=None) -> QuietPeriod:
    """A quiet period on the calendar (`starts`/`ends` aware)."""
    return QuietPeriod.objects.create(label=label, starts_at=starts, ends_at=ends, created_by=by)
