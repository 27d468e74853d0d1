import threading
import time

from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from siaga.accounts.models import ApiToken
from siaga.core.clientip import client_ip
from siaga.core.context import Actor, set_actor
from siaga.core.generations import Generation
from siaga.core.replicas import PRIMARY

# Field apps send many requests a minute with the same token: a verified token is kept in this process's memory and
# its last use recorded at most once a minute, instead of a lookup and a committed UPDATE on every request.
# A kept token is used only while the shared generation TOKENS (read before the token was looked up) is unchanged:
# revoking a token or changing a user sets a new one when the transaction commits, so every process on every
# machine looks its tokens up again on the next request (the check: one Redis GET, or one small file read on a
# single box). TOKEN_CACHE_SECONDS bounds what no signal reports (a unit moved, a bulk update, a revocation while
# Redis was unreachable); with Redis unreachable now, nothing kept is trusted.
TOKEN_CACHE_SECONDS = 30
LAST_USED_EVERY_SECONDS = 60
TOKENS = Generation("accounts.api_tokens")
_cache: dict[str, tuple[float, ApiToken]] = {}
_cache_generation: str | None = None  # the generation every entry of _cache was looked up under
_lock = threading.Lock()


def _lookup(digest: str) -> ApiToken | None:
    global _cache_generation
    generation = TOKENS.current()  # before the lookup: a change committed after it is seen on the next request
    now = time.monotonic()
    with _lock:
        if generation != _cache_generation:
            _cache.clear()
            _cache_generation = generation
        hit = _cache.get(digest)
    if generation is not None and hit is not None and now - hit[0] < TOKEN_CACHE_SECONDS:
        return hit[1]
    found = ApiToken.objects.using(PRIMARY).select_related("user", "user__unit").filter(digest=digest).first()
    with _lock:
        if found is None or generation is None or generation != _cache_generation:
            _cache.pop(digest, None)
        else:
            _cache[digest] = (now, found)
    return found


def token_cache_clear() -> None:
    """Forget the tokens kept in this process (other processes: `TOKENS.bump_on_commit()`)."""
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


def _forget_tokens(sender, created=False, update_fields=None, using=None, **kwargs) -> None:
    if created:
        return  # a new token or user changes nothing kept
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a sign-in in the browser
    token_cache_clear()
    TOKENS.bump_on_commit(using=using)


def connect_token_cache_signals() -> None:
    """A revoked (deleted) or changed token, and a changed or deleted user (deactivated, new role or unit), stop
    being taken from memory at once: in this process now, in every other one once the change commits."""
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
