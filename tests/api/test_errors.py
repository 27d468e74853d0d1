"""Every router's failures go through siaga.core.api_errors: Indonesian `detail`, the right 4xx, a logged generic
500 for anything unexpected, JSON 405, and the OpenAPI schema that documents them."""

import json
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError

from tests.reports.factories import desa_point, submit

pytestmark = pytest.mark.django_db


def _post_json(client, url, body, headers):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", headers=headers)


def test_malformed_json_is_a_400_in_indonesian_on_every_router(district, ops_user, api_client, kapolres):
    report = submit(kapolres, **desa_point(district.desa_a[0]))
    client, headers = api_client(ops_user)
    for url in ("/api/reports/", f"/api/reports/{report.pk}/verify", "/api/risk/tps/1/override"):
        response = _post_json(client, url, "{bukan json", headers)
        assert response.status_code == 400, url
        assert response.json() == {"detail": "Isi permintaan bukan JSON yang valid."}, url


def test_validation_errors_are_422_with_indonesian_reasons(district, ops_user, api_client):
    client, headers = api_client(ops_user)
    response = client.get("/api/reports/", {"severity": "9", "limit": "abc"}, headers=headers)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Data tidak valid."
    reasons = {item["lokasi"]: item["pesan"] for item in body["kesalahan"]}
    assert reasons == {"severity": "maksimal 4", "limit": "harus berupa bilangan bulat"}


def test_a_transition_without_a_body_is_refused(district, ops_user, api_client, kapolres):
    report = submit(kapolres, **desa_point(district.desa_a[0]))
    client, headers = api_client(ops_user)
    for action in ("verify", "escalate"):
        url = f"/api/reports/{report.pk}/{action}"
        response = client.generic("POST", url, b"", content_type="application/json", headers=headers)
        assert response.status_code == 400, action
        assert response.json()["detail"] == "Isi permintaan wajib berupa objek JSON."
        assert client.post(url, headers=headers).status_code == 400  # a form body is not JSON either
    report.refresh_from_db()
    assert report.status == "new"


def test_permission_denied_and_django_validation_errors_keep_their_message(ops_user, api_client, monkeypatch):
    from siaga.elections import api as elections_api

    client, headers = api_client(ops_user)

    def refuse(**kwargs):
        raise PermissionDenied("Anda tidak berwenang melihat pemilihan ini.")

    monkeypatch.setattr(elections_api.selectors, "election_list", refuse)
    response = client.get("/api/elections/", headers=headers)
    assert response.status_code == 403
    assert response.json() == {"detail": "Anda tidak berwenang melihat pemilihan ini."}

    def invalid(**kwargs):
        raise DjangoValidationError({"voting_day": ["Hari pemungutan suara wajib diisi."]})

    monkeypatch.setattr(elections_api.selectors, "election_list", invalid)
    response = client.get("/api/elections/", headers=headers)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Hari pemungutan suara wajib diisi.",
        "kesalahan": [{"lokasi": "voting_day", "pesan": "Hari pemungutan suara wajib diisi."}],
    }


def test_an_unexpected_error_is_a_logged_500_with_a_generic_message(ops_user, api_client, monkeypatch, caplog):
    from siaga.elections import api as elections_api

    def broken(**kwargs):
        raise RuntimeError("rahasia internal: tabel hilang")

    monkeypatch.setattr(elections_api.selectors, "election_list", broken)
    client, headers = api_client(ops_user)
    with caplog.at_level(logging.ERROR, logger="siaga.api"):
        response = client.get("/api/elections/", headers=headers)
    assert response.status_code == 500
    assert response.json()["detail"].startswith("Terjadi kesalahan pada server.")
    assert "rahasia" not in response.content.decode()
    logged = [r for r in caplog.records if r.name == "siaga.api"]
    assert logged and logged[0].exc_info[0] is RuntimeError


def test_method_not_allowed_is_json_in_indonesian(ops_user, api_client):
    client, headers = api_client(ops_user)
    response = client.delete("/api/units/", headers=headers)
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Metode HTTP ini tidak didukung untuk alamat ini."}
    assert "GET" in response["Allow"]


def test_not_found_and_unauthenticated_are_indonesian(ops_user, api_client, client):
    api, headers = api_client(ops_user)
    assert api.get("/api/deployment/rencana/999999/", headers=headers).json() == {
        "detail": "Data tidak ditemukan atau di luar cakupan Anda."
    }
    anonymous = client.get("/api/units/", headers={"Authorization": "Bearer salah"})
    assert anonymous.status_code == 401
    assert anonymous.json() == {"detail": "Autentikasi diperlukan atau token tidak berlaku."}


def _schema(login, ops_user):
    return login(ops_user).get("/api/openapi.json").json()


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_every_reference_in_the_schema_resolves(login, ops_user):
    for _ in range(2):  # the schema is built per request: the second one must be as complete as the first
        schema = _schema(login, ops_user)
        components = schema["components"]["schemas"]
        refs = set(_refs(schema))
        assert "#/components/schemas/ReportIn" in refs  # the batch body's items
        prefix = "#/components/schemas/"
        unresolved = {r for r in refs if not r.startswith(prefix) or r.removeprefix(prefix) not in components}
        assert unresolved == set()


def test_the_two_category_schemas_no_longer_collide(login, ops_user):
    components = _schema(login, ops_user)["components"]["schemas"]
    assert "CategoryOut" not in components
    assert set(components["ReportCategoryOut"]["properties"]) == {"code", "label", "group", "default_severity"}
    assert set(components["RiskCategoryOut"]["properties"]) == {"code", "label", "color", "min_score"}
    paths = _schema(login, ops_user)["paths"]
    catalog = paths["/api/risk/pemilihan/{election_id}/indikator"]["get"]["responses"]["200"]
    assert catalog["content"]["application/json"]["schema"]["$ref"].endswith("/CatalogOut")


def test_error_codes_are_documented_per_operation(login, ops_user):
    paths = _schema(login, ops_user)["paths"]
    units = paths["/api/units/"]["get"]["responses"]
    assert set(units) == {"200", "401", "403"}  # no parameters: no 400/404/422 to answer
    detail = paths["/api/stations/{station_id}"]["get"]["responses"]
    assert {"401", "403", "404", "422"} <= set(detail)
    assert detail["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ValidationErrorOut")
    batch = paths["/api/reports/batch"]["post"]["responses"]
    assert {"400", "413", "422"} <= set(batch)


def test_no_two_api_schemas_share_a_name():
    """OpenAPI components are keyed by class name: a second `BatchOut` silently replaces the first one's schema
    (as `CategoryOut` of risk and reports did), so every Schema in siaga has a name of its own."""
    from ninja import Schema

    import config.api  # noqa: F401 (every router mounted, every api module imported)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    by_name: dict[str, set[str]] = {}
    for cls in subclasses(Schema):
        if cls.__module__.startswith("siaga."):
            by_name.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: places for name, places in by_name.items() if len(places) > 1} == {}
