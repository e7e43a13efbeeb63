"""What the committee sees of its cells' thematic meetings (issue "What the committee sees"): for every cell and
quarter of a year, registered, approved, held, evaluated, and the cells that missed a quarter; and the topics by
category over any period and subtree, with the imbalance that seed 002 complains of flagged.

Both aggregate in the database and run a fixed number of queries whatever the number of cells and topics
(DESIGN.md "Scale and budgets": within 1.5x of one hand-written SQL query, ``bench/topics_reports.py``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, Q
from django.utils import timezone

from chibo.core.memory import no_cyclic_gc
from chibo.core.queries import plain_rows
from chibo.organizations.access import Action, require
from chibo.organizations.models import Organization
from chibo.rulesets.models import RuleSet
from chibo.topics import rules
from chibo.topics.models import Topic, TopicCategory
from chibo.topics.selectors import settings_for

CELL_KINDS = (Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL)
QUARTERS = (1, 2, 3, 4)
STEP = Organization.steplen


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass(slots=True)
class QuarterCell:
    state: str
    topic_id: int | None = None
    registered: int = 0
    approved: int = 0
    held: int = 0
    evaluated: int = 0
    late: int = 0


@dataclass(slots=True)
class CellRow:
    id: int
    name: str
    parent_id: int | None
    parent_name: str
    quarters: list[QuarterCell]

    @property
    def missed(self) -> int:
        return sum(q.state == rules.QuarterState.MISSED for q in self.quarters)


@dataclass(slots=True)
class QuarterSummary:
    quarter: int
    over: bool
    required: int
    active: int = 0
    registered: int = 0
    approved: int = 0
    held: int = 0
    evaluated: int = 0
    late: int = 0
    missed: int = 0


@dataclass
class Compliance:
    unit: Organization
    year: int
    rows: list[CellRow]
    summary: list[QuarterSummary]

    @property
    def cells_missed(self) -> list[CellRow]:
        return [r for r in self.rows if r.missed]


def _quarter_active(
    founded_on: Any, dissolved_on: Any, bounds: list[tuple[datetime.date, datetime.date]]
) -> list[bool]:
    """For each quarter (its first and last day in ``bounds``): did the cell exist in it?"""
    return [
        (founded_on is None or founded_on <= last) and (dissolved_on is None or dissolved_on >= first)
        for first, last in bounds
    ]


def _required_per_quarter(year: int) -> list[int]:
    """How many thematic meetings a quarter asks for, from the rule set in force on the quarter's first day (one
    query for all four; no rule set: the Party's one a quarter)."""
    sets = list(RuleSet.objects.order_by("effective_from").values_list("effective_from", "values"))
    required = []
    for quarter in QUARTERS:
        first, _last = rules.quarter_bounds(year, quarter)
        values = next((v for day, v in reversed(sets) if day <= first), None) or {}
        required.append(int(values.get("meetings", {}).get("thematic_per_quarter", 1)))
    return required


def compliance(
    *, actor: Any, unit: Organization, year: int, today: datetime.date | None = None
) -> Compliance:
    """For every cell under ``unit`` active in ``year`` and every quarter: the topics registered, approved, held and
    evaluated, the registrations sent late, and the state (missed when the quarter is over without a thematic
    meeting held). Four queries: the rule sets, the cells, their parents, one aggregate over topics grouped by
    cell, the quarters side by side."""
    require(actor, Action.VIEW_UNIT, unit)
    today = today or timezone.localdate()
    required = _required_per_quarter(year)
    bounds = [rules.quarter_bounds(year, q) for q in QUARTERS]
    summary = [
        QuarterSummary(q, over=last < today, required=required[q - 1])
        for q, (_first, last) in zip(QUARTERS, bounds, strict=True)
    ]
    with no_cyclic_gc():
        rows = _cell_rows(unit, year, summary, bounds)
    return Compliance(unit=unit, year=year, rows=rows, summary=summary)


