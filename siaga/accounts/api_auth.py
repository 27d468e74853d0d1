import threading
import time

from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from siaga.accounts.models import ApiToken
from siaga.core.clientip import client_ip
from siaga.core.context import Actor, set_actor

# Field apps send many requests a minute with the same token: keep a verified token in memory briefly and
# record its last use at most once a minute, instead of a lookup and a committed UPDATE on every request.
TOKEN_CACHE_SECONDS = 30
LAST_USED_EVERY_SECONDS = 60
_cache: dict[str, tuple[float, ApiToken]] = {}
_lock = threading.Lock()


def _lookup(digest: str) -> ApiToken | None:
    now = time.monotonic()
    with _lock:
        hit = _cache.get(digest)
    if hit is not None and now - hit[0] < TOKEN_CACHE_SECONDS:
        return hit[1]
    found = ApiToken.objects.select_related("user", "user__unit").filter(digest=digest).first()
    with _lock:
        if found is None:
            _cache.pop(digest, None)
        else:
            _cache[digest] = (now, found)
    return found


def token_cache_clear() -> None:
    with _lock:
        _cache.clear()


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = _lookup(ApiToken.hash(token))
        if found is None or found.is_expired or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > LAST_USED_EVERY_SECONDS:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
            found.last_used_at = now
        request.user = found.user
        set_actor(Actor(user_id=found.user_id, ip=client_ip(request), channel="api"))
        return found.user


class SessionAuth(NinjaSessionAuth):
    """The browser's session (with Django's CSRF check). A request without a session cookie (a field app whose
    token is wrong or expired) is simply not session-authenticated, so it gets the API's 401 in Indonesian
    rather than a CSRF failure; a browser request that fails the CSRF check is told so in Indonesian."""

    def _get_key(self, request):
        if self.param_name not in request.COOKIES:
            return None
        try:
            return super()._get_key(request)
        except HttpError as exc:
            raise HttpError(403, "Pemeriksaan CSRF gagal: muat ulang halaman lalu coba lagi.") from exc

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user and user.is_active else None


def _forget_tokens(**kwargs) -> None:
    token_cache_clear()


def connect_token_cache_signals() -> None:
    """A revoked token or a deactivated user stops working in this process at once (others within 30 s)."""
    from django.db.models.signals import post_delete, post_save

    from siaga.accounts.models import User

    for model in (ApiToken, User):
        post_save.connect(_forget_tokens, sender=model, dispatch_uid=f"token-cache-{model.__name__}-save")
        post_delete.connect(_forget_tokens, sender=model, dispatch_uid=f"token-cache-{model.__name__}-delete")


def docs_login_required(view):
    """/api/docs and /api/openapi.json: only for a signed-in user (browser session) or a valid bearer token."""
    from functools import wraps

    from django.http import JsonResponse
    from django.shortcuts import redirect

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if not (user is not None and user.is_authenticated and user.is_active):
            header = request.headers.get("Authorization", "")
            if not (header.startswith("Bearer ") and TokenAuth().authenticate(request, header[7:].strip())):
                if request.path.endswith(".json"):
                    return JsonResponse({"detail": "Autentikasi diperlukan atau token tidak berlaku."}, status=401)
                return redirect(f"/masuk/?next={request.path}")
        return view(request, *args, **kwargs)

    return wrapped
