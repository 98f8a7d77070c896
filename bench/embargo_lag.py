"""Embargo lag benchmark: how long after its release time a release is visible on each public surface.

    python -m bench.embargo_lag [--releases 3] [--ahead 8] [--publishers 1] [--rounds 3]

Builds a fresh site in a temporary directory (its own SQLite database, or a fresh
PostgreSQL database when DATABASE_URL names one), starts the web server and the embargo
publisher(s) exactly as `make serve` does, schedules releases (with a PDF and an image)
a few seconds ahead through the whole approval chain, and polls every public surface
over HTTP from three seconds before the release time. It prints, per surface, the lag
between the release time and the first response that shows the release (the response's
arrival time, so an upper bound), and fails loudly if anything was visible early.

Not a test: the numbers depend on the machine. The end-to-end test (tests/e2e/) uses the
same Stack and Poller and asserts the rules (never early, within 1 s, published once).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def flush_redis(url: str) -> None:
    import redis  # local: only when a Redis URL is given (the SQLite-only run needs no client)

    redis.Redis.from_url(url).flushdb()


def production_env(workdir: Path, redis_url: str | None) -> dict[str, str]:
    """The environment of the production settings (DEBUG off) on loopback, Redis when it answers."""
    env = {
        "DJANGO_SETTINGS_MODULE": "ir_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(workdir / "static"),
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def wait_for(url: str, process: subprocess.Popen, what: str, log: Path, timeout: float = 60) -> None:
    """Until `url` answers (`timeout` seconds at most, or until `process` exits)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up; see {log}")


# As `make serve` starts the task worker: a short poll, so an alert's first message leaves within
# a fraction of a second of the publishing commit (django-tasks-db's default polls each second).
# Without the code reloader (on under DEBUG), so that the process started is the one that works,
# and a kill -9 of it (the crash test) kills the worker, not a supervisor that keeps a child going.
WORKER_ARGS = ("--interval", "0.2", "--no-reload")


