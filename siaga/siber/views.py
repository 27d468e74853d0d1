"""Pages of the cyber patrol (Satintelkam only): posts, narratives and their map, cases with evidence and
custody, the takedown letter, account details (every view audited) and the text model's versions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from siaga.core import access
from siaga.core.clientip import client_ip
from siaga.core.errors import ServiceError
from siaga.core.imports.views import import_page
from siaga.core.maps import map_config
from siaga.engine.text import LABEL_NAMES, TrainingError
from siaga.siber import selectors
from siaga.siber.choices import CaseAction, CaseStatus, Review, Source
from siaga.siber.forms import CaseTransitionForm, ManualPostForm, PostImportForm, ReviewForm
from siaga.siber.importer import PostImporter
from siaga.siber.letters import letter_docx, letter_pdf
from siaga.siber.models import Case, Narrative, Post, SocialAccount
from siaga.siber.services import PostInput, case_open, case_transition, post_ingest, post_review
from siaga.siber.services.cases import account_view_log, evidence_export_log, evidence_verify, evidence_view_log
from siaga.siber.services.models import textmodel_retrain

PAGE = 100


def _view(request):
    access.require(request.user, "siber.view")


def post_list(request):
    _view(request)
    flag = request.GET.get("label", "")
    review = request.GET.get("tinjauan", "")
    posts = selectors.post_list(
        user=request.user,
        flag=flag,
        review=review if review in Review.values else "",
        q=request.GET.get("q", "")[:100],
        only_flagged=request.GET.get("semua") != "1",
    )
    ctx = {"posts": posts[:PAGE], "total": posts.count(), "labels": LABEL_NAMES, "flag": flag, "review": review,
           "reviews": Review.choices, "can_change": access.can(request.user, "siber.change")}  # fmt: skip
    return render(request, "siber/post_list.html", ctx)


def post_import(request):
    _view(request)
    return import_page(
        request, importer=PostImporter, template="siber/import.html", form_class=PostImportForm,
        form_kwargs={"user": request.user}, form_params=lambda cleaned: {"unit_id": cleaned["unit"].pk},
    )  # fmt: skip


def post_create(request):
    access.require(request.user, "siber.change")
    form = ManualPostForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        shot = data.get("screenshot")
        item = PostInput(
            platform=data["platform"], text=data["text"], account=data["account"], posted_at=data["posted_at"],
            url=data["url"] or "", screenshot=shot.read() if shot else None,
            screenshot_type=getattr(shot, "content_type", "") or "" if shot else "",
        )  # fmt: skip
        try:
            post, created = post_ingest(data=item, source=Source.MANUAL, actor=request.user)
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            if not created:
                messages.info(request, "Unggahan ini sudah tersimpan sebelumnya.")
            return redirect("siber:post_detail", pk=post.pk)
    return render(request, "siber/post_form.html", {"form": form})


def post_detail(request, pk: int):
    _view(request)
    post = access.get_for_user(Post.objects.select_related("account", "narrative", "desa", "kecamatan"),
                               request.user, "siber.view", pk=pk)  # fmt: skip
    explanations = [(LABEL_NAMES.get(k, k), v) for k, v in post.explanations.items()]
    ctx = {
        "post": post, "explanations": explanations, "labels": [(c, LABEL_NAMES[c]) for c in post.labels],
        "scores": sorted(((LABEL_NAMES.get(k, k), v) for k, v in post.scores.items()), key=lambda x: -x[1])[:6],
        "review_form": ReviewForm(initial={"labels": post.labels}),
        "cases": post.cases.all(), "can_change": access.can(request.user, "siber.change", post),
    }  # fmt: skip
    return render(request, "siber/post_detail.html", ctx)


def post_screenshot(request, pk: int):
    post = access.get_for_user(Post, request.user, "siber.view", pk=pk)
    if not post.screenshot:
        return HttpResponse("Tidak ada tangkapan layar.", status=404, content_type="text/plain; charset=utf-8")
    kind = post.screenshot_type if post.screenshot_type.startswith("image/") else "application/octet-stream"
    response = HttpResponse(bytes(post.screenshot), content_type=kind)
    response["Content-Disposition"] = "inline"
    return response


@require_POST
def post_review_view(request, pk: int):
    post = access.get_for_user(Post, request.user, "siber.change", pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            post_review(post=post, labels=form.cleaned_data["labels"], actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Tinjauan tersimpan dan akan dipelajari model pada pelatihan berikutnya.")
    return redirect("siber:post_detail", pk=post.pk)


@require_POST
def case_open_view(request, pk: int):
    post = access.get_for_user(Post, request.user, "siber.change", pk=pk)
    case = case_open(post=post, actor=request.user, note=request.POST.get("note", "")[:2000], ip=client_ip(request))
    return redirect("siber:case_detail", pk=case.pk)


def account_detail(request, pk: int):
    account = access.get_for_user(SocialAccount, request.user, "siber.view", pk=pk)
    account_view_log(account=account, actor=request.user, ip=client_ip(request))
    ctx = {"account": account, "posts": account.posts.order_by("-posted_at")[:PAGE],
           "views": account.views.select_related("user")[:20]}  # fmt: skip
    return render(request, "siber/account_detail.html", ctx)


def narrative_list(request):
    _view(request)
    layers = [{"key": "narasi", "label": "Narasi siber", "url": reverse("siber:narratives_geojson"), "refresh": 60}]
    ctx = {"narratives": selectors.narrative_list(user=request.user)[:PAGE], "map_config": map_config(layers),
           "labels": LABEL_NAMES}  # fmt: skip
    return render(request, "siber/narrative_list.html", ctx)


def narratives_geojson(request):
    _view(request)
    return JsonResponse(selectors.narratives_geojson(user=request.user))


def narrative_detail(request, pk: int):
    narrative = access.get_for_user(Narrative.objects.select_related("desa", "kecamatan"), request.user,
                                    "siber.view", pk=pk)  # fmt: skip
    ctx = {
        "narrative": narrative, "posts": narrative.posts.select_related("account")[:PAGE],
        "timeline": selectors.narrative_timeline(narrative), "accounts": selectors.narrative_accounts(narrative),
        "reports": selectors.related_reports(user=request.user, narrative=narrative),
        "campaigns": selectors.related_campaigns(user=request.user, narrative=narrative),
        "labels": [LABEL_NAMES.get(c, c) for c in narrative.flags],
    }  # fmt: skip
    return render(request, "siber/narrative_detail.html", ctx)


def case_list(request):
    _view(request)
    status = request.GET.get("status", "")
    cases = selectors.case_list(user=request.user, status=status if status in CaseStatus.values else "")
    return render(request, "siber/case_list.html", {"cases": cases[:PAGE], "statuses": CaseStatus.choices})


def case_detail(request, pk: int):
    case = access.get_for_user(Case.objects.select_related("post", "post__account", "narrative"), request.user,
                               "siber.view", pk=pk)  # fmt: skip
    evidence = list(case.evidence.all())
    for item in evidence:
        evidence_view_log(evidence=item, actor=request.user, ip=client_ip(request))
        item.intact = evidence_verify(item)
        item.log = list(item.custody.select_related("actor"))
    ctx = {"case": case, "evidence": evidence, "events": case.events.select_related("actor"),
           "form": CaseTransitionForm(), "actions": CaseAction.choices,
           "can_change": access.can(request.user, "siber.change", case)}  # fmt: skip
    return render(request, "siber/case_detail.html", ctx)


@require_POST
def case_transition_view(request, pk: int):
    case = access.get_for_user(Case, request.user, "siber.change", pk=pk)
    form = CaseTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Isian status tidak sah.")
        return redirect("siber:case_detail", pk=case.pk)
    data = form.cleaned_data
    try:
        case_transition(case=case, to_status=data["status"], action=data["action"], note=data["note"],
                        actor=request.user)  # fmt: skip
    except (ValidationError, ServiceError) as exc:
        messages.error(request, getattr(exc, "message", None) or " ".join(exc.messages))
    return redirect("siber:case_detail", pk=case.pk)


def _letter(request, pk: int, fmt: str):
    case = access.get_for_user(Case.objects.select_related("post", "post__account", "unit"), request.user,
                               "siber.change", pk=pk)  # fmt: skip
    content = letter_docx(case) if fmt == "docx" else letter_pdf(case)
    for item in case.evidence.all():
        evidence_export_log(evidence=item, actor=request.user, ip=client_ip(request),
                            note=f"Surat permohonan takedown ({fmt.upper()})")  # fmt: skip
    kinds = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "pdf": "application/pdf"}  # fmt: skip
    response = HttpResponse(content, content_type=kinds[fmt])
    name = case.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="surat-takedown-{name}.{fmt}"'
    return response


def case_letter_docx(request, pk: int):
    return _letter(request, pk, "docx")


def case_letter_pdf(request, pk: int):
    return _letter(request, pk, "pdf")


def model_list(request):
    _view(request)
    ctx = {"versions": selectors.model_versions(user=request.user)[:50],
           "reviewed": Post.objects.restrict(request.user).exclude(review=Review.PENDING).count(),
           "can_train": access.can(request.user, "siber.train"), "labels": LABEL_NAMES}  # fmt: skip
    return render(request, "siber/model_list.html", ctx)


@require_POST
def model_retrain(request):
    access.require(request.user, "siber.train")
    try:
        result = textmodel_retrain(actor=request.user)
    except TrainingError as exc:
        messages.error(request, str(exc))
    else:
        (messages.success if result.activated else messages.warning)(
            request, f"Model v{result.version.version}: {result.reason}"
        )
    return redirect("siber:model_list")
