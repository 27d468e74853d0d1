from django.db import models

from siaga.core.models import ScopedModel


class Station(ScopedModel):
    """A TPS of one election. `unit` is the Polsek responsible, derived from the desa's kecamatan.

    `category` is the current Polri vulnerability category code (maintained by the risk app)."""

    class SpecialType(models.TextChoices):
        NONE = "", "Biasa"
        LAPAS = "lapas", "Lapas/Rutan"
        HOSPITAL = "rumah_sakit", "Rumah sakit"
        PESANTREN = "pesantren", "Pesantren"
        REMOTE = "terpencil", "Terpencil/sulit dijangkau"

    election = models.ForeignKey("elections.Election", on_delete=models.CASCADE, related_name="stations")
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="stations")
    number = models.PositiveIntegerField("nomor TPS")
    address = models.CharField("alamat", max_length=250, blank=True)
    lat = models.FloatField("lintang", null=True, blank=True)
    lon = models.FloatField("bujur", null=True, blank=True)
    voters_male = models.PositiveIntegerField("DPT laki-laki", default=0)
    voters_female = models.PositiveIntegerField("DPT perempuan", default=0)
    voters_disabled = models.PositiveIntegerField("DPT disabilitas", default=0)
    special_type = models.CharField("lokasi khusus", max_length=20, choices=SpecialType.choices, blank=True)
    unit = models.ForeignKey(
        "units.Unit", null=True, on_delete=models.PROTECT, related_name="stations", verbose_name="Polsek"
    )
    category = models.CharField("kategori kerawanan", max_length=30, blank=True, db_index=True)
    is_demo = models.BooleanField("data demo", default=False)

    # TPS are not shared with partners by default: a partner sees them only once the election is shared.
    share_field = "election__shared_with"

    class Meta:
        ordering = ["election", "desa", "number"]
        verbose_name = "TPS"
        verbose_name_plural = "TPS"
        constraints = [
            models.UniqueConstraint(fields=["election", "desa", "number"], name="uniq_tps_per_desa"),
        ]
        indexes = [models.Index(fields=["election", "category"]), models.Index(fields=["election", "unit"])]

    def __str__(self) -> str:
        return f"TPS {self.number:03d} {self.desa.name}" if self.desa_id else f"TPS {self.number:03d}"

    @property
    def voters(self) -> int:
        return self.voters_male + self.voters_female
