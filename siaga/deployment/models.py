"""Security patterns (pola), reserve sites (Pos AJU) and versioned deployment plans with their posts,
reserve teams and officer assignments (rows mirror the engine result JSON for fast rosters and maps)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from siaga.core.models import ScopedModel
from siaga.core.querysets import RestrictedQuerySet

CATEGORY_LABELS = {
    "kurang_rawan": "Kurang rawan",
    "rawan": "Rawan",
    "sangat_rawan": "Sangat rawan",
    "khusus": "Khusus",
}
CATEGORY_COLORS = {"kurang_rawan": "#2a9d8f", "rawan": "#e9c46a", "sangat_rawan": "#e63946", "khusus": "#7b2cbf"}


def category_label(code: str) -> str:
    return CATEGORY_LABELS.get(code, code.replace("_", " ").capitalize())


class SecurityPattern(ScopedModel):
    """Pola pengamanan of one TPS category in one operation: Polri : TPS : Linmas per post."""

    operation = models.ForeignKey("elections.Operation", on_delete=models.CASCADE, related_name="patterns")
    category = models.CharField("kategori", max_length=30)
    polri = models.PositiveSmallIntegerField("Polri per pos", validators=[MinValueValidator(2)])
    tps = models.PositiveSmallIntegerField("TPS per pos", validators=[MinValueValidator(1)])
    linmas = models.PositiveSmallIntegerField("Linmas per pos")
    source = models.CharField("sumber/preset", max_length=150, blank=True)

    unit_field = "operation__unit"

    class Meta:
        ordering = ["operation", "category"]
        verbose_name = "pola pengamanan"
        verbose_name_plural = "pola pengamanan"
        constraints = [
            models.UniqueConstraint(fields=["operation", "category"], name="uniq_pattern_per_category"),
            models.CheckConstraint(condition=models.Q(polri__gte=2), name="pattern_body_system"),
            models.CheckConstraint(condition=models.Q(tps__gte=1), name="pattern_min_one_tps"),
        ]

    def __str__(self) -> str:
        return f"{category_label(self.category)} {self.polri}:{self.tps}:{self.linmas}"

    @property
    def ratio(self) -> str:
        return f"{self.polri}:{self.tps}:{self.linmas}"


class ReserveSite(ScopedModel):
    """An extra candidate site for reserve teams (Pos AJU); Polsek/Polres HQs are candidates already."""

    name = models.CharField("nama", max_length=150)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="reserve_sites")
    lat = models.FloatField("lintang")
    lon = models.FloatField("bujur")
    is_demo = models.BooleanField("data demo", default=False)

    SITE_ID_OFFSET = 1_000_000_000  # engine site id = offset + pk (unit HQs use the unit pk)

    class Meta:
        ordering = ["name"]
        verbose_name = "Pos AJU"
        verbose_name_plural = "Pos AJU"

    def __str__(self) -> str:
        return self.name


class DeploymentPlan(ScopedModel):
    """A versioned plan of one election in one unit (Polres). Approved plans are read-only."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        COMPUTED = "computed", "Terhitung"
        APPROVED = "approved", "Disetujui"
        SUPERSEDED = "superseded", "Digantikan"

    EDITABLE = (Status.DRAFT, Status.COMPUTED)

    operation = models.ForeignKey("elections.Operation", on_delete=models.PROTECT, related_name="deployment_plans")
    election = models.ForeignKey("elections.Election", on_delete=models.PROTECT, related_name="deployment_plans")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="deployment_plans")
    version = models.PositiveIntegerField("versi")
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.DRAFT)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reserve_fraction = models.FloatField("porsi cadangan", default=0.15)
    response_minutes = models.FloatField("waktu tanggap (menit)", default=30)
    speed_kmh = models.FloatField("kecepatan (km/jam)", default=40)
    circuity = models.FloatField("faktor jalan", default=1.3)
    reserve_team_size = models.PositiveSmallIntegerField("personel per tim cadangan", default=10)
    note = models.TextField("catatan", blank=True)
    result = models.JSONField("hasil perencana", default=dict, blank=True)
    summary = models.JSONField("ringkasan", default=dict, blank=True)
    moved = models.PositiveIntegerField("personel dipindah", null=True, blank=True)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    computed_at = models.DateTimeField("dihitung", null=True, blank=True)
    approved_at = models.DateTimeField("disetujui", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField("data demo", default=False)

    audit_exclude = ("updated_at", "created_at", "result")

    class Meta:
        ordering = ["-created_at", "-version"]
        verbose_name = "rencana plotting"
        verbose_name_plural = "rencana plotting"
        constraints = [models.UniqueConstraint(fields=["election", "unit", "version"], name="uniq_plan_version")]

    def __str__(self) -> str:
        return f"Rencana plotting {self.election} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class PlanRow(models.Model):
    """Rows derived from a plan's engine result: scoped by `unit`, not audited (the plan itself is)."""

    unit_field = "unit"
    share_field = None
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True


class PlanPost(PlanRow):
    """A guard post of a computed plan; `unit` is the sector (Polsek) the post lies in."""

    plan = models.ForeignKey(DeploymentPlan, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField("nomor pos")
    category = models.CharField("kategori", max_length=30)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="sektor")
    station_ids = models.JSONField("TPS", default=list)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    required = models.PositiveSmallIntegerField("Polri dibutuhkan")
    assigned = models.PositiveSmallIntegerField("Polri ditugaskan")
    linmas = models.PositiveSmallIntegerField("Linmas")
    fill_rank = models.PositiveIntegerField("urutan pengisian", default=0)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = "pos pengamanan"
        verbose_name_plural = "pos pengamanan"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="uniq_post_number")]

    def __str__(self) -> str:
        return f"Pos {self.number}"

    @property
    def category_label(self) -> str:
        return category_label(self.category)

    @property
    def missing(self) -> int:
        return max(0, self.required - self.assigned)


class PlanReserve(PlanRow):
    """A reserve ("power on hand") team of a plan at a site; `unit` is the site's unit (Polsek/Polres)."""

    plan = models.ForeignKey(DeploymentPlan, on_delete=models.CASCADE, related_name="reserves")
    number = models.PositiveIntegerField("nomor tim")
    site_id = models.BigIntegerField("ID lokasi", null=True, blank=True)
    kind = models.CharField("jenis lokasi", max_length=10)
    name = models.CharField("lokasi", max_length=150)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    size = models.PositiveSmallIntegerField("personel")
    covered = models.PositiveIntegerField("TPS rawan terjangkau", default=0)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = "tim cadangan"
        verbose_name_plural = "tim cadangan"

    def __str__(self) -> str:
        return f"Cadangan {self.name}"


class Assignment(PlanRow):
    """One officer's place in a plan: a post or a reserve team. `unit` is the post's sector / the site's unit."""

    plan = models.ForeignKey(DeploymentPlan, on_delete=models.CASCADE, related_name="assignments")
    personnel = models.ForeignKey("personnel.Personnel", on_delete=models.CASCADE, related_name="assignments")
    post = models.ForeignKey(PlanPost, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")
    reserve = models.ForeignKey(
        PlanReserve, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "post__number", "reserve__number", "personnel__name"]
        verbose_name = "penugasan"
        verbose_name_plural = "penugasan"
        constraints = [models.UniqueConstraint(fields=["plan", "personnel"], name="uniq_assignment_per_plan")]

    def __str__(self) -> str:
        return f"{self.personnel} → {self.post or self.reserve}"
