"""The embargo publisher: on time to the second, once, whole or not at all, late ones caught up and logged."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageLogEntry, Revision
from wagtail.signals import page_published

import pytest
import time_machine

from disclosure.actions import PUBLISH_HELD_ACTION, PUBLISHED_LATE_ACTION
from disclosure.embargo import (
    SCHEDULED_PUBLISH_ACTION,
    Publisher,
    publish_scheduled_revision,
)
from disclosure.schedule import record_exchange_notice
from releases.models import PressReleasePage
from tests.factories import make_release
from tests.support.workflow import EMBARGO_RELEASE_AT, approved, decide, submit

pytestmark = pytest.mark.django_db

# Wednesday 2 Dec 2026, 10:30:00 a.m. ET: inside Nasdaq's and NYSE's notice windows.
RELEASE_AT = EMBARGO_RELEASE_AT
BEFORE = RELEASE_AT - dt.timedelta(days=1)


def scheduled_revision(page):
    return Revision.page_revisions.filter(object_id=str(page.pk), approved_go_live_at__isnull=False).first()


def live(page) -> bool:
    return PressReleasePage.objects.get(pk=page.pk).live


def actions(page):
    return list(PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk").values_list("action", flat=True))


@pytest.fixture
def frozen():
    with time_machine.travel(BEFORE, tick=False) as traveller:
        yield traveller


def test_the_release_time_is_the_schedule(newsroom, roles, frozen):
    """Approving a release whose time is ahead schedules it for exactly that time; nothing is live."""
    page = approved(newsroom, roles)
    assert not page.live
    assert scheduled_revision(page).approved_go_live_at == RELEASE_AT
    assert page.go_live_at == RELEASE_AT
    assert "wagtail.publish.schedule" in actions(page)


def test_release_time_edited_moves_the_schedule_with_it(newsroom, frozen):
    """Wagtail's go-live time follows the release time in every revision; a release never expires."""
    page = make_release(newsroom, publish=False, release_at=RELEASE_AT)
    page.release_at = RELEASE_AT + dt.timedelta(hours=2)
    page.expire_at = RELEASE_AT + dt.timedelta(days=1)
    revision = page.save_revision()
    restored = revision.as_object()
    assert (restored.go_live_at, restored.expire_at) == (RELEASE_AT + dt.timedelta(hours=2), None)


def test_publisher_publishes_at_the_second_not_before(newsroom, roles, frozen):
    """One second before its time the publisher leaves it alone; at its time it is live, logged as on time."""
    page = approved(newsroom, roles)
    publisher = Publisher()
    frozen.move_to(RELEASE_AT - dt.timedelta(seconds=1))
    assert publisher.run_once() == []
    assert not live(page)
    assert publisher.seconds_until_next() == pytest.approx(0.5)  # polls; wakes exactly when under a poll away
    frozen.move_to(RELEASE_AT - dt.timedelta(seconds=0.2))
    assert publisher.seconds_until_next() == pytest.approx(0.2)
    frozen.move_to(RELEASE_AT)
    [outcome] = publisher.run_once()
    assert outcome.status == "published" and not outcome.late
    page = PressReleasePage.objects.get(pk=page.pk)
    assert page.live and page.first_published_at == RELEASE_AT
    assert scheduled_revision(page) is None
    assert actions(page).count(SCHEDULED_PUBLISH_ACTION) == 1
    assert PUBLISHED_LATE_ACTION not in actions(page)


def test_after_downtime_overdue_releases_go_out_once_oldest_first_logged_late(newsroom, roles, frozen):
    """Publisher down over two release times: at start-up both go out, oldest first, each logged late with its delay."""
    later = approved(newsroom, roles, title="Later news", release_at=RELEASE_AT + dt.timedelta(minutes=30))
    earlier = approved(newsroom, roles, title="Earlier news", release_at=RELEASE_AT)
    frozen.move_to(RELEASE_AT + dt.timedelta(hours=1))
    publisher = Publisher()
    outcomes = publisher.run_once()
    assert [o.title for o in outcomes] == ["Earlier news", "Later news"]
    assert all(o.status == "published" and o.late for o in outcomes)
    assert publisher.run_once() == []  # once only
    for page, delay in ((earlier, 3600), (later, 1800)):
        entry = PageLogEntry.objects.get(page=page, action=PUBLISHED_LATE_ACTION)
        assert entry.data["delay_seconds"] == delay
        assert entry.data["scheduled_for"] == page.release_at.isoformat()
        assert actions(page).count(SCHEDULED_PUBLISH_ACTION) == 1


