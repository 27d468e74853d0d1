"""Intake (idempotent, all or nothing, bad input), classification on intake, narratives and places, review,
model versioning (a worse retrain is refused), the case workflow with evidence hash and custody log."""

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from siaga.core.access import SYSTEM
from siaga.core.errors import ServiceError
from siaga.core.imports.reader import decode, sniff_delimiter
from siaga.engine.text import LABELS
from siaga.engine.text.dataset import read_training_csv
from siaga.engine.text.model import holdout_mask
from siaga.siber import classifier
from siaga.siber.choices import CaseStatus, Review, Source
from siaga.siber.models import Case, CustodyEntry, Narrative, Post, TextModelVersion
from siaga.siber.services import case_open, case_transition, post_ingest, post_review, posts_ingest
from siaga.siber.services.cases import evidence_verify
from siaga.siber.services.models import textmodel_train, textmodel_train_csv
from tests.siber.conftest import post_input, synthetic_data

pytestmark = pytest.mark.django_db


def test_a_replayed_post_is_stored_once(text_model, intel_user):
    first, created = post_ingest(data=post_input(), source=Source.API, actor=intel_user)
    again, created_again = post_ingest(data=post_input(text="teks lain"), source=Source.API, actor=intel_user)
    assert created and not created_again and first.pk == again.pk
    assert Post.objects.count() == 1 and Post.objects.get().text.startswith("Ayo kepung")


def test_intake_classifies_explains_and_places_the_post(text_model, intel_user, district):
    post, _ = post_ingest(data=post_input(), source=Source.API, actor=intel_user)
    assert "provocation" in post.flags and post.model_version == 1
    assert post.explanations["provocation"]
    assert post.kecamatan_id == district.kec_a.code  # "Jombang" resolved with the gazetteer
    assert post.narrative is not None and post.narrative.kecamatan_id == district.kec_a.code
    assert post.narrative.lat is not None


def test_copies_and_paraphrases_group_into_one_narrative(text_model, intel_user):
    texts = [
        "Beredar kabar surat suara sudah dicoblos di gudang KPU Kencong, hasil pilkada diatur",
        "RT Beredar kabar surat suara sudah dicoblos di gudang KPU Kencong, hasil pilkada diatur!!!",
        "beredar kabar: surat suara SUDAH DICOBLOS di gudang kpu kencong sebarkan",
        "Ayo kepung kantor KPU Jombang bawa senjata tajam",
    ]
    for i, text in enumerate(texts):
        post_ingest(data=post_input(text=text, external_id=f"x{i}", account=f"@a{i}", platform="x"),
                    source=Source.API, actor=intel_user)  # fmt: skip
    narratives = list(Narrative.objects.order_by("pk"))
    assert len(narratives) == 2
    assert narratives[0].post_count == 3 and narratives[0].account_count == 3 and narratives[0].platforms == ["x"]
    assert "hoax" in narratives[0].flags


def test_bad_posts_are_refused_with_clear_messages(text_model, intel_user):
    with pytest.raises(ValidationError) as exc:
        post_ingest(data=post_input(text="   ", platform="myspace"), source=Source.API, actor=intel_user)
    assert "Teks unggahan kosong." in exc.value.message_dict["text"]
    assert "tidak dikenal" in exc.value.message_dict["platform"][0]
    with pytest.raises(ValidationError, match="terlalu panjang"):
        post_ingest(data=post_input(text="a" * 100_001), source=Source.API, actor=intel_user)
    big, _ = post_ingest(data=post_input(text="kata " * 20_000), source=Source.API, actor=intel_user)
    english, _ = post_ingest(data=post_input(text="Lovely weather in Jember today", external_id="en"),
                             source=Source.API, actor=intel_user)  # fmt: skip
    assert big.pk and english.flags == []
    assert Post.objects.count() == 2


def test_a_batch_is_all_or_nothing(text_model, intel_user):
    items = [post_input(external_id="b1"), post_input(external_id="b2", text="")]
    with pytest.raises(ValidationError, match="unggahan 2"):
        posts_ingest(items=items, source=Source.API, actor=intel_user)
    assert Post.objects.count() == 0
    result = posts_ingest(items=[post_input(external_id="b1"), post_input(external_id="b1")], source=Source.API,
                          actor=intel_user)  # fmt: skip
    assert (result["created"], result["replayed"]) == (1, 1)


