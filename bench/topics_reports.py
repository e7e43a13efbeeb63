"""The committee's thematic-topics reports over the province: the compliance table and the topics by category, the
report's queries, timed, against one hand-written SQL query computing the same figures over the same tables.

Usage:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/topics_reports.py
Builds, once (idempotent: nothing is written when the province's cells already have topics), on top of
bench/province.py's province (~9,000 cells, 200,000 members): one topic a quarter for every cell from 2022 to 2026
(about 180,000), with the uneven spread of categories that seed 002 complains of (70 % political tasks, 15 % Hồ Chí
Minh, 9 % party building, 4 % resolutions, 2 % other), about 4 % of quarters missed (nothing registered), a few
topics returned, left submitted, approved or planned and never held, the rest held, about a fifth of all evaluated
(with the supervisor's filed evaluation), about 8 % registered late. Written with bulk_create: about half a minute.
Measured: the compliance table of 2026 for the whole province and for one grassroots committee (against two
hand-written statements, one row per cell and quarter and one row per cell, the faster taken), and the topics held
by category from 2022 to 2026 for the whole province; the figures are checked identical before they are timed.
Budget (DESIGN.md): each report within 1.5x of the hand-written query.
"""

import datetime
import math
import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from province import build  # noqa: I001  (sets Django up)

from chibo.members.models import Member
from chibo.organizations.models import Grant, Organization
from chibo.topics import reports, rules
from chibo.topics.models import DEFAULT_CRITERIA, Supervision, Topic, TopicCategory

FIRST_YEAR, LAST_YEAR = 2022, 2026
YEAR = LAST_YEAR  # the compliance table's year
TODAY = datetime.date(YEAR + 1, 1, 15)  # every quarter is over
DEADLINE_DAY = 20
WEIGHTS = {"nhiem-vu-chinh-tri": 70, "xay-dung-dang": 9, "hoc-tap-bac": 15, "nghi-quyet": 4, "khac": 2}
TITLES = {
    "nhiem-vu-chinh-tri": "Nâng cao chất lượng thực hiện nhiệm vụ chuyên môn của đơn vị",
    "xay-dung-dang": "Nâng cao chất lượng sinh hoạt chi bộ",
    "hoc-tap-bac": "Học tập phong cách làm việc khoa học của Chủ tịch Hồ Chí Minh",
    "nghi-quyet": "Triển khai Nghị quyết Đại hội Đảng bộ tỉnh nhiệm kỳ 2025–2030",
    "khac": "Công tác dân vận trong cơ quan",
}
OUTLINE = "1. Thực trạng.\n2. Nguyên nhân.\n3. Giải pháp của chi bộ và trách nhiệm của đảng viên."
S = rules.Status


def aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def status_for(rng: random.Random) -> str:
    """A quarter's topic, the quarter over: a few sent back and never sent again, a few stuck on the way, most held,
    about 22 % of those held evaluated (a fifth of all)."""
    roll = rng.random()
    if roll < 0.02:
        return S.RETURNED
    if roll < 0.03:
        return S.SUBMITTED
    if roll < 0.04:
        return S.APPROVED
    if roll < 0.06:
        return S.PLANNED
    return S.EVALUATED if rng.random() < 0.22 else S.HELD


