"""The one permission boundary: what a user may do depends on their role, on the level of their unit and on the
scope of the object acted on. Views, the API, services and jobs all ask the same three questions here.

Each app declares its permissions in `siaga/<app>/permissions.py` (a `PERMISSIONS` list of `Permission`),
discovered when Django starts (`CoreConfig.ready`). Services call `require(actor, "app.action", obj)` before
writing; views and API endpoints fetch what they act on with `get_for_user(...)`. Code that acts on its own (the
demo builder, management commands, job runners replaying a user's decision) passes `SYSTEM` as the actor; a
missing actor (`None`) is refused, so a forgotten argument can never bypass the check.

core imports no other app: units and users are read duck-typed (`user.role`, `user.unit.kind`, `unit.path`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

# Police command levels, highest first. A permission's `level` is the lowest level allowed to use it.
LEVELS: dict[str, int] = {"mabes": 0, "polda": 1, "polres": 2, "polsek": 3}
LEVEL_LABELS: dict[str, str] = {"mabes": "Mabes", "polda": "Polda", "polres": "Polres", "polsek": "Polsek"}
ADMIN_ROLE = "admin"
PARTNER_ROLE = "partner"


@dataclass(frozen=True)
class Permission:
    """`code` is "<app_label>.<action>"; `roles` may use it; `level` (a key of LEVELS) is the lowest command level
    whose users may (None: any unit); `highest` (a key of LEVELS) is the highest command level whose users may
    (None: any level above): `highest="polres"` keeps a Polres's own plans and records to the Polres (and below),
    so Polda and Mabes staff, who see them in their roll-up, only read them; `shared` lets a partner act on records
    shared with its agency (e.g. a patrol check-in at a shared object), otherwise partners act only on their own
    agency's records."""

    code: str
    label: str
    roles: frozenset[str]
    level: str | None = None
    shared: bool = False
    highest: str | None = None

    def __post_init__(self):
        for bound in (self.level, self.highest):
            if bound is not None and bound not in LEVELS:
                raise ValueError(f"unknown level {bound!r} for {self.code}")
        if self.level is not None and self.highest is not None and LEVELS[self.highest] > LEVELS[self.level]:
            raise ValueError(f"highest level below the lowest for {self.code}")
        object.__setattr__(self, "roles", frozenset(self.roles))


_registry: dict[str, Permission] = {}


def permissions_register(*perms: Permission) -> None:
    for perm in perms:
        existing = _registry.get(perm.code)
        if existing is not None and existing != perm:
            raise ValueError(f"permission {perm.code} declared twice")
        _registry[perm.code] = perm


def permission(code: str) -> Permission:
    try:
        return _registry[code]
    except KeyError:
        raise LookupError(f"unknown permission {code!r}: declare it in the app's permissions.py") from None


def permissions_all() -> list[Permission]:
    return sorted(_registry.values(), key=lambda p: p.code)


class _System:
    """The actor for code that acts on its own behalf (demo, commands, scheduled jobs)."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_partner = False
    role = ADMIN_ROLE
    unit = None
    unit_id = None
    pk = None
    username = "sistem"

    def can(self, perm: str) -> bool:
        return True

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


def acting_user(user):
    """The user to record as the actor of a change (None when the system acted on its own)."""
    return None if user is SYSTEM else user


def is_admin(user) -> bool:
    return user is SYSTEM or bool(getattr(user, "is_superuser", False)) or getattr(user, "role", None) == ADMIN_ROLE


def unit_level(unit) -> int | None:
    return LEVELS.get(getattr(unit, "kind", None)) if unit is not None else None


def unit_of(obj):
    """The unit that owns `obj`, following the model's `unit_field` ("" means the object is a unit itself)."""
    field = getattr(type(obj), "unit_field", None)
    if field is None:
        return None
    if field == "":
        return obj
    target = obj
    for part in field.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target


def _shared_with(obj, unit_id) -> bool:
    share_field = getattr(type(obj), "share_field", None)
    if not share_field or unit_id is None:
        return False
    model = type(obj)
    return model._base_manager.filter(pk=obj.pk, **{share_field: unit_id}).exists()


def in_scope(user, unit, obj=None, *, shared: bool = False) -> bool:
    """Whether `unit` (the owner of a record) lies in the user's scope: a police user's own unit and every unit
    below it; a partner its own agency (and, with `shared`, records shared with it)."""
    if is_admin(user):
        return True
    own = getattr(user, "unit", None)
    if own is None:
        return False
    if unit is None:
        return False
    if getattr(user, "role", None) == PARTNER_ROLE:
        if unit.pk == own.pk:
            return True
        return shared and obj is not None and _shared_with(obj, own.pk)
    return unit.path.startswith(own.path)


def refusal(user, perm: str, obj=None, *, unit=None) -> str | None:
    """Why `user` may not use `perm` (on `obj`, or on a record owned by `unit`); None when allowed."""
    spec = permission(perm)
    if user is SYSTEM:
        return None
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return "Anda harus masuk terlebih dahulu."
    if is_admin(user):
        return None
    if user.role not in spec.roles:
        return f"Peran Anda tidak berwenang untuk {spec.label}."
    if user.unit_id is None:
        return "Akun Anda belum ditempatkan di satuan mana pun."
    if spec.level is not None:
        level = unit_level(user.unit)
        if level is None or level > LEVELS[spec.level]:
            where = LEVEL_LABELS[spec.level]
            return f"Hanya satuan tingkat {where} ke atas yang dapat {spec.label}."
    if spec.highest is not None:
        level = unit_level(user.unit)
        if level is None or level < LEVELS[spec.highest]:
            where = LEVEL_LABELS[spec.highest]
            return f"Satuan Anda hanya dapat melihat; {spec.label} dilakukan oleh satuan tingkat {where} sendiri."
    if obj is not None or unit is not None:
        owner = unit if unit is not None else unit_of(obj)
        if not in_scope(user, owner, obj, shared=spec.shared):
            return "Data ini di luar cakupan satuan Anda."
    return None


def can(user, perm: str, obj=None, *, unit=None) -> bool:
    return refusal(user, perm, obj, unit=unit) is None


def require(user, perm: str, obj=None, *, unit=None) -> None:
    """Raise PermissionDenied (with the reason in Bahasa Indonesia) unless `user` may use `perm` on `obj`/`unit`."""
    reason = refusal(user, perm, obj, unit=unit)
    if reason is not None:
        raise PermissionDenied(reason)


def get_for_user(queryset, user, perm: str | None = None, **lookup):
    """Fetch one record the user may see (404 otherwise: outside one's scope is "not found") and, with `perm`,
    may act on (403 with the reason). The one fetch helper for views, API endpoints and services."""
    if perm is not None:
        require(user, perm)  # role and level first: a role that may never do this is told so (403)
    qs = queryset if hasattr(queryset, "restrict") else queryset.objects.all()
    if user is not SYSTEM:
        qs = qs.restrict(user, "view")
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise Http404("Data tidak ditemukan atau di luar cakupan Anda.")
    if perm is not None:
        require(user, perm, obj)
    return obj
