"""What the file-privacy and no-secret tests share: files on disk, a release through the chain, a CDN stand-in."""

from __future__ import annotations

import contextlib
import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import override_settings

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from django_otp.oath import totp
from PIL import Image as PILImage

from releases.models import PressReleasePage

PASSWORD = "pw"  # noqa: S105 - the roles fixture's password


def login(client, username: str) -> None:
    client.logout()
    assert client.login(username=username, password=PASSWORD)


def totp_code(device) -> str:
    """The code an authenticator app shows now for `device`."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def png_bytes(colour: str = "navy") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), colour).save(buffer, "PNG")
    return buffer.getvalue()


def make_pdf(name: str = "q4-2026-results.pdf"):
    return get_document_model().objects.create(
        title="Q4 financial tables", file=ContentFile(b"%PDF-1.4\n% Q4 tables\n%%EOF\n", name=name)
    )


def make_image(name: str = "q4-chart.png"):
    return get_image_model().objects.create(title="Q4 chart", file=ImageFile(io.BytesIO(png_bytes()), name=name))


def files_on_disk(settings, tmp_path) -> None:
    """Files on disk, as in production (Wagtail serves documents from a file path when it has one)."""
    settings.MEDIA_ROOT = str(tmp_path)
    cache.clear()  # Wagtail caches renditions by image id: none may come from another test's files
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }


def grant_files_to(group_name: str) -> None:
    """As the demo does (demo/builder.py): the group may upload and choose documents and images."""
    group = Group.objects.get(name=group_name)
    root = Collection.get_first_root_node()
    for codename, app in (
        ("add_document", "wagtaildocs"),
        ("change_document", "wagtaildocs"),
        ("choose_document", "wagtaildocs"),
        ("add_image", "wagtailimages"),
        ("change_image", "wagtailimages"),
        ("choose_image", "wagtailimages"),
    ):
        permission = Permission.objects.get(content_type__app_label=app, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)


def approve(page, roles, *spokespersons: str) -> PressReleasePage:
    """Submit as the drafter, review as compliance, sign off as each spokesperson (the workflow's own calls)."""
    page.save_revision(user=roles["drafter"])
    page.get_workflow().start(page, roles["drafter"])
    for who in ("compliance", *spokespersons):
        state = PressReleasePage.objects.get(pk=page.pk).current_workflow_state.current_task_state.specific
        state.task.specific.on_action(state, roles[who], "approve", comment="")
    return PressReleasePage.objects.get(pk=page.pk)


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
