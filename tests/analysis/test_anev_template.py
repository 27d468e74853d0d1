"""The Anev layout is a Word template a Polres can change: the shipped default, an upload that reorders, renames
and drops sections and carries a logo and a kop in the page header (filled in the DOCX, followed by the PDF), the
refusal of a broken template with its reasons in Bahasa Indonesia (nothing stored), the audit trail, and the page."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from PIL import Image

from siaga.analysis.anev import SECTIONS
from siaga.analysis.models import AnevDocument, AnevTemplate
from siaga.analysis.services import anev_request, anev_template_reset, anev_template_upload
from siaga.analysis.templating import default_template, template_for, template_layout
from siaga.core.models import ObjectChange
from tests.analysis.test_anev_document import _pdf

pytestmark = pytest.mark.django_db


def _docx(build) -> bytes:
    doc = Document()
    build(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _logo() -> io.BytesIO:
    buf = io.BytesIO()
    Image.new("RGB", (40, 40), "#1f3b73").save(buf, format="PNG")
    buf.seek(0)
    return buf


def _own_template(doc):
    """A Polres' own layout: kop with logo and a placeholder in the page header, findings first, kerawanan under
    another heading, the summary last; every other section dropped."""
    header = doc.sections[0].header.paragraphs[0]
    header.add_run().add_picture(_logo())
    header.add_run(" POLRES {{satuan}} — {{periode}}")
    doc.add_heading("{{judul}}", level=0)
    kop = doc.add_table(rows=1, cols=2)
    kop.rows[0].cells[0].text = "Tanggal: {{tanggal}}"
    kop.rows[0].cells[1].text = "Wilayah: {{satuan}}"
    p = doc.add_paragraph("Ringkasan pimpinan: {{")
    p.add_run("ringk")  # Word splits a placeholder over runs
    p.add_run("asan}}")
    doc.add_heading("A. Temuan lebih dulu", level=1)
    doc.add_paragraph("{{bagian:temuan}}")
    doc.add_heading("B. Peta kerawanan TPS", level=1)
    doc.add_paragraph("{{ bagian:kerawanan }}")
    doc.add_heading("C. Angka kejahatan", level=1)
    doc.add_paragraph("{{bagian:ringkasan}}")
    doc.add_paragraph("Dibuat oleh Bagops {{satuan}}.")


def _upload(content: bytes, name="templat.docx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_default_template_lists_every_section_in_order():
    layout = template_layout(default_template())
    assert set(layout.sections) == set(SECTIONS)
    assert layout.titles["kerawanan"].endswith("Kerawanan TPS: sebaran dan perubahan")
    assert layout.titles["polsek"].endswith("Perbandingan Polsek")
    assert [b[0] for b in layout.blocks].count("section") == len(SECTIONS)


@pytest.fixture
def run(settings, tmp_path, django_capture_on_commit_callbacks):
    def _run(user, unit, start, end):
        settings.MEDIA_ROOT = str(tmp_path)
        with django_capture_on_commit_callbacks(execute=True):
            doc = anev_request(unit=unit, start=start, end=end, kind="month", actor=user)
        return AnevDocument.objects.get(pk=doc.pk)

    return _run


def test_a_polres_template_shapes_the_docx_and_the_pdf(district, ops_user, kapolres, make_case, at, run, settings,
                                                       tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = str(tmp_path)
    make_case(district.polsek_a, at(2024, 1, 5), "curat", desa=district.desa_a[0])
    row = anev_template_upload(unit=district.polres, upload=_upload(_docx(_own_template)), actor=ops_user)
    assert (
        row.sections
        == [
            ["temuan", "A. Temuan lebih dulu"],
            ["kerawanan", "B. Peta kerawanan TPS"],
            ["ringkasan", "C. Angka kejahatan"],
        ]
        and row.is_active
    )
    change = ObjectChange.objects.get(model="analysis.AnevTemplate", object_id=str(row.pk))
    assert change.action == "create" and "templat.docx" in change.object_repr
    assert template_for(district.polsek_a) == row  # a Polsek's Anev uses its Polres' template

    doc = run(kapolres, district.polsek_a, dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert doc.job.status == "done", doc.job.message
    docx = Document(io.BytesIO(doc.docx.read()))
    texts = [p.text for p in docx.paragraphs]
    body = "\n".join(texts)
    assert "{{" not in body and "}}" not in body
    assert "ANALISA DAN EVALUASI (ANEV) POLSEK JOMBANG" in body
    assert any(t.startswith("Ringkasan pimpinan: Crime total (CT) 1 perkara") for t in texts)
    order = [texts.index(h) for h in ("A. Temuan lebih dulu", "B. Peta kerawanan TPS", "C. Angka kejahatan")]
    assert order == sorted(order)
    assert texts.index("Tidak ada TPS terdaftar di wilayah ini; sebaran kerawanan tidak dapat disajikan.") > order[1]
    assert texts[-1] == "Dibuat oleh Bagops Polsek Jombang."
    assert "Narkotika" not in body and "Tren 12 bulan" not in body  # dropped sections
    cells = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    assert "Wilayah: Polsek Jombang" in cells and "CT" in cells  # the kop table filled; the comparison table added
    header = docx.sections[0].header.paragraphs[0]
    assert header.text == " POLRES Polsek Jombang — Januari 2024"
    assert header._p.xpath(".//pic:pic")  # the logo kept beside the filled placeholder

    pages, pdf_text, _ = _pdf(doc.pdf.read())
    assert pages >= 1
    positions = [pdf_text.find(h) for h in ("A. Temuan lebih dulu", "B. Peta kerawanan TPS", "C. Angka kejahatan")]
    assert -1 not in positions and positions == sorted(positions)
    assert "Narkotika" not in pdf_text and "Dibuat oleh Bagops Polsek Jombang." in pdf_text


def _zip_with(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buf.getvalue()


def _with_macro(content: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("word/vbaProject.bin", b"\x00" * 10)
    return buf.getvalue()


def _marker_in_table(doc):
    doc.add_table(rows=1, cols=1).rows[0].cells[0].text = "{{bagian:ringkasan}}"
    doc.add_paragraph("{{bagian:temuan}}")


BROKEN = {
    "bukan docx": (lambda: b"PK bukan zip", "bukan dokumen Word"),
    "zip lain": (lambda: _zip_with({"isi.txt": b"halo"}), "bukan dokumen Word"),
    "rusak": (lambda: _zip_with({"word/document.xml": b"<rusak"}), "tidak dapat dibaca"),
    "makro": (lambda: _with_macro(default_template()), "makro"),
    "bagian tak dikenal": (lambda: _docx(lambda d: d.add_paragraph("{{bagian:cuaca}}")), "Bagian {{bagian:cuaca}}"),
    "bagian ganda": (lambda: _docx(lambda d: [d.add_paragraph("{{bagian:temuan}}") for _ in range(2)]),
                     "lebih dari sekali"),
    "bagian di tabel": (lambda: _docx(_marker_in_table), "di dalam tabel"),
    "bagian di tengah kalimat": (lambda: _docx(lambda d: d.add_paragraph("Lihat {{bagian:temuan}} di sini")),
                                 "berdiri sendiri"),
    "isian tak dikenal": (lambda: _docx(lambda d: (d.add_paragraph("{{bagian:temuan}}"),
                                                   d.add_paragraph("Kapolres {{nama_kapolres}}"))),
                          "Isian {{nama_kapolres}} tidak dikenal"),
    "kurung rusak": (lambda: _docx(lambda d: (d.add_paragraph("{{bagian:temuan}}"), d.add_paragraph("{{periode}"))),
                     "tidak lengkap"),
    "tanpa bagian": (lambda: _docx(lambda d: d.add_paragraph("Hanya {{judul}}")), "tidak memuat satu pun penanda"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_template_is_refused_with_its_reason(district, ops_user, case, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    make, reason = BROKEN[case]
    with pytest.raises(ValidationError) as caught:
        anev_template_upload(unit=district.polres, upload=_upload(make()), actor=ops_user)
    message = " ".join(caught.value.messages)
    assert reason in message, message
    assert "Traceback" not in message and "Error" not in message
    assert not AnevTemplate.objects.exists() and not list(tmp_path.rglob("*.docx"))


def test_only_polres_command_or_ops_change_the_template(district, polsek_a_user, partner_user, viewer_user,
                                                        field_a_user):  # fmt: skip
    for user in (polsek_a_user, partner_user, viewer_user, field_a_user, None):
        with pytest.raises(PermissionDenied):
            anev_template_upload(unit=district.polres, upload=_upload(default_template()), actor=user)
        with pytest.raises(PermissionDenied):
            anev_template_reset(unit=district.polres, actor=user)
    assert not AnevTemplate.objects.exists()


def test_the_template_page_uploads_refuses_and_resets(district, ops_user, login, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client = login(ops_user)
    url = reverse("analysis:template")
    page = client.get(url)
    assert page.status_code == 200 and "templat bawaan Siaga" in page.content.decode()
    default = client.get(reverse("analysis:template_default"))
    assert default.status_code == 200 and template_layout(
        b"".join(default.streaming_content if default.streaming else [default.content])
    )
    refused = client.post(url, {"unit": district.polres.pk, "file": _upload(b"bukan word", "anev.docx")})
    assert refused.status_code == 400 and "bukan dokumen Word" in refused.content.decode()
    assert not AnevTemplate.objects.exists()
    done = client.post(url, {"unit": district.polres.pk, "file": _upload(_docx(_own_template), "kop-kami.docx")})
    assert done.status_code == 302
    row = AnevTemplate.objects.get()
    shown = client.get(url).content.decode()
    assert "kop-kami.docx" in shown and "A. Temuan lebih dulu" in shown and "bagian:temuan" in shown
    assert client.get(reverse("analysis:template_download", args=[row.pk])).status_code == 200
    client.post(url, {"unit": district.polres.pk, "aksi": "bawaan"})
    row.refresh_from_db()
    assert not row.is_active and template_for(district.polres) is None
    audit = ObjectChange.objects.filter(model="analysis.AnevTemplate", object_id=str(row.pk))
    assert {(c.action, c.user_id) for c in audit} == {("create", ops_user.pk), ("update", ops_user.pk)}


def test_other_personas_cannot_use_the_template_page(district, login, polsek_a_user, partner_user, viewer_user):
    for user in (polsek_a_user, partner_user):
        assert login(user).get(reverse("analysis:template")).status_code == 403
    viewer = login(viewer_user)
    assert "Unggah dan pakai" not in viewer.get(reverse("analysis:template")).content.decode()
    answer = viewer.post(reverse("analysis:template"), {"unit": district.polres.pk, "aksi": "bawaan"})
    assert answer.status_code == 403


def test_a_template_damaged_on_disk_fails_the_job_with_a_reason(district, ops_user, kapolres, run, settings,
                                                                 tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = str(tmp_path)
    row = anev_template_upload(unit=district.polres, upload=_upload(default_template()), actor=ops_user)
    with open(row.docx.path, "wb") as handle:
        handle.write(b"rusak")
    doc = run(kapolres, district.polres, dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert doc.job.status == "failed"
    assert "tidak dapat dipakai" in doc.job.message and "bukan dokumen Word" in doc.job.message
    assert not doc.docx


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _nested(doc):
    """A content control holding a placeholder, and a paragraph whose text box (a kop) holds another one."""
    from docx.oxml import parse_xml

    sdt = parse_xml(f'<w:sdt xmlns:w="{W}"><w:sdtContent><w:p><w:r><w:t>Kesatuan {{{{satuan}}}}</w:t></w:r></w:p>'
                    "</w:sdtContent></w:sdt>")  # fmt: skip
    doc.element.body.insert(0, sdt)
    outer = doc.add_paragraph("Luar {{periode}} ")
    box = parse_xml(
        f'<w:r xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>Kop {{judul}}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    outer._p.append(box)
    doc.add_paragraph("{{bagian:ringkasan}}")


def test_placeholders_in_content_controls_and_text_boxes_are_filled_apart(district, kapolres):
    from siaga.analysis.anev import anev_build
    from siaga.analysis.formulas import Period
    from siaga.analysis.templating import template_fill

    data = _docx(_nested)
    assert template_layout(data).sections == ["ringkasan"]
    anev = anev_build(
        user=kapolres,
        unit=district.polres,
        period=Period("month", dt.date(2024, 1, 1), dt.date(2024, 1, 31)),
        sections=["ringkasan"],
    )
    xml = Document(io.BytesIO(template_fill(data, anev))).element.body.xml
    assert "Kesatuan Polres Jember" in xml and "Luar Januari 2024" in xml
    assert "Kop ANALISA DAN EVALUASI (ANEV) POLRES JEMBER" in xml and "{{" not in xml


def test_a_marker_inside_a_content_control_is_refused():
    from docx.oxml import parse_xml

    def build(doc):
        doc.add_paragraph("{{bagian:temuan}}")
        doc.element.body.insert(0, parse_xml(
            f'<w:sdt xmlns:w="{W}"><w:sdtContent><w:p><w:r><w:t>{{{{bagian:ringkasan}}}}</w:t></w:r></w:p>'
            "</w:sdtContent></w:sdt>"))  # fmt: skip

    with pytest.raises(Exception) as caught:
        template_layout(_docx(build))
    assert "kontrol isi" in str(caught.value)