def _cell_rows(
    unit: Organization,
    year: int,
    summary: list[QuarterSummary],
    bounds: list[tuple[datetime.date, datetime.date]],
) -> list[CellRow]:
    """The cells with their quarters laid out, the summary counted as they are: three queries."""
    first, after = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    cells = list(
        Organization.objects.filter(path__startswith=unit.path, kind__in=CELL_KINDS)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lt=after))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=first))
        .order_by("path")
        .values_list("id", "name", "path", "founded_on", "dissolved_on")
    )
    parents = {
        path: (pk, name)
        for pk, path, name in Organization.objects.filter(
            path__in={c[2][:-STEP] for c in cells if len(c[2]) > STEP}
        ).values_list("id", "path", "name")
    }
    # One row per cell, the four quarters side by side: a quarter as many rows to send and to read as one row per
    # cell and quarter, for the same figures.
    figures: dict[str, Any] = {}
    for q in QUARTERS:
        of_quarter = Q(quarter=q)
        figures[f"registered_{q}"] = Count("id", filter=of_quarter & Q(status__in=rules.REGISTERED))
        figures[f"approved_{q}"] = Count("id", filter=of_quarter & Q(status__in=rules.APPROVED_OR_LATER))
        figures[f"held_{q}"] = Count("id", filter=of_quarter & Q(status__in=rules.HELD_OR_LATER))
        figures[f"evaluated_{q}"] = Count("id", filter=of_quarter & Q(status=rules.Status.EVALUATED))
        figures[f"late_{q}"] = Count("id", filter=of_quarter & Q(late=True, status__in=rules.REGISTERED))
        figures[f"first_id_{q}"] = Min("id", filter=of_quarter)
    aggregate = (
        Topic.objects.filter(organization_path__startswith=unit.path, year=year)
        .values_list("organization_id")
        .annotate(**figures)
        .order_by()
    )
    facts = {r[0]: r[1:] for r in plain_rows(aggregate)}
    # The layout is the report's only work in Python, once per cell and quarter: the quarters' bounds are known
    # once, a cell that existed in every quarter skips the dates, and the state of a quarter, which depends only on
    # its five counts, is worked out once for each combination found; the summary adds up the combinations.
    always = [True] * len(QUARTERS)
    nothing = (0, 0, 0, 0, 0, None) * len(QUARTERS)
    found_in: list[dict[tuple[int, ...], list[Any]]] = [{} for _ in QUARTERS]  # counts -> [state, cells]
    columns = list(zip(summary, range(0, 6 * len(QUARTERS), 6), found_in, strict=True))
    rows = []
    for pk, name, path, founded_on, dissolved_on in cells:
        existed = (founded_on is None or founded_on <= bounds[0][1]) and (
            dissolved_on is None or dissolved_on >= bounds[-1][0]
        )
        actives = always if existed else _quarter_active(founded_on, dissolved_on, bounds)
        figures_of_cell = facts.get(pk, nothing)
        quarters = []
        for (total, at, combinations), active in zip(columns, actives, strict=True):
            if not active:
                quarters.append(QuarterCell(rules.QuarterState.INACTIVE))
                continue
            counts = figures_of_cell[at : at + 5]  # registered, approved, held, evaluated, late
            seen = combinations.get(counts)
            if seen is None:
                state = rules.quarter_state(
                    rules.QuarterFacts(*counts[:4]), over=total.over, required=total.required
                )
                seen = combinations[counts] = [state, 0]
            seen[1] += 1
            quarters.append(QuarterCell(seen[0], figures_of_cell[at + 5], *counts))
        parent_id, parent_name = parents.get(path[:-STEP], (None, ""))
        rows.append(CellRow(pk, name, parent_id, parent_name, quarters))
    for total, combinations in zip(summary, found_in, strict=True):
        for (registered, approved, _held, _evaluated, late), (state, n) in combinations.items():
            total.active += n
            total.registered += n if registered else 0
            total.approved += n if approved else 0
            total.held += n if state in (rules.QuarterState.HELD, rules.QuarterState.EVALUATED) else 0
            total.evaluated += n if state == rules.QuarterState.EVALUATED else 0
            total.late += n if late else 0
            total.missed += n if state == rules.QuarterState.MISSED else 0
    return rows


# ------------------------------------------------------------------------------------- topics by category


class Basis:
    HELD = "held"  # topics held at a meeting (seed 002's "chosen to hold")
    REGISTERED = "registered"  # topics registered with the committee, held or not


