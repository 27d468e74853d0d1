from django.db import models

from siaga.core.querysets import RestrictedQuerySet


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        abstract = True


class AuditedModel(models.Model):
    """Every save and delete of a subclass is written to the audit trail (siaga.core.audit)."""

    audit_exclude: tuple[str, ...] = ("updated_at", "created_at")
    # A model whose own event table already records every change with actor and time (e.g. a report's
    # timeline) sets this to False instead of writing each change twice.
    audit_enabled: bool = True

    class Meta:
        abstract = True


class ScopedModel(TimeStampedModel, AuditedModel):
    """A record that belongs to a unit. Read it only through `Model.objects.restrict(user, action)`.

    `unit_field` is the lookup path to the owning Unit; `share_field`, if set, is the lookup path to the
    partner units the record is explicitly shared with.
    """

    unit_field = "unit"
    share_field: str | None = None

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True
