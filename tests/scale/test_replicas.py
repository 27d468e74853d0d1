"""Reads on a streaming PostgreSQL replica, and the primary whenever the replica could show something stale.

Run only in the scale configuration (.ci/run's third step: SIAGA_DATABASE_REPLICA_URLS to the replica that
.ci/scale-services started; the test database is streamed to it like any other)."""

import pytest
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory

from siaga.core import replicas
from siaga.core.models import ObjectChange
from siaga.core.replicas import ReplicaStickyMiddleware, use_replica
from tests.scale.services import Replica, wait_for

pytestmark = [
    pytest.mark.scale,
    pytest.mark.postgresql,
    pytest.mark.django_db(transaction=True, databases=["default", "replica_0"]),
]


@pytest.fixture(autouse=True)
def fresh_health():
    replicas.health_forget()
    yield
    replicas.health_forget()


def _on_replica(pk) -> bool:
    return ObjectChange.objects.using("replica_0").filter(pk=pk).exists()


def _change(repr_="nilai lama"):
    change = ObjectChange.objects.create(action="update", model="uji.Uji", object_id="1", object_repr=repr_)
    wait_for(lambda: _on_replica(change.pk), "baris sampai di replika")
    return change


@use_replica
def _page(request):
    """A heavy-read page: where it read, and what."""
    change = ObjectChange.objects.order_by("-id").first()
    return HttpResponse(f"{ObjectChange.objects.all().db}|{change.object_repr if change else ''}")


@use_replica
def _save_then_read(request):
    """A page that saves and reads back in the same request."""
    ObjectChange.objects.filter(model="uji.Uji").update(object_repr=request.POST["nilai"])
    return HttpResponse(f"{ObjectChange.objects.all().db}|{ObjectChange.objects.get(model='uji.Uji').object_repr}")


def _get(cookies=None):
    request = RequestFactory().get("/dasbor/")
    request.COOKIES.update(cookies or {})
    return ReplicaStickyMiddleware(_page)(request)


def _post(value):
    request = RequestFactory().post("/simpan/", {"nilai": value})
    return ReplicaStickyMiddleware(_save_then_read)(request)


def test_heavy_reads_go_to_the_replica_and_everything_else_to_the_primary():
    _change()
    with connections["replica_0"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)
    assert _get().content.decode() == "replica_0|nilai lama"
    assert ObjectChange.objects.all().db == "default"  # outside use_replica()


def test_a_page_right_after_ones_own_save_reads_the_primary():
    _change()
    saved = _post("nilai baru")
    assert saved.content.decode() == "default|nilai baru", "the saving request reads back on the primary"
    assert replicas.STICKY_COOKIE in saved.cookies
    after = _get({replicas.STICKY_COOKIE: saved.cookies[replicas.STICKY_COOKIE].value})
    assert after.content.decode() == "default|nilai baru"


def test_a_paused_replica_is_lagging_and_reads_fall_back_to_the_primary():
    change = _change()
    replica = connections["replica_0"]
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        ObjectChange.objects.filter(pk=change.pk).update(object_repr="sesudah jeda")
        wait_for(_wal_waiting, "WAL diterima replika tetapi belum diputar")
        assert ObjectChange.objects.using("replica_0").get(pk=change.pk).object_repr == "nilai lama"  # stale there
        replicas.health_forget()
        assert _get().content.decode() == "default|sesudah jeda"
    finally:
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    replicas.health_forget()
    wait_for(lambda: ObjectChange.objects.using("replica_0").get(pk=change.pk).object_repr == "sesudah jeda",
             "replika menyusul setelah dilanjutkan")  # fmt: skip
    assert _get().content.decode() == "replica_0|sesudah jeda"


def _wal_waiting() -> bool:
    with connections["replica_0"].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()")
        return cursor.fetchone()[0]


def test_a_stopped_replica_sends_reads_to_the_primary_and_a_page_hit_mid_request_is_run_again():
    _change()
    assert _get().content.decode() == "replica_0|nilai lama"  # the replica's connection is open and in use
    replica = Replica()
    replica.stop()
    try:
        # remembered as healthy: the page's read fails on the dead connection and runs again on the primary
        assert _get().content.decode() == "default|nilai lama"
        assert replicas._health["replica_0"][1] is False
        replicas.health_forget()
        assert _get().content.decode() == "default|nilai lama"  # the check itself finds it down
        saved = _post("disimpan saat replika mati")
        assert saved.content.decode() == "default|disimpan saat replika mati"
    finally:
        replica.start()
    replicas.health_forget()
    wait_for(lambda: _get().content.decode().startswith("replica_0|"), "replika kembali dipakai")
