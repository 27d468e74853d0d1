"""A NUL character in a query string is refused (400) before any page or API view runs: PostgreSQL cannot hold or
compare text containing it, so every filter that reaches the database would fail with a 500."""

import json

from django.core.exceptions import BadRequest
from django.http import HttpResponse

from siaga.core.handlers import API_PREFIX

MESSAGE = "Parameter alamat tidak boleh mengandung karakter NUL."


def has_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())


class QueryNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request.GET):
            if request.path.startswith(API_PREFIX):
                body = json.dumps({"detail": MESSAGE})
                return HttpResponse(body, status=400, content_type="application/json; charset=utf-8")
            raise BadRequest(MESSAGE)  # the 400 page (siaga.core.errorpages) tells why
        return self.get_response(request)