class Stack:
    """A fresh site: database, demo content, web server and publisher processes, all real."""

    def __init__(self, workdir: Path, *, publishers: int = 1, port: int | None = None):
        self.workdir = Path(workdir)
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.publisher_count = publishers
        self.server: subprocess.Popen | None = None
        self.publishers: list[subprocess.Popen] = []
        self.worker: subprocess.Popen | None = None
        self.database_url, self.pg_admin_url = self._database()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ir_site.settings.dev",
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(self.workdir / "media"),
            "IR_CACHE_DIR": str(self.workdir / "cache"),
            # Without EMAIL_HOST, e-mail (confirmations, alerts) goes to one file per message here.
            "EMAIL_FILE_PATH": str(self.workdir / "outbox"),
            "PORT": str(self.port),
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("REDIS_URL", None)

    def _database(self) -> tuple[str, str | None]:
        given = os.environ.get("DATABASE_URL", "")
        if not given.startswith(("postgres://", "postgresql://")):
            return f"sqlite:///{self.workdir / 'db.sqlite3'}", None
        parts = urlsplit(given)
        name = f"ir_e2e_{os.getpid()}_{self.port}"
        return urlunsplit(parts._replace(path=f"/{name}")), urlunsplit(parts._replace(path="/postgres"))

    def _pg(self, sql: str) -> None:
        import psycopg  # local: only with DATABASE_URL set to PostgreSQL

        with psycopg.connect(self.pg_admin_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            conn.execute(sql)

    def manage(self, *args: str, log: str = "manage.log", timeout: float = 300) -> None:
        with open(self.workdir / log, "a") as out:
            subprocess.run(
                [PYTHON, "manage.py", *args],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=out,
                check=True,
                timeout=timeout,
            )

    def setup(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.pg_admin_url:
            self._pg(f'CREATE DATABASE "{urlsplit(self.database_url).path[1:]}"')
        self.manage("migrate", "--noinput")
        self.manage("load_demo")

    def start_server(self) -> None:
        log = open(self.workdir / "server.log", "a")  # noqa: SIM115 - kept open for the process's life
        self.server = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        self._wait_for_server("server.log")

    def _wait_for_server(self, log: str) -> None:
        wait_for(self.base_url + "/", self.server, "The web server", self.workdir / log)

    def start_gunicorn(
        self,
        *,
        workers: int = 2,
        threads: int = 1,
        settings: str | None = None,
        env: dict[str, str] | None = None,
        args: tuple[str, ...] = (),
        log: str = "gunicorn.log",
    ) -> None:
        """The production web server instead of runserver: gunicorn, `workers` sync workers, on self.port.

        `settings` replaces DJANGO_SETTINGS_MODULE, `env` adds to (or overrides) self.env for this
        process only; `args` go to gunicorn as they are (e.g. ("--config", path)). Stopped by stop().
        """
        process_env = {**self.env, **(env or {})}
        if settings:
            process_env["DJANGO_SETTINGS_MODULE"] = settings
        handle = open(self.workdir / log, "a")  # noqa: SIM115 - kept open for the process's life
        self.server = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "--workers",
                str(workers),
                "--worker-class",
                "sync" if threads == 1 else "gthread",
                "--threads",
                str(threads),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--no-control-socket",  # gunicorn 27's default socket is one per user: runs would collide
                *args,
                "ir_site.wsgi:application",
            ],
            cwd=ROOT,
            env=process_env,
            stdout=handle,
            stderr=handle,
        )
        self._wait_for_server(log)

    def use_production(self, redis_url: str | None) -> None:
        """Every process from now on runs the production settings (DEBUG off, static files collected)."""
        self.env.update(production_env(self.workdir, redis_url))
        self.manage("collectstatic", "--noinput", log="collectstatic.log")
        if redis_url:
            flush_redis(redis_url)  # a fresh site: no generation or response left from an earlier run

    def commit_lags(self) -> dict[str, float]:
        """Release title -> seconds from its release time to the publisher's commit (its log lines)."""
        found = {}
        for log in self.workdir.glob("publisher-*.log"):
            for match in re.finditer(r"Committed '(.+?)' (-?[0-9.]+) s after its release time", log.read_text()):
                found[match.group(1)] = float(match.group(2))
        return found

    def start_worker(self, *, env: dict[str, str] | None = None, log: str = "worker.log") -> subprocess.Popen:
        """The django-tasks worker (`db_worker`, polling as `make serve` runs it): background work, e-mail alerts.

        `env` adds to self.env for this process (e.g. EMAIL_HOST and EMAIL_PORT of an SMTP server).
        """
        handle = open(self.workdir / log, "a")  # noqa: SIM115 - kept open for the process's life
        self.worker = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", *WORKER_ARGS],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            stdout=handle,
            stderr=handle,
        )
        return self.worker

    def start_publishers(self, count: int | None = None, nice: int = 0) -> None:
        """`nice` < 0 raises their CPU priority (as the production unit's `Nice=` does; needs root)."""
        raise_priority = (lambda: os.nice(nice)) if nice else None
        for n in range(count or self.publisher_count):
            log = open(self.workdir / f"publisher-{len(self.publishers) + n}.log", "a")  # noqa: SIM115
            self.publishers.append(
                subprocess.Popen(
                    [PYTHON, "manage.py", "run_publisher"],
                    cwd=ROOT,
                    env=self.env,
                    stdout=log,
                    stderr=log,
                    preexec_fn=raise_priority,  # only os.nice, before exec
                )
            )

    def stop_publishers(self) -> None:
        for process in self.publishers:
            process.terminate()
        for process in self.publishers:
            process.wait(20)
        self.publishers = []

    def schedule(self, *, seconds: float, count: int, files: bool = True, material: bool = False) -> list[dict]:
        """Schedule `count` releases `seconds` from now (demo_schedule); returns their URLs and times."""
        output = self.workdir / f"scheduled-{time.time_ns()}.json"
        args = ["demo_schedule", "--in", str(seconds), "--count", str(count), "--output", str(output)]
        if files:
            args.append("--files")
        if material:
            args.append("--material")
        self.manage(*args)
        releases = [json.loads(line) for line in output.read_text().splitlines() if line.strip()]
        for release in releases:
            release["release_at"] = dt.datetime.fromisoformat(release["release_at"])
        return releases

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Rows of a read-only SQL query on the site's database (placeholders: %s)."""
        if self.pg_admin_url:
            import psycopg

            with psycopg.connect(self.database_url.replace("postgres://", "postgresql://", 1)) as conn:
                return list(conn.execute(sql, params))
        with sqlite3.connect(self.workdir / "db.sqlite3") as conn:
            return list(conn.execute(sql.replace("%s", "?"), params))

    def _log(self, page_id: int) -> list[tuple[str, dt.datetime]]:
        rows = self.query(
            "SELECT action, timestamp FROM wagtailcore_pagelogentry WHERE page_id = %s ORDER BY timestamp, id",
            (page_id,),
        )
        return [
            (
                action,
                stamp if isinstance(stamp, dt.datetime) else dt.datetime.fromisoformat(stamp).replace(tzinfo=dt.UTC),
            )
            for action, stamp in rows
        ]

    def log_actions(self, page_id: int) -> list[str]:
        """The page's log entries' actions, oldest first, read straight from the database."""
        return [action for action, _ in self._log(page_id)]

    def published_at(self, page_id: int) -> dt.datetime | None:
        """When the publisher's transaction logged the scheduled publish (its own clock)."""
        return next((stamp for action, stamp in self._log(page_id) if action == "wagtail.publish.scheduled"), None)

    def stop(self) -> None:
        self.stop_publishers()
        if self.worker:
            self.worker.terminate()
            self.worker.wait(20)
            self.worker = None
        if self.server:
            self.server.terminate()
            self.server.wait(20)
            self.server = None
        if self.pg_admin_url:
            name = urlsplit(self.database_url).path[1:]
            try:
                self._pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except Exception as exc:  # noqa: BLE001 - cleanup must not hide the result
                print(f"could not drop {name}: {exc}", file=sys.stderr)

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


