import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from siaga.accounts.roles import Role
from siaga.core import access
from siaga.core.models import AuditedModel


class User(AbstractUser, AuditedModel):
    role = models.CharField("peran", max_length=12, choices=Role.choices, default=Role.VIEWER)
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    nrp = models.CharField("NRP", max_length=20, blank=True)
    phone = models.CharField("telepon", max_length=20, blank=True)
    is_demo = models.BooleanField("akun demo", default=False)

    audit_exclude = ("password", "last_login")
    unit_field = "unit"

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER

    def can(self, perm: str) -> bool:
        return access.can(self, perm)


class ApiToken(models.Model):
    """A bearer token for field apps, gateways and partners. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("nama", max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("berlaku sampai", null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user: User, name: str, expires_at=None) -> tuple["ApiToken", str]:
        raw = "sg_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=cls.hash(raw), prefix=raw[:8], expires_at=expires_at)
        return token, raw

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
