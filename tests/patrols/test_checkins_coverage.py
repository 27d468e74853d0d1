import io
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from siaga.core.access import SYSTEM
from siaga.patrols.coverage import coverage_summary
from siaga.patrols.history import register_incident_history, unregister_incident_history
from siaga.patrols.models import PatrolCheckin, PatrolStop
from siaga.patrols.services import CheckinError, critical_period_create, patrol_checkin_record
from siaga.patrols.weights import object_weights


def _checkin(user, stop, client_id=None, **extra):
    return patrol_checkin_record(
        user=user, client_id=client_id or uuid.uuid4(), team=stop.team, obj=stop.object, stop=stop, **extra
    )


def _png() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, format="PNG")
    return SimpleUploadedFile("bukti.png", buf.getvalue(), content_type="image/png")


def test_checkin_is_idempotent_by_client_id(world, make_plan, field_a_user):
    make_plan()
    stop = PatrolStop.objects.filter(team=world.team_a).first()
    client_id = uuid.uuid4()
    first, created = _checkin(field_a_user, stop, client_id, lat=-8.23, lon=113.33, accuracy_m=12)
    again, created_again = _checkin(field_a_user, stop, str(client_id), lat=-8.23, lon=113.33)
    assert created and not created_again and first.pk == again.pk
    assert PatrolCheckin.objects.count() == 1
    assert first.position_source == "gps"


def test_checkin_client_id_of_someone_else_is_refused(world, make_plan, field_a_user, ops_user):
    make_plan()
    stop = PatrolStop.objects.filter(team=world.team_a).first()
    client_id = uuid.uuid4()
    _checkin(field_a_user, stop, client_id)
    with pytest.raises(CheckinError, match="sudah dipakai"):
        _checkin(ops_user, stop, client_id)


def test_checkin_by_non_member_is_refused(world, make_plan, polsek_b_user):
    make_plan()
    stop = PatrolStop.objects.filter(team=world.team_a).first()
    with pytest.raises(PermissionDenied, match="bukan anggota"):
        _checkin(polsek_b_user, stop)
    assert PatrolCheckin.objects.count() == 0


def test_checkin_photo_must_be_a_small_image(world, make_plan, field_a_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_plan()
    stop = PatrolStop.objects.filter(team=world.team_a).first()
    fake = SimpleUploadedFile("foto.jpg", b"bukan gambar", content_type="image/jpeg")
    with pytest.raises(CheckinError, match="tidak dapat dibaca"):
        _checkin(field_a_user, stop, photo=fake)
    checkin, _ = _checkin(field_a_user, stop, photo=_png())
    assert checkin.photo.name.endswith(".png")
    with pytest.raises(CheckinError, match="Waktu check-in"):
        _checkin(field_a_user, stop, at=timezone.now() + timedelta(hours=2))


def test_coverage_achieved_vs_planned_flags_unvisited_objects(world, make_plan, field_a_user, ops_user):
    make_plan()
    today = timezone.localdate()
    end_of_day = timezone.now() + timedelta(days=1)
    stop = PatrolStop.objects.filter(team=world.team_a).order_by("arrival").first()
    before = coverage_summary(user=ops_user, day_from=today, day_to=today, now=end_of_day)
    assert before["totals"].achieved == 0 and before["flagged"] == before["totals"].due > 0
    _checkin(field_a_user, stop)
    _checkin(field_a_user, stop)  # a second member/retry at the same stop counts once
    after = coverage_summary(user=ops_user, day_from=today, day_to=today, now=end_of_day)
    lines = {line.obj.pk: line for line in after["lines"]}
    assert after["totals"].achieved == 1
    assert lines[stop.object_id].achieved == 1 and not lines[stop.object_id].flagged
    unvisited = [pk for pk, line in lines.items() if pk != stop.object_id]
    assert unvisited and all(lines[pk].flagged for pk in unvisited)


def test_nothing_is_flagged_before_its_visit_is_due(world, make_plan, ops_user):
    make_plan()
    today = timezone.localdate()
    start_of_day = timezone.make_aware(timezone.datetime.combine(today, timezone.datetime.min.time()))
    summary = coverage_summary(user=ops_user, day_from=today, day_to=today, now=start_of_day)
    assert summary["totals"].planned > 0 and summary["totals"].due == 0 and summary["flagged"] == 0


def test_effective_weight_combines_history_and_critical_period(world):
    obj = world.kpu_office

    def provider(objects):
        return {obj.pk: 0.5}

    register_incident_history(provider)
    try:
        now = timezone.now()
        critical_period_create(
            actor=SYSTEM,
            obj=obj,
            label="Distribusi logistik",
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(hours=5),
            multiplier=2.0,
        )
        weight = object_weights([obj])[obj.pk]
    finally:
        unregister_incident_history(provider)
    assert weight.effective == 9 * 1.5 * 2.0
    assert "riwayat insiden 0,5" in weight.explanation and "Distribusi logistik" in weight.explanation
    assert object_weights([obj])[obj.pk].history == 0.0