# -- polling --------------------------------------------------------------------------


def surfaces(release: dict) -> dict[str, tuple[str, str | None]]:
    """Surface name -> (URL, text that shows the release there; None: the URL answering 200 shows it)."""
    slug = release["slug"]
    return {
        "release page": (release["url"], None),
        "newsroom": ("/news/", slug),
        "home page": ("/", slug),
        "RSS feed": ("/news/feed/rss/", slug),
        "Atom feed": ("/news/feed/atom/", slug),
        "sitemap": ("/sitemap-releases.xml", slug),
        "search": ("/news/?q=announcement", slug),
        "PDF attachment": (release["pdf"], None),
        "image": (release["image"], None),
    }


@dataclass
class Sighting:
    """What polling one surface of one release saw."""

    surface: str
    slug: str
    release_at: dt.datetime
    first_visible: dt.datetime | None = None
    early: list[str] = field(default_factory=list)
    polls: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    @property
    def lag(self) -> float | None:
        if self.first_visible is None:
            return None
        return (self.first_visible - self.release_at).total_seconds()


class Poller:
    """One thread per URL polls the releases it shows until each is visible (or the deadline passes)."""

    def __init__(self, base_url: str, releases: list[dict], *, interval: float = 0.05, give_up_after: float = 15):
        self.base_url = base_url
        self.releases = releases
        self.interval = interval
        self.give_up_after = give_up_after
        self.sightings: dict[tuple[str, str], Sighting] = {}
        for release in releases:
            for name in surfaces(release):
                self.sightings[(name, release["slug"])] = Sighting(name, release["slug"], release["release_at"])

    def _fetch(self, url: str) -> bytes | None:
        """The body of a 200 answer; None for a 404 (not public yet); anything else raises."""
        try:
            with urllib.request.urlopen(self.base_url + url, timeout=5) as response:
                body = response.read()
                return body if response.status == 200 else None
        except urllib.error.HTTPError as exc:
            if exc.code != 404:
                raise
            return None

    def _poll_surface(self, name: str, releases: list[dict]) -> None:
        """Each round fetches every distinct URL once and checks every pending release against it.

        A feed, the newsroom, the sitemap and search are one URL for all releases: one response
        answers for each of them, so a release's lag is not inflated by the polls for the others.
        A release's own URLs (its page, its files) are polled by a thread of their own (run()).
        """
        pending = list(releases)
        deadline = max(r["release_at"] for r in releases) + dt.timedelta(seconds=self.give_up_after)
        while pending and dt.datetime.now(dt.UTC) < deadline:
            by_url: dict[str, list[dict]] = {}
            for release in pending:
                by_url.setdefault(surfaces(release)[name][0], []).append(release)
            for url, waiting in by_url.items():
                try:
                    body = self._fetch(url)
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    for release in waiting:
                        sighting = self.sightings[(name, release["slug"])]
                        sighting.errors += 1
                        sighting.error_samples.append(f"{dt.datetime.now(dt.UTC):%H:%M:%S.%f} {url}: {exc!r}")
                    continue
                answered = dt.datetime.now(dt.UTC)
                for release in waiting:
                    sighting = self.sightings[(name, release["slug"])]
                    text = surfaces(release)[name][1]
                    visible = body is not None and (text is None or text.encode() in body)
                    sighting.polls += 1
                    if visible and answered < release["release_at"]:
                        sighting.early.append(answered.isoformat())
                    if visible and answered >= release["release_at"]:
                        sighting.first_visible = answered
                        pending.remove(release)
            time.sleep(self.interval)

    def run(self, start_before: float = 3.0) -> dict[tuple[str, str], Sighting]:
        first = min(r["release_at"] for r in self.releases) - dt.timedelta(seconds=start_before)
        wait = (first - dt.datetime.now(dt.UTC)).total_seconds()
        if wait > 0:
            time.sleep(wait)
        # One thread per URL: a surface shared by every release (the newsroom, a feed) is one
        # thread; a release's own page and files have one each, so that a release's lag never
        # includes the time spent fetching the other releases' pages.
        work = []
        for name in surfaces(self.releases[0]):
            urls = {surfaces(release)[name][0] for release in self.releases}
            if len(urls) == 1:
                work.append((name, self.releases))
            else:
                work.extend((name, [release]) for release in self.releases)
        threads = [threading.Thread(target=self._poll_surface, args=job) for job in work]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return self.sightings


