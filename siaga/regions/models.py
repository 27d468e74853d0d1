from django.db import models

from siaga.core.querysets import RestrictedQuerySet


class Region(models.Model):
    """A Kemendagri region: provinsi (1) → kabupaten/kota (2) → kecamatan (3) → desa/kelurahan (4)."""

    class Level(models.IntegerChoices):
        PROVINSI = 1, "Provinsi"
        KABUPATEN = 2, "Kabupaten/Kota"
        KECAMATAN = 3, "Kecamatan"
        DESA = 4, "Desa/Kelurahan"

    class CoordSource(models.TextChoices):
        GEONAMES = "geonames", "GeoNames (tempat nyata)"
        DERIVED = "derived", "Rata-rata wilayah di bawahnya"
        APPROX = "approx", "Perkiraan (bukan koordinat resmi)"
        MANUAL = "manual", "Diisi petugas"

    code = models.CharField("kode Kemendagri", max_length=13, primary_key=True)
    name = models.CharField("nama", max_length=120, db_index=True)
    level = models.PositiveSmallIntegerField("tingkat", choices=Level.choices, db_index=True)
    kind = models.CharField("jenis", max_length=20)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    lat = models.FloatField("lintang", null=True, blank=True)
    lon = models.FloatField("bujur", null=True, blank=True)
    coord_source = models.CharField("sumber koordinat", max_length=10, choices=CoordSource.choices, blank=True)
    boundary = models.JSONField("batas (GeoJSON)", null=True, blank=True)
    # Empty: the outline is Siaga's approximation (siaga/regions/outlines.py); otherwise where the official
    # outline was imported from (siaga/regions/boundaries.py), e.g. "BIG RBI 2023".
    boundary_source = models.CharField("sumber batas resmi", max_length=200, blank=True)
    postal_code = models.CharField("kode pos", max_length=5, blank=True)

    unit_field = None  # reference data: readable by every signed-in user
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "wilayah"
        verbose_name_plural = "wilayah"

    def __str__(self) -> str:
        return f"{self.kind_label} {self.name}" if self.level in (3, 4) else self.name

    @property
    def kind_label(self) -> str:
        return {"kecamatan": "Kec.", "distrik": "Distrik", "kelurahan": "Kel.", "desa": "Desa"}.get(self.kind, "")

    @property
    def is_approximate(self) -> bool:
        return self.coord_source == self.CoordSource.APPROX

    @property
    def boundary_is_official(self) -> bool:
        return bool(self.boundary and self.boundary_source)
