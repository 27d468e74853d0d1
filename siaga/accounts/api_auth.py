from django.utils import timezone
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from siaga.accounts.models import ApiToken
from siaga.core.context import Actor, set_actor


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = ApiToken.objects.select_related("user", "user__unit").filter(digest=ApiToken.hash(token)).first()
        if found is None or found.is_expired or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        set_actor(Actor(user_id=found.user_id, ip=request.META.get("REMOTE_ADDR"), channel="api"))
        return found.user


class SessionAuth(NinjaSessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user and user.is_active else None
