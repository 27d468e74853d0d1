from django.conf import settings
from django.db import models


class ObjectChange(models.Model):
    """Who changed what, when and from where: one row per create, update, delete or import."""

    class Action(models.TextChoices):
        CREATE = "create", "Dibuat"
        UPDATE = "update", "Diubah"
        DELETE = "delete", "Dihapus"
        IMPORT = "import", "Impor"
        ACTION = "action", "Tindakan"

    at = models.DateTimeField("waktu", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    ip = models.GenericIPAddressField("alamat IP", null=True, blank=True)
    channel = models.CharField("kanal", max_length=20, default="web")
    action = models.CharField("tindakan", max_length=10, choices=Action.choices)
    model = models.CharField("jenis data", max_length=100, db_index=True)
    object_id = models.CharField("ID", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("objek", max_length=200, blank=True)
    changes = models.JSONField("perubahan", default=dict, blank=True)
    note = models.TextField("catatan", blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "jejak audit"
        verbose_name_plural = "jejak audit"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model} {self.object_repr}"
