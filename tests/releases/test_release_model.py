"""Rules of the release model: market time, frozen profile texts."""

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError

import pytest

from company.market_time import market_datetime
from disclosure.guard import historical_record
from releases.models import PressReleasePage

ET = zoneinfo.ZoneInfo("America/New_York")


def test_market_time_is_stored_in_utc():
    """8:00 a.m. ET in winter is 13:00 UTC, in summer 12:00 UTC."""
    assert market_datetime(dt.datetime(2011, 12, 2, 8, 0), ET) == dt.datetime(2011, 12, 2, 13, 0, tzinfo=dt.UTC)
    assert market_datetime(dt.datetime(2026, 7, 1, 8, 0), ET) == dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)


def test_time_in_the_daylight_saving_gap_is_refused():
    """2:30 a.m. on 8 March 2026 does not exist in ET: a clear error, not a silent shift."""
    with pytest.raises(ValueError, match="does not exist"):
        market_datetime(dt.datetime(2026, 3, 8, 2, 30), ET)


@pytest.mark.django_db
def test_profile_texts_are_frozen_into_the_release(newsroom, profile):
    """Boilerplate, About heading and SOURCE line are copied at drafting; a later profile edit leaves them."""
    page = PressReleasePage(
        title="Frozen",
        release_at=dt.datetime(2012, 1, 3, 13, tzinfo=dt.UTC),
        dateline_city="WALTHAM",
        wire="prnewswire",
        body=[],
    )
    with historical_record("test fixture"):
        newsroom.add_child(instance=page)
        page.full_clean()
        page.save_revision().publish()
    original = profile.boilerplate
    profile.boilerplate = "A rewritten boilerplate."
    profile.legal_name = "Tecogen Holdings Inc."
    profile.save()
    page = PressReleasePage.objects.get(pk=page.pk)
    assert page.boilerplate == original
    assert page.boilerplate_heading == "About Tecogen"
    assert page.source_name == "Tecogen Inc."


@pytest.mark.django_db
def test_legend_required_when_switched_on_and_profile_has_none(newsroom, profile):
    """Asking for the forward-looking legend with no text anywhere is a validation error."""
    profile.forward_looking_legend = ""
    profile.save()
    page = PressReleasePage(
        title="Guidance",
        release_at=dt.datetime(2012, 1, 3, 13, tzinfo=dt.UTC),
        dateline_city="WALTHAM",
        wire="prnewswire",
        body=[],
        include_forward_looking=True,
    )
    with pytest.raises(ValidationError, match="legend"):
        newsroom.add_child(instance=page)
    assert not PressReleasePage.objects.exists()
