from django import template

from siaga.core import access
from siaga.risk.models import StationRisk

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.filter
def contains(collection, item):
    return item in collection if collection else False


@register.filter
def flag_key(station_id, code):
    return f"{station_id}:{code}"


@register.inclusion_tag("risk/htmx/_panel_body.html")
def risk_panel(station, profile=None, risk=None):
    """The explanation of a TPS's category; usable from any template that has a `station`."""
    from siaga.risk.selectors import profile_for

    profile = profile or profile_for(election=station.election)
    risk = risk or StationRisk.objects.filter(station=station).first()
    explanation = risk.explanation if risk else {}
    return {
        "station": station,
        "profile": profile,
        "risk": risk,
        "category": profile.category(station.category),
        "computed": profile.category(risk.computed_category) if risk else None,
        "explanation": explanation,
    }


# `{% if user|can_rules:election %}`: the same question the services ask (role, unit level, and the object's
# scope when one is given), so a button shows only when the action behind it is allowed.
@register.filter
def can_checklist(user, obj=None):
    return access.can(user, "risk.checklist", obj)


@register.filter
def can_override(user, obj=None):
    return access.can(user, "risk.override", obj)


@register.filter
def can_rules(user, obj=None):
    return access.can(user, "risk.rules", obj)


@register.filter
def cat_label(profile, code):
    return profile.category(code)["label"] if code else "—"


@register.filter
def cat_color(profile, code):
    return profile.category(code).get("color", "#8d99ae")


@register.filter
def can_notes(user, obj=None):
    return access.can(user, "risk.notes", obj)
