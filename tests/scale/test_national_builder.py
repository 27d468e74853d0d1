"""The national data builder of bench/national.py at tiny size: real regions of one province (Gorontalo, 75),
every synthetic row where the schema and the domain want it, and the table's indexes and constraints back."""

from __future__ import annotations

import importlib.util
import sys
from importlib import import_module
from pathlib import Path

import pytest

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

PROVINCE = "75"  # Gorontalo: 6 kabupaten/kota, small enough for a test
BUILT_TABLES = ("stations_station", "personnel_personnel", "reports_report", "reports_reportevent")


def _national_data():
    path = Path(__file__).resolve().parents[2] / "bench" / "national_data.py"
    spec = importlib.util.spec_from_file_location("national_data", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("national_data", module)
    spec.loader.exec_module(module)
    return module


def _schema(cursor, table: str) -> tuple[set, set]:
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint WHERE conrelid = %s::regclass",
        [table],
    )
    constraints = set(cursor.fetchall())
    cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
    return constraints, set(cursor.fetchall())


def _scalar(cursor, statement: str, params=()):
    cursor.execute(statement, list(params))
    return cursor.fetchone()[0]


@pytest.fixture
def built():
    from django.apps import apps as django_apps
    from django.db import connection

    from siaga.regions.services import regions_load

    nd = _national_data()
    # the report taxonomy comes with a migration; an earlier transactional test on this worker may have flushed it
    import_module("siaga.reports.migrations.0002_categories").load(django_apps, None)
    regions_load(prefix=PROVINCE)
    with connection.cursor() as cur:
        before = {table: _schema(cur, table) for table in BUILT_TABLES}
    size = nd.Size.tiny()
    timings = nd.build(size)
    return nd, size, timings, before


def test_tiny_build_counts_and_constraints(built):
    from django.db import connection

    from siaga.regions.models import Region

    nd, size, timings, before = built
    n_kab = Region.objects.filter(level=2).count()
    n_kec = Region.objects.filter(level=3).count()
    n_desa = Region.objects.filter(level=4).count()
    have = nd.counts()
    assert (have["polda"], have["polres"], have["polsek"]) == (1, n_kab, n_kec)
    assert size.tps_min * n_desa <= have["tps"] <= size.tps_max * n_desa
    assert have["personnel"] == size.personnel
    assert have["reports"] == size.reports
    assert have["report_events"] == size.reports
    assert nd.is_built()
    assert {"stations", "personnel", "reports", "report_events", "reports_report_indexes"} <= set(timings)

    with connection.cursor() as cur:
        # every index and constraint the load dropped is back, under its name, validated
        for table in BUILT_TABLES:
            assert _schema(cur, table) == before[table], table
        # the hierarchy follows the regions: Polsek per kecamatan under the Polres of its kabupaten
        assert not _scalar(
            cur,
            "SELECT count(*) FROM units_unit s JOIN units_unit_regions sr ON sr.unit_id = s.id "
            "JOIN regions_region k ON k.code = sr.region_id JOIN units_unit p ON p.id = s.parent_id "
            "JOIN units_unit_regions pr ON pr.unit_id = p.id "
            "WHERE s.kind = 'polsek' AND (k.level <> 3 OR pr.region_id <> k.parent_id)",
        )
        # a TPS's Polsek holds its desa's kecamatan; its election belongs to that Polsek's Polres
        assert not _scalar(
            cur,
            "SELECT count(*) FROM stations_station t JOIN regions_region d ON d.code = t.desa_id "
            "JOIN units_unit_regions ur ON ur.unit_id = t.unit_id JOIN units_unit s ON s.id = t.unit_id "
            "JOIN elections_election e ON e.id = t.election_id "
            "WHERE ur.region_id <> d.parent_id OR e.unit_id <> s.parent_id",
        )
        # a report sits in a desa of its Polsek and opens with one 'created' timeline row at its creation time
        assert not _scalar(
            cur,
            "SELECT count(*) FROM reports_report r JOIN regions_region d ON d.code = r.desa_id "
            "JOIN units_unit_regions ur ON ur.unit_id = r.unit_id WHERE ur.region_id <> d.parent_id",
        )
        assert not _scalar(
            cur,
            "SELECT count(*) FROM reports_report r LEFT JOIN reports_reportevent e ON e.report_id = r.id "
            "AND e.kind = 'created' AND e.at = r.created_at AND e.unit_id = r.unit_id WHERE e.id IS NULL",
        )
        # all synthetic, and the categories and open/closed mix the roll-up needs are there
        assert not _scalar(
            cur, "SELECT count(*) FROM reports_report WHERE NOT is_demo OR text NOT LIKE %s", ["%sintetis%"]
        )
        assert not _scalar(cur, "SELECT count(*) FROM personnel_personnel WHERE NOT is_demo")
        assert _scalar(cur, "SELECT count(DISTINCT status) FROM reports_report") >= 4
        assert _scalar(cur, "SELECT count(DISTINCT category) FROM stations_station") >= 2
        # Polda pools, Polres HQ and Polsek all hold officers, each with a home base near its unit
        kinds = "SELECT array_agg(DISTINCT u.kind) FROM personnel_personnel p JOIN units_unit u ON u.id = p.unit_id"
        assert sorted(_scalar(cur, kinds)) == ["polda", "polres", "polsek"]
        # one national operation (Mabes) over every Polres' election: what a national planning run fans out over
        assert _scalar(cur, "SELECT count(*) FROM elections_operation") == 1
        assert _scalar(cur, "SELECT count(*) FROM elections_operation_elections") == n_kab
        assert not _scalar(
            cur,
            "SELECT count(*) FROM personnel_personnel p JOIN units_unit u ON u.id = p.unit_id "
            "WHERE abs(p.home_lat - u.lat) > 0.05 OR abs(p.home_lon - u.lon) > 0.05",
        )

    with pytest.raises(nd.BuildError):
        nd.build(size)  # a second build on the same database is refused, nothing doubled
    assert nd.counts() == have

    # the bench's burst of new reports for the incremental roll-up: new, now, each with its timeline row
    assert nd.reports_add(25) == 25
    after = nd.counts()
    assert (after["reports"], after["report_events"]) == (have["reports"] + 25, have["report_events"] + 25)
    with connection.cursor() as cur:
        fresh = "SELECT count(*) FROM reports_report WHERE status = 'new' AND created_at > now() - interval '1 hour'"
        assert _scalar(cur, fresh) == 25


@pytest.mark.django_db
def test_a_column_without_value_stops_the_build():
    from siaga.personnel.models import Personnel

    nd = _national_data()
    with pytest.raises(nd.BuildError, match="Personnel.name"):
        nd.insert_select(Personnel, {"nrp": "'1'", "unit_id": "1", "rank": "'bripda'"}, "")
