"""Demo: a small synthetic Polda around the demo Polres — four synthetic Polres (flagged demo data, named
"(sintetis)") with stored plan summaries only (no TPS, no engine run, so the demo stays fast), one of them short
of personnel and two with spare strength; a Karoops and a Kapolda at the Polda; the roll-up refreshed and a BKO
matching run proposed for the Karoops to approve."""

from __future__ import annotations

import datetime

from siaga.accounts.models import User
from siaga.command import services
from siaga.command.figures import figures_refresh
from siaga.command.models import BkoProposal
from siaga.core.access import SYSTEM
from siaga.deployment.models import DeploymentPlan
from siaga.elections.models import Election, Operation
from siaga.units.models import Unit
from siaga.units.services import unit_create

# name, offset (lat, lon) from the demo kabupaten, plan status, required at posts, officers, reserve held/target
SYNTHETIC = [
    ("Utara", (0.45, -0.35), "approved", 520, 700, 150, 78),
    ("Barat", (0.10, -0.80), "approved", 610, 760, 130, 90),
    ("Timur", (-0.05, 0.75), "computed", 880, 820, 0, 0),
    ("Selatan", (-0.40, 0.30), "draft", 0, 0, 0, 0),
]
USERS = [("karoops", "ops", "Kombes Demo Karoops"), ("kapolda", "kapolres", "Irjen Demo Kapolda")]


def _summary(required: int, officers: int, held: int, target: int) -> dict:
    on_posts = min(required, officers - held)
    missing = required - on_posts
    return {
        "stations": required // 2,
        "posts": required // 4,
        "officers_available": officers,
        "required_at_posts": required,
        "assigned_at_posts": on_posts,
        "missing_at_posts": missing,
        "reserve_target": target,
        "reserve_held": held,
        "unassigned": 0,
        "bko_needed": missing + (round(0.15 * required) if missing else 0),
        "coverage_pct": 100.0 if held else 0.0,
        "synthetic": True,
    }


def _polres(ctx, label, offset, status, required, officers, held, target, election_template) -> Unit:
    lat, lon = (ctx.polres.lat or ctx.kabupaten.lat or -7.5) + offset[0], (ctx.polres.lon or 112.5) + offset[1]
    unit = unit_create(
        actor=SYSTEM, code=f"polres-sintetis-{label.lower()}", name=f"Polres Sintetis {label}", kind="polres",
        parent=ctx.polda, lat=lat, lon=lon, is_demo=True,
    )  # fmt: skip
    if status == "draft":
        return unit
    election = Election.objects.create(
        name=f"Pilkada Sintetis {label}", type="pilkada", unit=unit, voting_day=election_template, is_demo=True
    )
    operation = Operation.objects.create(
        name=f"Ops Mantap Praja Sintetis {label}", unit=unit, is_demo=True,
        start=election_template - datetime.timedelta(days=100), end=election_template + datetime.timedelta(days=35),
    )  # fmt: skip
    operation.elections.set([election])
    DeploymentPlan.objects.create(
        operation=operation, election=election, unit=unit, version=1, status=status, is_demo=True,
        note="Rencana sintetis (ringkasan saja)", summary=_summary(required, officers, held, target),
    )  # fmt: skip
    return unit


def _users(ctx) -> None:
    """The Polda's Karoops and Kapolda, with the demo password (the hash of the demo Kapolres's own account)."""
    template = ctx.users.get("kapolres")
    for username, role, full_name in USERS:
        if User.objects.filter(username=username, is_demo=False).exists():
            ctx.log(f"Komando: pengguna {username} sudah ada dan bukan akun demo; tidak diubah.")
            continue
        user, created = User.objects.update_or_create(
            username=username, defaults={"role": role, "unit": ctx.polda, "first_name": full_name, "is_demo": True}
        )
        if created and template is not None:
            User.objects.filter(pk=user.pk).update(password=template.password)
        ctx.users[username] = user


def _clear() -> None:
    synthetic = Unit.objects.filter(code__startswith="polres-sintetis-", is_demo=True)
    BkoProposal.objects.filter(is_demo=True).delete()
    DeploymentPlan.objects.filter(unit__in=synthetic, is_demo=True).delete()
    Operation.objects.filter(unit__in=synthetic, is_demo=True).delete()
    Election.objects.filter(unit__in=synthetic, is_demo=True).delete()


def build(ctx) -> None:
    _clear()
    election = ctx.extras.get("election")
    voting_day = election.voting_day if election is not None else datetime.date(2024, 11, 27)
    units = [_polres(ctx, *spec, voting_day) for spec in SYNTHETIC]
    _users(ctx)
    figures_refresh(full=True)
    proposals, result = services.bko_propose(actor=SYSTEM, scope=ctx.polda, is_demo=True)
    ctx.log(
        f"Komando: {ctx.polda.name} dengan {len(units)} Polres sintetis; {len(proposals)} usulan BKO "
        f"menunggu Karoops (masuk sebagai karoops). {result.message}"
    )
