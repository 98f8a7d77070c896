"""`manage.py run_publisher`: the embargo publisher process (see disclosure.embargo)."""

import signal
import threading

from django.core.management.base import BaseCommand

from disclosure.embargo import DEFAULT_POLL, Publisher


class Command(BaseCommand):
    help = "Publish scheduled releases at their release time, to the second (a long-running process)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--poll",
            type=float,
            default=DEFAULT_POLL,
            help=f"Longest sleep between two reads of the schedule, in seconds (default {DEFAULT_POLL}).",
        )
        parser.add_argument("--once", action="store_true", help="Publish what is due now, then exit.")

    def handle(self, *args, poll, once, **options):
        if poll <= 0 or poll > 10:
            self.stderr.write("--poll must be between 0 and 10 seconds.")
            raise SystemExit(2)
        stop = threading.Event()
        publisher = Publisher(poll=poll, stop=stop)
        if once:
            for outcome in publisher.run_once():
                self.stdout.write(f"{outcome.status}: {outcome.title} (revision {outcome.revision_id})")
            return
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        publisher.run()