LOAD_URLS = ("/news/", "/news/feed/rss/", "/news/feed/atom/")


def load_clients(base_url: str, clients: int, stop: threading.Event) -> dict:
    """`clients` threads each loading the newsroom and the feeds in turn, as fast as answered, until `stop`."""
    counts = {"responses": 0, "errors": 0}
    lock = threading.Lock()

    def client(offset: int) -> None:
        n = offset
        while not stop.is_set():
            url = base_url + LOAD_URLS[n % len(LOAD_URLS)]
            n += 1
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    response.read()
                key = "responses"
            except Exception:  # noqa: BLE001 - counted
                key = "errors"
            with lock:
                counts[key] += 1

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    stop.wait()
    counts["seconds"] = round(time.monotonic() - started, 1)
    return counts


class Load:
    """The load clients in a process of their own (their own interpreter lock), started and stopped."""

    def __init__(self, base_url: str, clients: int, workdir: Path):
        self.base_url, self.clients, self.workdir = base_url, clients, Path(workdir)
        self.process: subprocess.Popen | None = None
        self.result: dict = {}

    def __enter__(self) -> Load:
        if self.clients:
            # At a lower priority: the clients stand for readers on other machines; on this one they
            # must not take the CPU the server needs (they still take whatever it leaves).
            self.process = subprocess.Popen(
                [PYTHON, "-m", "bench.embargo_lag", "--load-client", self.base_url, "--clients", str(self.clients)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
                preexec_fn=lambda: os.nice(10),  # only os.nice, before exec
            )
            time.sleep(2)  # let every client be going
        return self

    def __exit__(self, *exc) -> None:
        if self.process:
            self.process.terminate()
            out, _ = self.process.communicate(timeout=30)
            self.result = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}


def _load_client_main(base_url: str, clients: int) -> int:
    import signal  # local: only the load process handles SIGTERM

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(json.dumps(load_clients(base_url, clients, stop)), flush=True)
    return 0


