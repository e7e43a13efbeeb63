"""The emulation and commendation reports over the province, each timed against a hand-written SQL statement (one
statement) computing the same result over the same tables:

- ``chibo.emulation.selectors.participation``: the participation rates of a subtree in a year's movement (per unit
  directly below: active members, those with a registration sent, units below, those with a registration sent);
- ``chibo.awards.selectors.award_streaks``: the units (or members) of a subtree awarded an honour every year of the
  N years ending with a year, with the whole run they have.

Usage:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/emulation.py
Builds, once, on top of bench/province.py's province (~1,000 grassroots committees, ~9,000 cells, 200,000
members), with COPY (about half a minute; each part is skipped when it is there already):

- one emulation movement of 2026 launched by the province's committee, and its registrations: every unit below
  the province (grassroots committees and cells) and about 95 % of the active members, with honours of the rule
  set's catalog for their kind of recipient (``emulation.rules.honours``), mostly approved or awaiting approval,
  some drafts and some returned with a reason;
- the award register of 2017–2026: "Tập thể lao động xuất sắc" for about 29 % of the units a year, "Lao động tiên
  tiến" for about 60 % of the members a year and "Chiến sĩ thi đua cơ sở" for about 10 % (only with Lao động tiên
  tiến the same year), each kept from one year to the next more often than given anew, so that there are runs of
  consecutive years; members only from the year they were admitted. About 1.35 million awards.

Measured, for the whole province and one grassroots committee: the participation rates of 2026's movement and of
any movement of 2026 (the rates page's default, where nothing may assume one registration a member), and three
streak lists through 2026 (units with Tập thể lao động xuất sắc 5 years in a row, members with Chiến sĩ thi đua cơ
sở 3 years in a row, members with Lao động tiên tiến 5 years in a row). Each report has two hand-written
statements (participation: four aggregates joined to the units below, or the members and the units each read once
with their registrations joined; for any movement, each member and unit counted when its id is among the
registrations', or joined to the registrations' distinct ids; streaks: a window numbering each recipient's years,
or one bit a year OR-ed per recipient); the selector is checked to give each one's result, then the selector, its
statements replayed as they ran and the hand-written statements are timed interleaved, medians of 15 warm rounds,
and the ratio is to the faster hand-written statement. The number of queries is asserted to be the same for the
province and the committee.
Budget (DESIGN.md): a report within 1.5x of the hand-written query, for the province.
"""

import datetime
import random
import statistics
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from province import build  # noqa: I001  (sets Django up)

from chibo.awards import selectors as awards
from chibo.awards.models import Award
from chibo.core.memory import no_cyclic_gc
from chibo.emulation import rules, selectors
from chibo.emulation.models import Movement, Registration
from chibo.members.models import Member
from chibo.organizations.models import Organization

YEAR = 2026  # the movement's year, and the last year of the streaks
FIRST_AWARD_YEAR = 2017
MOVEMENT_NAME = "Phong trào thi đua yêu nước năm 2026 (bench)"
STEP = Organization.steplen
ACTIVE = ("probationary", "full", "exempt", "temporary_elsewhere")
SENT = ("submitted", "approved")
assert tuple(Member.ACTIVE_STATUSES) == ACTIVE
assert tuple(Registration.SENT) == SENT

REGISTERED = 0.95  # the share of active members with a registration
MEMBER_STATUSES = {"approved": 70, "submitted": 18, "draft": 7, "rejected": 5}
UNIT_STATUSES = {"approved": 80, "submitted": 14, "draft": 3, "rejected": 3}
MEMBER_HONOURS = {"lao_dong_tien_tien": 75, "chien_si_thi_dua_co_so": 22, "chien_si_thi_dua_bo_tinh": 3}
UNIT_HONOURS = {"tap_the_lao_dong_tien_tien": 57, "tap_the_lao_dong_xuat_sac": 40, "co_thi_dua_chinh_phu": 3}
PLEDGE = "Hoàn thành xuất sắc nhiệm vụ được giao; không có đảng viên vi phạm kỷ luật."
REJECT_REASON = "Nội dung đăng ký chưa có chỉ tiêu cụ thể, đề nghị bổ sung."

