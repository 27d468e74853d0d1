"""Community policing (Binmas): beats below the desa, the tokoh register, visits, aspirations, himbauan campaigns,
visit directives and weekly visit plans. Every record belongs to a police unit (a Polsek or the Polres)."""

from django.conf import settings
from django.db import models

from siaga.community import choices as c
from siaga.core.models import ScopedModel


class Beat(ScopedModel):
    """A desa (with its Bhabinkamtibmas and Babinsa) or an RW/RT inside it (with its Polisi RW)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="satuan")
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="desa")
    kind = models.CharField("jenis", max_length=4, choices=c.BeatKind.choices, default=c.BeatKind.DESA)
    rw = models.CharField("RW", max_length=5, blank=True)
    rt = models.CharField("RT", max_length=5, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_beats",
        verbose_name="petugas (Bhabinkamtibmas / Polisi RW)",
    )
    babinsa_name = models.CharField("Babinsa", max_length=150, blank=True)
    babinsa_phone = models.CharField("telepon Babinsa", max_length=20, blank=True)
    babinsa_unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="Koramil"
    )
    lat = models.FloatField("lintang pusat", null=True, blank=True)
    lon = models.FloatField("bujur pusat", null=True, blank=True)
    radius_m = models.PositiveIntegerField("radius (m)", default=1500)
    boundary = models.JSONField("batas digambar (GeoJSON)", null=True, blank=True)
    households = models.PositiveIntegerField("jumlah KK", null=True, blank=True)
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["desa__name", "rw", "rt"]
        verbose_name = "wilayah binaan"
        verbose_name_plural = "wilayah binaan"
        constraints = [models.UniqueConstraint(fields=["desa", "rw", "rt"], name="uniq_community_beat")]

    def __str__(self) -> str:
        if self.kind == c.BeatKind.DESA:
            return f"Desa {self.desa.name}"
        label = f"RW {self.rw}" + (f" RT {self.rt}" if self.rt else "")
        return f"{label} {self.desa.name}"


class Tokoh(ScopedModel):
    """A leader to work with. `intel_note` is read by intelligence roles only, `phone`/`address` by roles that need
    them (community.contact); meetings are the visits that name the tokoh."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="satuan")
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="desa")
    beat = models.ForeignKey(
        Beat, null=True, blank=True, on_delete=models.SET_NULL, related_name="tokoh", verbose_name="RW"
    )
    name = models.CharField("nama", max_length=150)
    kind = models.CharField("jenis", max_length=20, choices=c.TokohKind.choices)
    influence = models.PositiveSmallIntegerField("pengaruh (1–5)", default=3)
    affiliations = models.CharField("afiliasi", max_length=250, blank=True)
    phone = models.CharField("telepon", max_length=20, blank=True)
    address = models.CharField("alamat", max_length=250, blank=True)
    intel_note = models.TextField("catatan intelijen", blank=True)
    lat = models.FloatField("lintang", null=True, blank=True)
    lon = models.FloatField("bujur", null=True, blank=True)
    is_active = models.BooleanField("aktif", default=True)
    is_demo = models.BooleanField("data demo", default=False)

    audit_exclude = ("updated_at", "created_at", "intel_note", "phone", "address")

    class Meta:
        ordering = ["name"]
        verbose_name = "tokoh"
        verbose_name_plural = "tokoh"
        indexes = [models.Index(fields=["desa", "kind"])]

    def __str__(self) -> str:
        return self.name


