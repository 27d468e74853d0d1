"""Who may do what in patrols, beyond row scope (``restrict``).

Plans (the drawn schedules) are secret: only planners and commanders see them; field officers and partners see
only their own team's route of today (``Patroli saya``).
"""


def can_see_plans(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.can("patrols.plan")


def can_checkin(user, team) -> bool:
    """Members check in for their own team; planners may record for any team in their scope."""
    if not user.can("patrols.checkin") and not user.can("patrols.change"):
        return False
    if team.members.filter(pk=user.pk).exists():
        return True
    from siaga.patrols.models import PatrolTeam

    return user.can("patrols.change") and PatrolTeam.objects.restrict(user, "change").filter(pk=team.pk).exists()
