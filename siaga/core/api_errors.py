"""Every API failure answered in one place, in Bahasa Indonesia, as `{"detail": "..."}` (plus `kesalahan` for
validation errors), for every router mounted on the NinjaAPI.

`SiagaNinjaAPI` registers the handlers, turns Ninja's plain-text 405 into JSON, and completes the OpenAPI schema:
request bodies declared by hand (`openapi_extra`) get their nested models as components, and each operation
documents the error codes this module can answer for it.
"""

from __future__ import annotations

import copy
import json
import logging
from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import ValidationError as PydanticError

from siaga.core.errors import ServiceError

logger = logging.getLogger("siaga.api")

SERVER_ERROR = "Terjadi kesalahan pada server. Silakan coba lagi; bila berulang, hubungi administrator."
NOT_FOUND = "Data tidak ditemukan atau di luar cakupan Anda."
FORBIDDEN = "Anda tidak berwenang melakukan tindakan ini."
UNAUTHORIZED = "Autentikasi diperlukan atau token tidak berlaku."
INVALID = "Data tidak valid."
BAD_JSON = "Isi permintaan bukan JSON yang valid."
BAD_MULTIPART = "Isi permintaan multipart tidak valid (boundary tidak ada atau rusak)."
NOT_ALLOWED = "Metode HTTP ini tidak didukung untuk alamat ini."

# Ninja's own English texts (raised as HttpError; DEBUG appends details) and what we answer instead.
_NINJA_TEXTS = {
    "Cannot parse request body": BAD_JSON,
    "Unauthorized": UNAUTHORIZED,
    "Forbidden": FORBIDDEN,
    "Too many requests.": "Terlalu banyak permintaan. Silakan coba lagi nanti.",
}

# Pydantic error types in Bahasa Indonesia (templates take the error's ctx).
_PYDANTIC_ID = {
    "missing": "wajib diisi",
    "string_too_short": "terlalu pendek (minimal {min_length} karakter)",
    "string_too_long": "terlalu panjang (maksimal {max_length} karakter)",
    "too_long": "terlalu banyak (maksimal {max_length})",
    "too_short": "terlalu sedikit (minimal {min_length})",
    "uuid_parsing": "harus berupa UUID",
    "uuid_type": "harus berupa UUID",
    "greater_than_equal": "minimal {ge}",
    "greater_than": "harus lebih dari {gt}",
    "less_than_equal": "maksimal {le}",
    "less_than": "harus kurang dari {lt}",
    "int_parsing": "harus berupa bilangan bulat",
    "int_type": "harus berupa bilangan bulat",
    "int_from_float": "harus berupa bilangan bulat",
    "float_parsing": "harus berupa angka",
    "float_type": "harus berupa angka",
    "finite_number": "harus berupa angka terhingga",
    "bool_parsing": "harus berupa true atau false",
    "bool_type": "harus berupa true atau false",
    "string_type": "harus berupa teks",
    "list_type": "harus berupa daftar",
    "dict_type": "harus berupa objek",
    "model_type": "harus berupa objek",
    "model_attributes_type": "harus berupa objek",
    "date_parsing": "bukan tanggal yang valid (YYYY-MM-DD)",
    "date_from_datetime_parsing": "bukan tanggal yang valid (YYYY-MM-DD)",
    "date_from_datetime_inexact": "bukan tanggal yang valid (YYYY-MM-DD)",
    "date_type": "bukan tanggal yang valid (YYYY-MM-DD)",
    "datetime_parsing": "bukan waktu yang valid (ISO 8601)",
    "datetime_from_date_parsing": "bukan waktu yang valid (ISO 8601)",
    "datetime_type": "bukan waktu yang valid (ISO 8601)",
    "json_invalid": "bukan JSON yang valid",
    "literal_error": "harus salah satu dari {expected}",
    "enum": "harus salah satu dari {expected}",
    "value_error": "nilainya tidak valid",
}
_DEFAULT_PROBLEM = "jenis atau format data salah"
_LOCATIONS = {"body", "query", "path", "form", "file", "header", "cookie"}


