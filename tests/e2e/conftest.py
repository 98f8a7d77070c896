"""Browser journeys (`make e2e`): Playwright driving Debian's Chromium against a real site.

The site is a fresh `bench.embargo_lag.Stack` (its own database, the web server and the
embargo publisher, as `make serve` runs them) on a free port. Every step saves a screenshot
under test-results/e2e/; a failing test also keeps a Playwright trace of each browser session
(`playwright show-trace test-results/e2e/<test>-<who>-trace.zip`).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from bench.embargo_lag import ROOT, Stack

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As the machine notes say: without the background-networking flags Chromium keeps dialling
# out to Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS = ROOT / "test-results" / "e2e"
AXE = ROOT / "tests" / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "newsroom-demo"  # noqa: S105 - the demo's documented password


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def results_dir() -> Path:
    if RESULTS.exists():
        shutil.rmtree(RESULTS)
    RESULTS.mkdir(parents=True)
    return RESULTS


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """A fresh site with the demo loaded, served with its embargo publisher, for the whole run."""
    with Stack(tmp_path_factory.mktemp("site")) as stack:
        stack.setup()
        stack.start_server()
        stack.start_worker()
        stack.start_publishers()
        yield stack


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium); make e2e does.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Sessions:
    """One browser context per person, each traced; screenshots named by step."""

    def __init__(self, browser, site, results_dir: Path, test_name: str):
        self.browser, self.site, self.results_dir = browser, site, results_dir
        self.test_name = re.sub(r"[^\w-]", "_", test_name)
        self.contexts: dict[str, object] = {}
        self.step = 0

    def open(self, who: str, *, login: bool = True, **context_options):
        options = {"viewport": {"width": 1280, "height": 900}, "accept_downloads": True, **context_options}
        context = self.browser.new_context(base_url=self.site.base_url, **options)
        context.tracing.start(screenshots=True, snapshots=True, sources=False)
        self.contexts[who] = context
        page = context.new_page()
        if login:
            page.goto("/admin/login/")
            page.fill("#id_username", who)
            page.fill("#id_password", PASSWORD)
            page.click("form button[type=submit]")
            page.wait_for_url(f"{self.site.base_url}/admin/")
        return page

    def shot(self, page, name: str) -> Path:
        self.step += 1
        path = self.results_dir / f"{self.test_name}-{self.step:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def close(self, failed: bool) -> None:
        for who, context in self.contexts.items():
            if failed:
                context.tracing.stop(path=str(self.results_dir / f"{self.test_name}-{who}-trace.zip"))
            else:
                context.tracing.stop()
            context.close()


@pytest.fixture
def sessions(request, browser, site, results_dir):
    opened = Sessions(browser, site, results_dir, request.node.name)
    yield opened
    report = getattr(request.node, "rep_call", None)
    opened.close(failed=report is None or report.failed)
