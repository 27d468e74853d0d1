"""Reads of the cyber patrol, always through `restrict(user)` (nothing without `siber.view`)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape

from siaga.engine.text import LABEL_NAMES, MAIN_LABELS
from siaga.siber.models import Case, Narrative, Post, TextModelVersion

FLAG_COLORS = {"hs": "#e63946", "provocation": "#d62828", "hoax": "#f4a261", "money_politics": "#6a4c93",
               "abusive": "#e9c46a"}  # fmt: skip


def post_list(*, user, flag: str = "", review: str = "", q: str = "", only_flagged: bool = False):
    qs = Post.objects.restrict(user).select_related("account", "narrative", "desa")
    if flag in LABEL_NAMES:
        qs = qs.filter(Q(flags__contains=[flag]) | Q(confirmed_labels__contains=[flag]))
    if review:
        qs = qs.filter(review=review)
    if q:
        qs = qs.filter(Q(text__icontains=q) | Q(account__handle__icontains=q))
    if only_flagged:
        qs = qs.exclude(flags=[], confirmed_labels=[])
    return qs


def narrative_list(*, user):
    return Narrative.objects.restrict(user).select_related("desa", "kecamatan")


def narrative_timeline(narrative) -> list[tuple[str, int]]:
    days = Counter(timezone.localtime(t).date() for t in narrative.posts.values_list("posted_at", flat=True))
    return [(day.strftime("%d-%m-%Y"), days[day]) for day in sorted(days)]


def narrative_accounts(narrative):
    counts = Counter(narrative.posts.values_list("account_id", flat=True))
    from siaga.siber.models import SocialAccount

    accounts = SocialAccount.objects.filter(pk__in=counts)
    return sorted(((a, counts[a.pk]) for a in accounts), key=lambda item: -item[1])


def related_reports(*, user, narrative, limit: int = 20):
    """Field and public reports of hoaks/SARA or provocation in the narrative's desa or kecamatan."""
    from siaga.reports.models import Report

    place = narrative.desa_id or narrative.kecamatan_id
    if not place:
        return []
    categories = Q(category_id__in=["hoaks_sara", "provokasi"]) | Q(
        category__isnull=True, suggested_category__in=["hoaks_sara", "provokasi"]
    )
    where = Q(desa_id=narrative.desa_id) if narrative.desa_id else Q(desa__code__startswith=place + ".")
    return list(Report.objects.restrict(user).filter(categories).filter(where).order_by("-occurred_at")[:limit])


def narratives_geojson(*, user) -> dict:
    features = []
    for n in narrative_list(user=user).exclude(lat=None).exclude(lon=None)[:2000]:
        main = next((label for label in MAIN_LABELS if label in n.flags), "")
        place = n.desa or n.kecamatan
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [n.lon, n.lat]},
            "properties": {
                "id": n.pk, "name": n.title, "color": FLAG_COLORS.get(main, "#457b9d"),
                "radius": 6 + min(n.post_count, 20) / 2, "posts": n.post_count,
                "popup": f"<b>{escape(n.title)}</b><br>{n.post_count} unggahan · {n.account_count} akun"
                         f"<br>{escape(place.name if place else '')}"
                         f"<br><a href=\"/siber/narasi/{n.pk}/\">Buka narasi</a>",
            },
        })  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def case_list(*, user, status: str = ""):
    qs = Case.objects.restrict(user).select_related("post", "post__account", "narrative")
    return qs.filter(status=status) if status else qs


def model_versions(*, user):
    return TextModelVersion.objects.restrict(user).defer("blob").select_related("trained_by")


def label_choices() -> list[tuple[str, str]]:
    return list(LABEL_NAMES.items())


def related_campaigns(*, user, narrative, limit: int = 10):
    """Community policing's himbauan (counter-messages) aimed at the narrative's place while it spread."""
    from siaga.community.models import Campaign

    place = narrative.desa_id or narrative.kecamatan_id
    qs = Campaign.objects.restrict(user).filter(
        start__lte=timezone.localtime(narrative.last_seen).date() + timedelta(days=14),
        end__gte=timezone.localtime(narrative.first_seen).date(),
    )
    if place:
        where = Q(target_desa__code=narrative.desa_id) if narrative.desa_id else Q(target_desa__code__startswith=place)
        qs = qs.filter(where | Q(target_desa__isnull=True))
    return list(qs.distinct().order_by("-start")[:limit])
