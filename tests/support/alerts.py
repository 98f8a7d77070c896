"""Subscribers and releases going public, for the e-mail alert tests and the benchmark."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import re
from urllib.parse import urlsplit

from django.core.signing import b64_decode, b64_encode
from django.utils import timezone

from alerts.models import Subscriber
from tests.factories import make_release

LINK = re.compile(r"https?://[^\s<>\"]+")


def links(text: str, name: str) -> list[str]:
    """The paths of the links in `text` to /alerts/<name>/…"""
    return [urlsplit(url).path for url in LINK.findall(text) if f"/alerts/{name}/" in url]


def link(text: str, name: str) -> str:
    found = links(text, name)
    assert found, f"no /alerts/{name}/ link in:\n{text}"
    return found[0]


def sign_up(client, email: str, *, categories=(), agree: bool = True, **extra):
    data = {"email": email, "scope": "chosen" if categories else "all"}
    if categories:
        data["categories"] = [c.pk for c in categories]
    if agree:
        data["consent"] = "on"
    return client.post("/alerts/", data, **extra)


def active_subscribers(count: int, *, start: int = 0, domain: str = "investors.example") -> list[Subscriber]:
    now = timezone.now()
    return Subscriber.objects.bulk_create(
        Subscriber(email=f"investor{n:05d}@{domain}", status=Subscriber.ACTIVE, confirmed_at=now)
        for n in range(start, start + count)
    )


def release_now(newsroom, django_capture_on_commit_callbacks, **fields):
    """A release published now (its release time is now), with the commit's hooks run: the alert goes out."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_release(newsroom, release_at=fields.pop("release_at", timezone.now()), **fields)


def one_click(client, path: str):
    """What a mail provider's server sends (RFC 8058): a POST with only the one-click body."""
    return client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")


def retargeted(token: str, subscriber_id: int) -> str:
    """`token` with its payload rewritten to name another subscriber, its signature kept (a forgery)."""
    payload, rest = token.split(":", 1)
    data = json.loads(b64_decode(payload.encode()))
    data["s"] = subscriber_id
    return b64_encode(json.dumps(data, separators=(",", ":")).encode()).decode() + ":" + rest


def add_subscribers_code(count: int, domain: str) -> str:
    """Python for `manage.py shell -c` that adds `count` subscribers to all releases, confirmed a second ago."""
    return (
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from alerts.models import Subscriber\n"
        "now = timezone.now() - timedelta(seconds=1)\n"
        f"Subscriber.objects.bulk_create(Subscriber(email=f'investor{{n:05d}}@{domain}', status='active', "
        f"confirmed_at=now) for n in range({count}))\n"
    )


def active_addresses(stack) -> set[str]:
    """Who a release of no particular category goes to: active subscribers of all releases (the demo's too)."""
    rows = stack.query("SELECT email FROM alerts_subscriber WHERE status = 'active' AND all_releases = %s", (True,))
    return {row[0] for row in rows}


def alert_tasks(stack, since) -> list[tuple[str, str]]:
    """(task path, arguments) of the tasks that start a release's alert, enqueued since `since`, in any state.

    (Other alert tasks may be queued meanwhile: a dead-man's successor of an earlier alert.)
    """
    return stack.query(
        "SELECT task_path, args_kwargs FROM django_tasks_database_dbtaskresult"
        " WHERE task_path = %s AND enqueued_at >= %s",
        ("alerts.tasks.alert_for_version", db_time(stack, since)),
    )


def db_time(stack, moment):
    """`moment` as a query parameter: SQLite keeps Django's datetimes as UTC text, PostgreSQL as timestamptz."""
    if stack.pg_admin_url:
        return moment
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def outbox_messages(stack) -> list:
    """The messages the site wrote to its outbox (no EMAIL_HOST: ir_site/mail.py), parsed."""
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted((stack.workdir / "outbox").glob("*.eml"))
    ]
