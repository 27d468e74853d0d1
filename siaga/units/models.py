from django.db import models

from siaga.core.models import AuditedModel, TimeStampedModel
from siaga.core.querysets import RestrictedQuerySet


class Unit(TimeStampedModel, AuditedModel):
    """A police command (Polda → Polres → Polsek) or a partner agency, with its jurisdiction over regions.

    `path` is the materialised path of codes ("/polda-jatim/polres-jember/polsek-kencong/") so that
    "this unit and every unit below it" is one indexed prefix query."""

    class Kind(models.TextChoices):
        MABES = "mabes", "Mabes Polri"
        POLDA = "polda", "Polda"
        POLRES = "polres", "Polres"
        POLSEK = "polsek", "Polsek"
        KODIM = "kodim", "Kodim"
        KORAMIL = "koramil", "Koramil"
        KPU = "kpu", "KPU"
        BAWASLU = "bawaslu", "Bawaslu"
        SATPOLPP = "satpolpp", "Satpol PP"
        DISHUB = "dishub", "Dishub"
        LINMAS = "linmas", "Satlinmas"
        PANWASCAM = "panwascam", "Panwascam"
        PEMDA = "pemda", "Pemda"
        KESBANGPOL = "kesbangpol", "Kesbangpol"
        FKUB = "fkub", "FKUB"
        MUI = "mui", "MUI"
        ORMAS = "ormas", "Ormas"
        DAI_KAMTIBMAS = "dai_kamtibmas", "Dai Kamtibmas"
        MEDIA = "media", "Media"

    POLICE_KINDS = ("mabes", "polda", "polres", "polsek")

    code = models.SlugField("kode", max_length=80, unique=True)
    name = models.CharField("nama", max_length=150)
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField("jalur", max_length=500, db_index=True, editable=False)
    regions = models.ManyToManyField("regions.Region", blank=True, related_name="units", verbose_name="wilayah hukum")
    address = models.CharField("alamat", max_length=250, blank=True)
    lat = models.FloatField("lintang", null=True, blank=True)
    lon = models.FloatField("bujur", null=True, blank=True)
    is_demo = models.BooleanField("data demo", default=False)

    unit_field = ""  # a unit is scoped by its own path
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = "satuan"
        verbose_name_plural = "satuan"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent_id else "/") + f"{self.code}/"
        super().save(*args, **kwargs)

    @property
    def is_police(self) -> bool:
        return self.kind in self.POLICE_KINDS

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2
