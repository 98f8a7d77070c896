"""`PORT=18400 make serve`: e-mail links and the demo Site's absolute URLs name port 18400, not 8000.

A database made under one PORT gets its Site port updated when `make serve` (load_demo) runs
again with another, so feeds and the sitemap never carry a port nobody listens on.
"""

import io
import os
import subprocess
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from wagtail.models import Site

import pytest

from ir_site.serve_port import serve_port

ROOT = Path(__file__).resolve().parents[1]
SETTINGS_PROBE = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"


def dev_setting(**env) -> subprocess.CompletedProcess:
    """WAGTAILADMIN_BASE_URL as the dev settings (make serve's) compute it under `env`."""
    environ = {k: v for k, v in os.environ.items() if k not in ("PORT", "WAGTAILADMIN_BASE_URL")}
    environ.update(DJANGO_SETTINGS_MODULE="ir_site.settings.dev", **env)
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", SETTINGS_PROBE], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


def test_email_links_use_port():
    """Under PORT=18400 the admin base URL (every e-mail link) is http://127.0.0.1:18400; unset, 8000."""
    assert dev_setting(PORT="18400").stdout.strip() == "http://127.0.0.1:18400"
    assert dev_setting().stdout.strip() == "http://127.0.0.1:8000"
    given = dev_setting(PORT="18400", WAGTAILADMIN_BASE_URL="https://ir.example.com")
    assert given.stdout.strip() == "https://ir.example.com"


@pytest.mark.parametrize("bad", ["abc", "0", "70000", "84 00"])
def test_a_port_that_is_not_a_number_is_a_clear_error(bad):
    with pytest.raises(ImproperlyConfigured, match="is not a port number"):
        serve_port({"PORT": bad})


def test_make_serve_passes_port_to_every_process():
    """The demo loader, the publisher, the task worker and the web server all run with PORT=18400."""
    dry = subprocess.run(  # noqa: S603 - make's dry run of our own Makefile
        ["make", "-n", "serve", "PORT=18400", f"PYTHON={sys.executable}", f"BIN={Path(sys.executable).parent}"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    commands = [line for line in dry.stdout.splitlines() if "manage.py" in line and "migrate" not in line]
    started = {name for name in ("load_demo", "run_publisher", "db_worker", "runserver") if name in dry.stdout}
    assert started == {"load_demo", "run_publisher", "db_worker", "runserver"}
    assert commands and all("PORT=18400" in line for line in commands), commands
    assert "127.0.0.1:18400" in dry.stdout


@pytest.mark.django_db
def test_a_database_made_under_another_port_follows_port_on_the_next_serve(client, monkeypatch):
    """Made under 8000, served under 18400: the Site port, the feed's and the sitemap's URLs follow."""
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    monkeypatch.setenv("PORT", "8000")
    call_command("load_demo", stdout=io.StringIO())
    assert Site.objects.get(is_default_site=True).port == 8000

    monkeypatch.setenv("PORT", "18400")
    call_command("load_demo", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 18400)
    host = {"HTTP_HOST": "127.0.0.1:18400"}
    for url in ("/news/feed/rss/", "/sitemap.xml"):
        body = client.get(url, **host).content.decode()
        assert "http://127.0.0.1:18400/" in body, url
        assert "127.0.0.1:8000" not in body, url

    monkeypatch.delenv("PORT")  # a bare `manage.py load_demo` keeps the port it finds
    call_command("load_demo", stdout=io.StringIO())
    assert Site.objects.get(is_default_site=True).port == 18400
