"""The demo register: cases with histories and synthetic population, all flagged as demo."""

import random
from types import SimpleNamespace

import pytest

from siaga.analysis import demo
from siaga.analysis.models import Case, Population

pytestmark = pytest.mark.django_db


def test_demo_builds_a_year_of_cases_and_synthetic_population(district):
    lines = []
    ctx = SimpleNamespace(polseks=[district.polsek_a, district.polsek_b], rng=random.Random(1), log=lines.append)
    demo.build(ctx)
    assert Case.objects.count() == 2 * demo.CASES_PER_POLSEK
    assert not Case.objects.filter(is_demo=False).exists()
    assert Case.objects.filter(status="selesai", cleared_on__isnull=False).exists()
    assert Population.objects.filter(is_demo=True).count() == 4
    assert "perkara demo" in lines[0]
