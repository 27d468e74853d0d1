"""Persona sweep over every page, export and API GET of the project (issue 2, "What it must show" #2).

Polsek A's sector holds one record of every scoped kind, each with a marker (tests/foundation/sweep_data.py).
Every URL pattern is filled with the primary keys of those records and fetched as Polsek B, as the KPU partner
and anonymously: no response may carry an A marker, anonymous users only reach the login page (and the public
report form), the API answers 401 without a token. The same sweep as Kapolres must find the markers (so the
sweep cannot pass vacuously), and once a record is shared with the partner the partner sees exactly that one."""

from __future__ import annotations

import base64
import gzip
import io
import itertools
import re
import zipfile
import zlib
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from siaga.accounts.models import ApiToken
from siaga.reports.services import report_share
from tests.foundation import sweep_data
from tests.foundation.sweep_data import MARK_A, MARK_B

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("admin/", "api/", "static/", "media/")
PUBLIC_PAGES = ("/masuk/", "/lapor/", "/healthz")  # reachable without an account by design
DENIED = {401, 403, 404, 405}
MARKER_RE = re.compile(r"PENANDA-[AB]-[A-Z]+", re.IGNORECASE)

# URL name (namespace:name, prefix match) -> the model whose A records fill its `pk`; unmatched names get every A pk
PK_KINDS = [
    ("core:job_status", "core.Job"),
    ("elections:operation", "elections.Operation"),
    ("elections:event", "elections.CalendarEvent"),
    ("elections:", "elections.Election"),
    ("stations:", "stations.Station"),
    ("risk:", "stations.Station"),
    ("personnel:unavailability", "personnel.Unavailability"),
    ("personnel:", "personnel.Personnel"),
    ("deployment:", "deployment.DeploymentPlan"),
    ("patrols:object", "patrols.VulnerableObject"),
    ("patrols:critical", "patrols.VulnerableObject"),
    ("patrols:team", "patrols.PatrolTeam"),
    ("patrols:shift", "patrols.PatrolTeam"),
    ("patrols:plan", "patrols.PatrolPlan"),
    ("patrols:stop", "patrols.PatrolStop"),
    ("patrols:checkin", "patrols.PatrolCheckin"),
    ("reports:", "reports.Report"),
    ("community:tokoh", "community.Tokoh"),
    ("community:beat", "community.Beat"),
    ("community:visit", "community.Visit"),
    ("community:aspiration", "community.Aspiration"),
]
KWARG_KINDS = {
    "election_pk": "elections.Election",
    "election_id": "elections.Election",
    "operation_pk": "elections.Operation",
    "personnel_pk": "personnel.Personnel",
    "period_pk": "patrols.PlanPeriod",
    "job_id": "core.Job",
    "station_id": "stations.Station",
    "plan_id": "deployment.DeploymentPlan",
}
STR_VALUES = {
    "fmt": ["csv", "xlsx", "geojson"],
    "layer": ["rute", "titik", "terlewat"],
    "action": ["verify", "share", "assign"],
}


# ---------------------------------------------------------------- reading any response (HTML, JSON, XLSX, PDF)


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    if content[:2] == b"PK":
        return _zip_text(content)
    if content[:4] == b"%PDF":
        return _pdf_text(content)
    return content.decode("utf-8", errors="replace")


def _zip_text(content: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(content))
    if "xl/workbook.xml" in archive.namelist():
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        cells = (str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
        return "\n".join(cells)
    return "\n".join(archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist())


def _pdf_text(content: bytes) -> str:
    parts = [content.decode("latin-1")]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.DOTALL):
        for decode in (zlib.decompress, lambda s: zlib.decompress(base64.a85decode(s.strip(), adobe=True))):
            try:
                parts.append(decode(stream).decode("latin-1"))
                break
            except (zlib.error, ValueError):
                continue
    return "\n".join(parts)


def markers(text: str, prefix: str = MARK_A) -> set[str]:
    return {m.upper() for m in MARKER_RE.findall(text) if m.upper().startswith(prefix)}


# ---------------------------------------------------------------- enumerating and filling the URL patterns


@dataclass
class Route:
    name: str  # namespace:name ("" for unnamed patterns)
    route: str  # the pattern text, for messages
    kwargs: list[str] = field(default_factory=list)

    @property
    def app(self) -> str:
        return self.name.split(":")[0] if ":" in self.name else "-"


def routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", ""))


def _walk(patterns, prefix: str, namespace: str):
    for p in patterns:
        text = prefix + str(p.pattern)
        if text.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, text, namespace + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern):
            name = namespace + p.name if p.name else ""
            yield Route(name, text, list(p.pattern.converters))


def _kind_for(route: Route, kwarg: str) -> str | None:
    if kwarg in KWARG_KINDS:
        return KWARG_KINDS[kwarg]
    return next((kind for prefix, kind in PK_KINDS if route.name.startswith(prefix)), None)


