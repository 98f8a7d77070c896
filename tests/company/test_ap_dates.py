"""One date style on every public page: the newsroom list, the home page and the release agree (AP style)."""

import datetime as dt

import pytest

from company.ap_style import ap_datetime, ap_weekday_date
from tests.factories import make_release
from tests.support.site_chrome import soup


def test_ap_datetime_and_weekday_date():
    """`Sept. 5, 2026, 4:30 p.m.` and `Wednesday, Dec. 2, 2026`: abbreviated months, spelled-out weekday."""
    assert ap_datetime(dt.datetime(2026, 9, 5, 16, 30)) == "Sept. 5, 2026, 4:30 p.m."
    assert ap_datetime(dt.datetime(2026, 3, 5, 0, 5)) == "March 5, 2026, 12:05 a.m."
    assert ap_weekday_date(dt.date(2026, 12, 2)) == "Wednesday, Dec. 2, 2026"


@pytest.mark.django_db
def test_list_home_and_release_show_the_same_date_and_time(client, newsroom):
    """13:00 UTC on 2 Dec 2011 is `Dec. 2, 2011, 8:00 a.m. ET` wherever the release is shown."""
    release = make_release(newsroom, title="Tecogen Raises Over $2.9 Million")
    shown = {
        "newsroom": soup(client.get("/news/")).select_one(".release-summary__meta time"),
        "home": soup(client.get("/")).select_one(".release-summary__meta time"),
        "release": soup(client.get(release.url)).select_one(".release-date time"),
    }
    for where, time in shown.items():
        assert " ".join(time.get_text().split()) == "Dec. 2, 2011, 8:00 a.m. ET", where
        assert dt.datetime.fromisoformat(time["datetime"]) == release.release_at, where
