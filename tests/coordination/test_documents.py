"""Invitation, attendance list and minutes read back as documents with the right names."""

import io
import re
import zlib

import pytest
from docx import Document

from siaga.coordination import services

pytestmark = pytest.mark.django_db


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _pdf_text(content: bytes) -> str:
    """The text drawn on the pages (reportlab writes each line as a (..) Tj string in a flate stream)."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.DOTALL):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            import base64

            try:
                data = zlib.decompress(base64.a85decode(stream.strip(), adobe=True))
            except Exception:  # noqa: BLE001 - not a text stream
                continue
        for m in re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", data):
            texts.append(re.sub(rb"\\([()\\])", rb"\1", m).decode("latin-1"))
    return " ".join(texts)  # a line wrapped by the layout reads on


@pytest.fixture
def held(rakor, kapolres, polsek_a_user, district):
    services.meeting_checkin(meeting=rakor, actor=polsek_a_user, token=str(rakor.checkin_token))
    services.meeting_minutes_save(
        meeting=rakor, minutes="Kapolres: jangan remehkan desa yang dulu aman.", decisions="Sambang semua calon kades",
        actor=kapolres,
    )  # fmt: skip
    services.directive_issue(
        unit=district.polres, title="Sambang setiap calon kades", deadline=rakor.starts_at.date(),
        units=[district.polsek_a, district.polsek_b], meeting=rakor, actor=kapolres, today=rakor.starts_at.date(),
    )  # fmt: skip
    return rakor


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_documents_carry_the_names(held, login, kapolres, polsek_a_user, fmt):
    client = login(kapolres)
    read = _docx_text if fmt == "docx" else _pdf_text
    invitation = read(client.get(f"/koordinasi/rapat/{held.pk}/undangan.{fmt}").content)
    assert "UNDANGAN" in invitation and "Rakor kesiapan Pilkades serentak" in invitation
    for name in ("Kapolsek Polsek Jombang", "Kapolsek Polsek Kencong", "KPU Kabupaten Jember"):
        assert name in invitation
    assert "Aula Polres Jember" in invitation and "https://zoom.us/j/123456789" in invitation
    attendance = read(client.get(f"/koordinasi/rapat/{held.pk}/daftar-hadir.{fmt}").content)
    assert "Tanda tangan" in attendance
    attendee = polsek_a_user.get_full_name() or polsek_a_user.username
    assert attendee in attendance and "Hadir" in attendance and "Polsek Kencong" in attendance
    minutes = read(client.get(f"/koordinasi/rapat/{held.pk}/notulen.{fmt}").content)
    assert "NOTULEN" in minutes and "jangan remehkan desa yang dulu aman" in minutes
    assert "Sambang setiap calon kades" in minutes and f"Hadir (1 dari 3 undangan): {attendee}" in minutes


def test_a_document_of_a_meeting_one_is_not_invited_to_is_not_found(held, login, bawaslu_user):
    assert login(bawaslu_user).get(f"/koordinasi/rapat/{held.pk}/undangan.pdf").status_code == 404
    assert login(bawaslu_user).get(f"/koordinasi/rapat/{held.pk}/rahasia.pdf").status_code == 404


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_an_anev_minutes_carry_the_directive_matrix(held, district, kapolres, polsek_a_user, login, fmt):
    from siaga.coordination.models import DirectiveTarget

    target = DirectiveTarget.objects.get(unit=district.polsek_a)
    services.directive_report(target=target, text="selesai", closes=True, actor=polsek_a_user)
    anev = services.meeting_create(unit=district.polres, title="Anev pengamanan Pilkades", kind="anev",
                                   starts_at=held.starts_at, place="Ruang Bagops", actor=kapolres)  # fmt: skip
    read = _docx_text if fmt == "docx" else _pdf_text
    text = read(login(kapolres).get(f"/koordinasi/rapat/{anev.pk}/notulen.{fmt}").content)
    assert "Matriks tindak lanjut arahan" in text and "Sambang setiap calon kades" in text
    assert "Polsek Jombang" in text and "Selesai" in text and "Polsek Kencong" in text
