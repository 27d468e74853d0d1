"""Roll-up personas: a Polda sees all of its Polres and nothing of another Polda (404); Mabes sees every Polda and
drills into one; Polres staff have no roll-up; Polda staff only read a Polres plan. Figures come from the aggregate
table, refreshed incrementally."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from siaga.command.figures import figures_refresh
from siaga.command.models import PolresFigures
from siaga.core import access
from siaga.deployment import services as deployment_services
from siaga.deployment.models import DeploymentPlan
from siaga.reports.models import AlertLevel, Report
from tests.personnel.factories import squad

pytestmark = pytest.mark.django_db


def _report(unit, *, severity=2, status="new", escalation=0):
    now = timezone.now()
    return Report.objects.create(
        source="field", unit=unit, text="uji", occurred_at=now, severity=severity, status=status,
        escalation_level=escalation,
    )  # fmt: skip


def test_polda_sees_all_its_polres_and_nothing_of_another_polda(polda_world, karoops, login, api_client):
    figures_refresh(full=True)
    client = login(karoops)
    page = client.get(reverse("command:rollup"))
    assert page.status_code == 200
    names = [r.name for r in page.context["rows"]]
    assert sorted(names) == ["Polres Jember", "Polres Lumajang"]
    assert b"Polres Semarang" not in page.content
    assert client.get(reverse("command:rollup") + f"?polda={polda_world.jateng.pk}").status_code == 404
    assert client.get(reverse("command:polres", args=[polda_world.semarang.pk])).status_code == 404
    assert client.get(reverse("command:polres", args=[polda_world.jember.pk])).status_code == 200
    geo = client.get(reverse("command:rollup_geojson")).json()
    assert sorted(f["properties"]["name"] for f in geo["features"]) == ["Polres Jember", "Polres Lumajang"]

    api, headers = api_client(karoops)
    body = api.get(reverse("api:command_rollup"), headers=headers).json()
    assert sorted(r["name"] for r in body["polres"]) == ["Polres Jember", "Polres Lumajang"]
    assert body["totals"]["bko_needed"] == 30
    other = api.get(reverse("api:command_rollup") + f"?polda={polda_world.jateng.pk}", headers=headers)
    assert other.status_code == 404


def test_mabes_sees_every_polda_and_drills_into_one(polda_world, mabes_ops, login, api_client):
    figures_refresh(full=True)
    client = login(mabes_ops)
    page = client.get(reverse("command:rollup"))
    assert page.status_code == 200
    assert sorted(p["name"] for p in page.context["poldas"]) == ["Polda Jawa Tengah", "Polda Jawa Timur"]
    assert len(page.context["rows"]) == 3
    drill = client.get(reverse("command:rollup") + f"?polda={polda_world.jateng.pk}")
    assert [r.name for r in drill.context["rows"]] == ["Polres Semarang"]
    assert client.get(reverse("command:polres", args=[polda_world.semarang.pk])).status_code == 200
    api, headers = api_client(mabes_ops)
    assert len(api.get(reverse("api:command_rollup"), headers=headers).json()["polres"]) == 3


def test_polres_and_polsek_staff_have_no_rollup(polda_world, ops_user, polsek_a_user, login, api_client):
    figures_refresh(full=True)
    for user in (ops_user, polsek_a_user):
        assert login(user).get(reverse("command:rollup")).status_code == 403
        api, headers = api_client(user)
        assert api.get(reverse("api:command_rollup"), headers=headers).status_code == 403


def test_polda_staff_read_a_polres_plan_but_cannot_change_it(polda_world, karoops, kapolda, ops_user, login):
    plan = polda_world.plans["jember"]
    for user in (karoops, kapolda):
        assert not access.can(user, "deployment.change", plan)
        assert not access.can(user, "deployment.approve", plan)
        assert not access.can(user, "personnel.change", unit=polda_world.jember)
        with pytest.raises(PermissionDenied, match="hanya dapat melihat"):
            deployment_services.deployment_plan_approve(user=user, plan=plan)
        with pytest.raises(PermissionDenied):
            deployment_services.deployment_plan_update(user=user, plan=plan, params={"reserve_fraction": 0.3})
    # the Polres's own Kabagops still may (the rule is about the level, not the role)
    assert access.can(ops_user, "deployment.change", plan)
    client = login(karoops)
    page = client.get(reverse("deployment:detail", args=[plan.pk]))
    assert page.status_code == 200 and not page.context["can_change"] and not page.context["can_approve"]
    client.post(reverse("deployment:approve", args=[plan.pk]))
    client.post(reverse("deployment:params", args=[plan.pk]), {"reserve_fraction": "0.3"})
    plan.refresh_from_db()
    assert plan.status == "computed" and plan.reserve_fraction == pytest.approx(0.15)
    assert DeploymentPlan.objects.filter(unit=polda_world.jember).count() == 1


def test_figures_gather_every_app(polda_world, district):
    squad(district.polsek_a, 4)
    squad(district.polres, 2)
    _report(district.polsek_a, severity=4, escalation=1)
    _report(district.polsek_b, severity=2)
    _report(district.polsek_b, severity=3, status="resolved")
    AlertLevel.objects.create(unit=district.polres, level=1)
    figures_refresh(full=True)
    f = PolresFigures.objects.get(unit=polda_world.jember)
    assert (f.strength, f.open_critical, f.open_medium, f.open_high, f.open_total) == (6, 1, 1, 0, 2)
    assert f.escalated == 1 and f.alert_level == 1 and f.alert_label == "Siaga I"
    assert (f.plan_status, f.plan_version, f.bko_needed, f.missing) == ("computed", 1, 30, 30)
    lumajang = PolresFigures.objects.get(unit=polda_world.lumajang)
    assert lumajang.bko_offered == 30 and lumajang.polda_id == polda_world.jatim.pk


def test_incremental_refresh_recomputes_only_the_polres_that_changed(polda_world, district):
    first = figures_refresh(full=True)
    assert first == {"refreshed": 3, "full": True}
    quiet = figures_refresh(overlap=datetime.timedelta(0))  # (the default overlap re-reads the last minutes)
    assert quiet == {"refreshed": 0, "full": False}
    _report(district.polsek_b, severity=4)
    again = figures_refresh(overlap=datetime.timedelta(0))
    assert again == {"refreshed": 1, "full": False}
    assert PolresFigures.objects.get(unit=polda_world.jember).open_critical == 1
    assert PolresFigures.objects.get(unit=polda_world.lumajang).open_total == 0


def test_rollup_sorts_by_a_known_column_and_ignores_others(polda_world, karoops, login):
    figures_refresh(full=True)
    client = login(karoops)
    by_bko = client.get(reverse("command:rollup") + "?urut=-bko").context["rows"]
    assert [r.name for r in by_bko] == ["Polres Jember", "Polres Lumajang"]
    by_name = client.get(reverse("command:rollup") + "?urut=-nama").context["rows"]
    assert [r.name for r in by_name] == ["Polres Lumajang", "Polres Jember"]
    odd = client.get(reverse("command:rollup") + "?urut=password")
    assert odd.status_code == 200 and odd.context["sort"] == "-bko"
    assert client.get(reverse("command:rollup") + "?polda=abc").status_code == 400


def test_the_worker_chore_refreshes_at_most_every_half_minute(polda_world):
    from siaga.command.figures import figures_refresh_chore
    from siaga.command.models import RefreshMark

    assert figures_refresh_chore() == {"refreshed": 3, "full": True}
    assert figures_refresh_chore() is None
    RefreshMark.objects.update(since=timezone.now() - datetime.timedelta(minutes=1))
    assert figures_refresh_chore()["full"] is False


def test_polres_drill_down_links_to_its_own_pages(polda_world, karoops, login):
    figures_refresh(full=True)
    client = login(karoops)
    page = client.get(reverse("command:polres", args=[polda_world.jember.pk]))
    plan_url = reverse("deployment:detail", args=[polda_world.plans["jember"].pk])
    anev_url = reverse("analysis:anev") + f"?unit={polda_world.jember.pk}"
    html = page.content.decode()
    assert plan_url in html and anev_url.replace("&", "&amp;") in html
    assert client.get(plan_url).status_code == 200
    assert client.get(anev_url).status_code == 200
    live_url = reverse("reports:live") + f"?unit={polda_world.jember.pk}"
    assert live_url in html
    assert client.get(live_url).status_code == 200


def test_the_dashboard_shows_the_rollup_line_to_polda_staff_only(polda_world, karoops, ops_user, login):
    figures_refresh(full=True)
    page = login(karoops).get(reverse("hq:dashboard"))
    assert 'data-testid="command-panel"' in page.content.decode()
    assert "kekurangan personel di 1 Polres (30 BKO dibutuhkan" in page.content.decode()
    page = login(ops_user).get(reverse("hq:dashboard"))
    assert 'data-testid="command-panel"' not in page.content.decode()


def test_mabes_attach_moves_every_polda_subtree_under_mabes(polda_world, district, polsek_a_user, admin_user):
    from siaga.command.services import mabes_attach
    from siaga.units.models import Unit

    polsek = Unit.objects.get(pk=district.polsek_a.pk)
    assert polsek.path == "/mabes-polri/polda-jatim/polres-jember/polsek-jombang/"
    assert Unit.objects.get(pk=polda_world.semarang.pk).path == "/mabes-polri/polda-jateng/polres-semarang/"
    # the Polsek's own scope is unchanged by the move: it still sees exactly itself
    user = type(polsek_a_user).objects.get(pk=polsek_a_user.pk)  # as a request loads it
    assert list(Unit.objects.restrict(user).values_list("pk", flat=True)) == [polsek.pk]
    # a second call (a Polda added later) changes nothing for those already attached
    assert mabes_attach(actor=admin_user) == polda_world.mabes
    assert Unit.objects.get(pk=polsek.pk).path == polsek.path
    with pytest.raises(PermissionDenied):
        mabes_attach(actor=polsek_a_user)


def test_rollup_refresh_command_rebuilds_every_row(polda_world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("rollup_refresh", "--full", stdout=out)
    assert "3 Polres (penuh)" in out.getvalue()
    assert PolresFigures.objects.count() == 3
