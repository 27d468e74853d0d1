"""Intake of posts (import, crawler API, manual entry), classification and the analysts' review.

A post is stored once per Polres, platform and post id: a replay returns the stored post. Intake validates,
classifies with the active text model, resolves the places it names with the gazetteer and groups it into a
narrative, all in one transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from siaga.core import access
from siaga.engine.text import LABEL_NAMES
from siaga.engine.text.narratives import best_narrative
from siaga.siber.choices import Platform, Review, Source
from siaga.siber.classifier import classify

MAX_TEXT = 100_000
WIB = ZoneInfo("Asia/Jakarta")
NARRATIVE_WINDOW = timedelta(days=14)
NARRATIVE_CANDIDATES = 300
PLATFORM_ALIASES = {"twitter": "x", "fb": "facebook", "ig": "instagram", "wa": "whatsapp", "yt": "youtube"}


@dataclass
class PostInput:
    platform: str
    text: str
    account: str
    posted_at: datetime | None = None
    external_id: str = ""
    account_name: str = ""
    reach: int = 0
    engagement: int = 0
    url: str = ""
    media_url: str = ""
    screenshot: bytes | None = None
    screenshot_type: str = ""
    errors: dict = field(default_factory=dict)


def platform_code(value: str) -> str | None:
    key = (value or "").strip().lower()
    key = PLATFORM_ALIASES.get(key, key)
    for choice in Platform:
        if key in (choice.value, choice.label.lower()):
            return choice.value
    return None


def clean_input(data: PostInput, *, manual: bool = False) -> PostInput:
    """Validate and normalise one post; raise ValidationError with every problem (keyed by field)."""
    errors: dict[str, str] = {}
    text = (data.text or "").strip()
    if not text:
        errors["text"] = "Teks unggahan kosong."
    elif len(text) > MAX_TEXT:
        errors["text"] = f"Teks unggahan terlalu panjang ({len(text):,} karakter; paling banyak 100.000).".replace(
            ",", "."
        )
    platform = platform_code(data.platform)
    if platform is None:
        errors["platform"] = f"Platform '{(data.platform or '')[:40]}' tidak dikenal."
    account = (data.account or "").strip()[:150]
    if not account:
        errors["account"] = "Akun pengunggah wajib diisi."
    external_id = (data.external_id or "").strip()[:200]
    if not external_id:
        if not manual:
            errors["external_id"] = "ID unggahan wajib diisi (kunci agar unggahan tidak tersimpan dua kali)."
        else:
            basis = data.url.strip() or f"{platform}|{account}|{text}"
            external_id = "manual-" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:24]
    for key in ("reach", "engagement"):
        if (getattr(data, key) or 0) < 0:
            errors[key] = "Angka tidak boleh negatif."
    posted_at = data.posted_at or timezone.now()
    if timezone.is_naive(posted_at):
        posted_at = posted_at.replace(tzinfo=WIB)
    if posted_at.year < 2000:
        errors["posted_at"] = "Waktu unggah sebelum tahun 2000 tidak mungkin."
    elif posted_at > timezone.now() + timedelta(days=1):
        errors["posted_at"] = "Waktu unggah berada di masa depan."
    if errors:
        raise ValidationError(errors)
    return PostInput(
        platform=platform, text=text, account=account, posted_at=posted_at, external_id=external_id,
        account_name=(data.account_name or "").strip()[:200], reach=data.reach or 0,
        engagement=data.engagement or 0, url=(data.url or "").strip()[:500],
        media_url=(data.media_url or "").strip()[:500], screenshot=data.screenshot,
        screenshot_type=data.screenshot_type[:40],
    )  # fmt: skip


def siber_unit(actor, unit=None):
    """The Polres a post is filed under: the given one, else the actor's own unit."""
    unit = unit if unit is not None else getattr(actor, "unit", None)
    if unit is None:
        raise ValidationError("Pilih satuan (Polres) untuk unggahan ini.")
    return unit


def post_ingest(*, data: PostInput, source: str, actor, unit=None):
    """Store one post (or return the stored one on a replay): (post, created)."""
    perm = "siber.ingest" if source == Source.API else "siber.change"
    access.require(actor, perm)  # role and level first: a missing actor is refused before anything else
    unit = siber_unit(actor, unit)
    access.require(actor, perm, unit=unit)
    data = clean_input(data, manual=source == Source.MANUAL)
    return _store(data, unit=unit, source=source)


def posts_ingest(*, items: list[PostInput], source: str, actor, unit=None, is_demo: bool = False) -> dict:
    """Store a batch all or nothing (every item validated first): counts of created and replayed posts."""
    perm = "siber.ingest" if source == Source.API else "siber.change"
    access.require(actor, perm)
    unit = siber_unit(actor, unit)
    access.require(actor, perm, unit=unit)
    cleaned, errors = [], {}
    for number, item in enumerate(items, start=1):
        try:
            cleaned.append(clean_input(item))
        except ValidationError as exc:
            errors[number] = exc.message_dict
    if errors:
        raise ValidationError(
            {f"unggahan {n}": [f"{k}: {' '.join(v)}" for k, v in e.items()] for n, e in errors.items()}
        )
    created = replayed = 0
    posts = []
    with transaction.atomic():
        for data in cleaned:
            post, new = _store(data, unit=unit, source=source, is_demo=is_demo)
            posts.append(post)
            created += new
            replayed += not new
    return {"created": created, "replayed": replayed, "posts": posts}


def _store(data: PostInput, *, unit, source: str, is_demo: bool = False):
    from siaga.siber.models import Post

    lookup = {"unit": unit, "platform": data.platform, "external_id": data.external_id}
    existing = Post.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return _create(data, unit=unit, source=source, is_demo=is_demo), True
    except IntegrityError:
        existing = Post.objects.filter(**lookup).first()
        if existing is None:
            raise
        return existing, False


