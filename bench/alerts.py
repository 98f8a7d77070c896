"""E-mail alert benchmark: one release going public to N confirmed subscribers, through a real SMTP server.

    python -m bench.alerts [--sizes 1000,10000] [--runs 1] [--ahead 8] [--timeout 180] [--smtp thread|process]
                           [--databases sqlite,postgresql] [--json PATH] [--keep]

For each database (SQLite; PostgreSQL too when DATABASE_URL names one) a fresh site is built
(bench.embargo_lag.Stack: migrate, the demo, the embargo publisher as `make serve` starts it).
Then, for each size and run: N confirmed subscribers to all releases are added (one bulk insert),
a fresh task worker is started exactly as `make serve` starts it (one `db_worker --interval 0.2`)
with EMAIL_HOST/EMAIL_PORT pointing at a local aiosmtpd server (tests/support/smtp.py), one release
is scheduled a few seconds ahead through the whole approval chain, and the benchmark waits until
the SMTP server has accepted the alert for every subscriber (or the timeout passes).

It prints, per run: the first and the last message accepted after the release time, messages per
second while sending, the worker's resident memory (just before the release time, and its peak:
VmHWM, and the highest VmRSS sampled every 50 ms), duplicates (a second message to one address)
and missing addresses; then where the time went (publish, task start, fan-out, first and last
send, from the site's own tables); then the targets: first message within 2 s of the release
time, every message within 60 s, the worker's peak memory flat in the number of subscribers.
Between runs the subscribers and deliveries of the last one are deleted: every run starts with a
new worker process, so its peak memory is its own.

Not a test: the figures depend on the machine. tests/test_bench_alerts.py runs it at 20.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import email.policy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from email.parser import BytesHeaderParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

FIRST_TARGET = 2.0  # seconds after the release time, the first message
LAST_TARGET = 60.0  # seconds after the release time, the last one (of 10,000)
FLAT_TARGET_MB = 10.0  # peak RSS at the largest size at most this much above the smallest size's
DOMAIN = "bench.example"


# -- memory ---------------------------------------------------------------------------------


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (kB) of one process; {} once it has gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    values = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


def _descendants(pid: int) -> list[int]:
    """The process and its children, grandchildren… (a reloading worker would be a parent and a child)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo.extend(int(child) for child in task.read_text().split())
    return found


class RssSampler:
    """Samples the resident memory (VmRSS, summed over the process tree) of a process every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, int]] = []  # (time.time(), kB)
        self.hwm_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _read(self) -> tuple[int, int]:
        rss = hwm = 0
        for pid in _descendants(self.pid):
            values = _status(pid)
            rss += values.get("VmRSS", 0)
            hwm += values.get("VmHWM", 0)
        return rss, hwm

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, hwm = self._read()
            if rss:
                self.samples.append((time.time(), rss))
                self.hwm_kb = max(self.hwm_kb, hwm)
            self._stop.wait(self.interval)

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop sampling (before the process is stopped: its VmHWM is read while it lives)."""
        rss, hwm = self._read()
        if rss:
            self.samples.append((time.time(), rss))
            self.hwm_kb = max(self.hwm_kb, hwm)
        self._stop.set()
        self._thread.join()

    def at(self, moment: float) -> int:
        """The last sample taken before `moment` (kB; 0 if none)."""
        before = [kb for at, kb in self.samples if at <= moment]
        return before[-1] if before else 0

    def peak(self) -> int:
        return max((kb for _, kb in self.samples), default=0)


# -- the SMTP server ------------------------------------------------------------------------------


@dataclass
class Arrival:
    at: float  # time.time() when the server accepted the message
    to: str
    subject: str


class _HeadersOnly:
    """An aiosmtpd handler that accepts every recipient and parses only a message's headers.

    tests/support/smtp.py's handler parses the whole message (email.policy.default) before its
    "250": about 3 ms a message, which caps that server near 250 messages/s even on a core of its
    own, and puts those 3 ms into every one of the worker's SMTP round trips. Headers only: about
    700/s (aiosmtpd's own line-by-line DATA is most of what is left), so the server is not what is
    measured.
    """

    def __init__(self):
        self.received: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        from tests.support.smtp import Received

        message = BytesHeaderParser(policy=email.policy.default).parsebytes(envelope.content)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message, time.time()))
        return "250 Message accepted for delivery"


