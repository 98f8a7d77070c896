"""`manage.py verify_audit_trail`: recompute the audit trail's hash chain (see disclosure.audit_chain)."""

import json

from django.core.management.base import BaseCommand

from disclosure.audit_chain import head
from disclosure.audit_verification import record_verification


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain: exits 0 with the number of entries and the head seal "
        "when it is intact, 1 naming the first entry edited, deleted or inserted outside the chain."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            action="store_true",
            dest="show_head",
            help="Also print the head seal with its time as JSON, to anchor outside the system.",
        )

    def handle(self, *args, show_head: bool = False, **options):
        verification = record_verification()
        if not verification.intact:
            self.stderr.write(f"Audit trail BROKEN: {verification.problem}")
            self.stderr.write(f"Intact in order through entry {verification.entries}.")
            raise SystemExit(1)
        when = f" (last entry {verification.head_at:%Y-%m-%d %H:%M:%S} UTC)" if verification.head_at else ""
        self.stdout.write(f"Audit trail intact: {verification.entries} entries{when}.")
        self.stdout.write(f"Head seal: {verification.head_seal}")
        if show_head:
            self.stdout.write(json.dumps(head(), indent=2))
