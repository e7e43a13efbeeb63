"""Import of the member register: the file layout, every kind of problem with its exact message, CSV and XLSX,
upserts by citizen ID, scope, all-or-nothing, the pages and the command."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from chibo.core.models import AuditEntry
from chibo.core.text import fold, name_sort_key
from chibo.members import imports, services
from chibo.members.imports import HEADERS, checking, import_commit, import_preview, writing
from chibo.members.models import Member, Membership, StatusChange
from chibo.organizations.models import Grant

R = Grant.Role
D = datetime.date
FIELDS = [c.field for c in imports.COLUMNS]


def person(citizen_id="001080000001", full_name="Nguyễn Văn An", **changes):
    values = {
        "citizen_id": citizen_id,
        "full_name": full_name,
        "sex": "Nam",
        "born_on": "19/05/1980",
        "ethnicity": "Kinh",
        "religion": "Không",
        "hometown": "Xã Kim Liên, tỉnh Nghệ An",
        "residence": "Phường Ba Đình, Hà Nội",
        "job": "Công chức",
        "position": "Chuyên viên",
        "education": "Đại học",
        "political_theory": "Trung cấp",
        "card_number": "01234567",
        "admitted_on": "01/03/2005",
        "ceremony_on": "15/03/2005",
        "full_on": "15/03/2006",
        "status": "Chính thức",
        "cell_code": "",
        "cell_name": "Chi bộ Văn phòng",
    }
    values.update(changes)
    return [values[f] for f in FIELDS]


def xlsx(rows, header=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def csv_file(rows, header=HEADERS, delimiter=",", bom=True):
    def line(values):
        cells = []
        for v in values:
            text = "" if v is None else str(v)
            if delimiter in text or '"' in text:
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        return delimiter.join(cells)

    text = "\r\n".join(line(r) for r in [header, *rows]) + "\r\n"
    return io.BytesIO(("\ufeff" if bom else "").encode() + text.encode("utf-8"))


def preview_of(actor, rows, kind="xlsx", **kwargs):
    file = xlsx(rows) if kind == "xlsx" else csv_file(rows, **kwargs)
    return import_preview(actor=actor, file=file, name=f"dang-vien.{kind}")


def run(actor, rows, kind="xlsx", **kwargs):
    preview = preview_of(actor, rows, kind, **kwargs)
    assert preview.messages() == []
    return import_commit(actor=actor, preview=preview)


@pytest.fixture
def cell(tree):
    return tree["Chi bộ Văn phòng"]


@pytest.fixture
def office(tree, make_user):
    return make_user("vanphong", role=R.OFFICE_STAFF, organization=tree["Đảng bộ Khối"])


@pytest.fixture
def officer(cell, make_user):
    return make_user("bithu", role=R.CELL_OFFICER, organization=cell)


# ------------------------------------------------------------------------------------------------ good files


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("xlsx", {}),
        ("csv", {"delimiter": ",", "bom": True}),
        ("csv", {"delimiter": ";", "bom": True}),
        ("csv", {"delimiter": ",", "bom": False}),
        ("csv", {"delimiter": ";", "bom": False}),
    ],
)
def test_a_good_file_creates_members_with_history_membership_and_one_audit_line(office, cell, kind, options):
    rows = [
        person(),
        person("001080000002", "Trần Thị Bình", sex="Nữ", status="Dự bị", full_on="", education="Thạc sĩ"),
    ]
    preview = preview_of(office, rows, kind, **options)
    assert preview.messages() == []
    assert preview.counts == {"new": 2, "changed": 0, "unchanged": 0}
    assert preview.rows_read == 3

    result = import_commit(actor=office, preview=preview)

    assert (result.new, result.changed, result.unchanged) == (2, 0, 0)
    an = Member.objects.get(citizen_id="001080000001")
    assert an.full_name == "Nguyễn Văn An"
    assert (an.sex, an.born_on, an.admitted_on) == ("male", D(1980, 5, 19), D(2005, 3, 1))
    assert (an.ceremony_on, an.full_on, an.status) == (D(2005, 3, 15), D(2006, 3, 15), "full")
    assert (an.education, an.political_theory) == ("university", "intermediate")
    assert (an.hometown, an.residence, an.card_number) == (
        "Xã Kim Liên, tỉnh Nghệ An",
        "Phường Ba Đình, Hà Nội",
        "01234567",
    )
    assert an.organization == cell
    # What save() would have set, set by the bulk write.
    assert an.organization_path == cell.path
    assert an.search_name == fold("Nguyễn Văn An") == "nguyen van an"
    assert an.sort_key == name_sort_key("Nguyễn Văn An")
    assert an.party_age_from == D(2005, 3, 1)
    assert list(an.status_changes.values_list("status", "on")) == [
        ("probationary", D(2005, 3, 1)),
        ("full", D(2006, 3, 15)),
    ]
    assert list(an.memberships.values_list("organization_id", "starts_on", "ends_on")) == [
        (cell.pk, D(2005, 3, 1), None)
    ]
    binh = Member.objects.get(citizen_id="001080000002")
    assert (binh.sex, binh.status, binh.full_on, binh.education) == ("female", "probationary", None, "master")
    assert list(binh.status_changes.values_list("status", flat=True)) == ["probationary"]

    entry = AuditEntry.objects.get()
    assert entry.action == "member_import"
    assert entry.actor == office
    assert entry.changes["new"] == 2 and entry.changes["changed"] == 0
    assert entry.changes["file"] == f"dang-vien.{kind}"
    assert sorted(entry.changes["new_members"]) == ["001080000001", "001080000002"]
    assert entry.organization == cell


def test_headers_are_matched_without_case_or_diacritics_and_a_title_block_is_skipped(office, cell):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH ĐẢNG VIÊN"])
    sheet.append([])
    sheet.append(["so cccd", "HO VA TEN", "gioi tinh", "Ngay Sinh", "ngày vào đảng", "CHI BO", "Cột lạ"])
    sheet.append(["001080000001", "Lê Văn Cường", "nam", "01/01/1980", "02/09/2010", "Chi bộ Văn phòng", "x"])
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)

    preview = import_preview(actor=office, file=out, name="x.xlsx")

    assert preview.messages() == []
    assert preview.columns == ["full_name", "sex", "born_on", "admitted_on", "organization_id"]
    import_commit(actor=office, preview=preview)
    member = Member.objects.get()
    # Columns missing from the file take the model's defaults.
    assert (member.full_name, member.ethnicity, member.religion) == ("Lê Văn Cường", "Kinh", "Không")
    assert member.status == "probationary"


def test_real_excel_dates_numbers_without_leading_zeros_and_cell_codes(office, cell):
    cell.code = "VKS-VP"
    cell.save()
    row = person(
        "",
        born_on=datetime.datetime(1980, 5, 19),
        admitted_on=D(2005, 3, 1),
        ceremony_on=38426,  # a serial number in a "General" cell: 15/03/2005
        cell_code="vks-vp",
        cell_name="",
    )
    row[0] = 1080000001  # Excel dropped the leading zeros of 001080000001

    run(office, [row])

    member = Member.objects.get()
    assert member.citizen_id == "001080000001"
    assert (member.born_on, member.admitted_on, member.ceremony_on) == (
        D(1980, 5, 19),
        D(2005, 3, 1),
        D(2005, 3, 15),
    )
    assert member.organization == cell


@pytest.fixture
def english_labels():
    """English labels for a few choices, whatever the state of the catalogue."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("en")._catalog
    labels = {"Nam": "Male", "Tiến sĩ": "Doctorate", "Miễn công tác và sinh hoạt đảng": "Exempt"}
    saved = {k: catalog.get(k) or k for k in labels}
    for vietnamese, english in labels.items():
        catalog[vietnamese] = english
    yield
    for vietnamese, before in saved.items():
        catalog[vietnamese] = before


