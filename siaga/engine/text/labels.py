"""The label set: the hate-speech scheme of Ibrohim & Budi (2019) plus the election flags of the cyber patrol."""

# code → Indonesian name shown to analysts
LABEL_NAMES: dict[str, str] = {
    "hs": "Ujaran kebencian",
    "abusive": "Bahasa kasar",
    "hs_individual": "Sasaran: individu",
    "hs_group": "Sasaran: kelompok",
    "hs_religion": "Jenis: agama",
    "hs_race": "Jenis: ras/etnis",
    "hs_physical": "Jenis: fisik",
    "hs_gender": "Jenis: gender",
    "hs_other": "Jenis: lainnya",
    "hs_weak": "Kekuatan: lemah",
    "hs_moderate": "Kekuatan: sedang",
    "hs_strong": "Kekuatan: kuat",
    "hoax": "Hoaks/disinformasi pemilu",
    "provocation": "Provokasi kekerasan/aksi massa",
    "money_politics": "Politik uang",
}
LABELS: tuple[str, ...] = tuple(LABEL_NAMES)
HS_SUBLABELS: tuple[str, ...] = LABELS[2:12]
# the flags an analyst acts on; a post with none of them is "not relevant"
MAIN_LABELS: tuple[str, ...] = ("hs", "abusive", "hoax", "provocation", "money_politics")
TARGET_LABELS = ("hs_individual", "hs_group")
STRENGTH_LABELS = ("hs_weak", "hs_moderate", "hs_strong")

# dataset headings (e.g. "HS_Individual", "Tweet") and Indonesian aliases → label code
ALIASES: dict[str, str] = {
    "ujaran_kebencian": "hs",
    "kasar": "abusive",
    "hoaks": "hoax",
    "provokasi": "provocation",
    "politik_uang": "money_politics",
}
TEXT_COLUMNS = ("text", "tweet", "teks", "isi")


def label_code(heading: str) -> str | None:
    key = heading.strip().lower().replace(" ", "_").replace("-", "_")
    if key in LABEL_NAMES:
        return key
    return ALIASES.get(key)
