"""The committee's monthly compliance view over the province: the report's queries, timed, against one
hand-written SQL query computing the same figures over the same tables.

Usage:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/meetings_compliance.py
Builds, once (idempotent), on top of bench/province.py's province (~9,000 cells, 200,000 members): 12 monthly
meetings of 2026 for every cell (about 3 % of months missed: no meeting, or planned and never held), minutes
approved for most held meetings (some days late, some never) with their first version, and, for every tenth cell,
the roll call (one attendance row per member) and one in-app notice per member. The rows are written with
bulk_create in batches (Django fills the defaults of any column added later): a few tens of seconds.
Budget (DESIGN.md): the report within 1.5x of the hand-written query.
"""

import datetime
import hashlib
import random
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from province import build  # noqa: I001  (sets Django up)

from chibo.meetings import reports
from chibo.meetings.models import Attendance, Meeting, Minutes, MinutesVersion, Notice
from chibo.members.models import Member
from chibo.organizations.models import Grant, Organization

YEAR = 2026
TODAY = datetime.date(YEAR + 1, 1, 15)  # the whole year is over
MARKER = "bench-compliance"  # the title of the generated meetings


def aware(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def build_meetings(root: Organization) -> None:
    if Meeting.objects.filter(organization_path__startswith=root.path, title=MARKER).exists():
        return
    started = time.perf_counter()
    rng = random.Random(YEAR)
    cells = list(
        Organization.objects.filter(path__startswith=root.path, kind__in=reports.CELL_KINDS)
        .order_by("path")
        .values_list("id", "path")
    )
    rolled = {pk for i, (pk, _path) in enumerate(cells) if i % 10 == 0}
    members: dict[int, list[tuple[int, str]]] = {pk: [] for pk in rolled}
    for pk, org, status in Member.objects.filter(organization_id__in=rolled).values_list(
        "id", "organization_id", "status"
    ):
        members[org].append((pk, status))
    presence_of = {"exempt": Attendance.Presence.EXEMPT}
    with transaction.atomic():
        for start in range(0, len(cells), 500):
            batch = cells[start : start + 500]
            meetings = []
            for pk, path in batch:
                for month in range(1, 13):
                    luck = rng.random()
                    if luck < 0.015:
                        continue  # no meeting at all this month
                    meetings.append(
                        Meeting(
                            organization_id=pk,
                            organization_path=path,
                            kind=Meeting.Kind.COMBINED if month % 3 == 0 else Meeting.Kind.REGULAR,
                            status=Meeting.Status.PLANNED if luck < 0.03 else Meeting.Status.HELD,
                            day=datetime.date(YEAR, month, 3 + pk % 5),
                            time=datetime.time(14),
                            title=MARKER,
                        )
                    )
            Meeting.objects.bulk_create(meetings, batch_size=2000)
            held = [m for m in meetings if m.status == Meeting.Status.HELD]
            minutes = [
                Minutes(
                    meeting=m,
                    status=Minutes.Status.APPROVED if rng.random() < 0.93 else Minutes.Status.DRAFT,
                    content={"conclusion": "Hoàn thành nhiệm vụ tháng"},
                )
                for m in held
            ]
            Minutes.objects.bulk_create(minutes, batch_size=2000)
            versions = []
            for m, mi in zip(held, minutes, strict=True):
                if mi.status != Minutes.Status.APPROVED:
                    continue
                late = rng.choice([0, 0, 0, 0, 0, 0, 1, 2, 5, 9])
                versions.append(
                    MinutesVersion(
                        minutes=mi,
                        organization_id=m.organization_id,
                        number=1,
                        content=mi.content,
                        created_at=aware(m.day + datetime.timedelta(days=late), 17),
                        previous_hash="0" * 64,
                        content_hash=hashlib.sha256(f"{MARKER}-{mi.pk}".encode()).hexdigest(),
                    )
                )
            MinutesVersion.objects.bulk_create(versions, batch_size=2000)
            attendance, notices = [], []
            for m in held:
                if m.organization_id not in rolled:
                    continue
                due = m.day - datetime.timedelta(days=3)
                sent = aware(due + datetime.timedelta(days=rng.choice([0, 0, 0, 0, 1, 2])), 7)
                for member_id, status in members[m.organization_id]:
                    presence = (
                        presence_of.get(status)
                        or rng.choices(
                            [
                                Attendance.Presence.PRESENT,
                                Attendance.Presence.EXCUSED,
                                Attendance.Presence.UNEXCUSED,
                            ],
                            weights=[88, 9, 3],
                        )[0]
                    )
                    attendance.append(
                        Attendance(
                            meeting=m,
                            member_id=member_id,
                            full_member=status != "probationary",
                            presence=presence,
                            reason="Đi công tác" if presence == Attendance.Presence.EXCUSED else "",
                        )
                    )
                    notices.append(
                        Notice(
                            meeting=m,
                            member_id=member_id,
                            channel=Notice.Channel.APP,
                            due_on=due,
                            sent_at=sent,
                        )
                    )
            Attendance.objects.bulk_create(attendance, batch_size=5000)
            Notice.objects.bulk_create(notices, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built the meetings of {YEAR} in {time.perf_counter() - started:.1f} s")


# The same figures as reports.compliance, per cell and month, in one statement.
HAND_WRITTEN = """
WITH m AS (
    SELECT mt.id, mt.organization_id, EXTRACT(MONTH FROM mt.day)::int AS month, mt.day, mt.status
    FROM meetings_meeting mt
    WHERE mt.organization_path LIKE %(prefix)s AND mt.day >= %(first)s AND mt.day < %(after)s
      AND mt.kind IN ('regular', 'combined') AND mt.status <> 'cancelled'
), mm AS (
    SELECT m.organization_id, m.month,
           COUNT(*) FILTER (WHERE m.status = 'held') AS held,
           COUNT(*) FILTER (WHERE m.status = 'held' AND mi.status = 'approved') AS approved,
           MIN(m.day) FILTER (WHERE m.status = 'held') AS first_day,
           MIN((v.created_at AT TIME ZONE %(tz)s)::date) FILTER (WHERE m.status = 'held') AS first_approval,
           MIN(m.id) FILTER (WHERE m.status = 'held') AS held_id,
           MIN(m.id) AS any_id
    FROM m
    LEFT JOIN meetings_minutes mi ON mi.meeting_id = m.id
    LEFT JOIN meetings_minutesversion v ON v.minutes_id = mi.id AND v.number = 1
    GROUP BY m.organization_id, m.month
), aa AS (
    SELECT m.organization_id, m.month, COUNT(*) AS called,
           COUNT(*) FILTER (WHERE a.presence = 'present') AS present,
           COUNT(*) FILTER (WHERE a.presence IN ('exempt', 'elsewhere')) AS away
    FROM m JOIN meetings_attendance a ON a.meeting_id = m.id
    WHERE m.status = 'held'
    GROUP BY m.organization_id, m.month
), nn AS (
    SELECT m.organization_id, m.month, COUNT(*) AS n, MIN(n.due_on) AS due, MIN((n.sent_at AT TIME ZONE %(tz)s)::date) AS first_sent
    FROM m JOIN meetings_notice n ON n.meeting_id = m.id
    WHERE m.status = 'held'
    GROUP BY m.organization_id, m.month
)
SELECT c.id, c.name, p.name, mm.month, mm.held, mm.approved, mm.first_day, mm.first_approval, mm.held_id,
       mm.any_id, aa.called, aa.present, aa.away, nn.n, nn.due, nn.first_sent
FROM organizations_organization c
LEFT JOIN organizations_organization p ON p.path = substr(c.path, 1, length(c.path) - 4)
LEFT JOIN mm ON mm.organization_id = c.id
LEFT JOIN aa ON aa.organization_id = c.id AND aa.month = mm.month
LEFT JOIN nn ON nn.organization_id = c.id AND nn.month = mm.month
WHERE c.path LIKE %(prefix)s AND c.kind IN ('cell', 'grassroots_cell')
  AND (c.founded_on IS NULL OR c.founded_on < %(after)s) AND (c.dissolved_on IS NULL OR c.dissolved_on >= %(first)s)
ORDER BY c.path, mm.month
"""


# The same statement with the CTE inlined where it is used: faster on the whole province, slower on a small unit.
HAND_WRITTEN_INLINE = HAND_WRITTEN.replace("WITH m AS (", "WITH m AS NOT MATERIALIZED (")


def timed_together(funcs, runs=9):
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


def main():
    root = build()
    build_meetings(root)
    User = get_user_model()
    office, _ = User.objects.get_or_create(username="bench-office")
    Grant.objects.get_or_create(user=office, role=Grant.Role.OFFICE_STAFF, organization=root)
    committee = Organization.objects.filter(path__startswith=root.path, depth=2).order_by("path")[500]
    print(
        f"{connection.vendor}: {Organization.objects.filter(path__startswith=root.path, depth=3).count()} cells, "
        f"{Meeting.objects.filter(organization_path__startswith=root.path, day__year=YEAR).count()} meetings, "
        f"{Attendance.objects.filter(meeting__organization_path__startswith=root.path).count()} attendance rows, "
        f"{Notice.objects.filter(meeting__organization_path__startswith=root.path).count()} notices in {YEAR}"
    )
    for label, unit in [("whole province", root), ("one grassroots committee", committee)]:

        def report(unit=unit):
            office.__dict__.pop("_chibo_grants", None)  # the gate's queries count too
            return reports.compliance(actor=office, unit=unit, year=YEAR, today=TODAY)

        with CaptureQueriesContext(connection) as ctx:
            result = report()
        statements = [q["sql"] for q in ctx.captured_queries]

        def report_queries(statements=statements):
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()

        params = {
            "prefix": unit.path + "%",
            "first": datetime.date(YEAR, 1, 1),
            "after": datetime.date(YEAR + 1, 1, 1),
            "tz": settings.TIME_ZONE,
        }

        def raw(params=params, sql=HAND_WRITTEN):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        rows = raw()
        # The same figures: meetings held, attendance and notices, summed over the unit.
        held = sum(r[4] or 0 for r in rows)
        present = sum(r[11] or 0 for r in rows)
        expected = sum((r[10] or 0) - (r[12] or 0) for r in rows)
        notices = sum(r[13] or 0 for r in rows)
        approved = sum(r[5] or 0 for r in rows)
        late_days = sum((r[7] - r[6]).days for r in rows if r[7] is not None)
        laid_out = result.rows
        mine = (
            sum(m.held for row in laid_out for m in row.months),
            sum(m.approved for row in laid_out for m in row.months),
            sum(m.approval_days or 0 for row in laid_out for m in row.months),
            sum(s.present for s in result.summary),
            sum(s.expected for s in result.summary),
            sum(m.notices for row in laid_out for m in row.months),
        )
        theirs = (held, approved, late_days, present, expected, notices)
        assert mine == theirs, (mine, theirs)

        def page(unit=unit):
            report_ = report(unit)
            return report_.rows_for(report_.cells[:100])

        def everything(unit=unit):
            return report(unit).rows

        timings = timed_together(
            [report_queries, report, page, everything, raw, lambda: raw(sql=HAND_WRITTEN_INLINE)]
        )
        (sql_only, sql_max), (full, full_max), (paged, _), (whole, _) = timings[:4]
        hands = [(timings[4], "CTE"), (timings[5], "CTE inlined")]
        (hand, hand_max), hand_name = min(hands)
        print(
            f"\n{label}: {len(result.cells)} cells x 12 months ({len(statements)} queries, the gate's included)"
        )
        print(
            f"  report's queries, run as they are          median {sql_only:7.1f} ms  max {sql_max:7.1f} ms"
        )
        print(f"  report (queries, summary, missed months)    median {full:7.1f} ms  max {full_max:7.1f} ms")
        print(f"  ... and 100 cells laid out (the page)       median {paged:7.1f} ms")
        print(f"  ... and every cell laid out (the .xlsx)     median {whole:7.1f} ms")
        for (median, worst), name in hands:
            print(
                f"  hand-written SQL, one statement ({name:11s}) median {median:7.1f} ms  max {worst:7.1f} ms"
            )
        print(
            f"  ratio to the faster hand-written ({hand_name}): queries {sql_only / hand:.2f}x, "
            f"report {full / hand:.2f}x, page {paged / hand:.2f}x, every cell {whole / hand:.2f}x"
        )


if __name__ == "__main__":
    main()
