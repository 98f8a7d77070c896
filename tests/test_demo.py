"""`load_demo` builds the whole demo site, and running it again changes nothing."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, WorkflowPage

import pytest
import time_machine

from alerts.models import Alert, ConsentRecord, Subscriber
from demo.builder import RESULTS_SLUG, UPCOMING_TITLE
from demo.events import CONFERENCE_SLUG, EARNINGS_SLUG
from disclosure.embargo import publish_scheduled_revision
from disclosure.models import Spokesperson
from events.models import EventIndexPage, EventPage
from governance.code_import import CODE_SLUG
from governance.models import GovernanceDocumentPage, GovernanceIndexPage
from releases.models import NewsroomPage, PressReleasePage
from tests.support.demo import load_demo_site

pytestmark = pytest.mark.django_db


def test_load_demo_builds_the_site_and_is_idempotent(client, monkeypatch):
    """Profile, reference release (live, 2 Dec 2011), Code page, users, spokespersons, workflow; twice = once."""
    monkeypatch.setenv("DEMO_PASSWORD", "s3cret-demo")
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (
        Page.objects.count(),
        get_user_model().objects.count(),
        Spokesperson.objects.count(),
        PageLogEntry.objects.count(),
    )
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == (
        Page.objects.count(),
        get_user_model().objects.count(),
        Spokesperson.objects.count(),
        PageLogEntry.objects.count(),
    )

    release = PressReleasePage.objects.get(title="Tecogen Raises Over $2.9 Million")
    assert release.live
    assert release.release_at == dt.datetime(2011, 12, 2, 13, 0, tzinfo=dt.UTC)  # 8:00 a.m. ET
    assert release.first_published_at == release.release_at
    assert release.is_material
    assert [c.slug for c in release.categories.all()] == ["financing"]
    code = GovernanceDocumentPage.objects.live().get(slug=CODE_SLUG)
    assert code.version == "2012-03"
    assert [v.version_label for v in code.versions.order_by("number")] == ["2011", "2012-03"]

    users = {u.username: u for u in get_user_model().objects.all()}
    assert set(users) == {"drafter", "president", "ceo", "compliance", "counsel", "admin"}
    assert all(u.check_password("s3cret-demo") for u in users.values())
    assert users["admin"].is_superuser and not users["drafter"].is_superuser
    assert users["drafter"].groups.filter(name="PR team").exists()
    assert users["compliance"].groups.filter(name="Disclosure Committee").exists()
    assert {s.user.username for s in Spokesperson.objects.active()} == {"president", "ceo"}
    newsroom = NewsroomPage.objects.get()
    assert WorkflowPage.objects.get(page=newsroom).workflow.name == "Disclosure Policy"
    # The other public page types go through the same workflow: no side door (company.disclosed).
    for index in (GovernanceIndexPage.objects.get(), EventIndexPage.objects.get()):
        assert WorkflowPage.objects.get(page=index).workflow.name == "Disclosure Policy"

    for url in (
        "/",
        "/news/",
        release.url,
        "/governance/",
        "/governance/board/",
        "/governance/code-waivers/",
        "/events/",
        "/events/calendar.ics",
        "/filings/",
        "/contacts/",
        "/sitemap.xml",
    ):
        assert client.get(url, HTTP_HOST="127.0.0.1:8000").status_code == 200


def test_demo_has_a_corrected_release_with_both_versions(client):
    """The demo shows a correction: the corrected text with its dated note, and the text as first published."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    release = PressReleasePage.objects.get(slug="tecogen-annual-meeting-of-stockholders")
    assert [v.number for v in release.versions.all()] == [1, 2]
    current = client.get(release.url, HTTP_HOST="127.0.0.1:8000").content.decode()
    first = client.get(f"{release.url}v1/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "should read 10:00 a.m. ET, not 11:00 a.m. ET" in current and "held at 10:00 a.m. ET" in current
    assert "held at 11:00 a.m. ET" in first and "The release as first published" in first
    assert release.versions.get(number=1).published_at == release.release_at < release.last_published_at


def test_demo_has_an_approved_release_waiting_for_its_time(client):
    """The demo shows the embargo: a release approved through the chain, scheduled for the next business morning."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    upcoming = PressReleasePage.objects.get(title=UPCOMING_TITLE)
    assert not upcoming.live
    revision = upcoming.revisions.get(approved_go_live_at__isnull=False)
    assert revision.approved_go_live_at == upcoming.release_at > timezone.now()
    local = timezone.localtime(upcoming.release_at, upcoming.profile.tz)
    assert (local.hour, local.minute, local.weekday() < 5) == (8, 0, True)
    assert upcoming.attachments.count() == 1
    assert client.get(f"/news/{upcoming.slug}/", HTTP_HOST="127.0.0.1:8000").status_code == 404
    assert client.get(upcoming.attachments.get().document.url, HTTP_HOST="127.0.0.1:8000").status_code == 404


def test_demo_earnings_call_is_tied_to_its_scheduled_results_release_shown_only_once_out(client):
    """The upcoming call's results: approved, material, scheduled on the call's day before it; named on the
    call's page only from its release time on. The conference presentation stands alone."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    results = PressReleasePage.objects.get(slug=RESULTS_SLUG)
    call = EventPage.objects.get(slug=EARNINGS_SLUG)
    conference = EventPage.objects.get(slug=CONFERENCE_SLUG)
    assert [item.release_id for item in call.related_releases.all()] == [results.pk]
    assert list(conference.related_releases.all()) == []
    revision = results.revisions.get(approved_go_live_at__isnull=False)
    assert not results.live and revision.approved_go_live_at == results.release_at
    assert results.is_material and [c.slug for c in results.categories.all()] == ["financial-results"]
    release_local = timezone.localtime(results.release_at, results.profile.tz)
    call_local = timezone.localtime(call.start_at, results.profile.tz)
    assert release_local.date() == call_local.date() and results.release_at < call.start_at
    assert (release_local.hour, release_local.minute) == (16, 10)

    host = {"HTTP_HOST": "127.0.0.1:8000"}
    before = client.get(call.url, **host).content.decode()
    assert results.title not in before and results.slug not in before
    assert client.get(f"/news/{results.slug}/", **host).status_code == 404
    with time_machine.travel(results.release_at + dt.timedelta(seconds=1), tick=False):
        assert publish_scheduled_revision(revision.pk, revision.approved_go_live_at).status == "published"
        after = client.get(call.url, **host).content.decode()
        assert f'href="/news/{results.slug}/">{results.title}</a>' in after
        assert client.get(f"/news/{results.slug}/", **host).status_code == 200


def test_the_demo_has_subscribers_and_sends_the_correction_alert(db, monkeypatch, django_capture_on_commit_callbacks):
    """Investors signed up through the real path; the demo's correction goes to those subscribed to it."""
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_site(monkeypatch)
    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses == {
        "anna.investor@example.com": "active",
        "fund.manager@example.org": "active",
        "analyst@example.net": "pending",
        "former.holder@example.com": "unsubscribed",
    }
    assert ConsentRecord.objects.filter(action="confirmed").count() == 3
    # v1 went public (back-dated) before anyone here had confirmed: it is nobody's alert.
    first, correction = Alert.objects.order_by("version__number")
    assert not first.deliveries.exists()
    alert = correction
    assert alert.subject.startswith("Correction: Tecogen to Hold Annual Meeting")
    alerts = [m for m in mail.outbox if m.subject == alert.subject]
    assert [m.to for m in alerts] == [["anna.investor@example.com"]]
    assert "List-Unsubscribe" in alerts[0].extra_headers
