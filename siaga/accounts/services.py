"""Writes for accounts: issuing and revoking API tokens, each recorded in the audit trail.

The raw token is returned once, to be shown once; only its SHA-256 is stored."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from siaga.accounts.models import ApiToken, User
from siaga.accounts.selectors import token_manageable
from siaga.core.audit import audit_record


class TokenError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _require_manage(actor, user: User) -> None:
    if actor is None or not actor.is_authenticated or not token_manageable(actor=actor, user=user):
        raise PermissionDenied("Anda tidak berwenang mengelola token API pengguna ini.")


def api_token_issue(*, actor, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Issue a token for `user` (the actor themselves, or a user they manage). Returns (token, raw value)."""
    _require_manage(actor, user)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise TokenError("Nama token wajib diisi (maksimal 100 karakter), mis. 'HP Bhabin Desa A1'.")
    if expires_at is not None and expires_at <= timezone.now():
        raise TokenError("Tanggal berlaku token harus di masa depan.")
    with transaction.atomic():
        token, raw = ApiToken.issue(user=user, name=name, expires_at=expires_at)
        audit_record(
            action="create",
            model="accounts.ApiToken",
            object_id=token.pk,
            object_repr=token,
            changes={
                "user": [None, user.username],
                "name": [None, name],
                "prefix": [None, token.prefix],
                "expires_at": [None, expires_at.isoformat() if expires_at else None],
            },
            note=f"Token API diterbitkan untuk {user.username}.",
        )
    return token, raw


def api_token_revoke(*, actor, token: ApiToken) -> None:
    """Revoke (delete) a token; once committed it stops working at once in every process (api_auth.TOKENS)."""
    _require_manage(actor, token.user)
    with transaction.atomic():
        audit_record(
            action="delete",
            model="accounts.ApiToken",
            object_id=token.pk,
            object_repr=token,
            changes={"user": [token.user.username, None], "name": [token.name, None], "prefix": [token.prefix, None]},
            note=f"Token API milik {token.user.username} dicabut.",
        )
        token.delete()
