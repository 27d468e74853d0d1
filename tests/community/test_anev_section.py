"""The Binmas section of the Anev counts the Anev's own unit (that unit and below), never more than the author may
see: a Polres user's Anev of Polsek A counts Polsek A alone, of the Polres everything, and a Polsek user gets
nothing of another Polsek."""

import datetime
import uuid

import pytest
from django.utils import timezone

from siaga.analysis.anev import anev_build
from siaga.analysis.formulas import Period
from siaga.community import selectors, services

pytestmark = pytest.mark.django_db


def _visit(user, desa, **kw):
    return services.visit_record(actor=user, client_id=uuid.uuid4(), desa=desa, **kw)[0]


@pytest.fixture
def both_sectors(binmas, district, field_a_user, polsek_b_user):
    """Polsek A: two visits (12 people), one with an early warning, two aspirations; Polsek B: one visit (30
    people) with an early warning and one aspiration. Every visit carries the Polres campaign, which also went to a
    WhatsApp group of 100 people in Polsek B's desa."""
    campaign = [binmas.campaign.pk]
    a = district.desa_a[0]
    _visit(
        field_a_user,
        a,
        headcount=5,
        campaign_ids=campaign,
        early_warning="Isu A",
        early_warning_source="RT A",
        aspirations=[{"text": "Jalan rusak", "topic": "infrastruktur"}],
    )
    _visit(
        field_a_user,
        a,
        headcount=7,
        campaign_ids=campaign,
        aspirations=[{"text": "DPT belum lengkap", "topic": "pemilu"}],
    )
    _visit(
        polsek_b_user,
        district.desa_b[0],
        headcount=30,
        campaign_ids=campaign,
        early_warning="Isu B",
        early_warning_source="RT B",
        aspirations=[{"text": "Lampu jalan mati", "topic": "infrastruktur"}],
    )
    services.reach_record(
        actor=polsek_b_user,
        campaign=binmas.campaign,
        channel="whatsapp",
        day=timezone.localdate(),
        audience=100,
        desa=district.desa_b[0],
    )
    return binmas


def _section(user, unit):
    today = timezone.localdate()
    return selectors.anev_section(user=user, unit=unit, day_from=today - datetime.timedelta(days=1), day_to=today)


def _figures(section):
    return {
        "visits": section["visits"],
        "people": section["people"],
        "desa_visited": section["desa_visited"],
        "desa_total": section["desa_total"],
        "tokoh_stale": section["tokoh_stale"],
        "aspirations": section["aspirations"]["total"],
        "early_warnings": section["early_warnings"],
        "campaign": [(c["visits"], c["people"], c["desa"]) for c in section["campaigns"]],
    }


def test_a_polres_users_anev_of_a_polsek_counts_that_polsek_only(both_sectors, district, intel_user):
    section = _section(intel_user, district.polsek_a)
    assert section["whole_unit"]
    assert _figures(section) == {
        "visits": 2,
        "people": 12,
        "desa_visited": 1,
        "desa_total": 1,
        "tokoh_stale": 2,  # Polsek A's tokoh, none named on a visit
        "aspirations": 2,
        "early_warnings": 1,
        "campaign": [(2, 12, 1)],  # the Polres campaign, reached by Polsek A's visits only
    }
    b = _figures(_section(intel_user, district.polsek_b))
    assert (b["visits"], b["people"], b["aspirations"], b["early_warnings"], b["campaign"]) == (
        1,
        30,
        1,
        1,
        [(1, 130, 1)],
    )


def test_a_polres_users_anev_of_the_polres_counts_every_polsek(both_sectors, district, intel_user):
    assert _figures(_section(intel_user, district.polres)) == {
        "visits": 3,
        "people": 42,
        "desa_visited": 2,
        "desa_total": 2,
        "tokoh_stale": 3,
        "aspirations": 3,
        "early_warnings": 2,
        "campaign": [(3, 142, 2)],
    }


def test_the_polres_and_the_polsek_itself_see_the_same_polsek_figures(both_sectors, district, kapolres, polsek_a_user):
    assert _figures(_section(kapolres, district.polsek_a)) == _figures(_section(polsek_a_user, district.polsek_a))
    assert _section(kapolres, district.polsek_a)["early_warnings"] is None  # intelligence roles only


def test_a_polsek_user_gets_nothing_of_another_polsek(both_sectors, district, polsek_a_user):
    section = _section(polsek_a_user, district.polsek_b)
    assert not section["whole_unit"]
    assert _figures(section) == {
        "visits": 0,
        "people": 0,
        "desa_visited": 0,
        "desa_total": 0,
        "tokoh_stale": 0,
        "aspirations": 0,
        "early_warnings": None,
        "campaign": [(0, 0, 0)],  # the Polres campaign both carry, with nothing of Polsek B
    }
    # the Polres Anev asked for by a Polsek user: only what that Polsek may see, and said so
    polres = _figures(_section(polsek_a_user, district.polres))
    assert (polres["visits"], polres["people"], polres["aspirations"]) == (2, 12, 2)


def _binmas_text(user, unit):
    today = timezone.localdate()
    anev = anev_build(user=user, unit=unit, period=Period("day", today, today), sections=["binmas"])
    return " ".join(anev.sections[0].paragraphs)


def test_the_anev_section_prints_the_units_figures_without_a_caveat(both_sectors, district, intel_user, kapolres):
    text = _binmas_text(intel_user, district.polsek_a)
    assert "Sambang/kunjungan Bhabinkamtibmas: 2 " in text and "warga ditemui 12" in text
    assert "Informasi deteksi dini dari kunjungan: 1." in text
    assert "dapat dilihat pembuat Anev" not in text
    assert "deteksi dini" not in _binmas_text(kapolres, district.polres)
    assert "Sambang/kunjungan Bhabinkamtibmas: 3 " in _binmas_text(kapolres, district.polres)


def test_an_anev_of_a_unit_beyond_the_authors_scope_says_so(both_sectors, district, polsek_a_user):
    text = _binmas_text(polsek_a_user, district.polres)
    assert "Sambang/kunjungan Bhabinkamtibmas: 2 " in text
    assert f"hanya mencakup data {district.polres.name} yang dapat dilihat pembuat Anev" in text
