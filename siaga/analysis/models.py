"""The gangguan kamtibmas register (Perkap 7/2009 Sislap): the classification and the clearance rule as data, each
case with its status history, population per region (for the crime rate) and the Anev documents made from them."""

import uuid

from django.conf import settings
from django.db import models

from siaga.core.models import ScopedModel


class Status(models.TextChoices):
    LIDIK = "lidik", "Penyelidikan"
    SIDIK = "sidik", "Penyidikan"
    TAHAP2 = "tahap2", "Tahap II / P21"
    SELESAI = "selesai", "Selesai"
    SP3 = "sp3", "Dihentikan (SP3)"
    LIMPAH = "limpah", "Dilimpahkan"


# A status may only move forward: lidik → sidik → tahap2 → selesai; sp3 and limpah end a case from any step.
STATUS_RANK = {"lidik": 0, "sidik": 1, "tahap2": 2, "selesai": 3, "sp3": 3, "limpah": 3}


class CrimeGroup(models.Model):
    """A golongan of the Perkap 7/2009 classification; `is_crime` golongan count in crime total (CT)."""

    code = models.CharField("kode", max_length=40, primary_key=True)
    label = models.CharField("golongan", max_length=150)
    is_crime = models.BooleanField("dihitung sebagai kejahatan (CT)", default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "golongan gangguan kamtibmas"
        verbose_name_plural = "golongan gangguan kamtibmas"

    def __str__(self) -> str:
        return self.label


class CrimeType(models.Model):
    """A jenis gangguan kamtibmas with its legal reference; shipped as data (data/perkap_7_2009.json)."""

    class Theme(models.TextChoices):
        NONE = "", "-"
        NARKOTIKA = "narkotika", "Narkotika"
        PEMILU = "pemilu", "Pidana pemilu"

    code = models.CharField("kode", max_length=40, primary_key=True)
    group = models.ForeignKey(CrimeGroup, on_delete=models.PROTECT, related_name="types", verbose_name="golongan")
    name = models.CharField("jenis", max_length=150)
    law_ref = models.CharField("dasar hukum", max_length=200, blank=True)
    is_crime_index = models.BooleanField("crime index", default=False)
    theme = models.CharField("tema Anev", max_length=12, choices=Theme.choices, blank=True, default="")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["group__order", "order"]
        verbose_name = "jenis gangguan kamtibmas"
        verbose_name_plural = "jenis gangguan kamtibmas"

    def __str__(self) -> str:
        return self.name


class ClearanceRule(models.Model):
    """Which statuses count a case as cleared (CC). One row (`code="default"`), shipped as data."""

    code = models.CharField(max_length=20, primary_key=True, default="default")
    statuses = models.JSONField("status dihitung selesai (CC)", default=list)
    note = models.TextField("keterangan", blank=True)

    class Meta:
        verbose_name = "aturan crime clearance"
        verbose_name_plural = "aturan crime clearance"

    def __str__(self) -> str:
        return ", ".join(self.statuses)


class Case(ScopedModel):
    """One gangguan kamtibmas case of the register (a Laporan Polisi)."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="kamtibmas_cases", verbose_name="kesatuan penanganan"
    )
    client_id = models.UUIDField("ID klien", unique=True, default=uuid.uuid4, editable=False)
    lp_number = models.CharField("nomor LP", max_length=80, unique=True)
    crime_type = models.ForeignKey(CrimeType, on_delete=models.PROTECT, related_name="cases", verbose_name="jenis")
    occurred_at = models.DateTimeField("waktu kejadian", db_index=True)
    reported_at = models.DateTimeField("waktu lapor", db_index=True)
    desa = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="desa"
    )
    lat = models.FloatField("lintang", null=True, blank=True)
    lon = models.FloatField("bujur", null=True, blank=True)
    place = models.CharField("tempat kejadian", max_length=250, blank=True)
    station = models.ForeignKey(
        "stations.Station", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="TPS"
    )
    object_name = models.CharField("objek terdekat", max_length=200, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.LIDIK)
    cleared_on = models.DateField("tanggal selesai (CC)", null=True, blank=True, db_index=True)
    victims = models.PositiveIntegerField("korban", default=0)
    suspects = models.PositiveIntegerField("tersangka", default=0)
    loss_rp = models.PositiveBigIntegerField("kerugian (Rp)", default=0)
    evidence_type = models.CharField("jenis barang bukti narkotika", max_length=60, blank=True)
    evidence_grams = models.FloatField("berat barang bukti (gram)", null=True, blank=True)
    gakkumdu = models.BooleanField("dirujuk Sentra Gakkumdu", default=False)
    summary = models.TextField("uraian singkat", blank=True)
    report = models.ForeignKey(
        "reports.Report",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="laporan asal",
    )
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = "perkara gangguan kamtibmas"
        verbose_name_plural = "register gangguan kamtibmas"
        indexes = [models.Index(fields=["unit", "occurred_at"])]

    def __str__(self) -> str:
        return self.lp_number


class CaseStatusChange(models.Model):
    """The date a case reached a status (its status history)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")
    status = models.CharField("status", max_length=10, choices=Status.choices)
    reached_on = models.DateField("tanggal")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reached_on", "id"]
        verbose_name = "riwayat status perkara"
        verbose_name_plural = "riwayat status perkara"

    def __str__(self) -> str:
        return f"{self.status} {self.reached_on}"


class Population(models.Model):
    """Population of a region in a year; the demo's figures are marked synthetic (`is_demo`)."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("tahun")
    population = models.PositiveIntegerField("jumlah penduduk")
    source = models.CharField("sumber", max_length=200, blank=True)
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="analysis_population_region_year")]
        verbose_name = "jumlah penduduk"
        verbose_name_plural = "jumlah penduduk"

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.population}"


class AnevDocument(ScopedModel):
    """An Anev made for a unit and a period: its DOCX and PDF, made by a background job."""

    class Report(models.TextChoices):
        ANEV = "anev", "Anev"
        LHGK = "lhgk", "Laporan harian (LHGK)"
        LMGK = "lmgk", "Laporan mingguan (LMGK)"
        LBGK = "lbgk", "Laporan bulanan (LBGK)"
        INSIDENTIL = "insidentil", "Laporan insidentil"

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="anev_documents")
    report = models.CharField("jenis laporan", max_length=12, choices=Report.choices, default=Report.ANEV)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    start = models.DateField("mulai")
    end = models.DateField("sampai")
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    docx = models.FileField(upload_to="anev/", blank=True)
    pdf = models.FileField(upload_to="anev/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "dokumen Anev"
        verbose_name_plural = "dokumen Anev"


class AnevTemplate(ScopedModel):
    """A unit's own Anev layout: a Word template with {{placeholders}} and {{bagian:...}} markers
    (templating.py), checked on upload. The newest active template of a unit, else of its nearest ancestor, is
    used; without one the shipped default. Uploads and resets are audited (ScopedModel)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="anev_templates")
    name = models.CharField("nama berkas", max_length=200)
    docx = models.FileField("templat DOCX", upload_to="anev-templat/")
    sections = models.JSONField("urutan bagian", default=list, blank=True)  # [[key, title], ...] in order
    is_active = models.BooleanField("aktif", default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "templat Anev"
        verbose_name_plural = "templat Anev"

    def __str__(self) -> str:
        return self.name
