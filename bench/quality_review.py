"""The quality-review roll-up over the province (``chibo.work.quality.summary``: per unit directly below, the active
members, the self-assessments handed in, proposed and decided, and the decided levels), timed against one
hand-written SQL query computing the same figures over the same tables.

Usage:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/quality_review.py
Builds, once (idempotent: nothing is written when the province already has annual reviews of 2026), on top of
bench/province.py's province (~9,000 cells, 200,000 members): one annual review from 2022 to 2026 for about 97 % of
the active members (none before the year a member was admitted), and one for every cell itself. Levels about 15 %
excellent, 70 % good, 13 % done, 2 % not done, with points, tasks and the level the rules allow consistent with
them (checked against ``rules.review_level``); every review of 2022–2025 decided, those of 2026 mostly decided,
some proposed by the cell, some only handed in, a few still drafts. Written with bulk_create: a few minutes.
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
POINTS = {rules.EXCELLENT: (90, 100), rules.GOOD: (70, 89.5), rules.DONE: (50, 69.5), rules.NOT_DONE: (35, 49.5)}
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
    general = min(Decimal(30), max(total - 70, (total * Decimal("0.3") + rng.choice([-2, -1, 0, 1])).quantize(1)))
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
    cells = dict(
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
                    review_for(rng, values, member_id=None, cell=cell, year=year, stage=stage, decision=decision)
                )
            QualityReview.objects.bulk_create(batch, batch_size=5000)
            written += len(batch)
            print(f"  {year}: {written} reviews written, {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"built {written} annual reviews of {FIRST_YEAR}–{LAST_YEAR} in {time.perf_counter() - started:.1f} s"
    )


def main():
    root = build()
    build_reviews(root)


if __name__ == "__main__":
    main()
