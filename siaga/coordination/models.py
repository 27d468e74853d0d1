"""Coordination with partners: the partner directory's people, meetings (rakor, Anev, readiness dialogs...) with
their invitees and attendance, directives (arahan) followed per recipient unit, and Pilkades serentak rounds."""

import uuid

from django.conf import settings
from django.db import models

from siaga.core.models import ScopedModel


class PartnerContact(ScopedModel):
    """A person at a partner agency (or a police unit): personal data, shown only with `coordination.contacts`."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="contacts", verbose_name="instansi")
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="wilayah"
    )
    name = models.CharField("nama", max_length=150)
    position = models.CharField("jabatan", max_length=150, blank=True)
    phone = models.CharField("telepon", max_length=30, blank=True)
    email = models.EmailField("surel", blank=True)
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["unit__name", "name"]
        verbose_name = "kontak mitra"
        verbose_name_plural = "kontak mitra"

    def __str__(self) -> str:
        return f"{self.name} ({self.position})" if self.position else self.name


class Meeting(ScopedModel):
    class Kind(models.TextChoices):
        RAKOR = "rakor", "Rapat koordinasi (rakor)"
        ANEV = "anev", "Anev"
        DIALOG = "dialog_kesiapan", "Dialog kesiapan"
        APEL = "apel_arahan", "Apel dan arahan"
        BRIEFING = "briefing_pilkades", "Briefing Pilkades"
        SAMBUNG_ROSO = "sambung_roso", "Sambung roso"
        PARTNER = "koordinasi_mitra", "Koordinasi dengan mitra"

    class Mode(models.TextChoices):
        OFFLINE = "offline", "Tatap muka"
        ONLINE = "online", "Daring"
        HYBRID = "hybrid", "Tatap muka dan daring"

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="meetings", verbose_name="penyelenggara"
    )
    title = models.CharField("judul", max_length=200)
    kind = models.CharField("jenis", max_length=20, choices=Kind.choices, default=Kind.RAKOR)
    mode = models.CharField("bentuk", max_length=10, choices=Mode.choices, default=Mode.OFFLINE)
    starts_at = models.DateTimeField("mulai")
    ends_at = models.DateTimeField("selesai", null=True, blank=True)
    place = models.CharField("tempat", max_length=200, blank=True)
    link = models.URLField("tautan rapat daring", max_length=300, blank=True)
    election = models.ForeignKey(
        "elections.Election",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="pemilihan",
    )
    operation = models.ForeignKey(
        "elections.Operation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="operasi",
    )
    stage = models.ForeignKey(
        "elections.Stage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="tahapan"
    )
    agenda = models.TextField("agenda", blank=True)
    minutes = models.TextField("notulen", blank=True)
    decisions = models.TextField("keputusan", blank=True)
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="sekretaris",
    )
    checkin_token = models.UUIDField("token presensi", default=uuid.uuid4, unique=True, editable=False)
    client_id = models.UUIDField("ID klien", null=True, blank=True, unique=True)
    shared_with = models.ManyToManyField(
        "units.Unit", blank=True, related_name="shared_meetings", verbose_name="instansi mitra yang diundang"
    )
    is_demo = models.BooleanField("data demo", default=False)

    share_field = "shared_with"
    audit_exclude = ("updated_at", "created_at", "checkin_token")

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "rapat"
        verbose_name_plural = "rapat"

    def __str__(self) -> str:
        return self.title


class Invitee(models.Model):
    """One invitee of a meeting: a unit (its head attends), a user, or a partner contact."""

    class Status(models.TextChoices):
        INVITED = "invited", "Diundang"
        CONFIRMED = "confirmed", "Akan hadir"
        PRESENT = "present", "Hadir"
        ABSENT = "absent", "Tidak hadir"

    class Method(models.TextChoices):
        NONE = "", "-"
        SELF = "self", "Konfirmasi sendiri"
        SECRETARY = "secretary", "Dicentang sekretaris"
        QR = "qr", "Kode QR"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    contact = models.ForeignKey(PartnerContact, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("nama", max_length=200)
    position = models.CharField("jabatan/instansi", max_length=200, blank=True)
    status = models.CharField("kehadiran", max_length=10, choices=Status.choices, default=Status.INVITED)
    method = models.CharField("cara", max_length=10, choices=Method.choices, blank=True)
    attendee_name = models.CharField("nama yang hadir", max_length=200, blank=True)
    checked_in_at = models.DateTimeField("waktu hadir", null=True, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = "undangan"
        verbose_name_plural = "undangan"

    def __str__(self) -> str:
        return self.name


class Directive(ScopedModel):
    """An arahan / atensi pimpinan to one or more units, with a deadline."""

    class Measure(models.TextChoices):
        NONE = "", "Tidak diukur otomatis"
        PATROL_CHECKINS = "patrol_checkins", "Kehadiran patroli tercatat"
        FIELD_REPORTS = "field_reports", "Laporan lapangan masuk"
        DEPLOYMENT_PLANS = "deployment_plans", "Rencana pengamanan disetujui"

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="directives", verbose_name="penerbit")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="pemberi arahan",
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="directives", verbose_name="rapat"
    )
    election = models.ForeignKey(
        "elections.Election",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="pemilihan",
    )
    title = models.CharField("arahan", max_length=250)
    body = models.TextField("uraian", blank=True)
    deadline = models.DateField("batas waktu")
    measure = models.CharField("bukti data", max_length=20, choices=Measure.choices, blank=True)
    client_id = models.UUIDField("ID klien", null=True, blank=True, unique=True)
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "arahan"
        verbose_name_plural = "arahan"

    def __str__(self) -> str:
        return self.title


class DirectiveTarget(ScopedModel):
    """One recipient unit of a directive: acknowledges, reports progress, closes; escalates when overdue."""

    class Status(models.TextChoices):
        PENDING = "pending", "Belum dibaca"
        ACKNOWLEDGED = "acknowledged", "Diterima"
        IN_PROGRESS = "in_progress", "Dilaksanakan"
        DONE = "done", "Selesai"

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="directive_targets", verbose_name="satuan"
    )
    status = models.CharField("status", max_length=15, choices=Status.choices, default=Status.PENDING)
    acknowledged_at = models.DateTimeField("diterima", null=True, blank=True)
    closed_at = models.DateTimeField("selesai", null=True, blank=True)
    escalated_at = models.DateTimeField("dieskalasi", null=True, blank=True)
    deadline = models.DateField("batas waktu diperpanjang", null=True, blank=True)
    progress = models.PositiveIntegerField("capaian (angka)", default=0)
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["directive", "unit__path"]
        verbose_name = "penerima arahan"
        verbose_name_plural = "penerima arahan"
        constraints = [models.UniqueConstraint(fields=["directive", "unit"], name="uniq_directive_unit")]
        indexes = [models.Index(fields=["status", "escalated_at"])]

    def __str__(self) -> str:
        return f"{self.directive} → {self.unit}"

    @property
    def due(self):
        """This unit's deadline: the directive's, unless the issuer extended it for this unit."""
        return self.deadline or self.directive.deadline

    def state(self, today) -> str:
        """done, escalated, overdue, in_progress, acknowledged or pending (the matrix cell)."""
        if self.status == self.Status.DONE:
            return "done"
        if self.escalated_at:
            return "escalated"
        if today > self.due:
            return "overdue"
        return self.status


def directive_photo_path(instance, filename: str) -> str:
    return f"arahan/{instance.target_id}/{filename}"


class DirectiveReport(models.Model):
    target = models.ForeignKey(DirectiveTarget, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField("laporan")
    number = models.PositiveIntegerField("angka capaian", null=True, blank=True)
    photo = models.FileField("foto", upload_to=directive_photo_path, blank=True)
    closes = models.BooleanField("menutup arahan", default=False)
    client_id = models.UUIDField("ID klien", null=True, blank=True, unique=True)
    created_at = models.DateTimeField("waktu", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "laporan tindak lanjut"
        verbose_name_plural = "laporan tindak lanjut"

    def __str__(self) -> str:
        return self.text[:60]


class PilkadesRound(ScopedModel):
    """A Pilkades serentak round of one kabupaten (one voting day), owned by the Polres."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="pilkades_rounds", verbose_name="Polres"
    )
    kabupaten = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="kabupaten"
    )
    voting_day = models.DateField("hari pemungutan suara")
    name = models.CharField("nama", max_length=200)
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["-voting_day"]
        verbose_name = "Pilkades serentak"
        verbose_name_plural = "Pilkades serentak"
        constraints = [models.UniqueConstraint(fields=["unit", "kabupaten", "voting_day"], name="uniq_pilkades_round")]

    def __str__(self) -> str:
        return self.name


