"""Service sweep (elections, reports, units): every write service refuses an unauthorised actor by itself and
writes nothing — whatever view, API endpoint or job forgot to check first.

Each service is called with three kinds of actor: a role that may not use it (viewer, partner), a staff role placed
at a Polsek for Polres-wide records, and a Polsek B user on Polsek A's records. A missing actor (None) is refused
too, so a forgotten argument can never bypass the boundary. The apps risk, patrols, personnel and deployment have
their own table in test_service_sweep_ops.py."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from siaga.core.access import SYSTEM
from siaga.elections import services as elections
from siaga.elections.models import CalendarEvent, Election, Operation
from siaga.reports import services as reports
from siaga.reports.errors import ReportError
from siaga.units.services import unit_create
from tests.deployment.factories import election_for, operation_for
from tests.factories import UserFactory
from tests.reports.factories import desa_point, submit

pytestmark = pytest.mark.django_db
DAY = datetime.date(2029, 11, 28)


@dataclass
class Case:
    name: str
    call: Callable  # call(world, actor) -> anything
    actors: tuple[str, ...]  # keys of the `actors` fixture that must be refused


@pytest.fixture
def world(district, kapolres):
    election = election_for(district)
    operation = operation_for(district, election)
    candidate = elections.candidate_create(election=election, number=1, name="Paslon Uji", actor=SYSTEM)
    event = elections.calendar_event_create(unit=district.polres, title="Agenda", start=DAY, end=DAY, actor=SYSTEM)
    report = submit(kapolres, text="pembagian amplop uang oleh tim sukses", **desa_point(district.desa_a[0]))
    assert report.unit_id == district.polsek_a.pk
    return {"election": election, "operation": operation, "candidate": candidate, "event": event, "report": report}


@pytest.fixture
def actors(district, viewer_user, partner_user, polsek_b_user):
    return {
        "none": None,
        "viewer": viewer_user,
        "partner": partner_user,
        "ops_polsek": UserFactory(username="ops_polsek_a", role="ops", unit=district.polsek_a),
        "intel_polsek": UserFactory(username="intel_polsek_a", role="intel", unit=district.polsek_a),
        "polsek_b": polsek_b_user,
        "ops_polsek_b": UserFactory(username="ops_polsek_b", role="ops", unit=district.polsek_b),
    }


POLRES_WIDE = ("none", "viewer", "partner", "ops_polsek", "intel_polsek", "polsek_b")
POLSEK_A_RECORD = ("none", "viewer", "partner", "polsek_b", "ops_polsek_b")


def _d(world):
    return world["election"].unit.children.order_by("code").first()


CASES = [
    Case("election_create", lambda w, a: elections.election_create(
        name="Pilkada X", type="pilkada", unit=w["election"].unit, regions=list(w["election"].regions.all()),
        voting_day=DAY, actor=a), POLRES_WIDE),
    Case("election_update", lambda w, a: elections.election_update(
        election=w["election"], name="Ubah", type=w["election"].type, unit=w["election"].unit,
        regions=list(w["election"].regions.all()), voting_day=DAY, actor=a), POLRES_WIDE),
    Case("election_apply_template", lambda w, a: elections.election_apply_template(
        election=w["election"], template_code="pilkada_2024", actor=a), POLRES_WIDE),
    Case("stage_create", lambda w, a: elections.stage_create(
        election=w["election"], name="Tahap", start=DAY, end=DAY, actor=a), POLRES_WIDE),
    Case("candidate_create", lambda w, a: elections.candidate_create(
        election=w["election"], number=2, name="Calon", actor=a), POLRES_WIDE),
    Case("candidate_update", lambda w, a: elections.candidate_update(
        candidate=w["candidate"], number=1, name="Ubah", actor=a), POLRES_WIDE),
    Case("operation_create", lambda w, a: elections.operation_create(
        name="Ops", unit=w["operation"].unit, start=DAY, end=DAY, actor=a), POLRES_WIDE),
    Case("operation_update", lambda w, a: elections.operation_update(
        operation=w["operation"], name="Ubah", unit=w["operation"].unit, start=DAY, end=DAY, actor=a), POLRES_WIDE),
    Case("calendar_event_create", lambda w, a: elections.calendar_event_create(
        unit=w["event"].unit, title="Agenda", start=DAY, end=DAY, actor=a), POLRES_WIDE),
    Case("calendar_event_update", lambda w, a: elections.calendar_event_update(
        event=w["event"], title="Ubah", start=DAY, end=DAY, kind=w["event"].kind, actor=a), POLRES_WIDE),
    Case("report_verify", lambda w, a: reports.report_verify(report=w["report"], user=a), POLSEK_A_RECORD),
    Case("report_reject", lambda w, a: reports.report_reject(report=w["report"], user=a, reason="x"),
         POLSEK_A_RECORD),
    Case("report_assign", lambda w, a: reports.report_assign(report=w["report"], user=a), POLSEK_A_RECORD),
    Case("report_escalate", lambda w, a: reports.report_escalate(report=w["report"], user=a), POLSEK_A_RECORD),
    Case("report_share", lambda w, a: reports.report_share(
        report=w["report"], user=a, partner=w["election"].unit.children.filter(kind="kpu").first()),
        POLSEK_A_RECORD),
    Case("alert_level_set", lambda w, a: reports.alert_level_set(
        unit=w["report"].unit, level=2, user=a), POLSEK_A_RECORD + ("ops_polsek",)),
    Case("unit_create", lambda w, a: unit_create(
        code="polsek-baru", name="Polsek Baru", kind="polsek", parent=w["election"].unit, actor=a),
        POLRES_WIDE + ("ops_polsek_b",)),
]  # fmt: skip

MODELS = ("elections.Election", "elections.Stage", "elections.Candidate", "elections.Operation",
          "elections.CalendarEvent", "reports.Report", "reports.ReportEvent", "reports.AlertLevel", "units.Unit",
          "core.ObjectChange")  # fmt: skip


def _state(world) -> dict:
    counts = {label: apps.get_model(label)._base_manager.count() for label in MODELS}
    rows = {
        "election": Election.objects.filter(pk=world["election"].pk).values().get(),
        "operation": Operation.objects.filter(pk=world["operation"].pk).values().get(),
        "event": CalendarEvent.objects.filter(pk=world["event"].pk).values().get(),
        "report": world["report"].__class__.objects.filter(pk=world["report"].pk).values().get(),
        "candidate": world["candidate"].__class__.objects.filter(pk=world["candidate"].pk).values().get(),
    }
    return {"counts": counts, "rows": rows}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_write_service_refuses_an_unauthorised_actor(case, world, actors):
    for key in case.actors:
        before = _state(world)
        with pytest.raises((PermissionDenied, ReportError)) as refused:
            case.call(world, actors[key])
        if isinstance(refused.value, ReportError):
            assert refused.value.status == 403, f"{case.name} oleh {key}: {refused.value}"
        assert _state(world) == before, f"{case.name} oleh {key} menulis sesuatu"


@pytest.mark.parametrize("name", ["election_update", "report_verify", "alert_level_set"])
def test_the_same_services_do_write_for_an_allowed_actor(name, world, ops_user, kapolres):
    """Positive control: the sweep's calls are well-formed, so a refusal above is the boundary's doing."""
    case = next(c for c in CASES if c.name == name)
    actor = kapolres if name in ("report_verify", "alert_level_set") else ops_user
    before = _state(world)
    case.call(world, actor)
    assert _state(world) != before


def test_an_ops_user_at_the_polres_may_not_act_on_another_polres(world, district):
    from tests.factories import UnitFactory

    other = UnitFactory(code="polres-lain", name="Polres Lain", kind="polres", parent=district.polda)
    stranger = UserFactory(username="ops_lain", role="ops", unit=other)
    with pytest.raises(PermissionDenied, match="di luar cakupan"):
        elections.candidate_create(election=world["election"], number=3, name="Calon", actor=stranger)
