"""The Pilkades board per Polres and per Polsek: every desa's status, a fixed number of queries."""

import uuid
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from siaga.community.models import Visit
from siaga.coordination import services
from siaga.coordination.models import PilkadesDesa, PilkadesRound
from siaga.coordination.pilkades import pilkades_round_write
from siaga.core import access
from siaga.stations.models import Station
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db
DAY = date(2022, 12, 7)


def _round(district, desa):
    candidates = {d.code: {1: (f"Calon satu {d.name}", 0), 2: (f"Calon dua {d.name}", 0)} for d in desa}
    tps = {d.code: {1: {"male": 100, "female": 110, "address": ""}, 2: {"male": 90, "female": 95, "address": ""}}
           for d in desa}  # fmt: skip
    rnd, _ = pilkades_round_write(
        unit=district.polres, voting_day=DAY, desa=desa, candidates=candidates, tps=tps, actor=access.SYSTEM
    )
    return rnd


def _more_desa(district, n):
    return [
        RegionFactory(
            code=f"35.09.01.21{i:02d}", name=f"Desa Tambahan {i}", level=4, kind="desa", parent=district.kec_a
        )
        for i in range(n)
    ]


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


BOARD_QUERIES = 13  # session, user, round, rows, candidates, TPS, briefings, plans, reports, visits, Polsek list...


def test_the_polres_board_takes_a_fixed_number_of_queries(district, ops_user, login, django_assert_num_queries):
    rnd = _round(district, district.desa_a + district.desa_b)
    client = login(ops_user)
    small = _page_queries(client, f"/koordinasi/pilkades/{rnd.pk}/")
    _round(district, district.desa_a + district.desa_b + _more_desa(district, 12))
    assert PilkadesDesa.objects.count() == 16
    with django_assert_num_queries(BOARD_QUERIES):
        client.get(f"/koordinasi/pilkades/{rnd.pk}/")
    assert small == BOARD_QUERIES


def test_the_board_shows_each_desa_and_the_day(district, ops_user, polsek_a_user, polsek_b_user, login, rakor):
    rnd = _round(district, district.desa_a + district.desa_b)
    a1 = PilkadesDesa.objects.get(desa=district.desa_a[0])
    Station.objects.filter(election=a1.election, number=1).update(category="sangat_rawan")
    rakor.election = a1.election
    rakor.save()
    Visit.objects.create(
        client_id=uuid.uuid4(),
        unit=district.polsek_a,
        desa=district.desa_a[0],
        at=timezone.make_aware(datetime(2022, 12, 1, 10)),
    )  # fmt: skip (a sambang a week before)
    services.pilkades_status_update(row=a1, voting="closed", counting="done", actor=polsek_a_user)
    services.pilkades_status_update(row=a1, result="disputed", winner_number=2, actor=polsek_a_user)
    page = login(ops_user).get(f"/koordinasi/pilkades/{rnd.pk}/").content.decode()
    assert "4 desa · 8 calon · 8 TPS · DPT 1580 · 1 sambang" in page
    assert "Calon dua Desa A1" in page and "sangat_rawan (1 TPS)" in page and "Disengketakan (no. 2)" in page
    # a Polsek sees its own desa only; another sector's status cannot be touched
    page_a = login(polsek_a_user).get(f"/koordinasi/pilkades/{rnd.pk}/").content.decode()
    assert "Desa A2" in page_a and "Desa B1" not in page_a
    b_client = login(polsek_b_user)
    assert b_client.post(f"/koordinasi/pilkades/desa/{a1.pk}/status/", {"result": "accepted"}).status_code == 404
    a1.refresh_from_db()
    assert a1.result == "disputed"
    polres_filtered = login(ops_user).get(f"/koordinasi/pilkades/{rnd.pk}/?polsek={district.polsek_b.pk}")
    assert "Desa B1" in polres_filtered.content.decode() and "Desa A1" not in polres_filtered.content.decode()


def test_a_result_needs_the_count_done_and_a_known_winner(district, polsek_a_user):
    _round(district, district.desa_a)
    row = PilkadesDesa.objects.first()
    with pytest.raises(Exception, match="setelah penghitungan selesai"):
        services.pilkades_status_update(row=row, result="accepted", actor=polsek_a_user)
    with pytest.raises(Exception, match="nomor urut 9"):
        services.pilkades_status_update(row=row, counting="done", winner_number=9, actor=polsek_a_user)
    row.refresh_from_db()
    assert (row.counting, row.result) == ("not_started", "")
    assert PilkadesRound.objects.count() == 1
