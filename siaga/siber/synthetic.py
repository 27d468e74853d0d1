"""Siaga's own labelled, election-flavoured Indonesian posts (synthetic: written for the project from templates,
not taken from any dataset). They train the demo's text model and the tests' models; `is_synthetic` marks every
model trained on them."""

from __future__ import annotations

import csv
import io
import random

from siaga.engine.text.labels import LABELS

CALON = [
    "paslon nomor 1",
    "paslon nomor 2",
    "calon bupati Hendra",
    "cabup Sulastri",
    "cakades Pak Darto",
    "calon kades Bu Wati",
    "caleg partai biru",
    "tim sukses Hendra",
]
KELOMPOK_AGAMA = ["orang kafir", "umat agama sebelah", "kaum murtad", "jamaah aliran sesat"]
KELOMPOK_RAS = ["orang cina", "warga keturunan aseng", "pendatang madura", "suku jawa pendatang"]
TEMPAT = [
    "Sumbersari",
    "Kaliwates",
    "Patrang",
    "Ambulu",
    "Puger",
    "Tanggul",
    "Balung",
    "Kencong",
    "Jombang",
    "Wuluhan",
    "Rambipuji",
    "Kalisat",
]
KASAR = ["goblok", "bangsat", "anjing", "tolol", "brengsek", "bajingan", "keparat"]
FISIK = ["si pendek", "si gendut jelek", "muka buruk rupa", "si pincang", "si botak buruk"]
GENDER = ["perempuan tidak pantas memimpin", "bencong", "dasar perempuan lemah", "banci"]

TEMPLATES: list[tuple[str, tuple[str, ...]]] = [
    # hate speech towards a group, religion
    ("{agama} tidak boleh memilih, mereka musuh kita semua", ("hs", "hs_group", "hs_religion", "hs_moderate")),
    ("jangan pilih {calon} karena didukung {agama}", ("hs", "hs_group", "hs_religion", "hs_weak")),
    ("{agama} harus diusir dari {tempat} sebelum pencoblosan", ("hs", "hs_group", "hs_religion", "hs_strong")),
    ("bunuh saja {agama} yang mau menguasai {tempat}", ("hs", "hs_group", "hs_religion", "hs_strong", "provocation")),
    # hate speech towards a group, race
    ("{ras} jangan dikasih menang di {tempat}", ("hs", "hs_group", "hs_race", "hs_weak")),
    ("{ras} itu penjajah, usir dari tanah kita", ("hs", "hs_group", "hs_race", "hs_strong")),
    ("dasar {ras} {kasar}, tidak tahu diri ikut pilkada", ("hs", "abusive", "hs_group", "hs_race", "hs_moderate")),
    # hate speech towards an individual
    ("{calon} itu {kasar}, pemimpin tidak becus", ("hs", "abusive", "hs_individual", "hs_other", "hs_moderate")),
    ("{calon} {fisik} mau jadi pemimpin, malu maluin {tempat}", ("hs", "hs_individual", "hs_physical", "hs_weak")),
    ("{calon} itu {gender}, jangan dipilih", ("hs", "hs_individual", "hs_gender", "hs_moderate")),
    ("{calon} keturunan pki, pengkhianat bangsa", ("hs", "hs_individual", "hs_other", "hs_moderate")),
    # abusive without hate speech
    ("{kasar} macet banget jalan ke {tempat} hari ini", ("abusive",)),
    ("anjir {kasar} hujan deras pas kampanye di {tempat}", ("abusive",)),
    ("sinyal di {tempat} {kasar} banget, tidak bisa nonton debat", ("abusive",)),
    # hoax / disinformation about the election
    ("beredar kabar surat suara sudah dicoblos untuk {calon} di gudang KPU {tempat}", ("hoax",)),
    ("KPU {tempat} diam diam mengganti kotak suara, hasil sudah diatur", ("hoax",)),
    ("pencoblosan diundur seminggu, TPS di {tempat} tutup besok kata KPU", ("hoax",)),
    ("warga {tempat} yang tidak pakai kaos {calon} tidak boleh mencoblos", ("hoax",)),
    ("surat suara tercoblos ditemukan di {tempat}, {calon} pasti curang", ("hoax",)),
    ("data DPT {tempat} dijual ke tim {calon}, server KPU dibobol", ("hoax",)),
    # provocation to violence or mass action
    ("ayo kepung kantor KPU {tempat} besok, bawa senjata tajam", ("provocation",)),
    ("serbu TPS di {tempat}, bakar kotak suara kalau {calon} kalah", ("provocation",)),
    ("kumpul semua massa di alun alun {tempat}, kita duduki kantor bawaslu", ("provocation",)),
    ("kalau {calon} kalah kita ribut, siapkan massa dari {tempat}", ("provocation",)),
    # money politics
    ("yang coblos {calon} dapat amplop 100 ribu, ambil di posko {tempat}", ("money_politics",)),
    ("serangan fajar besok pagi di {tempat}, 50 ribu per kepala untuk {calon}", ("money_politics",)),
    ("bagi bagi sembako dan uang dari tim {calon} di {tempat} malam ini", ("money_politics",)),
    ("foto surat suara yang dicoblos {calon} ditukar uang 200 ribu", ("money_politics",)),
    # not relevant
    ("jadwal debat {calon} disiarkan langsung malam ini", ()),
    ("semoga pilkada di {tempat} berjalan aman dan damai", ()),
    ("petugas KPPS {tempat} sedang menyiapkan TPS, terima kasih bapak ibu", ()),
    ("ayo datang ke TPS, satu suara menentukan masa depan {tempat}", ()),
    ("warung kopi di {tempat} ramai membahas visi misi {calon}", ()),
    ("Bhabinkamtibmas {tempat} sambang warga jelang pencoblosan, situasi kondusif", ()),
    ("harga cabai di pasar {tempat} naik lagi minggu ini", ()),
    ("nonton bola bareng di {tempat}, siapa yang mau ikut", ()),
    ("the debate tonight was interesting, good luck to all candidates", ()),
    ("cek fakta: kabar pencoblosan diundur tidak benar, tetap sesuai jadwal KPU", ()),
]
SUFFIXES = ["", "!!", " #pilkada2024", " wkwk", " 🙏", " sebarkan!", " @user", " https://t.co/abc"]


def examples(count: int = 900, seed: int = 13) -> list[tuple[str, set[str]]]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        template, labels = TEMPLATES[i % len(TEMPLATES)]
        text = template.format(
            calon=rng.choice(CALON), agama=rng.choice(KELOMPOK_AGAMA), ras=rng.choice(KELOMPOK_RAS),
            tempat=rng.choice(TEMPAT), kasar=rng.choice(KASAR), fisik=rng.choice(FISIK), gender=rng.choice(GENDER),
        ) + rng.choice(SUFFIXES)  # fmt: skip
        words = text.split()
        if len(words) > 5 and rng.random() < 0.35:  # drop a word: posts are rarely written the same way twice
            del words[rng.randrange(1, len(words))]
            text = " ".join(words)
        if rng.random() < 0.3:
            text = text.capitalize()
        out.append((text, set(labels)))
    return out


def training_csv(count: int = 900, seed: int = 13) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["text", *LABELS])
    for text, labels in examples(count, seed):
        writer.writerow([text, *(int(label in labels) for label in LABELS)])
    return buffer.getvalue()
