"""Checks shared by the form, the API and the register import (one message for each bad value, in Indonesian)."""

import re

from siaga.analysis.models import STATUS_RANK, ClearanceRule, Status
from siaga.core.imports.columns import quote

LP_RE = re.compile(r"^LP/(?:[A-D]/)?\d{1,6}/(?:[IVX]{1,4}/)?(?:19|20)\d{2}(?:/[A-Z0-9 .()-]+)*$")


def lp_normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s*/\s*", "/", str(text or "").strip().upper()))


def lp_problem(lp: str) -> str | None:
    if not lp:
        return "Nomor LP wajib diisi."
    if not LP_RE.match(lp):
        return f"Nomor LP {quote(lp)} tidak sesuai format (contoh: LP/B/123/XI/2024/SPKT/POLRES GRESIK)."
    return None


def status_problem(old: str | None, new: str) -> str | None:
    if new not in STATUS_RANK:
        return f"Status {quote(new)} tidak dikenal (pilihan: {', '.join(Status.values)})."
    if old is None or old == new:
        return None
    if STATUS_RANK[new] < STATUS_RANK[old] or STATUS_RANK[old] == 3:
        return f"Status tidak boleh mundur dari {Status(old).label} ke {Status(new).label}."
    return None


def cleared_statuses() -> frozenset[str]:
    rule = ClearanceRule.objects.filter(code="default").first()
    return frozenset(rule.statuses if rule else ())


def desa_in_unit(desa, unit) -> bool:
    codes = [r.code for r in unit.regions.all()]
    if not codes and unit.parent_id:
        codes = [r.code for r in unit.parent.regions.all()]
    return any(desa.code == c or desa.code.startswith(c + ".") for c in codes)
