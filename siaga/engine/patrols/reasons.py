"""Stable reason codes (for the app) and their human-readable text in Bahasa Indonesia."""

from __future__ import annotations

NO_COORDINATES = "no_coordinates"
UNREACHABLE = "unreachable"
NO_ACTIVE_TEAM = "no_active_team"
NOT_ALLOCATED = "not_allocated"
NO_TEAM_SLOT = "no_team_slot"
OUT_OF_SHIFT = "out_of_shift"
SHIFT_FULL = "shift_full"

TEAM_NO_SHIFT = "team_no_shift"
TEAM_NO_BASE = "team_no_base"
TEAM_BAD_SPEED = "team_bad_speed"
TEAM_NO_CAPACITY = "team_no_capacity"
TEAM_IDLE = "team_idle"

MESSAGES: dict[str, str] = {
    NO_COORDINATES: (
        "objek tanpa koordinat yang sah (kosong, bukan angka atau di luar rentang); "
        "tidak dapat dijadwalkan untuk patroli"
    ),
    UNREACHABLE: "tidak terjangkau dalam jendela shift tim mana pun (jarak atau jendela waktu kritis)",
    NO_ACTIVE_TEAM: "tidak ada tim aktif dengan jadwal shift",
    NOT_ALLOCATED: (
        "tidak mendapat alokasi kunjungan: jumlah kunjungan tim lebih sedikit dari jumlah objek, "
        "prioritas diberikan kepada objek berisiko lebih tinggi"
    ),
    NO_TEAM_SLOT: "terpilih untuk shift ini tetapi tidak ada tim dengan sisa kapasitas kunjungan",
    OUT_OF_SHIFT: "tidak terjangkau dalam jendela shift",
    SHIFT_FULL: "waktu shift tidak cukup untuk seluruh kunjungan yang dijadwalkan",
    TEAM_NO_SHIFT: "tim tanpa jadwal shift",
    TEAM_NO_BASE: "tim tanpa koordinat pangkalan yang sah (kosong, bukan angka atau di luar rentang)",
    TEAM_BAD_SPEED: "kecepatan kendaraan tim tidak valid",
    TEAM_NO_CAPACITY: "kapasitas kunjungan tim per shift nol",
    TEAM_IDLE: "tim tidak mendapat objek pada shift ini",
}


def message(code: str) -> str:
    """Bahasa Indonesia text for a reason code."""
    return MESSAGES[code]
