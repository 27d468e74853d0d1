"""The Anev layout as a Word template a Polres can change.

A template is an ordinary DOCX. Where a value goes it holds a placeholder, `{{ringkasan}}` (names in `FIELDS`);
where a section of the Anev goes it holds a paragraph with only a section marker, `{{bagian:kerawanan}}` (keys in
`anev.SECTIONS`). A Polres downloads the shipped default (or its own), edits it in Word — kop and logo, headings,
their order, texts; sections it does not want are simply deleted — and uploads it. The upload is checked here
(`template_check`): a file that is not a DOCX, holds macros, is oversized or packed like a zip bomb, has an unknown
or repeated marker, a marker inside a table or header, or a broken placeholder is refused with the reason in
Bahasa Indonesia. Rendering (`template_fill`) fills the placeholders everywhere (body, tables, headers, footers)
and puts each section's paragraphs, tables and images where its marker stood. The heading just before a marker
is that section's title, and `Layout.blocks` lets the PDF follow the same order and titles."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from siaga.analysis.anev import SECTIONS, TITLES, Anev, Section

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED = 60 * 1024 * 1024
MAX_RATIO = 200
FIELDS = {
    "judul": "judul Anev (ANALISA DAN EVALUASI (ANEV) POLRES ...)",
    "satuan": "nama kesatuan",
    "satuan_atas": "kesatuan atasan (untuk kop)",
    "periode": "periode Anev",
    "pembanding": "periode pembanding",
    "tanggal": "tanggal pembuatan",
    "ringkasan": "ringkasan: pokok-pokok hasil Anev",
}
TOKEN = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
MARKER = re.compile(r"^\s*\{\{\s*bagian\s*:\s*([a-z_]+)\s*\}\}\s*$")


class TemplateError(ValueError):
    """A template that cannot be used; `problems` are the reasons in Bahasa Indonesia."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))


@dataclass
class Layout:
    """The template's reading order: ("heading", level, text) | ("text", style, text) | ("section", key)."""

    blocks: list[tuple] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)


# --- the shipped default -----------------------------------------------------------------------------------------

DEFAULT_OUTLINE = [
    ("I. GANGGUAN KAMTIBMAS", ["ringkasan", "golongan", "tren", "peta", "narkotika"]),
    ("II. PENGAMANAN PEMILIHAN", ["pemilu", "kerawanan", "pengerahan", "patroli", "laporan", "respons", "siaga"]),
    ("III. PEMOLISIAN MASYARAKAT", ["binmas"]),
    ("IV. PERBANDINGAN KESATUAN DAN TEMUAN", ["polsek", "temuan"]),
]


