"""The hot-spot forecast in operations: it raises patrol object weights around it (through the patrols registry),
proposes new patrol objects where no object is near, and ops staff at Polres level accept one (created through the
patrols service, audited); a Polsek sees proposals from its own cases only; the dashboard map shows the layer."""

import datetime as dt
import math

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from siaga.analysis.models import Case
from siaga.analysis.proposals import patrol_object_proposal_accept, patrol_object_proposals
from siaga.core.models import ObjectChange
from siaga.patrols.models import VulnerableObject
from siaga.patrols.weights import object_weights
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOT_A = (-8.2300, 113.3300)  # in Polsek A's kecamatan
HOT_B = (-8.2800, 113.3700)  # in Polsek B's kecamatan
M = 1 / 110_574


def _metres(a, b):
    return math.hypot((a[0] - b[0]) / M, (a[1] - b[1]) / M)


@pytest.fixture
def hot(district):
    """A near-repeat cluster at each Polsek in the last weeks, and a few scattered cases."""
    now = timezone.now()
    rows, n = [], 0

    def add(unit, desa, lat, lon, days_ago):
        nonlocal n
        n += 1
        when = now - dt.timedelta(days=days_ago, hours=n % 7)
        rows.append(Case(unit=unit, lp_number=f"LP/B/{n}/2026/SPKT/T", crime_type_id="curat", occurred_at=when,
                         reported_at=when, desa=desa, lat=lat, lon=lon))  # fmt: skip

    for i in range(9):
        add(district.polsek_a, district.desa_a[0], HOT_A[0] + (i % 3 - 1) * 40 * M, HOT_A[1] + (i // 3 - 1) * 40 * M,
            2 + 3 * i)  # fmt: skip
    for i in range(6):
        add(district.polsek_b, district.desa_b[0], HOT_B[0] + (i % 2) * 50 * M, HOT_B[1] - (i % 3) * 50 * M, 1 + 4 * i)
    for i in range(8):  # scattered single cases, km apart
        add(district.polsek_a, district.desa_a[1], -8.215 - 0.01 * (i % 4), 113.30 + 0.015 * (i // 4), 5 + 20 * i)
    Case.objects.bulk_create(rows)
    return rows


def _near(proposals, point, metres=300):
    return [p for p in proposals if _metres((p.lat, p.lon), point) <= metres]


def test_ops_at_polres_sees_a_proposal_at_each_cluster(district, ops_user, hot):
    forecast, proposals = patrol_object_proposals(user=ops_user, unit=district.polres)
    assert forecast is not None and forecast.events == len(hot)
    at_a, at_b = _near(proposals, HOT_A), _near(proposals, HOT_B)
    assert len(at_a) == 1 and len(at_b) == 1  # one proposal per cluster (proposals are spaced apart)
    assert at_a[0].cases >= 3 and at_a[0].desa_name == district.desa_a[0].name
    assert at_a[0].unit_id == district.polsek_a.pk and at_a[0].expected > 0
    # the scattered single cases have no evidence behind them: no proposal there
    assert all(_near([p], HOT_A, 600) or _near([p], HOT_B, 600) for p in proposals)


def test_a_polsek_sees_proposals_from_its_own_cases_only(district, polsek_a_user, polsek_b_user, hot):
    _, own = patrol_object_proposals(user=polsek_a_user, unit=district.polsek_a)
    assert _near(own, HOT_A) and not _near(own, HOT_B)
    _, other = patrol_object_proposals(user=polsek_b_user, unit=district.polsek_b)
    assert _near(other, HOT_B) and not _near(other, HOT_A)
    with pytest.raises(PermissionDenied):  # the Polres as a whole is outside a Polsek's scope
        patrol_object_proposals(user=polsek_a_user, unit=district.polres)


def test_an_active_object_nearby_covers_the_hot_cell(district, ops_user, hot):
    VulnerableObject.objects.create(unit=district.polsek_a, kind="keramaian", name="Pasar", lat=HOT_A[0] + 100 * M,
                                    lon=HOT_A[1])  # fmt: skip
    _, proposals = patrol_object_proposals(user=ops_user, unit=district.polres)
    assert not _near(proposals, HOT_A) and _near(proposals, HOT_B)


def test_ops_accepts_a_proposal_into_an_audited_patrol_object(district, ops_user, hot):
    _, proposals = patrol_object_proposals(user=ops_user, unit=district.polres)
    proposal = _near(proposals, HOT_A)[0]
    obj = patrol_object_proposal_accept(actor=ops_user, unit=district.polres, key=proposal.key, name="Gang Melati")
    assert (obj.kind, obj.name, obj.unit, obj.desa) == ("titik_rawan", "Gang Melati", district.polsek_a,
                                                         district.desa_a[0])  # fmt: skip
    assert _metres((obj.lat, obj.lon), HOT_A) < 250 and 3 <= obj.base_weight <= 10
    assert "perkiraan hot spot" in obj.note
    audit = ObjectChange.objects.filter(model="patrols.VulnerableObject", object_id=str(obj.pk))
    assert audit.filter(action="action", note__contains="Usulan objek patroli").exists()
    assert audit.count() >= 2  # the object's own creation row and the acceptance with its evidence
    # now the cell is covered: it is no longer proposed and cannot be accepted twice
    _, after = patrol_object_proposals(user=ops_user, unit=district.polres)
    assert not _near(after, HOT_A)
    with pytest.raises(ValidationError, match="tidak berlaku lagi"):
        patrol_object_proposal_accept(actor=ops_user, unit=district.polres, key=proposal.key)
    assert VulnerableObject.objects.count() == 1


@pytest.mark.parametrize("persona", ["kapolres", "intel_user", "polsek_a_user", "viewer_user", "partner_user",
                                     "ops_at_polsek", "none"])  # fmt: skip
def test_only_ops_staff_at_polres_level_accept(district, hot, persona, request):
    if persona == "ops_at_polsek":
        user = UserFactory(username="ops_polsek", role="ops", unit=district.polsek_a)
    elif persona == "none":  # a forgotten actor is refused too
        user = None
    else:
        user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        patrol_object_proposal_accept(actor=user, unit=district.polsek_a if persona.endswith("polsek") else
                                      district.polres, key="0-0")  # fmt: skip
    assert not VulnerableObject.objects.exists()


def test_the_forecast_raises_the_weight_of_objects_near_it(district, hot):
    near = VulnerableObject.objects.create(unit=district.polsek_a, kind="keramaian", name="Pasar", lat=HOT_A[0],
                                           lon=HOT_A[1], base_weight=5)  # fmt: skip
    far = VulnerableObject.objects.create(unit=district.polsek_b, kind="ibadah", name="Masjid", lat=-8.40,
                                          lon=113.60, base_weight=5)  # fmt: skip
    weights = object_weights(VulnerableObject.objects.prefetch_related("critical_periods"))
    assert weights[near.pk].forecast > 0 and weights[near.pk].effective > 5
    assert "perkiraan hot spot" in weights[near.pk].explanation
    assert weights[far.pk].forecast == 0 and weights[far.pk].effective == 5


def test_the_pages_propose_accept_and_show_the_dashboard_layer(district, login, ops_user, polsek_b_user, hot):
    from siaga.core.nav import map_layers_for

    client = login(ops_user)
    page = client.get(f"/anev/usulan-objek/?unit={district.polres.pk}")
    assert page.status_code == 200 and "Jadikan objek patroli" in page.content.decode()
    key = _near(page.context["proposals"], HOT_A)[0].key
    assert "hotspot_perkiraan" in [layer.key for layer in map_layers_for(ops_user)]
    layer = client.get("/anev/perkiraan.geojson").json()
    assert layer["features"] and layer["features"][0]["properties"]["kind"] == "hotspot"
    # Polsek B's Kapolsek may look at its own proposals and forecast but not accept any (403, nothing written)
    client = login(polsek_b_user)
    own = client.get("/anev/usulan-objek/")
    assert own.status_code == 200 and "Jadikan objek patroli" not in own.content.decode()
    assert client.get("/anev/perkiraan.geojson").status_code == 200
    refused = client.post("/anev/usulan-objek/terima/", {"unit": district.polres.pk, "usulan": key})
    assert refused.status_code == 403 and not VulnerableObject.objects.exists()
    client = login(ops_user)
    done = client.post("/anev/usulan-objek/terima/", {"unit": district.polres.pk, "usulan": key, "nama": "Pos X"})
    assert done.status_code == 302 and VulnerableObject.objects.get().name == "Pos X"


def test_a_large_area_gets_coarser_cells_and_many_cases_the_background_only(district, kapolres, hot, monkeypatch):
    from siaga.analysis import forecast as module
    from siaga.analysis.selectors import crimes

    monkeypatch.setattr(module, "MAX_CELLS", 400)
    monkeypatch.setattr(module, "MAX_FIT_EVENTS", 10)
    found = module.unit_forecast(cases=crimes(kapolres, district.polres), key="test-large")
    rows, cols = found.grid.shape
    assert rows * cols < 500 and found.grid.cell_m > module.CELL_M  # about MAX_CELLS (cells are whole)
    assert found.params.theta == 0 and found.surface.sum() > 0  # more cases than the fit takes: background only


# --- the cases behind a proposal ---------------------------------------------------------------------------------


@pytest.fixture
def around_a(district, hot):
    """Beside the Polsek A cluster: a Polsek B case inside the evidence radius, and cases that are not behind the
    proposal although near it (a year and more ago, today, not a crime, just outside the radius)."""
    now = timezone.now()
    today = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(0, 30)))
    extra = {
        "LP/B/B-IN/2026": (district.polsek_b, "curas", HOT_A, now - dt.timedelta(days=4)),
        "LP/B/OLD/2025": (district.polsek_a, "curat", HOT_A, now - dt.timedelta(days=400)),
        "LP/B/TODAY/2026": (district.polsek_a, "curat", HOT_A, max(today, now - dt.timedelta(minutes=1))),
        "LP/B/LAKA/2026": (district.polsek_a, "laka_lantas", HOT_A, now - dt.timedelta(days=3)),
        "LP/B/FAR/2026": (district.polsek_a, "curat", (HOT_A[0] + 420 * M, HOT_A[1]), now - dt.timedelta(days=6)),
    }
    Case.objects.bulk_create(
        Case(unit=unit, lp_number=lp, crime_type_id=code, occurred_at=when, reported_at=when, desa=district.desa_a[0],
             lat=point[0], lon=point[1]) for lp, (unit, code, point, when) in extra.items()
    )  # fmt: skip
    return extra


def _behind(proposal, forecast, units):
    """What the proposal should list, worked out here from every case in the table: crime cases of `units` within
    300 m of the proposal, occurred in the year before the forecast's first day."""
    from siaga.analysis.proposals import evidence_window

    start, end = evidence_window(forecast)
    assert (end.date(), (end - start).days) == (forecast.start, 365)
    return {
        c.lp_number
        for c in Case.objects.select_related("crime_type__group")
        if c.unit_id in units and c.crime_type.group.is_crime and start <= c.occurred_at < end
        and _metres((c.lat, c.lon), (proposal.lat, proposal.lon)) <= 300
    }  # fmt: skip


def _listed(page):
    import re

    html = page.content.decode()
    table = html[html.index('data-testid="proposal-cases"') :]
    return set(re.findall(r'<a href="/anev/perkara/\d+/">([^<]+)</a>', table))


def test_the_cases_behind_a_proposal_are_exactly_those_it_counted(district, login, ops_user, around_a):
    client = login(ops_user)
    page = client.get(f"/anev/usulan-objek/?unit={district.polres.pk}")
    forecast = page.context["forecast"]
    proposal = _near(page.context["proposals"], HOT_A)[0]
    url = f"/anev/usulan-objek/{proposal.key}/perkara/?unit={district.polres.pk}"
    assert url in page.content.decode()  # each proposal links to its cases

    listed = client.get(url)
    assert listed.status_code == 200
    expected = _behind(proposal, forecast, {district.polsek_a.pk, district.polsek_b.pk})
    assert "LP/B/B-IN/2026" in expected and not expected & {"LP/B/OLD/2025", "LP/B/TODAY/2026", "LP/B/LAKA/2026",
                                                             "LP/B/FAR/2026"}  # fmt: skip
    assert len(expected) == proposal.cases == listed.context["total"]
    rows = listed.context["cases"]
    assert {c.lp_number for c in rows} == expected == _listed(listed)
    assert [c.occurred_at for c in rows] == sorted((c.occurred_at for c in rows), reverse=True)  # newest first
    html = listed.content.decode()
    first = rows[0]
    assert f'<a href="/anev/perkara/{first.pk}/">{first.lp_number}</a>' in html  # the case's own page
    assert first.occurred_at.astimezone(timezone.get_current_timezone()).strftime("%d-%m-%Y") in html
    assert "Pencurian dengan kekerasan (curas)" in html and "Golongan I" in html  # classification: jenis, golongan
    assert all(c.distance_m <= 300 for c in rows)
    assert client.get(f"/anev/perkara/{first.pk}/").status_code == 200


def test_a_polsek_sees_only_its_own_cases_behind_a_proposal(district, login, polsek_a_user, polsek_b_user, around_a):
    client = login(polsek_a_user)
    page = client.get("/anev/usulan-objek/")
    proposal = _near(page.context["proposals"], HOT_A)[0]
    listed = client.get(f"/anev/usulan-objek/{proposal.key}/perkara/")
    assert listed.status_code == 200
    names = _listed(listed)
    assert names == _behind(proposal, page.context["forecast"], {district.polsek_a.pk}) and len(names) >= 3
    assert "LP/B/B-IN/2026" not in names and "LP/B/B-IN/2026" not in listed.content.decode()
    assert {c.unit_id for c in listed.context["cases"]} == {district.polsek_a.pk}
    assert "Polsek Kencong" not in listed.content.decode().split('data-testid="proposal-cases"')[1]

    # Polsek B's proposal is outside Polsek A's scope however it is asked for: 404, not a list
    own_b = _near(login(polsek_b_user).get("/anev/usulan-objek/").context["proposals"], HOT_B)[0]
    client = login(polsek_a_user)
    assert client.get(f"/anev/usulan-objek/{own_b.key}/perkara/?unit={district.polsek_b.pk}").status_code == 404
    assert client.get(f"/anev/usulan-objek/{proposal.key}/perkara/?unit={district.polres.pk}").status_code == 404
    if own_b.key != proposal.key:  # read against Polsek A's own forecast, B's key is no proposal of A's
        assert client.get(f"/anev/usulan-objek/{own_b.key}/perkara/").status_code == 404


@pytest.mark.parametrize("key", ["9999-9999", "0-0", "abc", "1-2-3", "1" * 30])
def test_an_unknown_proposal_is_not_found(district, login, ops_user, hot, key):
    client = login(ops_user)
    assert client.get(f"/anev/usulan-objek/{key}/perkara/?unit={district.polres.pk}").status_code == 404


def test_a_partner_cannot_open_the_cases_behind_a_proposal(district, login, ops_user, partner_user, hot):
    proposal = _near(patrol_object_proposals(user=ops_user, unit=district.polres)[1], HOT_A)[0]
    page = login(partner_user).get(f"/anev/usulan-objek/{proposal.key}/perkara/?unit={district.polres.pk}")
    assert page.status_code in (403, 404) and "LP/B/" not in page.content.decode()
