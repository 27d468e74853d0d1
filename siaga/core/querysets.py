"""Row-level access: `Model.objects.restrict(user, action)` is the only way views, API and exports read
scoped data. A user sees the records of their own unit and every unit below it; a partner sees only the
records explicitly shared with their agency (plus what their agency itself submitted)."""

from django.db import models
from django.db.models import Q


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        return restrict_queryset(self, user, action)


def restrict_queryset(qs, user, action: str = "view"):
    from siaga.core import access

    if user is access.SYSTEM:
        return qs
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    # an action other than "view" also needs the permission "<app_label>.<action>" (role and unit level)
    if action != "view" and not access.can(user, f"{qs.model._meta.app_label}.{action}"):
        return qs.none()
    if access.is_admin(user):
        return qs
    unit_field = getattr(qs.model, "unit_field", None)
    if unit_field is None:
        return qs  # reference data (regions, taxonomies): readable by every signed-in user
    if user.unit_id is None:
        return qs.none()
    if user.is_partner:
        return _partner_scope(qs, user, unit_field)
    path_lookup = f"{unit_field}__path__startswith" if unit_field else "path__startswith"
    return qs.filter(**{path_lookup: user.unit.path})


def _partner_scope(qs, user, unit_field: str):
    share_field = getattr(qs.model, "share_field", None)
    own = Q(**{unit_field or "pk": user.unit_id})
    if share_field:
        return qs.filter(own | Q(**{share_field: user.unit_id})).distinct()
    return qs.filter(own)