UNIT_TITLE, ADVANCED, FIGHTER = "tap_the_lao_dong_xuat_sac", "lao_dong_tien_tien", "chien_si_thi_dua_co_so"
# (the chance to be awarded again after a year with the honour, the chance to be awarded after a year without):
# about 29 % of the units, 60 % and 10 % of the members a year.
UNIT_CHANCES = (0.80, 0.08)
ADVANCED_CHANCES = (0.80, 0.30)
FIGHTER_CHANCES = (0.50, 0.115)  # among the year's Lao động tiên tiến

# The streak lists measured: (label, honour, years in a row, collective).
STREAKS = [
    ("units, Tập thể lao động xuất sắc 5 years", UNIT_TITLE, 5, True),
    ("members, Chiến sĩ thi đua cơ sở 3 years", FIGHTER, 3, False),
    ("members, Lao động tiên tiến 5 years", ADVANCED, 5, False),
]


def aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def copy_rows(table: str, columns: list[str], rows) -> int:
    """Write ``rows`` into ``table`` with one COPY; the number of rows written."""
    n = 0
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


# ----------------------------------------------------------------------------------------------- the data


def build_registrations(root: Organization, catalog: dict[str, rules.Honour]) -> Movement:
    """The movement of 2026 and its registrations, their paths set as Registration.save() sets them."""
    movement = Movement.objects.filter(organizer=root, year=YEAR, name=MOVEMENT_NAME).first()
    if movement is not None:
        return movement
    for code in [*MEMBER_HONOURS, *UNIT_HONOURS]:
        assert code in catalog, code
    for code in MEMBER_HONOURS:
        assert selectors.fits(catalog[code], collective=False), code
    for code in UNIT_HONOURS:
        assert selectors.fits(catalog[code], collective=True), code
    started = time.perf_counter()
    rng = random.Random(YEAR)
    now = aware(datetime.date(YEAR, 3, 31), 17)
    units = list(
        Organization.objects.filter(path__startswith=root.path, depth__gt=root.depth)
        .order_by("path")
        .values_list("id", "path")
    )
    paths = dict(units)
    members = list(
        Member.objects.filter(organization_path__startswith=root.path, status__in=ACTIVE)
        .order_by("id")
        .values_list("id", "organization_id")
    )

    def line(organization_id, member_id, honours, statuses):
        path = paths[organization_id]
        status = pick(rng, statuses)
        reason = REJECT_REASON if status == "rejected" else ""
        submitted = aware(datetime.date(YEAR, 2, rng.randint(1, 28))) if status != "draft" else None
        decided = None
        if status in ("approved", "rejected"):
            decided = submitted + datetime.timedelta(days=rng.randint(3, 20), hours=6)
        return (
            movement.pk,
            YEAR,
            organization_id,
            path,
            path[:-STEP],
            member_id,
            pick(rng, honours),
            PLEDGE,
            status,
            reason,
            submitted,
            decided,
            decided or submitted or now,
        )

    columns = [
        "movement_id",
        "year",
        "organization_id",
        "organization_path",
        "deciding_path",
        "member_id",
        "honour",
        "pledge",
        "status",
        "reject_reason",
        "submitted_at",
        "decided_at",
        "updated_at",
    ]

    def rows():
        for organization_id, _path in units:
            yield line(organization_id, None, UNIT_HONOURS, UNIT_STATUSES)
        for member_id, cell_id in members:
            if rng.random() < REGISTERED:
                yield line(cell_id, member_id, MEMBER_HONOURS, MEMBER_STATUSES)

    with transaction.atomic(), no_cyclic_gc():
        movement = Movement(
            organizer=root,
            name=MOVEMENT_NAME,
            theme="Đoàn kết, sáng tạo, hoàn thành xuất sắc nhiệm vụ chính trị",
            year=YEAR,
            starts_on=datetime.date(YEAR, 1, 15),
            ends_on=datetime.date(YEAR, 12, 31),
        )
        movement.save()
        written = copy_rows("emulation_registration", columns, rows())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE emulation_registration")
    print(f"built {written} registrations for {MOVEMENT_NAME} in {time.perf_counter() - started:.1f} s")
    return movement


