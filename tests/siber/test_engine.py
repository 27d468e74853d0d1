"""Engine: normalisation, training refusals, storage round trip, explanations, odd input."""

import numpy as np
import pytest

from siaga.engine.text import LABELS, TextModel, TrainingError, normalise, train
from siaga.engine.text.dataset import read_training_csv
from siaga.engine.text.features import stem
from siaga.engine.text.model import evaluate
from siaga.engine.text.normalize import raw_view
from tests.siber.conftest import synthetic_data, trained_blob


def test_normalise_handles_slang_repeats_mentions_links_and_emoji():
    text = "RT @budi: Bangeeeet parah yg kayak gini!!! 😡 https://t.co/x \\xf0\\x9f\\x98\\x82 bagi2 duit"
    assert normalise(text) == "user banget parah yang kayak begini emoji url emoji bagi bagi uang"
    assert normalise("USER USER URL") == "user user url"  # the dataset's own tokens stay tokens
    assert normalise("") == "" and normalise("!!! ...") == ""


def test_normalise_accepts_another_dictionary():
    assert normalise("sy mau pulang", {"sy": "saya"}) == "saya mau pulang"


def test_normalise_keeps_its_placeholders_whatever_the_dictionary():
    general = {"user": "pengguna", "url": "uniform resource locator", "emoji": "", "gk": "tidak"}
    assert normalise("USER @budi gk tau URL 😡", general) == "user user tidak tau url emoji"


def test_training_refuses_missing_labels():
    content = "text,hs,abusive\nkafir semua,1,0\nhalo,,0\n"
    with pytest.raises(TrainingError, match="baris 3, kolom hs: label kosong"):
        read_training_csv(content)
    with pytest.raises(TrainingError, match="Kolom teks tidak ditemukan"):
        read_training_csv("kalimat,hs\na,1\n")
    with pytest.raises(TrainingError, match="Tidak ada kolom label"):
        read_training_csv("text,catatan\na,b\n")


def test_training_refuses_a_single_class():
    texts = [f"teks nomor {i}" for i in range(40)]
    Y = np.zeros((40, 1), dtype=bool)
    with pytest.raises(TrainingError, match="Label hs hanya berisi satu kelas"):
        train(texts, Y, ["hs"])
    Y[:, 0] = True
    with pytest.raises(TrainingError, match="hanya berisi satu kelas"):
        train(texts, Y, ["hs"])
    with pytest.raises(TrainingError, match="terlalu sedikit"):
        train(texts[:5], Y[:5], ["hs"])


def test_model_round_trips_through_storage():
    blob, _ = trained_blob()
    model = TextModel.from_bytes(blob)
    again = TextModel.from_bytes(model.to_bytes())
    texts = ["Serangan fajar di Puger, coblos paslon dapat amplop 100 ribu", "Semoga pilkada damai"]
    assert np.allclose(model.scores(texts), again.scores(texts))
    assert again.labels == list(LABELS)
    assert again.vectorizer.words == model.vectorizer.words


def test_explanations_name_real_features_of_the_text():
    model = TextModel.from_bytes(trained_blob()[0])
    text = "Serangan fajar besok di Puger, 50 ribu per kepala untuk paslon nomor 2"
    verdict = model.classify(text)
    assert "money_politics" in verdict["flags"]
    reasons = verdict["explanations"]["money_politics"]
    assert reasons and all(r["weight"] > 0 for r in reasons)
    normalised = normalise(text)
    stemmed = " ".join(stem(t) for t in normalised.split())
    v = model.vectorizer
    vocab = {
        "kata": v.words,
        "huruf": [c.strip() for c in v.chars],
        "kata dasar": v.stems,
        "tulisan asli": [c.strip() for c in v.raw],
    }
    source = {"kata dasar": stemmed, "tulisan asli": raw_view(text)}
    for r in reasons:
        assert r["feature"] in vocab[r["kind"]]
        # a feature of this very text, not just a heavy weight
        assert r["feature"] in source.get(r["kind"], normalised)


def test_flags_are_consistent_and_odd_texts_do_not_crash():
    model = TextModel.from_bytes(trained_blob()[0])
    for text in ["", "x" * 100_000, "The quick brown fox jumps over the lazy dog", "选举 很 好", "🙏🙏🙏"]:
        verdict = model.classify(text)
        assert set(verdict["flags"]) <= set(LABELS)
        assert "hs" in verdict["flags"] or not any(f.startswith("hs_") for f in verdict["flags"])
    assert model.classify("the weather in London is lovely today")["flags"] == []


def test_held_out_scores_beat_chance_on_the_synthetic_set():
    texts, Y = synthetic_data(300, seed=99)  # a fresh draw of the templates, not the training rows
    model = TextModel.from_bytes(trained_blob()[0])
    scores = evaluate(model, texts, Y, list(LABELS))
    assert scores["macro_f1"] >= 0.8
    assert scores["f1"]["hoax"] >= 0.8 and scores["f1"]["provocation"] >= 0.8
