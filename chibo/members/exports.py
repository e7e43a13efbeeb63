"""Exports of the member register: the filtered list as .xlsx (the import layout, so that an export can be
imported again) and a member's profile as .docx in the Party's document layout (HD 36-HD/VPTW, DOMAIN.md "Party
documents"). Both read through the selectors, so both are scoped by the gate."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator, Mapping
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chibo.members import rules
from chibo.members.imports import COLUMNS, HEADERS
from chibo.members.models import Member, Membership
from chibo.members.selectors import MemberFilters, member_gaps, member_list
from chibo.organizations.access import Action, access_organization
from chibo.organizations.models import Organization

EXPORT_HEADERS = [*HEADERS, "Tuổi đảng"]
DATE_FORMAT = "DD/MM/YYYY"


def _int(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= 120 else None


def filters_from_query(query: Mapping[str, Any], actor: Any) -> MemberFilters:
    """The register list's filters from its query string: ``to_chuc`` (a unit's id, 404 when out of scope),
    ``q``, ``tinh_trang`` (repeatable), ``trinh_do``, ``ly_luan``, ``tuoi_tu``, ``tuoi_den`` (party age in years).
    Unknown values are ignored, as the list page's form ignores an invalid filter."""
    organization = None
    unit = (query.get("to_chuc") or "").strip()
    if unit:
        organization = access_organization(actor, unit, Action.VIEW_MEMBERS)
    statuses = query.getlist("tinh_trang") if hasattr(query, "getlist") else query.get("tinh_trang") or []
    if isinstance(statuses, str):
        statuses = [statuses]
    education = query.get("trinh_do") or ""
    theory = query.get("ly_luan") or ""
    age_min, age_max = _int(query.get("tuoi_tu")), _int(query.get("tuoi_den"))
    if age_min is not None and age_max is not None and age_min > age_max:
        age_min = age_max = None
    return MemberFilters(
        organization=organization,
        query=(query.get("q") or "").strip()[:100],
        statuses=[s for s in statuses if s in Member.Status.values],
        education=education if education in Member.Education.values else "",
        theory=theory if theory in Member.Theory.values else "",
        age_min=age_min,
        age_max=age_max,
    )


def _register_values(member: Member, today: datetime.date) -> list[Any]:
    """One member in the import layout (COLUMNS order), plus party age."""
    values = {
        "citizen_id": member.citizen_id,
        "sex": member.get_sex_display(),
        "education": member.get_education_display() if member.education else "",
        "political_theory": member.get_political_theory_display() if member.political_theory else "",
        "status": member.get_status_display(),
        "cell_code": member.organization.code,
        "cell_name": member.organization.name,
    }
    row = [values[c.field] if c.field in values else getattr(member, c.field) for c in COLUMNS]
    row = [None if v == "" else v for v in row]  # an empty cell, not an empty text
    row.append(rules.completed_years(member.party_age_from, today) if member.party_age_from <= today else 0)
    return row


def register_rows(
    *, actor: Any, filters: MemberFilters, today: datetime.date | None = None
) -> Iterator[list]:
    today = today or timezone.localdate()
    for member in member_list(actor=actor, filters=filters, today=today).iterator(chunk_size=2000):
        yield _register_values(member, today)


def register_workbook(*, actor: Any, filters: MemberFilters, today: datetime.date | None = None) -> bytes:
    """The filtered register as .xlsx, written in openpyxl's write-only mode: one query whatever the number of
    members. It stays Vietnamese in every interface language (headers and labels): it is the import layout."""
    today = today or timezone.localdate()
    with translation.override("vi"):
        return _register_workbook(actor, filters, today)


