from django.db import models


class ObjectKind(models.TextChoices):
    KPU_OFFICE = "kpu", "Kantor KPU"
    BAWASLU_OFFICE = "bawaslu", "Kantor Bawaslu"
    WAREHOUSE = "gudang", "Gudang logistik"
    PPK_PPS = "ppk_pps", "Kantor PPK/PPS"
    CANDIDATE = "kandidat", "Rumah kandidat / posko pemenangan"
    CROWD = "keramaian", "Titik keramaian"
    WORSHIP = "ibadah", "Tempat ibadah"
    VITAL = "vital", "Objek vital / infrastruktur"
    HOTSPOT = "titik_rawan", "Titik rawan kejahatan (hot spot)"


class Agency(models.TextChoices):
    POLRI = "polri", "Polri"
    TNI = "tni", "TNI"
    SATPOLPP = "satpolpp", "Satpol PP"
    DISHUB = "dishub", "Dishub"


class PlanStatus(models.TextChoices):
    QUEUED = "queued", "Antre"
    RUNNING = "running", "Dihitung"
    DONE = "done", "Selesai"
    FAILED = "failed", "Gagal"


class PositionSource(models.TextChoices):
    GPS = "gps", "GPS perangkat"
    TYPED = "typed", "Diketik petugas"
    NONE = "none", "Tanpa posisi"


WEEKDAYS = [
    ("0", "Senin"),
    ("1", "Selasa"),
    ("2", "Rabu"),
    ("3", "Kamis"),
    ("4", "Jumat"),
    ("5", "Sabtu"),
    ("6", "Minggu"),
]