def run_years(rng: random.Random, years, chances, start_share, allowed=None) -> list[int]:
    """The years a recipient is awarded: each year again with the first chance after a year with the honour, with
    the second after a year without (the first year at the honour's share); only in ``allowed`` years if given."""
    again, anew = chances
    held, last = [], None
    for year in years:
        if allowed is not None and year not in allowed:
            last = False
            continue
        chance = start_share if last is None else (again if last else anew)
        last = rng.random() < chance
        if last:
            held.append(year)
    return held


def build_awards(root: Organization, catalog: dict[str, rules.Honour]) -> None:
    """The award register of 2017–2026 (the member's cell as the award's unit), paths set as Award.save() sets
    them (bulk writes skip save())."""
    if Award.objects.filter(organization_path__startswith=root.path, year=YEAR).exists():
        return
    started = time.perf_counter()
    rng = random.Random(FIRST_AWARD_YEAR)
    years = range(FIRST_AWARD_YEAR, YEAR + 1)
    units = list(
        Organization.objects.filter(path__startswith=root.path, depth__gt=root.depth)
        .order_by("path")
        .values_list("id", "path")
    )
    paths = dict(units)
    members = list(
        Member.objects.filter(organization_path__startswith=root.path, status__in=ACTIVE)
        .order_by("id")
        .values_list("id", "organization_id", "admitted_on")
    )
    committees = sorted({path[: len(root.path) + STEP] for path in paths.values()})
    decisions = {path: f"{100 + i}-QĐ/ĐU" for i, path in enumerate(committees)}
    names = {code: catalog[code].name for code in (UNIT_TITLE, ADVANCED, FIGHTER)}
    columns = [
        "honour",
        "honour_name",
        "year",
        "organization_id",
        "organization_path",
        "member_id",
        "decision_number",
        "decided_on",
        "issuer",
        "recorded_at",
    ]
    decided = {year: datetime.date(year + 1, 1, 15) for year in years}
    recorded = {year: aware(datetime.date(year + 1, 1, 20)) for year in years}
    unit_share = UNIT_CHANCES[1] / (1 - UNIT_CHANCES[0] + UNIT_CHANCES[1])
    advanced_share = ADVANCED_CHANCES[1] / (1 - ADVANCED_CHANCES[0] + ADVANCED_CHANCES[1])

    def rows():
        for organization_id, path in units:
            for year in run_years(rng, years, UNIT_CHANCES, unit_share):
                yield (
                    UNIT_TITLE,
                    names[UNIT_TITLE],
                    year,
                    organization_id,
                    path,
                    None,
                    f"{year - 2000}{organization_id % 97:02d}/QĐ-UBND",
                    decided[year],
                    "Ủy ban nhân dân tỉnh",
                    recorded[year],
                )
        for member_id, cell_id, admitted_on in members:
            path = paths[cell_id]
            number = decisions[path[: len(root.path) + STEP]]
            own = range(max(FIRST_AWARD_YEAR, admitted_on.year), YEAR + 1)
            advanced = run_years(rng, own, ADVANCED_CHANCES, advanced_share)
            fighter = run_years(rng, own, FIGHTER_CHANCES, 0.1, allowed=set(advanced))
            for code, held in ((ADVANCED, advanced), (FIGHTER, fighter)):
                for year in held:
                    yield (
                        code,
                        names[code],
                        year,
                        cell_id,
                        path,
                        member_id,
                        number,
                        decided[year],
                        "Đảng ủy cơ sở",
                        recorded[year],
                    )

    with transaction.atomic(), no_cyclic_gc():
        written = copy_rows("awards_award", columns, rows())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE awards_award")
    print(f"built {written} awards of {FIRST_AWARD_YEAR}–{YEAR} in {time.perf_counter() - started:.1f} s")


