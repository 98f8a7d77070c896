"""HTTP load benchmark: our pages and feeds under gunicorn, against two floors serving the same bytes.

    python -m bench.http_load [--releases 1000] [--rounds 3] [--duration 4] [--concurrency 16,64] [--json FILE]

Builds a fresh site in a temporary directory (SQLite, or a fresh PostgreSQL database when
DATABASE_URL names one), grows the archive to `--releases` live releases (bench.archive),
collects the static files and serves it as production does: gunicorn, 2 sync workers,
DEBUG off (ir_site.settings.production), the cache in Redis when one answers on
127.0.0.1:6379 (both workers share it), otherwise the file cache. Then, for each page and
feed, it fetches the exact bytes and content type our site returns and serves them twice
more, one server at a time (the machine has few cores):

* the Django floor: bench.floor_app, a view returning the pre-rendered bytes with no
  middleware, under the same gunicorn options (the floor of our stack);
* nginx serving them as a static file with the same content type (the machine's ceiling).

Each URL is loaded with wrk (2 threads, `--concurrency` clients, a short warm-up, then
`--duration` seconds) on our stack, the Django floor and nginx in turn, and that `--rounds`
times, so the three servers are measured side by side in time: a machine whose speed drifts
(a shared host) moves all three, not one. Prints a table per concurrency: the median of the
rounds' requests per second and p99 latency, errors over all rounds (socket errors, timeouts,
and responses other than 2xx/3xx), and our figures as ratios of both floors: the median of
the rounds' ratios (each ours ÷ the floor measured right after it) and the lowest. Target:
cached pages and feeds at >= 50% of the Django floor's requests per second, judged on the
median ratio; 0 errors under load. Exits non-zero if any request failed under load.

Not a test: the figures depend on the machine; the ratios measured in one run are what count.
Needs wrk and nginx (Debian: apt-get install -y wrk nginx).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bench.embargo_lag import PYTHON, ROOT, Stack, flush_redis, free_port, production_env, redis_answers, wait_for

WRK = shutil.which("wrk") or "/usr/bin/wrk"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
GUNICORN_WORKERS = 2
WRK_THREADS = 2
TARGET = 0.5  # ours ÷ Django floor, requests per second

# wrk calls done() once at the end of a run: one JSON line with everything the table needs.
WRK_DONE_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
"""


