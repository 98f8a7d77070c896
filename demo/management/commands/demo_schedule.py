"""`manage.py demo_schedule`: schedule demo releases seconds ahead, through the whole approval chain.

For watching the embargo publisher at work, for the lag benchmark (bench/embargo_lag.py) and
the end-to-end test. Needs the demo (load_demo): the demo users draft, review and sign off.
Prints one JSON object per release: its URL, release time and, with --files, its PDF and image.
"""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.builder import schedule_release
from releases.models import NewsroomPage


class Command(BaseCommand):
    help = "Schedule demo releases N seconds ahead through the Disclosure Policy chain (needs load_demo)."

    def add_arguments(self, parser):
        parser.add_argument("--in", dest="seconds", type=float, default=60.0, help="Seconds from now (default 60).")
        parser.add_argument("--count", type=int, default=1, help="How many releases, all at the same second.")
        parser.add_argument("--material", action="store_true", help="Material (two sign-offs, exchange notice).")
        parser.add_argument("--files", action="store_true", help="Attach a PDF and an image to each release.")
        parser.add_argument("--prefix", default="demo-embargo", help="Slug prefix.")
        parser.add_argument(
            "--output", help="Write the JSON lines to this file (the console email backend prints too)."
        )

    def handle(self, *args, seconds, count, material, files, prefix, output, **options):
        if not 1 <= seconds <= 7 * 24 * 3600:
            raise CommandError("--in must be between 1 second and a week.")
        if not 1 <= count <= 100:
            raise CommandError("--count must be between 1 and 100.")
        newsroom = NewsroomPage.objects.first()
        if newsroom is None:
            raise CommandError("No newsroom: run `manage.py load_demo` first.")
        release_at = (timezone.now() + dt.timedelta(seconds=seconds)).replace(microsecond=0)
        stamp = f"{release_at:%Y%m%d-%H%M%S}"
        lines = []
        for n in range(1, count + 1):
            made = schedule_release(
                newsroom,
                title=f"Tecogen Demo Announcement {n} for {stamp}",
                slug=f"{prefix}-{stamp}-{n}",
                release_at=release_at,
                body=f"Tecogen Inc. (Nasdaq: TGEN) today made demo announcement {n}.",
                material=material,
                with_files=files,
            )
            page = made.pop("page")
            made.update(pk=page.pk, title=page.title, slug=page.slug, release_at=release_at.isoformat())
            lines.append(json.dumps(made))
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n")
        else:
            self.stdout.write("\n".join(lines))
