"""`manage.py import_filings [--file PATH | --url URL] [--cik CIK]`: the company's filings from EDGAR.

Without options it fetches the configured feed (EDGAR_FEED_URL, or EDGAR's company feed for
EDGAR_CIK), declaring EDGAR_CONTACT_EMAIL in its User-Agent as the SEC requires. `--file`
reads a saved feed instead (the tests and the demo: no internet). Safe to run again: filings
are matched by accession number. A feed it cannot read changes nothing and exits 1 saying why.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from filings.edgar import FeedError
from filings.services import fetch_and_import, import_feed


class Command(BaseCommand):
    help = "Import the company's SEC filings from EDGAR's Atom feed (a URL, by default the configured one, or a file)."

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--file", metavar="PATH", help="Read a saved EDGAR feed instead of fetching one.")
        source.add_argument("--url", metavar="URL", help="Fetch this feed instead of the configured one (https).")
        parser.add_argument(
            "--cik", help="The company's CIK, if not EDGAR_CIK; a feed about another company is refused."
        )

    def handle(self, *args, **options) -> None:
        try:
            if options["file"]:
                path = Path(options["file"])
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
                outcome = import_feed(data, str(path), cik=options["cik"])
                source = str(path)
            else:
                outcome = fetch_and_import(options["url"], cik=options["cik"])
                source = outcome.record.source
        except (FeedError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Imported {outcome.record.entries} filing{'s' if outcome.record.entries != 1 else ''} from {source}: "
            f"{outcome.created} new, {outcome.updated} changed, {outcome.unchanged} unchanged."
        )
