"""The demo's certification campaign and quiet period (demo/conduct_certification.py)."""

import datetime as dt

import pytest

from conduct import certification, quiet_periods
from conduct.models import Certification, CertificationCampaign, QuietPeriod
from demo.builder import next_business_morning
from demo.conduct_certification import build_conduct_certification, quiet_period_span
from releases.models import PressReleasePage
from tests.support.conduct_certification import ET

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_is_running(demo):
    """Six invited (one without a login), two certified against the current Code; building again adds nothing."""
    campaign = CertificationCampaign.objects.get()
    assert build_conduct_certification()["campaign"] == campaign
    assert CertificationCampaign.objects.count() == 1
    assert campaign.is_open and campaign.version_label == certification.current_code().version_label
    figures = certification.counts(campaign)
    assert (figures.invited, figures.certified, figures.pending) == (6, 2, 4)
    assert campaign.invitations.filter(user__isnull=True).count() == 1
    assert all(c.version_label == campaign.version_label for c in Certification.objects.all())
    assert campaign.invitations.filter(email="morgan.lee@example.com").exists()


def test_the_demo_quiet_period_leaves_the_scheduled_release_outside(demo):
    """The quiet period is around the next quarter's end, after the demo's own scheduled release; the one
    release it may hold is the earnings call's results, which ends a quiet period and needs no confirmation."""
    period = build_conduct_certification()["quiet_period"]
    assert period.label.endswith("quiet period")
    for page in PressReleasePage.objects.all():
        release = page.get_latest_revision_as_object()
        in_period = quiet_periods.quiet_period_at(release.release_at) is not None
        assert not in_period or quiet_periods.is_results_release(release), release.title
        assert quiet_periods.confirmation_needed(release) is None, release.title
    assert period.starts_at > next_business_morning()


def test_quiet_period_span_around_quarter_ends():
    """Two weeks before the quarter's end until six weeks after it; the next quarter when that is too close."""
    label, starts, ends = quiet_period_span(dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC))
    assert label == "Q4 2026 quiet period"
    assert starts == dt.datetime(2026, 12, 17, 0, 0, tzinfo=ET) and ends == dt.datetime(2027, 2, 11, 8, 0, tzinfo=ET)
    label, starts, _ = quiet_period_span(dt.datetime(2026, 12, 20, 12, tzinfo=dt.UTC))
    assert label == "Q1 2027 quiet period" and starts == dt.datetime(2027, 3, 17, 0, 0, tzinfo=ET)


def test_the_demo_is_idempotent(demo):
    build_conduct_certification()
    counts = (CertificationCampaign.objects.count(), Certification.objects.count(), QuietPeriod.objects.count())
    build_conduct_certification()
    assert (CertificationCampaign.objects.count(), Certification.objects.count(), QuietPeriod.objects.count()) == counts
    assert counts == (1, 2, 1)


def test_the_demo_quiet_period_has_its_public_calendar_entry_drafted_not_published(demo):
    """The committee finds the entry drafted for the public events calendar; nothing about it is public."""
    period = build_conduct_certification()["quiet_period"]
    period.refresh_from_db()
    entry = quiet_periods.calendar_entry(period)
    assert entry is not None and not entry["live"] and not entry["differs"]
    assert build_conduct_certification()["quiet_period"].calendar_page_id == period.calendar_page_id  # idempotent