@pytest.mark.parametrize("persona", ["kapolres", "ops_user", "polsek_a_user", "field_a_user", "partner_user"])
def test_only_cyber_staff_may_ingest(text_model, persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        post_ingest(data=post_input(), source=Source.API, actor=user, unit=request.getfixturevalue("district").polres)
    with pytest.raises(PermissionDenied):
        post_ingest(data=post_input(), source=Source.API, actor=None)
    assert Post.objects.count() == 0


def test_review_confirms_or_corrects_and_feeds_training(text_model, intel_user):
    post, _ = post_ingest(data=post_input(), source=Source.API, actor=intel_user)
    post_review(post=post, labels=list(post.flags), actor=intel_user)
    post.refresh_from_db()
    assert post.review == Review.CONFIRMED and post.reviewed_by == intel_user
    post_review(post=post, labels=["hoax"], actor=intel_user)
    post.refresh_from_db()
    assert post.review == Review.CORRECTED and post.labels == ["hoax"]
    with pytest.raises(ValidationError, match="ujaran kebencian"):
        post_review(post=post, labels=["hs_religion"], actor=intel_user)
    from siaga.siber.services.models import training_rows_from_reviews

    texts, Y = training_rows_from_reviews()
    assert texts == [post.text] and Y[0, LABELS.index("hoax")] and Y.sum() == 1


def test_a_worse_retrain_is_refused_and_the_current_model_kept(intel_user):
    texts, Y = synthetic_data(450)
    first = textmodel_train(texts=texts, Y=Y, labels=list(LABELS), actor=intel_user)
    assert first.activated and first.version.is_active
    rng = np.random.default_rng(1)
    noisy = Y.copy()
    # careless confirmations among the training rows: labels flipped at random (the held-out rows stay correct)
    flip = (rng.random(Y.shape) < 0.4) & ~holdout_mask(texts)[:, None]
    noisy[flip] = ~noisy[flip]
    worse = textmodel_train(texts=texts, Y=noisy, labels=list(LABELS), actor=intel_user)
    assert not worse.activated and "Ditolak" in worse.reason
    active = TextModelVersion.objects.get(is_active=True)
    assert active.pk == first.version.pk and TextModelVersion.objects.count() == 2
    assert classifier.active_model().meta["version"] == 1
    again = textmodel_train(texts=texts, Y=Y, labels=list(LABELS), actor=intel_user)  # as good: replaces
    assert again.activated and TextModelVersion.objects.get(is_active=True).version == 3


def test_training_from_csv_refuses_bad_files(intel_user):
    from siaga.engine.text import TrainingError

    with pytest.raises(TrainingError, match="label kosong"):
        textmodel_train_csv(content="text,hs\nkafir,1\nhalo,\n", actor=intel_user)
    rows = "".join(f"teks {i},0\n" for i in range(30))
    with pytest.raises(TrainingError, match="satu kelas"):
        textmodel_train_csv(content="text,hs\n" + rows, actor=intel_user)
    assert TextModelVersion.objects.count() == 0


def test_training_csv_as_a_spreadsheet_saves_it(intel_user):
    """Quoted texts with commas, doubled quotes only after the first kilobytes (a sniffed dialect took them for the
    end of the field), cp1252 bytes, the dataset's headings: read as written, every row."""
    rows = ["Tweet,HS,Abusive"]
    for i in range(60):
        rows.append(f'"pemilu damai di desa {i}, ayo ke tps",0,0')
        rows.append(f'"USER dasar kafir sesat, usir saja dari kampung {i}",1,1')
    rows.append(
        '"RT USER: ""Keanekaragaman budaya, suku, agama, itulah kekayaan kita,"" tutur calon \u201cbupati\u201d",0,0'
    )
    raw = ("\r\n".join(rows) + "\r\n").encode("cp1252")
    assert b"\x93bupati\x94" in raw  # not UTF-8
    result = textmodel_train_csv(content=raw, actor=intel_user)
    assert result.version.rows == 121
    texts, Y, labels = read_training_csv(decode(raw), delimiter=sniff_delimiter(decode(raw)))
    assert labels == ["hs", "abusive"] and len(texts) == 121 and Y[:, 0].sum() == 60
    assert (
        texts[-1]
        == 'RT USER: "Keanekaragaman budaya, suku, agama, itulah kekayaan kita," tutur calon \u201cbupati\u201d'
    )
    semicolons = "teks;hs\n" + "".join(f'"rusuh, bakar {i}";1\n"damai {i}";0\n' for i in range(15))
    assert len(read_training_csv(semicolons, delimiter=sniff_delimiter(semicolons))[0]) == 30


def test_training_needs_the_permission(ops_user):
    texts, Y = synthetic_data(60)
    with pytest.raises(PermissionDenied):
        textmodel_train(texts=texts, Y=Y, labels=list(LABELS), actor=ops_user)


def test_case_workflow_preserves_evidence_with_hash_and_custody(text_model, intel_user):
    post, _ = post_ingest(data=post_input(screenshot=b"\x89PNG fake", screenshot_type="image/png"),
                          source=Source.MANUAL, actor=intel_user)  # fmt: skip
    case = case_open(post=post, actor=intel_user, ip="10.0.0.1")
    assert case_open(post=post, actor=intel_user).pk == case.pk  # one open case per post
    evidence = case.evidence.get()
    assert len(evidence.sha256) == 64 and evidence_verify(evidence)
    evidence.text += " (diubah)"
    assert not evidence_verify(evidence)  # tampering is detectable
    assert list(CustodyEntry.objects.values_list("action", flat=True)) == ["capture"]
    case = case_transition(case=case, to_status=CaseStatus.REVIEWED, actor=intel_user)
    with pytest.raises(ValidationError, match="Pilih tindakan"):
        case_transition(case=case, to_status=CaseStatus.ACTION, actor=intel_user)
    case = case_transition(case=case, to_status=CaseStatus.ACTION, action="takedown", actor=intel_user)
    case = case_transition(case=case, to_status=CaseStatus.CLOSED, actor=intel_user)
    assert case.closed_at and list(case.events.values_list("to_status", flat=True)) == [
        "flagged", "reviewed", "action", "closed"
    ]  # fmt: skip
    with pytest.raises(ServiceError):
        case_transition(case=case, to_status=CaseStatus.REVIEWED, actor=intel_user)


def test_a_stale_transition_is_refused(text_model, intel_user):
    post, _ = post_ingest(data=post_input(), source=Source.API, actor=intel_user)
    case = case_open(post=post, actor=intel_user)
    stale = Case.objects.get(pk=case.pk)
    case_transition(case=case, to_status=CaseStatus.REVIEWED, actor=intel_user)
    with pytest.raises(ServiceError, match="baru saja diubah"):
        case_transition(case=stale, to_status=CaseStatus.CLOSED, actor=intel_user)


def test_demo_builds_a_model_posts_narratives_and_a_case(district, intel_user):
    import random
    from types import SimpleNamespace

    from siaga.siber import demo

    ctx = SimpleNamespace(
        kabupaten=district.kabupaten, polres=district.polres, rng=random.Random(3), log=lambda *a: None
    )
    demo.build(ctx)
    assert TextModelVersion.objects.get(is_active=True).is_synthetic
    assert Post.objects.filter(is_demo=True).count() > 20
    assert Narrative.objects.filter(is_demo=True, post_count__gte=3).exists()
    assert Case.objects.filter(is_demo=True).exists()
    assert SYSTEM  # the demo acts as the system


def test_textmodel_train_command(tmp_path):
    from django.core.management import CommandError, call_command

    from siaga.siber.synthetic import training_csv

    good = tmp_path / "latih.csv"
    good.write_text(training_csv(200, seed=5), encoding="utf-8")
    call_command("textmodel", "train", "--csv", str(good))
    version = TextModelVersion.objects.get()
    assert version.is_active and version.rows == 200 and 0 < version.macro_f1 <= 1
    bad = tmp_path / "rusak.csv"
    bad.write_text("text,hs\nkafir,1\nhalo,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="label kosong"):
        call_command("textmodel", "train", "--csv", str(bad))
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("textmodel", "train", "--csv", str(tmp_path / "tidak-ada.csv"))
    assert TextModelVersion.objects.count() == 1
