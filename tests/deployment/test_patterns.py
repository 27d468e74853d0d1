"""Security patterns as data: defaults, presets from DOMAIN.md 1.3, the body-system rule."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from siaga.deployment import patterns
from siaga.deployment.models import SecurityPattern

pytestmark = pytest.mark.django_db


def _ratios(operation) -> dict[str, str]:
    return {p.category: p.ratio for p in SecurityPattern.objects.filter(operation=operation)}


def test_defaults_are_the_national_norm(operation):
    patterns.pattern_ensure_defaults(operation=operation)
    assert _ratios(operation) == {
        "kurang_rawan": "2:10:20",
        "rawan": "2:2:4",
        "sangat_rawan": "2:1:2",
        "khusus": "2:1:2",
    }


def test_presets_ship_the_reported_variants():
    shipped = patterns.presets()
    assert shipped["nasional_pilkada_2020"]["patterns"]["kurang_rawan"] == [2, 10, 20]
    assert shipped["polres_tulungagung_2024"]["patterns"] == {"kurang_rawan": [2, 12, 24], "rawan": [2, 2, 8]}
    assert shipped["polda_lampung_2024"]["patterns"]["rawan"] == [2, 2, 4]
    assert {"polresta_sleman_2024", "polres_tarakan_2024"} <= set(shipped)
    for preset in shipped.values():  # every shipped pattern respects the body system
        assert all(p >= 2 and t >= 1 for p, t, _ in preset["patterns"].values()), preset["key"]


def test_loading_a_preset_changes_only_its_categories(operation, ops_user):
    patterns.pattern_ensure_defaults(operation=operation)
    patterns.pattern_load_preset(user=ops_user, operation=operation, key="polres_tulungagung_2024")
    ratios = _ratios(operation)
    assert ratios["kurang_rawan"] == "2:12:24" and ratios["rawan"] == "2:2:8"
    assert ratios["sangat_rawan"] == "2:1:2"


def test_body_system_is_enforced_with_an_indonesian_message(operation, ops_user):
    with pytest.raises(ValidationError) as exc:
        patterns.pattern_set(user=ops_user, operation=operation, category="rawan", polri=1, tps=1, linmas=2)
    assert "body system" in exc.value.message_dict["polri"][0]
    assert not SecurityPattern.objects.exists()


def test_only_ops_edit_patterns(operation, polsek_a_user):
    with pytest.raises(PermissionDenied):
        patterns.pattern_set(user=polsek_a_user, operation=operation, category="rawan", polri=2, tps=2)


def test_pattern_form_rejects_one_officer_and_saves_valid_rows(operation, ops_user, login):
    patterns.pattern_ensure_defaults(operation=operation)
    client = login(ops_user)
    rows = list(SecurityPattern.objects.filter(operation=operation).order_by("id"))
    data = {"form-TOTAL_FORMS": str(len(rows) + 1), "form-INITIAL_FORMS": str(len(rows))}
    for i, p in enumerate(rows):
        data.update(
            {
                f"form-{i}-id": p.pk,
                f"form-{i}-category": p.category,
                f"form-{i}-polri": p.polri,
                f"form-{i}-tps": p.tps,
                f"form-{i}-linmas": p.linmas,
            }
        )
    bad = dict(data, **{"form-0-polri": "1"})
    page = client.post(f"/pola/{operation.pk}/", bad).content.decode()
    assert "body system" in page
    good = dict(
        data,
        **{
            f"form-{len(rows)}-category": "noken",
            f"form-{len(rows)}-polri": "3",
            f"form-{len(rows)}-tps": "1",
            f"form-{len(rows)}-linmas": "2",
        },
    )
    assert client.post(f"/pola/{operation.pk}/", good).status_code == 302
    assert _ratios(operation)["noken"] == "3:1:2"


def test_preset_can_be_loaded_from_the_page(operation, ops_user, login):
    response = login(ops_user).post(f"/pola/{operation.pk}/", {"preset": "polresta_sleman_2024"}, follow=True)
    assert "Preset Polresta Sleman" in response.content.decode()
    assert _ratios(operation)["kurang_rawan"] == "2:8:16"
