"""Roll-up figures per Polres (an aggregate refreshed incrementally, so a national view reads ~500 rows and never
the raw reports) and BKO proposals between units."""

from django.conf import settings
from django.db import models

from siaga.core.models import ScopedModel
from siaga.core.querysets import RestrictedQuerySet

PLAN_STATUS_LABELS = {"approved": "Disetujui", "computed": "Terhitung", "draft": "Draf", "": "Belum ada"}
ALERT_LABELS = {1: "Siaga I", 2: "Siaga II", 3: "Siaga III"}


class PolresFigures(models.Model):
    """One row per Polres: what the Polda's Karoops sees at a glance. Derived data (not audited): rebuilt by
    `siaga.command.figures` from the apps' roll-up selectors."""

    unit = models.OneToOneField("units.Unit", primary_key=True, on_delete=models.CASCADE, related_name="figures")
    polda = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField("Polres", max_length=150)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    # the current deployment plan (approved, else computed, else draft)
    plan_id = models.BigIntegerField(null=True, blank=True)
    plan_status = models.CharField(max_length=12, blank=True)
    plan_version = models.PositiveIntegerField(null=True, blank=True)
    election_id = models.BigIntegerField(null=True, blank=True)
    posts = models.PositiveIntegerField(default=0)
    required = models.PositiveIntegerField("Polri dibutuhkan di pos", default=0)
    assigned = models.PositiveIntegerField("Polri di pos", default=0)
    missing = models.PositiveIntegerField("kekurangan di pos", default=0)
    strength = models.PositiveIntegerField("kekuatan personel", default=0)
    bko_needed = models.PositiveIntegerField("BKO dibutuhkan", default=0)
    bko_offered = models.PositiveIntegerField("kelebihan yang dapat di-BKO-kan", default=0)
    bko_in = models.PositiveIntegerField("BKO diterima", default=0)
    bko_out = models.PositiveIntegerField("BKO dipinjamkan", default=0)
    patrol_due = models.PositiveIntegerField(default=0)
    patrol_done = models.PositiveIntegerField(default=0)
    patrol_pct = models.FloatField(null=True, blank=True)
    open_low = models.PositiveIntegerField(default=0)
    open_medium = models.PositiveIntegerField(default=0)
    open_high = models.PositiveIntegerField(default=0)
    open_critical = models.PositiveIntegerField(default=0)
    open_total = models.PositiveIntegerField(default=0)
    escalated = models.PositiveIntegerField(default=0)
    alert_level = models.PositiveSmallIntegerField(null=True, blank=True)
    ct = models.PositiveIntegerField("CT bulan ini", default=0)
    cc = models.PositiveIntegerField("CC bulan ini", default=0)
    cc_pct = models.FloatField(null=True, blank=True)
    dirty = models.BooleanField(default=True, db_index=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    unit_field = "unit"
    share_field = None
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "rekap Polres"
        verbose_name_plural = "rekap Polres"

    def __str__(self) -> str:
        return self.name

    @property
    def bko_short(self) -> int:
        """Officers still missing after the BKO already approved."""
        return max(0, self.bko_needed - self.bko_in)

    @property
    def bko_spare(self) -> int:
        return max(0, self.bko_offered - self.bko_out)

    @property
    def get_plan_status_label(self) -> str:
        return PLAN_STATUS_LABELS.get(self.plan_status, self.plan_status)

    @property
    def alert_label(self) -> str:
        return ALERT_LABELS.get(self.alert_level, "")


class RefreshMark(models.Model):
    """The watermark of the incremental refresh: changes after `since` mark their Polres dirty."""

    key = models.CharField(max_length=20, unique=True, default="figures")
    since = models.DateTimeField()
    full_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "tanda pembaruan rekap"
        verbose_name_plural = "tanda pembaruan rekap"

    def __str__(self) -> str:
        return f"{self.key} @ {self.since:%Y-%m-%d %H:%M}"


class BkoProposal(ScopedModel):
    """A proposed (then approved or rejected) lending of `personnel` officers from `giver` (a Polres with surplus
    or a Polda's own pool) to `receiver` (a Polres short of personnel) for the receiver's plan of `election`.

    Scoped by the receiver's Polda (`polda`): that Polda's ops/command staff decide. An approved proposal is the
    BKO record both plans show; approving is idempotent."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Diusulkan"
        APPROVED = "approved", "Disetujui"
        REJECTED = "rejected", "Ditolak"
        SUPERSEDED = "superseded", "Digantikan"

    polda = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="bko_proposals")
    giver = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="bko_given")
    receiver = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="bko_received")
    election_id = models.BigIntegerField(null=True, blank=True)
    receiver_plan = models.ForeignKey(
        "deployment.DeploymentPlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    giver_plan = models.ForeignKey(
        "deployment.DeploymentPlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    personnel = models.PositiveIntegerField("personel")
    distance_km = models.FloatField("jarak (km)")
    cross_border = models.BooleanField("lintas Polda", default=False)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.PROPOSED)
    run_note = models.CharField("hasil pencocokan", max_length=500, blank=True)
    reason = models.CharField("alasan", max_length=250, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField("data demo", default=False)

    unit_field = "polda"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "usulan BKO"
        verbose_name_plural = "usulan BKO"
        indexes = [models.Index(fields=["status", "receiver"]), models.Index(fields=["status", "giver"])]

    def __str__(self) -> str:
        return f"BKO {self.personnel} personel {self.giver} → {self.receiver}"