# ------------------------------------------------------------------------------------ the hand-written SQL

# participation(): one row per unit directly below, in the order of the tree: its active members, those with a
# registration of the movement and year sent (where they are now), its units and those below it (dissolved ones
# aside), those with a registration sent. Each table grouped by the unit's branch of the path. A member or a
# unit registers once for a movement and a year (the unique constraints), so a row is one member or one unit.
PARTICIPATION_SQL = """
WITH m AS (
    SELECT substr(organization_path, 1, %(depth)s) AS branch, COUNT(*) AS n
    FROM members_member
    WHERE organization_path LIKE %(prefix)s AND status IN ('probationary', 'full', 'exempt', 'temporary_elsewhere')
    GROUP BY 1
), i AS (
    SELECT substr(m.organization_path, 1, %(depth)s) AS branch, COUNT(*) AS n
    FROM emulation_registration r
    JOIN members_member m ON m.id = r.member_id
    WHERE r.movement_id = %(movement)s AND r.year = %(year)s AND r.status IN ('submitted', 'approved')
      AND m.organization_path LIKE %(prefix)s
      AND m.status IN ('probationary', 'full', 'exempt', 'temporary_elsewhere')
    GROUP BY 1
), u AS (
    SELECT substr(path, 1, %(depth)s) AS branch, COUNT(*) AS n
    FROM organizations_organization
    WHERE path LIKE %(prefix)s AND depth > %(unit_depth)s AND dissolved_on IS NULL
    GROUP BY 1
), c AS (
    SELECT substr(r.organization_path, 1, %(depth)s) AS branch, COUNT(*) AS n
    FROM emulation_registration r
    JOIN organizations_organization o ON o.id = r.organization_id
    WHERE r.movement_id = %(movement)s AND r.year = %(year)s AND r.status IN ('submitted', 'approved')
      AND r.member_id IS NULL AND r.organization_path LIKE %(prefix)s AND r.organization_path <> %(path)s
      AND o.dissolved_on IS NULL
    GROUP BY 1
)
SELECT ch.id, ch.name, COALESCE(m.n, 0), COALESCE(i.n, 0), COALESCE(u.n, 0), COALESCE(c.n, 0)
FROM organizations_organization ch
LEFT JOIN m ON m.branch = ch.path
LEFT JOIN i ON i.branch = ch.path
LEFT JOIN u ON u.branch = ch.path
LEFT JOIN c ON c.branch = ch.path
WHERE ch.path LIKE %(prefix)s AND ch.depth = %(child_depth)s
ORDER BY ch.path
"""

# The same figures, each of the two tables read once: the active members with their registration joined (at most
# one for a movement and a year), the units below with theirs.
PARTICIPATION_JOINED_SQL = """
WITH m AS (
    SELECT substr(m.organization_path, 1, %(depth)s) AS branch, COUNT(*) AS members, COUNT(r.id) AS individuals
    FROM members_member m
    LEFT JOIN emulation_registration r
      ON r.member_id = m.id AND r.movement_id = %(movement)s AND r.year = %(year)s
     AND r.status IN ('submitted', 'approved')
    WHERE m.organization_path LIKE %(prefix)s
      AND m.status IN ('probationary', 'full', 'exempt', 'temporary_elsewhere')
    GROUP BY 1
), u AS (
    SELECT substr(o.path, 1, %(depth)s) AS branch, COUNT(*) AS units, COUNT(r.id) AS collectives
    FROM organizations_organization o
    LEFT JOIN emulation_registration r
      ON r.organization_id = o.id AND r.member_id IS NULL AND r.movement_id = %(movement)s AND r.year = %(year)s
     AND r.status IN ('submitted', 'approved')
    WHERE o.path LIKE %(prefix)s AND o.depth > %(unit_depth)s AND o.dissolved_on IS NULL
    GROUP BY 1
)
SELECT ch.id, ch.name, COALESCE(m.members, 0), COALESCE(m.individuals, 0), COALESCE(u.units, 0),
       COALESCE(u.collectives, 0)
FROM organizations_organization ch
LEFT JOIN m ON m.branch = ch.path
LEFT JOIN u ON u.branch = ch.path
WHERE ch.path LIKE %(prefix)s AND ch.depth = %(child_depth)s
ORDER BY ch.path
"""

