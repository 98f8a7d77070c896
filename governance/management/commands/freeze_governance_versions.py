"""`manage.py freeze_governance_versions`: record the live text of documents published before versions were kept."""

from django.core.management.base import BaseCommand

from governance.versions import freeze_live_documents


class Command(BaseCommand):
    help = (
        "Record each live governance document that has no version yet (published before versions were kept) "
        "as its version 1. Safe to run again: documents with versions are left alone."
    )

    def handle(self, *args, **options):
        recorded = freeze_live_documents()
        for version in recorded:
            self.stdout.write(f"{version.title}: version {version.version_label} recorded as version 1")
        self.stdout.write(f"{len(recorded)} document(s) recorded.")
