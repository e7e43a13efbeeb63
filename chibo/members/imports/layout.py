"""The file layout of a member register: the columns of the national member database's export, in the template's
order, the member fields an import compares and writes, and the template file. Documented in docs/member-import.md."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

from chibo.members.models import Member

MISSING: Any = object()  # a column that is not in the file (or a status left empty for a registered member)


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the Vietnamese column title, as in the template and the national export
    aliases: tuple[str, ...] = ()
    required: bool = False  # the column must be in the file and the cell must be filled


# The layout of the national member database's export, in the template's order. Titles are matched case- and
# diacritic-insensitively (``fold``); the aliases are other spellings seen in exports.
COLUMNS: tuple[Column, ...] = (
    Column("citizen_id", "Số CCCD", ("cccd", "so can cuoc cong dan", "so dinh danh ca nhan"), True),
    Column("full_name", "Họ và tên", ("ho ten", "ho va ten khai sinh"), True),
    Column("sex", "Giới tính", (), True),
    Column("born_on", "Ngày sinh", ("ngay thang nam sinh",), True),
    Column("ethnicity", "Dân tộc"),
    Column("religion", "Tôn giáo"),
    Column("hometown", "Quê quán"),
    Column("residence", "Nơi cư trú", ("noi o hien nay", "noi thuong tru")),
    Column("job", "Nghề nghiệp"),
    Column("position", "Chức vụ", ("chuc vu chinh quyen, doan the",)),
    Column("education", "Trình độ chuyên môn"),
    Column("political_theory", "Lý luận chính trị", ("trinh do ly luan chinh tri",)),
    Column("card_number", "Số thẻ đảng viên", ("so the dang",)),
    Column("admitted_on", "Ngày vào Đảng", ("ngay vao dang (quyet dinh ket nap)",), True),
    Column("ceremony_on", "Ngày kết nạp", ("ngay ket nap (le)",)),
    Column("full_on", "Ngày chính thức"),
    Column("status", "Tình trạng"),
    Column("cell_code", "Mã chi bộ", ("ma to chuc",)),
    Column("cell_name", "Chi bộ", ("ten chi bo", "noi sinh hoat")),
)


COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}


HEADERS = [c.header for c in COLUMNS]


# The member fields an import compares and writes, in a fixed order (a row's values are a list in this order).
FIELDS = (
    "full_name",
    "sex",
    "born_on",
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "job",
    "position",
    "education",
    "political_theory",
    "card_number",
    "admitted_on",
    "ceremony_on",
    "full_on",
    "status",
    "organization_id",
)


POS = {name: i for i, name in enumerate(FIELDS)}


NF = len(FIELDS)


P_NAME, P_BORN, P_ADMITTED = POS["full_name"], POS["born_on"], POS["admitted_on"]


P_CEREMONY, P_FULL, P_STATUS, P_ORG = (
    POS["ceremony_on"],
    POS["full_on"],
    POS["status"],
    POS["organization_id"],
)


DATE_POSITIONS = (P_BORN, P_ADMITTED, P_CEREMONY, P_FULL)


# An extra spelling or two for the choice columns, besides the labels of the model's choices.
STATUS_ALIASES = {
    "mien cong tac va sinh hoat": Member.Status.EXEMPT,
    "mien sinh hoat dang": Member.Status.EXEMPT,
    "mien cong tac, sinh hoat dang": Member.Status.EXEMPT,
    "da chuyen di": Member.Status.TRANSFERRED_OUT,
    "chuyen sinh hoat di": Member.Status.TRANSFERRED_OUT,
    "da tu tran": Member.Status.DECEASED,
    "xoa ten khoi danh sach": Member.Status.REMOVED,
}


EDUCATION_ALIASES = {"12/12": Member.Education.UPPER_SECONDARY, "thpt": Member.Education.UPPER_SECONDARY}


THEORY_ALIASES = {"chua qua dao tao": Member.Theory.NONE, "khong": Member.Theory.NONE}


INACTIVE = (
    Member.Status.DECEASED,
    Member.Status.REMOVED,
    Member.Status.EXPELLED,
    Member.Status.TRANSFERRED_OUT,
)


def template_workbook() -> bytes:
    """The template file: the header row and one example row with a made-up person."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Dang vien"
    sheet.append(HEADERS)
    example = [
        "001080012345",
        "Nguyễn Văn Mẫu",
        "Nam",
        datetime.date(1980, 5, 19),
        "Kinh",
        "Không",
        "Xã Kim Liên, tỉnh Nghệ An",
        "Phường Ba Đình, Hà Nội",
        "Công chức",
        "Chuyên viên",
        "Đại học",
        "Trung cấp",
        "01234567",
        datetime.date(2005, 3, 1),
        datetime.date(2005, 3, 15),
        datetime.date(2006, 3, 15),
        "Chính thức",
        "CB-VP",
        "Chi bộ Văn phòng",
    ]
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        if column.field.endswith("_on"):
            sheet.cell(row=2, column=index).number_format = "DD/MM/YYYY"
        if column.field == "citizen_id":
            sheet.cell(row=2, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
