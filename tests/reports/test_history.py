"""Reports lend their history to the risk rule (per TPS/desa) and to patrol weights (around objects)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from siaga.patrols.history import incident_history
from siaga.reports.history import risk_incident_counts
from siaga.reports.models import Report
from tests.patrols.factories import VulnerableObjectFactory
from tests.reports.factories import submit
from tests.risk.factories import ElectionFactory, make_stations

pytestmark = pytest.mark.django_db


@pytest.fixture
def election(district):
    election = ElectionFactory(unit=district.polres)
    election.regions.set([district.kabupaten])
    return election


def test_risk_counts_incidents_per_tps_and_desa(district, election, field_a_user):
    stations = make_stations(district, election, per_desa=1)
    tps = stations["a"][0]
    Report.objects.all().delete()
    submit(field_a_user, text="Bentrok pendukung di depan TPS", lat=tps.lat, lon=tps.lon, desa_code=tps.desa_id)
    rejected = submit(field_a_user, text="Laporan palsu soal TPS", lat=tps.lat, lon=tps.lon, desa_code=tps.desa_id)
    Report.objects.filter(pk=rejected.pk).update(status=Report.Status.REJECTED)
    counts = risk_incident_counts(election=election, since=timezone.now() - timedelta(days=30))
    assert counts.desa.get(tps.desa_id) == 1
    assert counts.stations == {tps.pk: 1}


def test_patrol_weight_rises_with_incidents_around_an_object(district, field_a_user):
    near = VulnerableObjectFactory(unit=district.polres, lat=-8.2300, lon=113.3300)
    far = VulnerableObjectFactory(unit=district.polres, lat=-8.4000, lon=113.6000)
    for _ in range(2):
        submit(field_a_user, text="Massa berkumpul di depan gudang logistik KPU", lat=-8.2305, lon=113.3302)
    history = incident_history([near, far])
    assert history[near.pk] == pytest.approx(0.4)
    assert history[far.pk] == 0.0
