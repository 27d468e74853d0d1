"""The JSON API (Django Ninja, OpenAPI at /api/docs and /api/openapi.json).

Each app that has `siaga/<app>/api.py` with a `router` is mounted at /api/<app>/.
Authentication: `Authorization: Bearer <token>` (field apps, gateways, partners) or the browser session.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings

from siaga.accounts.api_auth import SessionAuth, TokenAuth, docs_login_required
from siaga.core.api_errors import SiagaNinjaAPI

# Errors (validation, permission, not found, 405, unhandled → logged 500) are answered in Bahasa Indonesia for
# every router by siaga.core.api_errors; the OpenAPI schema documents them per operation.
api = SiagaNinjaAPI(
    title="Siaga API",
    version="1",
    description="API Siaga untuk aplikasi lapangan, gateway SMS/WhatsApp dan mitra.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_decorator=docs_login_required,
)


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
api.json_method_not_allowed()