def test_the_layout_is_vietnamese_in_the_english_interface(office, cell, english_labels):
    with translation.override("en"):
        assert str(Member.Sex.MALE.label) == "Male"
        preview = preview_of(office, [person(status="Miễn công tác và sinh hoạt đảng", education="Tiến sĩ")])
    assert preview.messages() == []
    assert (preview.new[0].values[imports.P_STATUS], preview.new[0].values[imports.POS["education"]]) == (
        "exempt",
        "doctor",
    )


def test_sort_key_is_the_same_as_the_core_one():
    for name in ["Nguyễn Văn An", "Đặng Thị Ánh Tuyết", "Bà Ba", "Lê  Anh", "Ông Ích Khiêm", "A", ""]:
        assert imports.sort_key(name) == name_sort_key(name)


# ------------------------------------------------------------------------------------------------- problems


def test_every_kind_of_problem_is_named_by_row_and_column(office, cell):
    rows = [person(f"00108000{n:04d}", f"Người Thứ {n}") for n in range(2, 16)]  # file rows 2..15
    rows[7 - 2][0] = ""  # row 7: no citizen ID
    rows[9 - 2][FIELDS.index("born_on")] = "31/02/1980"  # row 9: no such day
    rows[12 - 2][FIELDS.index("cell_name")] = "Chi bộ X"  # row 12: no such cell
    rows[15 - 2][0] = rows[4 - 2][0]  # row 15: the citizen ID of row 4

    preview = preview_of(office, rows)

    assert preview.messages() == [
        "Dòng 7, cột Số CCCD: thiếu số CCCD",
        "Dòng 9, cột Ngày sinh: ngày không hợp lệ “31/02/1980”",
        "Dòng 12, cột Chi bộ: không có chi bộ “Chi bộ X” trong phạm vi của đồng chí",
        "Dòng 15: trùng số CCCD với dòng 4",
    ]
    with pytest.raises(ValidationError, match="Tệp còn 4 lỗi: chưa nhập gì vào sổ"):
        import_commit(actor=office, preview=preview)
    assert Member.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_one_bad_row_imports_nothing_and_names_the_row_and_column(office, cell, kind):
    rows = [person(f"00108000{n:04d}") for n in range(1, 6)]
    rows[3][FIELDS.index("sex")] = "Khác"

    preview = preview_of(office, rows, kind)

    assert preview.messages() == [
        "Dòng 5, cột Giới tính: giới tính phải là “Nam” hoặc “Nữ”, không phải “Khác”"
    ]
    assert preview.counts["new"] == 4  # the good rows are counted, but nothing may be written
    with pytest.raises(ValidationError):
        import_commit(actor=office, preview=preview)
    assert Member.objects.count() == 0


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("citizen_id", "12345", "Dòng 2, cột Số CCCD: số CCCD “12345” phải gồm đúng 12 chữ số"),
        ("citizen_id", "00108000000A", "Dòng 2, cột Số CCCD: số CCCD “00108000000A” phải gồm đúng 12 chữ số"),
        ("full_name", "  ", "Dòng 2, cột Họ và tên: thiếu họ và tên"),
        ("sex", "", "Dòng 2, cột Giới tính: thiếu giới tính"),
        ("born_on", "", "Dòng 2, cột Ngày sinh: thiếu ngày sinh"),
        ("born_on", "1980", "Dòng 2, cột Ngày sinh: ngày không hợp lệ “1980”"),
        ("born_on", "19/5/80", "Dòng 2, cột Ngày sinh: ngày không hợp lệ “19/5/80”"),
        (
            "born_on",
            "01/01/2999",
            [
                "Dòng 2, cột Ngày sinh: ngày sinh ở tương lai",
                "Dòng 2, cột Ngày vào Đảng: ngày vào Đảng phải sau ngày sinh",
            ],
        ),
        ("admitted_on", "", "Dòng 2, cột Ngày vào Đảng: thiếu ngày vào Đảng"),
        ("admitted_on", "01/01/1979", "Dòng 2, cột Ngày vào Đảng: ngày vào Đảng phải sau ngày sinh"),
        ("ceremony_on", "01/01/2005", "Dòng 2, cột Ngày kết nạp: ngày kết nạp không thể trước ngày vào Đảng"),
        ("full_on", "01/03/2005", "Dòng 2, cột Ngày chính thức: ngày chính thức phải sau ngày vào Đảng"),
        ("education", "Giỏi", "Dòng 2, cột Trình độ chuyên môn: không rõ trình độ chuyên môn “Giỏi”"),
        (
            "political_theory",
            "Siêu cấp",
            "Dòng 2, cột Lý luận chính trị: không rõ trình độ lý luận chính trị “Siêu cấp”",
        ),
        ("status", "Nghỉ", "Dòng 2, cột Tình trạng: không rõ tình trạng “Nghỉ”"),
        ("cell_name", "", "Dòng 2, cột Chi bộ: thiếu chi bộ"),
        (
            "cell_name",
            "Đảng bộ VKSND",
            "Dòng 2, cột Chi bộ: “Đảng bộ VKSND” không phải là chi bộ: đảng viên sinh hoạt ở chi bộ",
        ),
        ("card_number", "9" * 40, "Dòng 2, cột Số thẻ đảng viên: dài quá 32 ký tự"),
    ],
)
def test_problem_messages(office, cell, column, value, message):
    preview = preview_of(office, [person(**{column: value})])
    assert preview.messages() == (message if isinstance(message, list) else [message])


