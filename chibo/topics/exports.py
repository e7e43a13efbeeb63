"""The thematic plan and the committee's reports as .xlsx (openpyxl, write-only), read back in the tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from chibo.organizations.models import Organization
from chibo.topics import reports, rules
from chibo.topics.models import Topic

ROMAN = rules.ROMAN


def _book(
    title: str, sheet_name: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int]
) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    for letter, width in zip("ABCDEFGHIJ", widths, strict=False):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)

    def strong(value: Any) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        return cell

    sheet.append([strong(title)])
    sheet.append([])
    sheet.append([strong(h) for h in headers])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def plan_rows(topics: list[Topic]) -> list[list[Any]]:
    """The plan's lines, as the .xlsx and the .docx print them: number, quarter, cell, topic, category, presenter,
    the committee member who attends."""
    rows = []
    for i, topic in enumerate(topics, start=1):
        supervision = getattr(topic, "supervision", None)
        rows.append(
            [
                i,
                ROMAN[topic.quarter],
                topic.organization.name,
                topic.title,
                topic.category.name,
                topic.presenter.full_name if topic.presenter else "",
                supervision.supervisor_name if supervision else "",
            ]
        )
    return rows


def plan_workbook(*, committee: Organization, year: int, topics: list[Topic]) -> bytes:
    rows = [[*row, topic.get_status_display()] for row, topic in zip(plan_rows(topics), topics, strict=True)]
    return _book(
        _("Kế hoạch sinh hoạt chuyên đề năm %(year)s – %(unit)s") % {"year": year, "unit": committee.name},
        _("Kế hoạch"),
        [
            _("TT"),
            _("Quý"),
            _("Chi bộ"),
            _("Tên chuyên đề"),
            _("Nhóm chuyên đề"),
            _("Người chuẩn bị"),
            _("Đảng ủy viên dự"),
            _("Tình trạng"),
        ],
        rows,
        [6, 6, 30, 50, 30, 24, 24, 22],
    )


def compliance_workbook(report: reports.Compliance) -> bytes:
    rows: list[list[Any]] = []
    for row in report.rows:
        values: list[Any] = [row.name, row.parent_name]
        values.extend(
            reports.state_label(q.state) + (_(" (đăng ký muộn)") if q.late else "") for q in row.quarters
        )
        rows.append(values)
    rows.append(
        [_("Số chi bộ đã sinh hoạt / tổng số"), ""] + [f"{s.held}/{s.active}" for s in report.summary]
    )
    rows.append([_("Số chi bộ đã đánh giá"), ""] + [s.evaluated for s in report.summary])
    rows.append([_("Số chi bộ không sinh hoạt chuyên đề"), ""] + [s.missed for s in report.summary])
    return _book(
        _("Tình hình sinh hoạt chuyên đề năm %(year)s – %(unit)s")
        % {"year": report.year, "unit": report.unit.name},
        _("Theo quý"),
        [_("Chi bộ"), _("Trực thuộc"), *[_("Quý %(q)s") % {"q": ROMAN[q]} for q in reports.QUARTERS]],
        rows,
        [32, 28, 26, 26, 26, 26],
    )


def categories_workbook(report: reports.Categories) -> bytes:
    rows: list[list[Any]] = [
        [
            r.category.name,
            r.count,
            None if r.share is None else round(r.share, 1),
            reports.flag_label(r, report),
        ]
        for r in report.rows
    ]
    rows.append([_("Tổng số"), report.total, 100 if report.total else None, ""])
    return _book(
        _("Chuyên đề theo nhóm nội dung %(period)s – %(unit)s")
        % {"period": reports.period_label(report.start, report.end), "unit": report.unit.name},
        _("Theo nhóm"),
        [_("Nhóm chuyên đề"), _("Số chuyên đề"), _("Tỷ lệ (%)"), _("Ghi chú")],
        rows,
        [44, 14, 12, 34],
    )
