"""Database router for read replicas (installed only when SIAGA_DATABASE_REPLICA_URLS is set).

Writes and migrations go to the primary ("default"); reads go where `siaga.core.replicas.read_alias()` says: a
usable replica inside `use_replica()`, the primary everywhere else. Rows read from a replica may be related to rows
of the primary (same data), so relations are always allowed."""

from siaga.core import replicas


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db == replicas.PRIMARY:
            return replicas.PRIMARY  # related rows of an object read on the primary stay on the primary
        return replicas.read_alias()

    def db_for_write(self, model, **hints):
        replicas.mark_wrote()
        return replicas.PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == replicas.PRIMARY
