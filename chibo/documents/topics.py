"""Thematic-meeting documents in the Party's layout (HD 36-HD/VPTW): the committee's annual plan of thematic
meetings, and the reports of the cells' quarters and of the topics by category."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chibo.documents.minutes import _place, _superior_heading
from chibo.documents.party_format import Heading, PartyDocument, Signer
from chibo.organizations.models import Organization, Seat
from chibo.topics import exports, reports, rules
from chibo.topics.models import ThematicPlan, Topic

ROMAN = rules.ROMAN


def _heading(committee: Organization, number: str, day: datetime.date) -> Heading:
    parent = Organization.objects.get_parent(committee)
    return Heading(
        superior=_superior_heading(parent.name) if parent else "",
        issuer=committee.name,
        number=number,
        place=_place(committee),
        day=day,
    )


def _signer(committee: Organization, day: datetime.date) -> Signer:
    """The committee's secretary signs for it ("T/M ĐẢNG ỦY, BÍ THƯ"); the name is left to write by hand when no
    secretary's seat is recorded."""
    seat = (
        Seat.objects.filter(organization=committee, role=Seat.Role.SECRETARY, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("-starts_on")
        .first()
    )
    body = _("T/M ĐẢNG ỦY") if not committee.is_cell else _("T/M CHI BỘ")
    return Signer(lines=(body, _("BÍ THƯ")), name=seat.holder_name if seat else "")


def _recipients() -> list[str]:
    return [_("Các chi bộ trực thuộc"), _("Các đồng chí đảng ủy viên"), _("Lưu Văn phòng Đảng ủy")]


def plan_document(
    *, committee: Organization, year: int, plan: ThematicPlan | None, topics: list[Topic]
) -> PartyDocument:
    day = timezone.localdate(plan.published_at) if plan and plan.published_at else timezone.localdate()
    number = _("Số %(n)s-KH/ĐU") % {"n": plan.number if plan and plan.number else "     "}
    doc = PartyDocument(
        heading=_heading(committee, number, day),
        doc_type=_("Kế hoạch"),
        summary=[_("sinh hoạt chuyên đề năm %(year)s") % {"year": year}],
        title=_("Kế hoạch sinh hoạt chuyên đề năm %(year)s") % {"year": year},
    )
    doc.paragraph(
        _(
            "Thực hiện Chỉ thị số 50-CT/TW ngày 23/7/2025 của Bộ Chính trị và Hướng dẫn số 42-HD/BTCTW ngày "
            "28/10/2025 của Ban Tổ chức Trung ương về nâng cao chất lượng sinh hoạt chi bộ, trên cơ sở đăng ký của "
            "các chi bộ trực thuộc, %(unit)s xây dựng kế hoạch sinh hoạt chuyên đề năm %(year)s như sau:"
        )
        % {"unit": committee.name, "year": year}
    )
    doc.labelled(
        _("1. Yêu cầu:"),
        _(
            "Mỗi chi bộ sinh hoạt chuyên đề ít nhất mỗi quý một lần; chuyên đề được cấp ủy chi bộ duyệt trước khi gửi "
            "tới đảng viên; đồng chí đảng ủy viên được phân công dự, theo dõi, nhận xét, đánh giá."
        ),
    )
    doc.labelled(_("2. Nội dung sinh hoạt chuyên đề của các chi bộ:"), "")
    rows = exports.plan_rows(topics)
    doc.grid(
        [
            _("TT"),
            _("Quý"),
            _("Chi bộ"),
            _("Tên chuyên đề"),
            _("Nhóm chuyên đề"),
            _("Người chuẩn bị"),
            _("Đảng ủy viên dự"),
        ],
        rows,
        widths_mm=[10, 13, 27, 40, 27, 24, 24],
    )
    doc.labelled(
        _("3. Tổ chức thực hiện:"),
        _(
            "Các chi bộ triển khai sinh hoạt theo kế hoạch, ghi biên bản và báo cáo kết quả về Văn phòng Đảng ủy; "
            "các đồng chí đảng ủy viên dự và gửi nhận xét, đánh giá để báo cáo Ban Thường vụ."
        ),
    )
    doc.signature(signer=_signer(committee, day), recipients=_recipients())
    return doc


def compliance_document(*, report: reports.Compliance) -> PartyDocument:
    day = timezone.localdate()
    doc = PartyDocument(
        heading=_heading(report.unit, _("Số      -BC/ĐU"), day),
        doc_type=_("Báo cáo"),
        summary=[_("tình hình sinh hoạt chuyên đề của các chi bộ năm %(year)s") % {"year": report.year}],
    )
    missed = len(report.cells_missed)
    doc.paragraph(
        _("%(unit)s có %(n)s chi bộ; %(missed)s chi bộ có quý không sinh hoạt chuyên đề.")
        % {"unit": report.unit.name, "n": len(report.rows), "missed": missed}
    )
    rows: list[list[Any]] = []
    for i, row in enumerate(report.rows, start=1):
        cells = [
            reports.state_label(q.state) + (_(" (đăng ký muộn)") if q.late else "") for q in row.quarters
        ]
        rows.append([i, row.name, *cells])
    rows.append(
        ["", _("Số chi bộ đã sinh hoạt / tổng số")] + [f"{s.held}/{s.active}" for s in report.summary]
    )
    doc.grid(
        [_("TT"), _("Chi bộ"), *[_("Quý %(q)s") % {"q": ROMAN[q]} for q in reports.QUARTERS]],
        rows,
        widths_mm=[10, 47, 27, 27, 27, 27],
    )
    doc.signature(
        signer=_signer(report.unit, day), recipients=[_("Ban Thường vụ"), _("Lưu Văn phòng Đảng ủy")]
    )
    return doc


def categories_document(*, report: reports.Categories) -> PartyDocument:
    day = timezone.localdate()
    period = reports.period_label(report.start, report.end)
    doc = PartyDocument(
        heading=_heading(report.unit, _("Số      -BC/ĐU"), day),
        doc_type=_("Báo cáo"),
        summary=[_("kết quả sinh hoạt chuyên đề theo nhóm nội dung"), period],
    )
    counted = _("sinh hoạt") if report.basis == reports.Basis.HELD else _("đăng ký")
    doc.paragraph(
        _("Trong thời gian %(period)s, các chi bộ thuộc %(unit)s đã %(counted)s %(n)s chuyên đề, trong đó:")
        % {"period": period, "unit": report.unit.name, "counted": counted, "n": report.total}
    )
    rows = [[r.category.name, r.count, r.share_text, reports.flag_label(r, report)] for r in report.rows]
    rows.append([_("Tổng số"), report.total, "100" if report.total else "—", ""])
    doc.grid(
        [_("Nhóm chuyên đề"), _("Số chuyên đề"), _("Tỷ lệ (%)"), _("Ghi chú")],
        rows,
        widths_mm=[68, 30, 25, 42],
    )
    if report.flagged:
        doc.paragraph(
            _("Nội dung sinh hoạt chuyên đề chưa cân đối: %(list)s.")
            % {"list": "; ".join(f"{r.category.name} {r.share_text}\u00a0%" for r in report.flagged)}
        )
    doc.signature(
        signer=_signer(report.unit, day), recipients=[_("Ban Thường vụ"), _("Lưu Văn phòng Đảng ủy")]
    )
    return doc


def topics_docx(kind: str, **context: Any) -> bytes:
    builders: dict[str, Callable[..., PartyDocument]] = {
        "plan": plan_document,
        "compliance": compliance_document,
        "categories": categories_document,
    }
    build = builders[kind]
    with translation.override("vi"):  # a Party document is Vietnamese whatever the reader's language
        return build(**context).to_bytes()
