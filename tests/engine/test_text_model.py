"""Engine text model: the Newton solver, NB-LR, the hate-speech structure (targets, auxiliary columns), storage
formats and explanations."""

import io
import json

import numpy as np
from scipy import sparse
from scipy.optimize import minimize
from scipy.special import expit

from siaga.engine.text import LABELS, TextModel, normalise, train
from siaga.engine.text.features import Vectorizer, stem
from siaga.engine.text.model import auxiliary_columns, combine_hs
from siaga.engine.text.normalize import raw_view
from siaga.engine.text.solver import fit_logistic, nb_ratio


def _problem(seed=0, n=120, d=30, labels=2):
    rng = np.random.default_rng(seed)
    X = sparse.random(n, d, density=0.2, random_state=seed, format="csr", dtype=np.float64)
    true = rng.standard_normal((d, labels)) * 3
    Y = (X @ true + rng.standard_normal((n, labels)) * 0.3) > 0
    return X, Y


def _reference(X, Y, C, scale):
    """The same objective minimised by L-BFGS to a tight tolerance, one label at a time."""
    n, d = X.shape
    out = []
    for j in range(Y.shape[1]):
        Xs = X @ sparse.diags(scale[:, j])
        y = Y[:, j].astype(float)

        def objective(v, Xs=Xs, y=y):
            w, b = v[:-1], v[-1]
            z = Xs @ w + b
            g = Xs.T @ (expit(z) - y)
            loss = np.logaddexp(0, z).sum() - y @ z + 0.5 * w @ w / C
            return loss, np.append(g + w / C, (expit(z) - y).sum())

        v = minimize(objective, np.zeros(d + 1), jac=True, method="L-BFGS-B", options={"gtol": 1e-10}).x
        out.append(np.append(scale[:, j] * v[:-1], v[-1]))
    return np.array(out).T


def test_newton_solver_reaches_the_logistic_regression_optimum():
    X, Y = _problem()
    for C in (0.5, 4.0):
        _, V = fit_logistic(X, Y, C, iterations=30)
        ref = _reference(X, Y, C, np.ones((X.shape[1], Y.shape[1])))
        assert np.abs(V - ref).max() < 0.05 * np.abs(ref).max()
        agree = ((X @ V[:-1] + V[-1]) > 0) == ((X @ ref[:-1] + ref[-1]) > 0)
        assert agree.mean() > 0.97


def test_nb_lr_is_a_logistic_regression_over_scaled_features_and_warm_starts_agree():
    X, Y = _problem(seed=3)
    R = nb_ratio(X, Y)
    state, V = fit_logistic(X, Y, 1.0, scale=R, iterations=30)
    ref = _reference(X, Y, 1.0, R)
    assert np.abs(V - ref).max() < 0.05 * np.abs(ref).max()
    _, warm = fit_logistic(X, Y, 1.0, scale=R, start=state, iterations=30)  # from the optimum: stays there
    assert np.abs(warm - V).max() < 0.01 * np.abs(V).max()


def test_nb_ratio_favours_features_of_the_positive_rows():
    X = sparse.csr_matrix(np.array([[1, 0, 1], [1, 0, 1], [0, 1, 1], [0, 1, 1]], dtype=float))
    Y = np.array([[True], [True], [False], [False]])
    r = nb_ratio(X, Y)[:, 0]
    assert r[0] > 0 > r[1] and abs(r[2]) < 1e-12


def test_hate_speech_score_is_averaged_with_the_sums_of_its_parts():
    columns = ["hs", "abusive", "hs_individual", "hs_group", "hs_abusive", "hs_not_abusive"]
    P = np.array([[0.4, 0.9, 0.5, 0.3, 0.2, 0.1], [0.9, 0.1, 0.7, 0.6, 0.3, 0.5]])
    targets = ["hs_individual", "hs_group"]
    combined = combine_hs(P, columns, [targets])
    assert np.allclose(combined[:, 0], [0.5 * (0.4 + 0.8), 0.5 * (0.9 + 1.0)])  # target sum capped at 1
    assert np.array_equal(combined[:, 1:], P[:, 1:]) and P[0, 0] == 0.4  # others untouched, input not changed
    both = combine_hs(P, columns, [targets, ["hs_abusive", "hs_not_abusive"]])
    assert np.allclose(both[:, 0], [(0.4 + 0.8 + 0.3) / 3, (0.9 + 1.0 + 0.8) / 3])
    assert np.array_equal(combine_hs(P, columns, []), P)  # no parts chosen: nothing to combine


