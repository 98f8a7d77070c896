"""`manage.py import_release`: wire text files (or stdin) -> draft releases."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

from django.core.management import CommandError, call_command

import pytest

from releases.models import NewsroomPage, PressReleasePage

BASE_DIR = Path(__file__).resolve().parents[2]
SAMPLE = BASE_DIR / "sample_data" / "press-release-2011-12-02-private-placement.txt"


def run(*args: str, **kwargs) -> str:
    out = io.StringIO()
    call_command("import_release", *args, stdout=out, **kwargs)
    return out.getvalue()


@pytest.mark.django_db
def test_import_creates_one_unpublished_draft_and_reports_it(newsroom):
    """A good file becomes one unpublished draft; the output gives id, title, ET time, edit URL."""
    output = run(str(SAMPLE))
    page = PressReleasePage.objects.get()
    assert not page.live
    assert page.get_parent().pk == newsroom.pk
    assert f"Created draft {page.pk}: Tecogen Raises Over $2.9 Million" in output
    assert "Release time: Dec. 2, 2011, 8:00 a.m. ET" in output
    assert f"Edit: /admin/pages/{page.pk}/edit/" in output


@pytest.mark.django_db
def test_time_user_and_newsroom_options(newsroom, django_user_model):
    """--time sets the market release time, --user the owner, --newsroom the parent."""
    user = django_user_model.objects.create_user("ir-team")
    output = run(str(SAMPLE), "--time", "16:30", "--user", "ir-team", "--newsroom", str(newsroom.pk))
    page = PressReleasePage.objects.get()
    assert page.release_at == dt.datetime(2011, 12, 2, 21, 30, tzinfo=dt.UTC)
    assert page.owner == user
    assert page.get_latest_revision().user == user
    assert "4:30 p.m. ET" in output


@pytest.mark.django_db
def test_dash_reads_stdin(newsroom, monkeypatch):
    """PATH `-` reads the release from standard input."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SAMPLE.read_bytes()), encoding="utf-8"))
    output = run("-")
    page = PressReleasePage.objects.get()
    assert page.title == "Tecogen Raises Over $2.9 Million"
    assert f"Created draft {page.pk}" in output


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "The text is empty", id="empty"),
        pytest.param(b"\x00\x01\x02binary", "not text (binary data)", id="binary"),
        pytest.param(
            SAMPLE.read_bytes().replace(b"WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ -- ", b""),
            "No dateline found",
            id="no-dateline",
        ),
        pytest.param(
            SAMPLE.read_bytes().replace(b"Dec. 2, 2011", b"Feb. 30, 2011"),
            "Impossible date: 'Feb. 30, 2011'",
            id="impossible-date",
        ),
    ],
)
def test_bad_text_fails_and_creates_nothing(newsroom, tmp_path, content, message):
    """Text the importer refuses is a CommandError with its message, and no page is created."""
    path = tmp_path / "release.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=re.escape(message)):
        run(str(path))
    assert PressReleasePage.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["25:00", "8am", "08:60", "", "7"])
def test_invalid_time_is_refused(newsroom, value):
    """--time must be a real 24-hour HH:MM; anything else is refused before importing."""
    with pytest.raises(CommandError, match="Invalid --time"):
        run(str(SAMPLE), "--time", value)
    assert PressReleasePage.objects.count() == 0


@pytest.mark.django_db
def test_missing_file_unknown_user_and_unknown_newsroom(newsroom, tmp_path):
    """A missing file, an unknown user or newsroom id are errors that create nothing."""
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "missing.txt"))
    with pytest.raises(CommandError, match="There is no user 'nobody'"):
        run(str(SAMPLE), "--user", "nobody")
    with pytest.raises(CommandError, match="There is no newsroom page with id 999999"):
        run(str(SAMPLE), "--newsroom", "999999")
    assert PressReleasePage.objects.count() == 0


@pytest.mark.django_db
def test_newsroom_must_be_chosen_when_there_is_none_or_several(home):
    """Without --newsroom there must be exactly one newsroom page."""
    with pytest.raises(CommandError, match="There is no newsroom page"):
        run(str(SAMPLE))
    home.add_child(instance=NewsroomPage(title="News A", slug="news-a"))
    home.add_child(instance=NewsroomPage(title="News B", slug="news-b"))
    with pytest.raises(CommandError, match="There are 2 newsroom pages"):
        run(str(SAMPLE))
    assert PressReleasePage.objects.count() == 0


def test_command_line_failure_exits_non_zero():
    """Run as a program, a refused --time exits with a non-zero status and says why."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ir_site.settings.test"}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "import_release", str(SAMPLE), "--time", "25:00"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "Invalid --time '25:00'" in result.stderr
