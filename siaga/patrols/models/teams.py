from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from siaga.core.models import ScopedModel
from siaga.patrols.choices import WEEKDAYS


class PatrolTeam(ScopedModel):
    """A joint patrol team (Polri, TNI, Satpol PP, Dishub) with its vehicle, base and shifts."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="patrol_teams", verbose_name="satuan")
    partners = models.ManyToManyField(
        "units.Unit", blank=True, related_name="joint_patrol_teams", verbose_name="instansi mitra"
    )
    members = models.ManyToManyField(
        "accounts.User", blank=True, related_name="patrol_teams", verbose_name="anggota (akun)"
    )
    name = models.CharField("nama tim", max_length=120)
    polri_count = models.PositiveSmallIntegerField("personel Polri", default=0)
    tni_count = models.PositiveSmallIntegerField("personel TNI", default=0)
    satpolpp_count = models.PositiveSmallIntegerField("personel Satpol PP", default=0)
    dishub_count = models.PositiveSmallIntegerField("personel Dishub", default=0)
    vehicle = models.CharField("kendaraan", max_length=120, blank=True)
    base_name = models.CharField("pangkalan", max_length=150, blank=True)
    base_lat = models.FloatField("lintang pangkalan", null=True, blank=True)
    base_lon = models.FloatField("bujur pangkalan", null=True, blank=True)
    speed_kmh = models.PositiveSmallIntegerField(
        "kecepatan rata-rata (km/jam)", default=30, validators=[MinValueValidator(5), MaxValueValidator(120)]
    )
    visits_per_shift = models.PositiveSmallIntegerField(
        "kunjungan per shift", default=6, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    is_active = models.BooleanField("aktif", default=True)
    is_demo = models.BooleanField("data demo", default=False)

    share_field = "partners"

    class Meta:
        ordering = ["name"]
        verbose_name = "tim patroli"
        verbose_name_plural = "tim patroli"

    def __str__(self) -> str:
        return self.name

    @property
    def strength(self) -> int:
        return self.polri_count + self.tni_count + self.satpolpp_count + self.dishub_count

    @property
    def agencies_label(self) -> str:
        parts = [
            (self.polri_count, "Polri"),
            (self.tni_count, "TNI"),
            (self.satpolpp_count, "Satpol PP"),
            (self.dishub_count, "Dishub"),
        ]
        return ", ".join(f"{label} {n}" for n, label in parts if n) or "-"


class Shift(ScopedModel):
    """A shift window of a team on given weekdays; an end at or before the start runs past midnight."""

    team = models.ForeignKey(PatrolTeam, on_delete=models.CASCADE, related_name="shifts")
    name = models.CharField("nama shift", max_length=40, blank=True)
    start = models.TimeField("mulai")
    end = models.TimeField("selesai")
    days = models.CharField("hari", max_length=7, default="0123456", help_text="0 = Senin … 6 = Minggu")

    unit_field = "team__unit"
    share_field = "team__partners"

    class Meta:
        ordering = ["team", "start"]
        verbose_name = "shift"
        verbose_name_plural = "shift"

    def __str__(self) -> str:
        return f"{self.team} {self.window_label}"

    @property
    def window_label(self) -> str:
        return f"{self.start:%H.%M}–{self.end:%H.%M}"

    @property
    def period_key(self) -> str:
        return f"{self.start:%H%M}-{self.end:%H%M}"

    @property
    def days_label(self) -> str:
        names = dict(WEEKDAYS)
        if self.days == "0123456":
            return "setiap hari"
        return ", ".join(names[d] for d in self.days if d in names)

    def runs_on(self, day) -> bool:
        return str(day.weekday()) in self.days