def test_auxiliary_columns_split_hate_speech_by_abusive_language():
    labels = ["hs", "abusive", "hoax"]
    Y = np.array([[1, 1, 0], [1, 0, 0], [0, 1, 0], [1, 1, 1], [1, 0, 0], [0, 0, 1]], dtype=bool)
    names, columns = auxiliary_columns(Y, labels)
    assert names == ["hs_abusive", "hs_not_abusive"]
    assert columns[:, 0].tolist() == [True, False, False, True, False, False]
    assert columns[:, 1].tolist() == [False, True, False, False, True, False]
    assert auxiliary_columns(Y[:, [0, 2]], ["hs", "hoax"])[0] == []  # no abusive label: no auxiliary column
    rare = Y.copy()
    rare[:, 1] = [True, True, False, True, True, False]  # hate speech is always abusive: one class
    assert auxiliary_columns(rare, labels)[0] == []


def _examples():
    hateful = ["dasar {} kafir sesat usir saja", "kaum {} biadab harus dibasmi", "{} cina aseng pengkhianat bangsa"]
    neutral = ["pilkada {} berjalan damai", "warga {} antre di tps dengan tertib", "hasil rekap {} diumumkan kpu"]
    places = ["puger", "ambulu", "patrang", "kencong", "balung", "tanggul", "kalisat", "wuluhan"]
    texts, rows = [], []
    for k, place in enumerate(places * 3):
        for n, template in enumerate(hateful):
            texts.append(template.format(place) + (" anjing" if n == 0 else ""))
            rows.append([True, n == 0, k % 2 == 0, k % 2 == 1])
        for n, template in enumerate(neutral):
            texts.append(template.format(place) + (" anjing" if n == 0 and k % 3 == 0 else ""))
            rows.append([False, n == 0 and k % 3 == 0, False, False])
    return texts, np.array(rows)


LABELS4 = ["hs", "abusive", "hs_individual", "hs_group"]


def test_training_averages_two_models_and_explains_hate_speech_by_its_own_words():
    texts, Y = _examples()
    model = train(texts, Y, LABELS4)
    assert model.auxiliary == ["hs_abusive", "hs_not_abusive"]
    assert model.weights.shape == (2, model.vectorizer.size + 1, 6)  # LR and NB-LR; four labels, two auxiliary
    assert model.thresholds.shape == (4,) and model.scores(["tps tertib"]).shape == (1, 4)
    assert set(model.meta["c"]["hs"]) == {"lr", "nb_lr"} and isinstance(model.meta["hs_parts"], list)
    assert set(model.classify("kaum kafir biadab anjing")["flags"]) <= set(LABELS4)
    verdict = model.classify("dasar orang kafir sesat di jombang")
    assert "hs" in verdict["flags"]
    reasons = verdict["explanations"]["hs"]
    assert reasons and all(r["weight"] > 0 for r in reasons)
    v = model.vectorizer
    vocab = {
        "kata": set(v.words),
        "huruf": {c.strip() for c in v.chars},
        "kata dasar": set(v.stems),
        "tulisan asli": {c.strip() for c in v.raw},
    }
    normalised = normalise("dasar orang kafir sesat di jombang")
    stemmed = " ".join(stem(t) for t in normalised.split())
    written = raw_view("dasar orang kafir sesat di jombang")
    source = {"kata dasar": stemmed, "tulisan asli": written}
    for r in reasons:
        assert r["feature"] in vocab[r["kind"]]
        assert r["feature"] in source.get(r["kind"], normalised)
    assert "hs" not in model.classify("pilkada di jombang berjalan damai")["flags"]


