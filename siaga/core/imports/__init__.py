"""One import framework for every CSV/XLSX upload (see base.py for the pipeline, reader.py for the limits)."""

from siaga.core.imports.base import Header, Importer, Row, import_enqueue, import_now, importers, staging_dir
from siaga.core.imports.columns import CellError, Column, normalise, quote
from siaga.core.imports.reader import ImportFileError

__all__ = [
    "CellError",
    "Column",
    "Header",
    "ImportFileError",
    "Importer",
    "Row",
    "import_enqueue",
    "import_now",
    "importers",
    "normalise",
    "quote",
    "staging_dir",
]
