"""The committee's view of its cells' meetings (issue 4, "After the meeting"): the monthly compliance table, as a
page and as .xlsx, and a member's attendance history with consecutive unexcused absences flagged.

Both go through the gate: the unit through ``access_organization`` (VIEW_UNIT), the member through
``access_member`` (a member sees their own; officers in scope). Out of scope and missing answer 404.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.files import XLSX, attachment
from chibo.core.pagination import paginate
from chibo.meetings import reports
from chibo.members.selectors import access_member
from chibo.organizations.access import Action, access_organization
from chibo.rulesets.selectors import NoRuleSetInForce, ruleset_on

ROWS_PER_PAGE = 100


def year_from(raw: str | None, today: datetime.date) -> tuple[int, str]:
    """The year asked for, or this year with a message naming the field."""
    if not raw:
        return today.year, ""
    try:
        year = int(raw)
    except ValueError:
        year = 0
    if not 2000 <= year <= today.year + 1:
        return today.year, _("Năm “%(value)s” không hợp lệ: hãy nhập một năm từ 2000 đến %(last)s.") % {
            "value": raw,
            "last": today.year + 1,
        }
    return year, ""


def chosen_unit(request) -> tuple[Any, list[tuple[int, str]]]:
    """The unit the query string asks for (``don-vi``: a unit in scope, else 404; by default the user's top unit)
    and the units to choose from, indented by depth. Shared by the committee's reports."""
    units = list(reports.compliance_units(actor=request.user).only("id", "name", "depth", "kind", "path"))
    raw_unit = request.GET.get("don-vi")
    if raw_unit:
        unit = access_organization(request.user, raw_unit, Action.VIEW_UNIT)
        if all(u.pk != unit.pk for u in units):
            units.insert(0, unit)
    elif units:
        unit = units[0]
    else:
        raise Http404
    top = min(u.depth for u in units)
    return unit, [(u.pk, "\u00a0\u00a0" * (u.depth - top) + u.name) for u in units]


def _report(request) -> tuple[reports.Compliance, list[tuple[int, str]], str]:
    """The report the query string asks for: ``don-vi`` (``chosen_unit``) and ``nam`` (the year)."""
    today = timezone.localdate()
    unit, choices = chosen_unit(request)
    year, error = year_from(request.GET.get("nam"), today)
    return reports.compliance(actor=request.user, unit=unit, year=year, today=today), choices, error


@login_required
def compliance(request):
    """For every cell under a unit and every month of a year: held or not, minutes approved and how late,
    attendance rate; a summary row; only the cells that missed a month on request."""
    report, units, error = _report(request)
    only_missed = request.GET.get("thieu") == "1"
    cells = [c for c in report.cells if c.missed] if only_missed else report.cells
    page = paginate(cells, page=request.GET.get("trang"), per_page=ROWS_PER_PAGE)
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "meetings/committee/compliance.html",
        {
            "report": report,
            "units": units,
            "page": page,
            "rows": report.rows_for(page.rows),  # only the cells of this page are laid out month by month
            "only_missed": only_missed,
            "error": error,
            "query": query.urlencode(),
            "months": list(reports.MONTHS),
            "states": reports.State,
        },
    )


@login_required
def compliance_xlsx(request):
    report, _units, _error = _report(request)
    return attachment(
        reports.compliance_workbook(report), XLSX, f"sinh-hoat-{report.year}-{report.unit.pk}.xlsx"
    )


def _absence_months(today: datetime.date) -> int:
    """How many consecutive unexcused absences are flagged: the rule set's value when it holds one, else the
    Charter's three (Điều lệ Đảng, Điều 8.2)."""
    try:
        values: dict[str, Any] = ruleset_on(today).values
    except NoRuleSetInForce:
        values = {}
    return int(values.get("members", {}).get("unexcused_absence_months_for_removal", 3))


@login_required
def member_attendance(request, member_pk: int):
    """A member's attendance history: each meeting of their cells with presence and reason, the rate over the
    last 12 months, and consecutive unexcused absences flagged."""
    member = access_member(request.user, member_pk)
    today = timezone.localdate()
    history = reports.member_attendance(member=member, months=_absence_months(today), today=today)
    page = paginate(cast(Any, history.rows), page=request.GET.get("trang"))  # a list slices like a queryset
    return render(
        request,
        "meetings/committee/member_attendance.html",
        {"member": member, "history": history, "page": page},
    )


urlpatterns = [
    path("tong-hop/", compliance, name="compliance"),
    path("tong-hop/excel/", compliance_xlsx, name="compliance_xlsx"),
    path("dang-vien/<int:member_pk>/", member_attendance, name="member_attendance"),
]
