from django.conf import settings
from django.db import models

from siaga.core.models import ScopedModel
from siaga.patrols.choices import PlanStatus


class PatrolPlan(ScopedModel):
    """A patrol plan over a date range; computed per day x shift window by the engine in a background job.

    ``seed`` is the secret that makes the draw unpredictable: it never leaves the server.
    """

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="patrol_plans", verbose_name="satuan")
    title = models.CharField("judul", max_length=200)
    date_from = models.DateField("dari tanggal")
    date_to = models.DateField("sampai tanggal")
    periods = models.JSONField("shift yang direncanakan", default=list, blank=True)
    status = models.CharField("status", max_length=10, choices=PlanStatus.choices, default=PlanStatus.QUEUED)
    seed = models.CharField(max_length=64, editable=False)
    dwell_minutes = models.PositiveSmallIntegerField("lama singgah (menit)", default=12)
    summary = models.JSONField("ringkasan", default=dict, blank=True)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    is_demo = models.BooleanField("data demo", default=False)

    audit_exclude = ("updated_at", "created_at", "seed", "summary")

    class Meta:
        ordering = ["-date_from", "-id"]
        verbose_name = "rencana patroli"
        verbose_name_plural = "rencana patroli"

    def __str__(self) -> str:
        return self.title


class PlanPeriod(models.Model):
    """The engine result (``PatrolPlan.to_dict()``) of one day x shift window of a plan."""

    plan = models.ForeignKey(PatrolPlan, on_delete=models.CASCADE, related_name="plan_periods")
    day = models.DateField("tanggal", db_index=True)
    period = models.CharField("shift", max_length=20)
    label = models.CharField("label", max_length=60, blank=True)
    result = models.JSONField("hasil mesin", default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "period"]
        constraints = [models.UniqueConstraint(fields=["plan", "day", "period"], name="patrols_planperiod_unique")]
        verbose_name = "shift rencana"
        verbose_name_plural = "shift rencana"

    def __str__(self) -> str:
        return f"{self.plan} {self.day} {self.period}"


class PatrolStop(ScopedModel):
    """One planned visit: a team at an object, with planned arrival and departure."""

    plan = models.ForeignKey(PatrolPlan, on_delete=models.CASCADE, related_name="stops")
    plan_period = models.ForeignKey(PlanPeriod, on_delete=models.CASCADE, related_name="stops")
    team = models.ForeignKey("patrols.PatrolTeam", on_delete=models.CASCADE, related_name="stops")
    object = models.ForeignKey("patrols.VulnerableObject", on_delete=models.CASCADE, related_name="stops")
    day = models.DateField("tanggal", db_index=True)
    seq = models.PositiveSmallIntegerField("urutan")
    arrival = models.DateTimeField("rencana tiba", db_index=True)
    departure = models.DateTimeField("rencana berangkat")

    unit_field = "team__unit"
    share_field = "team__partners"

    class Meta:
        ordering = ["arrival", "team", "seq"]
        verbose_name = "titik patroli"
        verbose_name_plural = "titik patroli"

    def __str__(self) -> str:
        return f"{self.team} → {self.object} {self.arrival:%d-%m %H.%M}"