# The same figures with no movement chosen (the rates page's default): a member or a unit may then have several
# registrations (one a movement), so each is counted once: those whose id is among the registrations' (a hashed
# subplan), or joined to the distinct ids.
PARTICIPATION_ANY_IN_SQL = """
WITH m AS (
    SELECT substr(m.organization_path, 1, %(depth)s) AS branch, COUNT(*) AS members,
           COUNT(*) FILTER (WHERE m.id IN (
               SELECT r.member_id FROM emulation_registration r
               WHERE r.year = %(year)s AND r.status IN ('submitted', 'approved'))) AS individuals
    FROM members_member m
    WHERE m.organization_path LIKE %(prefix)s
      AND m.status IN ('probationary', 'full', 'exempt', 'temporary_elsewhere')
    GROUP BY 1
), u AS (
    SELECT substr(o.path, 1, %(depth)s) AS branch, COUNT(*) AS units,
           COUNT(*) FILTER (WHERE o.id IN (
               SELECT r.organization_id FROM emulation_registration r
               WHERE r.member_id IS NULL AND r.year = %(year)s AND r.status IN ('submitted', 'approved')
           )) AS collectives
    FROM organizations_organization o
    WHERE o.path LIKE %(prefix)s AND o.depth > %(unit_depth)s AND o.dissolved_on IS NULL
    GROUP BY 1
)
SELECT ch.id, ch.name, COALESCE(m.members, 0), COALESCE(m.individuals, 0), COALESCE(u.units, 0),
       COALESCE(u.collectives, 0)
FROM organizations_organization ch
LEFT JOIN m ON m.branch = ch.path
LEFT JOIN u ON u.branch = ch.path
WHERE ch.path LIKE %(prefix)s AND ch.depth = %(child_depth)s
ORDER BY ch.path
"""

PARTICIPATION_ANY_DISTINCT_SQL = """
WITH m AS (
    SELECT substr(m.organization_path, 1, %(depth)s) AS branch, COUNT(*) AS members, COUNT(r.member_id) AS individuals
    FROM members_member m
    LEFT JOIN (
        SELECT DISTINCT member_id FROM emulation_registration
        WHERE member_id IS NOT NULL AND year = %(year)s AND status IN ('submitted', 'approved')
    ) r ON r.member_id = m.id
    WHERE m.organization_path LIKE %(prefix)s
      AND m.status IN ('probationary', 'full', 'exempt', 'temporary_elsewhere')
    GROUP BY 1
), u AS (
    SELECT substr(o.path, 1, %(depth)s) AS branch, COUNT(*) AS units, COUNT(r.organization_id) AS collectives
    FROM organizations_organization o
    LEFT JOIN (
        SELECT DISTINCT organization_id FROM emulation_registration
        WHERE member_id IS NULL AND year = %(year)s AND status IN ('submitted', 'approved')
    ) r ON r.organization_id = o.id
    WHERE o.path LIKE %(prefix)s AND o.depth > %(unit_depth)s AND o.dissolved_on IS NULL
    GROUP BY 1
)
SELECT ch.id, ch.name, COALESCE(m.members, 0), COALESCE(m.individuals, 0), COALESCE(u.units, 0),
       COALESCE(u.collectives, 0)
FROM organizations_organization ch
LEFT JOIN m ON m.branch = ch.path
LEFT JOIN u ON u.branch = ch.path
WHERE ch.path LIKE %(prefix)s AND ch.depth = %(child_depth)s
ORDER BY ch.path
"""

