"""Field, public, partner and gateway reports; incidents that group near-duplicates; the timeline; alert levels."""

import uuid

from django.conf import settings
from django.db import models

from siaga.core.models import ScopedModel, TimeStampedModel
from siaga.core.querysets import RestrictedQuerySet

SEVERITY_CHOICES = [(1, "Rendah"), (2, "Sedang"), (3, "Tinggi"), (4, "Kritis")]


class Category(models.Model):
    """A report category. Loaded from the taxonomy data (siaga/engine/triage/data/taxonomy.json); extendable."""

    code = models.SlugField("kode", max_length=40, primary_key=True)
    label = models.CharField("nama", max_length=100)
    group = models.CharField("kelompok", max_length=20, default="kamtibmas")
    default_severity = models.PositiveSmallIntegerField("tingkat bawaan", choices=SEVERITY_CHOICES, default=2)
    description = models.TextField("keterangan", blank=True)
    escalation_minutes = models.JSONField("batas waktu eskalasi (menit per tingkat)", default=dict, blank=True)
    order = models.PositiveSmallIntegerField("urutan", default=100)
    is_active = models.BooleanField("aktif", default=True)

    unit_field = None  # reference data
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "label"]
        verbose_name = "kategori laporan"
        verbose_name_plural = "kategori laporan"

    def __str__(self) -> str:
        return self.label

    def deadline_minutes(self, severity: int) -> int:
        minutes = self.escalation_minutes or {}
        return int(minutes.get(str(severity), minutes.get(severity, {1: 240, 2: 120, 3: 30, 4: 10}[severity])))


class Incident(ScopedModel):
    """One real-world event that one or more (near-duplicate) reports describe."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="incidents", verbose_name="satuan")
    title = models.CharField("judul", max_length=200)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    desa = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lat = models.FloatField("lintang", null=True, blank=True)
    lon = models.FloatField("bujur", null=True, blank=True)
    first_at = models.DateTimeField("laporan pertama")
    last_at = models.DateTimeField("laporan terakhir")
    report_count = models.PositiveIntegerField("jumlah laporan", default=1)
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["-last_at"]
        verbose_name = "kejadian"
        verbose_name_plural = "kejadian"

    def __str__(self) -> str:
        return self.title


class Report(ScopedModel):
    class Source(models.TextChoices):
        OFFICER = "officer", "Petugas"
        PUBLIC = "public", "Masyarakat"
        PARTNER = "partner", "Mitra"
        GATEWAY = "gateway", "Gateway SMS/WhatsApp"

    class Status(models.TextChoices):
        NEW = "new", "Baru"
        VERIFIED = "verified", "Terverifikasi"
        HANDLING = "handling", "Ditangani"
        RESOLVED = "resolved", "Selesai"
        REJECTED = "rejected", "Ditolak"

    OPEN_STATUSES = ("new", "verified", "handling")
    UNATTENDED_STATUSES = ("new", "verified")

    class Triage(models.TextChoices):
        PENDING = "pending", "Menunggu"
        DONE = "done", "Selesai"
        FAILED = "failed", "Gagal"

    client_id = models.UUIDField("ID klien", unique=True, default=uuid.uuid4, editable=False)
    tracking_code = models.CharField("kode pelacakan", max_length=12, null=True, blank=True)  # unique: Meta
    source = models.CharField("sumber", max_length=10, choices=Source.choices)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="reports", verbose_name="satuan penanggung jawab"
    )
    shared_with = models.ManyToManyField("units.Unit", blank=True, related_name="shared_reports")
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name="kategori",
        db_index=False,  # report_category_idx (without PostgreSQL's extra LIKE index)
    )
    category_confirmed = models.BooleanField("kategori dikonfirmasi", default=False)
    suggested_category = models.CharField("saran kategori", max_length=40, blank=True)
    severity = models.PositiveSmallIntegerField("tingkat", choices=SEVERITY_CHOICES, default=2)
    text = models.TextField("uraian")
    occurred_at = models.DateTimeField("waktu kejadian")
    lat = models.FloatField("lintang", null=True, blank=True)
    lon = models.FloatField("bujur", null=True, blank=True)
    location_text = models.CharField("lokasi (teks)", max_length=250, blank=True)
    desa = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="desa",
        db_index=False,  # report_desa_time_idx leads with desa
    )
    station = models.ForeignKey(
        "stations.Station", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    object_id_ref = models.PositiveBigIntegerField("ID objek rawan", null=True, blank=True)
    object_name = models.CharField("objek rawan", max_length=200, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.NEW)
    rejection_reason = models.TextField("alasan penolakan", blank=True)
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    triage_state = models.CharField(max_length=8, choices=Triage.choices, default=Triage.PENDING)
    triage = models.JSONField("hasil triase", default=dict, blank=True)
    # failed triage attempts (connection faults never count) and the last one's error; MAX_ATTEMPTS → "failed"
    triage_attempts = models.PositiveSmallIntegerField("percobaan triase gagal", default=0)
    triage_error = models.CharField("galat triase terakhir", max_length=500, blank=True)
    deadline_at = models.DateTimeField("batas penanganan", null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField("tingkat eskalasi", default=0)
    gateway_message_id = models.CharField("ID pesan gateway", max_length=120, blank=True)
    sender = models.CharField("pengirim (gateway)", max_length=60, blank=True)
    is_demo = models.BooleanField("data demo", default=False)

    share_field = "shared_with"
    audit_exclude = ("updated_at", "created_at", "triage", "sender")
    # The timeline (ReportEvent: actor, time, old → new status) is a report's audit trail; every workflow
    # service writes it, so the generic per-save audit row would only double each change on the hot path.
    audit_enabled = False

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "laporan"
        verbose_name_plural = "laporan"
        indexes = [
            models.Index(fields=["updated_at", "id"], name="report_feed_idx"),
            models.Index(fields=["status", "deadline_at"], name="report_deadline_idx"),
            models.Index(fields=["desa", "created_at"], name="report_desa_time_idx"),
            models.Index(fields=["triage_state", "id"], name="report_triage_idx"),
            models.Index(fields=["lat", "lon"], name="report_latlon_idx"),  # near-duplicate candidates
            models.Index(fields=["category"], name="report_category_idx"),
        ]
        # Every index is paid on each intake INSERT: no single-column index that a composite one already leads
        # with, and none of the LIKE (varchar_pattern_ops) indexes that unique=True / db_index add on PostgreSQL.
        constraints = [models.UniqueConstraint(fields=["tracking_code"], name="report_tracking_code_uniq")]

    def __str__(self) -> str:
        return f"Laporan #{self.pk}"

    @property
    def category_code(self) -> str:
        return self.category_id or self.suggested_category or "lainnya"

    @property
    def category_label(self) -> str:
        """The confirmed (else suggested) category's label, for people (never the code)."""
        from siaga.reports.taxonomy import category_label

        return category_label(self.category_code)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ReportEvent(models.Model):
    """The timeline: one row for every action on a report (who, when, from which status to which)."""

    class Kind(models.TextChoices):
        CREATED = "created", "Diterima"
        SUGGESTED = "suggested", "Saran triase"
        CATEGORIZED = "categorized", "Kategori dikonfirmasi"
        VERIFIED = "verified", "Diverifikasi"
        ASSIGNED = "assigned", "Ditugaskan"
        ESCALATED = "escalated", "Dieskalasi"
        HANDLING = "handling", "Mulai ditangani"
        RESOLVED = "resolved", "Diselesaikan"
        REJECTED = "rejected", "Ditolak"
        SHARED = "shared", "Dibagikan"
        GROUPED = "grouped", "Digabung ke kejadian"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("tindakan", max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField("waktu", auto_now_add=True)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField("catatan", blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "riwayat laporan"
        verbose_name_plural = "riwayat laporan"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d-%m-%Y %H:%M})"


