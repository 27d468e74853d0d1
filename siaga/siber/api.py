"""Cyber patrol API for crawlers and analysts (bearer token of a Satintelkam user).

`POST /api/siber/unggahan` stores one post, idempotent by platform + post id (a replay answers 200 with the
stored post, a new post 201); `POST /api/siber/unggahan/batch` stores up to 500 all or nothing."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from ninja import Path, Query, Router, Schema
from pydantic import Field

from siaga.core import access
from siaga.core.api_errors import ErrorOut
from siaga.core.params import MAX_ID
from siaga.siber import selectors
from siaga.siber.choices import Source
from siaga.siber.services import PostInput, post_ingest, posts_ingest

router = Router(tags=["Patroli siber"])
MAX_BIG = 10**15


class PostIn(Schema):
    platform: str = Field(min_length=1, max_length=40, description="facebook, instagram, x, tiktok, youtube, ...")
    post_id: str = Field(min_length=1, max_length=200, description="ID unggahan di platform (kunci idempoten)")
    account: str = Field(min_length=1, max_length=150)
    account_name: str = Field("", max_length=200)
    text: str = Field(min_length=1, max_length=100_000)
    posted_at: datetime | None = None
    reach: int = Field(0, ge=0, le=MAX_BIG)
    engagement: int = Field(0, ge=0, le=MAX_BIG)
    url: str = Field("", max_length=500)
    media_url: str = Field("", max_length=500)


class BatchIn(Schema):
    posts: list[PostIn] = Field(min_length=1, max_length=500)


class PostOut(Schema):
    id: int
    platform: str
    post_id: str
    account: str
    posted_at: datetime
    flags: list[str]
    labels: list[str]
    review: str
    narrative_id: int | None
    desa_code: str | None
    created: bool = False


class BatchOut(Schema):
    created: int
    replayed: int
    posts: list[PostOut]


class NarrativeOut(Schema):
    id: int
    title: str
    first_seen: datetime
    last_seen: datetime
    post_count: int
    account_count: int
    platforms: list[str]
    flags: list[str]
    desa_code: str | None
    kecamatan_code: str | None
    lat: float | None
    lon: float | None


def _input(item: PostIn) -> PostInput:
    return PostInput(
        platform=item.platform, text=item.text, account=item.account, posted_at=item.posted_at,
        external_id=item.post_id, account_name=item.account_name, reach=item.reach, engagement=item.engagement,
        url=item.url, media_url=item.media_url,
    )  # fmt: skip


def _out(post, created: bool = False) -> dict:
    return {
        "id": post.pk, "platform": post.platform, "post_id": post.external_id, "account": post.account.handle,
        "posted_at": post.posted_at, "flags": post.flags, "labels": post.labels, "review": post.review,
        "narrative_id": post.narrative_id, "desa_code": post.desa_id, "created": created,
    }  # fmt: skip


@router.post(
    "/unggahan",
    response={200: PostOut, 201: PostOut, 403: ErrorOut, 422: ErrorOut},
    summary="Kirim satu unggahan (idempoten menurut platform + ID unggahan)",
)
def post_create(request, payload: PostIn):
    post, created = post_ingest(data=_input(payload), source=Source.API, actor=request.auth)
    return (201 if created else 200), _out(post, created)


@router.post(
    "/unggahan/batch",
    response={200: BatchOut, 403: ErrorOut, 422: ErrorOut},
    summary="Kirim sampai 500 unggahan sekaligus (semua atau tidak sama sekali)",
)
def post_batch(request, payload: BatchIn):
    result = posts_ingest(items=[_input(p) for p in payload.posts], source=Source.API, actor=request.auth)
    return 200, {"created": result["created"], "replayed": result["replayed"],
                 "posts": [_out(p) for p in result["posts"]]}  # fmt: skip


@router.get("/unggahan", response={200: list[PostOut], 403: ErrorOut}, summary="Unggahan yang ditandai")
def post_list(request, label: str = Query("", max_length=40), limit: int = Query(100, ge=1, le=500)):
    if not access.can(request.auth, "siber.view"):
        raise PermissionDenied(access.refusal(request.auth, "siber.view"))
    posts = selectors.post_list(user=request.auth, flag=label, only_flagged=True).select_related("account")
    return 200, [_out(p) for p in posts[:limit]]


@router.get("/unggahan/{post_id}", response={200: PostOut, 403: ErrorOut, 404: ErrorOut}, summary="Satu unggahan")
def post_get(request, post_id: int = Path(..., ge=1, le=MAX_ID)):
    from siaga.siber.models import Post

    post = access.get_for_user(Post.objects.select_related("account"), request.auth, "siber.view", pk=post_id)
    return 200, _out(post)


@router.get("/narasi", response={200: list[NarrativeOut], 403: ErrorOut}, summary="Narasi dalam cakupan")
def narrative_list(request, limit: int = Query(100, ge=1, le=500)):
    if not access.can(request.auth, "siber.view"):
        raise PermissionDenied(access.refusal(request.auth, "siber.view"))
    return 200, [
        {**{f: getattr(n, f) for f in ("id", "title", "first_seen", "last_seen", "post_count", "account_count",
                                         "platforms", "flags", "lat", "lon")},
         "desa_code": n.desa_id, "kecamatan_code": n.kecamatan_id}
        for n in selectors.narrative_list(user=request.auth)[:limit]
    ]  # fmt: skip
