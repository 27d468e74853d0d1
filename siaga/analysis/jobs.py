"""Background runners of the analysis app (siaga.core.jobs)."""

from siaga.analysis.importer import CaseImporter  # registered as "analysis.import"

__all__ = ["CaseImporter"]
