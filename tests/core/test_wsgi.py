"""The production WSGI entry: pages get the full middleware stack, /api/ the lean one, both answer correctly."""

import io
import json
from wsgiref.util import setup_testing_defaults

import pytest

from siaga.accounts.models import ApiToken

pytestmark = pytest.mark.django_db(transaction=True)


def _call(path, headers=None):
    from config.wsgi import application

    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO(b""), "SERVER_NAME": "127.0.0.1"}
    environ.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()})
    setup_testing_defaults(environ)
    captured = {}

    def start_response(status, response_headers, exc_info=None):
        captured["status"], captured["headers"] = status, dict(response_headers)

    body = b"".join(application(environ, start_response))
    return int(captured["status"].split()[0]), captured["headers"], body


def test_the_api_answers_through_the_lean_stack(district, polsek_a_user):
    _, raw = ApiToken.issue(user=polsek_a_user, name="uji")
    status, headers, body = _call("/api/units/", {"Authorization": f"Bearer {raw}"})
    assert status == 200 and [u["code"] for u in json.loads(body)] == ["polsek-jombang"]
    assert "X-Frame-Options" not in headers  # the page-only middleware did not run
    status, _, body = _call("/api/units/")
    assert status == 401 and "Autentikasi" in json.loads(body)["detail"]


def test_pages_keep_the_full_stack(district):
    status, headers, _ = _call("/satuan/")
    assert status == 302 and headers["Location"].startswith("/masuk/")
    status, headers, _ = _call("/masuk/")
    assert status == 200 and headers.get("X-Frame-Options") == "DENY"
