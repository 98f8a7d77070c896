"""Subscribers and releases going public, for the e-mail alert tests and the benchmark."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

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
