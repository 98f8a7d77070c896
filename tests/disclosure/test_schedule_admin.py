"""Admin → Scheduled releases and the exchange notice form, through the admin's real URLs."""

import datetime as dt

from django.urls import reverse

from wagtail.models import PageLogEntry

import pytest
import time_machine
from bs4 import BeautifulSoup

from disclosure.models import ExchangeNotice
from releases.models import PressReleasePage
from tests.support.forms import release_form
from tests.support.workflow import EMBARGO_RELEASE_AT as RELEASE_AT
from tests.support.workflow import approved

pytestmark = pytest.mark.django_db

SCHEDULE_URL = "/admin/disclosure/scheduled/"


@pytest.fixture
def frozen():
    with time_machine.travel(RELEASE_AT - dt.timedelta(hours=2), tick=False) as traveller:
        yield traveller


@pytest.fixture
def material(newsroom, roles, frozen):
    return approved(newsroom, roles, is_material=True)


def test_schedule_lists_the_release_with_countdown_approvers_and_who_may_cancel(client, roles, material):
    """Time (ET), countdown, both spokespersons' sign-offs, the spokespersons who may cancel, the notice rule."""
    client.force_login(roles["drafter"])
    response = client.get(SCHEDULE_URL)
    assert response.status_code == 200
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    [row] = soup.select("table.disclosure-schedule tbody tr")
    text = " ".join(row.get_text(" ").split())
    assert "Third quarter results" in text and "material" in text
    assert "Wed, Dec 2, 2026, 10:30:00 AM ET" in text
    assert row.select_one(".disclosure-countdown")["data-release-at"] == "2026-12-02T10:30:00-05:00"
    assert "in 2 hours" in text
    assert "Ceo" in text and "President" in text  # the two sign-offs (first names of the fixture users)
    assert "notify Nasdaq by 10:20 a.m. ET on Dec 2, 2026" in text
    assert "Will be held" in text  # no notice recorded yet
    who_may_cancel = soup.select_one("p.help-block").get_text(" ")
    assert "President" in who_may_cancel and "Ceo" in who_may_cancel and "Drafter" not in who_may_cancel
    assert "Cancel scheduled release" not in text  # the drafter is no spokesperson
    client.force_login(roles["ceo"])
    assert "Cancel scheduled release" in client.get(SCHEDULE_URL).content.decode()


def test_the_public_and_other_staff_see_no_schedule(client, roles, material, django_user_model):
    """Anonymous visitors are sent to the login; an admin user with no rights on releases sees no row."""
    assert client.get(SCHEDULE_URL).status_code == 302
    from django.contrib.auth.models import Permission

    outsider = django_user_model.objects.create_user("outsider", password="pw")  # noqa: S106
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    response = client.get(SCHEDULE_URL)
    assert response.status_code == 200
    assert "Third quarter results" not in response.content.decode()
    url = reverse("disclosure_exchange_notice", args=(material.pk,))
    refused = client.post(url, {"notified_at": "2026-12-02T08:00", "notified_by": outsider.pk})
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's "permission denied"
    assert not ExchangeNotice.objects.exists()


def test_recording_the_notice_in_the_admin_clears_the_hold(client, roles, material):
    """Compliance records the notice (market time): it is stored, logged, and the row no longer warns."""
    client.force_login(roles["compliance"])
    url = reverse("disclosure_exchange_notice", args=(material.pk,))
    form = client.get(url)
    assert form.status_code == 200
    assert "notify Nasdaq by 10:20 a.m. ET" in form.content.decode()
    response = client.post(
        url, {"notified_at": "2026-12-02T08:25", "notified_by": roles["compliance"].pk, "reference": "MW-77"}
    )
    assert response.status_code == 302
    notice = ExchangeNotice.objects.get(page=material)
    assert notice.notified_at == dt.datetime(2026, 12, 2, 13, 25, tzinfo=dt.UTC)  # 8:25 a.m. ET
    assert (notice.venue, notice.reference, notice.recorded_by) == ("Nasdaq", "MW-77", roles["compliance"])
    entry = PageLogEntry.objects.get(page=material, action="disclosure.exchange_notice")
    assert entry.user == roles["compliance"] and entry.data["reference"] == "MW-77"
    assert "Will be held" not in client.get(SCHEDULE_URL).content.decode()


def test_a_notice_of_an_earlier_release_time_is_shown_as_not_covering_this_one(client, roles, material):
    """Compliance sees which time each notice told the exchange of; one of an earlier schedule leaves the hold."""
    ExchangeNotice.objects.create(
        page=material,
        venue="Nasdaq",
        notified_at=RELEASE_AT - dt.timedelta(hours=3),
        release_at=RELEASE_AT - dt.timedelta(hours=1),  # told of 9:30 a.m.; the release now goes out at 10:30
        notified_by=roles["compliance"],
        recorded_by=roles["compliance"],
        reference="MW-OLD",
    )
    client.force_login(roles["compliance"])
    [row] = BeautifulSoup(client.get(SCHEDULE_URL).content, "html.parser").select("table.disclosure-schedule tbody tr")
    text = " ".join(row.get_text(" ").split())
    assert "(MW-OLD) of the release time Dec 2, 9:30 AM ET (an earlier time: does not cover this one)" in text
    assert "Will be held" in text
    form = client.get(reverse("disclosure_exchange_notice", args=(material.pk,))).content.decode()
    form_text = " ".join(BeautifulSoup(form, "html.parser").get_text(" ").split())
    assert "Recording notice of the release time Wed, Dec 2, 2026, 10:30 AM ET" in form_text
    assert "an earlier time: does not cover the current one" in form_text

    client.post(
        reverse("disclosure_exchange_notice", args=(material.pk,)),
        {"notified_at": "2026-12-02T08:25", "notified_by": roles["compliance"].pk, "reference": "MW-NEW"},
    )
    assert ExchangeNotice.objects.get(reference="MW-NEW").release_at == RELEASE_AT
    assert "Will be held" not in client.get(SCHEDULE_URL).content.decode()


