"""Register import: header variants, idempotent by LP number, every bad row and column named, all or nothing."""

import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from siaga.analysis.importer import CaseImporter
from siaga.analysis.models import Case, CaseStatusChange
from siaga.core.imports import import_now
from siaga.core.jobs import JobError

pytestmark = pytest.mark.django_db

HEADER = ["No. LP", "Tgl Kejadian", "Pukul", "Tgl Lapor", "Jenis Kejahatan", "Kode Desa", "Polsek", "Status",
          "Tgl Status", "Korban", "Kerugian", "Barang Bukti", "Berat BB", "Gakkumdu"]  # fmt: skip


def _csv(rows, header=HEADER) -> bytes:
    lines = [";".join(header)] + [";".join("" if c is None else str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _rows(district):
    a1, b1 = district.desa_a[0].code, district.desa_b[0].code
    return [
        ["LP/B/1/I/2024/SPKT", "02/01/2024", "21:30", "03/01/2024", "curat", a1, "Jombang", "sidik", "10/01/2024",
         1, "5.000.000", "", "", ""],
        ["LP/B/2/I/2024/SPKT", "05/01/2024", "", "", "Narkotika", b1, "Polsek Kencong", "P21", "20/02/2024",
         0, 0, "sabu", "12,5", ""],
        ["LP/B/3/I/2024/SPKT", "07/01/2024", "08.15", "", "politik_uang", a1, "", "lidik", "", 0, 0, "", "", "ya"],
    ]  # fmt: skip


def _run(user, district, content, name="register.csv"):
    return import_now(
        importer=CaseImporter, actor=user, filename=name, content=content, params={"unit_id": district.polres.pk}
    )


def _errors(exc) -> list[str]:
    return [f"{e['row']}|{e['column']}|{e['message']}" for e in exc.errors]


def test_it_imports_the_register_with_header_variants_and_history(district, ops_user):
    result = _run(ops_user, district, _csv(_rows(district)))
    assert result["created"] == 3
    c1 = Case.objects.get(lp_number="LP/B/1/I/2024/SPKT")
    assert c1.unit == district.polsek_a and c1.status == "sidik" and c1.loss_rp == 5_000_000 and c1.victims == 1
    local = timezone.localtime(c1.occurred_at)
    assert local.hour == 21 and local.minute == 30
    assert c1.cleared_on is None
    c2 = Case.objects.get(lp_number="LP/B/2/I/2024/SPKT")
    assert c2.status == "tahap2" and c2.evidence_grams == 12.5 and c2.evidence_type == "sabu"
    assert str(c2.cleared_on) == "2024-02-20"
    assert list(c2.history.values_list("status", flat=True)) == ["lidik", "sidik", "tahap2"]
    c3 = Case.objects.get(lp_number="LP/B/3/I/2024/SPKT")
    assert c3.unit == district.polres and c3.gakkumdu


def test_xlsx_and_reimport_is_idempotent_and_moves_status_forward(district, ops_user):
    book = Workbook()
    sheet = book.active
    sheet.append(["REGISTER GANGGUAN KAMTIBMAS POLRES JEMBER"])
    sheet.append(HEADER)
    for row in _rows(district):
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    assert _run(ops_user, district, buf.getvalue(), "register.xlsx")["created"] == 3
    again = _run(ops_user, district, _csv(_rows(district)))
    assert again["created"] == 0 and again["updated"] == 0 and again["unchanged"] == 3
    rows = _rows(district)
    rows[0][7], rows[0][8] = "selesai", "01/03/2024"
    result = _run(ops_user, district, _csv(rows))
    assert result["updated"] == 1 and Case.objects.count() == 3
    c1 = Case.objects.get(lp_number="LP/B/1/I/2024/SPKT")
    assert c1.status == "selesai" and str(c1.cleared_on) == "2024-03-01"
    assert CaseStatusChange.objects.filter(case=c1, status="selesai").count() == 1


def test_every_bad_row_and_column_is_named_and_nothing_is_written(district, ops_user):
    from tests.factories import RegionFactory

    outside = RegionFactory(code="35.10.01.2001", name="Sarongan", level=4, kind="desa", parent=None)
    _run(ops_user, district, _csv(_rows(district)[:1]))
    rows = _rows(district)
    rows[0][7] = "lidik"  # row 2: LP/B/1 is already sidik — a status going backwards
    rows.append(["LP/B/2/I/2024/SPKT", "05/01/2024", "", "", "curat", "", "", "", "", 0, 0, "", "", ""])  # 5: dup
    rows.append(["12345", "05/01/2024", "", "", "curat", "", "", "", "", 0, 0, "", "", ""])  # 6: malformed LP
    rows.append(["LP/B/9/I/2024/SPKT", "05/01/2024", "", "", "begal_online", "", "", "", "", 0, 0, "", "", ""])  # 7
    rows.append(["LP/B/10/I/2099/SPKT", "05/01/2099", "", "", "curat", "", "", "", "", 0, 0, "", "", ""])  # 8
    rows.append(["LP/B/11/I/2024/SPKT", "05/01/2024", "", "", "curat", outside.code, "", "", "", 0, 0, "", "", ""])
    rows.append(["LP/B/12/I/2024/SPKT", "05/01/2024", "", "", "curat", "", "", "naik banding", "", 0, 0, "", "", ""])
    with pytest.raises(JobError) as caught:
        _run(ops_user, district, _csv(rows))
    errors = _errors(caught.value)
    text = "\n".join(errors)
    assert any(e.startswith("2|Status|") and "tidak boleh mundur" in e for e in errors), text
    assert any(e.startswith("5|No. LP|") and "ganda" in e and "baris 3" in e for e in errors), text
    assert any(e.startswith("6|No. LP|") and "tidak sesuai format" in e for e in errors), text
    assert any(e.startswith("7|Jenis Kejahatan|") and "tidak dikenal" in e for e in errors), text
    assert any(e.startswith("8|Tgl Kejadian|") and "masa depan" in e for e in errors), text
    assert any(e.startswith("9|Kode Desa|") and "di luar wilayah hukum Polres Jember" in e for e in errors), text
    assert any(e.startswith("10|Status|") and "tidak dikenal" in e for e in errors), text
    assert len(errors) == 7, text
    assert Case.objects.count() == 1 and Case.objects.get().status == "sidik"


def test_only_polres_ops_or_command_may_import(district, polsek_a_user, partner_user):
    for user in (polsek_a_user, partner_user):
        with pytest.raises(Exception) as caught:
            _run(user, district, _csv(_rows(district)))
        assert caught.type.__name__ in ("PermissionDenied", "JobError", "Http404")
    assert not Case.objects.exists()
