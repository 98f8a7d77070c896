"""`manage.py export_release RELEASE [--live] [-o FILE]`: a press release as wire-format plain text.

The text a wire takes (releases/wire_export.py), of the latest revision by default (what the
approvers are looking at) or, with --live, of the text the public sees. `import_release` reads
it back.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from releases.models import PressReleasePage
from releases.wire_export import NoLiveText, release_for_export, wire_text


class Command(BaseCommand):
    help = (
        "Print a press release (page id or slug) as wire-format plain text: its latest revision, "
        "or with --live the live text."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("release", metavar="RELEASE", help="Page id or slug of the press release.")
        parser.add_argument("--live", action="store_true", help="Export the live text instead of the latest revision.")
        parser.add_argument("-o", "--output", metavar="FILE", help="Write the text to FILE (UTF-8), not stdout.")

    def handle(self, *args, **options) -> None:
        page = self._release(options["release"])
        try:
            text = wire_text(release_for_export(page, live=options["live"]))
        except NoLiveText as exc:
            raise CommandError(str(exc)) from exc
        if options["output"]:
            path = Path(options["output"])
            try:
                path.write_text(text, encoding="utf-8", newline="\n")
            except OSError as exc:
                raise CommandError(f"Cannot write {path}: {exc.strerror}") from exc
            self.stderr.write(f"Wrote the wire text of “{page.title}” to {path}.")
            return
        self._write_utf8(text)

    def _release(self, value: str) -> PressReleasePage:
        value = value.strip()
        if value.isdigit() and (page := PressReleasePage.objects.filter(pk=int(value)).first()) is not None:
            return page
        found = list(PressReleasePage.objects.filter(slug=value).order_by("pk"))
        if len(found) > 1:
            ids = ", ".join(str(p.pk) for p in found)
            raise CommandError(f"Several press releases have the slug {value!r} (ids {ids}); give the id.")
        if not found:
            raise CommandError(f"There is no press release with the id or slug {value!r}.")
        return found[0]

    def _write_utf8(self, text: str) -> None:
        """UTF-8 whatever the terminal's encoding: bytes to a real stdout, text to a stream (tests)."""
        buffer = getattr(self.stdout, "buffer", None)  # OutputWrapper hands attributes on to its stream
        if buffer is None:
            self.stdout.write(text, ending="")
            return
        self.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
