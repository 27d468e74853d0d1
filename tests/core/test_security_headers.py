"""Content-Security-Policy with per-response nonces, HTTPS by default in production, API docs for signed-in users."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_pages_send_a_csp_whose_nonce_every_inline_script_carries(district, kapolres, login):
    response = login(kapolres).get("/laporan/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "script-src 'self' 'nonce-" in policy and "'unsafe-inline'" not in policy.split("style-src-attr")[0]
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    html = response.content.decode()
    inline = [a for a in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html) if "application/json" not in a]
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert '"includeIndicatorStyles": false' in html  # htmx would otherwise inject an un-nonced <style>


def test_the_public_form_has_a_csp_too(db):
    from django.test import Client

    assert "script-src" in Client().get("/lapor/")["Content-Security-Policy"]


def test_no_template_uses_inline_event_handlers_or_unnonced_inline_code():
    offenders = []
    for path in [*ROOT.joinpath("templates").rglob("*.html"), *ROOT.joinpath("siaga").rglob("templates/**/*.html")]:
        text = path.read_text()
        if re.search(r"\son[a-z]+\s*=", text) or re.search(r"<(script|style)>", text) or "javascript:" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def _production(**env) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SIAGA_")}
    clean.update(SIAGA_SECRET_KEY="k" * 50, SIAGA_ALLOWED_HOSTS="siaga.polres.example", **env)
    code = "import config.settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_defaults_to_hsts_for_a_year_and_an_https_redirect():
    assert _production() == ["31536000", "True"]
    assert _production(SIAGA_HSTS_SECONDS="0", SIAGA_SSL_REDIRECT="0") == ["0", "False"]
    assert _production(SIAGA_SECURE_COOKIES="0") == ["0", "False"]  # a plain-HTTP deployment (bench, lab)


def test_the_https_redirect_spares_the_health_check(district, settings):
    from django.test import Client

    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # as in production
    response = Client().get("/lapor/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/lapor/", headers={"X-Forwarded-Proto": "https"}).status_code == 200


def test_api_docs_and_schema_need_a_signed_in_user(district, kapolres, login, api_client):
    from django.test import Client

    anonymous = Client()
    assert anonymous.get("/api/openapi.json").status_code == 401
    docs = anonymous.get("/api/docs")
    assert docs.status_code == 302 and docs["Location"].startswith("/masuk/")
    client, headers = api_client(kapolres)
    assert client.get("/api/openapi.json", headers=headers).json()["info"]["title"] == "Siaga API"
    signed_in = login(kapolres)
    assert signed_in.get("/api/docs").status_code == 200
    assert "paths" in signed_in.get("/api/openapi.json").json()
