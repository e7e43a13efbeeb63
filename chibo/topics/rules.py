"""Rules of thematic meetings (sinh hoạt chuyên đề). Pure functions: plain values in, plain values out.

Sources (DOMAIN.md "Cell meetings"; seed 002): a thematic meeting at least once a quarter (Chỉ thị 50-CT/TW,
Hướng dẫn 42-HD/BTCTW; ``values["meetings"]["thematic_per_quarter"]`` of the rule set in force); the topic is
registered by the cell for each quarter, approved by the cell committee before it goes to members, consolidated
into the committee's annual plan; a committee member attends, supervises and evaluates (seed 002). The deadline
for registering and the thresholds of the category balance are the committee's own settings (seed 002 names no
figure): they warn, they never block.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}  # quarters as the Party's documents write them


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    PLANNED = "planned"
    HELD = "held"
    EVALUATED = "evaluated"


# Which step leads from which status (seed 002: the cell committee approves before the topic goes to members;
# the office puts approved topics into the plan; a topic is held once approved). A returned topic is edited and
# submitted again; an approved one may still be returned by the committee's office before it is planned.
TRANSITIONS: Mapping[str, Mapping[Status, frozenset[Status]]] = {
    "submit": {Status.SUBMITTED: frozenset({Status.DRAFT, Status.RETURNED})},
    "approve": {Status.APPROVED: frozenset({Status.SUBMITTED})},
    "return": {Status.RETURNED: frozenset({Status.SUBMITTED, Status.APPROVED})},
    "plan": {Status.PLANNED: frozenset({Status.APPROVED})},
    "hold": {Status.HELD: frozenset({Status.APPROVED, Status.PLANNED})},
    "evaluate": {Status.EVALUATED: frozenset({Status.HELD})},
}
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
# Counted as registered with the committee: sent and not sent back.
REGISTERED = frozenset({Status.SUBMITTED, Status.APPROVED, Status.PLANNED, Status.HELD, Status.EVALUATED})
APPROVED_OR_LATER = frozenset({Status.APPROVED, Status.PLANNED, Status.HELD, Status.EVALUATED})
HELD_OR_LATER = frozenset({Status.HELD, Status.EVALUATED})


def next_status(step: str, current: str) -> Status | None:
    """The status ``step`` leads to from ``current``, or None when the step is not allowed from there."""
    for target, sources in TRANSITIONS[step].items():
        if Status(current) in sources:
            return target
    return None


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of a quarter."""
    if not 1 <= quarter <= 4:
        raise ValueError(quarter)
    first = datetime.date(year, 3 * quarter - 2, 1)
    after = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return first, after - datetime.timedelta(days=1)


def registration_deadline(*, year: int, quarter: int, deadline_day: int) -> datetime.date:
    """The last day to register a quarter's topic: the committee's day of the month before the quarter (seed 002's
    practice, "for example the 20th of the month before"); the last day of that month when it is shorter."""
    first, _last = quarter_bounds(year, quarter)
    month_before_last = first - datetime.timedelta(days=1)
    return month_before_last.replace(day=min(max(deadline_day, 1), month_before_last.day))


def is_late(*, submitted_on: datetime.date, deadline: datetime.date) -> bool:
    return submitted_on > deadline


class QuarterState(enum.StrEnum):
    """What a cell's quarter shows in the committee's compliance table."""

    EVALUATED = "evaluated"  # held and evaluated by the assigned committee member
    HELD = "held"  # held, no evaluation yet
    APPROVED = "approved"  # approved (or planned), not yet held
    REGISTERED = "registered"  # sent, awaiting the cell committee
    MISSED = "missed"  # the quarter is over without a thematic meeting held
    NONE = "none"  # nothing registered yet, quarter not over
    INACTIVE = "inactive"  # the cell did not exist in the quarter


@dataclass(frozen=True)
class QuarterFacts:
    registered: int
    approved: int
    held: int
    evaluated: int


def quarter_state(facts: QuarterFacts, *, over: bool, required: int) -> QuarterState:
    """The state of a cell's quarter: ``required`` thematic meetings a quarter (rule set in force: at least one)."""
    if facts.held >= max(required, 1):
        return QuarterState.EVALUATED if facts.evaluated >= facts.held else QuarterState.HELD
    if over:
        return QuarterState.MISSED
    if facts.approved:
        return QuarterState.APPROVED
    if facts.registered:
        return QuarterState.REGISTERED
    return QuarterState.NONE


@dataclass(frozen=True)
class Balance:
    code: str
    count: int
    share: float | None  # percent of all topics, None when there are none
    low: bool  # below the committee's minimum share for a category it watches
    high: bool  # above the committee's maximum share


def category_balance(
    counts: Mapping[str, int], *, watched: Iterable[str], min_share: float, max_share: float
) -> list[Balance]:
    """Each category's count and share of the total, flagged when a watched category falls below ``min_share`` %
    or any category rises above ``max_share`` % (seed 002: "too heavy on professional tasks; too few on party
    building and Hồ Chí Minh"). Shares are exact: 19 of 205 is 9.268… %. No topic at all flags nothing."""
    total = sum(counts.values())
    watched_codes = set(watched)
    result = []
    for code, count in counts.items():
        share = 100 * count / total if total else None
        result.append(
            Balance(
                code=code,
                count=count,
                share=share,
                low=share is not None and code in watched_codes and share < min_share,
                high=share is not None and share > max_share,
            )
        )
    return result


@dataclass(frozen=True)
class Criterion:
    name: str
    maximum: int


def evaluation_problems(
    criteria: Sequence[Criterion], scores: Mapping[str, int | None]
) -> list[tuple[str, str]]:
    """What is wrong with an evaluation's scores: (criterion, "missing" | "out_of_range") for each criterion
    without a score or with one outside 0..maximum."""
    problems = []
    for criterion in criteria:
        score = scores.get(criterion.name)
        if score is None:
            problems.append((criterion.name, "missing"))
        elif not 0 <= score <= criterion.maximum:
            problems.append((criterion.name, "out_of_range"))
    return problems


def parse_criteria(text: str) -> tuple[list[Criterion], list[int]]:
    """The committee's criteria written one a line, "name | maximum score". Returns the criteria and the numbers
    of the lines that could not be read."""
    criteria, bad = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, sep, raw = line.rpartition("|")
        try:
            maximum = int(raw.strip())
        except ValueError:
            maximum = 0
        if not sep or not name.strip() or maximum <= 0:
            bad.append(number)
            continue
        criteria.append(Criterion(name.strip(), maximum))
    return criteria, bad
