"""Cyber patrol: posts collected by monitors, the accounts behind them, narratives, cases with preserved evidence
and a chain-of-custody log, and the versions of the text model. Every read goes through `restrict(user)`, which
shows nothing to a user without `siber.view` (only Satintelkam at Polres level or above)."""

from django.conf import settings
from django.db import models

from siaga.core.models import ScopedModel, TimeStampedModel
from siaga.core.querysets import RestrictedQuerySet
from siaga.engine.text.labels import LABEL_NAMES
from siaga.siber.choices import CaseAction, CaseStatus, CustodyAction, Platform, Review, Source


class SiberQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view"):
        from siaga.core import access

        if user is not access.SYSTEM and not access.can(user, "siber.view"):
            return self.none()
        return super().restrict(user, action)


class TextModelVersion(TimeStampedModel):
    """One trained text model with its measured scores; exactly one is active (the one that classifies)."""

    version = models.PositiveIntegerField("versi", unique=True)
    blob = models.BinaryField("model")
    labels = models.JSONField("label", default=list)
    scores = models.JSONField("skor uji", default=dict)
    meta = models.JSONField("keterangan", default=dict)
    rows = models.PositiveIntegerField("baris latih", default=0)
    is_active = models.BooleanField("aktif", default=False)
    is_synthetic = models.BooleanField("data sintetis", default=False)
    source = models.CharField("sumber", max_length=20, default="command")
    trained_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    note = models.CharField("catatan", max_length=300, blank=True)

    unit_field = None
    objects = SiberQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = "versi model teks"

    def __str__(self) -> str:
        return f"Model v{self.version}"

    @property
    def macro_f1(self) -> float:
        return float(self.scores.get("macro_f1", 0.0))


class SocialAccount(ScopedModel):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    platform = models.CharField("platform", max_length=20, choices=Platform.choices)
    handle = models.CharField("akun", max_length=150)
    display_name = models.CharField("nama tampilan", max_length=200, blank=True)
    first_seen = models.DateTimeField("pertama terlihat", null=True, blank=True)
    is_demo = models.BooleanField("data demo", default=False)

    objects = SiberQuerySet.as_manager()

    class Meta:
        ordering = ["platform", "handle"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "platform", "handle"], name="siber_account_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.handle} ({self.get_platform_display()})"


class Narrative(ScopedModel):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("judul", max_length=200)
    sample = models.TextField("teks contoh")
    first_seen = models.DateTimeField("pertama terlihat")
    last_seen = models.DateTimeField("terakhir terlihat")
    post_count = models.PositiveIntegerField("jumlah unggahan", default=0)
    account_count = models.PositiveIntegerField("jumlah akun", default=0)
    reach = models.PositiveBigIntegerField("jangkauan", default=0)
    platforms = models.JSONField("platform", default=list)
    flags = models.JSONField("label", default=list)
    desa = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kecamatan = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lat = models.FloatField("lintang", null=True, blank=True)
    lon = models.FloatField("bujur", null=True, blank=True)
    is_demo = models.BooleanField("data demo", default=False)

    objects = SiberQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def label_names(self) -> list[str]:
        return [LABEL_NAMES.get(code, code) for code in self.flags]


class Post(ScopedModel):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    platform = models.CharField("platform", max_length=20, choices=Platform.choices)
    external_id = models.CharField("ID unggahan", max_length=200)
    account = models.ForeignKey(SocialAccount, on_delete=models.PROTECT, related_name="posts")
    text = models.TextField("teks")
    posted_at = models.DateTimeField("waktu unggah")
    reach = models.PositiveBigIntegerField("jangkauan", default=0)
    engagement = models.PositiveBigIntegerField("interaksi", default=0)
    url = models.URLField("tautan", max_length=500, blank=True)
    media_url = models.URLField("media", max_length=500, blank=True)
    screenshot = models.BinaryField("tangkapan layar", null=True, blank=True)
    screenshot_type = models.CharField(max_length=40, blank=True)
    source = models.CharField("sumber", max_length=20, choices=Source.choices)
    flags = models.JSONField("label model", default=list)
    scores = models.JSONField("skor model", default=dict)
    explanations = models.JSONField("penjelasan", default=dict)
    model_version = models.PositiveIntegerField("versi model", null=True, blank=True)
    review = models.CharField("tinjauan", max_length=20, choices=Review.choices, default=Review.PENDING)
    confirmed_labels = models.JSONField("label analis", default=list)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    narrative = models.ForeignKey(Narrative, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts")
    desa = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kecamatan = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    places = models.JSONField("tempat disebut", default=list)
    is_demo = models.BooleanField("data demo", default=False)

    objects = SiberQuerySet.as_manager()
    audit_exclude = ("updated_at", "created_at", "screenshot")

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "platform", "external_id"], name="siber_post_unique"),
        ]
        indexes = [models.Index(fields=["unit", "posted_at"], name="siber_post_time_idx")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.external_id}"

    @property
    def is_flagged(self) -> bool:
        return bool(self.labels)

    @property
    def labels(self) -> list[str]:
        """The analyst's labels once reviewed, the model's before."""
        return list(self.confirmed_labels) if self.review != Review.PENDING else list(self.flags)

    @property
    def label_names(self) -> list[tuple[str, str]]:
        return [(code, LABEL_NAMES.get(code, code)) for code in self.labels]


class Case(ScopedModel):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    number = models.CharField("nomor", max_length=40, unique=True)
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="cases")
    narrative = models.ForeignKey(Narrative, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    status = models.CharField("status", max_length=20, choices=CaseStatus.choices, default=CaseStatus.FLAGGED)
    action = models.CharField("tindakan", max_length=30, choices=CaseAction.choices, blank=True)
    note = models.TextField("catatan", blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField("data demo", default=False)

    objects = SiberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number


class CaseEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    action = models.CharField(max_length=30, blank=True)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.pk}"


class Evidence(ScopedModel):
    """The preserved copy of a post: original text, screenshot and metadata, hashed with SHA-256 at capture."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("teks asli")
    metadata = models.JSONField("metadata")
    screenshot = models.BinaryField(null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    unit_field = "case__unit"
    objects = SiberQuerySet.as_manager()
    audit_exclude = ("updated_at", "created_at", "screenshot")

    class Meta:
        ordering = ["created_at", "id"]


class CustodyEntry(models.Model):
    """Append-only chain of custody: every capture, view and export of a piece of evidence."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="custody")
    action = models.CharField(max_length=20, choices=CustodyAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    ip = models.GenericIPAddressField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.pk}"


class AccountView(models.Model):
    """Every opening of an account's details (who, when, from where)."""

    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.account_id} {self.at:%Y-%m-%d %H:%M}"
