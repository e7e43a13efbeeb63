"""Quality-review documents in the Party's layout (HD 36-HD/VPTW): the cell's list of its members' levels (the
proposal sent to the committee above), and the minutes of the cell's review meeting (biên bản hội nghị kiểm điểm,
đánh giá, xếp loại chất lượng), from what the work app computed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chibo.documents.party_format import PartyDocument, Signer
from chibo.documents.topics import _heading, _signer
from chibo.organizations.models import Organization
from chibo.work.quality import period_label


def _grid(doc: PartyDocument, header: list[str], rows: list[list[Any]]) -> None:
    printable = [
        [r[0], r[1], f"{r[2]:g}".replace(".", ",") if r[2] is not None else "", r[3], r[4], r[5]]
        for r in rows
    ]
    doc.grid([str(h) for h in header[:6]], printable, widths_mm=[10, 50, 18, 29, 29, 29])


def _results(doc: PartyDocument, header, rows: list[list[Any]], counts, warnings) -> None:
    """The list of members with their levels, the count of each level, and the cap's warnings."""
    _grid(doc, header, rows)
    doc.paragraph("; ".join(f"{name}: {n}" for name, n in counts) + ".")
    for warning in warnings:
        doc.paragraph(_("Lưu ý: %(w)s") % {"w": warning.text})


def list_document(
    *,
    organization: Organization,
    year: int,
    quarter: int,
    header,
    rows: list[list[Any]],
    counts,
    warnings,
    **_x,
) -> PartyDocument:
    period = period_label(year, quarter)
    day = timezone.localdate()
    doc = PartyDocument(
        heading=_heading(organization, _("Số      -DS/CB"), day),
        doc_type=_("Danh sách"),
        summary=[_("đề nghị xếp loại chất lượng đảng viên %(p)s") % {"p": period}],
    )
    doc.paragraph(
        _(
            "Căn cứ Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị và Hướng dẫn số 43-HD/BTCTW ngày "
            "31/10/2025 của Ban Tổ chức Trung ương về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm, %(unit)s "
            "đề nghị xếp loại chất lượng đảng viên %(p)s như sau:"
        )
        % {"unit": organization.name, "p": period}
    )
    _results(doc, header, rows, counts, warnings)
    doc.signature(signer=_signer(organization, day), recipients=[_("Đảng ủy cấp trên"), _("Lưu chi bộ")])
    return doc


def minutes_document(
    *,
    organization: Organization,
    year: int,
    quarter: int,
    header,
    rows: list[list[Any]],
    counts,
    warnings,
    own,
    names: dict[str, str],
    members: int,
    **_x,
) -> PartyDocument:
    period = period_label(year, quarter)
    day = timezone.localdate()
    doc = PartyDocument(
        heading=_heading(organization, _("Số      -BB/CB"), day),
        doc_type=_("Biên bản"),
        summary=[_("hội nghị kiểm điểm, đánh giá, xếp loại chất lượng %(p)s") % {"p": period}],
    )
    doc.labelled(_("Thời gian:"), _("......giờ......, ngày......tháng......năm......"))
    doc.labelled(_("Địa điểm:"), "")
    doc.labelled(
        _("Thành phần:"),
        _("Tổng số đảng viên: %(n)s; có mặt: ......; vắng mặt: ...... (lý do: ......).") % {"n": members},
    )
    doc.labelled(_("Chủ trì:"), "")
    doc.labelled(_("Thư ký:"), "")
    doc.labelled(_("I. Nội dung"), "")
    doc.paragraph(
        _(
            "Hội nghị nghe đồng chí chủ trì quán triệt Quy định số 366-QĐ/TW và Hướng dẫn số 43-HD/BTCTW; từng "
            "đồng chí đảng viên trình bày bản tự kiểm điểm, tự chấm điểm và tự xếp loại; hội nghị góp ý, nhận xét "
            "và biểu quyết đề xuất mức xếp loại."
        )
    )
    if own is not None:
        doc.paragraph(
            _("Chi bộ tự đánh giá %(points)s điểm, tự xếp loại: %(level)s.")
            % {
                "points": f"{own.general_points + own.task_points:f}".replace(".", ","),
                "level": names.get(own.self_level, ""),
            }
        )
    doc.labelled(_("II. Kết quả đề xuất xếp loại chất lượng đảng viên"), "")
    _results(doc, header, rows, counts, warnings)
    doc.paragraph(
        _(
            "Hội nghị kết thúc lúc ......giờ...... cùng ngày; biên bản đã được đọc lại và hội nghị nhất trí thông qua."
        )
    )
    doc.signature(
        signer=Signer(lines=(_("CHỦ TRÌ"),), name=""), co_signer=Signer(lines=(_("THƯ KÝ"),), name="")
    )
    return doc


def reviews_docx(kind: str, **context: Any) -> bytes:
    builders: dict[str, Callable[..., PartyDocument]] = {"list": list_document, "minutes": minutes_document}
    with translation.override("vi"):  # a Party document is Vietnamese whatever the reader's language
        return builders[kind](**context).to_bytes()
