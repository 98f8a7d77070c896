"""Scale benchmark, in process: each page and feed at 1k, 10k and 100k releases.

    python -m bench.scale [--sizes 1000,10000,100000] [--runs 20]

For each database (SQLite; PostgreSQL too when DATABASE_URL names one) a fresh site is built
(migrate, the demo), then grown to each size with bench.archive; at each size every URL is
requested `--runs` times through Django's test client in this process: median and p95
latency, and SQL queries per request. Feeds are measured cold (cache emptied before each
request) and cached. Prints one table per database and the ratio of the largest size to the
smallest (the target is at most 1.3, with queries constant).

Not a test: the figures depend on the machine; the ratios measured in one run are what count.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def urls(total: int, middle_slug: str) -> dict[str, tuple[str, bool | str]]:
    """Name -> (URL, what happens before each request).

    False: nothing (what is cached stays). True ("cold"): the cache is emptied, then the
    archive's shape computed again untimed, as the publisher does after every publish: the
    feed is rendered from the database. "publish": a new release's first publication (its
    revision published in a transaction, as the embargo publisher does), then the shape the
    worker cached after the commit thrown away, as if this request came first, in a process
    that warmed nothing: it finds the counts in the database (releases/listing.py). "hit":
    with the whole-response cache on (releases/response_cache.py; off for every other row, so
    that they measure rendering).
    """
    last_page = max(1, -(-total // 20))
    last_sitemap = max(1, -(-total // 1000))
    return {
        "home page": ("/", False),
        "newsroom, first page": ("/news/", False),
        "newsroom, last page": (f"/news/?page={last_page}", False),
        "newsroom, year filter": ("/news/?year=2018", False),
        "newsroom, category filter": ("/news/?category=products", False),
        "newsroom, year + category": ("/news/?year=2018&category=products", False),
        "newsroom, search": ("/news/?q=microgrid", False),
        "release page": (f"/news/{middle_slug}/", False),
        "RSS feed, cold": ("/news/feed/rss/", True),
        "RSS feed, cached": ("/news/feed/rss/", False),
        "RSS feed, last page, cold": (f"/news/feed/rss/?page={max(1, -(-total // 50))}", True),
        "Atom feed, cold": ("/news/feed/atom/", True),
        "Atom feed, cached": ("/news/feed/atom/", False),
        "category feed, cold": ("/news/category/products/feed/rss/", True),
        "sitemap index": ("/sitemap.xml", False),
        "sitemap, pages": ("/sitemap-pages.xml", False),
        "sitemap, releases, first 1,000": ("/sitemap-releases.xml", False),
        "sitemap, releases, last page": (f"/sitemap-releases.xml?p={last_sitemap}", False),
        "newsroom, first request after a publish": ("/news/", "publish"),
        "home page, response cache hit": ("/", "hit"),
        "newsroom, response cache hit": ("/news/", "hit"),
        "release page, response cache hit": (f"/news/{middle_slug}/", "hit"),
        "RSS feed, response cache hit": ("/news/feed/rss/", "hit"),
    }


def measure(sizes: list[int], runs: int, host: str) -> list[dict]:
    """Inside a Django process: grow the archive to each size and time every URL."""
    # Local imports: this runs in a child process whose settings are set just before django.setup().
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from bench.archive import build
    from releases.content_version import feeds_generation
    from releases.listing import shape_key, warm_shapes

    def shape_keys():
        # this generation's shape and the previous one's: no cached shape to use or fall back on
        # (local imports: models load only after django.setup() above)
        from company.models import CompanyProfile
        from releases.models import NewsroomPage

        tz = CompanyProfile.objects.get().tz
        generation = feeds_generation()
        return [key for n in NewsroomPage.objects.all() for key in (shape_key(n, tz, generation), shape_key(n, tz))]

    from releases.models import PressReleasePage  # after django.setup(), as above

    published = [0]

    def first_publication():
        """A new release drafted, then its revision published in a transaction, as the embargo publisher does."""
        # local imports: after django.setup(), as above
        import datetime as dt

        from django.db import transaction
        from django.utils import timezone

        from disclosure.guard import historical_record
        from releases.models import ArchiveShapeState, Category, NewsroomPage

        published[0] += 1
        n = published[0]
        newsroom = NewsroomPage.objects.get()
        page = PressReleasePage(
            title=f"Tecogen Benchmark Announcement {n}",
            slug=f"benchmark-announcement-{n}",
            release_at=timezone.now() - dt.timedelta(minutes=1),
            dateline_city="WALTHAM",
            dateline_state="Massachusetts",
            wire="prnewswire",
            body=[("paragraph", f"<p>Tecogen Inc. today announced benchmark item {n}.</p>")],
            live=False,
        )
        newsroom.add_child(instance=page)
        page.categories = list(Category.objects.filter(slug="products"))
        revision = page.save_revision()
        with transaction.atomic(), historical_record("Benchmark release (bench/scale.py)"):
            revision.publish()
        if not ArchiveShapeState.objects.get(newsroom_id=newsroom.pk).valid:
            raise RuntimeError("the publication left the archive's counts invalid: the row would measure nothing")

    client = Client(HTTP_HOST=host)
    results = []
    for size in sizes:
        have = PressReleasePage.objects.count()  # the "publish" rows add a few
        grown = build(size - have) if size > have else {"rows_s": 0, "index_s": 0}
        have = PressReleasePage.objects.count()
        middle = PressReleasePage.objects.order_by("release_at").values_list("slug", flat=True)[have // 2]
        for name, (url, cold) in urls(have, middle).items():
            timings, queries, status = [], set(), None
            response_cache = override_settings(IR_RESPONSE_CACHE_SECONDS=300 if cold == "hit" else 0)
            response_cache.enable()
            client.get(url)  # warm the process (imports, templates), not the data
            for _ in range(runs):
                if cold == "publish":
                    first_publication()
                    cache.delete_many(shape_keys())
                elif cold is True:
                    cache.clear()
                    warm_shapes()
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    if getattr(response, "streaming", False):
                        b"".join(response.streaming_content)
                    timings.append((time.perf_counter() - start) * 1000)
                queries.add(len(captured))
                status = response.status_code
            response_cache.disable()
            timings.sort()
            results.append(
                {
                    "size": size,
                    "url": name,
                    "status": status,
                    "median_ms": statistics.median(timings),
                    "p95_ms": timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))],
                    "queries": sorted(queries),
                    "build_s": round(grown["rows_s"] + grown["index_s"], 1),
                }
            )
        print(json.dumps({"size": size, "built": grown}), file=sys.stderr, flush=True)
    return results


def table(results: list[dict], sizes: list[int]) -> str:
    names = list(dict.fromkeys(r["url"] for r in results))
    by = {(r["url"], r["size"]): r for r in results}
    head = "| page | " + " | ".join(f"{s:,}: median / p95 ms (queries)" for s in sizes)
    head += f" | {sizes[-1]:,} ÷ {sizes[0]:,} (median) |"
    lines = [head, "|---|" + "---:|" * (len(sizes) + 1)]
    for name in names:
        cells = []
        for size in sizes:
            r = by.get((name, size))
            q = "/".join(str(n) for n in r["queries"]) if r else ""
            cells.append(f"{r['median_ms']:.1f} / {r['p95_ms']:.1f} ({q})" if r else "—")
        first, last = by.get((name, sizes[0])), by.get((name, sizes[-1]))
        ratio = f"{last['median_ms'] / first['median_ms']:.2f}" if first and last else "—"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {ratio} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--host", default="127.0.0.1:8000", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.measure:
        print(json.dumps(measure(sizes, args.runs, args.host)))
        return 0

    from bench.embargo_lag import Stack  # local: the parent process only, the child never needs it

    databases = ["SQLite"] + (["PostgreSQL"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else [])
    for database in databases:
        env_url = os.environ.get("DATABASE_URL") if database == "PostgreSQL" else None
        saved = os.environ.pop("DATABASE_URL", None)
        if env_url:
            os.environ["DATABASE_URL"] = env_url
        try:
            with tempfile.TemporaryDirectory(prefix="ir-scale-") as tmp, Stack(Path(tmp)) as stack:
                stack.setup()
                env = {**stack.env, "IR_TASKS": "immediate"}
                command = [sys.executable, "-m", "bench.scale", "--measure", "--sizes", args.sizes]
                command += ["--runs", str(args.runs), "--host", f"127.0.0.1:{stack.port}"]
                done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
                if done.returncode:
                    print(done.stderr, file=sys.stderr)
                    return done.returncode
                results = json.loads(done.stdout.strip().splitlines()[-1])
        finally:
            if saved is not None:
                os.environ["DATABASE_URL"] = saved
        print(f"\n{database}: in process (Django test client), {args.runs} requests per page and size")
        print(table(results, sizes))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
