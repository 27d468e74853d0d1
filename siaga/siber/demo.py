"""Demo cyber patrol for the demo district (synthetic, marked is_demo): a text model trained on Siaga's own
election-flavoured examples, a week of monitored posts naming real kecamatan/desa of the kabupaten (copies and
paraphrases spread by several accounts, so they group into narratives), one analyst confirmation and one case."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from siaga.core.access import SYSTEM
from siaga.siber.choices import CaseStatus, Source
from siaga.siber.models import Post, TextModelVersion
from siaga.siber.services import PostInput, case_open, case_transition, post_review, posts_ingest
from siaga.siber.services.models import textmodel_train_csv
from siaga.siber.synthetic import training_csv

PLATFORMS = ["facebook", "x", "tiktok", "instagram", "whatsapp"]
STORIES = [
    "Beredar kabar surat suara sudah dicoblos di gudang KPU {place}, jangan percaya hasil pilkada",
    "Ayo kepung kantor KPU di {place} besok pagi, bawa massa dan senjata kalau paslon kita kalah",
    "Serangan fajar di {place}: yang coblos paslon nomor 2 dapat amplop 100 ribu",
    "Orang kafir di {place} jangan dibiarkan ikut memilih, usir mereka",
]
VARIANTS = ["{s}", "{s}!!!", "RT {s} sebarkan", "{s} #pilkada", "Info penting: {s}", "{s} 😡😡"]
CALM = [
    "Semoga pilkada di {place} berjalan aman dan damai",
    "Petugas KPPS {place} menyiapkan TPS, terima kasih bapak ibu",
    "Harga cabai di pasar {place} naik lagi minggu ini",
]


def build(ctx) -> None:
    if Post.objects.filter(is_demo=True, unit=ctx.polres).exists():
        ctx.log("Patroli siber: data demo sudah ada, dilewati.")
        return
    if not TextModelVersion.objects.filter(is_active=True).exists():
        result = textmodel_train_csv(content=training_csv(), actor=SYSTEM, source="demo", synthetic=True)
        ctx.log(f"Patroli siber: model teks v{result.version.version} dilatih dari contoh sintetis.")
    items = _posts(ctx)
    result = posts_ingest(items=items, source=Source.IMPORT, actor=SYSTEM, unit=ctx.polres, is_demo=True)
    flagged = [p for p in result["posts"] if p.flags]
    if flagged:
        post_review(post=flagged[0], labels=flagged[0].flags, actor=SYSTEM)
        case = case_open(post=flagged[0], actor=SYSTEM, note="Contoh kasus demo")
        case_transition(case=case, to_status=CaseStatus.REVIEWED, actor=SYSTEM, note="Ditelaah analis (demo)")
    ctx.log(f"Patroli siber: {result['created']} unggahan demo, {len(flagged)} ditandai.")


def _places(ctx) -> list[str]:
    from siaga.regions.models import Region

    names = list(
        Region.objects.filter(code__startswith=ctx.kabupaten.code + ".", level=3).order_by("code")
        .values_list("name", flat=True)[:12]
    )  # fmt: skip
    return names or [ctx.kabupaten.name]


def _posts(ctx) -> list[PostInput]:
    rng = ctx.rng
    now = timezone.now()
    places = _places(ctx)
    items = []
    for s_index, story in enumerate(STORIES):
        place = places[s_index % len(places)]
        base = story.format(place=place)
        accounts = [f"@akun_{s_index}_{i}" for i in range(rng.randint(3, 6))]
        for i in range(rng.randint(5, 9)):
            text = rng.choice(VARIANTS).format(s=base)
            items.append(_item(ctx, text, rng.choice(accounts), now - timedelta(hours=rng.randint(1, 160)), i, s_index))
    for i in range(15):
        text = rng.choice(CALM).format(place=rng.choice(places))
        items.append(_item(ctx, text, f"@warga_{i}", now - timedelta(hours=rng.randint(1, 160)), i, 99))
    return items


def _item(ctx, text: str, account: str, at, i: int, story: int) -> PostInput:
    platform = PLATFORMS[(i + story) % len(PLATFORMS)]
    return PostInput(
        platform=platform, text=text, account=account, posted_at=at, external_id=f"demo-{story}-{i}",
        account_name=account.lstrip("@").replace("_", " ").title(), reach=ctx.rng.randint(50, 20000),
        engagement=ctx.rng.randint(0, 2000), url=f"https://contoh.invalid/{platform}/demo-{story}-{i}",
    )  # fmt: skip
