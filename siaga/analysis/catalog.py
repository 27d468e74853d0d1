"""The Perkap 7/2009 classification and the clearance rule ship as data (data/perkap_7_2009.json); `catalog_sync`
loads them (migration 0002 and `siaga demo`) without touching types a Polres added itself."""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "perkap_7_2009.json"


def catalog_data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def catalog_sync(group_model, type_model, rule_model) -> None:
    """Create or update the shipped golongan, jenis and the default clearance rule (models passed in, so that a
    migration can call it with its historical models)."""
    data = catalog_data()
    for order, g in enumerate(data["golongan"]):
        group_model.objects.update_or_create(
            code=g["code"], defaults={"label": g["label"], "is_crime": g["is_crime"], "order": order}
        )
    for order, (code, group, name, law, index, theme) in enumerate(data["jenis"]):
        type_model.objects.update_or_create(
            code=code,
            defaults={
                "group_id": group,
                "name": name,
                "law_ref": law,
                "is_crime_index": index,
                "theme": theme,
                "order": order,
            },
        )
    rule_model.objects.get_or_create(
        code="default", defaults={"statuses": data["clearance"]["statuses"], "note": data["clearance"]["note"]}
    )
