"""The audit trail as a cross-cutting concern: every save and delete of an AuditedModel is recorded with
the acting user and IP (from siaga.core.context). Bulk imports write one summary row via `audit_record`."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from siaga.core.context import current_actor


def _snapshot(instance) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in getattr(instance, "audit_exclude", ()):
            continue
        value = getattr(instance, field.attname)
        data[field.name] = value if isinstance(value, (int, float, str, bool, type(None))) else str(value)
    return data


def audit_record(*, action: str, model: str, object_id="", object_repr: str = "", changes=None, note: str = ""):
    from siaga.core.models import ObjectChange

    actor = current_actor()
    return ObjectChange.objects.create(
        user_id=actor.user_id,
        ip=actor.ip,
        channel=actor.channel,
        action=action,
        model=model,
        object_id=str(object_id),
        object_repr=str(object_repr)[:200],
        changes=changes or {},
        note=note,
    )


def _is_audited(sender) -> bool:
    from siaga.core.models import AuditedModel

    return issubclass(sender, AuditedModel) and sender.audit_enabled


@receiver(pre_save)
def _remember_old(sender, instance, raw=False, **kwargs):
    if raw or not _is_audited(sender) or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_old = _snapshot(old) if old else None


@receiver(post_save)
def _record_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _is_audited(sender):
        return
    new = _snapshot(instance)
    old = getattr(instance, "_audit_old", None)
    if created or old is None:
        changes = {k: [None, v] for k, v in new.items()}
    else:
        changes = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
        if not changes:
            return
    action = "create" if created else "update"
    audit_record(action=action, model=sender._meta.label, object_id=instance.pk, object_repr=instance, changes=changes)


@receiver(post_delete)
def _record_delete(sender, instance, **kwargs):
    if _is_audited(sender):
        audit_record(action="delete", model=sender._meta.label, object_id=instance.pk, object_repr=instance)
