"""Outputs: map layers, roster, XLSX workbook, Sprin PDF, assignment cards, and persona scoping."""

import base64
import io
import re
import zlib

import pytest
from openpyxl import load_workbook

from siaga.deployment.models import Assignment, PlanPost
from siaga.deployment.selectors import reserve_radius_km

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    """Concatenated (inflated) content streams of a reportlab PDF."""
    chunks = []
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:  # reportlab writes [/ASCII85Decode /FlateDecode] streams
            chunks.append(zlib.decompress(base64.a85decode(raw.strip(), adobe=True)))
        except (ValueError, zlib.error):
            chunks.append(raw)
    return b"\n".join(chunks).decode("latin-1")


def test_map_layers_show_posts_with_officers_and_reserve_rings(computed_plan, ops_user, login):
    client = login(ops_user)
    posts = client.get(f"/plotting/{computed_plan.pk}/pos.geojson").json()["features"]
    assert len(posts) == computed_plan.posts.count()
    officer = Assignment.objects.filter(plan=computed_plan, post__isnull=False).first().personnel
    assert any(officer.name in f["properties"]["popup"] for f in posts)
    assert {f["properties"]["color"] for f in posts} <= {"#2a9d8f", "#e9c46a", "#e63946", "#7b2cbf"}
    reserves = client.get(f"/plotting/{computed_plan.pk}/cadangan.geojson").json()["features"]
    rings = [f for f in reserves if f["geometry"]["type"] == "Polygon"]
    assert rings and len(rings) == computed_plan.reserves.count()
    ring = rings[0]["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) > 20
    assert rings[0]["properties"]["radius_m"] == round(reserve_radius_km(computed_plan) * 1000)


def test_map_data_query_count_is_flat(computed_plan, ops_user, login, django_assert_max_num_queries):
    client = login(ops_user)
    with django_assert_max_num_queries(12):
        client.get(f"/plotting/{computed_plan.pk}/pos.geojson")
    with django_assert_max_num_queries(12):
        client.get(f"/plotting/{computed_plan.pk}/roster/")


def test_xlsx_workbook_has_all_sheets_and_rows(computed_plan, ops_user, login):
    response = login(ops_user).get(f"/plotting/{computed_plan.pk}/rencana.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Ringkasan", "Pos", "Personel", "Cadangan", "Kekurangan"]
    assert wb["Pos"].max_row - 1 == computed_plan.posts.count()
    assert wb["Personel"].max_row - 1 == Assignment.objects.filter(plan=computed_plan).count()
    assert wb["Cadangan"].max_row - 1 == computed_plan.reserves.count()
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Jumlah TPS"] == 24 and summary["BKO dibutuhkan (TNI/Polda)"] == 0
    nrps = {r[0] for r in wb["Personel"].iter_rows(min_row=2, values_only=True)}
    assert set(Assignment.objects.filter(plan=computed_plan).values_list("personnel__nrp", flat=True)) == nrps


def test_sprin_pdf_lists_every_tps_with_its_officers(computed_plan, mixed_tps, ops_user, login):
    response = login(ops_user).get(f"/plotting/{computed_plan.pk}/lampiran-sprin.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "LAMPIRAN SURAT PERINTAH" in text and "Halaman 1" in text
    assert "Polsek Jombang" in text and "Polsek Kencong" in text
    for station in mixed_tps[:5]:
        assert f"TPS {station.number:03d} {station.desa.name}" in text
    officer = Assignment.objects.filter(plan=computed_plan, post__isnull=False).first().personnel
    assert officer.nrp in text


def test_polsek_sees_only_its_sector_and_partner_sees_nothing(
    computed_plan, district, polsek_a_user, partner_user, login
):
    client = login(polsek_a_user)
    posts = client.get(f"/plotting/{computed_plan.pk}/pos.geojson").json()["features"]
    own = PlanPost.objects.filter(plan=computed_plan, unit=district.polsek_a).count()
    assert len(posts) == own > 0
    roster = client.get(f"/plotting/{computed_plan.pk}/roster/").content.decode()
    assert "Polsek Jombang" in roster and "Polsek Kencong" not in roster
    wb = load_workbook(io.BytesIO(client.get(f"/plotting/{computed_plan.pk}/rencana.xlsx").content))
    assert {r[2] for r in wb["Pos"].iter_rows(min_row=2, values_only=True)} == {"Polsek Jombang"}
    assert "Setujui" not in client.get(f"/plotting/{computed_plan.pk}/").content.decode()
    partner = login(partner_user)
    for suffix in ("", "pos.geojson", "roster/", "rencana.xlsx", "lampiran-sprin.pdf"):
        assert partner.get(f"/plotting/{computed_plan.pk}/{suffix}").status_code == 404, suffix
    assert partner.get("/api/deployment/rencana/").json() == []


def test_assignment_card_says_what_where_when(computed_plan, ops_user, login):
    a = Assignment.objects.filter(plan=computed_plan, post__isnull=False).select_related("post").first()
    page = login(ops_user).get(f"/plotting/{computed_plan.pk}/kartu/{a.personnel_id}/").content.decode()
    assert "Kartu tugas" in page and f"Pos {a.post.number}" in page
    assert "27 November 2024" in page or "27-11-2024" in page or "November 2024" in page
    partner = Assignment.objects.filter(post=a.post).exclude(pk=a.pk).first().personnel
    assert partner.name in page and "openstreetmap.org" in page


def test_my_duty_card_for_the_signed_in_officer(computed_plan, field_a_user, login):
    a = Assignment.objects.filter(plan=computed_plan, post__isnull=False).select_related("personnel").first()
    field_a_user.nrp = a.personnel.nrp
    field_a_user.save()
    page = login(field_a_user).get("/tugas-saya/").content.decode()
    assert f"Pos {a.post.number}" in page and a.personnel.name in page
    field_a_user.nrp = ""
    field_a_user.save()
    assert "belum terhubung" in login(field_a_user).get("/tugas-saya/").content.decode()


def test_dashboard_panel_shows_the_plan_but_not_to_partners(computed_plan, kapolres, partner_user, login):
    page = login(kapolres).get("/").content.decode()
    assert 'data-testid="deployment-panel"' in page and f"/plotting/{computed_plan.pk}/" in page
    assert 'data-testid="deployment-panel"' not in login(partner_user).get("/").content.decode()


def test_problems_name_the_officer_without_home_base(district, computed_plan, ops_user, operation, election, login):
    from siaga.deployment import services
    from siaga.personnel.models import Personnel

    officer = Personnel.objects.filter(unit=district.polsek_a).first()
    Personnel.objects.filter(pk=officer.pk).update(home_lat=None, home_lon=None)
    plan = services.deployment_plan_create(user=ops_user, operation=operation, election=election)
    services.deployment_plan_compute(plan=plan)
    page = login(ops_user).get(f"/plotting/{plan.pk}/").content.decode()
    assert f"{officer.name} ({officer.nrp})" in page and "belum memiliki pangkalan" in page


def test_xlsx_workbook_escapes_formula_text(computed_plan, ops_user, login):
    officer = Assignment.objects.filter(plan=computed_plan).first().personnel
    officer.name = '=HYPERLINK("http://jahat.example","klik")'
    officer.save()
    wb = load_workbook(io.BytesIO(login(ops_user).get(f"/plotting/{computed_plan.pk}/rencana.xlsx").content))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(c.value == "'" + officer.name for c in cells)
