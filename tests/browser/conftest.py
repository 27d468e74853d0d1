"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

CI installs /usr/bin/chromium; a missing browser is a failure here, never a skip."""

import os

import pytest

from tests.factories import TEST_PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("SIAGA_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium tidak ditemukan di {CHROMIUM}: pasang paket Debian 'chromium'.")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def browser_login(page, live_server):
    def _login(user, password=TEST_PASSWORD):
        page.goto(f"{live_server.url}/masuk/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login


@pytest.fixture(autouse=True)
def _contexts_closed_before_the_flush(request):
    """Close every browser context a test opened before its database is flushed: a page left polling the live
    server holds locks that the flush's TRUNCATE would wait on (PostgreSQL then cancels one side as a deadlock)."""
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()