def _where(loc) -> str:
    parts = [str(p) for p in loc or ()]
    if len(parts) > 1 and parts[0] in _LOCATIONS:
        parts = parts[1:]
        if len(parts) > 1 and parts[0] in ("payload", "data", "filters"):
            parts = parts[1:]
    return ".".join(parts)


def problem_text(error: dict) -> str:
    """One pydantic/Ninja error dict as Indonesian words: 'terlalu pendek (minimal 3 karakter)'."""
    template = _PYDANTIC_ID.get(error.get("type", ""), _DEFAULT_PROBLEM)
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return _DEFAULT_PROBLEM


def validation_details(errors: list[dict]) -> list[dict]:
    return [{"lokasi": _where(e.get("loc")), "pesan": problem_text(e)} for e in errors]


def pydantic_message(exc: PydanticError, what: str = "laporan") -> str:
    """Pydantic's errors as one Indonesian sentence: 'Data tidak valid: text terlalu pendek (minimal 3 karakter).'"""
    parts = [f"{_where(e.get('loc')) or what} {problem_text(e)}" for e in exc.errors()]
    return "Data tidak valid: " + "; ".join(parts) + "."


def parse_json_body(request: HttpRequest, schema: type[Schema], clean=None):
    """A JSON object body validated against `schema`; a missing or malformed body is a 400, an invalid one 422."""
    if not request.body:
        raise HttpError(400, "Isi permintaan wajib berupa objek JSON.")
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise HttpError(400, BAD_JSON) from exc
    if not isinstance(data, dict):
        raise HttpError(400, "Isi permintaan harus berupa objek JSON.")
    try:
        return schema.model_validate(clean(data) if clean else data)
    except PydanticError as exc:
        raise ValidationError(list(exc.errors())) from exc


class ErrorOut(Schema):
    detail: str


class ValidationItemOut(Schema):
    lokasi: str
    pesan: str


class ValidationErrorOut(Schema):
    detail: str
    kesalahan: list[ValidationItemOut] = []