def default_template() -> bytes:
    """The default Anev template (built with python-docx, so it always lists every section)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    for text, bold in (("KEPOLISIAN NEGARA REPUBLIK INDONESIA", True), ("{{satuan_atas}}", False),
                       ("{{satuan}}", True)):  # fmt: skip
        run = doc.add_paragraph().add_run(text.upper() if "{" not in text else text)
        run.bold = bold
    title = doc.add_heading("{{judul}}", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("Periode {{periode}}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("Pembanding: {{pembanding}}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_heading("PENDAHULUAN", level=1)
    doc.add_paragraph(
        "Analisa dan evaluasi ini disusun dari data register gangguan kamtibmas, kerawanan TPS, rencana "
        "pengerahan, patroli, laporan lapangan dan masyarakat, serta kegiatan Binmas."
    )
    doc.add_paragraph("Pokok-pokok hasil Anev: {{ringkasan}}")
    n = 0
    for heading, keys in DEFAULT_OUTLINE:
        doc.add_heading(heading, level=1)
        for key in keys:
            n += 1
            doc.add_heading(f"{n}. {TITLES[key]}", level=2)
            doc.add_paragraph(f"{{{{bagian:{key}}}}}")
    doc.add_heading("PENUTUP", level=1)
    doc.add_paragraph("Demikian Anev ini disusun sebagai bahan pengambilan keputusan pimpinan.")
    doc.add_paragraph("{{satuan}}, {{tanggal}}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --- checking an upload ------------------------------------------------------------------------------------------


def _check_package(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise TemplateError([f"Berkas templat terlalu besar ({len(data) // 1024} KB; paling besar "
                             f"{MAX_BYTES // 1024 // 1024} MB)."])  # fmt: skip
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateError(["Berkas bukan dokumen Word .docx (simpan ulang di Word sebagai 'Word Document')."])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise TemplateError(["Berkas .zip ini bukan dokumen Word (.docx): isi dokumennya tidak ada."])
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise TemplateError(["Templat berisi makro; simpan sebagai .docx biasa (bukan .docm) lalu unggah ulang."])
        total = sum(i.file_size for i in infos)
        packed = any(i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos)
        if total > MAX_UNPACKED or packed:
            raise TemplateError(["Isi berkas templat terlalu besar setelah dibuka (kemungkinan berkas rusak)."])


def _heading_level(paragraph) -> int | None:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    lower = name.lower()
    if lower == "title":
        return 0
    match = re.match(r"(heading|judul)\s*(\d)", lower)
    return int(match[2]) if match else None


def _token_problems(text: str, where: str) -> list[str]:
    problems = []
    for match in TOKEN.finditer(text):
        name = match[1].strip()
        if re.fullmatch(r"bagian\s*:\s*[a-z_]+", name):
            if not MARKER.match(text):
                problems.append(f"Penanda {{{{{name}}}}} harus berdiri sendiri dalam satu paragraf ({where}).")
            continue
        if name not in FIELDS:
            problems.append(f"Isian {{{{{name}}}}} tidak dikenal ({where}); yang dikenal: "
                            + ", ".join("{{" + f + "}}" for f in FIELDS) + ".")  # fmt: skip
    rest = TOKEN.sub("", text)
    if "{{" in rest or "}}" in rest:
        problems.append(f"Penanda tidak lengkap (kurung kurawal {{{{ }}}} tidak berpasangan) di '{text[:60]}' "
                        f"({where}).")  # fmt: skip
    return problems


def template_layout(data: bytes) -> Layout:
    """Check a template and read its layout; raise TemplateError with every problem found."""
    _check_package(data)
    from docx import Document

    try:
        doc = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        raise TemplateError(["Berkas tidak dapat dibaca sebagai dokumen Word (.docx); mungkin rusak."]) from exc
    from docx.text.paragraph import Paragraph

    problems: list[str] = []
    layout = Layout()
    heading: str | None = None
    number = 0
    for where, p, top in _all_paragraph_elements(doc):
        text = _own_text(p)
        if not top:
            if re.search(r"\{\{\s*bagian", text):
                place = "tabel, kotak teks atau kontrol isi" if where == "badan dokumen" else where
                problems.append(f"Penanda bagian di dalam {place} ('{text.strip()[:40]}'); letakkan penanda sebagai "
                                "paragraf biasa di badan dokumen.")  # fmt: skip
            else:
                problems += _token_problems(text, where if where != "badan dokumen" else "tabel atau kotak teks")
            continue
        number += 1
        where = f"paragraf {number}"
        marker = MARKER.match(text)
        if marker:
            key = marker[1]
            if key not in SECTIONS:
                problems.append(f"Bagian {{{{bagian:{key}}}}} tidak dikenal ({where}); yang dikenal: "
                                + ", ".join(SECTIONS) + ".")  # fmt: skip
            elif key in layout.sections:
                problems.append(f"Bagian {{{{bagian:{key}}}}} muncul lebih dari sekali ({where}).")
            else:
                layout.sections.append(key)
                layout.titles[key] = heading or TITLES[key]
                layout.blocks.append(("section", key))
            heading = None
            continue
        problems += _token_problems(text, where)
        paragraph = Paragraph(p, doc._body)
        level = _heading_level(paragraph)
        if level is not None and text.strip():
            layout.blocks.append(("heading", level, text))
            heading = text.strip()
        elif text.strip():
            layout.blocks.append(("text", paragraph.alignment, text))
    if not layout.sections and not problems:
        problems.append("Templat tidak memuat satu pun penanda bagian, misalnya {{bagian:ringkasan}}.")
    if problems:
        raise TemplateError(list(dict.fromkeys(problems))[:20])
    return layout


# --- rendering ---------------------------------------------------------------------------------------------------


def fill_text(text: str, fields: dict[str, str]) -> str:
    return TOKEN.sub(lambda m: fields.get(m[1].strip(), m[0]), text)


def _own_text_nodes(p_element) -> list:
    """The w:t nodes of a paragraph itself, not of a text box or frame nested in it (those are paragraphs too)."""
    from docx.oxml.ns import qn

    tag = qn("w:p")
    nodes = []
    for node in p_element.iter(qn("w:t")):
        parent = node.getparent()
        while parent is not None and parent.tag != tag:
            parent = parent.getparent()
        if parent is p_element:
            nodes.append(node)
    return nodes


def _own_text(p_element) -> str:
    return "".join(node.text or "" for node in _own_text_nodes(p_element))


def _fill_element(p_element, fields: dict[str, str]) -> None:
    """Fill the placeholders of one paragraph, keeping its pictures: the whole text goes into its first text node
    (Word often splits a placeholder over several runs)."""
    nodes = _own_text_nodes(p_element)
    full = "".join(node.text or "" for node in nodes)
    if "{{" not in full:
        return
    nodes[0].text = fill_text(full, fields)
    nodes[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for node in nodes[1:]:
        node.text = ""


def _all_paragraph_elements(doc):
    """Every paragraph of the document, wherever it stands (body, tables, content controls, text boxes, headers
    and footers): (where, w:p element, whether it is a top-level body paragraph)."""
    from docx.oxml.ns import qn

    body = doc.element.body
    for p in body.iter(qn("w:p")):
        yield "badan dokumen", p, p.getparent() is body
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.even_page_header, section.footer,
                     section.first_page_footer, section.even_page_footer):  # fmt: skip
            if part.is_linked_to_previous:
                continue
            for p in part._element.iter(qn("w:p")):
                yield "kepala/kaki halaman", p, False


def _borders(table) -> None:
    """Grid lines on a table when the template has no 'Table Grid' style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:color"), "808080")
        borders.append(el)
    props.append(borders)


