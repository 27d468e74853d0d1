"""Directives: issued to units of the issuer's scope, acknowledged/reported/closed per unit, escalated when overdue,
shown as a matrix."""

import io
import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from PIL import Image

from siaga.coordination import selectors, services
from siaga.coordination.models import Directive, DirectiveReport, DirectiveTarget
from siaga.core import access
from siaga.core.housekeeping import housekeeping_run
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
TODAY = date(2022, 11, 20)


@pytest.fixture
def directive(district, kapolres):
    return services.directive_issue(
        unit=district.polres,
        title="Sambang setiap calon kades sebelum 5 Desember",
        deadline=date(2022, 12, 5),
        units=[district.polsek_a, district.polsek_b],
        actor=kapolres,
        today=TODAY,
    )


def _target(directive, unit):
    return DirectiveTarget.objects.get(directive=directive, unit=unit)


def test_a_directive_to_a_unit_outside_the_issuers_scope_is_refused_and_nothing_written(district, polsek_a_user):
    with pytest.raises(ValidationError) as caught:
        services.directive_issue(
            unit=district.polsek_a,
            title="Patroli gabungan",
            deadline=date(2022, 12, 5),
            units=[district.polsek_b],
            actor=polsek_a_user,
            today=TODAY,
        )
    assert "Polsek Kencong" in caught.value.messages[0] and "Di luar cakupan" in caught.value.messages[0]
    other = UnitFactory(code="polres-lumajang", name="Polres Lumajang", kind="polres", parent=district.polda)
    with pytest.raises(ValidationError, match="Polres Lumajang"):
        services.directive_issue(
            unit=district.polres, title="x", deadline=date(2022, 12, 5), units=[other], actor=access.SYSTEM, today=TODAY
        )
    assert not Directive.objects.exists() and not DirectiveTarget.objects.exists()


def test_a_partner_agency_is_not_a_recipient_and_a_past_deadline_is_refused(district, kapolres):
    with pytest.raises(ValidationError, match="KPU Kabupaten Jember"):
        services.directive_issue(
            unit=district.polres,
            title="x",
            deadline=date(2022, 12, 5),
            units=[district.kpu],
            actor=kapolres,
            today=TODAY,
        )
    with pytest.raises(ValidationError, match="sudah lewat"):
        services.directive_issue(
            unit=district.polres, title="x", deadline=TODAY - timedelta(days=1), units=[district.polsek_a],
            actor=kapolres, today=TODAY,
        )  # fmt: skip


def test_only_issuing_roles_issue(district, field_a_user, viewer_user):
    for user in (field_a_user, viewer_user):
        with pytest.raises(PermissionDenied):
            services.directive_issue(
                unit=user.unit,
                title="x",
                deadline=date(2022, 12, 5),
                units=[district.polsek_a],
                actor=user,
                today=TODAY,
            )


def test_the_same_client_id_issues_once(district, kapolres):
    client_id = uuid.uuid4()
    kwargs = dict(
        unit=district.polres, title="Apel kesiapan", deadline=date(2022, 12, 5), units=[district.polsek_a],
        actor=kapolres, today=TODAY, client_id=client_id,
    )  # fmt: skip
    first = services.directive_issue(**kwargs)
    assert services.directive_issue(**kwargs) == first
    assert Directive.objects.count() == 1 and DirectiveTarget.objects.count() == 1


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


