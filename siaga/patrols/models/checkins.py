from django.conf import settings
from django.db import models

from siaga.core.models import ScopedModel
from siaga.patrols.choices import PositionSource


def checkin_photo_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"patroli/{instance.at:%Y/%m/%d}/{instance.client_id}.{ext}"


class PatrolCheckin(ScopedModel):
    """A team's check-in at an object. ``client_id`` (UUID made on the phone) makes retries idempotent."""

    client_id = models.UUIDField("ID klien", unique=True)
    team = models.ForeignKey("patrols.PatrolTeam", on_delete=models.CASCADE, related_name="checkins")
    object = models.ForeignKey("patrols.VulnerableObject", on_delete=models.CASCADE, related_name="checkins")
    stop = models.ForeignKey(
        "patrols.PatrolStop", null=True, blank=True, on_delete=models.SET_NULL, related_name="checkins"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("waktu", db_index=True)
    lat = models.FloatField("lintang", null=True, blank=True)
    lon = models.FloatField("bujur", null=True, blank=True)
    accuracy_m = models.FloatField("akurasi (m)", null=True, blank=True)
    position_source = models.CharField(
        "sumber posisi", max_length=5, choices=PositionSource.choices, default=PositionSource.NONE
    )
    note = models.TextField("catatan", blank=True)
    photo = models.FileField("foto", upload_to=checkin_photo_path, blank=True)
    is_demo = models.BooleanField("data demo", default=False)

    unit_field = "team__unit"
    share_field = "team__partners"

    class Meta:
        ordering = ["-at"]
        verbose_name = "check-in patroli"
        verbose_name_plural = "check-in patroli"

    def __str__(self) -> str:
        return f"{self.team} @ {self.object} {self.at:%d-%m %H.%M}"
