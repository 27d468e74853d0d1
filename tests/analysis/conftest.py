import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def at():
    """`at(y, m, d, h=10)`: an aware datetime in the server's time zone."""

    def _at(y, m, d, h=10, minute=0):
        return timezone.make_aware(dt.datetime(y, m, d, h, minute))

    return _at


@pytest.fixture
def make_case(at):
    from siaga.analysis.models import CrimeType
    from siaga.analysis.services import case_create
    from siaga.core import access

    counter = {"n": 0}

    def _make(unit, when, type_code="curat", status="lidik", status_on=None, desa=None, **extra):
        counter["n"] += 1
        return case_create(
            unit=unit,
            lp_number=f"LP/B/{counter['n']}/{when.year}/SPKT/{unit.code.upper()}",
            crime_type=CrimeType.objects.get(code=type_code),
            occurred_at=when,
            status=status,
            status_on=status_on,
            desa=desa,
            actor=access.SYSTEM,
            **extra,
        )

    return _make
