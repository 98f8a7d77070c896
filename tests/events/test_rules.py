"""The event's rules as plain functions and model behaviour: SEQUENCE, AP-style times, validation, UID."""

import datetime as dt

from django.core.exceptions import ValidationError

import pytest

from disclosure.guard import historical_record
from events.models import CANCELLED, QUIET_PERIOD, EventPage
from events.services import dial_in_lines, next_sequence, schedule_fingerprint, time_range
from tests.factories import make_document
from tests.support.events import ET, et, make_event, republish

PUBLISHED = schedule_fingerprint(
    start=et(2027, 3, 4, 16, 30), end=et(2027, 3, 4, 17, 30), location="Webcast", status="scheduled"
)


def test_first_publication_keeps_sequence_zero():
    """An event published for the first time is SEQUENCE 0."""
    assert next_sequence(0, {}, PUBLISHED) == 0
    assert next_sequence(0, None, PUBLISHED) == 0


@pytest.mark.parametrize(
    "change",
    [
        {"start": "2027-03-05T21:30:00+00:00"},
        {"end": "2027-03-04T23:00:00+00:00"},
        {"location": "The Langham, Boston"},
        {"status": "cancelled"},
    ],
)
def test_each_schedule_change_raises_sequence_by_one(change):
    """A new start, end, location or status, once published, raises SEQUENCE by one."""
    assert next_sequence(3, PUBLISHED, {**PUBLISHED, **change}) == 4


def test_publishing_the_same_schedule_again_keeps_sequence():
    """Republishing with the same schedule (a new summary, a replay added) is not a reschedule."""
    assert next_sequence(2, PUBLISHED, dict(PUBLISHED)) == 2


def test_fingerprint_compares_moments_not_zones():
    """The same moment written in ET or UTC is the same schedule."""
    utc = schedule_fingerprint(
        start=et(2027, 3, 4, 16, 30).astimezone(dt.UTC),
        end=et(2027, 3, 4, 17, 30).astimezone(dt.UTC),
        location="Webcast ",
        status="scheduled",
    )
    assert utc == PUBLISHED


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (et(2027, 3, 4, 16, 30), et(2027, 3, 4, 17, 30), "Thursday, March 4, 2027, 4:30 to 5:30 p.m. ET"),
        (et(2027, 3, 4, 11, 30), et(2027, 3, 4, 12, 30), "Thursday, March 4, 2027, 11:30 a.m. to 12:30 p.m. ET"),
        (et(2026, 9, 15, 8, 0), et(2026, 9, 15, 9, 15), "Tuesday, Sept. 15, 2026, 8:00 to 9:15 a.m. ET"),
        (
            et(2027, 1, 12, 9, 0),
            et(2027, 1, 13, 17, 0),
            "Tuesday, Jan. 12, 2027, 9:00 a.m. to Wednesday, Jan. 13, 2027, 5:00 p.m. ET",
        ),
    ],
)
def test_time_range_is_ap_style_in_market_time(start, end, expected):
    """Times read in ET, AP style (Sept., a.m./p.m. said once when shared), whatever zone they are stored in."""
    assert time_range(start.astimezone(dt.UTC), end.astimezone(dt.UTC), ET, "ET") == expected


def test_time_range_follows_daylight_saving():
    """The same UTC hour is 8 a.m. ET in winter and 9 a.m. ET in summer."""
    winter = dt.datetime(2027, 1, 5, 13, tzinfo=dt.UTC)
    summer = dt.datetime(2027, 7, 6, 13, tzinfo=dt.UTC)
    assert time_range(winter, winter + dt.timedelta(hours=1), ET, "ET").endswith("8:00 to 9:00 a.m. ET")
    assert time_range(summer, summer + dt.timedelta(hours=1), ET, "ET").endswith("9:00 to 10:00 a.m. ET")


def test_dial_in_lines_become_dialable_numbers():
    """Each line's label and number; the tel: target keeps only the digits (and a leading +)."""
    lines = dial_in_lines("US toll-free: +1 (888) 555-0100\n\nInternational: +1 201 555 0199\nAsk for the Tecogen call")
    assert [(line.label, line.number, line.tel) for line in lines] == [
        ("US toll-free", "+1 (888) 555-0100", "+18885550100"),
        ("International", "+1 201 555 0199", "+12015550199"),
        ("Ask for the Tecogen call", "", ""),
    ]


