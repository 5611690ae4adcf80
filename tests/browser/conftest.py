"""A live server in a thread and headless Chromium driven by Playwright (Debian's chromium)."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import need

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    executable = need("VOTESYS_TEST_CHROMIUM", "headless Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def console_errors() -> list[str]:
    """What the page logged as errors; a test expecting an error status removes it from here."""
    return []


@pytest.fixture
def page(browser, console_errors, live_server):
    """A fresh browser tab. It depends on the live server so that the server stops only after
    the tab is closed (else a request still in flight is reset and logged as an error)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )
    yield page
    seen = list(console_errors)
    context.close()
    assert not seen, f"console errors in the browser: {seen}"
