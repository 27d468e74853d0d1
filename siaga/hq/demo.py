"""The demo district: real regions and a synthetic (flagged) Polres around them.

`siaga demo --kabupaten 35.09` (development mode only) builds the foundation here (regions, Polda/Polres/Polsek,
partner agencies, one user per role), then calls `build(ctx)` in `siaga/<app>/demo.py` of every app that has one, in the
order of settings.SIAGA_APPS. Every record made here is marked as demo data.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.db import transaction

from siaga.accounts.models import User
from siaga.core.access import SYSTEM
from siaga.regions.models import Region
from siaga.regions.selectors import short_name
from siaga.regions.services import regions_load
from siaga.units.models import Unit
from siaga.units.services import unit_create

DEMO_PASSWORD = "siaga-demo-2024"


class DemoRefused(Exception):
    """The demo would overwrite real data or accounts, or the installation is not in development mode."""


@dataclass
class DemoContext:
    kabupaten: Region
    polda: Unit
    polres: Unit
    polseks: list[Unit]
    partners: dict[str, Unit]
    users: dict[str, User]
    rng: random.Random
    log: object = print
    extras: dict = field(default_factory=dict)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def build_units(kab: Region) -> tuple[Unit, Unit, list[Unit], dict[str, Unit]]:
    province = kab.parent
    polda = unit_create(
        actor=SYSTEM,
        code=f"polda-{slug(province.name)}",
        name=f"Polda {province.name}",
        kind="polda",
        regions=[province],
        lat=province.lat,
        lon=province.lon,
        is_demo=True,
    )
    name = short_name(kab)
    prefix = "polresta" if kab.kind == "kota" else "polres"
    polres = unit_create(
        actor=SYSTEM,
        code=f"{prefix}-{slug(name)}",
        name=f"{prefix.title()} {name}",
        kind="polres",
        parent=polda,
        regions=[kab],
        lat=kab.lat,
        lon=kab.lon,
        is_demo=True,
    )
    polseks = [
        unit_create(
            actor=SYSTEM,
            code=f"polsek-{slug(name)}-{slug(kec.name)}",
            name=f"Polsek {kec.name}",
            kind="polsek",
            parent=polres,
            regions=[kec],
            lat=kec.lat,
            lon=kec.lon,
            is_demo=True,
        )
        for kec in kab.children.order_by("code")
    ]
    partners = {
        kind: unit_create(
            actor=SYSTEM,
            code=f"{kind}-{slug(name)}",
            name=f"{label} {name}",
            kind=kind,
            parent=polres,
            regions=[kab],
            lat=kab.lat,
            lon=kab.lon,
            is_demo=True,
        )
        for kind, label in [
            ("kodim", "Kodim"),
            ("kpu", "KPU Kabupaten"),
            ("bawaslu", "Bawaslu Kabupaten"),
            ("satpolpp", "Satpol PP"),
            ("dishub", "Dishub"),
        ]
    }
    return polda, polres, polseks, partners


def build_users(polres: Unit, polseks: list[Unit], partners: dict[str, Unit]) -> dict[str, User]:
    polsek = polseks[0]
    specs = [
        ("kapolres", "kapolres", polres, "AKBP Demo Kapolres"),
        ("wakapolres", "wakapolres", polres, "Kompol Demo Wakapolres"),
        ("kabagops", "ops", polres, "Kompol Demo Kabagops"),
        ("kasatintel", "intel", polres, "AKP Demo Kasat Intelkam"),
        ("kapolsek", "kapolsek", polsek, f"AKP Demo Kapolsek {polsek.name.removeprefix('Polsek ')}"),
        ("bhabin", "field", polsek, "Aiptu Demo Bhabinkamtibmas"),
        ("kapolsek2", "kapolsek", polseks[-1], f"AKP Demo Kapolsek {polseks[-1].name.removeprefix('Polsek ')}"),
        ("mitra_kpu", "partner", partners["kpu"], "Demo Petugas KPU"),
        ("peninjau", "viewer", polres, "Demo Peninjau"),
        ("admin", "admin", polres, "Demo Administrator"),
    ]
    clash = User.objects.filter(username__in=[s[0] for s in specs], is_demo=False).values_list("username", flat=True)
    if clash:
        raise DemoRefused(
            f"Pengguna {', '.join(sorted(clash))} sudah ada dan bukan akun demo: demo tidak dibangun di atasnya."
        )
    users = {}
    for username, role, unit, full_name in specs:
        fields = {
            "role": role,
            "unit": unit,
            "first_name": full_name,
            "is_demo": True,
            "is_staff": role == "admin",
            "is_superuser": role == "admin",
        }
        user, created = User.objects.update_or_create(username=username, defaults=fields)
        if created:  # an existing demo account keeps whatever password it has now
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[username] = user
    return users


def build_demo(*, kabupaten_code: str = "35.09", seed: int = 2024, log=print, force: bool = False) -> DemoContext:
    if not (settings.DEBUG or getattr(settings, "TESTING", False) or force):
        raise DemoRefused(
            "Demo hanya dibangun dalam mode pengembangan (SIAGA_DEBUG=1): demo membuat akun dengan kata sandi "
            "publik. Gunakan --force hanya pada server uji yang tidak berisi data nyata."
        )
    regions_load(prefix=kabupaten_code)
    kab = Region.objects.select_related("parent").get(code=kabupaten_code)
    if kab.level != 2:
        raise ValueError(f"Kode {kabupaten_code} bukan kabupaten/kota.")
    with transaction.atomic():
        polda, polres, polseks, partners = build_units(kab)
        users = build_users(polres, polseks, partners)
    ctx = DemoContext(kab, polda, polres, polseks, partners, users, random.Random(seed), log)
    log(f"Wilayah dan satuan: {kab.name}, {len(polseks)} Polsek, {len(partners)} mitra.")
    for app in settings.SIAGA_APPS:
        if app != "siaga.hq" and find_spec(f"{app}.demo") is not None:
            import_module(f"{app}.demo").build(ctx)
    return ctx
