"""`manage.py import_release PATH`: wire-format plain text -> a draft press release.

For bringing in a back catalogue of releases from files (or a pipe, with `-`).
The draft is never published here: people review it in the admin first.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import timezone

from company.ap_style import ap_date, ap_time
from company.models import profile_for
from releases.models import NewsroomPage
from releases.wire_import import (
    DEFAULT_RELEASE_TIME,
    MAX_IMPORT_BYTES,
    WireImportError,
    import_wire_text,
)

_TIME = re.compile(r"^(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)$")


def parse_market_time(value: str) -> dt.time:
    """`08:00` -> time(8, 0); anything that is not a 24-hour HH:MM is refused."""
    match = _TIME.match(value.strip())
    if match is None:
        raise CommandError(f"Invalid --time {value!r}: give the market time as HH:MM on a 24-hour clock, e.g. 08:00.")
    return dt.time(int(match["hour"]), int(match["minute"]))


class Command(BaseCommand):
    help = (
        "Import a press release from wire-format plain text (PATH, or - for stdin) "
        "as an unpublished draft under the newsroom."
    )
    # Tests pass a stream here instead of replacing sys.stdin.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", metavar="PATH", help="Text file to import, or - to read stdin.")
        parser.add_argument(
            "--newsroom",
            type=int,
            metavar="ID",
            help="Page id of the newsroom to put the draft under (default: the only newsroom).",
        )
        parser.add_argument("--user", metavar="USERNAME", help="Record this user as the draft's owner.")
        parser.add_argument(
            "--time",
            default=DEFAULT_RELEASE_TIME.strftime("%H:%M"),
            metavar="HH:MM",
            help="Release time on the release date, in market time (default 08:00).",
        )

    def handle(self, *args, **options) -> None:
        release_time = parse_market_time(options["time"])
        newsroom = self._newsroom(options["newsroom"])
        user = self._user(options["user"])
        data = self._read(options["path"], options.get("stdin"))
        try:
            page = import_wire_text(data, newsroom, user=user, release_time=release_time)
        except WireImportError as exc:
            raise CommandError(str(exc)) from exc

        profile = profile_for(newsroom)
        local = timezone.localtime(page.release_at, profile.tz)
        self.stdout.write(self.style.SUCCESS(f"Created draft {page.pk}: {page.title}"))
        self.stdout.write(f"Release time: {ap_date(local.date())}, {ap_time(local)} {profile.tz_label}")
        self.stdout.write(f"Edit: {reverse('wagtailadmin_pages:edit', args=[page.pk])}")

    def _newsroom(self, page_id: int | None) -> NewsroomPage:
        if page_id is not None:
            try:
                return NewsroomPage.objects.get(pk=page_id)
            except NewsroomPage.DoesNotExist:
                raise CommandError(f"There is no newsroom page with id {page_id}.") from None
        newsrooms = list(NewsroomPage.objects.order_by("pk"))
        if not newsrooms:
            raise CommandError("There is no newsroom page; create one before importing releases.")
        if len(newsrooms) > 1:
            ids = ", ".join(str(n.pk) for n in newsrooms)
            raise CommandError(f"There are {len(newsrooms)} newsroom pages (ids {ids}); choose one with --newsroom ID.")
        return newsrooms[0]

    def _user(self, username: str | None):
        if not username:
            return None
        user_model = get_user_model()
        try:
            return user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            raise CommandError(f"There is no user {username!r}.") from None

    def _read(self, path: str, stdin=None) -> bytes | str:
        """The raw bytes (so the importer can tell text from binary data), at most 1 MB."""
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin
            data = getattr(stream, "buffer", stream).read(MAX_IMPORT_BYTES + 1)
        else:
            file = Path(path)
            if not file.is_file():
                raise CommandError(f"No such file: {path}")
            try:
                with file.open("rb") as handle:
                    data = handle.read(MAX_IMPORT_BYTES + 1)
            except OSError as exc:
                raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        if len(data) > MAX_IMPORT_BYTES:
            raise CommandError("The text is larger than 1 MB; a release is a few pages of text.")
        return data
