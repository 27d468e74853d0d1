"""Personnel register: Polri officers with home base and availability; TNI/Linmas strength as counts."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from siaga.core.models import ScopedModel
from siaga.personnel.choices import Agency, Function, Rank, UnavailabilityReason

LAT_VALIDATORS = [MinValueValidator(-11.5), MaxValueValidator(6.5)]
LON_VALIDATORS = [MinValueValidator(94.5), MaxValueValidator(141.5)]


class Personnel(ScopedModel):
    """A Polri officer. `unit` is the Polsek or Polres the officer belongs to; NRP is unique nationally."""

    nrp = models.CharField("NRP", max_length=20, unique=True)
    name = models.CharField("nama", max_length=150)
    rank = models.CharField("pangkat", max_length=10, choices=Rank.choices)
    function = models.CharField("fungsi", max_length=20, choices=Function.choices, default=Function.SAMAPTA)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="personnel", verbose_name="satuan")
    phone = models.CharField("telepon", max_length=20, blank=True)
    home_lat = models.FloatField("lintang pangkalan", null=True, blank=True, validators=LAT_VALIDATORS)
    home_lon = models.FloatField("bujur pangkalan", null=True, blank=True, validators=LON_VALIDATORS)
    is_active = models.BooleanField("aktif", default=True)
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = "personel"
        verbose_name_plural = "personel"
        indexes = [models.Index(fields=["unit", "function"])]

    def __str__(self) -> str:
        return f"{self.get_rank_display()} {self.name} ({self.nrp})"

    @property
    def has_home_base(self) -> bool:
        return self.home_lat is not None and self.home_lon is not None

    def is_available_on(self, day: datetime.date) -> bool:
        return self.is_active and not any(u.start <= day <= u.end for u in self.unavailabilities.all())


class Unavailability(ScopedModel):
    """A period in which an officer cannot be deployed (cuti, sakit, dinas lain)."""

    personnel = models.ForeignKey(Personnel, on_delete=models.CASCADE, related_name="unavailabilities")
    start = models.DateField("mulai")
    end = models.DateField("sampai")
    reason = models.CharField("alasan", max_length=12, choices=UnavailabilityReason.choices)
    note = models.CharField("keterangan", max_length=200, blank=True)

    unit_field = "personnel__unit"

    class Meta:
        ordering = ["-start"]
        verbose_name = "ketidaktersediaan"
        verbose_name_plural = "ketidaktersediaan"
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="unavail_range")]

    def __str__(self) -> str:
        return f"{self.personnel.name}: {self.get_reason_display()} {self.start:%d-%m-%Y} s.d. {self.end:%d-%m-%Y}"


class SupportStrength(ScopedModel):
    """TNI or Linmas strength as a count, per police unit (e.g. Koramil beside a Polsek) or per desa."""

    agency = models.CharField("instansi", max_length=10, choices=Agency.choices)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="support_strengths", verbose_name="satuan"
    )
    desa = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="desa"
    )
    count = models.PositiveIntegerField("jumlah")
    note = models.CharField("keterangan", max_length=200, blank=True)
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["agency", "unit__path", "desa"]
        verbose_name = "kekuatan pendukung"
        verbose_name_plural = "kekuatan pendukung"
        constraints = [
            models.UniqueConstraint(fields=["agency", "unit", "desa"], name="uniq_support_per_unit_desa"),
            models.UniqueConstraint(
                fields=["agency", "unit"], condition=models.Q(desa=None), name="uniq_support_per_unit"
            ),
        ]

    def __str__(self) -> str:
        where = self.desa.name if self.desa_id else self.unit.name
        return f"{self.get_agency_display()} {where}: {self.count}"
