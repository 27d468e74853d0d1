"""The JSON API (Django Ninja, OpenAPI at /api/docs and /api/openapi.json).

Each app that has `siaga/<app>/api.py` with a `router` is mounted at /api/<app>/.
Authentication: `Authorization: Bearer <token>` (field apps, gateways, partners) or the browser session.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from siaga.accounts.api_auth import SessionAuth, TokenAuth, docs_login_required

api = NinjaAPI(
    title="Siaga API",
    version="1",
    description="API Siaga untuk aplikasi lapangan, gateway SMS/WhatsApp dan mitra.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_decorator=docs_login_required,
)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    details = [
        {"lokasi": ".".join(str(p) for p in err.get("loc", [])), "pesan": err.get("msg", "")} for err in exc.errors
    ]
    return api.create_response(request, {"detail": "Data tidak valid.", "kesalahan": details}, status=422)


@api.exception_handler(Http404)
def _not_found(request, exc):
    # get_object_or_404's own text is English and names the model; outside a user's scope is "not found" too
    return api.create_response(request, {"detail": "Data tidak ditemukan atau di luar cakupan Anda."}, status=404)


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return api.create_response(request, {"detail": "Autentikasi diperlukan atau token tidak berlaku."}, status=401)


def _mount_routers() -> None:
    for app in settings.SIAGA_APPS:
        module_name = f"{app}.api"
        if find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(f"/{app.rsplit('.', 1)[1]}/", router)


_mount_routers()
