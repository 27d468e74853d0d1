"""Kerawanan: the indicator catalog and rule per election, the per-TPS checklist, the category with its
explanation, overrides, history and intel notes.

One RiskProfile per election (linked to the operation that covers it): a TPS belongs to exactly one election and
the Bawaslu catalog depends on the election type, so the profile is the unit of "editable per operation". It is
created on first use by copying the shipped catalog (siaga/risk/data) and the default preset."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from siaga.core.models import AuditedModel, ScopedModel, TimeStampedModel
from siaga.core.querysets import RestrictedQuerySet


class RiskProfile(TimeStampedModel, AuditedModel):
    election = models.OneToOneField("elections.Election", on_delete=models.CASCADE, related_name="risk_profile")
    operation = models.ForeignKey(
        "elections.Operation", null=True, blank=True, on_delete=models.SET_NULL, related_name="risk_profiles"
    )
    catalog = models.CharField("katalog indikator", max_length=30)
    rule = models.JSONField("aturan kategori", default=dict)

    unit_field = "election__unit"
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "profil kerawanan"
        verbose_name_plural = "profil kerawanan"

    def __str__(self) -> str:
        return f"Kerawanan {self.election}"

    @property
    def categories(self) -> list[dict]:
        return self.rule.get("categories", [])

    def category(self, code: str) -> dict:
        return next((c for c in self.categories if c["code"] == code), {"code": code, "label": code or "—"})


class Indicator(TimeStampedModel, AuditedModel):
    profile = models.ForeignKey(RiskProfile, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField("kode", max_length=60)
    label = models.CharField("indikator", max_length=250)
    variable = models.CharField("variabel", max_length=60)
    variable_label = models.CharField("nama variabel", max_length=120)
    weight = models.FloatField("bobot", default=1.0)
    active = models.BooleanField("aktif", default=True)
    order = models.PositiveSmallIntegerField("urutan", default=0)

    unit_field = "profile__election__unit"
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["profile", "order", "code"]
        verbose_name = "indikator kerawanan"
        verbose_name_plural = "indikator kerawanan"
        constraints = [models.UniqueConstraint(fields=["profile", "code"], name="uniq_indicator_code")]

    def __str__(self) -> str:
        return self.label


class Source(models.TextChoices):
    # stored codes for system mechanics are English (ARCHITECTURE.md, "Stored codes")
    IMPORT = "import", "Impor berkas"
    INTEL = "intel", "Satintelkam"
    FIELD = "field", "Petugas lapangan"
    DEMO = "demo", "Data demo"


class StationIndicator(AuditedModel):
    """A "yes" on the checklist: the TPS has this indicator. A "no" is the absence of a row."""

    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="risk_flags")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="flags")
    source = models.CharField("sumber", max_length=10, choices=Source.choices, default=Source.INTEL)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    set_at = models.DateTimeField("diisi", default=timezone.now)

    unit_field = "station__unit"
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "indikator TPS"
        verbose_name_plural = "indikator TPS"
        constraints = [models.UniqueConstraint(fields=["station", "indicator"], name="uniq_station_indicator")]

    def __str__(self) -> str:
        return f"{self.station_id}: {self.indicator_id}"


class StationRisk(AuditedModel):
    """The current category of a TPS: computed by the rule, possibly overridden (until the override is cleared)."""

    station = models.OneToOneField("stations.Station", on_delete=models.CASCADE, related_name="risk")
    score = models.FloatField("skor", default=0)
    computed_category = models.CharField("kategori aturan", max_length=30, blank=True)
    explanation = models.JSONField("penjelasan", default=dict, blank=True)
    computed_at = models.DateTimeField("dihitung", null=True, blank=True)
    override_category = models.CharField("kategori override", max_length=30, blank=True)
    override_reason = models.TextField("alasan override", blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_at = models.DateTimeField("override pada", null=True, blank=True)

    audit_exclude = ("computed_at", "explanation")
    unit_field = "station__unit"
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "kategori TPS"
        verbose_name_plural = "kategori TPS"

    def __str__(self) -> str:
        return f"{self.station_id}: {self.category}"

    @property
    def category(self) -> str:
        return self.override_category or self.computed_category


class CategoryChange(models.Model):
    """History: every change of a TPS's category, by the rule (recomputation) or by an override."""

    class ChangeSource(models.TextChoices):
        RULE = "rule", "Aturan"
        OVERRIDE = "override", "Override"
        CLEAR = "clear", "Override dicabut"

    station = models.ForeignKey("stations.Station", on_delete=models.CASCADE, related_name="category_changes")
    old = models.CharField("dari", max_length=30, blank=True)
    new = models.CharField("menjadi", max_length=30, blank=True)
    source = models.CharField("sumber", max_length=10, choices=ChangeSource.choices)
    reason = models.TextField("alasan", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField("waktu", default=timezone.now, db_index=True)
    score = models.FloatField("skor", null=True, blank=True)
    explanation = models.JSONField("penjelasan", default=dict, blank=True)

    unit_field = "station__unit"
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "riwayat kategori"
        verbose_name_plural = "riwayat kategori"
        indexes = [models.Index(fields=["station", "-at"])]

    def __str__(self) -> str:
        return f"{self.station_id}: {self.old} → {self.new}"


class IntelNote(ScopedModel):
    """An intel note about a TPS or a whole desa; its severity adds to the score of the TPS (of the desa)."""

    class Severity(models.IntegerChoices):
        LOW = 1, "Rendah"
        MEDIUM = 2, "Sedang"
        HIGH = 3, "Tinggi"

    election = models.ForeignKey("elections.Election", on_delete=models.CASCADE, related_name="intel_notes")
    station = models.ForeignKey(
        "stations.Station", null=True, blank=True, on_delete=models.CASCADE, related_name="intel_notes"
    )
    desa = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    severity = models.PositiveSmallIntegerField("tingkat", choices=Severity.choices, default=Severity.MEDIUM)
    text = models.TextField("catatan")
    valid_until = models.DateField("berlaku sampai", null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="satuan")
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "catatan intelijen"
        verbose_name_plural = "catatan intelijen"

    def __str__(self) -> str:
        return self.text[:60]


class DesaCategory(ScopedModel):
    """Pilkades: a desa's own category set by an officer (otherwise the most severe of its TPS)."""

    profile = models.ForeignKey(RiskProfile, on_delete=models.CASCADE, related_name="desa_categories")
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    category = models.CharField("kategori", max_length=30)
    reason = models.TextField("alasan")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="satuan")

    class Meta:
        verbose_name = "kategori desa"
        verbose_name_plural = "kategori desa"
        constraints = [models.UniqueConstraint(fields=["profile", "desa"], name="uniq_desa_category")]

    def __str__(self) -> str:
        return f"{self.desa_id}: {self.category}"