# award_streaks(): the recipients whose run of consecutive years with the honour, ending with ``through``, is at
# least ``years`` long, with that run, the longest first, then by name. Two ways, the faster taken:
# - "window": the subject's awards up to ``through`` numbered from the latest; a year is in the run exactly when
#   year + its number = through + 1 (a subject's years are distinct: the award's unique constraints);
# - "bit flags": one bit a year counted back from ``through`` (bit 0 for ``through``), OR-ed per subject, kept when
#   the ``years`` lowest bits are set; the run is the number of lowest bits set (the zeros ending the complement's
#   bit string).
# For members, the member's name and the unit of their award of ``through``.
STREAK_WINDOW_SQL = {
    True: """
SELECT s.subject, o.name, '', s.years, %(through)s - s.years + 1
FROM (
    SELECT subject, COUNT(*) AS years
    FROM (
        SELECT organization_id AS subject, year,
               ROW_NUMBER() OVER (PARTITION BY organization_id ORDER BY year DESC) AS rn
        FROM awards_award
        WHERE honour = %(honour)s AND organization_path LIKE %(prefix)s AND member_id IS NULL
          AND year <= %(through)s
    ) held
    WHERE year + rn = %(through)s + 1
    GROUP BY subject
    HAVING COUNT(*) >= %(years)s
) s
JOIN organizations_organization o ON o.id = s.subject
ORDER BY s.years DESC, o.name, s.subject
""",
    False: """
SELECT s.subject, m.full_name, o.name, s.years, %(through)s - s.years + 1
FROM (
    SELECT subject, COUNT(*) AS years, MIN(unit) FILTER (WHERE rn = 1) AS unit
    FROM (
        SELECT member_id AS subject, organization_id AS unit, year,
               ROW_NUMBER() OVER (PARTITION BY member_id ORDER BY year DESC) AS rn
        FROM awards_award
        WHERE honour = %(honour)s AND organization_path LIKE %(prefix)s AND member_id IS NOT NULL
          AND year <= %(through)s
    ) held
    WHERE year + rn = %(through)s + 1
    GROUP BY subject
    HAVING COUNT(*) >= %(years)s
) s
JOIN members_member m ON m.id = s.subject
JOIN organizations_organization o ON o.id = s.unit
ORDER BY s.years DESC, m.full_name, s.subject
""",
}
STREAK_FLAGS_SQL = {
    True: """
SELECT s.subject, o.name, '', s.years, %(through)s - s.years + 1
FROM (
    SELECT organization_id AS subject,
           63 - length(rtrim((~BIT_OR(1::bigint << (%(through)s - year)))::bit(63)::text, '0')) AS years
    FROM awards_award
    WHERE honour = %(honour)s AND organization_path LIKE %(prefix)s AND member_id IS NULL
      AND year <= %(through)s AND year > %(through)s - 63
    GROUP BY organization_id
    HAVING BIT_OR(1::bigint << (%(through)s - year)) & %(every)s = %(every)s
) s
JOIN organizations_organization o ON o.id = s.subject
ORDER BY s.years DESC, o.name, s.subject
""",
    False: """
SELECT s.subject, m.full_name, o.name, s.years, %(through)s - s.years + 1
FROM (
    SELECT member_id AS subject, MIN(organization_id) FILTER (WHERE year = %(through)s) AS unit,
           63 - length(rtrim((~BIT_OR(1::bigint << (%(through)s - year)))::bit(63)::text, '0')) AS years
    FROM awards_award
    WHERE honour = %(honour)s AND organization_path LIKE %(prefix)s AND member_id IS NOT NULL
      AND year <= %(through)s AND year > %(through)s - 63
    GROUP BY member_id
    HAVING BIT_OR(1::bigint << (%(through)s - year)) & %(every)s = %(every)s
) s
JOIN members_member m ON m.id = s.subject
JOIN organizations_organization o ON o.id = s.unit
ORDER BY s.years DESC, m.full_name, s.subject
""",
}


