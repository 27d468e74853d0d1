"""Personas for permission tests (Healthchecks-style): a small real district with two Polsek sectors.

Region codes and names are real (Kabupaten Jember, 35.09); units and users are test data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # Django models are imported inside fixtures so that engine tests run without Django
    from siaga.regions.models import Region
    from siaga.units.models import Unit


@dataclass
class District:
    province: Region
    kabupaten: Region
    kec_a: Region
    kec_b: Region
    desa_a: list[Region]
    desa_b: list[Region]
    polda: Unit
    polres: Unit
    polsek_a: Unit
    polsek_b: Unit
    kpu: Unit
    bawaslu: Unit


def _region(code, name, level, kind, parent, lat, lon):
    from tests.factories import RegionFactory

    return RegionFactory(code=code, name=name, level=level, kind=kind, parent=parent, lat=lat, lon=lon)


# Process caches keyed on database ids (places, units, categories, the triage model), which change from test to test
# (and test order varies across pytest-xdist workers): cleared around every test, for the modules already loaded only,
# so engine tests still import nothing of Django.
PROCESS_CACHES = ("siaga.reports.locate", "siaga.reports.taxonomy", "siaga.reports.triage")


def _clear_process_caches() -> None:
    import sys

    for name in PROCESS_CACHES:
        module = sys.modules.get(name)
        if module is not None:
            module.clear_cache()


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    _clear_process_caches()
    yield
    _clear_process_caches()


@pytest.fixture
def district(db) -> District:
    from tests.factories import UnitFactory

    prov = _region("35", "Jawa Timur", 1, "provinsi", None, -7.5, 112.5)
    kab = _region("35.09", "Kabupaten Jember", 2, "kabupaten", prov, -8.17, 113.70)
    kec_a = _region("35.09.01", "Jombang", 3, "kecamatan", kab, -8.23, 113.33)
    kec_b = _region("35.09.02", "Kencong", 3, "kecamatan", kab, -8.28, 113.37)
    desa_a = [_region(f"35.09.01.200{i}", f"Desa A{i}", 4, "desa", kec_a, -8.23 + i / 200, 113.33) for i in (1, 2)]
    desa_b = [_region(f"35.09.02.200{i}", f"Desa B{i}", 4, "desa", kec_b, -8.28 + i / 200, 113.37) for i in (1, 2)]
    polda = UnitFactory(code="polda-jatim", name="Polda Jawa Timur", kind="polda")
    polda.regions.set([prov])
    polres = UnitFactory(code="polres-jember", name="Polres Jember", kind="polres", parent=polda)
    polres.regions.set([kab])
    polsek_a = UnitFactory(code="polsek-jombang", name="Polsek Jombang", kind="polsek", parent=polres)
    polsek_a.regions.set([kec_a])
    polsek_b = UnitFactory(code="polsek-kencong", name="Polsek Kencong", kind="polsek", parent=polres)
    polsek_b.regions.set([kec_b])
    kpu = UnitFactory(code="kpu-jember", name="KPU Kabupaten Jember", kind="kpu", parent=polres)
    bawaslu = UnitFactory(code="bawaslu-jember", name="Bawaslu Kabupaten Jember", kind="bawaslu", parent=polres)
    return District(prov, kab, kec_a, kec_b, desa_a, desa_b, polda, polres, polsek_a, polsek_b, kpu, bawaslu)


def _user(username, role, unit, **extra):
    from tests.factories import UserFactory

    return UserFactory(username=username, role=role, unit=unit, **extra)


@pytest.fixture
def kapolres(district):
    return _user("kapolres", "kapolres", district.polres)


@pytest.fixture
def ops_user(district):
    return _user("kabagops", "ops", district.polres)


@pytest.fixture
def intel_user(district):
    return _user("kasatintel", "intel", district.polres)


@pytest.fixture
def polsek_a_user(district):
    return _user("kapolsek_a", "kapolsek", district.polsek_a)


@pytest.fixture
def polsek_b_user(district):
    return _user("kapolsek_b", "kapolsek", district.polsek_b)


@pytest.fixture
def field_a_user(district):
    return _user("bhabin_a", "field", district.polsek_a)


@pytest.fixture
def partner_user(district):
    return _user("mitra_kpu", "partner", district.kpu)


@pytest.fixture
def bawaslu_user(district):
    return _user("mitra_bawaslu", "partner", district.bawaslu)


@pytest.fixture
def viewer_user(district):
    return _user("peninjau", "viewer", district.polres)


@pytest.fixture
def admin_user(district):
    return _user("admin", "admin", district.polres, is_staff=True, is_superuser=True)


@pytest.fixture
def login(client):
    """`login(user)` returns a Django test client signed in as that user."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture
def api_client(client):
    """`api_client(user)` returns (client, headers) with a fresh bearer token for that user."""
    from siaga.accounts.models import ApiToken

    def _make(user):
        _, raw = ApiToken.issue(user=user, name="uji")
        return client, {"Authorization": f"Bearer {raw}"}

    return _make


# CI sets SIAGA_FAIL_ON_SKIP=1: a skipped test there is a failure, so nothing can hide behind a skip.
_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    import os

    if os.environ.get("SIAGA_FAIL_ON_SKIP") and _skipped:
        print(f"\nSIAGA_FAIL_ON_SKIP: {len(_skipped)} test dilewati: {', '.join(_skipped[:10])}")
        session.exitstatus = 1


# Tests that only mean something on one database carry `@pytest.mark.postgresql` or `@pytest.mark.sqlite`; the
# other pass does not collect them (deselected, not skipped), and CI runs the suite on both.
def pytest_configure(config):
    config.addinivalue_line("markers", "postgresql: collected only when the tests run on PostgreSQL")
    config.addinivalue_line("markers", "sqlite: collected only when the tests run on SQLite")


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    vendor = "sqlite" if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else "postgresql"
    other = "sqlite" if vendor == "postgresql" else "postgresql"
    deselected = [item for item in items if item.get_closest_marker(other)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker(other)]
