"""Plan outputs: XLSX workbook and the Sprin attachment PDF."""
