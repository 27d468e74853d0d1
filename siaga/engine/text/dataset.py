"""Reading a labelled training CSV: one text column (`text`, `tweet`, `teks` or `isi`) and binary label columns
named by their codes (hs, abusive, hs_individual, …, hoax, provocation, money_politics) or the dataset's headings
(HS, Abusive, HS_Individual, …). Every problem is reported with its row, in Bahasa Indonesia."""

from __future__ import annotations

import csv
import io

import numpy as np

from siaga.engine.text.labels import TEXT_COLUMNS, label_code
from siaga.engine.text.model import TrainingError

TRUE = {"1", "1.0", "ya", "y", "true", "benar"}
FALSE = {"0", "0.0", "tidak", "t", "n", "false", "salah"}
MAX_ERRORS = 20


def read_training_csv(content: str, delimiter: str = ",") -> tuple[list[str], np.ndarray, list[str]]:
    """(texts, rows × labels, label codes) of a CSV's text (quoted as a spreadsheet saves it: `"…, ""…"" …"`);
    the caller decodes the file and detects its delimiter (`siaga.core.imports.reader`)."""
    try:
        rows = list(csv.reader(io.StringIO(content), delimiter=delimiter))
    except csv.Error as exc:
        raise TrainingError(f"Berkas data latih bukan CSV yang dapat dibaca: {exc}.") from None
    if not rows:
        raise TrainingError("Berkas data latih kosong.")
    header = [h.strip() for h in rows[0]]
    text_col = next((i for i, h in enumerate(header) if h.lower() in TEXT_COLUMNS), None)
    if text_col is None:
        raise TrainingError("Kolom teks tidak ditemukan (nama yang diterima: text, tweet, teks, isi).")
    label_cols = [(i, label_code(h)) for i, h in enumerate(header) if i != text_col and label_code(h)]
    if not label_cols:
        raise TrainingError("Tidak ada kolom label (mis. hs, abusive, hoax, provocation, money_politics).")
    texts, values, errors = [], [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        text = row[text_col].strip() if text_col < len(row) else ""
        if not text:
            errors.append(f"baris {number}: teks kosong")
        labels = []
        for i, _code in label_cols:
            cell = row[i].strip().lower() if i < len(row) else ""
            if cell in TRUE:
                labels.append(True)
            elif cell in FALSE:
                labels.append(False)
            else:
                errors.append(
                    f"baris {number}, kolom {header[i]}: label {'kosong' if not cell else repr(cell)} (isi 0 atau 1)"
                )
                labels.append(False)
        texts.append(text)
        values.append(labels)
    if errors:
        more = f" (dan {len(errors) - MAX_ERRORS} lainnya)" if len(errors) > MAX_ERRORS else ""
        raise TrainingError("Data latih ditolak: " + "; ".join(errors[:MAX_ERRORS]) + more + ".")
    return texts, np.array(values, dtype=bool).reshape(len(texts), len(label_cols)), [c for _, c in label_cols]