def test_every_problem_of_a_row_is_listed(office, cell):
    row = person("123", born_on="01/01/2010", admitted_on="01/01/2000", sex="?", cell_name="Không có")
    assert preview_of(office, [row]).messages() == [
        "Dòng 2, cột Số CCCD: số CCCD “123” phải gồm đúng 12 chữ số",
        "Dòng 2, cột Giới tính: giới tính phải là “Nam” hoặc “Nữ”, không phải “?”",
        "Dòng 2, cột Chi bộ: không có chi bộ “Không có” trong phạm vi của đồng chí",
        "Dòng 2, cột Ngày vào Đảng: ngày vào Đảng phải sau ngày sinh",
    ]


def test_dates_are_checked_against_the_registered_ones_when_the_file_lacks_a_column(office, cell):
    run(office, [person()])  # full member since 15/03/2006
    header = ["Số CCCD", "Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng", "Chi bộ"]
    row = ["001080000001", "Nguyễn Văn An", "Nam", "19/05/1980", "01/03/2007", "Chi bộ Văn phòng"]
    preview = import_preview(actor=office, file=xlsx([row], header=header), name="a.xlsx")
    assert preview.messages() == [
        "Dòng 2, cột Ngày kết nạp: ngày kết nạp không thể trước ngày vào Đảng",
        "Dòng 2, cột Ngày chính thức: ngày chính thức phải sau ngày vào Đảng",
    ]


