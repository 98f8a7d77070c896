"""bench.alerts's pieces at a tiny size: its SMTP servers, its memory sampler, its verdicts, and one real run of 20."""

import json
import os
import smtplib
import time
from email.message import EmailMessage

import pytest

from bench.alerts import ProcessSmtp, Result, RssSampler, ThreadSmtp, main, table, targets, targets_line


def _send(port: int, to: str, subject: str) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "newsroom@localhost", to, subject
    message.set_content("Read it on our site.\n")
    with smtplib.SMTP("127.0.0.1", port) as client:
        client.send_message(message)


@pytest.mark.parametrize("parse", ["headers", "full"])
def test_the_thread_server_records_each_accepted_message_with_its_recipient_and_subject(parse):
    with ThreadSmtp(parse) as smtp:
        _send(smtp.port, "Investor000001@r20-1.bench.example", "Tecogen Demo Announcement 1")
        _send(smtp.port, "other@example.com", "Confirm your alerts")
        assert smtp.count() == 2
        first, second = smtp.arrivals()
        assert (first.to, first.subject) == ("investor000001@r20-1.bench.example", "Tecogen Demo Announcement 1")
        assert first.at <= second.at
        assert [a.subject for a in smtp.arrivals(1)] == ["Confirm your alerts"]


def test_the_sampler_reads_a_live_process_memory():
    sampler = RssSampler(os.getpid(), interval=0.01).start()
    sampler.stop()
    assert sampler.peak() > 10 * 1024  # kB: a Python process with Django loaded
    assert sampler.hwm_kb >= sampler.peak()
    assert sampler.at(0) == 0  # nothing sampled before the epoch


def _result(size, first, last, peak, **extra) -> Result:
    return Result("SQLite", size, 1, "process", first_s=first, last_s=last, rss_peak_mb=peak, rate=100.0, **extra)


def test_verdicts_per_target():
    results = [_result(1000, 0.4, 4.6, 112.0), _result(10000, 0.8, 48.0, 118.0)]
    verdicts = targets(results)
    assert [v["passed"] for v in verdicts.values()] == [True, True, True, True]
    assert "first message within 2 s: PASS (worst 0.80 s)" in targets_line(verdicts)
    assert "| 10,000 | SQLite | 1 | 0.80 | 48.00 | 100 |" in table(results)

    late = targets([_result(1000, 2.5, 70.0, 112.0), _result(10000, 0.8, 48.0, 140.0, duplicates=1)])
    assert [v["passed"] for v in late.values()] == [False, False, False, False]
    # A run that never finished has no "last" to compare: it fails, it does not pass by omission.
    missing = targets([_result(1000, 0.4, None, 112.0, missing=3)])
    assert missing["every message within 60 s"]["passed"] is False
    assert missing[next(k for k in missing if k.startswith("worker memory"))]["passed"] is None  # one size: n/a


@pytest.mark.serial
def test_the_process_server_reports_what_it_accepted():
    with ProcessSmtp() as smtp:
        _send(smtp.port, "a@r20-1.bench.example", "Headline")
        deadline = time.monotonic() + 5
        while smtp.count() < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [(a.to, a.subject) for a in smtp.arrivals()] == [("a@r20-1.bench.example", "Headline")]


@pytest.mark.serial
def test_one_release_to_20_subscribers_end_to_end(tmp_path, capsys):
    out = tmp_path / "alerts.json"
    assert main(["--sizes", "20", "--databases", "sqlite", "--ahead", "6", "--timeout", "60", "--json", str(out)]) == 0
    (result,) = json.loads(out.read_text())["results"]
    assert (result["size"], result["distinct"], result["duplicates"], result["missing"], result["early"]) == (
        20,
        20,
        0,
        0,
        0,
    )
    assert 0 <= result["first_s"] <= result["last_s"]
    assert result["rss_peak_mb"] > 50  # the worker was sampled, not this process or nothing
    stages = result["timeline"]
    assert 0 <= stages["published"] <= stages["task_started"] <= stages["fanned_out"] <= stages["first_sent"]
    printed = capsys.readouterr().out
    assert "| 20 | SQLite | 1 |" in printed and "Targets: first message within 2 s:" in printed