class Campaign(ScopedModel):
    """A himbauan / cooling-system campaign with its target desa and period; reach is counted from visits that
    carried it and from sermons and WhatsApp groups recorded against it."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="satuan")
    title = models.CharField("judul", max_length=200)
    kind = models.CharField("jenis", max_length=20, choices=c.CampaignKind.choices)
    message = models.TextField("pesan")
    hoax = models.CharField("hoaks yang dilawan", max_length=250, blank=True)
    target_desa = models.ManyToManyField("regions.Region", blank=True, related_name="+", verbose_name="desa sasaran")
    target_groups = models.CharField("kelompok sasaran", max_length=250, blank=True)
    start = models.DateField("mulai")
    end = models.DateField("sampai")
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["-start"]
        verbose_name = "kampanye himbauan"
        verbose_name_plural = "kampanye himbauan"

    def __str__(self) -> str:
        return self.title


class Directive(ScopedModel):
    """A visit directive, e.g. "sambang every calon kades before 1 December": the tokoh of the named kinds (in the
    named desa, or all of the unit's) must each be visited between `start` and `deadline`."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="satuan")
    title = models.CharField("judul", max_length=200)
    tokoh_kinds = models.JSONField("jenis tokoh", default=list)
    desa = models.ManyToManyField("regions.Region", blank=True, related_name="+", verbose_name="desa")
    start = models.DateField("mulai")
    deadline = models.DateField("batas waktu")
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["deadline"]
        verbose_name = "arahan kunjungan"
        verbose_name_plural = "arahan kunjungan"

    def __str__(self) -> str:
        return self.title


def visit_photo_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"sambang/{instance.at:%Y/%m/%d}/{instance.client_id}.{ext}"


class Visit(ScopedModel):
    """A sambang / DDS / sambung roso / talk. `client_id` (made on the phone) makes offline retries idempotent;
    a position far outside the beat is kept and flagged (`position_check`)."""

    client_id = models.UUIDField("ID klien", unique=True)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="satuan")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="petugas"
    )
    beat = models.ForeignKey(Beat, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits")
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="desa")
    kind = models.CharField("jenis", max_length=20, choices=c.VisitKind.choices, default=c.VisitKind.SAMBANG)
    at = models.DateTimeField("waktu", db_index=True)
    lat = models.FloatField("lintang", null=True, blank=True)
    lon = models.FloatField("bujur", null=True, blank=True)
    accuracy_m = models.FloatField("akurasi (m)", null=True, blank=True)
    position_check = models.CharField(
        "posisi", max_length=8, choices=c.PositionCheck.choices, default=c.PositionCheck.UNKNOWN
    )
    distance_m = models.PositiveIntegerField("jarak dari wilayah binaan (m)", null=True, blank=True)
    audience = models.CharField("sasaran", max_length=10, choices=c.Audience.choices, default=c.Audience.WARGA)
    headcount = models.PositiveIntegerField("jumlah orang", default=1)
    tokoh = models.ManyToManyField(Tokoh, blank=True, related_name="visits", verbose_name="tokoh")
    topics = models.CharField("topik", max_length=250, blank=True)
    himbauan = models.TextField("himbauan", blank=True)
    campaigns = models.ManyToManyField(Campaign, blank=True, related_name="visits", verbose_name="kampanye")
    note = models.TextField("catatan", blank=True)
    photo = models.FileField("foto", upload_to=visit_photo_path, blank=True)
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["-at"]
        verbose_name = "kunjungan"
        verbose_name_plural = "kunjungan"
        indexes = [models.Index(fields=["desa", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.desa.name} {self.at:%d-%m %H.%M}"


class EarlyWarning(ScopedModel):
    """Early-warning information heard on a visit: an intel note for Satintelkam; the source stays protected
    (read only with community.intel)."""

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="early_warning")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="satuan")
    text = models.TextField("informasi")
    source = models.CharField("sumber", max_length=250, blank=True)
    severity = models.PositiveSmallIntegerField("tingkat", default=2)
    is_demo = models.BooleanField("data demo", default=False)

    audit_exclude = ("updated_at", "created_at", "source", "text")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "informasi deteksi dini"
        verbose_name_plural = "informasi deteksi dini"

    def __str__(self) -> str:
        return f"Deteksi dini #{self.pk}"


class Aspiration(ScopedModel):
    """An aspiration or complaint: recorded → routed (a unit or partner) → answered → returned to the resident."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="satuan")
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="desa")
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="aspirations")
    kind = models.CharField("jenis", max_length=10, choices=c.AspirationKind.choices, default=c.AspirationKind.ASPIRASI)
    topic = models.CharField("topik", max_length=15, choices=c.AspirationTopic.choices)
    text = models.TextField("isi")
    resident = models.CharField("nama warga", max_length=150, blank=True)
    status = models.CharField(
        "status", max_length=10, choices=c.AspirationStatus.choices, default=c.AspirationStatus.RECORDED
    )
    routed_to = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="diteruskan ke"
    )
    due = models.DateField("tenggat", null=True, blank=True)
    answer = models.TextField("jawaban", blank=True)
    answered_at = models.DateTimeField("dijawab", null=True, blank=True)
    returned_at = models.DateTimeField("disampaikan", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    is_demo = models.BooleanField("data demo", default=False)

    share_field = "routed_to"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "aspirasi / keluhan"
        verbose_name_plural = "aspirasi / keluhan"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class AspirationEvent(models.Model):
    """One step of an aspiration's workflow (who moved it, from which status to which)."""

    aspiration = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("waktu", auto_now_add=True)
    old = models.CharField("dari", max_length=10, blank=True)
    new = models.CharField("ke", max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField("catatan", blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "riwayat aspirasi"
        verbose_name_plural = "riwayat aspirasi"

    def __str__(self) -> str:
        return f"{self.old or '—'} → {self.new}"


class CampaignReach(ScopedModel):
    """A sermon or WhatsApp group that carried a campaign (visits count through Visit.campaigns)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reach")
    channel = models.CharField("saluran", max_length=10, choices=c.ReachChannel.choices)
    day = models.DateField("tanggal")
    audience = models.PositiveIntegerField("jangkauan (orang)", default=0)
    note = models.CharField("keterangan", max_length=250, blank=True)
    desa = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_demo = models.BooleanField("data demo", default=False)

    unit_field = "campaign__unit"

    class Meta:
        ordering = ["-day"]
        verbose_name = "jangkauan kampanye"
        verbose_name_plural = "jangkauan kampanye"


class VisitPlan(ScopedModel):
    """A week's visit plan for the officers of a unit, computed by siaga.engine.visits in a background job."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="satuan")
    week_start = models.DateField("awal minggu")
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    result = models.JSONField("hasil", default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-week_start", "-id"]
        verbose_name = "rencana kunjungan"
        verbose_name_plural = "rencana kunjungan"

    def __str__(self) -> str:
        return f"Rencana kunjungan {self.unit} minggu {self.week_start:%d-%m-%Y}"
