"""Party fees (đảng phí): the cell's monthly fee sheet. The amount due per member comes from the rule set in force
on the month's first day (``values["fees"]``: 1 % of the salary, 0.5 % of a pension, the students' sum); what was
paid is recorded at the meeting or as paid through the national portal; members with the rule set's number of
unpaid months in the year (3) are flagged, as Charter art. 8 requires. The sheet downloads as .xlsx."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from chibo.core.audit import audit_record
from chibo.core.files import XLSX, attachment, xlsx_table
from chibo.members.models import Member
from chibo.organizations.access import Action, access_organization, allowed, require
from chibo.organizations.models import Organization
from chibo.rulesets.selectors import ruleset_on
from chibo.work import rules
from chibo.work.models import FeeRecord


def vnd(amount: int) -> str:
    """ "85.000": đồng grouped by thousands with points, as Vietnamese writes them."""
    return f"{amount:,}".replace(",", ".")


@dataclass
class Line:
    member: Member
    record: FeeRecord | None
    kind: str
    base_vnd: int
    due_vnd: int
    unpaid: list[int]
    flagged: bool

    @property
    def due_text(self) -> str:
        return vnd(self.due_vnd)


@dataclass
class Sheet:
    organization: Organization
    year: int
    month: int
    lines: list[Line]
    fees: dict[str, Any]

    @property
    def due(self) -> int:
        return sum(line.due_vnd for line in self.lines)

    @property
    def paid(self) -> int:
        return sum(line.record.paid_vnd for line in self.lines if line.record)

    @property
    def due_text(self) -> str:
        return vnd(self.due)

    @property
    def paid_text(self) -> str:
        return vnd(self.paid)

    @property
    def flagged(self) -> list[Line]:
        return [line for line in self.lines if line.flagged]


def fee_sheet(*, organization: Organization, year: int, month: int) -> Sheet:
    """The month's sheet: each active member with this month's record, or the basis carried over from their
    latest earlier record; the months unpaid this year through this one. Three queries."""
    fees = ruleset_on(datetime.date(year, month, 1)).values["fees"]
    members = list(
        Member.objects.filter(organization=organization, status__in=Member.ACTIVE_STATUSES).order_by(
            "sort_key"
        )
    )
    records = list(
        FeeRecord.objects.filter(member__in=members, year__lte=year)
        .filter(year__gte=year - 1)
        .order_by("member_id", "year", "month")
    )
    this_month: dict[int, FeeRecord] = {}
    latest: dict[int, FeeRecord] = {}
    paid: dict[int, dict[int, bool]] = {}
    for record in records:
        if (record.year, record.month) <= (year, month):
            latest[record.member_id] = record
        if (record.year, record.month) == (year, month):
            this_month[record.member_id] = record
        if record.year == year:
            paid.setdefault(record.member_id, {})[record.month] = record.paid_in_full
    # The cell's first month kept in the system this year: earlier months are not judged (the sheet was on paper).
    first_month = min((r.month for r in records if r.year == year), default=month + 1)
    lines = []
    for member in members:
        current = this_month.get(member.pk)
        basis = current or latest.get(member.pk)
        kind = basis.kind if basis else rules.FeeKind.SALARY
        base = basis.base_vnd if basis else 0
        due = current.due_vnd if current else rules.fee_due(kind=kind, base_vnd=base, fees=fees)
        unpaid = rules.unpaid_months(paid.get(member.pk, {}), through_month=month, from_month=first_month)
        lines.append(
            Line(member, current, kind, base, due, unpaid, rules.removal_proposed(unpaid, fees=fees))
        )
    return Sheet(organization, year, month, lines, fees)


@transaction.atomic
def fees_record(
    *, actor: Any, organization: Organization, year: int, month: int, rows: dict[int, dict[str, Any]]
) -> int:
    """Save the month's sheet, all or nothing: member id -> kind, base, paid, paid_on, channel. The amount due is
    computed here from the rule set of the month; nothing a form sends overrides it."""
    require(actor, Action.RUN_MEETINGS, organization)
    fees = ruleset_on(datetime.date(year, month, 1)).values["fees"]
    members = {m.pk: m for m in Member.objects.filter(organization=organization, pk__in=list(rows))}
    problems = []
    for pk, row in rows.items():
        name = members[pk].full_name if pk in members else str(pk)
        if pk not in members:
            problems.append(_("Dòng %(name)s: không phải đảng viên của chi bộ.") % {"name": name})
        if row["kind"] not in rules.FeeKind.__members__.values():
            problems.append(_("Dòng %(name)s: căn cứ tính đảng phí không hợp lệ.") % {"name": name})
        for field, label in (("base_vnd", _("mức lương")), ("paid_vnd", _("số tiền đã nộp"))):
            if row[field] is None or row[field] < 0:
                problems.append(
                    _("Dòng %(name)s: %(field)s phải là số đồng không âm.") % {"name": name, "field": label}
                )
        if row["channel"] not in FeeRecord.Channel.values:
            problems.append(_("Dòng %(name)s: hình thức nộp không hợp lệ.") % {"name": name})
    if problems:
        raise ValidationError(problems)
    for pk, row in rows.items():
        due = rules.fee_due(kind=row["kind"], base_vnd=row["base_vnd"], fees=fees)
        FeeRecord.objects.update_or_create(
            member_id=pk,
            year=year,
            month=month,
            defaults={
                "organization": organization,
                "kind": row["kind"],
                "base_vnd": row["base_vnd"],
                "due_vnd": due,
                "paid_vnd": row["paid_vnd"],
                "paid_on": row["paid_on"] if row["paid_vnd"] else None,
                "channel": row["channel"],
                "recorded_by": actor,
            },
        )
    audit_record(
        actor=actor,
        action="fees_record",
        obj=organization,
        organization=organization,
        changes={"month": f"{month}/{year}", "members": str(len(rows))},
    )
    return len(rows)


def _number(raw: str | None) -> int | None:
    text = (raw or "").replace(".", "").replace(",", "").replace(" ", "").strip()
    if not text:
        return 0
    return int(text) if text.isdigit() else None


def _month(request) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year, month = int(request.GET.get("nam") or today.year), int(request.GET.get("thang") or today.month)
    except ValueError:
        return today.year, today.month
    if not (2000 <= year <= today.year + 1 and 1 <= month <= 12):
        return today.year, today.month
    return year, month


@login_required
def cell_fees(request, pk: int):
    organization = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    year, month = _month(request)
    can_run = allowed(request.user, Action.RUN_MEETINGS, organization)
    error: list[str] = []
    if request.method == "POST":
        access_organization(request.user, pk, Action.RUN_MEETINGS)  # 404, as every refused write
        ids = [int(i) for i in request.POST.getlist("member") if i.isdigit()]
        rows = {
            i: {
                "kind": request.POST.get(f"kind_{i}", ""),
                "base_vnd": _number(request.POST.get(f"base_{i}")),
                "paid_vnd": _number(request.POST.get(f"paid_{i}")),
                "paid_on": parse_date(request.POST.get("paid_on") or "") or timezone.localdate(),
                "channel": request.POST.get(f"channel_{i}", FeeRecord.Channel.CELL),
            }
            for i in ids
        }
        try:
            n = fees_record(actor=request.user, organization=organization, year=year, month=month, rows=rows)
        except ValidationError as exc:
            error = exc.messages
        else:
            messages.success(
                request,
                _("Đã lưu đảng phí tháng %(m)s/%(y)s của %(n)s đảng viên.") % {"m": month, "y": year, "n": n},
            )
            return redirect(f"{request.path}?nam={year}&thang={month}")
    sheet = fee_sheet(organization=organization, year=year, month=month)
    return render(
        request,
        "work/fees.html",
        {
            "sheet": sheet,
            "organization": organization,
            "can_run": can_run,
            "errors": error,
            "kinds": FeeRecord.Kind.choices,
            "channels": FeeRecord.Channel.choices,
            "months": range(1, 13),
            "today": timezone.localdate(),
        },
    )


@login_required
def cell_fees_xlsx(request, pk: int):
    organization = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    year, month = _month(request)
    sheet = fee_sheet(organization=organization, year=year, month=month)
    kinds = {k: str(v) for k, v in FeeRecord.Kind.choices}
    channels = {k: str(v) for k, v in FeeRecord.Channel.choices}
    rows: list[list[Any]] = []
    for i, line in enumerate(sheet.lines, start=1):
        record = line.record
        rows.append(
            [
                i,
                line.member.full_name,
                kinds[line.kind],
                line.base_vnd,
                line.due_vnd,
                record.paid_vnd if record else 0,
                record.paid_on if record else None,
                channels[record.channel] if record and record.paid_vnd else "",
                len(line.unpaid),
            ]
        )
    rows.append(["", _("Tổng cộng"), "", "", sheet.due, sheet.paid])
    data = xlsx_table(
        sheet=_("Đảng phí"),
        title=_("Sổ thu đảng phí tháng %(m)s/%(y)s – %(unit)s")
        % {"m": month, "y": year, "unit": organization.name},
        header=[
            _("TT"),
            _("Họ và tên"),
            _("Căn cứ"),
            _("Mức lương, lương hưu (đồng)"),
            _("Phải nộp (đồng)"),
            _("Đã nộp (đồng)"),
            _("Ngày nộp"),
            _("Hình thức nộp"),
            _("Số tháng chưa nộp trong năm"),
        ],
        rows=rows,
    )
    return attachment(data, XLSX, f"dang-phi-{year}-{month:02d}-{pk}.xlsx")


urlpatterns = [
    path("chi-bo/<int:pk>/dang-phi/", cell_fees, name="fees"),
    path("chi-bo/<int:pk>/dang-phi/excel/", cell_fees_xlsx, name="fees_xlsx"),
]