def _values(route: Route, kwarg: str, world, district) -> list:
    if kwarg in STR_VALUES:
        return STR_VALUES[kwarg]
    if kwarg in ("code", "desa"):
        return [district.desa_a[0].code, district.kec_a.code]
    kind = _kind_for(route, kwarg)
    values = world.pks(kind) if kind else world.all_a_pks()
    assert values, f"tidak ada rekaman A untuk {route.name} ({kwarg} → {kind})"
    return values


def filter_query(world, district) -> str:
    """The filter parameters the views and API read, each pointing at an A record (or matching an A marker)."""
    first = {label: pks[0] for label, pks in world.a.items()}
    params = {
        "q": "PENANDA", "election": world.election.pk, "pemilihan": world.election.pk,
        "unit": district.polsek_a.pk, "satuan": district.polsek_a.pk, "polsek": district.polsek_a.pk,
        "kecamatan": district.kec_a.code, "tim": first["patrols.PatrolTeam"], "periode": first["patrols.PlanPeriod"],
        "pekerjaan": first["core.Job"], "kode": world.objects["report"].tracking_code or "",
    }  # fmt: skip
    return "?" + "&".join(f"{k}={v}" for k, v in params.items())


def urls(world, district) -> list[tuple[Route, str]]:
    """Every page URL with its arguments filled by A records, plain and with filter parameters."""
    query = filter_query(world, district)
    out = []
    for route in routes():
        if not route.name:
            out.append((route, "/" + route.route))
            continue
        choices = [_values(route, k, world, district) for k in route.kwargs]
        for combo in itertools.product(*choices):
            url = reverse(route.name, kwargs=dict(zip(route.kwargs, combo, strict=True)))
            out += [(route, url), (route, url + query)]
    return out


# ---------------------------------------------------------------- the sweep


def persona_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def sweep_pages(user, world, district) -> dict[str, tuple[int, set[str], str, str]]:
    """URL -> (status, every marker in the body, app, redirect target) for one persona (None: anonymous);
    the plain URLs are also requested as htmx fragments."""
    client = persona_client(user)
    seen = {}
    for route, url in urls(world, district):
        for headers in ({}, {"HX-Request": "true"}) if "?" not in url else ({},):
            response = client.get(url, headers=headers)
            found = markers(body_text(response), "PENANDA-") if response.status_code < 300 else set()
            key = url + (" [htmx]" if headers else "")
            seen[key] = (response.status_code, found, route.app, response.get("Location", ""))
    return seen


def api_operations(client) -> list[tuple[str, list[str]]]:
    from config.api import api  # the schema itself; /api/openapi.json needs a signed-in user

    schema = api.get_openapi_schema()
    return [(path, re.findall(r"{(\w+)}", path)) for path, ops in schema["paths"].items() if "get" in ops]


def api_urls(world, district) -> list[tuple[str, str]]:
    client = Client()
    query = filter_query(world, district)
    out = []
    for path, params in api_operations(client):
        app = path.split("/")[2]
        route = Route(f"{app}:api", path, params)
        choices = [_values(route, p, world, district) for p in params]
        for combo in itertools.product(*choices):
            url = path
            for p, value in zip(params, combo, strict=True):
                url = url.replace("{" + p + "}", str(value))
            out.append((app, url))
            out.append((app, url + query))
    assert len(out) > 20, "skema API tidak memuat operasi GET"
    return out


def sweep_api(user, world, district) -> dict[str, tuple[int, set[str], str]]:
    """API URL -> (status, every marker in the body, app) with the persona's bearer token (None: no token)."""
    client = Client()
    headers = {}
    if user is not None:
        _, raw = ApiToken.issue(user=user, name="sapu")
        headers = {"Authorization": f"Bearer {raw}"}
    seen = {}
    for app, url in api_urls(world, district):
        response = client.get(url, headers=headers)
        found = markers(body_text(response), "PENANDA-") if response.status_code < 300 else set()
        seen[url] = (response.status_code, found, app)
    return seen


def leaks(seen: dict, prefix: str = MARK_A, allowed: frozenset = frozenset()) -> list[str]:
    out = []
    for url, (status, found, *_rest) in seen.items():
        leaked = {m for m in found if m.startswith(prefix)} - allowed
        if leaked:
            out.append(f"{url} → {status} {sorted(leaked)}")
        elif status >= 500:
            out.append(f"{url} → {status} (galat server)")
    return out


@pytest.fixture
def world(district, kapolres, ops_user, intel_user, field_a_user):
    return sweep_data.build(district, kapolres=kapolres, ops_user=ops_user, intel_user=intel_user,
                            field_a_user=field_a_user)  # fmt: skip


# every A marker some page or API shows to Kapolres (the TNI strength note is stored but shown nowhere)
ALL_A = {
    f"{MARK_A}{kind}"
    for kind in ("AGENDA", "OPERASI", "TPS", "INTEL", "OVERRIDE", "PERSONEL", "CUTI", "POSAJU")
    + ("OBJEK", "PERIODE", "TIM", "PATROLI", "CHECKIN", "LAPORAN", "SIAGA")
    + ("BABINSA", "TOKOH", "SAMBANG", "ASPIRASI")
}


