"""Production hardening: deploy checks, login throttling, CSP, uploads that are what they claim."""

import os
import subprocess
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from wagtail.documents import get_document_model

import pytest

pytestmark = pytest.mark.django_db


def test_check_deploy_is_clean_with_production_settings():
    """`manage.py check --deploy` with production settings and real-looking secrets: no warning at all."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ir_site.settings.production",
        "SECRET_KEY": "k3#v9!q" * 10,
        "ALLOWED_HOSTS": "ir.example.com",
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secrets():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    env["DJANGO_SETTINGS_MODULE"] = "ir_site.settings.production"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "Set the SECRET_KEY environment variable" in result.stderr


@override_settings(AXES_ENABLED=True)
def test_admin_login_is_throttled_after_five_failures(client):
    """Five wrong passwords for one user from one address: the right one is refused for a while; others log in."""
    user = get_user_model().objects.create_user("ceo", password="right-password")  # noqa: S106
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    other = get_user_model().objects.create_user("drafter", password="other-password")  # noqa: S106
    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "ceo", "password": "guess"})
        assert "_auth_user_id" not in client.session
    response = client.post("/admin/login/", {"username": "ceo", "password": "right-password"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    response = client.post("/admin/login/", {"username": "drafter", "password": "other-password"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(other.pk)


def test_public_pages_have_a_strict_content_security_policy(client, newsroom):
    policy = client.get("/news/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert client.get("/news/")["X-Frame-Options"] == "DENY"


def test_admin_gets_the_policy_wagtail_needs(client, newsroom):
    user = get_user_model().objects.create_superuser("root", password="pw")  # noqa: S106
    client.force_login(user)
    policy = client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy and "object-src 'none'" in policy
    assert client.get("/admin/")["X-Frame-Options"] == "SAMEORIGIN"  # the live preview frames admin views


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("results.pdf", b"%PDF-1.7\n%%EOF\n", True),
        ("results.pdf", b"<html><script>alert(1)</script></html>", False),
        ("tables.xlsx", b"PK\x03\x04 the zip of a workbook", True),
        ("tables.xlsx", b"MZ\x90\x00 a Windows program", False),
        ("notes.txt", "Résultats du quatrième trimestre\n".encode(), True),
        ("notes.txt", b"<!DOCTYPE html><html><body onload=x()>", False),
        ("data.csv", b"quarter,revenue\x00\x01\x02", False),
    ],
)
def test_documents_must_be_what_their_names_say(client, name, content, accepted):
    """Upload through Admin → Documents: a mismatched file is refused with the reason and nothing is stored."""
    user = get_user_model().objects.create_superuser("root", password="pw")  # noqa: S106
    client.force_login(user)
    response = client.post(
        "/admin/documents/add/",
        {"title": "Upload", "file": SimpleUploadedFile(name, content), "collection": 1},
    )
    stored = get_document_model().objects.filter(title="Upload").exists()
    assert stored is accepted
    if not accepted:
        assert response.status_code == 200
        assert "whatever its name says" in response.content.decode() or "not plain text" in response.content.decode()


def test_svg_images_are_not_accepted():
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
