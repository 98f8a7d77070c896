"""The audit trail screen a compliance officer reads at 1366 px: short digests, times to the second, CSV in its order.

The layout itself is measured in a browser (the closing note of the auditui branch); these tests hold
what it depends on: what the cells say, that the whole digest is one click away, and that the CSV
lists the entries in the order of the screen.
"""

import csv
import datetime as dt
import io
import re

from django.test import override_settings

from wagtail.models import Site

import pytest
import time_machine

from disclosure.audit import audit_entries, market_zone
from disclosure.models import revision_digest
from tests.factories import make_release
from tests.support.workflow import decide, submit

pytestmark = pytest.mark.django_db

AUDIT_URL = "/admin/disclosure/audit/"
# 15 Jan 2031, 15:04:05.678901 UTC = 10:04:05 a.m. ET (standard time).
MOMENT = dt.datetime(2031, 1, 15, 15, 4, 5, 678901, tzinfo=dt.UTC)


@pytest.fixture
def rejected(newsroom, roles):
    """A release submitted and sent back with a comment at MOMENT (microseconds and all)."""
    page = make_release(newsroom, title="Quarterly results", publish=False, owner=roles["drafter"])
    with time_machine.travel(MOMENT, tick=False):
        submit(page, roles["drafter"])
        decide(page, roles["compliance"], action="reject", comment="Add the ticker to the lead.")
    return page


def table_rows(html: str) -> list[str]:
    body = html.split('id="disclosure-audit-table"', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr data-action=.*?</tr>", body, flags=re.S)


def test_times_are_to_the_second_in_market_time_with_the_zones_label(client, roles, rejected):
    """The table shows 2031-01-15 10:04:05 ET with the UTC time beneath: no microseconds, no offset arithmetic."""
    client.force_login(roles["compliance"])
    html = client.get(AUDIT_URL).content.decode()
    row = next(r for r in table_rows(html) if 'data-action="wagtail.workflow.reject"' in r)
    assert "2031-01-15 10:04:05\N{NO-BREAK SPACE}ET" in row
    assert "2031-01-15 15:04:05\N{NO-BREAK SPACE}UTC" in row
    assert '<time datetime="2031-01-15T15:04:05+00:00">' in row
    assert "678901" not in html and ".678" not in html


def test_a_company_in_chicago_sees_ct_not_et(client, roles, rejected, profile):
    """The label is the configured zone's own: Central Time shows CT (09:04:05), and ET appears nowhere in the table."""
    profile.market_time_zone = "America/Chicago"
    profile.save()
    client.force_login(roles["compliance"])
    html = client.get(AUDIT_URL).content.decode()
    table = html.split('id="disclosure-audit-table"', 1)[1]
    assert "Time (CT)" in table and "2031-01-15 09:04:05\N{NO-BREAK SPACE}CT" in table
    assert "\N{NO-BREAK SPACE}ET" not in table and "(ET)" not in html


@override_settings(TIME_ZONE="America/Chicago")
def test_without_a_default_site_the_fallback_is_the_configured_zone():
    """No site, no profile: market_zone() is settings.TIME_ZONE with that zone's label, never a hard-coded ET."""
    Site.objects.all().delete()
    tz, label = market_zone()
    assert (tz.key, label) == ("America/Chicago", "CT")
    with override_settings(TIME_ZONE="Asia/Tokyo"):
        assert market_zone()[1] == "Asia/Tokyo"  # no abbreviation of ours: the zone's name, not someone else's


def test_digest_is_short_with_the_whole_value_one_click_away(client, roles, rejected):
    """Each digest cell shows 12 characters; a <details> holds the whole SHA-256 and a copy button for it."""
    digest = revision_digest(rejected.get_latest_revision())
    client.force_login(roles["compliance"])
    html = client.get(AUDIT_URL).content.decode()
    row = next(r for r in table_rows(html) if 'data-action="wagtail.workflow.reject"' in r)
    details = re.search(r"<details>(.*?)</details>", row, flags=re.S).group(1)
    summary = re.search(r"<summary>(.*?)</summary>", details, flags=re.S).group(1)
    assert f"<code>{digest[:12]}</code>" in summary and digest not in summary
    assert f'<code class="audit-digest__full">{digest}</code>' in details
    assert f'data-w-clipboard-value-param="{digest}"' in details
    assert 'data-controller="w-clipboard"' in details


def test_csv_lists_the_entries_in_the_order_of_the_screen(client, newsroom, roles):
    """Newest first in both, entry for entry; the page says so, and the CSV's times stop at the second."""
    pages = [make_release(newsroom, title=f"Release {n}", publish=False, owner=roles["drafter"]) for n in range(3)]
    for day, page in enumerate(pages, start=1):
        with time_machine.travel(dt.datetime(2031, 2, day, 15, 0, 0, 250000, tzinfo=dt.UTC), tick=False):
            submit(page, roles["drafter"])
    client.force_login(roles["compliance"])
    response = client.get(AUDIT_URL)
    html = response.content.decode()
    assert "newest first, as on this screen" in html
    screen = [(row.source, row.entry_id) for row in response.context["rows"]]
    table = list(csv.reader(io.StringIO(client.get(AUDIT_URL, {"export": "csv"}).content.decode())))
    header = table[0]
    exported = [(line[header.index("Log")], int(line[header.index("Entry ID")])) for line in table[1:]]
    assert exported == screen
    times = [dt.datetime.fromisoformat(line[0]) for line in table[1:]]
    assert times == sorted(times, reverse=True)
    assert times[0] == dt.datetime(2031, 2, 3, 15, tzinfo=dt.UTC)  # to the second
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", line[1]) for line in table[1:])
    assert [line[0] for line in table[1:]] == [row.timestamp_utc for row in audit_entries().newest_first_order()]
