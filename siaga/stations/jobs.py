"""Background job runners of the stations app (siaga.core.jobs discovers this module)."""

from siaga.stations.importer import StationImporter  # registered as "stations.import"

__all__ = ["StationImporter"]
