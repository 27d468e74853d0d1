"""BKO matching (Bawah Kendali Operasi: personnel lent under another unit's operational control), no Django.

Polres short of personnel (their plan's ``bko_needed``) are matched to units with spare strength (Polres whose plan
leaves officers beyond posts and reserve target, a Polda's own Brimob/Samapta pool) as a transportation problem:
minimise the distance-weighted personnel moved, subject to each giver's spare strength and each receiver's need,
moving as many as the supply allows (maximum flow at minimum cost, OR-Tools ``SimpleMinCostFlow``).

Scale: a national run (~500 Polres, 34+ Polda) keeps, for each receiver, every giver of the same Polda plus the
``k_nearest`` givers across Polda borders (KD-tree on the unit sphere), so the graph has tens of thousands of arcs
and solves in well under a second. A cross-border arc's cost is multiplied by ``cross_border_factor`` (lending across
Polda needs Mabes and is the last resort).

Stable entry point (used by ``siaga.command`` and ``bench/national.py``)::

    from siaga.engine.bko import Demand, Supply, match
    result = match(demands, supplies, k_nearest=5)   # -> BkoResult(matches, unmet, spare_left, cost, stats)

``lot=30`` (an SST) or ``lot=100`` (an SSK) lends whole units only. Short supply gives a partial result:
``unmet`` per receiver and a Bahasa Indonesia ``message`` naming them.
Bad input raises ``BkoInputError`` (a ValueError) naming the bad rows."""

from .model import BkoInputError, BkoResult, Demand, Match, Supply
from .solver import candidate_arcs, match

__all__ = ["BkoInputError", "BkoResult", "Demand", "Match", "Supply", "candidate_arcs", "match"]