def table(sightings: list[Sighting]) -> str:
    """Markdown table: per surface, lag after the release time (ms), and early sightings."""
    by_surface: dict[str, list[Sighting]] = {}
    for sighting in sightings:
        by_surface.setdefault(sighting.surface, []).append(sighting)
    lines = [
        "| surface | releases | polls | min lag (ms) | median lag (ms) | max lag (ms) | seen early | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, group in by_surface.items():
        lags = [s.lag * 1000 for s in group if s.lag is not None]
        missing = sum(1 for s in group if s.lag is None)
        cell = (lambda v: f"{v:.0f}") if lags else (lambda v: "—")
        lines.append(
            f"| {name} | {len(group)} | {sum(s.polls for s in group)} | {cell(min(lags) if lags else 0)} | "
            f"{cell(statistics.median(lags) if lags else 0)} | "
            f"{(cell(max(lags)) if lags else '—') + (f' ({missing} never)' if missing else '')} | "
            f"{sum(len(s.early) for s in group)} | {sum(s.errors for s in group)} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=3, help="Releases per round, all at the same second.")
    parser.add_argument("--ahead", type=float, default=8, help="Seconds between scheduling and the release time.")
    parser.add_argument("--publishers", type=int, default=1, help="Publisher processes running at once.")
    parser.add_argument("--rounds", type=int, default=3, help="Scheduling rounds.")
    parser.add_argument("--interval", type=float, default=0.05, help="Polling interval per surface, seconds.")
    parser.add_argument(
        "--server",
        choices=("production", "runserver"),
        default="production",
        help="production: gunicorn and the production settings (DEBUG off, Redis when it answers on "
        "127.0.0.1:6379); runserver: the demo's server, as `make serve` runs it.",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (production).")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers).")
    parser.add_argument("--load", type=int, default=0, help="Clients loading the newsroom and feeds all the time.")
    parser.add_argument(
        "--publisher-nice",
        type=int,
        default=-5 if os.geteuid() == 0 else 0,
        help="CPU priority of the publishers (negative: higher; as the production unit's Nice=; needs root).",
    )
    parser.add_argument("--redis-db", type=int, default=13, help="Redis database for the production run (flushed).")
    parser.add_argument("--keep", action="store_true", help="Keep the site's directory (logs) afterwards.")
    parser.add_argument("--load-client", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--clients", type=int, default=16, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load_client:
        return _load_client_main(args.load_client, args.clients)

    all_sightings: list[Sighting] = []
    published_counts: list[int] = []
    tmp = tempfile.mkdtemp(prefix="ir-embargo-bench-")
    load_result: dict = {}
    with Stack(Path(tmp), publishers=args.publishers) as stack:
        database = "PostgreSQL" if stack.pg_admin_url else "SQLite"
        redis_url = None
        if args.server == "production" and redis_answers():
            redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
        print(f"Setting up a fresh site in {tmp} ({database}, {args.server}) …", flush=True)
        stack.setup()
        if args.server == "production":
            stack.use_production(redis_url)
            stack.start_gunicorn(workers=args.workers, threads=args.threads)
        else:
            stack.start_server()
        stack.start_worker()
        stack.start_publishers(nice=args.publisher_nice)
        with Load(stack.base_url, args.load, Path(tmp)) as load:
            for round_number in range(1, args.rounds + 1):
                releases = stack.schedule(seconds=args.ahead, count=args.releases)
                print(
                    f"round {round_number}: {len(releases)} releases at {releases[0]['release_at']:%H:%M:%S} UTC",
                    flush=True,
                )
                sightings = Poller(stack.base_url, releases, interval=args.interval).run()
                all_sightings.extend(sightings.values())
                commits = stack.commit_lags()
                for release in releases:
                    published_counts.append(stack.log_actions(release["pk"]).count("wagtail.publish.scheduled"))
                    logged = Sighting("publisher (its log entry)", release["slug"], release["release_at"], polls=1)
                    logged.first_visible = stack.published_at(release["pk"])
                    committed = Sighting("publisher (commit)", release["slug"], release["release_at"], polls=1)
                    if release["title"] in commits:
                        committed.first_visible = release["release_at"] + dt.timedelta(
                            seconds=commits[release["title"]]
                        )
                    all_sightings[:0] = [logged, committed]
        load_result = load.result
    print()
    server = (
        f"gunicorn, {args.workers} {'sync' if args.threads == 1 else f'gthread×{args.threads}'} workers, DEBUG off, "
        f"cache {'Redis' if redis_url else 'files'}"
        if args.server == "production"
        else "runserver (DEBUG on), cache files"
    )
    print(
        f"Embargo lag over HTTP ({database}; {server}): {args.rounds} rounds × {args.releases} releases, "
        f"{args.publishers} publisher(s) at nice {args.publisher_nice}, "
        f"polling every {args.interval * 1000:.0f} ms per surface"
        + (f", {args.load} clients loading the newsroom and feeds throughout" if args.load else "")
        + "; lag = first response showing the release minus its release time."
    )
    print(table(sorted(all_sightings, key=lambda s: not s.surface.startswith("publisher"))))
    if args.load:
        print(f"\nLoad: {load_result}")
    early = sum(len(s.early) for s in all_sightings)
    once = all(count == 1 for count in published_counts)
    print(f"\nSeen early: {early}. Each release published exactly once: {once} ({published_counts}).")
    for sample in [e for s in all_sightings for e in s.error_samples][:10]:
        print("error:", sample)
    if args.keep:
        print(f"Logs kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if early == 0 and once else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
