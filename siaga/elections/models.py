from django.db import models

from siaga.core.models import ScopedModel


class Election(ScopedModel):
    """An election (Pemilu, Pilkada or Pilkades) over a scope of regions, owned by a Polres."""

    class Type(models.TextChoices):
        PEMILU = "pemilu", "Pemilu"
        PILKADA = "pilkada", "Pilkada"
        PILKADES = "pilkades", "Pilkades"

    name = models.CharField("nama", max_length=150)
    type = models.CharField("jenis", max_length=10, choices=Type.choices)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="elections", verbose_name="satuan")
    regions = models.ManyToManyField("regions.Region", related_name="elections", verbose_name="cakupan wilayah")
    voting_day = models.DateField("hari pemungutan suara")
    is_demo = models.BooleanField("data demo", default=False)
    shared_with = models.ManyToManyField(
        "units.Unit", blank=True, related_name="shared_elections", verbose_name="dibagikan kepada mitra"
    )

    share_field = "shared_with"

    class Meta:
        ordering = ["-voting_day", "name"]
        verbose_name = "pemilihan"
        verbose_name_plural = "pemilihan"

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    """A tahapan of an election (kampanye, masa tenang, pemungutan suara, rekapitulasi...)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField("tahapan", max_length=150)
    code = models.SlugField("kode", max_length=50, blank=True)
    start = models.DateField("mulai")
    end = models.DateField("selesai")
    is_critical = models.BooleanField("tahapan rawan (pengamanan)", default=False)

    class Meta:
        ordering = ["start", "end"]
        verbose_name = "tahapan"
        verbose_name_plural = "tahapan"

    def __str__(self) -> str:
        return f"{self.name} ({self.start:%d-%m-%Y} s.d. {self.end:%d-%m-%Y})"


class Operation(ScopedModel):
    """A police operation (e.g. Ops Mantap Praja) covering one or more elections."""

    name = models.CharField("nama operasi", max_length=150)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="operations", verbose_name="satuan")
    elections = models.ManyToManyField(Election, related_name="operations", verbose_name="pemilihan")
    units = models.ManyToManyField(
        "units.Unit", blank=True, related_name="involved_operations", verbose_name="satuan yang terlibat"
    )
    start = models.DateField("mulai")
    end = models.DateField("selesai")
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["-start"]
        verbose_name = "operasi"
        verbose_name_plural = "operasi"

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    """A candidate (pair) of a Pilkada or Pilkades, with the ballot number."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    number = models.PositiveSmallIntegerField("nomor urut")
    name = models.CharField("nama pasangan calon", max_length=200)
    parties = models.CharField("partai/gabungan pengusul", max_length=300, blank=True)
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["election", "number"]
        verbose_name = "calon"
        verbose_name_plural = "calon"
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="uniq_candidate_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class CalendarEvent(ScopedModel):
    """A local event (festival, religious gathering, Nataru, Ops Lilin...) shown on the operations calendar."""

    class Kind(models.TextChoices):
        RELIGIOUS = "keagamaan", "Keagamaan"
        CULTURE = "budaya", "Budaya/keramaian"
        POLICE = "kepolisian", "Kegiatan kepolisian"
        OTHER = "lain", "Lainnya"

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="calendar_events", verbose_name="satuan"
    )
    title = models.CharField("kegiatan", max_length=200)
    kind = models.CharField("jenis", max_length=12, choices=Kind.choices, default=Kind.OTHER)
    start = models.DateField("mulai")
    end = models.DateField("selesai")
    location = models.CharField("lokasi", max_length=200, blank=True)
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["start", "title"]
        verbose_name = "agenda lokal"
        verbose_name_plural = "agenda lokal"

    def __str__(self) -> str:
        return self.title
