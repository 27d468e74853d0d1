"""The Anev document: a background job with progress; the DOCX reads back and the PDF renders text and images."""

import datetime as dt
import io
import re
import zlib

import pytest
from docx import Document

from siaga.analysis.models import AnevDocument
from siaga.analysis.services import anev_request

pytestmark = pytest.mark.django_db


def _pdf(content: bytes) -> tuple[int, str, int]:
    """(pages, the text drawn on them, image XObjects) of a PDF, by inflating its content streams."""
    assert content.startswith(b"%PDF")
    text = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\n?endstream", content, re.S):
        try:
            data = zlib.decompress(raw)
        except zlib.error:
            try:
                import base64

                data = zlib.decompress(base64.a85decode(raw.strip(), adobe=True))
            except Exception:  # an image stream
                continue
        text += [m.decode("latin-1") for m in re.findall(rb"\((.*?)\) Tj", data)]
    pages = len(re.findall(rb"/Type /Page[^s]", content))
    images = len(re.findall(rb"/Subtype /Image", content))
    return pages, " ".join(text), images


@pytest.fixture
def month(district, make_case, at):
    for i in range(6):
        make_case(district.polsek_a, at(2024, 1, 3 + i, 21), "curat", "tahap2", dt.date(2024, 1, 25),
                  desa=district.desa_a[0], lat=-8.22 + i * 0.001, lon=113.33)  # fmt: skip
    make_case(district.polsek_b, at(2024, 1, 9), "narkotika", desa=district.desa_b[0], lat=-8.27, lon=113.37,
              evidence_type="sabu", evidence_grams=3.5, suspects=2)  # fmt: skip
    make_case(district.polsek_b, at(2023, 12, 9), "curanmor", desa=district.desa_b[0])


@pytest.fixture
def run(settings, tmp_path, django_capture_on_commit_callbacks):
    def _run(user, district, start, end):
        settings.MEDIA_ROOT = str(tmp_path)
        with django_capture_on_commit_callbacks(execute=True):
            doc = anev_request(unit=district.polres, start=start, end=end, kind="month", actor=user)
        return AnevDocument.objects.get(pk=doc.pk)

    return _run


def test_the_anev_document_reads_back_with_tables_charts_and_map(district, kapolres, month, run):
    doc = run(kapolres, district, dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert doc.job.status == "done" and doc.job.percent == 100
    docx = Document(io.BytesIO(doc.docx.read()))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "ANEV" in text and "POLRES JEMBER" in text and "Periode Januari 2024" in text
    assert "Crime total (CT) 7 perkara" in text
    assert len(docx.inline_shapes) >= 2  # the 12-month chart and the hot-spot map
    cells = [c.text for t in docx.tables for row in t.rows for c in row.cells]
    assert "Polsek Jombang" in cells and "sabu" in cells
    pages, pdf_text, images = _pdf(doc.pdf.read())
    assert pages >= 2 and images >= 2
    assert "Perbandingan Polsek" in pdf_text and "Narkotika" in pdf_text and "Polsek Jombang" in pdf_text


def test_an_anev_with_no_data_says_so(district, kapolres, run):
    doc = run(kapolres, district, dt.date(2020, 6, 1), dt.date(2020, 6, 30))
    assert "Tidak ada data" in doc.job.result["summary"]
    text = "\n".join(p.text for p in Document(io.BytesIO(doc.docx.read())).paragraphs)
    assert "Tidak ada data gangguan kamtibmas pada periode ini" in text and "CC -" in text


def test_only_command_or_ops_make_an_anev(district, field_a_user, partner_user, polsek_a_user):
    from django.core.exceptions import PermissionDenied

    for user in (field_a_user, partner_user, polsek_a_user):
        with pytest.raises(PermissionDenied):
            anev_request(unit=district.polres, start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31), actor=user)
    assert not AnevDocument.objects.exists()


from tests.analysis.test_anev_sections import election_side  # noqa: E402, F401


def test_the_document_carries_the_election_side_binmas_and_findings(district, kapolres, election_side, run):  # noqa: F811
    period = election_side["period"]
    doc = run(kapolres, district, period.start, period.end)
    assert doc.job.status == "done", doc.job.message
    docx = Document(io.BytesIO(doc.docx.read()))
    text = "\n".join(p.text for p in docx.paragraphs)
    for heading in (
        "Kerawanan TPS: sebaran dan perubahan",
        "Pengerahan personel dan BKO",
        "Cakupan patroli",
        "Waktu tanggap laporan",
        "Tingkat siaga",
        "Pemolisian masyarakat (Binmas)",
        "Temuan dan saran",
    ):
        assert heading in text, heading
    assert "Tidak ada data kegiatan Binmas" in text and "7 personel BKO dibutuhkan" in text
    assert "{{" not in text
    tables = {t.rows[0].cells[0].text: t for t in docx.tables}
    assert [c.text for c in tables["Pemilihan"].rows[1].cells][1:4] == ["v2", "Disetujui", "1 / 2 (50 %)"]
    cells = [c.text for t in docx.tables for row in t.rows for c in row.cells]
    assert "Sampai tindakan pertama" in cells and "Siaga I" in cells and "Polsek Kencong" in cells
    pages, pdf_text, _ = _pdf(doc.pdf.read())
    assert pages >= 2
    for heading in ("Kerawanan TPS", "Pengerahan personel dan BKO", "Waktu tanggap", "Temuan dan saran tindak"):
        assert heading in pdf_text, heading


def test_table_cells_show_figures_plainly_and_escape_formulas():
    from siaga.analysis.documents import cell_text

    assert [cell_text(v) for v in ("+1 (+100,0 %)", "-2 (-33,3 %)", "-", "25 %", 7)] == [
        "+1 (+100,0 %)", "-2 (-33,3 %)", "-", "25 %", "7"]  # fmt: skip
    assert cell_text('=HYPERLINK("x")') == '\'=HYPERLINK("x")' and cell_text("-3+cmd") == "'-3+cmd"


def test_the_pdf_spells_out_signs_its_fonts_lack():
    from siaga.analysis.anev import Anev, Section
    from siaga.analysis.documents import to_pdf

    anev = Anev("ANEV UJI", "Periode uji", [Section("Temuan", ["CC % 80,0 % → 60,0 %; crime clock 16′27″"])], False)
    _, text, _ = _pdf(to_pdf(anev))
    assert "80,0%->60,0%;crimeclock16'27\"" in text.replace(" ", "")  # text runs are joined with spaces
