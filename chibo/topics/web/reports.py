"""What the committee sees: the cells' quarters of a year and the topics by category over a period, as pages
(with a chart), .xlsx and .docx. The unit comes through the gate (``access_organization``, VIEW_UNIT)."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.files import DOCX, XLSX, attachment
from chibo.meetings.web.committee import chosen_unit, year_from
from chibo.meetings.web.documents import documents_app
from chibo.organizations.access import Action, allowed
from chibo.topics import exports, reports, rules
from chibo.topics.forms import ROMAN

FIRST_YEAR = 2000


def _compliance(request):
    today = timezone.localdate()
    unit, units = chosen_unit(request)
    year, error = year_from(request.GET.get("nam"), today)
    return reports.compliance(actor=request.user, unit=unit, year=year, today=today), units, error


@login_required
def compliance(request):
    report, units, error = _compliance(request)
    only_missed = request.GET.get("thieu") == "1"
    rows = report.cells_missed if only_missed else report.rows
    query = request.GET.copy()
    return render(
        request,
        "topics/compliance.html",
        {
            "report": report,
            "rows": rows,
            "units": units,
            "error": error,
            "only_missed": only_missed,
            "query": query.urlencode(),
            "roman": ROMAN,
            "Q": {s.name: s.value for s in rules.QuarterState},  # a dict: templates would call the enum
            "can_plan": allowed(request.user, Action.PLAN_TOPICS, report.unit),
        },
    )


@login_required
def compliance_xlsx(request):
    report, _units, _error = _compliance(request)
    return attachment(
        exports.compliance_workbook(report), XLSX, f"chuyen-de-{report.year}-{report.unit.pk}.xlsx"
    )


@login_required
def compliance_docx(request):
    report, _units, _error = _compliance(request)
    data = documents_app().topics_document("compliance", report=report)
    return attachment(data, DOCX, f"bao-cao-chuyen-de-{report.year}-{report.unit.pk}.docx")


QUARTER_PATTERN = re.compile(r"^(\d{4})-([1-4])$")


def _quarter(raw: str | None, default: tuple[int, int], label: str) -> tuple[tuple[int, int], str]:
    """A quarter written "2013-1" (the form's year and quarter fields send it so), or the default with a message
    that names the field."""
    if not raw:
        return default, ""
    found = QUARTER_PATTERN.match(raw.strip())
    if not found or not FIRST_YEAR <= int(found.group(1)) <= 2100:
        return default, _("%(field)s “%(value)s” không hợp lệ: hãy chọn năm và quý.") % {
            "field": label,
            "value": raw,
        }
    return (int(found.group(1)), int(found.group(2))), ""


def _categories(request):
    today = timezone.localdate()
    unit, units = chosen_unit(request)
    errors = []
    start, error = _quarter(
        (request.GET.get("tu-nam") or "") + "-" + (request.GET.get("tu-quy") or "")
        if request.GET.get("tu-nam")
        else None,
        (today.year, 1),
        _("Từ quý"),
    )
    errors.append(error)
    end, error = _quarter(
        (request.GET.get("den-nam") or "") + "-" + (request.GET.get("den-quy") or "")
        if request.GET.get("den-nam")
        else None,
        (today.year, 4),
        _("Đến quý"),
    )
    errors.append(error)
    if end < start:
        errors.append(_("“Đến quý” phải sau “Từ quý”: đã đổi chỗ hai quý."))
        start, end = end, start
    basis = (
        reports.Basis.REGISTERED
        if request.GET.get("tinh") == reports.Basis.REGISTERED
        else reports.Basis.HELD
    )
    report = reports.categories(actor=request.user, unit=unit, start=start, end=end, basis=basis)
    return report, units, [e for e in errors if e]


@login_required
def categories(request):
    report, units, errors = _categories(request)
    bars = [
        {"row": r, "width": round(100 * r.count / report.widest, 1) if report.widest else 0}
        for r in report.rows
    ]
    return render(
        request,
        "topics/categories.html",
        {
            "report": report,
            "units": units,
            "errors": errors,
            "bars": bars,
            "period": reports.period_label(report.start, report.end),
            "query": request.GET.urlencode(),
            "roman": ROMAN,
            "Basis": reports.Basis,
        },
    )


@login_required
def categories_xlsx(request):
    report, _units, _errors = _categories(request)
    return attachment(exports.categories_workbook(report), XLSX, f"chuyen-de-theo-nhom-{report.unit.pk}.xlsx")


@login_required
def categories_docx(request):
    report, _units, _errors = _categories(request)
    data = documents_app().topics_document("categories", report=report)
    return attachment(data, DOCX, f"bao-cao-chuyen-de-theo-nhom-{report.unit.pk}.docx")


urlpatterns = [
    path("tong-hop/", compliance, name="compliance"),
    path("tong-hop/excel/", compliance_xlsx, name="compliance_xlsx"),
    path("tong-hop/word/", compliance_docx, name="compliance_docx"),
    path("theo-nhom/", categories, name="categories"),
    path("theo-nhom/excel/", categories_xlsx, name="categories_xlsx"),
    path("theo-nhom/word/", categories_docx, name="categories_docx"),
]
