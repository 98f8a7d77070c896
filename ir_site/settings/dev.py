"""`make serve`: the embedded defaults, debug on, nothing to install."""

import os

from ir_site.serve_port import serve_port

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# runserver starts a thread per request: persistent connections would pile up (on PostgreSQL
# until "too many clients"); production's workers keep theirs (base.py: 60 s).
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# The demo keeps two-factor authentication off, explicitly, so its users log in with the printed
# password; production requires it for spokespersons, the Disclosure Committee and superusers.
IR_REQUIRE_2FA = False
# Links in e-mails point at the server `make serve` started: PORT (make serve passes it to the web
# server, the publisher and the task worker alike), unless WAGTAILADMIN_BASE_URL says otherwise.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or f"http://127.0.0.1:{serve_port()}"