def _text_width(doc):
    from docx.shared import Cm

    section = doc.sections[-1]
    try:
        width = section.page_width - section.left_margin - section.right_margin
    except TypeError:  # a section without page size
        width = Cm(16)
    return min(width, Cm(16))


def _render_section(doc, section: Section, before) -> None:
    """Put a section's paragraphs, tables and images just before the marker paragraph `before`."""
    from siaga.analysis.documents import cell_text

    width = _text_width(doc)
    for text in section.paragraphs:
        p = doc.add_paragraph(text)
        before._p.addprevious(p._p)
    for table in section.tables:
        title = doc.add_paragraph()
        title.add_run(table.title).bold = True
        before._p.addprevious(title._p)
        grid = doc.add_table(rows=1, cols=len(table.header))
        try:
            grid.style = "Table Grid"
        except (KeyError, ValueError):
            _borders(grid)
        for cell, value in zip(grid.rows[0].cells, table.header, strict=True):
            cell.text = cell_text(value)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in table.rows:
            for cell, value in zip(grid.add_row().cells, row, strict=True):
                cell.text = cell_text(value)
        before._p.addprevious(grid._tbl)
        spacer = doc.add_paragraph()
        before._p.addprevious(spacer._p)
    for caption, png in section.images:
        p = doc.add_paragraph()
        p.add_run().add_picture(io.BytesIO(png), width=width)
        before._p.addprevious(p._p)
        cap = doc.add_paragraph(caption)
        before._p.addprevious(cap._p)


def template_fill(data: bytes, anev: Anev) -> bytes:
    """The Anev DOCX: the template with its placeholders filled and each section where its marker stands."""
    from docx import Document
    from docx.text.paragraph import Paragraph

    doc = Document(io.BytesIO(data))
    fields = {k: str(v) for k, v in anev.fields.items()}
    by_key = {s.key: s for s in anev.sections}
    markers = []
    for _, p, top in list(_all_paragraph_elements(doc)):
        marker = MARKER.match(_own_text(p)) if top else None
        if marker:
            markers.append((marker[1], Paragraph(p, doc._body)))
        else:
            _fill_element(p, fields)
    for key, paragraph in markers:
        if key in by_key:
            _render_section(doc, by_key[key], paragraph)
        paragraph._p.getparent().remove(paragraph._p)
    doc.core_properties.title = anev.title[:250]
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --- which template a unit uses ----------------------------------------------------------------------------------


def template_for(unit):
    """The active template of the unit or its nearest ancestor (a Polsek uses its Polres'); None: the default."""
    from siaga.analysis.models import AnevTemplate

    current = unit
    while current is not None:
        found = AnevTemplate.objects.filter(unit=current, is_active=True).order_by("-created_at", "-id").first()
        if found is not None:
            return found
        current = current.parent
    return None


def template_bytes(unit) -> tuple[bytes, object]:
    """(DOCX bytes, the AnevTemplate row or None for the shipped default) used for a unit's Anev."""
    row = template_for(unit)
    if row is None:
        return default_template(), None
    with row.docx.open("rb") as handle:
        return handle.read(), row
