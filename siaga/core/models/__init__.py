from siaga.core.models.audit import ObjectChange
from siaga.core.models.base import AuditedModel, ScopedModel, TimeStampedModel
from siaga.core.models.jobs import Job

__all__ = ["AuditedModel", "Job", "ObjectChange", "ScopedModel", "TimeStampedModel"]
