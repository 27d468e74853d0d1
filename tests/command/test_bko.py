"""BKO services: a proposal per match, listed for the Polda's ops staff; approve writes the BKO record both plans
show, once however often; reject; a giver's spare strength is never lent twice; cross-border needs Mabes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from siaga.command import services
from siaga.command.figures import figures_refresh
from siaga.command.models import BkoProposal, PolresFigures
from siaga.core import access
from siaga.core.models import ObjectChange
from tests.personnel.factories import squad

pytestmark = pytest.mark.django_db


def _propose(actor, scope):
    figures_refresh(full=True)
    return services.bko_propose(actor=actor, scope=scope)


def test_propose_matches_the_short_polres_to_the_nearest_spare_one(polda_world, karoops):
    proposals, result = _propose(karoops, polda_world.jatim)
    assert [(p.giver, p.receiver, p.personnel, p.cross_border) for p in proposals] == [
        (polda_world.lumajang, polda_world.jember, 30, False)
    ]
    assert proposals[0].receiver_plan == polda_world.plans["jember"]
    assert result.message.startswith("Seluruh kebutuhan BKO")
    assert ObjectChange.objects.filter(model="command.BkoProposal").exists()
    # within one Polda: Polres Semarang (Polda Jawa Tengah) is not a candidate
    assert not BkoProposal.objects.filter(giver=polda_world.semarang).exists()


def test_approve_writes_both_plans_once(polda_world, karoops, login):
    (proposal,), _ = _propose(karoops, polda_world.jatim)
    services.bko_approve(actor=karoops, proposal=proposal)
    again = services.bko_approve(actor=karoops, proposal=proposal)  # idempotent
    assert again.status == "approved" and again.decided_by == karoops
    assert BkoProposal.objects.filter(status="approved").count() == 1
    jember = PolresFigures.objects.get(unit=polda_world.jember)
    lumajang = PolresFigures.objects.get(unit=polda_world.lumajang)
    assert (jember.bko_in, jember.bko_short) == (30, 0)
    assert (lumajang.bko_out, lumajang.bko_spare) == (30, 0)
    client = login(karoops)
    for key, marker in (("jember", "bko-received"), ("lumajang", "bko-lent")):
        page = client.get(reverse("deployment:detail", args=[polda_world.plans[key].pk]))
        assert page.status_code == 200
        assert f'data-testid="{marker}">30<' in page.content.decode()
    audit = ObjectChange.objects.filter(model="command.BkoProposal", object_id=str(proposal.pk), action="update")
    assert [row.changes["status"] for row in audit] == [["proposed", "approved"]]
    # a new matching run has nothing left to propose
    proposals, result = services.bko_propose(actor=karoops, scope=polda_world.jatim)
    assert proposals == [] and result.message == "Tidak ada satuan yang membutuhkan BKO."


def test_the_polres_own_staff_see_the_bko_on_their_plan(polda_world, karoops, ops_user, login):
    (proposal,), _ = _propose(karoops, polda_world.jatim)
    services.bko_approve(actor=karoops, proposal=proposal)
    page = login(ops_user).get(reverse("deployment:detail", args=[polda_world.plans["jember"].pk]))
    assert "dari Polres Lumajang" in page.content.decode()


def test_reject_then_approve_is_refused(polda_world, karoops):
    (proposal,), _ = _propose(karoops, polda_world.jatim)
    services.bko_reject(actor=karoops, proposal=proposal, reason="Lumajang sendiri rawan")
    with pytest.raises(ValidationError, match="sudah ditolak"):
        services.bko_approve(actor=karoops, proposal=proposal)
    assert PolresFigures.objects.get(unit=polda_world.jember).bko_in == 0


def test_a_giver_spare_strength_is_not_lent_twice(polda_world, karoops):
    (proposal,), _ = _propose(karoops, polda_world.jatim)
    twin = BkoProposal.objects.create(
        polda=proposal.polda, giver=proposal.giver, receiver=proposal.receiver, election_id=proposal.election_id,
        personnel=20, distance_km=1.0,
    )  # fmt: skip
    services.bko_approve(actor=karoops, proposal=proposal)
    with pytest.raises(ValidationError, match="hanya dapat meminjamkan 0 personel"):
        services.bko_approve(actor=karoops, proposal=twin)
    assert BkoProposal.objects.get(pk=twin.pk).status == "proposed"


def test_short_supply_is_partial_with_a_clear_message(polda_world, karoops):
    from siaga.deployment.models import DeploymentPlan

    plan = polda_world.plans["jember"]
    DeploymentPlan.objects.filter(pk=plan.pk).update(summary={**plan.summary, "bko_needed": 50})
    proposals, result = _propose(karoops, polda_world.jatim)
    assert sum(p.personnel for p in proposals) == 30
    assert "30 dari 50" in result.message and "Polres Jember kurang 20" in result.message
    assert "30 dari 50" in proposals[0].run_note


def test_polda_pool_lends_when_no_polres_can(polda_world, karoops):
    from siaga.deployment.models import DeploymentPlan

    DeploymentPlan.objects.filter(pk=polda_world.plans["lumajang"].pk).update(status="draft")
    squad(polda_world.jatim, 12, function="brimob_bko")
    proposals, result = _propose(karoops, polda_world.jatim)
    assert [(p.giver, p.personnel) for p in proposals] == [(polda_world.jatim, 12)]
    services.bko_approve(actor=karoops, proposal=proposals[0])
    assert "12 dari 30" in result.message


def test_who_may_decide(polda_world, karoops, karoops_jateng, ops_user, kapolda, mabes_ops, login, api_client):
    (proposal,), _ = _propose(karoops, polda_world.jatim)
    # the Polres's own staff and another Polda's Karoops may not
    with pytest.raises(PermissionDenied):
        services.bko_approve(actor=ops_user, proposal=proposal)
    with pytest.raises(PermissionDenied, match="di luar cakupan"):
        services.bko_approve(actor=karoops_jateng, proposal=proposal)
    assert login(karoops_jateng).post(reverse("command:bko_approve", args=[proposal.pk])).status_code == 404
    api, headers = api_client(ops_user)
    assert api.post(reverse("api:command_bko") + f"{proposal.pk}/approve", headers=headers).status_code in (403, 404)
    assert BkoProposal.objects.get(pk=proposal.pk).status == "proposed"
    # the Kapolda may; through the API
    api, headers = api_client(kapolda)
    response = api.post(f"/api/command/bko/{proposal.pk}/approve", headers=headers)
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert access.can(mabes_ops, "command.bko", proposal)


def test_cross_border_is_proposed_nationally_and_decided_by_mabes(polda_world, karoops, mabes_ops):
    from siaga.deployment.models import DeploymentPlan

    DeploymentPlan.objects.filter(pk=polda_world.plans["lumajang"].pk).update(status="draft")
    with pytest.raises(PermissionDenied, match="Mabes"):
        services.bko_propose(actor=karoops, scope=None)
    proposals, _ = _propose(mabes_ops, None)
    assert [(p.giver, p.receiver, p.cross_border) for p in proposals] == [
        (polda_world.semarang, polda_world.jember, True)
    ]
    with pytest.raises(PermissionDenied, match="lintas Polda diputuskan oleh Mabes"):
        services.bko_approve(actor=karoops, proposal=proposals[0])
    assert services.bko_approve(actor=mabes_ops, proposal=proposals[0]).status == "approved"
    assert PolresFigures.objects.get(unit=polda_world.semarang).bko_out == 30


def test_bko_pages_list_propose_and_approve(polda_world, karoops, login):
    figures_refresh(full=True)
    client = login(karoops)
    assert client.get(reverse("command:bko")).status_code == 200
    client.post(reverse("command:bko_propose"))
    proposal = BkoProposal.objects.get(status="proposed")
    page = client.get(reverse("command:bko"))
    assert "Polres Lumajang" in page.content.decode()
    client.post(reverse("command:bko_approve", args=[proposal.pk]))
    client.post(reverse("command:bko_approve", args=[proposal.pk]))
    assert BkoProposal.objects.filter(status="approved").count() == 1
    # audited under the deciding user (the request's actor)
    audit = ObjectChange.objects.get(model="command.BkoProposal", object_id=str(proposal.pk), action="update")
    assert audit.user == karoops and audit.changes["status"] == ["proposed", "approved"]