def test_round_trip_keeps_both_models_and_the_hate_speech_parts():
    texts, Y = _examples()
    model = train(texts, Y, LABELS4)
    model.hs_parts = [["hs_individual", "hs_group"], ["hs_abusive", "hs_not_abusive"]]
    again = TextModel.from_bytes(model.to_bytes())
    assert again.hs_parts == model.hs_parts and again.auxiliary == model.auxiliary
    assert model.vectorizer.stems and again.vectorizer.stems == model.vectorizer.stems
    assert np.array_equal(again.vectorizer.stem_idf, model.vectorizer.stem_idf)
    assert model.vectorizer.raw and again.vectorizer.raw == model.vectorizer.raw
    assert np.array_equal(again.vectorizer.raw_idf, model.vectorizer.raw_idf)
    assert again.vectorizer.raw_weight == model.vectorizer.raw_weight
    assert again.weights.shape == model.weights.shape
    probe = ["kaum kafir biadab", "tps tertib"]
    assert np.allclose(again.scores(probe), model.scores(probe), atol=1e-6)


def test_a_stored_single_model_of_the_first_format_still_loads():
    texts, Y = _examples()
    # format 1 had neither the stem nor the raw block
    model = train(texts, Y, ["hs", "hs_individual", "hs_group"], stems=False, raw=False)
    v = model.vectorizer
    buffer = io.BytesIO()
    header = {"format": "siaga-textmodel-1", "labels": model.labels, "meta": {}, "char_weight": v.char_weight}
    np.savez_compressed(
        buffer,
        words=np.frombuffer("\n".join(v.words).encode(), dtype=np.uint8),
        chars=np.frombuffer("\n".join(v.chars).encode(), dtype=np.uint8),
        word_idf=v.word_idf,
        char_idf=v.char_idf,
        weights=model.weights[0],
        thresholds=model.thresholds,
        header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
    )
    old = TextModel.from_bytes(buffer.getvalue())
    assert old.weights.shape == (1, v.size + 1, 3) and not old.hs_parts and not old.auxiliary
    P = old.scores(["kaum kafir biadab"])
    assert P.shape == (1, 3) and 0 <= P.min() <= P.max() <= 1
    assert set(old.classify("kaum kafir biadab")["flags"]) <= set(LABELS)


def test_stem_block_joins_inflected_forms_of_one_word():
    docs = ["rumah dibakar massa", "massa membakar rumah", "pembakaran rumah warga", "warga tertib"]
    v = Vectorizer.fit(docs, min_df=2, stems=True)
    assert stem("dibakar") == stem("membakar") == "bakar" and "bakar" in v.stems
    X = v.transform(["dibakar", "membakar"])
    column = len(v.words) + len(v.chars) + v.stems.index("bakar")
    assert X[0, column] > 0 and X[1, column] > 0
    assert v.name(column) == ("kata dasar", "bakar")
    plain = Vectorizer.fit(docs, min_df=2)  # without stems: words and characters only
    assert not plain.stems and plain.size == len(plain.words) + len(plain.chars)


def test_a_stored_model_of_the_second_format_loads_without_a_stem_block():
    texts, Y = _examples()
    model = train(texts, Y, LABELS4, stems=False, raw=False)
    blob = io.BytesIO(model.to_bytes())
    with np.load(blob, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files if k not in ("stems", "stem_idf", "raw", "raw_idf")}
    header = json.loads(arrays["header"].tobytes().decode())
    header["format"] = "siaga-textmodel-2"
    header.pop("stem_weight")
    header.pop("raw_weight")
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    old = TextModel.from_bytes(buffer.getvalue())
    assert not old.vectorizer.stems and old.vectorizer.size == model.vectorizer.size
    probe = ["kaum kafir biadab", "tps tertib"]
    assert np.allclose(old.scores(probe), model.scores(probe), atol=1e-6)


def test_a_stored_model_of_the_third_format_loads_without_a_raw_block():
    texts, Y = _examples()
    model = train(texts, Y, LABELS4, raw=False)
    with np.load(io.BytesIO(model.to_bytes()), allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files if k not in ("raw", "raw_idf")}
    header = json.loads(arrays["header"].tobytes().decode())
    header["format"] = "siaga-textmodel-3"
    header.pop("raw_weight")
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    old = TextModel.from_bytes(buffer.getvalue())
    assert old.vectorizer.stems and not old.vectorizer.raw and old.vectorizer.size == model.vectorizer.size
    probe = ["kaum kafir biadab", "tps tertib"]
    assert np.allclose(old.scores(probe), model.scores(probe), atol=1e-6)


