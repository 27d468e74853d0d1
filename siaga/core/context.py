"""Who is acting and from where, for the audit trail (set per request by AuditContextMiddleware)."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    ip: str | None = None
    channel: str = "web"


_SYSTEM = Actor(channel="system")
_actor: ContextVar[Actor | None] = ContextVar("siaga_actor", default=None)


def current_actor() -> Actor:
    return _actor.get() or _SYSTEM


def set_actor(actor: Actor):
    return _actor.set(actor)


def reset_actor(token) -> None:
    _actor.reset(token)