def test_a_schedule_is_claimed_once(newsroom, roles, frozen):
    """Two publishers reaching for the same due revision: the second finds it taken, one publish in the log."""
    page = approved(newsroom, roles)
    revision = scheduled_revision(page)
    frozen.move_to(RELEASE_AT + dt.timedelta(seconds=1))
    first = publish_scheduled_revision(revision.pk, RELEASE_AT)
    second = publish_scheduled_revision(revision.pk, RELEASE_AT)
    assert (first.status, second.status) == ("published", "taken")
    assert actions(page).count(SCHEDULED_PUBLISH_ACTION) == 1


def test_a_crash_in_the_middle_of_a_publish_leaves_the_old_state(newsroom, roles, frozen):
    """A failure after the page row was written rolls everything back; the next pass publishes it whole."""
    page = approved(newsroom, roles)
    frozen.move_to(RELEASE_AT)

    def crash(**kwargs):
        raise RuntimeError("power cut")

    page_published.connect(crash, dispatch_uid="test-crash")
    try:
        [outcome] = Publisher().run_once()
    finally:
        page_published.disconnect(dispatch_uid="test-crash")
    assert outcome.status == "failed"
    stored = PressReleasePage.objects.get(pk=page.pk)
    assert not stored.live and stored.live_revision_id is None and stored.first_published_at is None
    assert scheduled_revision(page).approved_go_live_at == RELEASE_AT
    assert SCHEDULED_PUBLISH_ACTION not in actions(page)
    frozen.move_to(RELEASE_AT + dt.timedelta(seconds=1))
    [outcome] = Publisher().run_once()
    assert outcome.status == "published" and live(page)


def test_cancelled_schedule_is_not_published(newsroom, roles, frozen):
    """A spokesperson cancels before the time: the publisher has nothing to do."""
    page = approved(newsroom, roles)
    revision = scheduled_revision(page)
    revision.approved_go_live_at = None
    revision.save(update_fields=["approved_go_live_at"])
    frozen.move_to(RELEASE_AT + dt.timedelta(seconds=1))
    assert Publisher().run_once() == []
    assert not live(page)


def test_run_publisher_once_command(newsroom, roles, frozen, capsys):
    """`manage.py run_publisher --once` publishes what is due and says so."""
    page = approved(newsroom, roles)
    frozen.move_to(RELEASE_AT + dt.timedelta(seconds=1))
    call_command("run_publisher", "--once")
    assert live(page)
    assert "published: Third quarter results" in capsys.readouterr().out


# -- exchange notice ------------------------------------------------------------------


def test_material_release_in_the_window_is_held_until_the_notice_is_recorded(newsroom, roles, frozen):
    """Nasdaq, 10:30 a.m. ET, material, no notice: held at its time (logged once); a notice given by 10:20 frees it."""
    page = approved(newsroom, roles, is_material=True)
    frozen.move_to(RELEASE_AT)
    publisher = Publisher()
    [outcome] = publisher.run_once()
    assert outcome.status == "held" and "notified by 10:20 a.m. ET" in outcome.reason
    assert not live(page)
    frozen.move_to(RELEASE_AT + dt.timedelta(seconds=10))
    publisher.run_once()
    assert actions(page).count(PUBLISH_HELD_ACTION) == 1
    assert scheduled_revision(page).approved_go_live_at == RELEASE_AT

    # A notice given at 10:25 is too late for a 10:30 release; one given at 10:15 counts.
    record_exchange_notice(
        page,
        notified_at=RELEASE_AT - dt.timedelta(minutes=5),
        notified_by=roles["compliance"],
        by=roles["compliance"],
    )
    frozen.move_to(RELEASE_AT + dt.timedelta(seconds=20))
    assert publisher.run_once()[0].status == "held"
    record_exchange_notice(
        page,
        notified_at=RELEASE_AT - dt.timedelta(minutes=15),
        notified_by=roles["compliance"],
        reference="MW-1234",
        by=roles["compliance"],
    )
    assert PageLogEntry.objects.filter(page=page, action="disclosure.exchange_notice").count() == 2
    frozen.move_to(RELEASE_AT + dt.timedelta(seconds=30))
    [outcome] = publisher.run_once()
    assert outcome.status == "published" and live(page)