def test_raw_view_keeps_what_normalisation_drops():
    text = r"USER Dasar CINA!!! \xf0\x9f\x98\xa1 lihat https://t.co/abc @budi\n gimanaaa"
    assert raw_view(text) == "user dasar cina!!! \U0001f621 lihat url user gimanaaa"
    assert normalise(text).split()[:3] == ["user", "dasar", "cina"] and "!" not in normalise(text)
    assert raw_view(r"rusak \xff\xfe") == "rusak \ufffd\ufffd"  # bytes that are no UTF-8: replaced, no crash
    assert raw_view("") == raw_view(None) == ""
    assert len(raw_view("a" * 100_000)) == 5_000


def test_raw_block_separates_texts_that_normalise_alike_and_explains_by_it():
    shouted = ["dasar kalian {}!!! \\xf0\\x9f\\x98\\xa1", "usir mereka dari {}!!! \\xf0\\x9f\\x98\\xa1"]
    calm = ["dasar kalian {}. \\xf0\\x9f\\x99\\x82", "usir mereka dari {}. \\xf0\\x9f\\x99\\x82"]
    places = ["puger", "ambulu", "patrang", "kencong", "balung", "tanggul", "kalisat", "wuluhan"]
    texts, rows = [], []
    for place in places:
        for template in shouted:
            texts.append(template.format(place))
            rows.append([True, True])
        for template in calm:
            texts.append(template.format(place))
            rows.append([False, False])
    assert normalise(texts[0]) == normalise(texts[2])  # the normalised views cannot tell them apart
    model = train(texts, np.array(rows), ["hs", "abusive"], dev_texts=texts, dev_Y=np.array(rows))
    v = model.vectorizer
    assert "!!!" in {g.strip() for g in v.raw} and "\U0001f621" in {g.strip() for g in v.raw}
    X = model.features(["dasar kalian jember!!!"])
    assert X[:, len(v.words) + len(v.chars) + len(v.stems) :].nnz > 0
    verdict = model.classify("dasar kalian jember!!! \\xf0\\x9f\\x98\\xa1")
    assert "hs" in verdict["flags"]
    assert "hs" not in model.classify("dasar kalian jember. \\xf0\\x9f\\x99\\x82")["flags"]
    reasons = verdict["explanations"]["hs"]
    assert reasons and {r["kind"] for r in reasons} == {"tulisan asli"}
    assert all(r["feature"] in raw_view("dasar kalian jember!!! \\xf0\\x9f\\x98\\xa1") for r in reasons)
    with np.testing.assert_raises(ValueError):
        v.transform(["dasar kalian"])  # a raw block needs the raw views too


def test_a_batch_is_featurised_as_its_rows_one_by_one_and_each_block_has_its_weight():
    texts, Y = _examples()
    model = train(texts, Y, LABELS4)
    v = model.vectorizer
    v.char_weight, v.stem_weight, v.raw_weight = 1.0, 0.5, 2.0
    batch = ["dasar kafir sesat!!", "", "tps tertib di puger", "zzzz qqqq", "kaum biadab harus dibasmi"]
    X = model.features(batch)
    for i, text in enumerate(batch):
        assert abs(X[i] - model.features([text])).max() < 1e-7
    edges = np.cumsum([0, len(v.words), len(v.chars), len(v.stems), len(v.raw)])
    weights = (1.0, 1.0, 0.5, 2.0)
    row = X[0].toarray()[0]
    for (a, b), weight in zip(zip(edges, edges[1:], strict=False), weights, strict=True):
        norm = np.linalg.norm(row[a:b])
        assert norm == 0 or abs(norm - weight) < 1e-5
    assert X[1].nnz == 0  # an empty text has no features (no division by zero)
    assert np.linalg.norm(row[edges[3] :]) > 0  # the raw block is there
