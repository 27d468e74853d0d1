"""TPS import from the CSV/XLSX files a KPU office hands over (format: docs/tps_import.md)."""

from siaga.stations.importer.service import station_import_enqueue, station_import_file, station_import_run

__all__ = ["station_import_enqueue", "station_import_file", "station_import_run"]
