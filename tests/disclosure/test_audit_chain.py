"""The audit trail is tamper-evident: every log entry is sealed in order, and a change is named."""

import importlib
import io
import threading

from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import DatabaseError, OperationalError, connection, transaction

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

import pytest

from disclosure.audit_chain import GENESIS, SOURCES, canonical, head, next_seal, sealed_at_end, verify
from disclosure.audit_verification import VerificationSchedule, record_verification
from disclosure.models import AuditChainHead, AuditSeal, AuditVerification, Spokesperson
from tests.factories import make_release
from tests.support.audit_chain import tampering
from tests.support.workflow import approve_all

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="append-only triggers exist on PostgreSQL (CI runs it)"
)


@pytest.fixture
def walked(newsroom, roles):
    """A material release taken through review and two sign-offs: a trail of page and register entries."""
    page = make_release(newsroom, title="Fourth quarter results", publish=False, is_material=True)
    approve_all(page, roles, signers=("ceo", "president"))
    return page


def entry_count() -> int:
    return PageLogEntry.objects.count() + ModelLogEntry.objects.count()


def run_command(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit_trail", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_every_entry_is_sealed_in_order_and_the_chain_verifies(walked):
    seals = list(AuditSeal.objects.order_by("position"))
    assert entry_count() > 10
    assert [s.position for s in seals] == list(range(1, entry_count() + 1))
    assert {(s.source, s.entry_id) for s in seals} == {
        *(("page", pk) for pk in PageLogEntry.objects.values_list("pk", flat=True)),
        *(("model", pk) for pk in ModelLogEntry.objects.values_list("pk", flat=True)),
    }
    result = verify()
    assert result.intact and result.entries == entry_count()
    assert result.head_seal == seals[-1].seal == AuditChainHead.objects.get().seal


def test_each_seal_is_the_hash_of_the_previous_seal_and_the_entry(walked):
    previous = GENESIS
    for link in AuditSeal.objects.order_by("position"):
        model = PageLogEntry if link.source == "page" else ModelLogEntry
        entry = model.objects.get(pk=link.entry_id)
        assert link.seal == next_seal(previous, canonical(link.source, entry))
        previous = link.seal


def test_an_edited_entry_is_named(walked):
    signoff = PageLogEntry.objects.filter(page=walked, action="disclosure.sign_off").order_by("pk").first()
    position = AuditSeal.objects.get(source="page", entry_id=signoff.pk).position
    data = {**signoff.data, "comment": "I never signed this"}
    with tampering():
        PageLogEntry.objects.filter(pk=signoff.pk).update(data=data)

    result = verify()

    assert not result.intact
    assert (result.source, result.entry_id) == ("page", signoff.pk)
    assert result.entries == position - 1
    assert f"page log entry {signoff.pk}" in result.problem and "edited" in result.problem


def test_a_backdated_entry_is_named(walked):
    entry = PageLogEntry.objects.filter(page=walked, action="wagtail.workflow.start").get()
    with tampering():
        PageLogEntry.objects.filter(pk=entry.pk).update(timestamp=entry.timestamp.replace(year=2020))
    result = verify()
    assert not result.intact and result.entry_id == entry.pk and "edited" in result.problem


def test_a_deleted_entry_is_named(walked):
    designation = ModelLogEntry.objects.filter(action="disclosure.designate").order_by("pk").first()
    with tampering():
        ModelLogEntry.objects.filter(pk=designation.pk).delete()

    result = verify()

    assert not result.intact
    assert (result.source, result.entry_id) == ("model", designation.pk)
    assert "deleted" in result.problem


def test_an_entry_inserted_outside_the_chain_is_named(walked, roles):
    # bulk_create sends no post_save: a row written straight into the table, as SQL would.
    forged = PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                page=walked,
                content_type_id=walked.content_type_id,
                label=walked.title,
                action="disclosure.sign_off",
                data={"comment": "forged"},
                timestamp=PageLogEntry.objects.order_by("timestamp").first().timestamp,
                user=roles["cfo"],
            )
        ]
    )[0]

    result = verify()

    assert not result.intact
    assert result.entry_id == forged.pk and "inserted outside the chain" in result.problem
    assert result.entries == entry_count() - 1  # everything before it still verifies


def test_a_deleted_seal_breaks_the_chain_at_its_position(walked):
    with tampering():
        AuditSeal.objects.filter(position=3).delete()
    result = verify()
    assert not result.intact and result.entries == 2 and "Seal 3 is missing" in result.problem


def test_a_rewritten_seal_is_detected(walked):
    with tampering():
        AuditSeal.objects.filter(position=4).update(seal="f" * 64)
    result = verify()
    assert not result.intact and result.entries == 3


def test_the_command_exits_0_with_the_count_and_head_seal(walked):
    code, out, _ = run_command("--head")
    assert code == 0
    assert f"Audit trail intact: {entry_count()} entries" in out
    assert f"Head seal: {AuditSeal.objects.order_by('-position').first().seal}" in out
    assert '"head_seal"' in out and '"exported_at"' in out


def test_the_command_exits_non_zero_naming_the_first_bad_entry(walked):
    entry = PageLogEntry.objects.filter(page=walked).order_by("pk")[2]
    with tampering():
        PageLogEntry.objects.filter(pk=entry.pk).update(label="Another headline")
    code, out, err = run_command()
    assert code == 1 and not out
    assert f"page log entry {entry.pk}" in err and "BROKEN" in err