def _create(data: PostInput, *, unit, source: str, is_demo: bool):
    from siaga.siber.models import Post, SocialAccount

    account, _ = SocialAccount.objects.get_or_create(
        unit=unit, platform=data.platform, handle=data.account,
        defaults={"display_name": data.account_name, "first_seen": data.posted_at, "is_demo": is_demo},
    )  # fmt: skip
    if account.first_seen is None or data.posted_at < account.first_seen:
        SocialAccount.objects.filter(pk=account.pk).update(first_seen=data.posted_at)
    verdict = classify(data.text)
    desa, kecamatan, places = _places(unit, data.text)
    post = Post.objects.create(
        unit=unit, platform=data.platform, external_id=data.external_id, account=account, text=data.text,
        posted_at=data.posted_at, reach=data.reach, engagement=data.engagement, url=data.url,
        media_url=data.media_url, screenshot=data.screenshot, screenshot_type=data.screenshot_type, source=source,
        flags=verdict["flags"], scores=verdict["scores"], explanations=verdict["explanations"],
        model_version=verdict["model"] or None, desa_id=desa, kecamatan_id=kecamatan, places=places,
        is_demo=is_demo,
    )  # fmt: skip
    if post.flags:
        narrative_assign(post)
    return post


def _places(unit, text: str) -> tuple[str | None, str | None, list[dict]]:
    from siaga.reports.locate import location_index, polres_for_unit

    polres = polres_for_unit(unit)
    if polres is None:
        return None, None, []
    index = location_index(polres)
    found = index.resolve(text)
    places = [index.place_dict(m) for m in found.matches[:5]]
    if found.ambiguous:
        return None, found.kecamatan_code, places
    return found.desa_code, found.kecamatan_code, places


def narrative_assign(post) -> None:
    """Put a flagged post into the most similar recent narrative of its Polres, or start a new one."""
    from siaga.siber.models import Narrative

    since = post.posted_at - NARRATIVE_WINDOW
    candidates = list(
        Narrative.objects.filter(unit=post.unit, last_seen__gte=since)
        .order_by("-last_seen")
        .values_list("pk", "sample")[:NARRATIVE_CANDIDATES]
    )
    key, _ = best_narrative(post.text, candidates)
    narrative = Narrative.objects.filter(pk=key).first() if key else None
    if narrative is None:
        narrative = Narrative.objects.create(
            unit=post.unit, title=_title(post.text), sample=post.text[:2000], first_seen=post.posted_at,
            last_seen=post.posted_at, is_demo=post.is_demo,
        )  # fmt: skip
    post.narrative = narrative
    post.save(update_fields=["narrative", "updated_at"])
    narrative_refresh(narrative)


def _title(text: str) -> str:
    words = " ".join(text.split())
    return words[:117] + "…" if len(words) > 120 else words


def narrative_refresh(narrative) -> None:
    """Recount a narrative from its posts: time span, accounts, platforms, reach, labels and place."""
    from collections import Counter

    from django.db.models import Count, Max, Min, Sum

    from siaga.regions.models import Region

    posts = narrative.posts.all()
    agg = posts.aggregate(
        n=Count("id"), first=Min("posted_at"), last=Max("posted_at"), reach=Sum("reach"),
        accounts=Count("account", distinct=True),
    )  # fmt: skip
    if not agg["n"]:
        return
    labels: Counter = Counter()
    desa: Counter = Counter()
    kec: Counter = Counter()
    platforms = set()
    for p in posts.only("flags", "confirmed_labels", "review", "desa_id", "kecamatan_id", "platform"):
        labels.update(p.labels)
        platforms.add(p.platform)
        if p.desa_id:
            desa[p.desa_id] += 1
        if p.kecamatan_id:
            kec[p.kecamatan_id] += 1
    narrative.post_count, narrative.account_count = agg["n"], agg["accounts"]
    narrative.first_seen, narrative.last_seen, narrative.reach = agg["first"], agg["last"], agg["reach"] or 0
    narrative.platforms = sorted(platforms)
    narrative.flags = [label for label in LABEL_NAMES if labels[label]]
    narrative.desa_id = desa.most_common(1)[0][0] if desa else None
    narrative.kecamatan_id = kec.most_common(1)[0][0] if kec else None
    place = Region.objects.filter(pk=narrative.desa_id or narrative.kecamatan_id).values_list("lat", "lon").first()
    narrative.lat, narrative.lon = place if place else (None, None)
    narrative.save()


def post_review(*, post, labels: list[str], actor) -> None:
    """An analyst confirms (same labels as the model) or corrects a post's labels; they become training data."""
    from siaga.siber.models import Post

    access.require(actor, "siber.change", post)
    unknown = [label for label in labels if label not in LABEL_NAMES]
    if unknown:
        raise ValidationError(f"Label tidak dikenal: {', '.join(unknown)}.")
    labels = [label for label in LABEL_NAMES if label in set(labels)]
    if any(label.startswith("hs_") for label in labels) and "hs" not in labels:
        raise ValidationError("Sasaran, jenis dan kekuatan hanya berlaku untuk ujaran kebencian (centang juga 'hs').")
    review = Review.CONFIRMED if set(labels) == set(post.flags) else Review.CORRECTED
    with transaction.atomic():
        Post.objects.filter(pk=post.pk).update(
            confirmed_labels=labels, review=review, reviewed_by=access.acting_user(actor), reviewed_at=timezone.now()
        )
        post.refresh_from_db()
        if labels and post.narrative_id is None:
            narrative_assign(post)
        elif post.narrative_id:
            narrative_refresh(post.narrative)