def _register_workbook(actor: Any, filters: MemberFilters, today: datetime.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dang vien")
    widths = [max(12, len(h) + 4) for h in EXPORT_HEADERS]
    widths[1] = 28  # the name
    widths[-2] = 30  # the cell
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in EXPORT_HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    date_columns = [i for i, c in enumerate(COLUMNS) if c.field.endswith("_on")]
    for row in register_rows(actor=actor, filters=filters, today=today):
        for i in date_columns:
            if row[i] is not None:
                cell = WriteOnlyCell(sheet, value=row[i])
                cell.number_format = DATE_FORMAT
                row[i] = cell
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------- the profile (.docx)

FONT = "Times New Roman"


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _set_font(run: Any, *, size: float = 14, bold: bool = False, italic: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _paragraph(container: Any, text: str = "", *, align: str = "left", size: float = 14, **style: Any) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    paragraph.paragraph_format.space_after = Pt(0)
    if text:
        _set_font(paragraph.add_run(text), size=size, **style)
    return paragraph


def _underline_paragraph(paragraph: Any) -> None:
    """The short line under the heading, as a bottom border of its paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    properties.append(borders)


def _table(document: Any, headers: list[str], rows: list[list[str]], widths_mm: list[float]) -> None:
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, title, width in zip(table.rows[0].cells, headers, widths_mm, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0].text = ""
        _set_font(cell.paragraphs[0].add_run(title), size=13, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for cell, value, width in zip(cells, values, widths_mm, strict=True):
            cell.width = Mm(width)
            _set_font(cell.paragraphs[0].add_run(value), size=13)


def profile_document(member: Member, *, today: datetime.date | None = None) -> bytes:
    """A member's profile (sơ yếu lý lịch đảng viên) as .docx: A4, margins 20/20/30/15 mm, Times New Roman 14,
    "ĐẢNG CỘNG SẢN VIỆT NAM" top right in bold 15 pt with a line under it, the superior committee and the cell
    top left, the title, the profile fields, then the histories (membership, status, gaps, badges).

    The document is an official paper: it is written in Vietnamese whatever the interface language."""
    today = today or timezone.localdate()
    with translation.override("vi"):
        return _profile_document(member, today)


def _profile_document(member: Member, today: datetime.date) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    memberships = list(
        Membership.objects.filter(member=member).select_related("organization").order_by("starts_on", "id")
    )
    history = list(member.status_changes.order_by("on", "id"))
    gaps = list(member.gaps.order_by("starts_on"))
    badges = list(member.badges.order_by("years"))
    cell = member.organization
    superior = Organization.objects.get_parent(cell)
    counted_gaps = member_gaps(member, today=today)
    age = rules.party_age(admitted_on=member.admitted_on, gaps=counted_gaps, on=today)

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)

    # The heading: issuing bodies on the left, the Party's name on the right (HD 36).
    heading = document.add_table(rows=1, cols=2)
    left, right = heading.rows[0].cells
    left.width, right.width = Mm(75), Mm(90)
    left.paragraphs[0].text = ""
    if superior is not None:
        _set_font(left.paragraphs[0].add_run(superior.name.upper()), size=14)
        _paragraph(left, cell.name.upper(), align="center", bold=True)
    else:
        _set_font(left.paragraphs[0].add_run(cell.name.upper()), size=14, bold=True)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(left, "*", align="center")
    right.paragraphs[0].text = ""
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(right.paragraphs[0].add_run(_("ĐẢNG CỘNG SẢN VIỆT NAM")), size=15, bold=True)
    _underline_paragraph(right.paragraphs[0])
    _paragraph(
        right,
        _("ngày %(day)s tháng %(month)s năm %(year)s")
        % {"day": f"{today.day:02d}", "month": today.month, "year": today.year},
        align="center",
        italic=True,
    )

    _paragraph(document)
    _paragraph(document, _("SƠ YẾU LÝ LỊCH ĐẢNG VIÊN"), align="center", size=16, bold=True)
    _paragraph(document, member.full_name.upper(), align="center", size=14, bold=True)
    _paragraph(document)

    fields = [
        (_("Họ và tên"), member.full_name),
        (_("Giới tính"), member.get_sex_display()),
        (_("Ngày sinh"), _date(member.born_on)),
        (_("Số CCCD"), member.citizen_id),
        (_("Dân tộc"), member.ethnicity),
        (_("Tôn giáo"), member.religion),
        (_("Quê quán"), member.hometown),
        (_("Nơi cư trú"), member.residence),
        (_("Nghề nghiệp"), member.job),
        (_("Chức vụ"), member.position),
        (_("Trình độ chuyên môn"), member.get_education_display() if member.education else ""),
        (_("Lý luận chính trị"), member.get_political_theory_display() if member.political_theory else ""),
        (_("Số thẻ đảng viên"), member.card_number),
        (_("Ngày vào Đảng"), _date(member.admitted_on)),
        (_("Ngày kết nạp"), _date(member.ceremony_on)),
        (_("Ngày chính thức"), _date(member.full_on)),
        (_("Tình trạng"), member.get_status_display()),
        (_("Chi bộ"), cell.name),
        (_("Tuổi đảng"), ngettext("%(years)s năm", "%(years)s năm", age.years) % {"years": age.years}),
    ]
    for number, (label, value) in enumerate(fields, start=1):
        paragraph = _paragraph(document, align="justify")
        _set_font(paragraph.add_run(f"{number}. {label}: "), bold=False)
        _set_font(paragraph.add_run(value or "…"), bold=bool(value))

    _paragraph(document)
    _paragraph(document, _("QUÁ TRÌNH SINH HOẠT ĐẢNG"), bold=True)
    _table(
        document,
        [_("Từ ngày"), _("Đến ngày"), _("Chi bộ"), _("Ghi chú")],
        [
            [
                _date(m.starts_on),
                _date(m.ends_on),
                m.organization.name,
                " ".join(filter(None, [_("Sinh hoạt tạm thời") if m.temporary else "", m.note])),
            ]
            for m in memberships
        ],
        [28, 28, 60, 49],
    )
    _paragraph(document)
    _paragraph(document, _("CÁC LẦN THAY ĐỔI TÌNH TRẠNG"), bold=True)
    _table(
        document,
        [_("Ngày"), _("Tình trạng"), _("Lý do"), _("Quyết định")],
        [[_date(c.on), c.get_status_display(), c.reason, c.decision] for c in history],
        [28, 45, 52, 40],
    )
    if gaps:
        _paragraph(document)
        _paragraph(document, _("THỜI GIAN KHÔNG TÍNH TUỔI ĐẢNG"), bold=True)
        _table(
            document,
            [_("Từ ngày"), _("Đến ngày"), _("Lý do")],
            [[_date(g.starts_on), _date(g.ends_on), g.get_kind_display()] for g in gaps],
            [35, 35, 95],
        )
    if badges:
        _paragraph(document)
        _paragraph(document, _("HUY HIỆU ĐẢNG"), bold=True)
        _table(
            document,
            [_("Huy hiệu"), _("Ngày trao"), _("Quyết định")],
            [
                [_("%(years)s năm tuổi Đảng") % {"years": b.years}, _date(b.awarded_on), b.decision]
                for b in badges
            ],
            [55, 35, 75],
        )

    _paragraph(document)
    signature = document.add_table(rows=1, cols=2)
    signature.rows[0].cells[0].width, signature.rows[0].cells[1].width = Mm(75), Mm(90)
    block = signature.rows[0].cells[1]
    block.paragraphs[0].text = ""
    block.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(block.paragraphs[0].add_run(_("T/M CHI BỘ")), bold=True)
    _paragraph(block, _("BÍ THƯ"), align="center", bold=True)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
