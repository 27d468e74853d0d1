"""Normalisation of Indonesian social-media text before feature extraction.

lowercase → links and mentions become the tokens ``url``/``user`` (the dataset's ``USER``/``URL`` already are) →
emoji (real characters or the dataset's escaped UTF-8 bytes ``\\xf0\\x9f…``) become ``emoji`` → letters repeated
three or more times collapse (``bangeeet`` → ``banget``) → ``kata2`` reduplication is expanded → slang and typos
are replaced from a dictionary (Siaga's own ``data/slang.json`` by default; a benchmark may pass another). The
placeholder tokens ``user``, ``url`` and ``emoji`` are never replaced (a general slang dictionary may expand them).

`raw_view` is the lightly cleaned text beside it, for the features that read what normalisation throws away
(spelling as written, punctuation, which emoji): lowercase, links and mentions as ``url``/``user``, the dataset's
escaped UTF-8 bytes decoded back into their characters, escaped newlines as spaces, whitespace collapsed.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

MAX_CHARS = 5_000  # longer texts are classified on their first 5,000 characters

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION_RE = re.compile(r"@\w+")
_ESCAPED_BYTES_RE = re.compile(r"(?:\\x[0-9a-fA-F]{2})+")
_ESCAPED_NEWLINE_RE = re.compile(r"\\n|\\t")
_EMOJI_RE = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]+")
_REPEAT_RE = re.compile(r"([a-z])\1{2,}")
_TOKEN_RE = re.compile(r"[a-z]+2?|\d+")
RESERVED = frozenset({"user", "url", "emoji"})


@cache
def default_slang() -> dict[str, str]:
    raw = resources.files("siaga.engine.text").joinpath("data", "slang.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(raw)["replace"].items()}


def normalise(text: str, slang: dict[str, str] | None = None) -> str:
    """The normalised text: lowercase tokens separated by single spaces (may be empty)."""
    if slang is None:
        slang = default_slang()
    text = (text or "")[:MAX_CHARS]
    text = _URL_RE.sub(" url ", text)
    text = _MENTION_RE.sub(" user ", text)
    text = _ESCAPED_BYTES_RE.sub(" emoji ", text)
    text = _ESCAPED_NEWLINE_RE.sub(" ", text)
    text = _EMOJI_RE.sub(" emoji ", text)
    text = _REPEAT_RE.sub(r"\1", text.lower())
    out: list[str] = []
    for token in _TOKEN_RE.findall(text):
        if token.endswith("2") and len(token) > 2:  # "kata2" → "kata kata"
            base = slang.get(token[:-1], token[:-1])
            out.extend((base, base))
            continue
        replacement = None if token in RESERVED else slang.get(token)
        if replacement is None:
            out.append(token)
        elif replacement:
            out.append(replacement)
    return " ".join(out)


def _decode_bytes(match: re.Match) -> str:
    escaped = match.group(0)
    try:
        decoded = bytes.fromhex(escaped.replace("\\x", "").replace("\\X", "")).decode("utf-8", "replace")
    except ValueError:
        decoded = "\ufffd"
    return f" {decoded} "


def raw_view(text: str) -> str:
    """The text as written, lightly cleaned (see the module's docstring); lowercase, single spaces."""
    text = (text or "")[:MAX_CHARS]
    text = _URL_RE.sub(" url ", text)
    text = _MENTION_RE.sub(" user ", text)
    text = _ESCAPED_BYTES_RE.sub(_decode_bytes, text)
    text = _ESCAPED_NEWLINE_RE.sub(" ", text)
    return " ".join(text.lower().split())


def load_slang_csv(path: str, encoding: str = "latin-1") -> dict[str, str]:
    """A two-column slang CSV (word, standard form; no header), e.g. a dataset's dictionary; benchmarks only."""
    import csv

    merged = dict(default_slang())
    with open(path, encoding=encoding, newline="") as handle:
        for row in csv.reader(handle):
            if len(row) >= 2 and row[0].strip():
                merged.setdefault(row[0].strip().lower(), row[1].strip().lower())
    return merged
