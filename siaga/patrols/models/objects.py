from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from siaga.core.models import ScopedModel
from siaga.patrols.choices import ObjectKind


class VulnerableObject(ScopedModel):
    """A vulnerable or strategic object that patrols cover (KPU office, logistics warehouse, crowd point)."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="patrol_objects", verbose_name="satuan"
    )
    shared_with = models.ManyToManyField(
        "units.Unit", blank=True, related_name="shared_patrol_objects", verbose_name="dibagikan ke mitra"
    )
    kind = models.CharField("jenis", max_length=12, choices=ObjectKind.choices, db_index=True)
    name = models.CharField("nama", max_length=200)
    address = models.CharField("alamat", max_length=250, blank=True)
    desa = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="desa"
    )
    lat = models.FloatField("lintang", null=True, blank=True)
    lon = models.FloatField("bujur", null=True, blank=True)
    owner = models.CharField("pemilik / instansi", max_length=150, blank=True)
    base_weight = models.PositiveSmallIntegerField(
        "bobot risiko dasar", default=5, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    open_from = models.TimeField("buka dari", null=True, blank=True)
    open_to = models.TimeField("buka sampai", null=True, blank=True)
    visit_in_hours_only = models.BooleanField("kunjungi hanya pada jam buka", default=False)
    note = models.TextField("catatan", blank=True)
    is_active = models.BooleanField("aktif", default=True)
    is_demo = models.BooleanField("data demo", default=False)

    share_field = "shared_with"

    class Meta:
        ordering = ["name"]
        verbose_name = "objek rawan"
        verbose_name_plural = "objek rawan"

    def __str__(self) -> str:
        return self.name

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


class CriticalPeriod(ScopedModel):
    """A time in which an object matters more, e.g. a warehouse during logistics distribution."""

    object = models.ForeignKey(VulnerableObject, on_delete=models.CASCADE, related_name="critical_periods")
    label = models.CharField("keterangan", max_length=150)
    starts_at = models.DateTimeField("mulai")
    ends_at = models.DateTimeField("selesai")
    multiplier = models.FloatField(
        "pengali bobot", default=1.5, validators=[MinValueValidator(1.0), MaxValueValidator(5.0)]
    )

    unit_field = "object__unit"
    share_field = "object__shared_with"

    class Meta:
        ordering = ["starts_at"]
        verbose_name = "periode kritis"
        verbose_name_plural = "periode kritis"

    def __str__(self) -> str:
        return f"{self.object} · {self.label}"