def smtp_server(parse: str):
    """tests/support/smtp.py's SmtpServer (not started); parse="headers" gives it the lighter handler."""
    from aiosmtpd.controller import Controller

    from tests.support.smtp import SmtpServer  # local: only the process that serves needs aiosmtpd

    server = SmtpServer()
    if parse == "headers":
        server.handler = _HeadersOnly()
        server.controller = Controller(server.handler, hostname="127.0.0.1", port=server.port)
    return server


def _arrival(received) -> Arrival:
    return Arrival(received.at, received.to.lower(), str(received.message["Subject"] or ""))


class ThreadSmtp:
    """The SMTP server in a thread of this process."""

    def __init__(self, parse: str = "headers"):
        self.server = smtp_server(parse)
        self.port = self.server.port

    def __enter__(self) -> ThreadSmtp:
        self.server.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.server.__exit__(*exc)

    def count(self) -> int:
        return len(self.server.handler.received)  # len() of a list: no lock needed

    def arrivals(self, start: int = 0) -> list[Arrival]:
        with self.server.handler.lock:
            received = self.server.handler.received[start:]
        return [_arrival(r) for r in received]


class ProcessSmtp:
    """The SMTP server in a process of its own (`python -m bench.alerts --serve-smtp`): no GIL shared with us."""

    def __init__(self, parse: str = "headers"):
        self.process = subprocess.Popen(
            [PYTHON, "-m", "bench.alerts", "--serve-smtp", "--smtp-parse", parse],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.port = int(self.process.stdout.readline())
        self._arrivals: list[Arrival] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            at, to, subject = json.loads(line)
            self._arrivals.append(Arrival(at, to, subject))

    def __enter__(self) -> ProcessSmtp:
        return self

    def __exit__(self, *exc) -> None:
        self.process.stdin.close()  # the server stops at the end of its input
        self.process.wait(20)
        self._reader.join(5)

    def count(self) -> int:
        return len(self._arrivals)

    def arrivals(self, start: int = 0) -> list[Arrival]:
        return list(self._arrivals[start:])


def serve_smtp(parse: str) -> int:
    """The child of ProcessSmtp: prints its port, then each accepted message as JSON [at, to, subject]."""
    with smtp_server(parse) as server:
        print(server.port, flush=True)
        done = threading.Event()
        threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
        sent = 0
        while True:
            finished = done.wait(0.05)
            with server.handler.lock:
                received = server.handler.received[sent:]
            for r in received:
                a = _arrival(r)
                sys.stdout.write(json.dumps([a.at, a.to, a.subject]) + "\n")
            sent += len(received)
            sys.stdout.flush()
            if finished:
                return 0


# -- one run --------------------------------------------------------------------------------


def subscribers_code(count: int, domain: str) -> str:
    """Python for `manage.py shell -c`: drop the last run's deliveries and subscribers, add `count` new ones.

    Confirmed a minute ago, to all releases, each with its own key (alerts/tokens.py signs it into the links).
    """
    return (
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from alerts.models import Delivery, Subscriber, new_key\n"
        "Delivery.objects.all().delete()\n"
        f"Subscriber.objects.filter(email__endswith='.{DOMAIN}').delete()\n"
        "now = timezone.now() - timedelta(minutes=1)\n"
        "Subscriber.objects.bulk_create((Subscriber(email=f'investor{n:06d}@"
        + domain
        + "', status='active', all_releases=True, key=new_key(), created_at=now, confirmed_at=now) "
        f"for n in range({count})), batch_size=1000)\n"
    )


def _moment(value) -> float | None:
    """A datetime from the site's database as a timestamp (SQLite keeps UTC text, PostgreSQL timestamptz)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.timestamp()


def timeline(stack, page_id: int, release_at: float) -> dict[str, float | None]:
    """Where the time went, from the site's own tables: seconds after the release time."""
    published = stack.published_at(page_id)
    rows = stack.query(
        "SELECT a.created_at, a.fanned_out_at, a.first_sent_at, a.last_sent_at FROM alerts_alert a "
        "WHERE a.page_id = %s ORDER BY a.id LIMIT 1",
        (page_id,),
    )
    created, fanned, first, last = rows[0] if rows else (None,) * 4
    tasks = stack.query(
        "SELECT enqueued_at, started_at, finished_at, args_kwargs FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = %s ORDER BY enqueued_at DESC LIMIT 5",
        ("alerts.tasks.alert_for_version",),
    )
    version_ids = {
        row[0] for row in stack.query("SELECT id FROM releases_releaseversion WHERE page_id = %s", (page_id,))
    }
    task = next((t for t in tasks if _task_version(t[3]) in version_ids), None)
    enqueued, started, finished = task[:3] if task else (None,) * 3

    def after(value):
        moment = _moment(value)
        return None if moment is None else round(moment - release_at, 3)

    return {
        "published": after(published),
        "task_enqueued": after(enqueued),
        "task_started": after(started),
        "alert_created": after(created),
        "fanned_out": after(fanned),
        "first_sent": after(first),
        "last_sent": after(last),
        "task_finished": after(finished),
    }


def _task_version(args_kwargs) -> int | None:
    data = json.loads(args_kwargs) if isinstance(args_kwargs, str) else args_kwargs
    args = (data or {}).get("args") or []
    return args[0] if args else None


@dataclass
class Result:
    database: str
    size: int
    run: int
    smtp: str
    smtp_parse: str = "headers"
    received: int = 0  # alert messages to this run's subscribers
    distinct: int = 0
    duplicates: int = 0
    missing: int = 0
    first_s: float | None = None  # first accepted, seconds after the release time
    last_s: float | None = None
    rate: float | None = None  # messages per second, first to last
    early: int = 0  # accepted before the release time (must be 0)
    rss_idle_mb: float = 0.0
    rss_peak_mb: float = 0.0  # highest VmRSS sampled
    hwm_mb: float = 0.0  # the kernel's high-water mark
    other_messages: int = 0
    timeline: dict = field(default_factory=dict)


def run_once(
    stack,
    smtp,
    database: str,
    size: int,
    run: int,
    *,
    ahead: float = 8,
    timeout: float = 180,
    smtp_mode: str = "process",
    smtp_parse: str = "headers",
) -> Result:
    domain = f"r{size}-{run}.{DOMAIN}"
    stack.manage("shell", "-c", subscribers_code(size, domain), timeout=600)
    start = smtp.count()
    worker = stack.start_worker(
        env={"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port)}, log=f"worker-{size}-{run}.log"
    )
    sampler = RssSampler(worker.pid).start()
    result = Result(database, size, run, smtp_mode, smtp_parse)
    try:
        (release,) = stack.schedule(seconds=ahead, count=1, files=False)
        release_at = release["release_at"].timestamp()
        title = release["title"]
        deadline = release_at + timeout
        seen: set[str] = set()
        scanned = start
        while time.time() < deadline and len(seen) < size:
            if worker.poll() is not None:
                print(f"the worker exited ({worker.returncode}); see {stack.workdir}", file=sys.stderr)
                break
            new = smtp.arrivals(scanned)
            scanned += len(new)
            seen.update(a.to for a in new if a.to.endswith("@" + domain) and a.subject == title)
            time.sleep(0.05)
        time.sleep(1.0)  # a duplicate sent right after the last one would come now
        sampler.stop()
    finally:
        if sampler._thread.is_alive():
            sampler.stop()
        worker.terminate()
        worker.wait(20)
        stack.worker = None
    arrivals = smtp.arrivals(start)
    mine = [a for a in arrivals if a.to.endswith("@" + domain) and a.subject == title]
    result.other_messages = len(arrivals) - len(mine)
    counts = collections.Counter(a.to for a in mine)
    result.received, result.distinct = len(mine), len(counts)
    result.duplicates = sum(n - 1 for n in counts.values())
    result.missing = size - len(counts)
    if mine:
        times = sorted(a.at for a in mine)
        result.first_s, result.last_s = times[0] - release_at, times[-1] - release_at
        result.early = sum(1 for t in times if t < release_at)
        result.rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 and times[-1] > times[0] else None
    result.rss_idle_mb = sampler.at(release_at) / 1024
    result.rss_peak_mb = sampler.peak() / 1024
    result.hwm_mb = sampler.hwm_kb / 1024
    result.timeline = timeline(stack, release["pk"], release_at)
    return result


# -- the report -----------------------------------------------------------------------------


def _s(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def table(results: list[Result]) -> str:
    lines = [
        "| size | database | run | first after release (s) | last after release (s) | messages/s | "
        "worker RSS before → peak (MB) | VmHWM (MB) | duplicates | missing |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.size:,} | {r.database} | {r.run} | {_s(r.first_s)} | {_s(r.last_s)} | {_s(r.rate, 0)} | "
            f"{r.rss_idle_mb:.0f} → {r.rss_peak_mb:.0f} | {r.hwm_mb:.0f} | {r.duplicates} | {r.missing} |"
        )
    return "\n".join(lines)


STAGES = [
    ("published", "published"),
    ("task_started", "task started"),
    ("alert_created", "alert created"),
    ("fanned_out", "fanned out"),
    ("first_sent", "first sent"),
    ("last_sent", "last sent"),
]


def timeline_table(results: list[Result]) -> str:
    head = "| size | database | run | " + " | ".join(label for _, label in STAGES) + " |"
    lines = [head, "|---:|---|---:|" + "---:|" * len(STAGES)]
    for r in results:
        cells = " | ".join(_s(r.timeline.get(key)) for key, _ in STAGES)
        lines.append(f"| {r.size:,} | {r.database} | {r.run} | {cells} |")
    return "\n".join(lines)


def targets(results: list[Result]) -> dict[str, dict]:
    """Each target: passed (True/False/None: not measurable here) and what decided it."""
    out: dict[str, dict] = {}
    firsts = [r.first_s for r in results]
    worst_first = None if None in firsts or not firsts else max(firsts)
    out["first message within 2 s"] = {
        "passed": worst_first is not None and worst_first <= FIRST_TARGET,
        "worst": worst_first,
    }
    lasts = [r.last_s if not r.missing else None for r in results]
    worst_last = None if None in lasts or not lasts else max(lasts)
    out["every message within 60 s"] = {
        "passed": worst_last is not None and worst_last <= LAST_TARGET,
        "worst": worst_last,
    }
    by_db: dict[str, list[Result]] = collections.defaultdict(list)
    for r in results:
        by_db[r.database].append(r)
    growth = {}
    for database, group in by_db.items():
        sizes = sorted({r.size for r in group})
        if len(sizes) < 2:
            continue
        small = max(r.rss_peak_mb for r in group if r.size == sizes[0])
        large = max(r.rss_peak_mb for r in group if r.size == sizes[-1])
        growth[database] = round(large - small, 1)
    out[f"worker memory flat (peak at the largest size ≤ {FLAT_TARGET_MB:.0f} MB above the smallest's)"] = {
        "passed": None if not growth else all(g <= FLAT_TARGET_MB for g in growth.values()),
        "growth_mb": growth,
    }
    out["no duplicates, none missing, none early"] = {
        "passed": all(not r.duplicates and not r.missing and not r.early for r in results),
    }
    return out


def targets_line(verdicts: dict[str, dict]) -> str:
    parts = []
    for name, verdict in verdicts.items():
        word = {True: "PASS", False: "FAIL", None: "n/a"}[verdict["passed"]]
        detail = ""
        if "worst" in verdict:
            detail = f" (worst {_s(verdict['worst'])} s)"
        elif verdict.get("growth_mb"):
            detail = " (" + ", ".join(f"{db} +{mb} MB" for db, mb in verdict["growth_mb"].items()) + ")"
        parts.append(f"{name}: {word}{detail}")
    return "Targets: " + "; ".join(parts) + "."


# -- main -----------------------------------------------------------------------------------


def databases(choice: str) -> list[str]:
    has_pg = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    if choice == "auto":
        return ["SQLite"] + (["PostgreSQL"] if has_pg else [])
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "postgres": "PostgreSQL", "pg": "PostgreSQL"}
    chosen = [names[name.strip().lower()] for name in choice.split(",") if name.strip()]
    if "PostgreSQL" in chosen and not has_pg:
        raise SystemExit("PostgreSQL asked for, but DATABASE_URL names no PostgreSQL server.")
    return chosen


def bench_database(database: str, sizes: list[int], args) -> list[Result]:
    """A fresh site on one database; every size and run on it, each with a new worker."""
    from bench.embargo_lag import Stack  # local: the --serve-smtp child never needs it

    saved = os.environ.get("DATABASE_URL")
    if database == "SQLite":
        os.environ.pop("DATABASE_URL", None)
    results = []
    tmp = tempfile.mkdtemp(prefix="ir-alerts-bench-")
    try:
        smtp_class = ProcessSmtp if args.smtp == "process" else ThreadSmtp
        with Stack(Path(tmp)) as stack, smtp_class(args.smtp_parse) as smtp:
            print(f"Setting up a fresh site in {tmp} ({database}) …", flush=True)
            stack.setup()
            # What load_demo left in the task queue (search index, the demo releases' own alerts, to
            # nobody yet) is done first, as a worker started after it would; then the publisher.
            stack.manage("db_worker", "--batch", "--no-reload", "--no-startup-delay", log="drain.log")
            stack.start_publishers()
            for size in sizes:
                for run in range(1, args.runs + 1):
                    result = run_once(
                        stack,
                        smtp,
                        database,
                        size,
                        run,
                        ahead=args.ahead,
                        timeout=args.timeout,
                        smtp_mode=args.smtp,
                        smtp_parse=args.smtp_parse,
                    )
                    print(
                        f"{database} {size:,} run {run}: first {_s(result.first_s)} s, last {_s(result.last_s)} s, "
                        f"{_s(result.rate, 0)} msg/s, peak RSS {result.rss_peak_mb:.0f} MB, "
                        f"{result.duplicates} duplicates, {result.missing} missing",
                        flush=True,
                    )
                    results.append(result)
    finally:
        if saved is not None:
            os.environ["DATABASE_URL"] = saved
        if args.keep:
            print(f"Logs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="Subscriber counts, comma-separated.")
    parser.add_argument("--runs", type=int, default=1, help="Runs per size (each with a new worker).")
    parser.add_argument("--ahead", type=float, default=8, help="Seconds between scheduling and the release time.")
    parser.add_argument("--timeout", type=float, default=180, help="Seconds after the release time to give up.")
    parser.add_argument(
        "--smtp",
        choices=["thread", "process"],
        default="process",
        help="The SMTP server in a thread of this process or in a process of its own (default).",
    )
    parser.add_argument(
        "--databases",
        default="auto",
        help="sqlite, postgresql or both (default: SQLite, and PostgreSQL with DATABASE_URL).",
    )
    parser.add_argument("--json", help="Write the results and the verdicts to this file.")
    parser.add_argument("--keep", action="store_true", help="Keep the sites' directories (logs) afterwards.")
    parser.add_argument(
        "--smtp-parse",
        choices=["headers", "full"],
        default="headers",
        help="What the SMTP server parses of each message before its 250: the headers (default) or all of it "
        "(tests/support/smtp.py's handler, about 3 ms a message).",
    )
    parser.add_argument("--serve-smtp", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_smtp:
        return serve_smtp(args.smtp_parse)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    results: list[Result] = []
    for database in databases(args.databases):
        results.extend(bench_database(database, sizes, args))
    verdicts = targets(results)
    print()
    parsing = "the headers" if args.smtp_parse == "headers" else "each whole message"
    print(
        "E-mail alerts: one release to N confirmed subscribers, one db_worker (as `make serve`), the SMTP server "
        f"(aiosmtpd) in a {args.smtp}, parsing {parsing}; times are its accept times minus the release time."
    )
    print(table(results))
    print("\nWhere the time went (the site's own tables; seconds after the release time):")
    print(timeline_table(results))
    print()
    print(targets_line(verdicts))
    if args.json:
        Path(args.json).write_text(
            json.dumps({"results": [asdict(r) for r in results], "targets": verdicts}, indent=2) + "\n"
        )
    return 0 if verdicts["no duplicates, none missing, none early"]["passed"] else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