# ------------------------------------------------------------------------------------------------ timing


def timed_together(funcs, runs=15):
    """The median and best time of each function in ms, warm. The runs are interleaved (one of each in turn), so
    that a busy machine slows them all alike and the ratios hold."""
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
    """Run the selector's statements as they ran, fetching every row: the database's share of its time."""
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()


def captured(func):
    """The result of ``func`` and the statements it ran, with their parameters, to be run again as they are."""
    with CaptureQueriesContext(connection) as ctx:
        result = func()
    # The captured SQL has its parameters quoted in (as the driver sent them): it is run again as it is.
    statements = [q["sql"] for q in ctx.captured_queries]
    return result, statements


def measure(report, label, func, hands, params, check):
    """Check the selector against each hand-written statement, then time them all (and the selector's statements
    replayed); the ratio is to the faster hand-written statement."""
    result, statements = captured(func)
    for _name, sql in hands:
        size = check(result, raw(sql, params))
    timings = timed_together(
        [func, lambda: replay(statements)] + [lambda sql=sql: raw(sql, params) for _name, sql in hands]
    )
    (selector, selector_best), (queries, _best), *hand_times = timings
    (hand, hand_best), name = min(zip(hand_times, [name for name, _sql in hands], strict=True))
    others = ", ".join(
        f"{n} {median:.1f}" for (median, _b), (n, _s) in zip(hand_times, hands, strict=True) if n != name
    )
    print(
        f"  {report} – {label}: {size}; {len(statements)} queries; selector {selector:.1f} ms "
        f"(best {selector_best:.1f}, its statements {queries:.1f}), hand-written ({name}) {hand:.1f} ms "
        f"(best {hand_best:.1f}{'; ' + others if others else ''}): {selector / hand:.2f}x"
    )
    return {
        "report": report,
        "unit": label,
        "size": size,
        "queries": len(statements),
        "selector": selector,
        "statements": queries,
        "hand": hand,
        "hand_name": name,
        "ratio": selector / hand,
    }


def check_rates(result, rows) -> str:
    """The selector and the hand-written statement agree on the units below, their order and names, and every
    figure; the total is the sum of the rows (every member of the province is in a cell)."""
    mine = [(r.unit_id, r.name, r.members, r.individuals, r.units, r.collectives) for r in result.rows]
    assert mine == [tuple(row) for row in rows], "the rates differ"
    total = result.total
    sums = [sum(column) for column in zip(*(row[2:] for row in rows), strict=True)]
    assert [total.members, total.individuals, total.units, total.collectives] == sums, "the total"
    return f"{len(rows)} rows, {total.individuals}/{total.members} members, {total.collectives}/{total.units} units"


def check_streaks(result, rows) -> str:
    """The same recipients, names, units, runs and first years; the selector's order is by run, then name (its
    order among equal names is not fixed, so the comparison is by run, name and id)."""
    mine = [(r.subject_id, r.name, r.unit, r.years, r.since) for r in result]
    assert [(-r[3], r[1]) for r in mine] == sorted((-r[3], r[1]) for r in mine), "the order"
    assert sorted(mine, key=lambda r: (-r[3], r[1], r[0])) == [tuple(row) for row in rows], (
        "the streaks differ"
    )
    longest = max((r[3] for r in mine), default=0)
    return f"{len(mine)} recipients (longest run {longest} years)"


def streak_case(unit, honour, years, collective):
    def func():
        return awards.award_streaks(
            unit=unit, honour=honour, min_years=years, through=YEAR, collective=collective
        )

    params = {
        "honour": honour,
        "prefix": unit.path + "%",
        "through": YEAR,
        "years": years,
        "every": (1 << years) - 1,
    }
    hands = [("window", STREAK_WINDOW_SQL[collective]), ("bit flags", STREAK_FLAGS_SQL[collective])]
    return func, hands, params


