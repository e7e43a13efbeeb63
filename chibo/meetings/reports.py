"""Reads for the committee's view of its cells' meetings (issue 4, "After the meeting"): the monthly compliance
table of every cell under a unit, and a member's attendance history.

The compliance table aggregates in the database and runs a fixed number of queries whatever the number of cells
and months: the cells, their parents, one query over meetings grouped by cell and month with conditional counts,
one over attendance and one over notices grouped the same way. DESIGN.md "Scale and budgets": within 1.5x of
one hand-written SQL query on the province (``bench/meetings_compliance.py``).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, FilteredRelation, Min, Q, QuerySet
from django.db.models.functions import ExtractMonth, TruncDate
from django.utils import timezone

from chibo.core.memory import no_cyclic_gc
from chibo.meetings import rules
from chibo.meetings.models import Attendance, Meeting, Minutes, Notice
from chibo.members.models import Member
from chibo.organizations.access import Action, require, scope, units_for
from chibo.organizations.models import Organization

CELL_KINDS = (Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL)
# The monthly meeting: a regular meeting, or a regular one combined with the thematic one (HD 42).
MONTHLY_KINDS = (Meeting.Kind.REGULAR, Meeting.Kind.COMBINED)
MONTHS = range(1, 13)
# Not expected at a meeting: exempt members and those temporarily active in another cell (rules.attendance_facts).
NOT_EXPECTED = (Attendance.Presence.EXEMPT, Attendance.Presence.ELSEWHERE)


class State:
    """What a cell's month shows."""

    HELD = "held"  # a regular or combined meeting was held
    MISSED = "missed"  # the month is over and no such meeting was held
    PENDING = "pending"  # the month is not over yet
    INACTIVE = "inactive"  # the cell did not exist that month


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass(slots=True)
class MonthFigures:
    state: str
    meeting_id: int | None = None  # the month's (first held, else first planned) monthly meeting
    held: int = 0  # monthly meetings held
    approved: int = 0  # of which with approved minutes
    approval_days: int | None = None  # days from the meeting to the first approved version
    present: int = 0
    expected: int = 0  # called, less exempt and temporarily elsewhere
    notices: int = 0  # notice rows of the month's held meetings (one per recipient and channel)
    notice_late_days: int | None = (
        None  # days between the notice day and the first notice sent; None: not sent
    )

    @property
    def notice_state(self) -> str:
        """Did the notice go out by its day: "on_time", "late", "unsent", or "none" (no notice in the system)."""
        if not self.notices:
            return "none"
        if self.notice_late_days is None:
            return "unsent"
        return "late" if self.notice_late_days > 0 else "on_time"

    @property
    def minutes_approved(self) -> bool:
        return self.held > 0 and self.approved >= self.held

    @property
    def approved_late(self) -> bool:
        """Minutes are read back and approved before the meeting closes (DOMAIN.md): a later day is late."""
        return bool(self.approval_days)

    @property
    def rate(self) -> int | None:
        return percent(self.present, self.expected)


@dataclass(slots=True)
class CellRow:
    id: int
    name: str
    parent_id: int | None
    parent_name: str
    months: list[MonthFigures]

    @property
    def missed(self) -> int:
        return sum(m.state == State.MISSED for m in self.months)


@dataclass(slots=True)
class Cell:
    """A cell of the report, before its months are laid out."""

    id: int
    name: str
    path: str
    active: list[bool]  # per month: did the cell exist
    missed: int = 0  # months over, active, and without a held monthly meeting


@dataclass(slots=True)
class MonthSummary:
    month: int
    met: int = 0
    active: int = 0
    missed: int = 0
    approved: int = 0
    notices_on_time: int = 0
    present: int = 0
    expected: int = 0
    over: bool = True  # the month has ended

    @property
    def rate(self) -> int | None:
        return percent(self.present, self.expected)


# What the aggregate queries found, by (cell id, month).
MeetingFacts = tuple[int, int, Any, Any, Any, Any]  # held, approved, first day, first approval day, ids
PeopleFacts = tuple[int, int]  # present, expected
NoticeFacts = tuple[int, Any, Any]  # notices, notice day, first sent day


