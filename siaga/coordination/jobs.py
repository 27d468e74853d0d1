"""Background runners of the coordination app (siaga.core.jobs)."""

from siaga.coordination.importer import PilkadesImporter  # registered as "coordination.import"

__all__ = ["PilkadesImporter"]
