"""Demo: the default pola for the demo operation, two Pos AJU, and plan version 1 computed and approved."""

from __future__ import annotations

from siaga.core.access import SYSTEM
from siaga.deployment import services
from siaga.deployment.models import DeploymentPlan, ReserveSite
from siaga.deployment.patterns import pattern_load_preset


def _pos_aju(ctx) -> None:
    ReserveSite.objects.filter(is_demo=True, unit__path__startswith=ctx.polres.path).delete()
    located = [p for p in ctx.polseks if p.lat is not None]
    for polsek in ctx.rng.sample(located, k=min(2, len(located))):
        lat, lon = polsek.lat + ctx.rng.uniform(-0.03, 0.03), polsek.lon + ctx.rng.uniform(-0.03, 0.03)
        name = f"Pos AJU {polsek.name.removeprefix('Polsek ')} (demo)"
        ReserveSite.objects.create(name=name, unit=polsek, lat=lat, lon=lon, is_demo=True)


def build(ctx) -> None:
    election, operation = ctx.extras.get("election"), ctx.extras.get("operation")
    if election is None or operation is None:
        ctx.log("Plotting: tidak ada pemilihan/operasi demo, dilewati.")
        return
    ops = ctx.users.get("kabagops")
    approver = ctx.users.get("kapolres") or ops
    DeploymentPlan.objects.filter(election=election, unit=ctx.polres, is_demo=True).delete()
    _pos_aju(ctx)
    if ctx.kabupaten.code == "35.09":  # the pattern Polres Jember's Kabag Ops announced (DOMAIN.md §1.3)
        pattern_load_preset(user=SYSTEM, operation=operation, key="polres_jember_2024")
    plan = services.deployment_plan_create(
        user=SYSTEM, operation=operation, election=election, unit=ctx.polres, note="Rencana demo", is_demo=True
    )
    services.deployment_plan_compute(plan=plan)
    services.deployment_plan_approve(user=SYSTEM, plan=plan)
    # the demo story: drawn up by the Kabag Ops, approved by the Kapolres
    DeploymentPlan.objects.filter(pk=plan.pk).update(created_by=ops, approved_by=approver)
    plan.created_by, plan.approved_by = ops, approver
    ctx.extras["deployment_plan"] = plan
    s = plan.summary
    ctx.log(
        f"Plotting: v{plan.version} disetujui — {s['posts']} pos, {s['assigned_at_posts']}/{s['required_at_posts']} "
        f"personel di pos, cadangan {s['reserve_held']}, BKO dibutuhkan {s['bko_needed']}."
    )
