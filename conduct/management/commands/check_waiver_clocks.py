"""`manage.py check_waiver_clocks`: log Code waiver disclosures that are overdue (once each)."""

from django.core.management.base import BaseCommand

from conduct.waivers import record_overdue


class Command(BaseCommand):
    help = "Record in the audit trail each Code waiver whose four business days to disclose ran out (once each)."

    def handle(self, *args, **options):
        logged = record_overdue()
        for entry in logged:
            self.stdout.write(f"Overdue: entry No. {entry.pk} ({entry.requester_name}, {entry.provision_heading})")
        self.stdout.write(f"{len(logged)} newly overdue.")
