from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from config.api import api


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


handler400 = "siaga.core.errorpages.bad_request"  # a query parameter out of range: its reason, in Indonesian

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("healthz", healthz),
]

for _app in settings.SIAGA_APPS:
    if find_spec(f"{_app}.urls") is not None:
        _label = _app.rsplit(".", 1)[1]
        urlpatterns.append(path("", include((f"{_app}.urls", _label), namespace=_label)))