@dataclass
class Compliance:
    """The figures of a unit's cells for a year. The summary and each cell's missed months are computed at once;
    a cell's twelve months are laid out on demand (``rows_for``), so a page lays out only the cells it shows."""

    unit: Organization
    year: int
    cells: list[Cell]
    summary: list[MonthSummary]
    parents: dict[str, tuple[int, str]] = field(repr=False)
    meetings: dict[tuple[int, int], MeetingFacts] = field(repr=False)
    people: dict[tuple[int, int], PeopleFacts] = field(repr=False)
    notices: dict[tuple[int, int], NoticeFacts] = field(repr=False)

    @property
    def months(self) -> range:
        return MONTHS

    @property
    def cells_missed(self) -> int:
        return sum(1 for c in self.cells if c.missed)

    @property
    def rows(self) -> list[CellRow]:
        return self.rows_for(self.cells)

    def rows_for(self, cells: list[Cell]) -> list[CellRow]:
        with no_cyclic_gc():  # twelve months a cell: 108,000 of them for a province's .xlsx
            return [self.row(c) for c in cells]

    def row(self, cell: Cell) -> CellRow:
        months = []
        for month, total, exists in zip(MONTHS, self.summary, cell.active, strict=True):
            if not exists:
                months.append(MonthFigures(State.INACTIVE))
                continue
            figures = MonthFigures(State.MISSED if total.over else State.PENDING)
            key = (cell.id, month)
            found = self.meetings.get(key)
            if found is not None:
                n_held, n_approved, first_day, first_approval, held_id, any_id = found
                figures.meeting_id = held_id or any_id
                if n_held:
                    figures.state, figures.held, figures.approved = State.HELD, n_held, n_approved
                    if first_approval is not None:
                        figures.approval_days = max(0, (first_approval - first_day).days)
            counted = self.people.get(key)
            if counted is not None:
                figures.present, figures.expected = counted
            sent = self.notices.get(key)
            if sent is not None:
                figures.notices = sent[0]
                if sent[2] is not None:
                    figures.notice_late_days = max(0, (sent[2] - sent[1]).days)
            months.append(figures)
        parent_id, parent_name = self.parents.get(cell.path[: -Organization.steplen], (None, ""))
        return CellRow(cell.id, cell.name, parent_id, parent_name, months)


def compliance_units(*, actor: Any) -> QuerySet[Organization]:
    """The units whose cells the actor may review: committees and grassroots committees in scope for VIEW_UNIT,
    and the actor's own top units when those are cells (a cell officer sees their one cell)."""
    qs = scope(Organization.objects.all(), actor, Action.VIEW_UNIT, path_field="path")
    tops = [p for p in units_for(actor, Action.VIEW_UNIT) if p]
    condition = ~Q(kind__in=CELL_KINDS)
    if tops:
        condition |= Q(path__in=tops)
    return qs.filter(condition).order_by("path")


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _active_months(founded_on, dissolved_on, year: int) -> list[bool]:
    """For each month of ``year``: did the cell exist in it (founded by its end, not dissolved before its start)?"""
    return [
        (founded_on is None or founded_on <= _month_end(year, m))
        and (dissolved_on is None or dissolved_on >= datetime.date(year, m, 1))
        for m in MONTHS
    ]


