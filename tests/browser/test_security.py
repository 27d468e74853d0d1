"""Under the Content-Security-Policy: the API docs (Swagger UI from Siaga's static files) and the token page work
in a real browser without a single CSP refusal or script error."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def _errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def test_api_docs_render_under_the_csp_for_a_signed_in_user(district, kapolres, browser_login, live_server):
    page = browser_login(kapolres)
    errors = _errors(page)
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "Siaga API" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock").count() > 10
    assert errors == []


def test_a_token_is_issued_and_shown_once_in_the_browser(district, field_a_user, browser_login, live_server):
    page = browser_login(field_a_user)
    errors = _errors(page)
    page.goto(f"{live_server.url}/akun/token/")
    page.fill("#id_name", "HP Bhabin")
    page.click("button:has-text('Terbitkan')")
    value = page.inner_text("[data-testid=token-value]")
    assert value.startswith("sg_")
    page.goto(f"{live_server.url}/akun/token/")
    assert value not in page.content() and "HP Bhabin" in page.content()
    assert errors == []
