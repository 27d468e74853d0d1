"""Result dataclasses of the planner; ``PatrolPlan.to_dict``/``from_dict`` give a JSON-safe round trip."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .models import ObjectId
from .reasons import message


@dataclass(frozen=True)
class Stop:
    """One visit on a route; minutes are absolute from midnight of the plan day (may exceed 1440)."""

    object_id: ObjectId
    lat: float
    lon: float
    arrival_min: int
    departure_min: int


@dataclass(frozen=True)
class TeamRoute:
    """A team's shift: leave the base, visit ``stops`` in order, come back."""

    team_id: ObjectId
    shift_start: int
    shift_end: int
    depart_min: int
    return_min: int
    travel_km: float
    stops: list[Stop] = field(default_factory=list)


@dataclass(frozen=True)
class UncoveredObject:
    """An object the plan does not visit (ever, or on this shift), with a reason code and Bahasa text."""

    object_id: ObjectId
    code: str
    reason: str
    team_id: ObjectId | None = None

    @classmethod
    def of(cls, object_id: ObjectId, code: str, team_id: ObjectId | None = None) -> UncoveredObject:
        return cls(object_id=object_id, code=code, reason=message(code), team_id=team_id)


@dataclass(frozen=True)
class TeamIssue:
    """A team that cannot (fully) take part, with a reason code and Bahasa text."""

    team_id: ObjectId
    code: str
    reason: str

    @classmethod
    def of(cls, team_id: ObjectId, code: str) -> TeamIssue:
        return cls(team_id=team_id, code=code, reason=message(code))


@dataclass(frozen=True)
class PatrolPlan:
    """The plan of one day/period.

    ``coverage``: object id -> probability of a visit per period (0 for objects that can never be visited).
    ``sampled``: ids drawn for this period. ``uncovered``: objects with coverage 0 and sampled objects that no
    route could take. ``stats``: numbers for display (utilities, counts, timings).
    """

    day: str
    period: str
    resources: int
    coverage: dict[ObjectId, float]
    sampled: list[ObjectId]
    routes: list[TeamRoute]
    uncovered: list[UncoveredObject]
    team_issues: list[TeamIssue]
    stats: dict[str, float | int]

    def visited_ids(self) -> list[ObjectId]:
        return [stop.object_id for route in self.routes for stop in route.stops]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["coverage"] = [[object_id, prob] for object_id, prob in self.coverage.items()]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PatrolPlan:
        routes = [_route_from_dict(route) for route in data["routes"]]
        return cls(
            day=data["day"],
            period=data.get("period", ""),
            resources=int(data["resources"]),
            coverage={object_id: float(prob) for object_id, prob in data["coverage"]},
            sampled=list(data["sampled"]),
            routes=routes,
            uncovered=[UncoveredObject(**item) for item in data["uncovered"]],
            team_issues=[TeamIssue(**item) for item in data["team_issues"]],
            stats=dict(data["stats"]),
        )


def _route_from_dict(data: dict[str, Any]) -> TeamRoute:
    stops = [Stop(**stop) for stop in data["stops"]]
    return TeamRoute(**{**data, "stops": stops})
