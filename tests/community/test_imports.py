"""Tokoh and RW imports on the core framework: row/column errors in Bahasa Indonesia, nothing written."""

import pytest

from siaga.community.importer import RwImporter, TokohImporter
from siaga.community.models import Beat, Tokoh
from siaga.core.imports import import_now
from siaga.core.jobs import JobError

pytestmark = pytest.mark.django_db


def _csv(rows):
    return ("\n".join(rows) + "\n").encode()


def test_it_imports_tokoh(binmas, district, polsek_a_user):
    code = district.desa_a[1].code
    content = _csv(
        [
            "nama,jenis,kode_desa,pengaruh,telepon",
            f"Ustadz Hasan,Tokoh agama,{code},4,0812-3456-7890",
            f"Bu Sri,perangkat_desa,{code},3,81234567891",
        ]
    )
    result = import_now(
        importer=TokohImporter,
        actor=polsek_a_user,
        filename="tokoh.csv",
        content=content,
        params={"unit_id": district.polsek_a.pk},
    )
    assert result["created"] == 2
    hasan = Tokoh.objects.get(name="Ustadz Hasan")
    assert hasan.kind == "tokoh_agama" and hasan.phone == "081234567890" and hasan.influence == 4
    assert Tokoh.objects.get(name="Bu Sri").phone == "081234567891"


def test_a_bad_phone_or_an_unknown_desa_writes_nothing(binmas, district, polsek_a_user):
    code = district.desa_a[0].code
    content = _csv(
        [
            "nama,jenis,kode_desa,telepon",
            f"Baik,media,{code},081234567890",
            f"Salah,media,{code},12345",
            "Tanpa desa,media,35.09.99.9999,081234567890",
            f"Desa lain,media,{district.desa_b[0].code},",
        ]
    )
    with pytest.raises(JobError) as caught:
        import_now(
            importer=TokohImporter,
            actor=polsek_a_user,
            filename="tokoh.csv",
            content=content,
            params={"unit_id": district.polsek_a.pk},
        )
    text = str(caught.value) + " ".join(str(e) for e in caught.value.errors)
    assert "Nomor telepon '12345' tidak sah" in text
    assert "Kode desa 35.09.99.9999 tidak dikenal" in text
    assert "di luar wilayah hukum" in text
    assert Tokoh.objects.count() == 3  # only the fixture's


def test_it_imports_rw_with_their_polisi_rw(binmas, district, polsek_a_user, field_a_user):
    code = district.desa_a[1].code
    content = _csv(["kode_desa,rw,polisi_rw,jumlah_kk", f"{code},01,{field_a_user.username},120", f"{code},02,,80"])
    result = import_now(
        importer=RwImporter,
        actor=polsek_a_user,
        filename="rw.csv",
        content=content,
        params={"unit_id": district.polsek_a.pk},
    )
    assert result["created"] == 2
    assert Beat.objects.get(desa=district.desa_a[1], rw="01").officer == field_a_user


def test_a_duplicate_rw_or_unknown_officer_writes_nothing(binmas, district, polsek_a_user):
    code = district.desa_a[0].code
    content = _csv(["kode_desa,rw,polisi_rw", f"{code},03,", f"{code},04,tidak_ada"])
    with pytest.raises(JobError) as caught:
        import_now(
            importer=RwImporter,
            actor=polsek_a_user,
            filename="rw.csv",
            content=content,
            params={"unit_id": district.polsek_a.pk},
        )
    text = " ".join(str(e) for e in caught.value.errors)
    assert "sudah terdaftar" in text and "Akun tidak_ada tidak ditemukan" in text
    assert Beat.objects.count() == 3
