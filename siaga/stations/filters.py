"""One filter for TPS, shared by the list page, the API, the exports and the map GeoJSON.

`station_filter(params, qs)` applies the GET parameters: kategori (`category`), `polsek` (unit id),
`kecamatan` and `desa` (Kemendagri codes), `special_type`, `q` (search). Other apps add parameters with
`register_station_filter(name, fn, label=..., choices=...)`, e.g. the risk app's `indicator`:
`fn(qs, value) -> qs`; `choices(election)` (optional) gives the options shown in the filter form."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import Q

from siaga.core.params import id_param
from siaga.stations.categories import category_choices
from siaga.stations.models import Station

PARAMS = ("category", "polsek", "kecamatan", "desa", "special_type", "q")


@dataclass(frozen=True)
class ExtraFilter:
    name: str
    apply: Callable
    label: str = ""
    choices: Callable | None = None


_extra: dict[str, ExtraFilter] = {}


def register_station_filter(name: str, fn: Callable, *, label: str = "", choices: Callable | None = None) -> None:
    if name in PARAMS:
        raise ValueError(f"filter parameter {name!r} is built in")
    _extra[name] = ExtraFilter(name, fn, label or name, choices)


def extra_filters() -> list[ExtraFilter]:
    return list(_extra.values())


def _category(qs, value: str):
    codes = [v for v in value.split(",") if v]
    q = Q(category__in=[c for c in codes if c != "-"])
    if "-" in codes:
        q |= Q(category="")
    return qs.filter(q)


def _search(qs, value: str):
    q = Q(address__icontains=value) | Q(desa__name__icontains=value) | Q(desa__parent__name__icontains=value)
    if value.isdecimal() and len(value) <= 9:  # a TPS number; longer digit strings are searched as text only
        q |= Q(number=int(value))
    return qs.filter(q)


_BUILTIN = {
    "category": _category,
    "polsek": lambda qs, v: qs.filter(unit_id=id_param(v, name="polsek")),
    "kecamatan": lambda qs, v: qs.filter(desa__code__startswith=v.rstrip(".") + "."),
    "desa": lambda qs, v: qs.filter(desa_id=v),
    "special_type": lambda qs, v: qs.filter(special_type="" if v == "-" else v),
    "q": _search,
}


def station_filter(params, qs):
    """Apply every known, non-empty parameter of `params` (a QueryDict or dict) to the queryset."""
    for name, fn in _BUILTIN.items():
        value = (params.get(name) or "").strip()
        if value:
            qs = fn(qs, value)
    for extra in _extra.values():
        value = (params.get(extra.name) or "").strip()
        if value:
            qs = extra.apply(qs, value)
    return qs


def filter_querystring(params) -> str:
    """The filter part of a query string, to hand to the map layer, the fragment and the export links."""
    from urllib.parse import urlencode

    names = list(PARAMS) + list(_extra)
    return urlencode([(n, params.get(n)) for n in names if params.get(n)])


class StationFilterForm(forms.Form):
    category = forms.ChoiceField(label="Kategori", required=False)
    polsek = forms.ChoiceField(label="Polsek", required=False)
    kecamatan = forms.ChoiceField(label="Kecamatan", required=False)
    desa = forms.CharField(label="Kode desa", required=False)
    special_type = forms.ChoiceField(label="Lokasi khusus", required=False)
    q = forms.CharField(label="Cari", required=False)

    def __init__(self, data=None, *, election=None, polseks=(), kecamatan=()):
        super().__init__(data)
        self.fields["category"].choices = [("", "Semua")] + category_choices(election=election)
        self.fields["polsek"].choices = [("", "Semua")] + [(str(u.pk), u.name) for u in polseks]
        self.fields["kecamatan"].choices = [("", "Semua")] + [(r.code, r.name) for r in kecamatan]
        self.fields["special_type"].choices = [("", "Semua"), ("-", "Biasa")] + [
            c for c in Station.SpecialType.choices if c[0]
        ]
        for extra in _extra.values():
            options = extra.choices(election) if extra.choices else None
            field = forms.ChoiceField(choices=[("", "Semua"), *options]) if options else forms.CharField()
            field.label, field.required = extra.label, False
            self.fields[extra.name] = field
