"""What the file-privacy and no-secret tests share: files on disk, a release through the chain, a CDN stand-in."""

from __future__ import annotations

import contextlib
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import override_settings

from django_otp.oath import totp

from tests.factories import grant_file_permissions, make_document, png_bytes
from tests.factories import make_image as factory_image

PASSWORD = "pw"  # noqa: S105 - the roles fixture's password


def login(client, username: str) -> None:
    client.logout()
    assert client.login(username=username, password=PASSWORD)


def totp_code(device) -> str:
    """The code an authenticator app shows now for `device`."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def make_pdf(name: str = "q4-2026-results.pdf"):
    return make_document(title="Q4 financial tables", content=b"%PDF-1.4\n% Q4 tables\n%%EOF\n", name=name)


def make_image(name: str = "q4-chart.png"):
    return factory_image(title="Q4 chart", content=png_bytes((0, 0, 128), (60, 40)), name=name)


def files_on_disk(settings, tmp_path) -> None:  # the conftest's media_on_disk fixture calls this
    """Files on disk, as in production (Wagtail serves documents from a file path when it has one)."""
    settings.MEDIA_ROOT = str(tmp_path)
    cache.clear()  # Wagtail caches renditions by image id: none may come from another test's files
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }


def grant_files_to(group_name: str) -> None:
    """As the demo does (demo/builder.py): the group may upload and choose documents and images."""
    grant_file_permissions(Group.objects.get(name=group_name))


class PurgeReceiver(BaseHTTPRequestHandler):
    """Stands in for the CDN's purge endpoint: records each PURGE (host and path)."""

    received: list[tuple[str, str]] = []

    def do_PURGE(self):  # named for the HTTP method, as http.server wants
        self.received.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def purge_endpoint():
    """A CDN's purge endpoint on loopback, configured as the frontend cache; yields the paths purged."""
    received: list[tuple[str, str]] = []
    handler = type("Receiver", (PurgeReceiver,), {"received": received})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    backend = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    try:
        with override_settings(WAGTAILFRONTENDCACHE=backend):
            yield received
    finally:
        server.shutdown()
        server.server_close()
