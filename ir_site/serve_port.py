"""The port `make serve` runs the demo on, read once from PORT, for the settings and the demo builder.

E-mail links (WAGTAILADMIN_BASE_URL) and the demo Site's port (the absolute URLs of feeds and the
sitemap) must name the port the server really listens on; `make serve` passes PORT to every
process it starts. A PORT that is not a port number is refused with a clear message.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

DEFAULT_PORT = 8000


def serve_port(environ: Mapping[str, str] = os.environ) -> int:
    """PORT from the environment (8000 when unset or empty)."""
    raw = (environ.get("PORT") or "").strip()
    if not raw:
        return DEFAULT_PORT
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ImproperlyConfigured(f"PORT={raw!r} is not a port number (1-65535), e.g. PORT=18400 make serve.")
    return int(raw)


def port_given(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether PORT was set (make serve always sets it; a bare `manage.py load_demo` may not)."""
    return bool((environ.get("PORT") or "").strip())