def test_an_admission_in_the_future(office, cell):
    row = person(admitted_on="01/01/2999", ceremony_on="", full_on="", status="Dự bị")
    assert preview_of(office, [row]).messages() == ["Dòng 2, cột Ngày vào Đảng: ngày vào Đảng ở tương lai"]


def test_a_dissolved_cell_and_an_ambiguous_name(office, tree):
    tree["Chi bộ Thanh tra"].dissolved_on = D(2025, 7, 1)
    tree["Chi bộ Thanh tra"].save()
    tree["Chi bộ Hình sự"].name = "Chi bộ Văn phòng"
    tree["Chi bộ Hình sự"].save()

    preview = preview_of(office, [person(cell_name="Chi bộ Thanh tra"), person("001080000002")])

    assert preview.messages() == [
        "Dòng 2, cột Chi bộ: chi bộ “Chi bộ Thanh tra” đã giải thể",
        "Dòng 3, cột Chi bộ: có 2 chi bộ tên “Chi bộ Văn phòng” trong phạm vi của đồng chí: hãy ghi mã chi bộ",
    ]


def test_missing_columns_and_wrong_files(office, cell):
    header = [h for h in HEADERS if h not in ("Ngày sinh", "Chi bộ", "Mã chi bộ")]
    preview = import_preview(actor=office, file=xlsx([], header=header), name="a.xlsx")
    assert preview.messages() == [
        "Dòng 1: thiếu cột “Ngày sinh”",
        "Dòng 1: thiếu cột “Mã chi bộ” hoặc “Chi bộ”",
    ]
    preview = import_preview(actor=office, file=xlsx([], header=["Họ và tên"]), name="a.xlsx")
    assert preview.messages() == ["Không tìm thấy dòng tiêu đề có cột “Số CCCD” trong 20 dòng đầu của tệp."]
    preview = import_preview(actor=office, file=io.BytesIO(b"not a zip"), name="a.xlsx")
    assert preview.messages() == [
        "Không đọc được tệp Excel: hãy lưu tệp dưới dạng .xlsx (Excel 2007 trở lên)."
    ]
    preview = import_preview(actor=office, file=io.BytesIO(b"x"), name="a.xls")
    assert preview.messages() == [
        "Tệp .xls (Excel 97–2003) chưa được hỗ trợ: hãy mở tệp và lưu lại dưới dạng .xlsx."
    ]
    preview = import_preview(actor=office, file=io.BytesIO(b"x"), name="a.pdf")
    assert preview.messages() == ["Chỉ nhận tệp .xlsx hoặc .csv."]
    latin1 = (
        ",".join(HEADERS).encode()
        + "\r\n001080000001,Nguyễn Văn Ân".encode("latin-1", "replace")
        + b"\xe2\r\n"
    )
    preview = import_preview(actor=office, file=io.BytesIO(latin1), name="a.csv")
    assert preview.messages() == ["Tệp CSV phải được lưu với bảng mã UTF-8 (trong Excel: “CSV UTF-8”)."]


# -------------------------------------------------------------------------------------------------- upserts