@pytest.mark.parametrize(
    ("notified_at", "error"),
    [
        ("2026-12-02T11:00", "in the future"),
        ("2026-13-45T08:00", "Enter a valid date/time"),
        ("", "This field is required"),
    ],
)
def test_impossible_notice_is_refused_and_changes_nothing(client, roles, material, notified_at, error):
    client.force_login(roles["compliance"])
    url = reverse("disclosure_exchange_notice", args=(material.pk,))
    response = client.post(url, {"notified_at": notified_at, "notified_by": roles["compliance"].pk})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not ExchangeNotice.objects.exists()
    assert not PageLogEntry.objects.filter(action="disclosure.exchange_notice").exists()


def test_editor_refuses_a_material_release_in_the_closing_blackout(client, roles, newsroom, frozen):
    """Drafting a material release for 4:02 p.m. ET: the form says why, and no release is created."""
    client.force_login(roles["drafter"])
    url = reverse("wagtailadmin_pages:add", args=("releases", "pressreleasepage", newsroom.pk))
    response = client.post(url, release_form(release_at="2026-12-02 16:02", is_material="True"))
    assert response.status_code == 200
    assert "between 4:00 and 4:05 p.m. ET" in response.content.decode()
    assert not PressReleasePage.objects.filter(slug="tecogen-reports-record-quarter").exists()
    response = client.post(url, release_form(release_at="2026-12-02 16:05", is_material="True"))
    assert response.status_code == 302
    page = PressReleasePage.objects.get(slug="tecogen-reports-record-quarter")
    assert page.go_live_at == page.release_at == dt.datetime(2026, 12, 2, 21, 5, tzinfo=dt.UTC)


def test_release_editor_offers_no_separate_publishing_schedule(client, roles, material):
    """The release time is the schedule: the editor has no go-live or expiry field of its own."""
    client.force_login(roles["drafter"])
    page = PressReleasePage.objects.get(pk=material.pk)
    page.save_revision(user=roles["drafter"])  # a draft after the approval
    html = client.get(reverse("wagtailadmin_pages:edit", args=(material.pk,))).content.decode()
    assert 'name="release_at"' in html
    assert 'name="go_live_at"' not in html and 'name="expire_at"' not in html


def test_dashboard_shows_the_scheduled_release(client, roles, material):
    client.force_login(roles["ceo"])
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = soup.select_one("#disclosure-scheduled-content")
    assert panel is not None
    assert "Third quarter results" in panel.get_text() and "held: exchange notice" in panel.get_text()


def test_saving_a_material_release_in_the_window_says_what_the_exchange_asks(client, roles, newsroom, frozen):
    """The drafter saves a material release for 10:30 a.m. ET: the admin says Nasdaq must be told by 10:20."""
    client.force_login(roles["drafter"])
    url = reverse("wagtailadmin_pages:add", args=("releases", "pressreleasepage", newsroom.pk))
    response = client.post(url, release_form(release_at="2026-12-02 10:30", is_material="True"), follow=True)
    html = response.content.decode()
    assert "Inside Nasdaq" in html and "notify Nasdaq by 10:20 a.m. ET on Dec 2, 2026" in html
    assert "held at its time" in html
    client.post(url, release_form(release_at="2026-12-02 10:30", is_material="False", slug="plain"), follow=True)
    assert "notice window" not in client.get("/admin/").content.decode()


def test_schedule_page_reads_rows_in_batches(client, newsroom, roles, frozen):
    """Sign-offs, notices, holds and profiles are read once for all rows; what grows per row is Wagtail's own
    turning of a revision into a page (a few queries): 1 and 5 scheduled releases, at most 4 more queries each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def scheduled(count):
        for n in range(count):
            approved(
                newsroom,
                roles,
                title=f"Release {count}-{n}",
                is_material=True,
                release_at=RELEASE_AT + dt.timedelta(minutes=count * 10 + n),
            )
        client.force_login(roles["compliance"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(SCHEDULE_URL)
        rows = BeautifulSoup(response.content, "html.parser").select("table.disclosure-schedule tbody tr")
        return len(rows), len(queries)

    one_row, one = scheduled(1)
    five_rows, five = scheduled(4)
    assert (one_row, five_rows) == (1, 5)
    assert five - one <= 4 * 4, (one, five)


def test_schedule_and_dashboard_name_the_profiles_market_zone(client, roles, material, profile):
    """The zone's label comes from the company profile (a setting), not a hard-coded "ET"."""
    profile.market_time_zone = "America/Chicago"
    profile.save()
    client.force_login(roles["ceo"])
    page = BeautifulSoup(client.get(SCHEDULE_URL).content, "html.parser")
    [row] = page.select("table.disclosure-schedule tbody tr")
    assert " CT" in row.select_one("time").get_text() and " ET" not in row.select_one("time").get_text()
    assert "market time (CT)" in page.select_one("p.help-block").get_text()
    panel = BeautifulSoup(client.get("/admin/").content, "html.parser").select_one("#disclosure-scheduled-content")
    assert "Goes public (CT)" in panel.get_text()
