"""`manage.py send_certification_reminders`: the weekly reminders to certify the Code, at once (by hand).

The embargo publisher enqueues the same round every hour (conduct/schedule.py); a person is
reminded at most once a week however often it runs.

Reminds everyone who has not certified in an open campaign that asks for weekly reminders and
was last written to a week ago or more (conduct.certification.remind_due); each is logged.
"""

from django.core.management.base import BaseCommand

from conduct.certification import remind_due


class Command(BaseCommand):
    help = "Send the weekly reminders to certify the Code of Business Conduct and Ethics."

    def handle(self, *args, **options):
        count = remind_due()
        self.stdout.write(f"{count} reminder{'s' if count != 1 else ''} queued.")