# ---------------------------------------------------------------- tests


def test_it_sends_anonymous_users_to_the_login_page_everywhere(world, district):
    seen = sweep_pages(None, world, district)
    wrong = []
    for url, (status, found, _app, location) in seen.items():
        if url.startswith(PUBLIC_PAGES):
            if status >= 500 or markers(" ".join(found)):
                wrong.append(f"{url} → {status} {sorted(found)}")
        elif status != 302 or not location.startswith("/masuk/"):
            wrong.append(f"{url} → {status} {location}")
    assert not wrong, "anonim melihat halaman selain login:\n" + "\n".join(wrong)
    assert len(seen) > 150


def test_it_refuses_every_api_get_without_a_token(world, district):
    seen = sweep_api(None, world, district)
    wrong = [f"{url} → {status}" for url, (status, _f, _a) in seen.items() if status != 401]
    assert not wrong, "API tanpa token tidak menjawab 401:\n" + "\n".join(wrong)


@pytest.mark.parametrize("persona", ["polsek_b_user", "partner_user"])
def test_it_never_shows_polsek_a_records_to_another_sector_or_a_partner(world, district, persona, request):
    user = request.getfixturevalue(persona)
    pages = sweep_pages(user, world, district)
    api = sweep_api(user, world, district)
    bad = leaks(pages) + leaks(api)
    assert not bad, f"{persona} melihat rekaman Polsek A:\n" + "\n".join(bad)


def test_polsek_b_still_sees_its_own_sector(world, district, polsek_b_user):
    pages = sweep_pages(polsek_b_user, world, district)
    found = set().union(*(f for _s, f, *_ in pages.values()))
    assert {f"{MARK_B}TPS", f"{MARK_B}PERSONEL", f"{MARK_B}OBJEK", f"{MARK_B}LAPORAN"} <= found


EXPORTS = (".csv", ".xlsx", ".pdf", "ekspor.geojson")  # files a B or partner leak would hide in
MIN_PAGE_HITS = {
    "elections": 4,
    "stations": 6,
    "risk": 2,
    "personnel": 8,
    "deployment": 10,
    "patrols": 15,
    "reports": 4,
}
MIN_API_HITS = {"elections": 1, "stations": 2, "risk": 2, "personnel": 1, "deployment": 2, "patrols": 3, "reports": 2}


def test_the_sweep_finds_every_marker_as_kapolres(world, district, kapolres):
    pages = sweep_pages(kapolres, world, district)
    api = sweep_api(kapolres, world, district)
    errors = [f"{url} → {v[0]}" for url, v in {**pages, **api}.items() if v[0] >= 500]
    assert not errors, "galat server dalam sapuan Kapolres:\n" + "\n".join(errors)
    found = set().union(*(f for _s, f, *_ in pages.values()), *(f for _s, f, _a in api.values()))
    assert found >= ALL_A, f"penanda tidak pernah tampil untuk Kapolres: {sorted(ALL_A - found)}"
    exports = [url for url, (status, *_r) in pages.items() if status == 200 and url.endswith(EXPORTS)]
    assert len(exports) >= 7 and all(markers(" ".join(pages[url][1])) for url in exports), (
        f"ekspor tanpa penanda A untuk Kapolres (dekoder rusak?): {[(u, pages[u][1]) for u in exports]}"
    )
    for seen, minimum, what in ((pages, MIN_PAGE_HITS, "halaman"), (api, MIN_API_HITS, "API")):
        for app, n in minimum.items():
            hits = [url for url, (_s, f, a, *_r) in seen.items() if a == app and markers(" ".join(f))]
            assert len(hits) >= n, f"{what} {app}: penanda A hanya di {hits} (minimal {n})"


def test_the_partner_sees_exactly_what_is_shared_with_it(world, district, kapolres, partner_user):
    report_share(report=world.objects["report"], user=kapolres, partner=district.kpu)
    world.objects["object"].shared_with.add(district.kpu)
    # an object's critical periods are shared with it (CriticalPeriod.share_field = "object__shared_with")
    shared = frozenset({f"{MARK_A}LAPORAN", f"{MARK_A}OBJEK", f"{MARK_A}PERIODE"})
    pages = sweep_pages(partner_user, world, district)
    api = sweep_api(partner_user, world, district)
    bad = leaks(pages, allowed=shared) + leaks(api, allowed=shared)
    assert not bad, "mitra melihat rekaman Polsek A yang tidak dibagikan:\n" + "\n".join(bad)
    found = set().union(*(f for _s, f, *_ in pages.values()), *(f for _s, f, _a in api.values()))
    assert shared <= found, f"mitra tidak melihat yang dibagikan: {sorted(shared - found)}"
    assert markers(" ".join(found)) == shared