def test_reimporting_the_same_file_changes_nothing_and_writes_no_audit_line(
    office, cell, django_assert_max_num_queries
):
    rows = [person(), person("001080000002", "Trần Thị Bình", sex="Nữ")]
    run(office, rows)
    before = Member.objects.get(citizen_id="001080000001").updated_at
    audit_lines, history = AuditEntry.objects.count(), StatusChange.objects.count()

    for kind in ("xlsx", "csv"):
        preview = preview_of(office, rows, kind)
        assert preview.counts == {"new": 0, "changed": 0, "unchanged": 2}
        result = import_commit(actor=office, preview=preview)
        assert (result.new, result.changed, result.unchanged) == (0, 0, 2)

    assert AuditEntry.objects.count() == audit_lines
    assert StatusChange.objects.count() == history
    assert Membership.objects.count() == 2
    assert Member.objects.get(citizen_id="001080000001").updated_at == before


def test_an_update_changes_only_what_differs_and_records_it(office, cell):
    run(office, [person(), person("001080000002", "Trần Thị Bình", sex="Nữ")])
    other_before = Member.objects.get(citizen_id="001080000002").updated_at

    preview = preview_of(
        office,
        [
            person(
                full_name="Nguyễn Văn Ân", residence="Phường Hoàn Kiếm, Hà Nội", political_theory="Cao cấp"
            ),
            person("001080000002", "Trần Thị Bình", sex="Nữ"),
        ],
    )
    assert preview.counts == {"new": 0, "changed": 1, "unchanged": 1}
    assert preview.changed[0].changes == {
        "full_name": ("Nguyễn Văn An", "Nguyễn Văn Ân"),
        "residence": ("Phường Ba Đình, Hà Nội", "Phường Hoàn Kiếm, Hà Nội"),
        "political_theory": ("intermediate", "advanced"),
    }
    import_commit(actor=office, preview=preview)

    an = Member.objects.get(citizen_id="001080000001")
    assert (an.full_name, an.residence, an.political_theory) == (
        "Nguyễn Văn Ân",
        "Phường Hoàn Kiếm, Hà Nội",
        "advanced",
    )
    assert an.search_name == "nguyen van an" and an.sort_key == name_sort_key("Nguyễn Văn Ân")
    assert (an.hometown, an.education, an.status, an.born_on) == (
        "Xã Kim Liên, tỉnh Nghệ An",
        "university",
        "full",
        D(1980, 5, 19),
    )
    assert Member.objects.get(citizen_id="001080000002").updated_at == other_before
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.action == "member_import"
    assert (entry.changes["new"], entry.changes["changed"], entry.changes["unchanged"]) == (0, 1, 1)
    assert entry.changes["changed_members"] == {
        "001080000001": {
            "full_name": ["Nguyễn Văn An", "Nguyễn Văn Ân"],
            "residence": ["Phường Ba Đình, Hà Nội", "Phường Hoàn Kiếm, Hà Nội"],
            "political_theory": ["intermediate", "advanced"],
        }
    }


def test_columns_missing_from_the_file_are_left_alone(office, cell):
    run(office, [person()])
    header = ["Số CCCD", "Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng", "Chi bộ", "Nơi cư trú"]
    row = [
        "001080000001",
        "Nguyễn Văn An",
        "Nam",
        "19/05/1980",
        "01/03/2005",
        "Chi bộ Văn phòng",
        "Phường Mới",
    ]

    preview = import_preview(actor=office, file=xlsx([row], header=header), name="a.xlsx")
    import_commit(actor=office, preview=preview)

    member = Member.objects.get()
    assert preview.changed[0].changes == {"residence": ("Phường Ba Đình, Hà Nội", "Phường Mới")}
    assert (member.residence, member.hometown, member.status, member.full_on) == (
        "Phường Mới",
        "Xã Kim Liên, tỉnh Nghệ An",
        "full",
        D(2006, 3, 15),
    )


def test_a_new_cell_is_a_transfer_and_a_new_status_a_status_change(office, tree, cell):
    run(office, [person(status="Dự bị", full_on="")])
    today = datetime.date.today()

    run(office, [person(cell_name="Chi bộ Hình sự", status="Chính thức", full_on="15/03/2006")])

    member = Member.objects.get()
    assert member.organization == tree["Chi bộ Hình sự"]
    assert member.organization_path == tree["Chi bộ Hình sự"].path
    assert (member.status, member.full_on) == ("full", D(2006, 3, 15))
    assert list(member.memberships.order_by("starts_on").values_list("organization_id", "ends_on")) == [
        (cell.pk, today),
        (tree["Chi bộ Hình sự"].pk, None),
    ]
    assert list(member.status_changes.values_list("status", "on")) == [
        ("probationary", D(2005, 3, 1)),
        ("full", D(2006, 3, 15)),
    ]
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.changes["changed_members"]["001080000001"]["organization_id"] == [
        "Chi bộ Văn phòng",
        "Chi bộ Hình sự",
    ]