def rates_case(unit, movement):
    def func():
        return selectors.participation(unit=unit, year=YEAR, movement=movement)

    params = {
        "prefix": unit.path + "%",
        "path": unit.path,
        "depth": len(unit.path) + STEP,
        "unit_depth": unit.depth,
        "child_depth": unit.depth + 1,
        "movement": movement.pk if movement is not None else None,
        "year": YEAR,
    }
    if movement is None:
        return func, [("in", PARTICIPATION_ANY_IN_SQL), ("distinct", PARTICIPATION_ANY_DISTINCT_SQL)], params
    return func, [("four aggregates", PARTICIPATION_SQL), ("two joined", PARTICIPATION_JOINED_SQL)], params


def a_committee(root: Organization) -> Organization:
    """The 501st grassroots committee of the province, or the first after it whose subtree has somebody on every
    streak list (so that the comparison has rows to compare)."""
    committees = Organization.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by(
        "path"
    )
    for committee in committees[500:]:
        if all(
            awards.award_streaks(unit=committee, honour=h, min_years=n, through=YEAR, collective=c)
            for _label, h, n, c in STREAKS
        ):
            return committee
    raise AssertionError("no grassroots committee with somebody on every streak list")


def main():
    root = build()  # migrates first
    catalog = rules.honours(awards.values_for(YEAR)["emulation"])
    movement = build_registrations(root, catalog)
    build_awards(root, catalog)
    committee = a_committee(root)
    registrations = Registration.objects.filter(movement=movement, year=YEAR)
    province_awards = Award.objects.filter(organization_path__startswith=root.path)
    print(
        f"{connection.vendor}: {Organization.objects.filter(path__startswith=root.path).count()} units, "
        f"{Member.objects.filter(organization_path__startswith=root.path, status__in=ACTIVE).count()} active "
        f"members; {registrations.count()} registrations of {YEAR} "
        f"({registrations.filter(member=None).count()} of units, "
        f"{registrations.filter(status__in=SENT).count()} sent); {province_awards.count()} awards of "
        f"{FIRST_AWARD_YEAR}–{YEAR} ("
        + ", ".join(
            f"{catalog[code].name} {province_awards.filter(honour=code).count()}"
            for code in (UNIT_TITLE, ADVANCED, FIGHTER)
        )
        + f"); the committee: {committee.name} ({committee.path})"
    )
    units = [("province", root), ("committee", committee)]
    cases = [
        (f"participation {YEAR}, the movement", lambda unit: rates_case(unit, movement), check_rates),
        (f"participation {YEAR}, any movement", lambda unit: rates_case(unit, None), check_rates),
    ]
    cases += [
        (f"streaks: {label}", lambda unit, h=h, n=n, c=c: streak_case(unit, h, n, c), check_streaks)
        for label, h, n, c in STREAKS
    ]
    results = []
    for report, case, check in cases:
        counts = set()
        for label, unit in units:
            func, hands, params = case(unit)
            found = measure(report, label, func, hands, params, check)
            counts.add(found["queries"])
            results.append(found)
        assert len(counts) == 1, f"{report}: the number of queries depends on the unit: {counts}"
    print(
        "\n| report | unit | result | queries | selector ms | its statements ms | hand-written SQL ms | ratio |\n"
        "|---|---|---|---|---|---|---|---|"
    )
    for r in results:
        print(
            f"| {r['report']} | {r['unit']} | {r['size']} | {r['queries']} | {r['selector']:.1f} | "
            f"{r['statements']:.1f} | {r['hand']:.1f} ({r['hand_name']}) | **{r['ratio']:.2f}x** |"
        )
    print("\nmedians of 15 warm rounds; budget (DESIGN.md): 1.5x for the province")
    over = [f"{r['report']}" for r in results if r["unit"] == "province" and r["ratio"] > 1.5]
    if over:
        print("over the budget for the province: " + "; ".join(over))


if __name__ == "__main__":
    main()
