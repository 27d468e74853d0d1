"""The Pilkades board's rows as HTML, built in Python: a 300-desa board is 300 rows of a dozen cells and three
status selects, which the template engine renders an order of magnitude slower than plain string building.
Every value is escaped here (django.utils.html.escape)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from siaga.coordination.models import PilkadesDesa


def _options(choices) -> dict[str, str]:
    """value → the <option> list with that value selected, built once per request."""
    out = {}
    for selected, _ in choices:
        out[selected] = "".join(
            f'<option value="{escape(v)}"{" selected" if v == selected else ""}>{escape(label)}</option>'
            for v, label in choices
        )
    return out


def board_rows_html(rows: list[dict], *, can_update: bool, csrf_token: str) -> SafeString:
    voting = dict(PilkadesDesa.Voting.choices)
    counting = dict(PilkadesDesa.Counting.choices)
    result = dict(PilkadesDesa.Result.choices)
    if can_update:
        voting_opts = _options(PilkadesDesa.Voting.choices)
        counting_opts = _options(PilkadesDesa.Counting.choices)
        result_opts = _options(PilkadesDesa.Result.choices)
        url = reverse("coordination:desa_status", args=[0])
        csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
    out = []
    for item in rows:
        r = item["row"]
        candidates = "<br>".join(f"{n}. {escape(name)}" for n, name in item["candidates"])
        category = (
            f"{escape(item['category'])} ({item['rawan_tps']} TPS)"
            if item["category"]
            else '<span class="muted">-</span>'
        )
        outcome = escape(result[r.result]) + (f" (no. {r.winner_number})" if r.winner_number else "")
        cells = [
            f'<td>{escape(r.desa.name)}<br><span class="muted">{escape(r.desa.parent.name)}</span></td>',
            f"<td>{escape(r.unit.name)}</td>",
            f"<td>{candidates}</td>",
            f'<td class="num">{item["tps"]}</td>',
            f'<td class="num">{item["dpt"]}</td>',
            f"<td>{category}</td>",
            f'<td class="num">{item["visits"]}</td>',
            f'<td class="num">{item["briefings"]}</td>',
            f"<td>{escape(item['deployment'] or '-')}</td>",
            f'<td class="num">{item["incidents"]}</td>',
            f"<td>{escape(voting[r.voting])}</td>",
            f"<td>{escape(counting[r.counting])}</td>",
            f"<td>{outcome}</td>",
        ]
        if can_update:
            action = url.replace("/0/", f"/{r.pk}/")
            cells.append(
                f'<td><form method="post" action="{action}" class="inline">{csrf}'
                f'<select name="voting" aria-label="Pemungutan">{voting_opts[r.voting]}</select> '
                f'<select name="counting" aria-label="Penghitungan">{counting_opts[r.counting]}</select> '
                f'<select name="result" aria-label="Hasil">{result_opts[r.result]}</select> '
                '<button type="submit" class="secondary">Simpan</button></form></td>'
            )
        out.append(f'<tr id="desa-{r.pk}">{"".join(cells)}</tr>')
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