def test_an_expelled_member_counts_party_age_without_the_time_out(office, cell):
    run(office, [person(status="Khai trừ", full_on="01/03/2010")])

    member = Member.objects.get()
    today = datetime.date.today()
    assert member.status == "expelled"
    assert member.party_age_from == D(2005, 3, 1) + (today - D(2010, 3, 1))
    assert member.memberships.get().ends_on == D(2010, 3, 1)


def test_members_entered_by_hand_are_updated_by_citizen_id(office, cell):
    services.member_create(
        actor=office,
        organization=cell,
        citizen_id="001080000001",
        full_name="Nguyễn Văn An",
        sex="male",
        born_on=D(1980, 5, 19),
        admitted_on=D(2005, 3, 1),
    )
    preview = preview_of(office, [person()])
    assert preview.counts == {"new": 0, "changed": 1, "unchanged": 0}
    import_commit(actor=office, preview=preview)
    assert Member.objects.get().residence == "Phường Ba Đình, Hà Nội"


# ---------------------------------------------------------------------------------------------------- scope


def test_a_cell_outside_the_actors_scope_is_refused(officer, tree):
    tree["Chi bộ Hình sự"].code = "VKS-HS"
    tree["Chi bộ Hình sự"].save()

    preview = preview_of(
        officer,
        [
            person(),
            person("001080000002", cell_name="Chi bộ Hình sự"),
            person("001080000003", cell_code="VKS-HS"),
        ],
    )

    assert preview.messages() == [
        "Dòng 3, cột Chi bộ: không có chi bộ “Chi bộ Hình sự” trong phạm vi của đồng chí",
        "Dòng 4, cột Mã chi bộ: không có chi bộ “VKS-HS” trong phạm vi của đồng chí",
    ]


def test_a_member_registered_outside_the_scope_cannot_be_taken_over(office, officer, tree):
    run(office, [person(cell_name="Chi bộ Hình sự")])

    preview = preview_of(officer, [person()])

    assert preview.messages() == [
        "Dòng 2, cột Số CCCD: đảng viên có số CCCD “001080000001” đang sinh hoạt ở tổ chức ngoài phạm vi của đồng chí"
    ]
    assert Member.objects.get().organization == tree["Chi bộ Hình sự"]


def test_who_may_import(make_user, tree, cell):
    supervisor = make_user(role=R.SUPERVISOR, organization=tree["Đảng bộ Khối"])
    with pytest.raises(Http404):
        preview_of(supervisor, [person()])
    officer = make_user(role=R.CELL_OFFICER, organization=cell)
    preview = preview_of(officer, [person()])
    with pytest.raises(ValidationError, match="Bản xem trước này được lập cho tài khoản khác"):
        import_commit(actor=supervisor, preview=preview)
    # A grant that ends between the preview and the commit.
    Grant.objects.filter(user=officer).delete()
    officer = type(officer).objects.get(pk=officer.pk)
    with pytest.raises(Http404):
        import_commit(actor=officer, preview=preview)
    assert Member.objects.count() == 0


# ------------------------------------------------------------------------------------------- all or nothing


def test_the_commit_is_all_or_nothing_when_the_second_half_fails(office, cell, monkeypatch):
    run(office, [person()])
    counts = (Member.objects.count(), StatusChange.objects.count(), Membership.objects.count())
    audit_lines = AuditEntry.objects.count()
    rows = [person(residence="Phường Mới")] + [person(f"00108000{n:04d}") for n in range(2, 40)]
    preview = preview_of(office, rows)
    assert preview.counts == {"new": 38, "changed": 1, "unchanged": 0}

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    # The new members and their histories are written, then the updates fail.
    monkeypatch.setattr(writing, "_update_members", broken)
    with pytest.raises(RuntimeError):
        import_commit(actor=office, preview=preview)
    assert (Member.objects.count(), StatusChange.objects.count(), Membership.objects.count()) == counts
    assert Member.objects.get().residence == "Phường Ba Đình, Hà Nội"
    assert AuditEntry.objects.count() == audit_lines

    # The last step fails.
    monkeypatch.undo()
    monkeypatch.setattr(writing, "audit_record", broken)
    with pytest.raises(RuntimeError):
        import_commit(actor=office, preview=preview)
    assert (Member.objects.count(), StatusChange.objects.count(), Membership.objects.count()) == counts

    monkeypatch.undo()
    result = import_commit(actor=office, preview=preview)
    assert (result.new, result.changed) == (38, 1)
    assert Member.objects.count() == 39