def test_a_polsek_acknowledges_reports_and_closes_its_own_part_only(
    directive, district, polsek_a_user, polsek_b_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    mine = _target(directive, district.polsek_a)
    services.directive_acknowledge(target=mine, actor=polsek_a_user)
    report = services.directive_report(
        target=mine, text="7 dari 12 calon sudah disambang", number=7, photo=_png(), actor=polsek_a_user
    )
    assert report.photo.name.endswith(".png")
    mine.refresh_from_db()
    assert (mine.status, mine.progress) == ("in_progress", 7)
    client_id = uuid.uuid4()
    services.directive_report(target=mine, text="Semua calon disambang", number=12, closes=True,
                              client_id=client_id, actor=polsek_a_user)  # fmt: skip
    services.directive_report(
        target=mine, text="Semua calon disambang", number=12, closes=True, client_id=client_id, actor=polsek_a_user
    )  # fmt: skip (a retry)
    mine.refresh_from_db()
    assert mine.status == "done" and mine.closed_at is not None
    assert DirectiveReport.objects.filter(target=mine).count() == 2
    other = _target(directive, district.polsek_b)
    with pytest.raises(PermissionDenied):
        services.directive_acknowledge(target=other, actor=polsek_a_user)
    with pytest.raises(PermissionDenied):
        services.directive_report(target=other, text="bukan saya", actor=polsek_a_user)
    other.refresh_from_db()
    assert other.status == "pending" and not other.reports.exists()


def test_a_photo_that_is_not_an_image_is_refused(directive, district, polsek_a_user):
    fake = SimpleUploadedFile("foto.png", b"<svg onload=alert(1)>", content_type="image/png")
    with pytest.raises(ValidationError, match="JPEG, PNG atau WebP"):
        services.directive_report(target=_target(directive, district.polsek_a), text="x", photo=fake,
                                  actor=polsek_a_user)  # fmt: skip
    assert not DirectiveReport.objects.exists()


def test_overdue_recipients_escalate_through_the_worker_housekeeping(directive, district, polsek_a_user, kapolres):
    services.directive_report(target=_target(directive, district.polsek_a), text="selesai", closes=True,
                              actor=polsek_a_user)  # fmt: skip
    assert services.directive_escalate_overdue(actor=access.SYSTEM, today=date(2022, 12, 5)) == 0
    directive.deadline = date(2000, 1, 1)  # the deadline has passed by the time the worker runs
    directive.save()
    results = housekeeping_run()
    assert results["coordination.escalate"] == 1
    assert housekeeping_run()["coordination.escalate"] == 0  # idempotent
    late = _target(directive, district.polsek_b)
    late.refresh_from_db()
    assert late.escalated_at is not None
    assert _target(directive, district.polsek_a).escalated_at is None
    panel = selectors.dashboard_panel(kapolres)
    assert [t.unit for t in panel["escalated"]] == [district.polsek_b]


def test_the_matrix_shows_each_units_state(directive, district, kapolres, polsek_a_user, polsek_b_user):
    services.directive_acknowledge(target=_target(directive, district.polsek_a), actor=polsek_a_user)
    data = selectors.matrix(user=kapolres, today=date(2022, 12, 6))
    assert [u.name for u in data["columns"]] == ["Polsek Jombang", "Polsek Kencong"]
    assert [c["state"] for c in data["rows"][0]["cells"]] == ["overdue", "overdue"]
    data = selectors.matrix(user=kapolres, today=TODAY)
    assert [c["state"] for c in data["rows"][0]["cells"]] == ["acknowledged", "pending"]
    own = selectors.matrix(user=polsek_b_user, today=TODAY)
    assert [u.name for u in own["columns"]] == ["Polsek Kencong"]


def test_a_polsek_sees_only_directives_addressed_to_its_subtree(district, kapolres, polsek_a_user, polsek_b_user):
    to_a = services.directive_issue(unit=district.polres, title="Khusus Jombang", deadline=date(2022, 12, 5),
                                    units=[district.polsek_a], actor=kapolres, today=TODAY)  # fmt: skip
    assert list(selectors.directive_list(user=polsek_a_user)) == [to_a]
    assert list(selectors.directive_list(user=polsek_b_user)) == []
    target = _target(to_a, district.polsek_a)
    with pytest.raises(Http404):
        access.get_for_user(DirectiveTarget, polsek_b_user, "coordination.respond", pk=target.pk)


def test_directive_pages_for_issuer_and_recipients(directive, district, login, kapolres, polsek_a_user, polsek_b_user):
    target_a = _target(directive, district.polsek_a)
    client = login(polsek_a_user)
    page = client.get(f"/koordinasi/arahan/{directive.pk}/").content.decode()
    assert "Polsek Jombang" in page and "Polsek Kencong" not in page and "Terima arahan" in page
    assert client.post(f"/koordinasi/arahan/penerima/{target_a.pk}/terima/").status_code == 302
    response = client.post(
        f"/koordinasi/arahan/penerima/{target_a.pk}/lapor/", {"text": "Sambang 3 calon", "number": "3"}
    )
    assert response.status_code == 302
    target_a.refresh_from_db()
    assert target_a.status == "in_progress" and target_a.progress == 3
    target_b = _target(directive, district.polsek_b)
    assert client.post(f"/koordinasi/arahan/penerima/{target_b.pk}/terima/").status_code == 404
    page = login(kapolres).get("/koordinasi/arahan/matriks/").content.decode()
    assert "Dilaksanakan" in page and "Polsek Kencong" in page
    assert login(polsek_b_user).get("/koordinasi/arahan/").status_code == 200


def test_the_issuer_extends_one_units_deadline_and_it_does_not_escalate(directive, district, kapolres, polsek_a_user):
    late_a = _target(directive, district.polsek_a)
    with pytest.raises(PermissionDenied):
        services.directive_extend(target=late_a, deadline=date(2022, 12, 9), actor=polsek_a_user, today=TODAY)
    with pytest.raises(ValidationError, match="sesudah batas waktu arahan"):
        services.directive_extend(target=late_a, deadline=date(2022, 12, 4), actor=kapolres, today=TODAY)
    services.directive_extend(target=late_a, deadline=date(2022, 12, 9), actor=kapolres, today=TODAY)
    assert services.directive_escalate_overdue(actor=access.SYSTEM, today=date(2022, 12, 7)) == 1
    late_a.refresh_from_db()
    assert late_a.escalated_at is None and late_a.state(date(2022, 12, 7)) == "pending"
    assert _target(directive, district.polsek_b).escalated_at is not None
    assert services.directive_escalate_overdue(actor=access.SYSTEM, today=date(2022, 12, 10)) == 1


def test_a_measured_directive_shows_the_data_that_proves_it(district, kapolres, field_a_user, login):
    from tests.reports.factories import desa_point, submit

    d = services.directive_issue(unit=district.polres, title="Laporkan situasi desa", deadline=date(2030, 1, 1),
                                 units=[district.polsek_a, district.polsek_b], measure="field_reports",
                                 actor=kapolres)  # fmt: skip
    report = submit(field_a_user, **desa_point(district.desa_a[0]))
    assert report.unit == district.polsek_a
    targets = {t.unit_id: t.pk for t in d.targets.all()}
    counts = selectors.measured(directive=d, targets=list(d.targets.all()))
    assert counts == {targets[district.polsek_a.pk]: 1, targets[district.polsek_b.pk]: 0}
    page = login(kapolres).get(f"/koordinasi/arahan/{d.pk}/").content.decode()
    assert "bukti data: 1 (laporan lapangan masuk sejak arahan)" in page
    assert "bukti data: 0 (laporan lapangan masuk sejak arahan)" in page