def test_material_release_with_notice_goes_out_on_time(newsroom, roles, frozen):
    """The notice recorded in advance: the material release goes out at its second, not late."""
    page = approved(newsroom, roles, is_material=True)
    record_exchange_notice(page, notified_at=timezone.now(), notified_by=roles["compliance"], by=roles["compliance"])
    frozen.move_to(RELEASE_AT)
    [outcome] = Publisher().run_once()
    assert outcome.status == "published" and not outcome.late


def test_a_notice_of_an_earlier_time_does_not_cover_a_reschedule(newsroom, roles, frozen):
    """Told of 10:30, moved to 1:30 p.m.: held at 1:30 until the exchange is told the new time; both notices kept."""
    later = RELEASE_AT + dt.timedelta(hours=3)  # 1:30 p.m. ET, still inside the window
    page = make_release(newsroom, title="Third quarter results", publish=False, release_at=RELEASE_AT, is_material=True)
    first = record_exchange_notice(
        page, notified_at=timezone.now(), notified_by=roles["compliance"], reference="MW-1", by=roles["compliance"]
    )
    assert first.release_at == RELEASE_AT
    page.release_at = later
    submit(page, roles["drafter"])
    for approver in ("compliance", "ceo", "president"):
        decide(page, roles[approver])
    assert scheduled_revision(page).approved_go_live_at == later

    frozen.move_to(later)
    publisher = Publisher()
    [outcome] = publisher.run_once()
    assert outcome.status == "held" and "of its release time 1:30 p.m. ET" in outcome.reason
    assert not live(page)

    second = record_exchange_notice(
        page,
        notified_at=later - dt.timedelta(minutes=20),
        notified_by=roles["compliance"],
        reference="MW-2",
        by=roles["compliance"],
    )
    assert second.release_at == later
    frozen.move_to(later + dt.timedelta(seconds=10))
    assert publisher.run_once()[0].status == "published" and live(page)
    assert list(page.exchange_notices.order_by("pk").values_list("reference", "release_at")) == [
        ("MW-1", RELEASE_AT),
        ("MW-2", later),
    ]
    entry = PageLogEntry.objects.filter(page=page, action="disclosure.exchange_notice").order_by("pk").last()
    assert dt.datetime.fromisoformat(entry.data["release_at"]) == later


def test_a_notice_recorded_before_release_times_were_kept_still_counts(newsroom, roles, frozen):
    """A record from before the release time was stored (empty) is honoured for any time, as it was."""
    page = approved(newsroom, roles, is_material=True)
    notice = record_exchange_notice(
        page, notified_at=timezone.now(), notified_by=roles["compliance"], by=roles["compliance"]
    )
    type(notice).objects.filter(pk=notice.pk).update(release_at=None)
    frozen.move_to(RELEASE_AT)
    assert Publisher().run_once()[0].status == "published"


def test_a_notice_covers_its_release_time_only():
    """Same instant in another zone or with the microseconds a revision drops: covered; a second off: not."""
    from zoneinfo import ZoneInfo

    from disclosure.models import ExchangeNotice

    told = ExchangeNotice(release_at=RELEASE_AT.replace(microsecond=123456))
    assert told.is_for(RELEASE_AT.replace(microsecond=123000).astimezone(ZoneInfo("America/New_York")))
    assert not told.is_for(RELEASE_AT + dt.timedelta(seconds=1))
    assert not told.is_for(None)
    assert ExchangeNotice(release_at=None).is_for(RELEASE_AT)  # a record from before the time was kept


def test_not_material_or_not_listed_needs_no_notice(newsroom, roles, profile, frozen):
    """Non-material news needs no notice; venue "none" turns the checks off for material news too."""
    plain = approved(newsroom, roles, title="Plain news")
    profile.exchange = "none"
    profile.save()
    material = approved(newsroom, roles, title="Material news", is_material=True)
    frozen.move_to(RELEASE_AT)
    assert [o.status for o in Publisher().run_once()] == ["published", "published"]
    assert live(plain) and live(material)


def test_approval_after_the_time_without_notice_holds_instead_of_publishing(newsroom, roles, frozen):
    """The last sign-off of a material release whose time has passed: approved, held, not live."""
    frozen.move_to(RELEASE_AT + dt.timedelta(minutes=5))
    page = approved(newsroom, roles, is_material=True)
    assert not page.live
    assert PageLogEntry.objects.filter(page=page, action=PUBLISH_HELD_ACTION).exists()
    assert scheduled_revision(page) is not None


