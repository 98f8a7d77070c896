"""The floor of our stack for bench.http_load: the smallest Django app that returns the same bytes.

    FLOOR_MANIFEST=/tmp/.../manifest.json gunicorn bench.floor_app:application

No middleware, no database, no templates: one view that looks the request path up in a
dictionary of pre-rendered responses and returns the bytes with their content type. The
manifest (JSON) maps each path to {"file": <path of the body>, "content_type": <type>}; the
files are read once, when a worker loads the app. Whatever our site spends beyond this on
the same bytes under the same gunicorn settings is the cost of our own code and middleware.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-floor-only",  # noqa: S106 - serves fixed bytes, signs nothing
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_I18N=False,
        USE_TZ=True,
    )

from django.core.wsgi import get_wsgi_application  # after settings.configure()
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import re_path


def _load(manifest: str | None) -> dict[str, tuple[bytes, str]]:
    if not manifest:
        return {}
    entries = json.loads(Path(manifest).read_text())
    return {path: (Path(e["file"]).read_bytes(), e["content_type"]) for path, e in entries.items()}


RESPONSES = _load(os.environ.get("FLOOR_MANIFEST"))


def prerendered(request: HttpRequest) -> HttpResponse:
    try:
        body, content_type = RESPONSES[request.path]
    except KeyError:
        raise Http404(request.path) from None
    return HttpResponse(body, content_type=content_type)


urlpatterns = [re_path(r"", prerendered)]

application = get_wsgi_application()
