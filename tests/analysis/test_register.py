"""The gangguan kamtibmas register: classification and clearance rule as data, status history, bad input."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from siaga.analysis.models import Case, ClearanceRule, CrimeGroup, CrimeType
from siaga.analysis.services import case_create, case_from_report, case_set_status, clearance_recompute
from siaga.core import access
from siaga.core.models import ObjectChange

pytestmark = pytest.mark.django_db


def test_perkap_classification_ships_as_data_with_crime_index_and_themes():
    assert CrimeGroup.objects.get(code="kejahatan_konvensional").is_crime
    assert not CrimeGroup.objects.get(code="gangguan_lain").is_crime
    curas = CrimeType.objects.get(code="curas")
    assert curas.law_ref == "Pasal 365 KUHP" and curas.is_crime_index
    assert CrimeType.objects.get(code="narkotika").theme == "narkotika"
    assert CrimeType.objects.get(code="politik_uang").theme == "pemilu"
    assert CrimeType.objects.count() >= 30


def test_status_moves_forward_with_dates_and_clearance_follows_the_rule(district, ops_user, make_case, at):
    case = make_case(district.polsek_a, at(2024, 3, 1))
    case = case_set_status(case=case, status="sidik", on=dt.date(2024, 3, 5), actor=ops_user)
    assert case.cleared_on is None
    case = case_set_status(case=case, status="tahap2", on=dt.date(2024, 4, 2), actor=ops_user)
    assert case.cleared_on == dt.date(2024, 4, 2)
    assert [(h.status, h.reached_on) for h in case.history.all()] == [
        ("lidik", dt.date(2024, 3, 1)),
        ("sidik", dt.date(2024, 3, 5)),
        ("tahap2", dt.date(2024, 4, 2)),
    ]
    with pytest.raises(ValidationError, match="tidak boleh mundur"):
        case_set_status(case=case, status="sidik", on=dt.date(2024, 4, 3), actor=ops_user)


def test_clearance_rule_is_data_and_recomputed_when_changed(district, make_case, at):
    case = make_case(district.polsek_a, at(2024, 3, 1), status="tahap2", status_on=dt.date(2024, 3, 9))
    assert case.cleared_on == dt.date(2024, 3, 9)
    rule = ClearanceRule.objects.get(code="default")
    rule.statuses = ["selesai", "sp3"]
    rule.save()
    assert clearance_recompute(actor=access.SYSTEM) == 1
    case.refresh_from_db()
    assert case.cleared_on is None
    case_set_status(case=case, status="selesai", on=dt.date(2024, 5, 1), actor=access.SYSTEM)
    case.refresh_from_db()
    assert case.cleared_on == dt.date(2024, 5, 1)


def test_bad_input_is_refused_in_indonesian_and_nothing_is_written(district, ops_user, at):
    curat = CrimeType.objects.get(code="curat")
    future = at(2099, 1, 1)
    with pytest.raises(ValidationError) as caught:
        case_create(
            unit=district.polsek_a,
            lp_number="123-ABC",
            crime_type=curat,
            occurred_at=future,
            desa=district.desa_b[0],
            actor=ops_user,
        )
    errors = caught.value.message_dict
    assert "tidak sesuai format" in errors["lp_number"][0]
    assert "masa depan" in errors["occurred_at"][0]
    assert "di luar wilayah hukum Polsek Jombang" in errors["desa"][0]
    assert not Case.objects.exists()


def test_duplicate_lp_and_idempotent_client_id(district, ops_user, at):
    curat = CrimeType.objects.get(code="curat")
    cid = uuid.uuid4()
    kwargs = {"unit": district.polsek_a, "crime_type": curat, "occurred_at": at(2024, 1, 2), "actor": ops_user}
    first = case_create(lp_number="lp/b/7/i/2024/spkt/polsek jombang", client_id=cid, **kwargs)
    assert first.lp_number == "LP/B/7/I/2024/SPKT/POLSEK JOMBANG"
    assert case_create(lp_number="LP/B/7/I/2024/SPKT/POLSEK JOMBANG", client_id=cid, **kwargs) == first
    with pytest.raises(ValidationError, match="sudah tercatat"):
        case_create(lp_number="LP/B/7/I/2024/SPKT/POLSEK JOMBANG", **kwargs)
    assert Case.objects.count() == 1


def test_every_register_change_is_audited(district, ops_user, make_case, at):
    case = make_case(district.polsek_a, at(2024, 3, 1))
    case_set_status(case=case, status="sidik", on=dt.date(2024, 3, 2), actor=ops_user)
    changes = ObjectChange.objects.filter(object_repr__contains=case.lp_number)
    assert changes.count() >= 2
    assert any("status" in (c.changes or {}) for c in changes)


def test_a_polsek_cannot_record_for_another_polsek_and_partners_none(district, polsek_a_user, partner_user, at):
    curat = CrimeType.objects.get(code="curat")
    for user, unit in ((polsek_a_user, district.polsek_b), (partner_user, district.polsek_a)):
        with pytest.raises(PermissionDenied):
            case_create(
                unit=unit, lp_number="LP/B/1/I/2024/SPKT", crime_type=curat, occurred_at=at(2024, 1, 1), actor=user
            )
    assert not Case.objects.exists()


def test_a_report_becomes_a_case_keeping_the_link(district, ops_user, at):
    from siaga.reports.models import Report

    report = Report.objects.create(
        source="officer",
        unit=district.polsek_a,
        text="Pencurian motor di pasar",
        occurred_at=at(2024, 5, 1, 8),
        desa=district.desa_a[0],
        lat=-8.2,
        lon=113.3,
    )
    curanmor = CrimeType.objects.get(code="curanmor")
    case = case_from_report(report=report, lp_number="LP/B/55/V/2024/SPKT", crime_type=curanmor, actor=ops_user)
    assert case.report == report and case.desa == district.desa_a[0] and case.unit == district.polsek_a
    assert "Pencurian motor" in case.summary
    again = case_from_report(report=report, lp_number="LP/B/56/V/2024/SPKT", crime_type=curanmor, actor=ops_user)
    assert again == case
