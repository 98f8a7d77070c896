"""Two approvers at the same moment, or one approval sent twice, give one decision and at most one publish.

Runs on SQLite and, in CI's second pass, on PostgreSQL, where the task-state row lock
(`select_for_update`) is what serialises the two transactions.
"""

import datetime as dt
import threading

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError, connection, transaction

from wagtail.models import PageLogEntry, Revision, TaskState

import pytest
import time_machine

from disclosure.embargo import SCHEDULED_PUBLISH_ACTION, Publisher, due, publish_scheduled_revision
from disclosure.models import SignOff
from releases.models import PressReleasePage
from tests.factories import make_release
from tests.support.workflow import EMBARGO_RELEASE_AT, approved, current_task_state, decide, submit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(*calls):
    """Run the calls in threads released at the same instant; return what each raised (or None)."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            call()
        except (PermissionDenied, IntegrityError, OperationalError) as exc:
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


def _ready_for_signoff(newsroom, roles, **fields):
    page = make_release(newsroom, title="Race", publish=False, **fields)
    submit(page, roles["drafter"])
    decide(page, roles["compliance"])
    return page


def test_two_spokespersons_at_once_give_one_decision_and_one_publish(newsroom, roles):
    """Non-material release, both spokespersons click at once: one sign-off decides, the other is refused."""
    page = _ready_for_signoff(newsroom, roles)
    state = current_task_state(page)
    outcomes = race(lambda: decide(page, roles["ceo"]), lambda: decide(page, roles["president"]))
    assert sum(o is None for o in outcomes) == 1, outcomes
    assert SignOff.objects.filter(task_state=state).count() == 1
    assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_APPROVED
    assert PressReleasePage.objects.get(pk=page.pk).live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 1


def test_same_approval_sent_twice_counts_once(newsroom, roles):
    """A double submission of one spokesperson's sign-off on a material release records one sign-off, no publish."""
    page = _ready_for_signoff(newsroom, roles, is_material=True)
    state = current_task_state(page)
    outcomes = race(lambda: decide(page, roles["ceo"]), lambda: decide(page, roles["ceo"]))
    assert sum(o is None for o in outcomes) == 1, outcomes
    assert SignOff.objects.filter(task_state=state).count() == 1
    assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_IN_PROGRESS
    assert not PressReleasePage.objects.get(pk=page.pk).live
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED is PostgreSQL's (CI's second pass)")
def test_a_publisher_skips_a_release_another_is_publishing_and_takes_the_next(newsroom, roles):
    """Two publishers, two releases due at the same second: neither waits for the other's transaction.

    While one publisher holds the first release's schedule (its row locked, mid-publish), the
    other finds it taken at once and publishes the second; the first goes out when its holder
    is done, and each release is published exactly once.
    """
    with time_machine.travel(EMBARGO_RELEASE_AT - dt.timedelta(days=1), tick=False) as clock:
        first = approved(newsroom, roles, title="First at the bell")
        second = approved(newsroom, roles, title="Second at the bell")
        clock.move_to(EMBARGO_RELEASE_AT)
        (first_id, due_at), (second_id, _) = due()
        holding, done = threading.Event(), threading.Event()

        def other_publisher():
            try:
                with transaction.atomic():
                    Revision.objects.select_for_update().get(pk=first_id)
                    holding.set()
                    done.wait(10)
            finally:
                connection.close()

        thread = threading.Thread(target=other_publisher)
        thread.start()
        assert holding.wait(10)
        try:
            taken = publish_scheduled_revision(first_id, due_at)
            published = publish_scheduled_revision(second_id, due_at)
            first_live_meanwhile = PressReleasePage.objects.get(pk=first.pk).live
        finally:
            done.set()
            thread.join(10)
        assert (taken.status, published.status, first_live_meanwhile) == ("taken", "published", False)
        assert [o.status for o in Publisher().run_once()] == ["published"]
    for page in (first, second):
        publishes = PageLogEntry.objects.filter(page=page, action=SCHEDULED_PUBLISH_ACTION)
        assert PressReleasePage.objects.get(pk=page.pk).live and publishes.count() == 1