def compliance(
    *, actor: Any, unit: Organization, year: int, today: datetime.date | None = None
) -> Compliance:
    """For every cell under ``unit`` (active in ``year``) and every month: was the monthly meeting held, were its
    minutes approved and how many days after the meeting, did its notice go out on time, and the attendance rate
    (present / expected). Five queries whatever the number of cells: the cells, their parents, and one aggregate
    each over meetings, attendance and notices, grouped by cell and month. Dates are truncated in the database
    (in the installation's time zone): no datetime crosses into Python."""
    require(actor, Action.VIEW_UNIT, unit)
    today = today or timezone.localdate()
    first, after = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    summary = [MonthSummary(month=m, over=_month_end(year, m) < today) for m in MONTHS]
    whole_year = [True] * len(MONTHS)
    cells = []
    for pk, name, path, founded_on, dissolved_on in (
        Organization.objects.filter(path__startswith=unit.path, kind__in=CELL_KINDS)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lt=after))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=first))
        .order_by("path")
        .values_list("id", "name", "path", "founded_on", "dissolved_on")
    ):
        always = (founded_on is None or founded_on <= first) and (
            dissolved_on is None or dissolved_on >= after
        )
        cells.append(
            Cell(pk, name, path, whole_year if always else _active_months(founded_on, dissolved_on, year))
        )
    step = Organization.steplen
    parents = {
        path: (pk, name)
        for pk, path, name in Organization.objects.filter(
            path__in={c.path[:-step] for c in cells if len(c.path) > step}
        ).values_list("id", "path", "name")
    }

    held = Q(status=Meeting.Status.HELD)
    # The first version is the approval (MinutesVersion.number 1): joined in the ON clause, one row per meeting,
    # so plain counts need no DISTINCT.
    meetings = (
        Meeting.objects.filter(organization_path__startswith=unit.path, day__gte=first, day__lt=after)
        .filter(kind__in=MONTHLY_KINDS)
        .exclude(status=Meeting.Status.CANCELLED)
        .annotate(
            month=ExtractMonth("day"),
            approval=FilteredRelation("minutes__versions", condition=Q(minutes__versions__number=1)),
        )
        .values_list("organization_id", "month")
        .annotate(
            held=Count("id", filter=held),
            approved=Count("id", filter=held & Q(minutes__status=Minutes.Status.APPROVED)),
            first_day=Min("day", filter=held),
            first_approval=Min(TruncDate("approval__created_at"), filter=held),
            held_id=Min("id", filter=held),
            any_id=Min("id"),
        )
        .order_by()
    )
    by_month: dict[tuple[int, int], MeetingFacts] = {(r[0], r[1]): r[2:] for r in meetings}
    of_held_meetings = {
        "meeting__organization_path__startswith": unit.path,
        "meeting__day__gte": first,
        "meeting__day__lt": after,
        "meeting__kind__in": MONTHLY_KINDS,
        "meeting__status": Meeting.Status.HELD,
    }
    attendance = (
        Attendance.objects.filter(**of_held_meetings)
        .annotate(month=ExtractMonth("meeting__day"))
        .values_list("meeting__organization_id", "month")
        .annotate(
            called=Count("id"),
            present=Count("id", filter=Q(presence=Attendance.Presence.PRESENT)),
            away=Count("id", filter=Q(presence__in=NOT_EXPECTED)),
        )
        .order_by()
    )
    people = {(org, month): (present, called - away) for org, month, called, present, away in attendance}
    notices = (
        Notice.objects.filter(**of_held_meetings)
        .annotate(month=ExtractMonth("meeting__day"))
        .values_list("meeting__organization_id", "month")
        .annotate(n=Count("id"), due=Min("due_on"), first_sent=Min(TruncDate("sent_at")))
        .order_by()
    )
    notified = {(org, month): (n, due, sent) for org, month, n, due, sent in notices}

    # The summary, straight from the aggregates: no cell-month is laid out here.
    index = {c.id: c for c in cells}
    for c in cells:
        for total, exists in zip(summary, c.active, strict=True):
            if exists:
                total.active += 1
                c.missed += total.over
    for (org, month), (n_held, n_approved, *_rest) in by_month.items():
        cell = index.get(org)
        if cell is None or not n_held or not cell.active[month - 1]:
            continue
        total = summary[month - 1]
        total.met += 1
        total.approved += n_approved >= n_held
        cell.missed -= total.over
        sent = notified.get((org, month))
        if sent is not None and sent[2] is not None and sent[2] <= sent[1]:
            total.notices_on_time += 1
    for (org, month), (present, expected) in people.items():
        if org in index:
            summary[month - 1].present += present
            summary[month - 1].expected += expected
    for total in summary:
        total.missed = total.active - total.met if total.over else 0
    return Compliance(
        unit=unit,
        year=year,
        cells=cells,
        summary=summary,
        parents=parents,
        meetings=by_month,
        people=people,
        notices=notified,
    )


# ------------------------------------------------------------------------------------------ the .xlsx export

PER_MONTH = 4  # columns per month: held, days to approve the minutes, attendance rate, notice


