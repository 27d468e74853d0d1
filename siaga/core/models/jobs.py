from django.conf import settings
from django.db import models
from django.utils import timezone


class Job(models.Model):
    """A background job (import, plan, report) with progress visible in the UI."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Antre"
        RUNNING = "running", "Berjalan"
        DONE = "done", "Selesai"
        FAILED = "failed", "Gagal"

    kind = models.CharField("jenis", max_length=50, db_index=True)
    title = models.CharField("judul", max_length=200)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveIntegerField("kemajuan", default=0)
    total = models.PositiveIntegerField("total", default=0)
    message = models.CharField("pesan", max_length=300, blank=True)
    params = models.JSONField("parameter", default=dict, blank=True)
    result = models.JSONField("hasil", default=dict, blank=True)
    errors = models.JSONField("kesalahan", default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    started_at = models.DateTimeField("mulai", null=True, blank=True)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "pekerjaan latar"
        verbose_name_plural = "pekerjaan latar"

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.progress / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def report_progress(self, progress: int, total: int | None = None, message: str = "") -> None:
        """Write progress at once (outside any long transaction, so that pollers see it)."""
        fields = {"progress": progress, "message": message[:300]}
        if total is not None:
            fields["total"] = total
        Job.objects.filter(pk=self.pk).update(**fields)
        for key, value in fields.items():
            setattr(self, key, value)

    def mark(self, status: str, **fields) -> None:
        if status == self.Status.RUNNING:
            fields["started_at"] = timezone.now()
        if status in (self.Status.DONE, self.Status.FAILED):
            fields["finished_at"] = timezone.now()
        fields["status"] = status
        Job.objects.filter(pk=self.pk).update(**fields)
        for key, value in fields.items():
            setattr(self, key, value)
