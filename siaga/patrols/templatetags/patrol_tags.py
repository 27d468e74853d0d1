"""Template helpers of the patrols pages."""

from django import template

from siaga.core import access

register = template.Library()


@register.filter
def can_plan(user) -> bool:
    """``{% if user|can_plan %}``: the user may see patrol plans (permission ``patrols.plan``)."""
    return access.can(user, "patrols.plan")
