"""Text-model benchmark on the Indonesian hate-speech dataset (Ibrohim & Budi 2019) and its five published folds.

Reads ../shared/data/hatespeech-id (never copied into the project; CC BY-NC-SA 4.0). For each fold the model is
trained on trainN with C and thresholds tuned on devN only, then measured on testN:

- `hs_f1`: binary F1 of the HS label, mean over the five test folds (as the published table: IndoBERTweet 0.888,
  IndoBERT 0.868, mBERT 0.851 on GPU);
- `abusive_f1`: the same for Abusive;
- `hs_multilabel_macro_f1`: macro F1 over the 10 HS sub-labels (target, kind, strength), mean over folds;
- `train_s`: wall-clock seconds to train one fold (normalise, raw views, Sastrawi stems, features, LR and NB-LR
  over four C values each, thresholds), one line per fold (with the process CPU seconds, `cpu_s`: on a shared
  machine the wall clock includes waiting) and their mean;
- `predict_posts_per_s`: classification throughput on one core (BLAS limited to one thread), cold caches (character
  grams, raw grams and stems of each token), with the
  rate per CPU second of the process (`per_cpu_s`; on a shared machine the wall clock includes waiting);
- `lexicon_hs_f1`: a keyword baseline in the same run (HS when a word of the dataset's abusive list or of a short
  list of SARA slurs occurs), mean over the same test folds.

Normalisation uses Siaga's own slang list merged with the dataset's `new_kamusalay.csv` (bench only).

    .venv/bin/python bench/textmodel.py [--data ../shared/data/hatespeech-id] [--folds 0,1,2,3,4]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from siaga.engine.text import features  # noqa: E402
from siaga.engine.text.labels import HS_SUBLABELS, label_code  # noqa: E402
from siaga.engine.text.model import f1, train  # noqa: E402
from siaga.engine.text.normalize import load_slang_csv, normalise  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "hatespeech-id"
SLURS = {
    "kafir",
    "cina",
    "cino",
    "aseng",
    "asing",
    "pki",
    "komunis",
    "antek",
    "kadrun",
    "cebong",
    "kampret",
    "onta",
    "yahudi",
    "kristen",
    "islam",
    "liberal",
    "sesat",
    "munafik",
    "penista",
    "bani",
}


def emit(metric: str, value: float, unit: str, **extra) -> None:
    print(json.dumps({"metric": metric, "value": value, "unit": unit, **extra}), flush=True)


def read_split(path: Path) -> tuple[list[str], np.ndarray, list[str]]:
    with path.open(encoding="latin-1", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    labels = [label_code(h) for h in header[1:]]
    texts = [r[0] for r in rows[1:]]
    Y = np.array([[c.strip() == "1" for c in r[1:]] for r in rows[1:]], dtype=bool)
    return texts, Y, labels


def lexicon_predict(texts: list[str], words: set[str], slang: dict) -> np.ndarray:
    return np.array([bool(words & set(normalise(t, slang).split())) for t in texts], dtype=bool)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--folds", default="0,1,2,3,4")
    args = parser.parse_args()
    data = Path(args.data)
    slang = load_slang_csv(str(data / "new_kamusalay.csv"))
    with (data / "abusive.csv").open(encoding="latin-1") as handle:
        abusive_words = {line.strip().lower() for line in handle if line.strip() and line.strip() != "ABUSIVE"}
    lexicon = abusive_words | SLURS
    hs, ab, multi, lex, train_times = [], [], [], [], []
    model = test_texts = None
    for fold in (int(f) for f in args.folds.split(",")):
        texts, Y, labels = read_split(data / "folds" / f"train{fold}.csv")
        dev_texts, dev_Y, _ = read_split(data / "folds" / f"dev{fold}.csv")
        test_texts, test_Y, _ = read_split(data / "folds" / f"test{fold}.csv")
        started, cpu = time.perf_counter(), time.process_time()
        model = train(texts, Y, labels, dev_texts=dev_texts, dev_Y=dev_Y, slang=slang)
        seconds = time.perf_counter() - started
        train_times.append(seconds)
        emit(
            "train_s",
            round(seconds, 2),
            "s",
            fold=fold,
            features=model.vectorizer.size,
            cpu_s=round(time.process_time() - cpu, 2),
            c=model.meta["c"]["hs"],
            hs_parts=model.meta["hs_parts"],
        )
        P = model.predict(test_texts)
        col = {label: j for j, label in enumerate(labels)}
        hs.append(f1(test_Y[:, col["hs"]], P[:, col["hs"]]))
        ab.append(f1(test_Y[:, col["abusive"]], P[:, col["abusive"]]))
        multi.append(float(np.mean([f1(test_Y[:, col[s]], P[:, col[s]]) for s in HS_SUBLABELS])))
        lex.append(f1(test_Y[:, col["hs"]], lexicon_predict(test_texts, lexicon, slang)))
        print(
            json.dumps(
                {
                    "fold": fold,
                    "hs_f1": round(hs[-1], 4),
                    "abusive_f1": round(ab[-1], 4),
                    "hs_multilabel_macro_f1": round(multi[-1], 4),
                    "lexicon_hs_f1": round(lex[-1], 4),
                }
            ),
            file=sys.stderr,
            flush=True,
        )
    emit("hs_f1", round(float(np.mean(hs)), 4), "f1", folds=len(hs))
    emit("abusive_f1", round(float(np.mean(ab)), 4), "f1", folds=len(ab))
    emit("hs_multilabel_macro_f1", round(float(np.mean(multi)), 4), "f1", folds=len(multi))
    emit("train_s", round(float(np.mean(train_times)), 2), "s", fold="mean")
    emit("lexicon_hs_f1", round(float(np.mean(lex)), 4), "f1", folds=len(lex), baseline="lexicon")
    posts = (test_texts * 3)[:6000]
    model.vectorizer._token_cache.clear()
    model.vectorizer._raw_cache.clear()
    features._STEMS.clear()
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(posts), 500):
        model.predict(posts[start : start + 500])
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    # wall clock on one thread; `per_cpu_s` is the rate per CPU second of this process (the same on a busy machine)
    emit("predict_posts_per_s", round(len(posts) / wall, 1), "posts/s", threads=1, per_cpu_s=round(len(posts) / cpu, 1))


if __name__ == "__main__":
    main()
