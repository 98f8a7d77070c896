"""The demo site and its roles (demo.builder), for tests that go through the admin's real URLs as the demo users."""

from __future__ import annotations

import io

from django.core.management import call_command

from PIL import Image as PILImage

from demo.builder import DEFAULT_DEMO_PASSWORD
from tests.support import forms

PASSWORD = DEFAULT_DEMO_PASSWORD


def load_demo_site(monkeypatch) -> None:
    """`manage.py load_demo` with the default password: the demo's users, groups, newsroom and workflow."""
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("load_demo", stdout=io.StringIO())


def login(client, username: str) -> None:
    """Log in through the auth backends, as the login form does (the demo users have the demo password)."""
    client.logout()
    assert client.login(username=username, password=PASSWORD)


def release_form(**overrides) -> dict:
    """The page editor's POST data for a new, not material release on PR Newswire."""
    return forms.release_form(**{"wire": "prnewswire", "is_material": "False", **overrides})


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few KB that declares `width` × `height` pixels (one bit each, all black, compressed)."""
    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
