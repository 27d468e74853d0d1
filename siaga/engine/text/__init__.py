"""Social-media text classification for the cyber patrol (patroli siber): Indonesian normalisation, word, character,
word-stem (Sastrawi) and as-written character n-gram TF-IDF features and, per label, the average of a logistic
regression and an NB-LR fitted by a truncated Newton solver (NumPy/SciPy only), with C and thresholds per label
tuned on a development split, hate speech also scored through its parts (target; with/without abusive language), and
explanations by the features that drove a flag.

No Django import: the siber app converts rows into texts and label matrices and stores `TextModel.to_bytes()`.
"""

from siaga.engine.text.labels import HS_SUBLABELS, LABEL_NAMES, LABELS, MAIN_LABELS
from siaga.engine.text.model import TextModel, TrainingError, train, train_with_holdout
from siaga.engine.text.normalize import normalise

__all__ = [
    "HS_SUBLABELS",
    "LABELS",
    "LABEL_NAMES",
    "MAIN_LABELS",
    "TextModel",
    "TrainingError",
    "normalise",
    "train",
    "train_with_holdout",
]