def build_topics(root: Organization, supervisor) -> None:
    if Topic.objects.filter(organization_path__startswith=root.path).exists():
        return
    started = time.perf_counter()
    rng = random.Random(YEAR)
    categories = {c.code: c.pk for c in TopicCategory.objects.filter(code__in=WEIGHTS)}
    codes = list(WEIGHTS)
    weights = [WEIGHTS[c] for c in codes]
    cells = list(
        Organization.objects.filter(path__startswith=root.path, kind__in=reports.CELL_KINDS)
        .order_by("path")
        .values_list("id", "path")
    )
    presenters: dict[int, list[int]] = {pk: [] for pk, _path in cells}
    for pk, org in Member.objects.filter(organization_path__startswith=root.path, status="full").values_list(
        "id", "organization_id"
    ):
        presenters[org].append(pk)
    quarters = [(y, q) for y in range(FIRST_YEAR, LAST_YEAR + 1) for q in reports.QUARTERS]
    criteria = [dict(c) for c in DEFAULT_CRITERIA]
    total_topics = total_evaluated = 0
    with transaction.atomic():
        for start in range(0, len(cells), 500):
            topics = []
            for pk, path in cells[start : start + 500]:
                for year, quarter in quarters:
                    if rng.random() < 0.04:
                        continue  # a quarter missed: nothing registered
                    _first, last = rules.quarter_bounds(year, quarter)
                    deadline = rules.registration_deadline(
                        year=year, quarter=quarter, deadline_day=DEADLINE_DAY
                    )
                    late = rng.random() < 0.08
                    submitted_on = deadline + datetime.timedelta(
                        days=rng.randint(1, 12) if late else -rng.randint(0, 15)
                    )
                    code = rng.choices(codes, weights)[0]
                    status = status_for(rng)
                    topic = Topic(
                        organization_id=pk,
                        organization_path=path,
                        year=year,
                        quarter=quarter,
                        title=TITLES[code],
                        category_id=categories[code],
                        presenter_id=rng.choice(presenters[pk]) if presenters[pk] else None,
                        outline=OUTLINE,
                        status=status,
                        deadline=deadline,
                        submitted_on=submitted_on,
                        late=late,
                    )
                    if status == S.RETURNED:
                        topic.return_reason = "Đề cương còn sơ sài, cần nêu rõ giải pháp của chi bộ."
                    if status in rules.APPROVED_OR_LATER:
                        topic.approved_at = aware(submitted_on + datetime.timedelta(days=2))
                    if status in rules.HELD_OR_LATER:
                        topic.held_on = last - datetime.timedelta(days=rng.randint(5, 25))
                    topics.append(topic)
            Topic.objects.bulk_create(topics, batch_size=2000)
            supervisions = []
            for topic in topics:
                if topic.status != S.EVALUATED:
                    continue
                scores = {c["name"]: rng.randint(c["max"] * 6 // 10, c["max"]) for c in criteria}
                supervisions.append(
                    Supervision(
                        topic=topic,
                        supervisor=supervisor,
                        supervisor_name="Đồng chí cấp ủy (bench)",
                        assigned_at=aware(rules.quarter_bounds(topic.year, topic.quarter)[0]),
                        criteria=criteria,
                        scores=scores,
                        score=sum(scores.values()),
                        max_score=sum(c["max"] for c in criteria),
                        comments="Chi bộ chuẩn bị chu đáo, đảng viên phát biểu sôi nổi.",
                        evaluated_at=aware(topic.held_on + datetime.timedelta(days=3), 16),
                    )
                )
            Supervision.objects.bulk_create(supervisions, batch_size=2000)
            total_topics += len(topics)
            total_evaluated += len(supervisions)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"built {total_topics} topics ({total_evaluated} evaluated) of {FIRST_YEAR}–{LAST_YEAR} "
        f"in {time.perf_counter() - started:.1f} s"
    )


# The statuses the hand-written queries spell out: those the rules count as registered, approved and held.
SPELLED_OUT = (
    {"submitted", "approved", "planned", "held", "evaluated"},
    {"approved", "planned", "held", "evaluated"},
    {"held", "evaluated"},
)
assert (rules.REGISTERED, rules.APPROVED_OR_LATER, rules.HELD_OR_LATER) == SPELLED_OUT

# The same figures as reports.compliance, one row per cell and quarter with topics: the cells active in the year
# in the order of the tree, their parents, and per quarter the topics registered, approved, held, evaluated and
# registered late, and the first topic.
COMPLIANCE_SQL = """
WITH t AS (
    SELECT organization_id, quarter,
           COUNT(*) FILTER (WHERE status IN ('submitted', 'approved', 'planned', 'held', 'evaluated')) AS registered,
           COUNT(*) FILTER (WHERE status IN ('approved', 'planned', 'held', 'evaluated')) AS approved,
           COUNT(*) FILTER (WHERE status IN ('held', 'evaluated')) AS held,
           COUNT(*) FILTER (WHERE status = 'evaluated') AS evaluated,
           COUNT(*) FILTER (WHERE late AND status IN ('submitted', 'approved', 'planned', 'held', 'evaluated')) AS late,
           MIN(id) AS first_id
    FROM topics_topic
    WHERE organization_path LIKE %(prefix)s AND year = %(year)s
    GROUP BY organization_id, quarter
)
SELECT c.id, c.name, p.id, p.name, t.quarter, t.registered, t.approved, t.held, t.evaluated, t.late, t.first_id
FROM organizations_organization c
LEFT JOIN organizations_organization p ON p.path = substr(c.path, 1, length(c.path) - 4)
LEFT JOIN t ON t.organization_id = c.id
WHERE c.path LIKE %(prefix)s AND c.kind IN ('cell', 'grassroots_cell')
  AND (c.founded_on IS NULL OR c.founded_on < %(after)s) AND (c.dissolved_on IS NULL OR c.dissolved_on >= %(first)s)
ORDER BY c.path, t.quarter
"""

# The same figures, one row per cell with the four quarters side by side (six figures each): a quarter as many
# rows to send.
COMPLIANCE_BY_CELL_SQL = """
WITH t AS (
    SELECT organization_id,
           COUNT(*) FILTER (WHERE quarter = 1 AND status IN ('submitted', 'approved', 'planned', 'held', 'evaluated')),
           COUNT(*) FILTER (WHERE quarter = 1 AND status IN ('approved', 'planned', 'held', 'evaluated')),
           COUNT(*) FILTER (WHERE quarter = 1 AND status IN ('held', 'evaluated')),
           COUNT(*) FILTER (WHERE quarter = 1 AND status = 'evaluated'),
           COUNT(*) FILTER (WHERE quarter = 1 AND late AND status IN ('submitted', 'approved', 'planned', 'held', 'evaluated')),
           MIN(id) FILTER (WHERE quarter = 1),
           COUNT(*) FILTER (WHERE quarter = 2 AND status IN ('submitted', 'approved', 'planned', 'held', 'evaluated')),
           COUNT(*) FILTER (WHERE quarter = 2 AND status IN ('approved', 'planned', 'held', 'evaluated')),
           COUNT(*) FILTER (WHERE quarter = 2 AND status IN ('held', 'evaluated')),
           COUNT(*) FILTER (WHERE quarter = 2 AND status = 'evaluated'),
           COUNT(*) FILTER (WHERE quarter = 2 AND late AND status IN ('submitted', 'approved', 'planned', 'held', 'evaluated')),
           MIN(id) FILTER (WHERE quarter = 2),
           COUNT(*) FILTER (WHERE quarter = 3 AND status IN ('submitted', 'approved', 'planned', 'held', 'evaluated')),
           COUNT(*) FILTER (WHERE quarter = 3 AND status IN ('approved', 'planned', 'held', 'evaluated')),
           COUNT(*) FILTER (WHERE quarter = 3 AND status IN ('held', 'evaluated')),
           COUNT(*) FILTER (WHERE quarter = 3 AND status = 'evaluated'),
           COUNT(*) FILTER (WHERE quarter = 3 AND late AND status IN ('submitted', 'approved', 'planned', 'held', 'evaluated')),
           MIN(id) FILTER (WHERE quarter = 3),
           COUNT(*) FILTER (WHERE quarter = 4 AND status IN ('submitted', 'approved', 'planned', 'held', 'evaluated')),
           COUNT(*) FILTER (WHERE quarter = 4 AND status IN ('approved', 'planned', 'held', 'evaluated')),
           COUNT(*) FILTER (WHERE quarter = 4 AND status IN ('held', 'evaluated')),
           COUNT(*) FILTER (WHERE quarter = 4 AND status = 'evaluated'),
           COUNT(*) FILTER (WHERE quarter = 4 AND late AND status IN ('submitted', 'approved', 'planned', 'held', 'evaluated')),
           MIN(id) FILTER (WHERE quarter = 4)
    FROM topics_topic
    WHERE organization_path LIKE %(prefix)s AND year = %(year)s
    GROUP BY organization_id
)
SELECT c.id, c.name, p.id, p.name, t.*
FROM organizations_organization c
LEFT JOIN organizations_organization p ON p.path = substr(c.path, 1, length(c.path) - 4)
LEFT JOIN t ON t.organization_id = c.id
WHERE c.path LIKE %(prefix)s AND c.kind IN ('cell', 'grassroots_cell')
  AND (c.founded_on IS NULL OR c.founded_on < %(after)s) AND (c.dissolved_on IS NULL OR c.dissolved_on >= %(first)s)
ORDER BY c.path
"""

# The same figures as reports.categories: every category, in the report's order, with its count of topics held
# in the period and its share of them.
CATEGORIES_SQL = """
SELECT c.id, c.active, COALESCE(t.n, 0), 100.0 * t.n / NULLIF(SUM(t.n) OVER (), 0)
FROM topics_topiccategory c
LEFT JOIN (
    SELECT category_id, COUNT(*) AS n
    FROM topics_topic
    WHERE organization_path LIKE %(prefix)s AND status IN ('held', 'evaluated')
      AND (year, quarter) >= (%(y1)s, %(q1)s) AND (year, quarter) <= (%(y2)s, %(q2)s)
    GROUP BY category_id
) t ON t.category_id = c.id
ORDER BY c.position, c.id
"""


def timed_together(funcs, runs=15):
    """Median and worst time of each function in ms. The runs are interleaved (one of each in turn), so that a
    busy machine slows them all alike and the ratios hold."""
    for func in funcs:
        func()  # warm the caches
    samples = [[] for _ in funcs]
    for _ in range(runs):
        for func, times in zip(funcs, samples, strict=True):
            start = time.perf_counter()
            func()
            times.append((time.perf_counter() - start) * 1000)
    return [(statistics.median(times), max(times)) for times in samples]


def raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def replay(statements):
    """Run the report's statements as they are, fetching every row: the database's share of the report."""
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()


def captured(func):
    with CaptureQueriesContext(connection) as ctx:
        result = func()
    return result, [q["sql"] for q in ctx.captured_queries]


def by_quarter(rows):
    """The cells (id, name, parent id, parent name) in order and the figures of every (cell, quarter) with topics,
    from COMPLIANCE_SQL's rows."""
    cells, facts = {}, {}
    for pk, name, parent_id, parent_name, quarter, *figures in rows:
        cells[pk] = (name, parent_id, parent_name or "")
        if quarter is not None:
            facts[(pk, quarter)] = tuple(figures)
    return cells, facts


def by_cell(rows):
    """The same from COMPLIANCE_BY_CELL_SQL's rows."""
    cells, facts = {}, {}
    for pk, name, parent_id, parent_name, _org, *figures in rows:
        cells[pk] = (name, parent_id, parent_name or "")
        for quarter in reports.QUARTERS:
            six = tuple(figures[6 * quarter - 6 : 6 * quarter])
            if six[5] is not None:
                facts[(pk, quarter)] = six
    return cells, facts


def compare_compliance(result, found) -> None:
    """The report and the hand-written query agree on the cells and their order, their parents, every quarter's
    figures and the summary under the table."""
    cells, facts = found
    assert [(r.id, r.name, r.parent_id, r.parent_name) for r in result.rows] == [
        (pk, *rest) for pk, rest in cells.items()
    ], "the cells or their parents differ"
    mine = {
        (r.id, q): (c.registered, c.approved, c.held, c.evaluated, c.late, c.topic_id)
        for r in result.rows
        for q, c in zip(reports.QUARTERS, r.quarters, strict=True)
        if c.topic_id is not None
    }
    assert mine == facts, "the quarters' figures differ"
    # A quarter is held when it holds as many thematic meetings as the rule set asks for, evaluated when every one
    # of them is, missed when it is over without them. (Every cell of the province existed the whole year.)
    for total in result.summary:
        quarter = [facts.get((pk, total.quarter), (0,) * 6) for pk in cells]
        held = [f for f in quarter if f[2] >= max(total.required, 1)]
        theirs = (
            len(cells),
            sum(f[0] > 0 for f in quarter),
            sum(f[1] > 0 for f in quarter),
            len(held),
            sum(f[3] >= f[2] for f in held),
            sum(f[4] > 0 for f in quarter),
            len(cells) - len(held) if total.over else 0,
        )
        mine_total = (
            total.active,
            total.registered,
            total.approved,
            total.held,
            total.evaluated,
            total.late,
            total.missed,
        )
        assert mine_total == theirs, (total.quarter, mine_total, theirs)


def by_category(rows):
    """The categories the report shows (active, or inactive with topics), with their counts and shares."""
    return [(pk, n, None if share is None else float(share)) for pk, active, n, share in rows if active or n]


def compare_categories(result, found) -> None:
    mine = [(r.category.pk, r.count, r.share) for r in result.rows]
    assert [m[:2] for m in mine] == [f[:2] for f in found], (mine, found)
    for (_pk, _n, a), (_pk2, _n2, b) in zip(mine, found, strict=True):
        assert (a is None and b is None) or math.isclose(a, b, rel_tol=1e-12), (a, b)


def line(label, median, worst):
    print(f"  {label:48s} median {median:7.1f} ms  max {worst:7.1f} ms")


def measure(label, func, hands, params, compare):
    """Time the report (its statements replayed as they are, and the whole function) against each hand-written
    statement, once the figures are checked identical; the ratio is to the faster hand-written one."""
    result, statements = captured(func)
    for _name, sql, convert in hands:
        compare(result, convert(raw(sql, params)))
    timings = timed_together(
        [lambda: replay(statements), func] + [lambda sql=sql: raw(sql, params) for _name, sql, _c in hands]
    )
    (queries, queries_max), (full, full_max), *hand_times = timings
    print(f"\n{label} ({len(statements)} queries, the gate's included); the figures are identical")
    line("report's queries, run as they are", queries, queries_max)
    line("report (its queries and the Python around them)", full, full_max)
    for (median, worst), (name, _sql, _c) in zip(hand_times, hands, strict=True):
        line(f"hand-written SQL, one statement ({name})", median, worst)
    (hand, _worst), name = min(zip(hand_times, [h[0] for h in hands], strict=True))
    print(
        f"  ratio to the faster hand-written ({name}): queries {queries / hand:.2f}x, report {full / hand:.2f}x"
    )
    return full / hand


def main():
    root = build()
    User = get_user_model()
    office, _ = User.objects.get_or_create(username="bench-office")
    Grant.objects.get_or_create(user=office, role=Grant.Role.OFFICE_STAFF, organization=root)
    supervisor, _ = User.objects.get_or_create(username="bench-supervisor")
    build_topics(root, supervisor)
    committee = Organization.objects.filter(path__startswith=root.path, depth=2).order_by("path")[500]
    topics = Topic.objects.filter(organization_path__startswith=root.path)
    print(
        f"{connection.vendor}: {Organization.objects.filter(path__startswith=root.path, depth=3).count()} cells, "
        f"{topics.count()} topics of {FIRST_YEAR}–{LAST_YEAR} ({topics.filter(year=YEAR).count()} in {YEAR}), "
        f"{topics.filter(status=S.EVALUATED).count()} evaluated, {topics.filter(late=True).count()} late, "
        f"{Supervision.objects.filter(topic__organization_path__startswith=root.path).count()} evaluations"
    )

    def fresh(report):
        def run():
            office.__dict__.pop("_chibo_grants", None)  # the gate's queries count too
            return report()

        return run

    ratios = {}
    hands = [("by quarter", COMPLIANCE_SQL, by_quarter), ("by cell", COMPLIANCE_BY_CELL_SQL, by_cell)]
    for label, unit in [("whole province", root), ("one grassroots committee", committee)]:
        params = {
            "prefix": unit.path + "%",
            "year": YEAR,
            "first": datetime.date(YEAR, 1, 1),
            "after": datetime.date(YEAR + 1, 1, 1),
        }
        func = fresh(lambda unit=unit: reports.compliance(actor=office, unit=unit, year=YEAR, today=TODAY))
        cells = len(func().rows)
        title = f"compliance {YEAR}, {label}: {cells} cells x 4 quarters, today {TODAY}"
        ratios[f"compliance, {label}"] = measure(title, func, hands, params, compare_compliance)

    start, end = (FIRST_YEAR, 1), (LAST_YEAR, 4)
    params = {"prefix": root.path + "%", "y1": start[0], "q1": start[1], "y2": end[0], "q2": end[1]}
    func = fresh(
        lambda: reports.categories(actor=office, unit=root, start=start, end=end, basis=reports.Basis.HELD)
    )
    result = func()
    title = f"categories {start[0]}Q{start[1]}–{end[0]}Q{end[1]}, held, whole province: {result.total} topics"
    ratios["categories, whole province"] = measure(
        title, func, [("grouped", CATEGORIES_SQL, by_category)], params, compare_categories
    )
    print("  " + ", ".join(f"{r.category.code} {r.count} ({r.share_text} %)" for r in result.rows))
    print("\nreport / hand-written query (budget 1.5x, on the province):")
    for label, ratio in ratios.items():
        print(f"  {label:42s} {ratio:5.2f}x")


if __name__ == "__main__":
    main()