class PilkadesDesa(ScopedModel):
    """One desa of a round: its Pilkades election and the day's status, under the Polsek responsible."""

    class Voting(models.TextChoices):
        NOT_STARTED = "not_started", "Belum dimulai"
        OPEN = "open", "Pemungutan berlangsung"
        CLOSED = "closed", "Pemungutan selesai"

    class Counting(models.TextChoices):
        NOT_STARTED = "not_started", "Belum dihitung"
        COUNTING = "counting", "Penghitungan berlangsung"
        DONE = "done", "Penghitungan selesai"

    class Result(models.TextChoices):
        NONE = "", "Belum ada hasil"
        ACCEPTED = "accepted", "Diterima"
        DISPUTED = "disputed", "Disengketakan"

    round = models.ForeignKey(PilkadesRound, on_delete=models.CASCADE, related_name="desas")
    election = models.OneToOneField("elections.Election", on_delete=models.CASCADE, related_name="pilkades_desa")
    desa = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="Polsek")
    voting = models.CharField("pemungutan", max_length=12, choices=Voting.choices, default=Voting.NOT_STARTED)
    counting = models.CharField("penghitungan", max_length=12, choices=Counting.choices, default=Counting.NOT_STARTED)
    result = models.CharField("hasil", max_length=10, choices=Result.choices, blank=True)
    winner_number = models.PositiveSmallIntegerField("nomor urut terpilih", null=True, blank=True)
    note = models.CharField("catatan", max_length=300, blank=True)
    is_demo = models.BooleanField("data demo", default=False)

    class Meta:
        ordering = ["round", "desa__code"]
        verbose_name = "desa Pilkades"
        verbose_name_plural = "desa Pilkades"
        constraints = [models.UniqueConstraint(fields=["round", "desa"], name="uniq_pilkades_round_desa")]

    def __str__(self) -> str:
        return f"{self.desa} ({self.round})"
