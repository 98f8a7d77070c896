"""Refusal timing: an embargoed URL must cost the same time to refuse as one that never existed.

    python -m bench.refusal_timing [--requests 2000]

A 404 that comes back measurably later for an embargoed release (or its PDF, or its chart)
than for a made-up URL tells an outsider that something is waiting there: guess a slug or
walk the document ids, time the answers, and the slow ones are tomorrow's news. This builds a
fresh site (migrate, the demo, whose upcoming release is scheduled with a PDF and a chart),
then, in a process running the production settings (DEBUG off, the file cache, the
whole-response cache on), requests each embargoed URL and its never-existing twin
anonymously through Django's test client, interleaved (the order alternating each round),
`--requests` times each, and prints the median time of each and the difference, with the
SQL queries each answer took.

Not a test: the figures depend on the machine. What counts is the difference within a run,
against the spread (a difference well under the p25-p75 spread of either is noise).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def pairs() -> dict[str, tuple[str, str]]:
    """Surface -> (embargoed URL, a URL of the same shape that never existed)."""
    # Local imports: called in the child process after django.setup().
    from wagtail.documents import get_document_model

    from releases.models import PressReleasePage

    page = PressReleasePage.objects.filter(live=False).order_by("-pk").first()
    if page is None:
        raise SystemExit("the demo has no scheduled release")
    document = page.attachments.first().document
    image = next(block.value["image"] for block in page.body if block.block_type == "image")
    rendition = image.get_rendition("max-1200x900")  # as an editor's preview makes one
    unknown_id = (get_document_model().objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    stem, _, ext = Path(image.file.name).name.rpartition(".")
    return {
        "page": (page.url, f"{page.get_parent().url}{page.slug[::-1]}-never/"),
        "document": (document.url, f"/documents/{unknown_id}/{document.filename}"),
        "image original": (image.file.url, f"/media/original_images/{stem}-never.{ext}"),
        "image rendition": (rendition.url, rendition.url.replace(stem, f"{stem}-never")),
    }


def measure(requests: int) -> list[dict]:
    """Inside a Django process with the production settings: time each pair, interleaved."""
    # Local imports: this runs in a child process whose settings are set just before django.setup().
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    executed = []

    def record(execute, sql, params, many, context):
        # Not CaptureQueriesContext: Django empties the query log when a request starts.
        executed.append(sql)
        return execute(sql, params, many, context)

    def timed(url: str) -> tuple[float, int, int]:
        executed.clear()
        with connection.execute_wrapper(record):
            start = time.perf_counter()
            response = client.get(url, secure=True)
            elapsed = (time.perf_counter() - start) * 1000
        return elapsed, response.status_code, len(executed)

    results = []
    for surface, (embargoed, unknown) in pairs().items():
        for _ in range(50):  # warm imports, templates and the database's pages
            timed(embargoed), timed(unknown)
        times: dict[str, list[float]] = {"embargoed": [], "unknown": []}
        statuses: dict[str, set] = {"embargoed": set(), "unknown": set()}
        queries: dict[str, set] = {"embargoed": set(), "unknown": set()}
        for n in range(requests):
            order = (("embargoed", embargoed), ("unknown", unknown))
            for name, url in order if n % 2 else order[::-1]:
                elapsed, status, count = timed(url)
                times[name].append(elapsed)
                statuses[name].add(status)
                queries[name].add(count)
        row = {"surface": surface, "urls": {"embargoed": embargoed, "unknown": unknown}}
        for name, values in times.items():
            q1, _median, q3 = statistics.quantiles(values, n=4)
            row[name] = {
                "median_ms": statistics.median(values),
                "iqr_ms": q3 - q1,
                "status": sorted(statuses[name]),
                "queries": sorted(queries[name]),
            }
        results.append(row)
    return results


def table(results: list[dict], requests: int) -> str:
    lines = [
        f"Refusal timing, production settings, {requests:,} anonymous requests each, interleaved",
        "",
        "| surface | embargoed: median ms (p25-p75 spread) [status, queries] "
        "| never existed: median ms (spread) [status, queries] | difference ms |",
        "|---|---:|---:|---:|",
    ]
    for row in results:
        cells = []
        for name in ("embargoed", "unknown"):
            r = row[name]
            status = "/".join(map(str, r["status"]))
            q = "/".join(map(str, r["queries"]))
            cells.append(f"{r['median_ms']:.3f} ({r['iqr_ms']:.3f}) [{status}, {q}]")
        difference = row["embargoed"]["median_ms"] - row["unknown"]["median_ms"]
        lines.append(f"| {row['surface']} | {cells[0]} | {cells[1]} | {difference:+.3f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.requests)))
        return 0

    from bench.embargo_lag import Stack  # local: the parent process only, the child never needs it

    with tempfile.TemporaryDirectory(prefix="ir-refusal-") as tmp, Stack(Path(tmp)) as stack:
        stack.setup()
        env = {
            **stack.env,
            "DJANGO_SETTINGS_MODULE": "ir_site.settings.production",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
            "ALLOWED_HOSTS": HOST,
            "IR_TASKS": "immediate",
        }
        command = [sys.executable, "-m", "bench.refusal_timing", "--measure", "--requests", str(args.requests)]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        results = json.loads(done.stdout.strip().splitlines()[-1])
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    print(table(results, args.requests))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
