"""The app served on loopback over the real seeds index, once per session, and a headless Chromium to drive it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.ui.helpers import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, free_port


@pytest.fixture(scope="session")
def ui_service(assistant):
    from ui.service import Service

    service = Service(assistant)
    service.warm_up()
    return service


@pytest.fixture(scope="session")
def run_store(tmp_path_factory):
    from ui.runs import RunStore

    return RunStore.create(tmp_path_factory.mktemp("ui-runs"), keep=5)


@pytest.fixture(scope="session")
def app_url(ui_service, run_store):
    """The app on 127.0.0.1 and a free port, served from a background thread for the whole session."""
    from ui.app import build_app, launch

    app = build_app(ui_service, run_store)
    port = free_port()
    launch(app, run_store, host="127.0.0.1", port=port, block=False, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.ui_failed = report.failed
    return report


@pytest.fixture
def page(request, browser, app_url):
    """A fresh page on the app; any dialog (an alert from injected script) or page error is recorded.

    A failing test leaves a screenshot, tests/artifacts/ui-failed-<test>.png, to see what the page showed.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    p = context.new_page()
    p.problems = []
    p.on("dialog", lambda d: (p.problems.append(f"dialog: {d.message}"), d.dismiss()))
    p.on("pageerror", lambda e: p.problems.append(f"page error: {e}"))
    p.goto(app_url, wait_until="domcontentloaded")
    p.wait_for_selector("#ask-button", timeout=30_000)
    try:
        yield p
    finally:
        if getattr(request.node, "ui_failed", False):
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = "".join(c if c.isalnum() or c in "-_" else "-" for c in request.node.name)[:80]
            p.screenshot(path=str(ARTIFACTS / f"ui-failed-{name}.png"), full_page=True)
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
