"""Patrol planner for vulnerable objects (pure Python: numpy, scipy, OR-Tools; no Django).

Patrols cover the riskiest objects more often *and* unpredictably: the defender's optimal mixed strategy of a
Stackelberg security game (ORIGAMI, Kiekintveld et al. 2009) gives each object a visit probability per period;
every period a fresh set of objects is drawn with exactly those marginals, split among the teams and routed.

Public API (stable; import from ``siaga.engine.patrols``)
-------------------------------------------------------
Inputs (frozen dataclasses; ids are ``int | str``; times are minutes of day, 0..1440):

- ``Target(id, lat=None, lon=None, risk_weight=1.0, windows=(), name="", defender_covered=None,
  defender_uncovered=None, attacker_covered=None, attacker_uncovered=None)`` - a vulnerable object. Payoffs
  default from ``risk_weight`` w >= 0: attacker uncovered = w, defender uncovered = -w, covered = 0 for both
  (``Target.payoffs`` -> ``Payoffs``). ``windows``: optional critical ``(start, end)`` windows in which a visit
  must start (``end < start`` wraps midnight). Objects without coordinates are never visited.
- ``Team(id, base_lat=None, base_lon=None, shift_start=None, shift_end=None, speed_kmh=30.0, capacity=None,
  name="")`` - ``shift_end <= shift_start`` means past midnight; ``capacity`` = visits per shift (None: config).
- ``PatrolConfig(dwell_minutes=12, visits_per_shift=6, seed=0, road_factor=1.3, route_time_limit_s=1.0)`` -
  dwell 10..15 min; ``seed`` is the secret that makes schedules reproducible yet unpredictable; travel time =
  great-circle km x ``road_factor`` / speed.

Planning:

- ``plan_patrols(targets, teams, config=None, day="", period="") -> PatrolPlan`` - resources m = sum of the
  capacities of usable teams, capped at the number of visitable objects. ``day`` (``date`` or ISO string) and
  ``period`` (e.g. "malam") seed the draw.
- ``PatrolPlan(day, period, resources, coverage: dict[id, float], sampled: list[id], routes: list[TeamRoute],
  uncovered: list[UncoveredObject], team_issues: list[TeamIssue], stats: dict)`` with ``to_dict()`` (JSON-safe;
  ``coverage`` becomes ``[[id, p], ...]`` so int ids survive) and ``PatrolPlan.from_dict(d)``; ``visited_ids()``.
- ``TeamRoute(team_id, shift_start, shift_end, depart_min, return_min, travel_km, stops: list[Stop])`` and
  ``Stop(object_id, lat, lon, arrival_min, departure_min)``; route minutes are absolute from midnight of
  ``day`` and exceed 1440 on overnight shifts.
- ``UncoveredObject(object_id, code, reason, team_id=None)`` and ``TeamIssue(team_id, code, reason)``: ``code``
  is a stable identifier from ``reasons`` (e.g. ``no_coordinates``, ``unreachable``, ``not_allocated``,
  ``out_of_shift``, ``shift_full``, ``no_team_slot``, ``team_no_shift``), ``reason`` its Bahasa Indonesia text.
  ``not_allocated``/``no_coordinates``/``unreachable`` objects are never patrolled; ``out_of_shift``,
  ``shift_full`` and ``no_team_slot`` concern only this period's draw.
- ``stats`` keys: objects, objects_eligible, teams_active, resources, sampled, visited, dropped, travel_km,
  defender_utility, attacker_utility, defender_utility_uniform, defender_utility_deterministic,
  defender_utility_all_objects, coverage_solve_s, routing_s.

Building blocks:

- ``compute_coverage(targets, resources) -> list[float]`` - ORIGAMI, exact for any real ``resources``; c_i in
  [0, 1], sum = min(resources, n).
- ``defender_utility(coverage, targets) -> float``, ``attacker_utility(...)``, ``attacker_best_response(...) ->
  int`` - against a best-responding attacker, ties broken in the defender's favour (strong Stackelberg).
  ``coverage`` is a list in target order or a mapping id -> probability.
- ``uniform_coverage(targets, resources)``, ``deterministic_coverage(targets, resources)`` - baselines.
- ``solve_coverage_lp(targets, resources) -> (coverage, value)`` - slow multiple-LP reference (validation only).
- ``draw_schedule(coverage: Mapping[id, float], seed, day, period="") -> list[id]``; ``comb_sample(p, rng)``;
  ``shift_rng(seed, day, period)``.
- ``route_team(team, targets, config) -> (TeamRoute, list[UncoveredObject])`` - OR-Tools, one team.
- ``expected_visits(coverage, periods) -> dict[id, float]`` and ``coverage_report(planned, achieved, *,
  min_ratio=0.8, min_shortfall=1.0) -> list[CoverageRow(object_id, planned, achieved, ratio, under_visited)]``.
"""

from . import reasons
from .coverage import (
    attacker_best_response,
    attacker_utility,
    compute_coverage,
    defender_utility,
    deterministic_coverage,
    uniform_coverage,
)
from .models import ObjectId, PatrolConfig, Payoffs, Target, Team
from .plan import PatrolPlan, Stop, TeamIssue, TeamRoute, UncoveredObject
from .planner import plan_patrols
from .reference import solve_coverage_lp
from .report import CoverageRow, coverage_report, expected_visits
from .routing import route_team
from .sampling import comb_sample, draw_schedule, shift_rng

__all__ = [
    "CoverageRow",
    "ObjectId",
    "PatrolConfig",
    "PatrolPlan",
    "Payoffs",
    "Stop",
    "Target",
    "Team",
    "TeamIssue",
    "TeamRoute",
    "UncoveredObject",
    "attacker_best_response",
    "attacker_utility",
    "comb_sample",
    "compute_coverage",
    "coverage_report",
    "defender_utility",
    "deterministic_coverage",
    "draw_schedule",
    "expected_visits",
    "plan_patrols",
    "reasons",
    "route_team",
    "shift_rng",
    "solve_coverage_lp",
    "uniform_coverage",
]