@dataclass(slots=True)
class CategoryRow:
    category: TopicCategory
    count: int
    share: float | None
    low: bool
    high: bool

    @property
    def share_text(self) -> str:
        return "—" if self.share is None else f"{self.share:.1f}".replace(".", ",")


@dataclass
class Categories:
    unit: Organization
    start: tuple[int, int]  # (year, quarter)
    end: tuple[int, int]
    basis: str
    rows: list[CategoryRow]
    min_share: int
    max_share: int
    total: int = field(init=False)

    def __post_init__(self) -> None:
        self.total = sum(r.count for r in self.rows)

    @property
    def flagged(self) -> list[CategoryRow]:
        return [r for r in self.rows if r.low or r.high]

    @property
    def widest(self) -> int:
        return max((r.count for r in self.rows), default=0)


def period_filter(start: tuple[int, int], end: tuple[int, int]) -> Q:
    """Topics from quarter ``start`` to quarter ``end`` (both (year, quarter), inclusive)."""
    (y1, q1), (y2, q2) = start, end
    after_start = Q(year__gt=y1) | Q(year=y1, quarter__gte=q1)
    before_end = Q(year__lt=y2) | Q(year=y2, quarter__lte=q2)
    return after_start & before_end


def categories(
    *, actor: Any, unit: Organization, start: tuple[int, int], end: tuple[int, int], basis: str = Basis.HELD
) -> Categories:
    """The number of topics of each category held (or registered) under ``unit`` from quarter ``start`` to quarter
    ``end``, their shares, and the flags of the committee's thresholds (``rules.category_balance``). Three
    queries: the committee's settings, the categories, one aggregate over topics."""
    require(actor, Action.VIEW_UNIT, unit)
    chosen = settings_for(unit)
    statuses = rules.HELD_OR_LATER if basis == Basis.HELD else rules.REGISTERED
    counted = dict(
        Topic.objects.filter(organization_path__startswith=unit.path, status__in=statuses)
        .filter(period_filter(start, end))
        .values_list("category_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = list(TopicCategory.objects.all())
    shown = [c for c in found if c.active or counted.get(c.pk)]
    balance = rules.category_balance(
        {str(c.pk): counted.get(c.pk, 0) for c in shown},
        watched=[str(c.pk) for c in shown if c.watched],
        min_share=chosen.min_share,
        max_share=chosen.max_share,
    )
    rows = [CategoryRow(c, b.count, b.share, b.low, b.high) for c, b in zip(shown, balance, strict=True)]
    return Categories(unit, start, end, basis, rows, chosen.min_share, chosen.max_share)


# ---------------------------------------------------------------------------------------- labels, shared


def state_label(state: str) -> str:
    """The words of a quarter's state, for the page and the files."""
    from django.utils.translation import gettext as _

    return {
        rules.QuarterState.EVALUATED: _("Đã sinh hoạt, đã đánh giá"),
        rules.QuarterState.HELD: _("Đã sinh hoạt, chưa đánh giá"),
        rules.QuarterState.APPROVED: _("Đã duyệt, chưa sinh hoạt"),
        rules.QuarterState.REGISTERED: _("Đã đăng ký, chờ duyệt"),
        rules.QuarterState.MISSED: _("Không sinh hoạt chuyên đề"),
        rules.QuarterState.NONE: _("Chưa đăng ký"),
        rules.QuarterState.INACTIVE: "—",
    }[rules.QuarterState(state)]


def flag_label(row: CategoryRow, report: Categories) -> str:
    from django.utils.translation import gettext as _

    if row.low:
        return _("Thấp hơn mức tối thiểu %(n)s %%") % {"n": report.min_share}
    if row.high:
        return _("Cao hơn mức tối đa %(n)s %%") % {"n": report.max_share}
    return ""


def period_label(start: tuple[int, int], end: tuple[int, int]) -> str:
    from django.utils.translation import gettext as _

    roman = rules.ROMAN
    return _("từ quý %(q1)s/%(y1)s đến quý %(q2)s/%(y2)s") % {
        "q1": roman[start[1]],
        "y1": start[0],
        "q2": roman[end[1]],
        "y2": end[0],
    }