# -- on the model -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sequence_rises_on_each_published_reschedule_only(index):
    """Published reschedules and the cancellation raise SEQUENCE; a new summary or a saved draft does not."""
    event = make_event(index)
    assert event.sequence == 0
    event = republish(event, summary="Management will discuss fourth quarter results.")
    assert event.sequence == 0
    event = republish(event, start_at=et(2027, 3, 5, 16, 30), end_at=et(2027, 3, 5, 17, 30))
    assert event.sequence == 1
    draft = event.get_latest_revision_as_object()
    draft.location = "The Langham, Boston"
    draft.save_revision()  # a draft is nothing a calendar holds
    assert EventPage.objects.get(pk=event.pk).sequence == 1
    event = republish(event, location="The Langham, Boston")
    assert event.sequence == 2
    event = republish(event, status=CANCELLED)
    assert event.sequence == 3


@pytest.mark.django_db
def test_an_older_revision_cannot_take_the_sequence_back(index):
    """Publishing an older revision again is one more change: SEQUENCE goes on rising, never back."""
    event = make_event(index)
    first = event.live_revision
    event = republish(event, start_at=et(2027, 3, 5, 16, 30), end_at=et(2027, 3, 5, 17, 30))
    assert event.sequence == 1
    with historical_record("test fixture"):
        first.publish()
    event = EventPage.objects.get(pk=event.pk)
    assert (event.start_at, event.sequence) == (et(2027, 3, 4, 16, 30), 2)


@pytest.mark.django_db
def test_uid_is_stable_across_edits_and_unique_per_event(index):
    """The UID survives a retitle, a new slug and a reschedule; two events never share one; a copy gets its own."""
    event = make_event(index)
    uid = event.event_uid
    event = republish(
        event, title="Q4 2026 call", slug="q4-2026-call", start_at=et(2027, 3, 9, 9), end_at=et(2027, 3, 9, 10)
    )
    assert event.event_uid == uid
    other = make_event(index, title="Another event", start_at=et(2027, 4, 1, 9))
    assert other.event_uid != uid
    copy = event.copy(keep_live=False, update_attrs={"slug": "copied-call", "title": "Copied call"})
    assert copy.event_uid != uid
    assert copy.sequence == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"end_at": et(2027, 3, 4, 16, 0)}, "end_at"),
        ({"webcast_url": "", "location": "  "}, "location"),
        ({"dial_in_passcode": "1234"}, "dial_in_numbers"),
        ({"replay_url": "https://example.com/replay"}, "replay_url"),
    ],
)
def test_clean_refuses_an_event_that_cannot_be_attended(index, fields, field):
    """An end before the start, no place nor webcast, a passcode without numbers, two replays: a clear error."""
    event = EventPage(title="Call", slug="call", start_at=et(2027, 3, 4, 16, 30), end_at=et(2027, 3, 4, 17, 30))
    event.webcast_url = "https://webcast.example.com/x"
    if field == "replay_url":
        event.replay_document = make_document(title="Replay", name="replay.mp3")
    for name, value in fields.items():
        setattr(event, name, value)
    with pytest.raises(ValidationError) as refused:
        event.full_clean(exclude=["path", "depth"])
    assert field in refused.value.message_dict


@pytest.mark.django_db
def test_a_quiet_period_needs_no_place_and_refuses_one(index):
    """A quiet period is a span, not attended: no place or webcast is fine, one given is a clear error."""
    period = EventPage(
        title="Q4 2026 quiet period",
        slug="q4-quiet",
        kind=QUIET_PERIOD,
        start_at=et(2026, 12, 17, 0, 0),
        end_at=et(2027, 2, 11, 8, 0),
    )
    period.full_clean(exclude=["path", "depth"])
    period.webcast_url = "https://webcast.example.com/x"
    with pytest.raises(ValidationError) as refused:
        period.full_clean(exclude=["path", "depth"])
    assert "not attended" in " ".join(refused.value.message_dict["location"])
