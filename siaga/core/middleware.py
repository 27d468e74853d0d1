from django.conf import settings
from django.shortcuts import redirect

from siaga.core.clientip import client_ip
from siaga.core.context import Actor, reset_actor, set_actor

# Paths reachable without an account: the login page, the public report form, static files and the API
# (which authenticates by token itself and answers 401 in JSON).
PUBLIC_PREFIXES = ("/masuk/", "/lapor/", "/static/", "/api/", "/healthz")

__all__ = ["AuditContextMiddleware", "LoginRequiredMiddleware", "client_ip"]


class LoginRequiredMiddleware:
    """Anonymous users see nothing but the login page (and the public report form)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
        return self.get_response(request)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user_id = request.user.pk if request.user.is_authenticated else None
        token = set_actor(Actor(user_id=user_id, ip=client_ip(request), channel="web"))
        try:
            return self.get_response(request)
        finally:
            reset_actor(token)