def test_closing_blackout_refused_when_drafted(newsroom, profile):
    """A material release at 4:02 p.m. ET is refused with the reason; 4:05 p.m., non-material or unlisted are fine."""
    page = make_release(newsroom, publish=False, is_material=True, release_at=RELEASE_AT)
    blackout = dt.datetime(2026, 12, 2, 21, 2, tzinfo=dt.UTC)
    page.release_at = blackout
    with pytest.raises(ValidationError) as excinfo:
        page.save_revision()
    assert "between 4:00 and 4:05 p.m. ET" in str(excinfo.value.message_dict["release_at"])
    assert page.revisions.count() == 1  # nothing saved
    page.release_at = dt.datetime(2026, 12, 2, 21, 5, tzinfo=dt.UTC)
    page.full_clean()
    page.release_at, page.is_material = blackout, False
    page.full_clean()
    profile.exchange = "none"
    profile.save()
    page = PressReleasePage.objects.get(pk=page.pk)
    page.is_material, page.release_at = True, blackout
    page.full_clean()


def test_notice_cannot_be_recorded_in_the_future(newsroom, roles, frozen):
    """An impossible notice (given an hour from now) is refused and nothing is recorded."""
    page = approved(newsroom, roles, is_material=True)
    with pytest.raises(ValidationError):
        record_exchange_notice(
            page,
            notified_at=timezone.now() + dt.timedelta(hours=1),
            notified_by=roles["ceo"],
            by=roles["ceo"],
        )
    assert not page.exchange_notices.exists()


def test_publisher_expires_other_pages_but_never_a_release(home, newsroom, roles, frozen):
    """A governance page past its expiry goes down (as Wagtail's cron would); a live release has no expiry."""
    from governance.models import GovernanceIndexPage

    governance = home.add_child(instance=GovernanceIndexPage(title="Governance", slug="governance"))
    governance.expire_at = BEFORE + dt.timedelta(minutes=1)
    governance.save_revision().publish()
    release = make_release(newsroom, title="Old news")
    PressReleasePage.objects.filter(pk=release.pk).update(expire_at=BEFORE)  # even if the row says so
    frozen.move_to(BEFORE + dt.timedelta(minutes=2))
    Publisher().run_once()
    governance.refresh_from_db()
    assert not governance.live and governance.expired
    assert live(release)


def test_releases_due_together_go_out_together_and_a_held_one_stays_behind(newsroom, roles, frozen):
    """Three releases at 10:30:00, one material without its exchange notice: the other two are live after
    one publisher pass (on SQLite in one transaction), the held one stays scheduled and is logged held once."""
    first = approved(newsroom, roles, title="First at the bell")
    held = approved(newsroom, roles, title="Material at the bell", is_material=True)
    third = approved(newsroom, roles, title="Third at the bell")
    frozen.move_to(RELEASE_AT)
    publisher = Publisher()
    outcomes = {o.title: o.status for o in publisher.run_once()}
    assert outcomes == {
        "First at the bell": "published",
        "Material at the bell": "held",
        "Third at the bell": "published",
    }
    assert live(first) and live(third) and not live(held)
    assert scheduled_revision(held).approved_go_live_at == RELEASE_AT
    assert actions(held).count(PUBLISH_HELD_ACTION) == 1
    assert [actions(p).count(SCHEDULED_PUBLISH_ACTION) for p in (first, third)] == [1, 1]


def test_a_failure_in_one_of_several_due_releases_leaves_only_that_one_scheduled(newsroom, roles, frozen):
    """A publish that fails half-way (here: a receiver raising for one release) is rolled back alone."""
    first = approved(newsroom, roles, title="First at the bell")
    broken = approved(newsroom, roles, title="Broken at the bell")
    frozen.move_to(RELEASE_AT)

    def crash(instance, **kwargs):
        if instance.title == "Broken at the bell":
            raise RuntimeError("power cut")

    page_published.connect(crash, dispatch_uid="test-crash-one")
    try:
        outcomes = {o.title: o.status for o in Publisher().run_once()}
    finally:
        page_published.disconnect(dispatch_uid="test-crash-one")
    assert outcomes == {"First at the bell": "published", "Broken at the bell": "failed"}
    assert live(first) and not live(broken)
    stored = PressReleasePage.objects.get(pk=broken.pk)
    assert stored.live_revision_id is None and stored.first_published_at is None
    assert scheduled_revision(broken).approved_go_live_at == RELEASE_AT
    assert SCHEDULED_PUBLISH_ACTION not in actions(broken)
    frozen.move_to(RELEASE_AT + dt.timedelta(seconds=6))  # after the retry interval
    assert [o.status for o in Publisher().run_once()] == ["published"]
    assert live(broken)
