"""Background job runners of the personnel app (siaga.core.jobs discovers this module)."""

from siaga.personnel.importer import PersonnelImporter  # registered as "personnel.import"

__all__ = ["PersonnelImporter"]