def _messages(exc: DjangoValidationError) -> str:
    return " ".join(str(m) for m in exc.messages) or INVALID


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api` (the most specific exception class wins)."""

    def respond(request, detail: str, status: int, **extra) -> HttpResponse:
        return api.create_response(request, {"detail": detail, **extra}, status=status)

    @api.exception_handler(ValidationError)
    def _validation(request, exc: ValidationError):
        errors = list(exc.errors)
        if any(e.get("type") == "json_invalid" for e in errors):
            return respond(request, BAD_JSON, 400)
        return respond(request, INVALID, 422, kesalahan=validation_details(errors))

    @api.exception_handler(DjangoValidationError)
    def _django_validation(request, exc: DjangoValidationError):
        details = []
        if hasattr(exc, "error_dict"):
            details = [{"lokasi": f, "pesan": " ".join(msgs)} for f, msgs in exc.message_dict.items()]
        return respond(request, _messages(exc), 422, kesalahan=details)

    @api.exception_handler(ServiceError)
    def _service(request, exc: ServiceError):
        return respond(request, exc.message, exc.status)

    @api.exception_handler(AuthenticationError)
    def _authentication(request, exc):
        return respond(request, UNAUTHORIZED, 401)

    @api.exception_handler(HttpError)
    def _http(request, exc: HttpError):
        ours = next((text for english, text in _NINJA_TEXTS.items() if exc.message.startswith(english)), exc.message)
        return respond(request, ours, exc.status_code)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc: PermissionDenied):
        return respond(request, str(exc) or FORBIDDEN, 403)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        # get_object_or_404's own text is English and names the model; outside a user's scope is "not found" too
        return respond(request, NOT_FOUND, 404)

    @api.exception_handler(MultiPartParserError)
    def _multipart(request, exc):
        return respond(request, BAD_MULTIPART, 400)

    @api.exception_handler(RequestDataTooBig)
    def _too_big(request, exc):
        return respond(request, "Isi permintaan terlalu besar.", 413)

    @api.exception_handler(BadRequest)
    def _bad_request(request, exc):
        return respond(request, str(exc) or "Permintaan tidak valid.", 400)

    @api.exception_handler(SuspiciousOperation)
    def _suspicious(request, exc):
        logger.warning("Permintaan mencurigakan ke %s: %s", request.path, exc)
        return respond(request, "Permintaan tidak valid.", 400)

    @api.exception_handler(Exception)
    def _unhandled(request, exc):
        logger.exception("Galat tak tertangani di API: %s %s", request.method, request.path)
        return respond(request, SERVER_ERROR, 500)


def _json_not_allowed(path_view):
    def not_allowed() -> HttpResponse:
        allowed = sorted({m for op in path_view.operations for m in op.methods})
        response = HttpResponse(
            json.dumps({"detail": NOT_ALLOWED}), status=405, content_type="application/json; charset=utf-8"
        )
        response["Allow"] = ", ".join(allowed)
        return response

    return not_allowed


# Which error codes an operation documents, by what it takes (see `_error_codes`).
_DESCRIPTIONS = {
    400: "Permintaan tidak valid (isi bukan JSON/multipart yang benar, atau parameter di luar batas)",
    401: "Autentikasi diperlukan atau token tidak berlaku",
    403: "Tidak berwenang",
    404: "Tidak ditemukan atau di luar cakupan pengguna",
    405: "Metode tidak didukung",
    422: "Data tidak valid (rincian per kolom di `kesalahan`)",
}


def _error_codes(operation: dict) -> set[int]:
    params = operation.get("parameters") or []
    has_body = "requestBody" in operation
    codes = set()
    if operation.get("security"):
        codes |= {401, 403}
    if params or has_body:
        codes.add(422)
    if has_body or any(p.get("in") == "query" for p in params):
        codes.add(400)  # a body that is not JSON/multipart, a query parameter out of range (siaga.core.params)
    if any(p.get("in") == "path" for p in params) or any(p.get("required") for p in params):
        codes.add(404)
    return codes


def _lift_defs(node: Any, components: dict) -> Any:
    """Move pydantic's local `$defs` into the components and point `#/$defs/X` refs at them."""
    if isinstance(node, dict):
        for name, sub in (node.pop("$defs", None) or {}).items():
            components.setdefault(name, _lift_defs(sub, components))
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                out[key] = value.replace("#/$defs/", "#/components/schemas/")
            else:
                out[key] = _lift_defs(value, components)
        return out
    if isinstance(node, list):
        return [_lift_defs(v, components) for v in node]
    return node


def complete_schema(schema: dict) -> dict:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    ref = "#/components/schemas/{model}"
    for model in (ErrorOut, ValidationErrorOut):
        full = model.model_json_schema(ref_template=ref)
        for name, sub in full.pop("$defs", {}).items():
            components.setdefault(name, sub)
        components.setdefault(model.__name__, full)
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or method == "parameters":
                continue
            if "requestBody" in operation:
                # a copy: Ninja hands out the operation's own openapi_extra dict on every call
                operation["requestBody"] = _lift_defs(copy.deepcopy(operation["requestBody"]), components)
            responses = operation.setdefault("responses", {})
            for code in sorted(_error_codes(operation)):
                if str(code) in responses or code in responses:
                    continue
                model = "ValidationErrorOut" if code == 422 else "ErrorOut"
                responses[str(code)] = {
                    "description": _DESCRIPTIONS[code],
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}}},
                }
    return schema


class SiagaNinjaAPI(NinjaAPI):
    """NinjaAPI with Siaga's error handling (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        install(self)

    def json_method_not_allowed(self) -> None:
        """Call once every router is mounted: 405 answers in JSON, in Bahasa Indonesia."""
        for bound in self._get_bound_routers():
            for path_view in bound.path_operations.values():
                path_view._not_allowed = _json_not_allowed(path_view)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return complete_schema(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))
