"""Monthly partitions of the timeline, check-ins and audit trail on PostgreSQL (SQLite has none)."""

import datetime as dt
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from siaga.core import partitions
from siaga.core.models import ObjectChange

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]
TABLES = {"core_objectchange", "reports_reportevent", "patrols_patrolcheckin"}


def _tables_holding(row_id: int) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM core_objectchange WHERE id = %s", [row_id])
        return [r[0] for r in cursor.fetchall()]


def test_the_big_tables_are_partitioned_by_time_with_months_ahead():
    tables = partitions.partitioned_tables()
    assert set(tables) >= TABLES and all(tables[t] == "at" for t in TABLES)
    this_month = dt.date.today().replace(day=1)
    for table in TABLES:
        months = {p.month for p in partitions.partitions_of(table)}
        assert None in months, "DEFAULT partition"
        assert {this_month, partitions.month_add(this_month, partitions.MONTHS_AHEAD)} <= months
    assert partitions.partitions_ensure() == []  # idempotent


def test_django_writes_and_reads_through_the_partitioned_audit_trail():
    change = ObjectChange.objects.create(action="create", model="uji.Uji", object_id="1", object_repr="uji")
    assert change.pk and ObjectChange.objects.get(pk=change.pk).object_repr == "uji"
    assert _tables_holding(change.pk) == [f"core_objectchange_p{dt.date.today():%Y%m}"]


def test_an_old_month_moves_out_of_default_and_detaches_for_archive(capsys):
    old = ObjectChange.objects.create(action="create", model="uji.Uji", object_id="2", object_repr="lama")
    ObjectChange.objects.filter(pk=old.pk).update(at=dt.datetime(2019, 3, 5, 10, tzinfo=dt.UTC))
    assert _tables_holding(old.pk) == ["core_objectchange_default"]
    call_command("partitions", "detach", "--before", "2019-04")
    assert "core_objectchange_p201903" in capsys.readouterr().out
    assert not ObjectChange.objects.filter(pk=old.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT object_repr FROM core_objectchange_p201903 WHERE id = %s", [old.pk])
        assert cursor.fetchone() == ("lama",)
        cursor.execute("SELECT count(*) FROM pg_inherits WHERE inhrelid = 'core_objectchange_p201903'::regclass")
        assert cursor.fetchone() == (0,)


def test_detach_refuses_a_bad_month():
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("partitions", "detach", "--before", "2019-13")


def test_a_checkin_retry_with_the_same_time_is_still_refused_by_the_database(district):
    from siaga.patrols.models import PatrolCheckin, PatrolTeam, VulnerableObject

    team = PatrolTeam.objects.create(name="Tim Uji", unit=district.polsek_a)
    obj = VulnerableObject.objects.create(
        name="Gudang logistik KPU", kind="gudang", unit=district.polsek_a, lat=-8.2, lon=113.3
    )
    client_id, at = uuid.uuid4(), dt.datetime.now(dt.UTC)
    PatrolCheckin.objects.create(client_id=client_id, team=team, object=obj, at=at)
    with pytest.raises(IntegrityError), transaction.atomic():
        PatrolCheckin.objects.create(client_id=client_id, team=team, object=obj, at=at)
