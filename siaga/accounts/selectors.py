"""Reads for accounts: whose API tokens a user may manage, and those tokens."""

from __future__ import annotations

from django.db.models import Q

from siaga.accounts.models import ApiToken, User
from siaga.core.access import is_admin

# Accounts whose tokens only an admin (or the account itself) manages: a token acts with its owner's full rights.
PROTECTED_ROLES = ("admin", "kapolres", "wakapolres")


def token_users_for(*, actor):
    """The active users `actor` may issue tokens for: themselves; ops at Polres their subtree's non-command
    users; admin everyone."""
    users = User.objects.filter(is_active=True).select_related("unit")
    if is_admin(actor):
        return users.order_by("username")
    own = Q(pk=actor.pk)
    if actor.can("accounts.tokens") and actor.unit_id:
        subtree = Q(unit__path__startswith=actor.unit.path, is_superuser=False) & ~Q(role__in=PROTECTED_ROLES)
        return users.filter(own | subtree).order_by("username")
    return users.filter(own)


def token_manageable(*, actor, user) -> bool:
    return token_users_for(actor=actor).filter(pk=user.pk).exists()


def tokens_for(*, actor):
    """The tokens of every user `actor` may manage, newest first."""
    users = token_users_for(actor=actor).values("pk")
    return ApiToken.objects.filter(user__in=users).select_related("user", "user__unit").order_by("-created_at")
