"""The per-election kerawanan profile: catalog copied on first use, indicator and rule edits (each triggers a
background recomputation)."""

import copy
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from siaga.core import access
from siaga.engine.risk import RuleError, rule_from_dict
from siaga.risk.catalog import CATALOG_FOR_ELECTION, PRESET_FOR_ELECTION, catalog, preset_rule, presets
from siaga.risk.models import Indicator, RiskProfile


def _copy_catalog(profile: RiskProfile) -> None:
    data = catalog(profile.catalog)
    variables = {v["code"]: v["label"] for v in data["variables"]}
    Indicator.objects.bulk_create(
        Indicator(
            profile=profile,
            code=item["code"],
            label=item["label"],
            variable=item["variable"],
            variable_label=variables[item["variable"]],
            weight=item["weight"],
            order=i,
        )
        for i, item in enumerate(data["indicators"], start=1)
    )


def profile_get_or_create(*, election, operation=None) -> RiskProfile:
    """The election's profile; on first use copies the shipped catalog and the default preset into it.

    Idempotent set-up that any reader may trigger (the summary page, the checklist services): no actor."""
    profile = RiskProfile.objects.filter(election=election).select_related("election").first()
    if profile is not None:
        return profile
    try:
        with transaction.atomic():
            profile = RiskProfile.objects.create(
                election=election,
                operation=operation or election.operations.order_by("-start").first(),
                catalog=CATALOG_FOR_ELECTION[election.type],
                rule=preset_rule(PRESET_FOR_ELECTION[election.type]),
            )
            _copy_catalog(profile)
    except IntegrityError:  # created concurrently
        profile = RiskProfile.objects.get(election=election)
    return profile


def _enqueue(profile, actor):
    from siaga.risk.services.compute import recompute_enqueue

    return recompute_enqueue(election=profile.election, actor=actor)


def indicator_update(*, indicator: Indicator, label: str, weight: float, active: bool, actor):
    """Edit an indicator (label, weight, active); returns the recomputation job."""
    access.require(actor, "risk.rules", indicator)
    if weight < 0 or weight > 100:
        raise ValidationError({"weight": "Bobot harus antara 0 dan 100."})
    if not label.strip():
        raise ValidationError({"label": "Nama indikator wajib diisi."})
    indicator.label, indicator.weight, indicator.active = label.strip(), weight, active
    with transaction.atomic():
        indicator.save()
        return _enqueue(indicator.profile, actor)


def indicator_create(*, profile: RiskProfile, code: str, label: str, variable_label: str, weight: float, actor):
    """Add an indicator to the election's catalog; returns the recomputation job."""
    access.require(actor, "risk.rules", profile)
    code = code.strip().lower()
    if not re.fullmatch(r"[a-z0-9_]{2,60}", code):
        raise ValidationError({"code": "Kode hanya huruf kecil, angka dan garis bawah (2–60 karakter)."})
    if profile.indicators.filter(code=code).exists():
        raise ValidationError({"code": f"Kode {code} sudah dipakai."})
    variable = re.sub(r"[^a-z0-9]+", "_", variable_label.lower()).strip("_") or "lainnya"
    order = profile.indicators.count() + 1
    with transaction.atomic():
        Indicator.objects.create(
            profile=profile, code=code, label=label.strip(), variable=variable,
            variable_label=variable_label.strip() or "Lainnya", weight=weight, order=order,
        )  # fmt: skip
        return _enqueue(profile, actor)


def rule_validate(rule: dict) -> None:
    try:
        rule_from_dict(rule).validate()
    except (RuleError, KeyError, TypeError, ValueError) as exc:
        raise ValidationError(f"Aturan tidak valid: {exc}") from exc


def rule_update(*, profile: RiskProfile, rule: dict, actor):
    """Replace the rule (categories, thresholds, weights, hard rules) and recompute in the background."""
    access.require(actor, "risk.rules", profile)
    merged = {**profile.rule, **rule}
    rule_validate(merged)
    with transaction.atomic():
        profile.rule = merged
        profile.save()
        return _enqueue(profile, actor)


def preset_apply(*, profile: RiskProfile, preset: str, actor):
    """Switch the category scheme to a preset (labels, colours, thresholds, hard rules); weights stay."""
    access.require(actor, "risk.rules", profile)
    if preset not in presets():
        raise ValidationError({"preset": "Preset tidak dikenal."})
    keep = {k: v for k, v in profile.rule.items() if k not in ("categories", "hard_rules", "preset")}
    rule = {**copy.deepcopy(preset_rule(preset)), **keep}
    return rule_update(profile=profile, rule=rule, actor=actor)
