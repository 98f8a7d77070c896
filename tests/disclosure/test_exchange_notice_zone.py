"""The exchange-notice form reads and labels times in the company's own market time zone."""

from django.urls import reverse

import pytest

from tests.factories import make_release
from tests.support.workflow import decide, submit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("zone", "label"), [("America/New_York", "ET"), ("America/Chicago", "CT")])
def test_the_notice_time_is_labelled_with_the_profiles_zone(client, roles, newsroom, profile, zone, label):
    profile.market_time_zone = zone
    profile.save()
    page = make_release(newsroom, title="Quarterly results", publish=False, is_material=True)
    submit(page, roles["drafter"])
    decide(page, roles["compliance"])
    client.force_login(roles["compliance"])

    response = client.get(reverse("disclosure_exchange_notice", args=(page.pk,)))

    assert response.status_code == 200
    html = response.content.decode()
    assert f"Market time ({label}). When the notice was given" in html
    other = {"ET", "CT"} - {label}
    assert f"Market time ({other.pop()})" not in html
