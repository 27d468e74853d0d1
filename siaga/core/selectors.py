from siaga.core.models import Job, ObjectChange


def audit_list(*, user, model: str = "", limit: int = 200):
    qs = ObjectChange.objects.select_related("user")
    if model:
        qs = qs.filter(model=model)
    return qs[:limit]


def job_for_user(*, user, job_id: int) -> Job | None:
    qs = Job.objects.all()
    if not (user.is_superuser or user.role == "admin"):
        qs = qs.filter(unit__path__startswith=user.unit.path) if user.unit_id else qs.filter(created_by=user)
    return qs.filter(pk=job_id).first()
