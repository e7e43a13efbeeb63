"""The quality-review roll-up over the province (``chibo.work.quality.summary``: per unit directly below, the active
members, the self-assessments handed in, proposed and decided, and the decided levels), timed against one
hand-written SQL query computing the same figures over the same tables.

Usage:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/quality_review.py
Builds, once (idempotent: nothing is written when the province already has annual reviews of 2026), on top of
bench/province.py's province (~9,000 cells, 200,000 members): one annual review from 2022 to 2026 for about 97 % of
the active members (none before the year a member was admitted), and one for every cell itself. Levels about 15 %
excellent, 70 % good, 13 % done, 2 % not done, with points, tasks and the level the rules allow consistent with
them (checked against ``rules.review_level``); every review of 2022–2025 decided, those of 2026 mostly decided,
some proposed by the cell, some only handed in, a few still drafts. About 1,000,000 rows, written with bulk_create
in batches with the cyclic garbage collector paused: about 8.5 minutes.
Measured: the roll-up of 2026 for the whole province and for one grassroots committee, each against two
hand-written statements (the faster taken), once the figures are checked identical; the number of queries the
roll-up runs is printed (it is the same whatever the size).
Budget (DESIGN.md): the roll-up within 1.5x of the hand-written query.
"""

import datetime
import random
import statistics
import time
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from province import build  # noqa: I001  (sets Django up)

from chibo.core.memory import no_cyclic_gc
from chibo.members.models import Member
from chibo.organizations.models import Organization
from chibo.work import quality, rules
from chibo.work.models import QualityReview

FIRST_YEAR, LAST_YEAR = 2022, 2026
YEAR = LAST_YEAR  # the roll-up's year
REVIEWED = 0.97  # the share of active members with a review of the year
LEVELS = {rules.EXCELLENT: 15, rules.GOOD: 70, rules.DONE: 13, rules.NOT_DONE: 2}
# The points each level's reviews get (total, in half points): the ranges of the scale (90 / 70 / 50).
POINTS = {
    rules.EXCELLENT: (90, 100),
    rules.GOOD: (70, 89.5),
    rules.DONE: (50, 69.5),
    rules.NOT_DONE: (35, 49.5),
}
# The stages of 2026's reviews: a member's, and a cell's own (handed in is its proposal to the committee).
MEMBER_STAGES = {"decided": 82, "proposed": 9, "submitted": 6, "draft": 3}
CELL_STAGES = {"decided": 88, "submitted": 9, "draft": 3}
Stage = QualityReview.Stage
STEP = Organization.steplen


def aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def facts_for(rng: random.Random, level: str, *, collective: bool) -> rules.ReviewFacts:
    """Points and tasks that give ``level`` under the rules: every task on time for excellent and good, at least
    30 % exceeded for excellent, for a unit at most one task in five late when done."""
    low, high = POINTS[level]
    total = Decimal(rng.randint(int(2 * low), int(2 * high))) / 2
    general = min(
        Decimal(30), max(total - 70, (total * Decimal("0.3") + rng.choice([-2, -1, 0, 1])).quantize(1))
    )
    tasks = rng.randint(5, 10)
    exceeded = rng.randint(-(-tasks * 3 // 10), tasks) if level == rules.EXCELLENT else rng.randint(0, 2)
    late = 0
    if level == rules.DONE:
        late = rng.choice([0, 0, 1]) if collective else rng.choice([0, 1, 1, 2])
    elif level == rules.NOT_DONE:
        late = rng.randint(1, 3)
    return rules.ReviewFacts(
        general_points=general,
        task_points=total - general,
        tasks_total=tasks,
        tasks_late=late,
        tasks_exceeded=exceeded,
        collective=collective,
    )


def review_for(rng, values, *, member_id, cell, year, stage, decision) -> QualityReview:
    """One annual review at ``stage``, its paths set as QualityReview.save() sets them (bulk_create skips save)."""
    pk, path = cell
    collective = member_id is None
    level = pick(rng, LEVELS)
    facts = facts_for(rng, level, collective=collective)
    allowed = rules.review_level(facts, values).level
    assert allowed == level, (level, allowed, facts)
    review = QualityReview(
        member_id=member_id,
        organization_id=pk,
        organization_path=path,
        deciding_path=path[:-STEP],
        year=year,
        quarter=0,
        stage=stage,
        general_points=facts.general_points,
        task_points=facts.task_points,
        tasks_total=facts.tasks_total,
        tasks_late=facts.tasks_late,
        tasks_exceeded=facts.tasks_exceeded,
        strengths="Chấp hành nghiêm chủ trương của Đảng, hoàn thành nhiệm vụ được giao.",
        weaknesses="Có lúc chưa chủ động đề xuất giải pháp." if level != rules.EXCELLENT else "",
        self_level=level,
        allowed_level=level,
    )
    handed_in = datetime.date(year, 12, rng.randint(1, 10))
    if stage != Stage.DRAFT:
        review.submitted_at = aware(handed_in)
        if collective:
            review.proposed_level = level
    if stage in (Stage.PROPOSED, Stage.DECIDED) and not collective:
        review.proposed_level = level
        review.proposed_at = aware(handed_in + datetime.timedelta(days=5), 16)
    if stage == Stage.DECIDED:
        number, day = decision
        review.decided_level, review.decision_number, review.decided_on = level, number, day
        review.decided_at = aware(day, 15)
    return review


def build_reviews(root: Organization) -> None:
    reviews = QualityReview.objects.filter(organization_path__startswith=root.path)
    if reviews.filter(year=LAST_YEAR, quarter=0).exists():
        return
    started = time.perf_counter()
    rng = random.Random(LAST_YEAR)
    cells = dict(  # the province's cells, two levels below it
        Organization.objects.filter(path__startswith=root.path, depth=root.depth + 2)
        .order_by("path")
        .values_list("id", "path")
    )
    members = list(
        Member.objects.filter(organization_path__startswith=root.path, status__in=Member.ACTIVE_STATUSES)
        .order_by("id")
        .values_list("id", "organization_id", "admitted_on")
    )
    written = 0
    with transaction.atomic(), no_cyclic_gc():
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            values = quality.review_values(year, 0)
            # One decision per grassroots committee and year, on its members' and cells' reviews.
            decisions = {
                path: (f"{100 + i}-QĐ/ĐU", datetime.date(year, 12, 20) + datetime.timedelta(days=i % 10))
                for i, path in enumerate(sorted({p[:-STEP] for p in cells.values()}))
            }
            last = year == LAST_YEAR
            batch = []
            for member_id, cell_id, admitted_on in members:
                if admitted_on.year > year or rng.random() >= REVIEWED:
                    continue
                cell = (cell_id, cells[cell_id])
                stage = pick(rng, MEMBER_STAGES) if last else Stage.DECIDED
                decision = decisions[cell[1][:-STEP]]
                batch.append(
                    review_for(
                        rng, values, member_id=member_id, cell=cell, year=year, stage=stage, decision=decision
                    )
                )
                if len(batch) == 20_000:
                    QualityReview.objects.bulk_create(batch, batch_size=5000)
                    written += len(batch)
                    batch = []
            for cell in cells.items():
                stage = pick(rng, CELL_STAGES) if last else Stage.DECIDED
                decision = decisions[cell[1][:-STEP]]
                batch.append(
                    review_for(
                        rng, values, member_id=None, cell=cell, year=year, stage=stage, decision=decision
                    )
                )
            QualityReview.objects.bulk_create(batch, batch_size=5000)
            written += len(batch)
            print(f"  {year}: {written} reviews written, {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"built {written} annual reviews of {FIRST_YEAR}–{LAST_YEAR} in {time.perf_counter() - started:.1f} s"
    )


# The values the hand-written queries spell out: the statuses of an active member and the scale's levels, best first.
ACTIVE = ("probationary", "full", "exempt", "temporary_elsewhere")
CODES = ["excellent", "good", "done", "not_done"]
assert tuple(Member.ACTIVE_STATUSES) == ACTIVE

# The same figures as quality.summary, one row per unit directly below (in the order of the tree): its active
# members, and its members' reviews of the period handed in (every stage but draft), proposed (proposed or
# decided), decided, and decided at each level. Each table grouped by the unit's branch of the path.
BY_BRANCH_SQL = """
WITH m AS (
    SELECT substr(organization_path, 1, %(depth)s) AS branch, COUNT(*) AS members
    FROM members_member
    WHERE organization_path LIKE %(prefix)s AND status IN ('probationary', 'full', 'exempt', 'temporary_elsewhere')
    GROUP BY 1
), r AS (
    SELECT substr(organization_path, 1, %(depth)s) AS branch,
           COUNT(*) AS submitted,
           COUNT(*) FILTER (WHERE stage IN ('proposed', 'decided')) AS proposed,
           COUNT(*) FILTER (WHERE stage = 'decided') AS decided,
           COUNT(*) FILTER (WHERE stage = 'decided' AND decided_level = 'excellent') AS excellent,
           COUNT(*) FILTER (WHERE stage = 'decided' AND decided_level = 'good') AS good,
           COUNT(*) FILTER (WHERE stage = 'decided' AND decided_level = 'done') AS done,
           COUNT(*) FILTER (WHERE stage = 'decided' AND decided_level = 'not_done') AS not_done
    FROM work_qualityreview
    WHERE organization_path LIKE %(prefix)s AND year = %(year)s AND quarter = %(quarter)s
      AND member_id IS NOT NULL AND stage <> 'draft'
    GROUP BY 1
)
SELECT c.id, c.name, COALESCE(m.members, 0), COALESCE(r.submitted, 0), COALESCE(r.proposed, 0),
       COALESCE(r.decided, 0), COALESCE(r.excellent, 0), COALESCE(r.good, 0), COALESCE(r.done, 0),
       COALESCE(r.not_done, 0)
FROM organizations_organization c
LEFT JOIN m ON m.branch = c.path
LEFT JOIN r ON r.branch = c.path
WHERE c.path LIKE %(prefix)s AND c.depth = %(child_depth)s
ORDER BY c.path
"""

# The same figures, each table grouped first by the whole path (the cell: no substring per row), the cells' counts
# then added up by branch.
BY_CELL_SQL = """
WITH m AS (
    SELECT substr(path, 1, %(depth)s) AS branch, SUM(n)::int AS members
    FROM (
        SELECT organization_path AS path, COUNT(*) AS n
        FROM members_member
        WHERE organization_path LIKE %(prefix)s
          AND status IN ('probationary', 'full', 'exempt', 'temporary_elsewhere')
        GROUP BY 1
    ) cells
    GROUP BY 1
), r AS (
    SELECT substr(path, 1, %(depth)s) AS branch, SUM(submitted)::int AS submitted, SUM(proposed)::int AS proposed,
           SUM(decided)::int AS decided, SUM(excellent)::int AS excellent, SUM(good)::int AS good,
           SUM(done)::int AS done, SUM(not_done)::int AS not_done
    FROM (
        SELECT organization_path AS path,
               COUNT(*) AS submitted,
               COUNT(*) FILTER (WHERE stage IN ('proposed', 'decided')) AS proposed,
               COUNT(*) FILTER (WHERE stage = 'decided') AS decided,
               COUNT(*) FILTER (WHERE stage = 'decided' AND decided_level = 'excellent') AS excellent,
               COUNT(*) FILTER (WHERE stage = 'decided' AND decided_level = 'good') AS good,
               COUNT(*) FILTER (WHERE stage = 'decided' AND decided_level = 'done') AS done,
               COUNT(*) FILTER (WHERE stage = 'decided' AND decided_level = 'not_done') AS not_done
        FROM work_qualityreview
        WHERE organization_path LIKE %(prefix)s AND year = %(year)s AND quarter = %(quarter)s
          AND member_id IS NOT NULL AND stage <> 'draft'
        GROUP BY 1
    ) cells
    GROUP BY 1
)
SELECT c.id, c.name, COALESCE(m.members, 0), COALESCE(r.submitted, 0), COALESCE(r.proposed, 0),
       COALESCE(r.decided, 0), COALESCE(r.excellent, 0), COALESCE(r.good, 0), COALESCE(r.done, 0),
       COALESCE(r.not_done, 0)
FROM organizations_organization c
LEFT JOIN m ON m.branch = c.path
LEFT JOIN r ON r.branch = c.path
WHERE c.path LIKE %(prefix)s AND c.depth = %(child_depth)s
ORDER BY c.path
"""

HANDS = [("by branch", BY_BRANCH_SQL), ("by cell", BY_CELL_SQL)]


def timed_together(funcs, runs=15):
    """Median and best time of each function in ms. The runs are interleaved (one of each in turn), so that a
    busy machine slows them all alike and the ratios hold."""
    for func in funcs:
        func()  # warm the caches
    samples = [[] for _ in funcs]
    for _ in range(runs):
        for func, times in zip(funcs, samples, strict=True):
            start = time.perf_counter()
            func()
            times.append((time.perf_counter() - start) * 1000)
    return [(statistics.median(times), min(times)) for times in samples]


def raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def replay(statements):
    """Run the roll-up's statements as they are, fetching every row: the database's share of the roll-up."""
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()


def compare(result, rows) -> None:
    """The roll-up and the hand-written query agree on the units, their order and names, and every figure; the
    roll-up's total is the sum of its rows (every member of the province is in a cell) and no decided review is
    off the scale."""
    mine = [
        (r.unit_id, r.name, r.members, r.submitted, r.proposed, r.decided, *r.counts) for r in result.rows
    ]
    assert mine == [tuple(row) for row in rows], "the rows differ"
    for row in [*result.rows, result.total]:
        assert set(row.levels) <= set(CODES), row.levels
    total = result.total
    sums = [sum(column) for column in zip(*(row[2:] for row in rows), strict=True)]
    assert [total.members, total.submitted, total.proposed, total.decided, *total.counts] == sums, "the total"


def line(label, median, best):
    print(f"  {label:52s} median {median:7.1f} ms  best {best:7.1f} ms")


def measure(label, unit):
    """Time the roll-up (its statements replayed as they are, and the whole function) against each hand-written
    statement, once the figures are checked identical; the ratio is to the faster hand-written one."""

    def rollup():
        return quality.summary(unit=unit, year=YEAR, quarter=0)

    with CaptureQueriesContext(connection) as ctx:
        result = rollup()
    statements = [q["sql"] for q in ctx.captured_queries]
    params = {
        "prefix": unit.path + "%",
        "depth": len(unit.path) + STEP,
        "child_depth": unit.depth + 1,
        "year": YEAR,
        "quarter": 0,
    }
    for _name, sql in HANDS:
        compare(result, raw(sql, params))
    timings = timed_together(
        [lambda: replay(statements), rollup] + [lambda sql=sql: raw(sql, params) for _name, sql in HANDS]
    )
    (queries, queries_best), (full, full_best), *hand_times = timings
    total = result.total
    print(
        f"\n{label}: {len(result.rows)} units, {total.members} active members, {total.submitted} handed in, "
        f"{total.proposed} proposed, {total.decided} decided ({len(statements)} queries); the figures are identical"
    )
    line("summary()'s queries, run as they are", queries, queries_best)
    line("summary() (its queries and the Python around them)", full, full_best)
    for (median, best), (name, _sql) in zip(hand_times, HANDS, strict=True):
        line(f"hand-written SQL, one statement ({name})", median, best)
    (hand, _best), name = min(zip(hand_times, [h[0] for h in HANDS], strict=True))
    hand_best = min(best for _median, best in hand_times)
    print(
        f"  ratio to the faster hand-written ({name}): median {full / hand:.2f}x, "
        f"best to best {full_best / hand_best:.2f}x (queries alone {queries / hand:.2f}x)"
    )
    return len(statements), full / hand


def main():
    root = build()
    build_reviews(root)
    assert list(rules.level_names(quality.review_values(YEAR, 0))) == CODES
    committee = Organization.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by(
        "path"
    )[500]
    reviews = QualityReview.objects.filter(organization_path__startswith=root.path, quarter=0)
    print(
        f"{connection.vendor}: {Organization.objects.filter(path__startswith=root.path, depth=3).count()} cells, "
        f"{Member.objects.filter(organization_path__startswith=root.path, status__in=ACTIVE).count()} active "
        f"members, {reviews.count()} annual reviews of {FIRST_YEAR}–{LAST_YEAR} "
        f"({reviews.filter(year=YEAR).count()} in {YEAR}, {reviews.filter(member=None).count()} of cells)"
    )
    counts, ratios = set(), {}
    for label, unit in [("whole province", root), ("one grassroots committee", committee)]:
        queries, ratios[label] = measure(f"summary {YEAR}, {label}", unit)
        counts.add(queries)
    assert len(counts) == 1, f"the number of queries depends on the unit: {counts}"
    print(f"\nsummary() runs {counts.pop()} queries whatever the unit")
    print("summary() / hand-written query, medians (budget 1.5x):")
    for label, ratio in ratios.items():
        print(f"  {label:42s} {ratio:5.2f}x")


if __name__ == "__main__":
    main()
