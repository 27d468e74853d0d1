"""TPS import from the CSV/XLSX files a KPU office hands over (format: docs/tps_import.md)."""

from siaga.stations.importer.service import StationImporter, station_import_enqueue

__all__ = ["StationImporter", "station_import_enqueue"]