def compliance_workbook(report: Compliance) -> bytes:
    """The compliance table as .xlsx (openpyxl, write-only): per month whether the meeting was held, the days
    until the minutes were approved, the attendance rate and the notice; a summary row at the end."""
    import io

    from django.utils.translation import gettext as _
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Tổng hợp"))
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 28
    for index in range(3, 3 + PER_MONTH * len(MONTHS)):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = "C4"
    bold = Font(bold=True)

    def strong(value: Any) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        return cell

    sheet.append(
        [
            strong(
                _("Tình hình sinh hoạt chi bộ năm %(year)s – %(unit)s")
                % {"year": report.year, "unit": report.unit.name}
            )
        ]
    )
    sheet.append([])
    header = [strong(_("Chi bộ")), strong(_("Trực thuộc"))]
    for month in MONTHS:
        header += [
            strong(_("T%(m)s: sinh hoạt") % {"m": month}),
            strong(_("T%(m)s: thông qua biên bản sau (ngày)") % {"m": month}),
            strong(_("T%(m)s: tỷ lệ dự (%%)") % {"m": month}),
            strong(_("T%(m)s: thông báo") % {"m": month}),
        ]
    sheet.append(header)
    held_text, missed_text = _("Đã họp"), _("✗ chưa họp")
    not_approved = _("Chưa thông qua")
    notice_texts = {
        "on_time": _("Đúng hạn"),
        "late": _("Muộn"),
        "unsent": _("Chưa gửi"),
        "none": _("Không có"),
    }
    for cell in report.cells:
        row = report.row(cell)
        values: list[Any] = [row.name, row.parent_name]
        for m in row.months:
            if m.state == State.HELD:
                days = m.approval_days if m.minutes_approved else not_approved
                values += [held_text, days, m.rate, notice_texts[m.notice_state]]
            elif m.state == State.MISSED:
                values += [missed_text, None, None, None]
            else:
                values += [None] * PER_MONTH
        sheet.append(values)
    footer: list[Any] = [strong(_("Số chi bộ đã họp / tổng số")), None]
    for total in report.summary:
        footer += [f"{total.met}/{total.active}", None, total.rate, total.notices_on_time]
    sheet.append(footer)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- a member's attendance history


@dataclass(slots=True)
class HistoryRow:
    attendance: Attendance
    flagged: bool = False  # part of a run of consecutive unexcused absences


@dataclass
class History:
    member: Member
    rows: list[HistoryRow]
    months: int  # the run length that is flagged
    runs: list[tuple[datetime.date, datetime.date, int]]  # first and last meeting day, length
    present: int  # over the last 12 months
    expected: int
    since: datetime.date

    @property
    def rate(self) -> int | None:
        return percent(self.present, self.expected)


def member_attendance(*, member: Member, months: int, today: datetime.date | None = None) -> History:
    """Every held meeting the member was called to (all their cells, newest first) with presence and reason; the
    attendance rate over the last 12 months (present / expected: exempt and temporarily-elsewhere rows are not
    expected); and the runs of at least ``months`` consecutive monthly meetings missed without a reason
    (``rules.unexcused_absence_runs``). One query. The caller has checked access (``access_member``)."""
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - 11, 12)
    since = datetime.date(year, month + 1, 1)  # the twelve calendar months up to this one
    records = list(
        Attendance.objects.filter(member=member, meeting__status=Meeting.Status.HELD)
        .select_related("meeting", "meeting__organization")
        .order_by("meeting__day", "meeting__time", "meeting_id")
    )
    rows = [HistoryRow(a) for a in records]
    monthly = [r for r in rows if r.attendance.meeting.kind in MONTHLY_KINDS]
    runs = []
    for start, end in rules.unexcused_absence_runs([r.attendance.presence for r in monthly], months=months):
        for r in monthly[start : end + 1]:
            r.flagged = True
        runs.append(
            (monthly[start].attendance.meeting.day, monthly[end].attendance.meeting.day, end - start + 1)
        )
    recent = [a for a in records if since <= a.meeting.day <= today]
    present = sum(a.presence == Attendance.Presence.PRESENT for a in recent)
    expected = sum(a.presence not in NOT_EXPECTED for a in recent)
    rows.reverse()
    return History(member, rows, months, runs, present, expected, since)