def test_each_verification_is_kept_and_a_new_failure_mails_the_committee_once(
    walked, roles, mailoutbox, django_capture_on_commit_callbacks
):
    roles["compliance"].email = "compliance@example.com"
    roles["compliance"].save()
    assert record_verification().intact
    entry = PageLogEntry.objects.filter(page=walked).order_by("pk").first()
    with tampering():
        PageLogEntry.objects.filter(pk=entry.pk).update(label="Rewritten")

    with django_capture_on_commit_callbacks(execute=True):
        first = record_verification()
    with django_capture_on_commit_callbacks(execute=True):
        second = record_verification()  # the same problem again: no second e-mail

    assert not first.intact and not second.intact
    assert AuditVerification.objects.count() == 3
    alerts = [m for m in mailoutbox if m.subject == "Audit trail verification FAILED"]
    assert [m.to for m in alerts] == [["compliance@example.com"]]
    assert f"page log entry {entry.pk}" in alerts[0].body


def test_the_schedule_enqueues_a_verification_at_start_and_then_every_interval():
    now = [100.0]
    schedule = VerificationSchedule(every=900, clock=lambda: now[0])
    assert schedule.tick()  # at start-up
    assert AuditVerification.objects.count() == 1  # the test settings run tasks at once
    now[0] += 899
    assert not schedule.tick()
    now[0] += 1
    assert schedule.tick()
    assert AuditVerification.objects.count() == 2


def test_the_head_export_names_what_it_covers(walked):
    exported = head()
    last = AuditSeal.objects.order_by("-position").first()
    assert exported["entries"] == last.position and exported["head_seal"] == last.seal


def test_entries_written_before_the_chain_are_sealed_by_the_migration(walked):
    migration = importlib.import_module("disclosure.migrations.0007_audit_chain")
    with tampering():
        AuditSeal.objects.all().delete()
        AuditChainHead.objects.all().delete()
    migration.seal_existing_entries(django_apps, None)
    result = verify()
    assert result.intact and result.entries == entry_count()
    # and writing goes on from the head the migration left
    log(Spokesperson.objects.first(), "disclosure.designate", user=None)
    assert verify().intact


@postgresql_only
@pytest.mark.parametrize("table", ["wagtailcore_pagelogentry", "wagtailcore_modellogentry", "disclosure_auditseal"])
def test_postgresql_refuses_update_and_delete_on_the_record(walked, table):
    for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):  # noqa: S608 - fixed names
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert verify().intact


@postgresql_only
def test_the_orm_cannot_edit_or_delete_a_log_entry_on_postgresql(walked):
    entry = PageLogEntry.objects.filter(page=walked).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        PageLogEntry.objects.filter(pk=entry.pk).update(label="Rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.delete()
    assert PageLogEntry.objects.filter(pk=entry.pk, label=entry.label).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_chain_in_one_order(newsroom, roles):
    """Three writers at once: each entry and its seal commit together or not at all, in one order.

    On PostgreSQL the chain head's row lock queues them; SQLite's in-memory test database may
    refuse a writer ("table is locked"), which then rolls back its entry with its seal.
    """
    page = make_release(newsroom, title="Concurrent", publish=False)
    before = entry_count()
    barrier = threading.Barrier(3)
    written, refused = [], []

    def write(n):
        try:
            barrier.wait()
            for i in range(5):
                try:
                    with transaction.atomic():
                        log(page, "wagtail.edit", data={"writer": n, "i": i})
                    written.append((n, i))
                except OperationalError as exc:
                    refused.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    if connection.vendor == "postgresql":
        assert refused == []
    assert entry_count() == before + len(written)
    result = verify()
    assert result.intact and result.entries == entry_count()


def test_entries_written_in_a_sealed_at_end_block_are_sealed_at_its_end_in_order(walked, roles):
    """The publisher's transaction logs early and works on: its entries are sealed when it ends, in order."""
    sealed_before = AuditSeal.objects.count()
    with transaction.atomic(), sealed_at_end():
        log(walked, "wagtail.edit", data={"n": 1})
        log(roles["ceo"], "wagtail.edit", data={"n": 2})  # a register (model) entry between two page entries
        log(walked, "wagtail.edit", data={"n": 3})
        assert AuditSeal.objects.count() == sealed_before  # the head row is not locked yet
    written = list(AuditSeal.objects.filter(position__gt=sealed_before).order_by("position"))
    assert [link.source for link in written] == ["page", "model", "page"]
    entries = [SOURCES[link.source].objects.get(pk=link.entry_id) for link in written]
    assert [entry.data["n"] for entry in entries] == [1, 2, 3]
    result = verify()
    assert result.intact and result.entries == entry_count()


def test_an_entry_rolled_back_inside_the_block_is_not_sealed(walked):
    """A savepoint rolled back inside the block takes its entry with it; the chain has no seal without an entry."""
    sealed_before = AuditSeal.objects.count()
    with transaction.atomic(), sealed_at_end():
        log(walked, "wagtail.edit", data={"kept": True})
        with pytest.raises(RuntimeError), transaction.atomic():
            log(walked, "wagtail.edit", data={"kept": False})
            raise RuntimeError("the nested step failed")
    assert AuditSeal.objects.count() == sealed_before + 1
    assert verify().intact


def test_a_failed_block_seals_nothing_and_keeps_the_chain_intact(walked):
    sealed_before, entries_before = AuditSeal.objects.count(), entry_count()
    with pytest.raises(ValueError), transaction.atomic(), sealed_at_end():
        log(walked, "wagtail.edit", data={"n": 1})
        raise ValueError("the publish failed")
    assert (AuditSeal.objects.count(), entry_count()) == (sealed_before, entries_before)
    assert verify().intact


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sealed_at_end_outside_a_transaction_is_refused():
    """Its seals must join the entries' transaction: without one, nothing is written and it says so."""
    with pytest.raises(RuntimeError, match="inside transaction.atomic"), sealed_at_end():
        pass