# ------------------------------------------------------------------------------------------------ template


def test_the_template_file_has_the_layout_and_an_example_that_parses(office, cell, login):
    response = login(office).get(reverse("members:import_template"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][:3] == ("001080012345", "Nguyễn Văn Mẫu", "Nam")
    assert len(rows) == 2
    cell.code = "CB-VP"
    cell.save()
    preview = import_preview(actor=office, file=io.BytesIO(response.content), name="mau.xlsx")
    assert preview.messages() == []
    assert preview.counts["new"] == 1


# ---------------------------------------------------------------------------------------------------- pages


def _upload(client, rows, name="dang-vien.xlsx", kind="xlsx"):
    content = (xlsx(rows) if kind == "xlsx" else csv_file(rows)).getvalue()
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("members:import"), {"file": file})


def test_upload_preview_and_commit_pages(office, cell, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(office)
    page = client.get(reverse("members:import"))
    assert page.status_code == 200
    assert "Nhập sổ đảng viên từ tệp" in page.content.decode()
    assert reverse("members:import_template") in page.content.decode()

    response = _upload(client, [person(), person("001080000002", "Trần Thị Bình", sex="Nữ")])

    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã đọc 3 dòng" in html
    assert "Nhập vào sổ" in html and "Trần Thị Bình" in html
    assert Member.objects.count() == 0  # nothing written by the preview
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert len(list((tmp_path / "imports").iterdir())) == 1

    done = client.post(reverse("members:import_commit"), {"token": token}, follow=True)

    assert Member.objects.count() == 2
    assert "Đã nhập vào sổ: 2 đảng viên mới, 0 đảng viên được cập nhật, 0 không đổi." in done.content.decode()
    assert list((tmp_path / "imports").iterdir()) == []
    # The token is used up.
    assert client.post(reverse("members:import_commit"), {"token": token}).status_code == 404


def test_the_preview_page_shows_each_change_and_when_there_is_nothing_to_do(
    office, cell, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    run(office, [person(), person("001080000002", "Trần Thị Bình", sex="Nữ")])
    client = login(office)

    html = _upload(
        client, [person(residence="Phường Mới"), person("001080000002", "Trần Thị Bình", sex="Nữ")]
    )
    html = html.content.decode()
    assert "Đảng viên có thay đổi" in html
    assert "Nơi cư trú: Phường Ba Đình, Hà Nội → <strong>Phường Mới</strong>" in html
    assert "Nhập vào sổ" in html

    html = _upload(client, [person(), person("001080000002", "Trần Thị Bình", sex="Nữ")]).content.decode()
    assert "Tệp không có gì khác với sổ đảng viên: không có gì cần nhập." in html
    assert "Nhập vào sổ" not in html
    assert list((tmp_path / "imports").iterdir()) == []


def test_the_preview_page_lists_problems_and_offers_no_commit(office, cell, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows = [person(f"00108{n:07d}") for n in range(250)]
    for row in rows:
        row[FIELDS.index("born_on")] = "31/02/1980"

    html = _upload(login(office), rows, kind="csv", name="a.csv").content.decode()

    assert "Dòng 2, cột Ngày sinh: ngày không hợp lệ “31/02/1980”" in html
    assert "Dòng 201, cột Ngày sinh" in html and "Dòng 202, cột Ngày sinh" not in html
    assert "… và 50 lỗi khác." in html
    assert "Nhập vào sổ" not in html
    assert list((tmp_path / "imports").iterdir()) == []


def test_the_upload_form_refuses_other_files(office, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    file = io.BytesIO(b"%PDF")
    file.name = "so.pdf"
    response = login(office).post(reverse("members:import"), {"file": file})
    assert "Chỉ nhận tệp .xlsx hoặc .csv." in response.content.decode()


def test_the_commit_reads_the_file_again(officer, office, tree, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(officer)
    html = _upload(client, [person()]).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    # Meanwhile the committee's office enters the same person by hand in another cell, outside the officer's scope.
    services.member_create(
        actor=office,
        organization=tree["Chi bộ Hình sự"],
        citizen_id="001080000001",
        full_name="Nguyễn Văn An",
        sex="male",
        born_on=D(1980, 5, 19),
        admitted_on=D(2005, 3, 1),
    )

    html = client.post(reverse("members:import_commit"), {"token": token}).content.decode()

    assert "đang sinh hoạt ở tổ chức ngoài phạm vi của đồng chí" in html
    assert "Nhập vào sổ" not in html
    assert Member.objects.get().organization == tree["Chi bộ Hình sự"]
    assert not AuditEntry.objects.filter(action="member_import").exists()


def test_another_session_cannot_use_the_token(office, cell, login, settings, tmp_path, make_user, client):
    settings.MEDIA_ROOT = tmp_path
    html = _upload(login(office), [person()]).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    other = make_user(role=R.OFFICE_STAFF, organization=cell)
    client.logout()
    thief = login(other)
    assert thief.post(reverse("members:import_commit"), {"token": token}).status_code == 404
    assert Member.objects.count() == 0


def test_the_import_pages_are_404_for_those_who_cannot_edit_members(make_user, tree, login):
    supervisor = make_user(role=R.SUPERVISOR, organization=tree["Đảng bộ Khối"])
    client = login(supervisor)
    assert client.get(reverse("members:import")).status_code == 404
    assert client.get(reverse("members:import_template")).status_code == 404
    assert client.post(reverse("members:import_commit"), {"token": "x"}).status_code == 404


def test_a_sibling_cells_officer_cannot_import_into_another_cell(make_user, tree, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sibling = make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"])
    html = _upload(login(sibling), [person()]).content.decode()
    assert "Dòng 2, cột Chi bộ: không có chi bộ “Chi bộ Văn phòng” trong phạm vi của đồng chí" in html
    assert "Nhập vào sổ" not in html


# -------------------------------------------------------------------------------------------------- command


def _file(tmp_path, rows, name="dang-vien.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx(rows).getvalue())
    return str(path)


def test_command_imports_with_progress(office, cell, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(checking, "PROGRESS_EVERY", 2)
    path = _file(tmp_path, [person(f"00108000{n:04d}") for n in range(1, 6)])

    call_command("import-members", path, "--as", "vanphong")

    out = capsys.readouterr().out
    assert "Đã đọc 2 dòng…" in out and "Đã đọc 4 dòng…" in out
    assert "Đã đọc 6 dòng: 5 đảng viên mới, 0 có thay đổi, 0 không đổi." in out
    assert "Đã nhập vào sổ: 5 đảng viên mới, 0 đảng viên được cập nhật, 0 không đổi." in out
    assert Member.objects.count() == 5
    assert AuditEntry.objects.get().actor == office


def test_command_dry_run_writes_nothing(office, cell, tmp_path, capsys):
    call_command("import-members", _file(tmp_path, [person()]), "--as", "vanphong", "--dry-run")
    assert "Chạy thử (--dry-run): không ghi gì vào sổ." in capsys.readouterr().out
    assert Member.objects.count() == 0


def test_command_lists_the_problems_and_fails(office, cell, tmp_path, capsys):
    path = _file(tmp_path, [person(), person("001080000002", born_on="31/02/1980")])
    with pytest.raises(CommandError, match="Tệp có 1 lỗi: chưa nhập gì vào sổ."):
        call_command("import-members", path, "--as", "vanphong")
    assert "Dòng 3, cột Ngày sinh: ngày không hợp lệ “31/02/1980”" in capsys.readouterr().err
    assert Member.objects.count() == 0


def test_command_without_an_account_runs_as_the_server_operator(cell, tmp_path, capsys):
    call_command("import-members", _file(tmp_path, [person()]))
    assert Member.objects.get().status_changes.first().recorded_by is None
    assert AuditEntry.objects.get().actor is None


def test_command_refuses_unknown_accounts_files_and_accounts_without_rights(make_user, tree, tmp_path):
    with pytest.raises(CommandError, match="Không có tài khoản “ai”"):
        call_command("import-members", _file(tmp_path, [person()]), "--as", "ai")
    make_user("giamsat", role=R.SUPERVISOR, organization=tree["Đảng bộ Khối"])
    with pytest.raises(CommandError, match="không có quyền sửa sổ đảng viên"):
        call_command("import-members", _file(tmp_path, [person()]), "--as", "giamsat")
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command("import-members", str(tmp_path / "khong-co.xlsx"))