class ReporterContact(models.Model):
    """The reporter's identity, stored apart and shown only to roles with `reports.contact` (UU PDP)."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField("nama", max_length=120, blank=True)
    phone = models.CharField("telepon", max_length=40, blank=True)
    email = models.EmailField("surel", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kontak pelapor"
        verbose_name_plural = "kontak pelapor"

    def __str__(self) -> str:
        return f"Kontak pelapor laporan #{self.report_id}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("foto", upload_to="laporan/%Y/%m/")
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField("ukuran (bita)")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "foto laporan"
        verbose_name_plural = "foto laporan"

    def __str__(self) -> str:
        return self.image.name


class ClassifierState(TimeStampedModel):
    """The category suggester's learned state (from officers' confirmations), one row per key."""

    key = models.CharField(max_length=40, unique=True, default="default")
    state = models.JSONField(default=dict)
    confirmations = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "status pembelajaran triase"
        verbose_name_plural = "status pembelajaran triase"

    def __str__(self) -> str:
        return self.key


class IntakeThrottle(models.Model):
    """The public form's rate limit: one counter per client (HMAC of its address) and time window, shared by all
    workers and raised only by a conditional UPDATE, so simultaneous posts cannot all slip under the limit."""

    key = models.CharField(max_length=64)
    window = models.DateTimeField("awal jendela")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "pembatas laju"
        verbose_name_plural = "pembatas laju"
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="reports_throttle_key_window")]

    def __str__(self) -> str:
        return self.key


class AlertLevel(ScopedModel):
    """The alert level (Siaga I/II/III) of a unit from a point in time; the latest row is the current one."""

    class Level(models.IntegerChoices):
        SIAGA_I = 1, "Siaga I"
        SIAGA_II = 2, "Siaga II"
        SIAGA_III = 3, "Siaga III"

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="alert_levels")
    level = models.PositiveSmallIntegerField("tingkat siaga", choices=Level.choices)
    note = models.CharField("keterangan", max_length=250, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "tingkat siaga"
        verbose_name_plural = "tingkat siaga"

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_level_display()}"
