"""Deployment planner ("plotting"): TPS -> posts -> officers, plus a placed reserve. Pure Python, no Django.

Public API (stable; everything else in this package is internal)::

    from siaga.engine.deployment import (
        Station, Officer, Pattern, ReserveSite, PlanConfig,      # inputs
        Plan, Post, ReserveTeam, Shortfall, Problem,              # output
        plan, replan, plan_partitioned, Partition,                # entry points
        greedy_mclp, exact_mclp, exact_staffing, MclpResult, ExactStaffing,  # reserve placement / benchmarks
        PlanInputError, InputIssue, coordinate_problem, validate_inputs,      # input checks
    )

    plan(stations, officers, patterns, sites=(), config=None) -> Plan
    replan(previous, stations, officers, patterns, sites=(), config=None) -> Plan
    plan_partitioned(partitions, config=None, workers=1) -> Iterator[(key, Plan)]

``patterns`` maps a category ("kurang_rawan", "rawan", "sangat_rawan", "khusus", or any other) to a
``Pattern(polri, tps, linmas=None)``; ``Pattern`` raises ValueError when polri < 2 (body system) or tps < 1;
linmas None means 2 per TPS. Categories without a pattern are skipped and reported (code ``pattern_missing``).

Bad input
---------
plan(), replan(), greedy_mclp(), exact_mclp() and exact_staffing() first check their input and raise
``PlanInputError`` (a ValueError; ``.issues`` is a list of ``InputIssue(kind, ref, reason)``) whose Bahasa
Indonesia message names every TPS, officer and reserve site with a NaN, infinite or out-of-range coordinate,
and every unusable setting (speed, circuity, response time <= 0 or not finite, reserve fraction outside [0, 1),
...). ``None`` remains "no location" for a TPS or an officer's home base; a reserve site needs coordinates.
``coordinate_problem(lat, lon)`` gives the reason for one point (None when usable) so that callers can clean
their rows first and tell the user which person or site was left out.

What plan() does
----------------
a. Posts. TPS are bucketed by (sector, desa, category) and each bucket is cut by recursive bisection along
   its principal axis into ceil(n / pattern.tps) parts of balanced size. Under-full posts of the same sector
   and category are then merged greedily when their centroids lie within ``merge_radius_km`` and the sum
   fits pattern.tps. A post never mixes categories or sectors and never exceeds pattern.tps. TPS without
   coordinates join a post of their desa (code ``station_no_coords``). Post.linmas = ceil(linmas x n / tps).
b./e. Strength, reserve and the shortage rule. S = available officers, target reserve R = ceil(f x S) with
   f = ``reserve_fraction``. Posts are filled in *fill order*: ``category_priority`` (default sangat rawan,
   khusus, rawan, kurang rawan), then more TPS first, then more voters, then lower post id.
     1. Posts of ``reserve_yields_to`` categories (default: sangat rawan) are staffed first;
     2. then the reserve takes min(R, what is left) -- the reserve only ever gives way to those posts;
     3. then the remaining posts in fill order.
   A post gets its full pattern or, when fewer remain, what remains if that is at least 2 (body system);
   a lone leftover officer joins the reserve. Officers left once every post is full join the reserve
   (``surplus_to_reserve=True``, default) or stay in ``Plan.unassigned_officer_ids``.
   ``bko_needed`` = the smallest k such that S + k officers staff every post fully *and* hold the full
   reserve ceil(f x (S + k)); it is 0 exactly when nothing is short. Shortfall rows (post, required,
   assigned, missing) are listed in fill order; problems ``post_understaffed``, ``reserve_below_target``
   and ``bko_needed`` explain the gap in Bahasa Indonesia.
c. Staffing. One max-flow min-cost problem (OR-tools) over officers -> slots (staffed posts and reserve
   sites). Cost = travel minutes (haversine x circuity / speed, or ``travel_fn``) + a penalty: 0 inside the
   officer's own sector (and at sector-free sites), ``pool_penalty_minutes`` for Polres-pool officers
   (sector None), ``out_of_sector_penalty_minutes`` for a Polsek officer working in another sector. Small
   instances use every pair (exact optimum of this cost); above ``dense_arc_limit`` pairs the graph keeps
   own-sector pairs, the ``candidate_posts`` nearest posts and, for everything farther, arcs to the hubs of
   the ``candidate_sectors`` nearest sectors (officer -> sector centroid -> post, then matched on true cost
   by linear_sum_assignment); a final pass refills any slot the sparse graph could not reach. Officers
   without home base start from their sector's centroid (code ``officer_no_home``).
d. Reserve placement. round(reserve / ``reserve_team_size``) teams; sites chosen by greedy maximal
   covering of located TPS in ``must_cover_categories`` reachable within ``response_minutes``, improved by
   best-swap local search and a seeded iterated local search (drop random sites, refill, swap); then, on a
   fresh plan, swaps that keep that coverage move teams to sites cheaper to man (travel + sector penalty of
   the team-size cheapest nearby officers), so a tie does not leave a team at the Mako of an undermanned
   Polsek; extra teams beyond the number of sites stack on the best-covering sites. No sites -> one team with
   site_id None (code ``reserve_no_sites``); uncovered must-cover TPS are counted (``reserve_uncovered``).

replan() reuses the pipeline; new posts inherit the id of the previous post of the same category they
overlap most, officers stay on their post or reserve site while it still has a slot for them, and only the
rest is solved again. ``Plan.moved`` counts available officers whose assignment changed;
``stats["released"]`` those who dropped out.

travel_fn(origins, destinations) -> minutes: origins (n, 2) and destinations (m, 2) are [lat, lon] arrays,
the result an (n, m) array (an OSRM /table adapter lives in the app; the engine never makes network calls).

Plan.to_dict() returns plain JSON types; Plan.from_dict() restores it. Plan.assignments() maps officer id to
("post", post_id) or ("reserve", site_id). Plan.stats holds counts, coverage and travel
(total/post/reserve km, minutes, objective incl. penalties) and runtime_s.

``joint.solve_joint`` / ``joint.joint_cost`` state the whole problem as one exact MILP (independent of the
planner's code) and score a plan under it; bench/deployment.py reports ``plan_objective_ratio_vs_exact``.

Problem codes: pattern_missing, station_no_coords, officer_no_home, post_understaffed, reserve_below_target,
bko_needed, reserve_no_sites, reserve_uncovered.
"""

from .exact import ExactStaffing, exact_staffing
from .model import Officer, Pattern, Plan, PlanConfig, Post, Problem, ReserveSite, ReserveTeam, Shortfall, Station
from .planner import Partition, plan, plan_partitioned, replan
from .reserve import MclpResult, exact_mclp, greedy_mclp
from .validation import InputIssue, PlanInputError, coordinate_problem, validate_inputs

__all__ = [
    "ExactStaffing",
    "InputIssue",
    "MclpResult",
    "Officer",
    "Partition",
    "Pattern",
    "Plan",
    "PlanConfig",
    "PlanInputError",
    "Post",
    "Problem",
    "ReserveSite",
    "ReserveTeam",
    "Shortfall",
    "Station",
    "exact_mclp",
    "coordinate_problem",
    "exact_staffing",
    "greedy_mclp",
    "plan",
    "plan_partitioned",
    "replan",
    "validate_inputs",
]