def check_tools() -> str | None:
    missing = [name for name, path in (("wrk", WRK), ("nginx", NGINX)) if not Path(path).exists()]
    if missing:
        return (
            f"{' and '.join(missing)} not found. The HTTP benchmark needs both (Debian): apt-get install -y wrk nginx"
        )
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return "gunicorn is not installed in this Python: make install"
    return None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version_of(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "?"
    return (done.stdout + done.stderr).strip().splitlines()[0] if (done.stdout + done.stderr).strip() else "?"


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


# -- the site -----------------------------------------------------------------------------


def grow_archive(stack: Stack, releases: int) -> dict:
    """Bulk-create live releases until the site has `releases` in all (bench.archive), in a Django process."""
    code = (
        "import json, django; django.setup()\n"
        "from bench.archive import build\n"
        "from releases.models import PressReleasePage\n"
        f"missing = {releases} - PressReleasePage.objects.live().count()\n"
        "built = build(missing) if missing > 0 else {'count': 0}\n"
        "print(json.dumps({**built, 'total': PressReleasePage.objects.live().count()}))\n"
    )
    done = subprocess.run(
        [PYTHON, "-c", code],
        cwd=ROOT,
        env={**stack.env, "IR_TASKS": "immediate"},
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    if done.returncode:
        raise RuntimeError(f"Growing the archive failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def release_path(stack: Stack) -> str:
    """A live release's URL: the newest demo release (full content: contacts, files), else any live one."""
    rows = stack.query(
        "SELECT p.url_path, p.slug FROM wagtailcore_page p "
        "JOIN releases_pressreleasepage r ON r.page_ptr_id = p.id "
        "WHERE p.live AND p.slug NOT LIKE %s ORDER BY r.release_at DESC LIMIT 1",
        ("archive-release-%",),
    ) or stack.query(
        "SELECT p.url_path, p.slug FROM wagtailcore_page p "
        "JOIN releases_pressreleasepage r ON r.page_ptr_id = p.id WHERE p.live ORDER BY r.release_at DESC LIMIT 1"
    )
    if not rows:
        raise RuntimeError("No live release in the database.")
    url_path = rows[0][0]  # e.g. /ir-home/news/<slug>/: the site root is the first segment
    return "/" + url_path.strip("/").split("/", 1)[1] + "/"


def gunicorn_args(port: int) -> list[str]:
    """The options the Django floor runs under: the same as Stack.start_gunicorn gives our site."""
    return [
        "--workers",
        str(GUNICORN_WORKERS),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--no-control-socket",
    ]


def sitemap_sections(index: bytes) -> list[str]:
    """The sections a sitemap index lists (local paths, one per distinct path: the floors ignore queries)."""
    paths: dict[str, str] = {}
    for loc in re.findall(rb"<loc>\s*([^<]+?)\s*</loc>", index):
        url = html.unescape(loc.decode())
        parts = urlsplit(url)
        if parts.path not in paths:
            paths[parts.path] = parts.path + (f"?{parts.query}" if parts.query else "")
    return list(paths.values())


# -- the floors ---------------------------------------------------------------------------


def write_bodies(workdir: Path, pages: dict[str, dict]) -> Path:
    bodies = workdir / "bodies"
    bodies.mkdir(exist_ok=True)
    manifest = {}
    for n, (path, page) in enumerate(pages.items()):
        file = bodies / f"{n}.body"
        file.write_bytes(page["body"])
        manifest[urlsplit(path).path] = {"file": str(file), "content_type": page["content_type"]}
    (workdir / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return workdir / "manifest.json"


def start_django_floor(workdir: Path, manifest: Path, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")}
    env["FLOOR_MANIFEST"] = str(manifest)
    log = workdir / "floor.log"
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", *gunicorn_args(port), "bench.floor_app:application"],
        cwd=ROOT,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )
    first = next(iter(json.loads(manifest.read_text())))
    try:
        wait_for(f"http://127.0.0.1:{port}{first}", process, "The Django floor (gunicorn bench.floor_app)", log)
    except BaseException:
        stop(process)
        raise
    return process


def nginx_conf(prefix: Path, manifest: Path, port: int) -> Path:
    entries = json.loads(manifest.read_text())
    # try_files, not alias: an alias of a path ending in "/" would look for an index file.
    locations = "\n".join(
        f"        location = {path} {{\n"
        f"            types {{ }}\n"
        f'            default_type "{entry["content_type"]}";\n'
        f"            try_files /{Path(entry['file']).name} =404;\n"
        f"        }}"
        for path, entry in entries.items()
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the 0700 temporary directory
    conf = f"""{user}worker_processes {GUNICORN_WORKERS};
daemon off;
master_process on;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name _;
        root {manifest.parent / "bodies"};
{locations}
        location / {{ return 404; }}
    }}
}}
"""
    path = prefix / "nginx.conf"
    path.write_text(conf)
    return path


def start_nginx(workdir: Path, manifest: Path, port: int) -> subprocess.Popen:
    prefix = workdir / "nginx"
    prefix.mkdir(exist_ok=True)
    conf = nginx_conf(prefix, manifest, port)
    log = prefix / "stderr.log"
    process = subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(prefix)], cwd=prefix, stdout=log.open("a"), stderr=subprocess.STDOUT
    )
    first = next(iter(json.loads(manifest.read_text())))
    try:
        wait_for(f"http://127.0.0.1:{port}{first}", process, "nginx", prefix / "error.log")
    except BaseException:
        stop(process, signal.SIGQUIT)
        raise
    return process


# -- load ---------------------------------------------------------------------------------


def wrk(url: str, *, connections: int, duration: float, timeout: float, script: Path) -> dict:
    command = [
        WRK,
        "--threads",
        str(min(WRK_THREADS, connections)),
        "--connections",
        str(connections),
        "--duration",
        f"{max(1, round(duration))}s",
        "--timeout",
        f"{max(1, round(timeout))}s",
        "--script",
        str(script),
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=duration + timeout + 60)
    line = next((ln for ln in reversed(done.stdout.splitlines()) if ln.startswith("{")), None)
    if done.returncode or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}\n{done.stderr}")
    result = json.loads(line)
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["socket_errors"] = result["connect"] + result["read"] + result["write"] + result["timeout"]
    result["errors"] = result["socket_errors"] + result["status"]
    return result


def drain(url: str, timeout: float = 300) -> None:
    """Wait until the server has answered every request wrk left queued when it stopped.

    gunicorn's sync workers still answer the connections waiting in the listen queue when a
    wrk run ends (to clients that are gone): one more request, queued behind them, returns
    when they are done, so the next run starts on an idle server.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=timeout).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)


def summarise(runs: dict[str, list[dict]]) -> dict:
    """One row's figures from its rounds: per server the median RPS and p99, all errors; the ratios.

    A ratio is taken within a round (ours, then the floors right after it) and the rounds'
    ratios are summarised by their median and their lowest.
    """
    row: dict = {}
    for server, results in runs.items():
        row[server] = {
            "rps": statistics.median(r["rps"] for r in results),
            "p99_us": statistics.median(r["p99_us"] for r in results),
            "errors": sum(r["errors"] for r in results),
            "rounds": results,
        }
    for floor, name in (("django_floor", "ratio_floor"), ("nginx", "ratio_nginx")):
        ratios = [ours["rps"] / other["rps"] for ours, other in zip(runs["ours"], runs[floor], strict=True)]
        row[name] = statistics.median(ratios)
        row[f"{name}_low"] = min(ratios)
    return row


def table(rows: list[dict], connections: int) -> str:
    lines = [
        f"\n{connections} concurrent clients:\n",
        "| page | ours RPS | ours p99 ms | errors | Django floor RPS | nginx RPS "
        "| ours ÷ Django floor (lowest) | ours ÷ nginx |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in (r for r in rows if r["connections"] == connections):
        ours, floor, ceiling = row["ours"], row["django_floor"], row["nginx"]
        errors = str(ours["errors"])
        other = floor["errors"] + ceiling["errors"]
        if other:
            errors += f" (floors: {floor['errors']} / {ceiling['errors']})"
        lines.append(
            f"| {row['page']} | {ours['rps']:,.0f} | {ours['p99_us'] / 1000:,.1f} | {errors} | "
            f"{floor['rps']:,.0f} | {ceiling['rps']:,.0f} | "
            f"{row['ratio_floor']:.2f} ({row['ratio_floor_low']:.2f}) | {row['ratio_nginx']:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=1000, help="Live releases in the archive (default 1000).")
    parser.add_argument("--duration", type=float, default=4, help="Seconds of load per run (default 4).")
    parser.add_argument("--warmup", type=float, default=1, help="Seconds of load before each measured run.")
    parser.add_argument("--rounds", type=int, default=3, help="Runs per URL and server, interleaved (default 3).")
    parser.add_argument("--concurrency", default="16,64", help="Concurrent clients, comma-separated (default 16,64).")
    parser.add_argument(
        "--timeout", type=float, default=10, help="wrk's per-request timeout, seconds (counted as errors)."
    )
    parser.add_argument("--redis-db", type=int, default=8, help="Redis database number for the site's cache (flushed).")
    parser.add_argument("--json", help="Write the raw results to this file.")
    parser.add_argument("--keep", action="store_true", help="Keep the site's directory (logs) afterwards.")
    args = parser.parse_args(argv)
    concurrencies = [int(c) for c in args.concurrency.split(",")]

    problem = check_tools()
    if problem:
        print(problem, file=sys.stderr)
        return 2

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)

    tmp = Path(tempfile.mkdtemp(prefix="ir-http-bench-"))
    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}" if redis_answers() else None
    floor = ceiling = None
    rows: list[dict] = []
    try:
        with Stack(tmp) as stack:
            database = "PostgreSQL" if stack.pg_admin_url else "SQLite"
            print(f"Setting up a fresh site in {tmp} ({database}) …", flush=True)
            stack.setup()
            if stack.pg_admin_url:
                db_version = stack.query("SHOW server_version")[0][0]
            else:
                db_version = stack.query("SELECT sqlite_version()")[0][0]
            built = grow_archive(stack, args.releases)
            print(f"Archive: {built['total']:,} live releases ({built.get('count', 0):,} bulk-created).", flush=True)
            prod = production_env(tmp, redis_url)
            stack.env.update({k: v for k, v in prod.items() if k != "DJANGO_SETTINGS_MODULE"})
            stack.env["DJANGO_SETTINGS_MODULE"] = prod["DJANGO_SETTINGS_MODULE"]
            stack.manage("collectstatic", "--noinput", log="collectstatic.log")
            if redis_url:
                flush_redis(redis_url)  # a fresh site: no generation or feed left from an earlier run
            stack.start_gunicorn(workers=GUNICORN_WORKERS)

            release = release_path(stack)
            paths = {
                "home": "/",
                "newsroom": "/news/",
                "release page": release,
                "RSS feed": "/news/feed/rss/",
                "Atom feed": "/news/feed/atom/",
                "sitemap": "/sitemap.xml",
            }
            pages: dict[str, dict] = {}
            for name, path in paths.items():
                status, content_type, body = fetch(stack.base_url + path)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status} on our site; see {tmp / 'gunicorn.log'}")
                pages[path] = {"name": name, "content_type": content_type, "body": body}
                if name == "sitemap" and b"<sitemapindex" in body:
                    for section in sitemap_sections(body):
                        status, content_type, body = fetch(stack.base_url + section)
                        if status != 200:
                            raise RuntimeError(f"{section} answered {status} on our site")
                        pages[section] = {"name": f"sitemap {section}", "content_type": content_type, "body": body}
            manifest = write_bodies(tmp, pages)

            floor_port, nginx_port = free_port(), free_port()
            floor = start_django_floor(tmp, manifest, floor_port)
            ceiling = start_nginx(tmp, manifest, nginx_port)
            servers = {
                "ours": stack.base_url,
                "django_floor": f"http://127.0.0.1:{floor_port}",
                "nginx": f"http://127.0.0.1:{nginx_port}",
            }
            for path, page in pages.items():  # the floors really serve the same bytes and type
                for server in ("django_floor", "nginx"):
                    status, content_type, body = fetch(servers[server] + path)
                    if (status, content_type, body) != (200, page["content_type"], page["body"]):
                        raise RuntimeError(f"{server} does not serve the same response for {path}")

            machine = {
                "cpu": cpu_model(),
                "cores": os.cpu_count(),
                "python": platform.python_version(),
                "database": f"{database} {db_version}",
                "cache": f"Redis ({redis_url})" if redis_url else "file cache (no Redis on 127.0.0.1:6379)",
                "gunicorn": f"{version_of([PYTHON, '-m', 'gunicorn', '--version'])}, {GUNICORN_WORKERS} sync workers",
                "wrk": version_of([WRK, "--version"]).split(" Copyright")[0],
                "nginx": version_of([NGINX, "-v"]),
                "releases": built["total"],
            }
            print()
            for key, value in machine.items():
                print(f"{key}: {value}")
            print(flush=True)

            script = tmp / "done.lua"
            script.write_text(WRK_DONE_LUA)
            for connections in concurrencies:
                for path, page in pages.items():
                    row = {"page": page["name"], "path": path, "connections": connections, "bytes": len(page["body"])}
                    runs: dict[str, list[dict]] = {server: [] for server in servers}
                    load = {"connections": connections, "timeout": args.timeout, "script": script}
                    for _ in range(max(1, args.rounds)):
                        for server, base in servers.items():
                            if args.warmup > 0:
                                wrk(base + path, duration=args.warmup, **load)
                                drain(base + path)
                            runs[server].append(wrk(base + path, duration=args.duration, **load))
                            drain(base + path)
                    row.update(summarise(runs))
                    rows.append(row)
                    print(
                        f"  -c {connections} {page['name']}: ours {row['ours']['rps']:,.0f} rps "
                        f"(floor {row['django_floor']['rps']:,.0f}, nginx {row['nginx']['rps']:,.0f}; "
                        f"ratio {row['ratio_floor']:.2f}, lowest {row['ratio_floor_low']:.2f}), "
                        f"errors {row['ours']['errors']}",
                        flush=True,
                    )
            stop(floor)
            stop(ceiling, signal.SIGQUIT)
    finally:
        stop(floor)
        stop(ceiling, signal.SIGQUIT)

    print(
        f"\nHTTP load: wrk {WRK_THREADS} threads, {args.rounds} rounds of {args.duration:g} s per URL and server "
        f"after {args.warmup:g} s of warm-up each (figures: medians of the rounds), "
        f"timeout {args.timeout:g} s; {GUNICORN_WORKERS} gunicorn sync workers (ours and the Django floor, "
        f"a new connection per request), nginx {GUNICORN_WORKERS} workers (keep-alive); errors = socket errors "
        "+ timeouts + non-2xx/3xx responses."
    )
    for connections in concurrencies:
        print(table(rows, connections))
    errors = sum(row[s]["errors"] for row in rows for s in ("ours", "django_floor", "nginx"))
    below = sorted({r["page"] for r in rows if r["ratio_floor"] < TARGET})
    print(
        f"\nTarget: ours >= {TARGET:.0%} of the Django floor's RPS (median of the rounds' ratios): "
        + ("met on every page." if not below else f"not met on {', '.join(below)}.")
        + f" Errors under load: {errors}."
    )
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine, "args": vars(args), "results": rows}, indent=1))
        print(f"Raw results in {args.json}")
    if args.keep:
        print(f"Logs kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
