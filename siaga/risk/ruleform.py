"""The rule form: category labels, colours and thresholds, incident and note weights, hard rules as text.

Hard rules, one per line: ``category = term|term & term ; label``. ``&`` joins conditions that must all
hold, ``|`` lists alternatives; terms are indicator codes, ``tps:<lokasi khusus>`` or ``insiden_tps``/``insiden_desa``.
"""

from django import forms

from siaga.risk.forms import hard_rule_terms


def hard_rules_to_text(rules: list[dict]) -> str:
    lines = []
    for rule in rules:
        cond = " & ".join("|".join(group) for group in rule.get("groups", []))
        label = f" ; {rule['label']}" if rule.get("label") else ""
        lines.append(f"{rule['category']} = {cond}{label}")
    return "\n".join(lines)


def _parse_line(n: int, line: str, categories: set, terms: set) -> tuple[dict | None, list[str]]:
    body, _, label = line.partition(";")
    category, eq, cond = body.partition("=")
    category = category.strip()
    if not eq:
        return None, [f"Baris {n}: tanda '=' tidak ada."]
    errors = [] if category in categories else [f"Baris {n}: kategori '{category}' tidak ada."]
    groups = [[t.strip() for t in group.split("|") if t.strip()] for group in cond.split("&")]
    if not groups or not all(groups):
        errors.append(f"Baris {n}: syarat kosong.")
    unknown = sorted({t for g in groups for t in g} - terms)
    if unknown:
        errors.append(f"Baris {n}: istilah tidak dikenal: {', '.join(unknown)}.")
    return {"category": category, "groups": groups, "label": label.strip()}, errors


def parse_hard_rules(text: str, categories: set, indicator_codes) -> tuple[list[dict], list[str]]:
    terms = hard_rule_terms(indicator_codes)
    rules, errors = [], []
    for n, raw in enumerate(text.splitlines(), start=1):
        if raw.strip():
            rule, errs = _parse_line(n, raw.strip(), categories, terms)
            errors += errs
            if rule:
                rules.append(rule)
    return rules, errors


class RuleForm(forms.Form):
    tps_incident_weight = forms.FloatField(label="Bobot per insiden di TPS", min_value=0, max_value=100)
    desa_incident_weight = forms.FloatField(label="Bobot per insiden di desa", min_value=0, max_value=100)
    incident_cap = forms.IntegerField(label="Insiden dihitung paling banyak", min_value=0, max_value=100)
    incident_days = forms.IntegerField(label="Riwayat insiden (hari terakhir)", min_value=1, max_value=3650)
    note_1 = forms.FloatField(label="Bobot catatan intel rendah", min_value=0, max_value=100)
    note_2 = forms.FloatField(label="Bobot catatan intel sedang", min_value=0, max_value=100)
    note_3 = forms.FloatField(label="Bobot catatan intel tinggi", min_value=0, max_value=100)
    hard_rules = forms.CharField(
        label="Aturan mutlak (satu per baris)", required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 90})
    )

    def __init__(self, *args, profile, **kwargs):
        self.profile = profile
        rule = profile.rule
        notes = rule.get("note_weights", {})
        initial = {k: rule.get(k) for k in ("tps_incident_weight", "desa_incident_weight", "incident_cap")}
        initial |= {
            "incident_days": rule.get("incident_days", 30),
            "hard_rules": hard_rules_to_text(rule["hard_rules"]),
        }
        initial |= {f"note_{i}": notes.get(str(i), notes.get(i, 0)) for i in (1, 2, 3)}
        super().__init__(*args, initial=initial, **kwargs)
        for i, cat in enumerate(profile.categories):
            self.fields[f"cat_{i}_label"] = forms.CharField(label="Nama", max_length=60, initial=cat["label"])
            self.fields[f"cat_{i}_color"] = forms.CharField(
                label="Warna", max_length=7, initial=cat.get("color"), widget=forms.TextInput(attrs={"type": "color"})
            )
            self.fields[f"cat_{i}_min"] = forms.FloatField(
                label="Skor minimal", required=False, initial=cat.get("min_score"), min_value=0
            )

    def category_rows(self):
        return [
            (cat["code"], self[f"cat_{i}_label"], self[f"cat_{i}_color"], self[f"cat_{i}_min"])
            for i, cat in enumerate(self.profile.categories)
        ]

    def clean(self):
        data = super().clean()
        codes = {c["code"] for c in self.profile.categories}
        indicator_codes = self.profile.indicators.values_list("code", flat=True)
        rules, errors = parse_hard_rules(data.get("hard_rules") or "", codes, indicator_codes)
        for error in errors:
            self.add_error("hard_rules", error)
        data["parsed_hard_rules"] = rules
        return data

    def rule(self) -> dict:
        d = self.cleaned_data
        categories = [
            {**cat, "label": d[f"cat_{i}_label"], "color": d[f"cat_{i}_color"], "min_score": d[f"cat_{i}_min"]}
            for i, cat in enumerate(self.profile.categories)
        ]
        return {
            "categories": categories,
            "hard_rules": d["parsed_hard_rules"],
            "tps_incident_weight": d["tps_incident_weight"],
            "desa_incident_weight": d["desa_incident_weight"],
            "incident_cap": d["incident_cap"],
            "incident_days": d["incident_days"],
            "note_weights": {str(i): d[f"note_{i}"] for i in (1, 2, 3)},
        }
