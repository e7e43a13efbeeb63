"""Exports of the member register: the filtered list as .xlsx (read back, in order, scoped, re-importable, fixed
query count) and a member's profile as .docx in the Party's document layout."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.db import connection
from django.http import Http404, QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from docx.shared import Pt
from openpyxl import load_workbook

from chibo.members import exports, rules, services
from chibo.members.imports import import_preview
from chibo.members.models import Member
from chibo.members.selectors import MemberFilters
from chibo.organizations.models import Grant

R = Grant.Role
D = datetime.date
_ids = iter(range(1, 1_000_000))


def five_years_ago():
    return rules.add_months(datetime.date.today(), -60) - datetime.timedelta(days=1)


def add(actor, organization, full_name, **fields):
    values = {
        "sex": "male",
        "born_on": D(1980, 1, 1),
        "admitted_on": five_years_ago(),
        "citizen_id": f"{next(_ids):012d}",
        **fields,
    }
    return services.member_create(actor=actor, organization=organization, full_name=full_name, **values)


@pytest.fixture
def office(tree, make_user):
    return make_user("vanphong", role=R.OFFICE_STAFF, organization=tree["Đảng bộ VKSND"])


@pytest.fixture
def register(tree, office):
    """Three members in Chi bộ Văn phòng, one in Chi bộ Hình sự."""
    vp, hs = tree["Chi bộ Văn phòng"], tree["Chi bộ Hình sự"]
    vp.code = "VKS-VP"
    vp.save()
    return {
        "binh": add(
            office,
            vp,
            "Trần Thị Bình",
            sex="female",
            born_on=D(1985, 2, 3),
            admitted_on=D(2008, 5, 19),
            ceremony_on=D(2008, 6, 1),
            full_on=D(2009, 6, 1),
            status=Member.Status.FULL,
            residence="Phường Ba Đình, Hà Nội",
            education=Member.Education.MASTER,
            political_theory=Member.Theory.ADVANCED,
            card_number="01234567",
        ),
        "an": add(office, vp, "Nguyễn Văn An", citizen_id="001080000001"),
        "anh": add(office, vp, "Lê Anh"),
        "cuong": add(office, hs, "Phạm Văn Cường"),
    }


@pytest.fixture
def english_labels():
    """English labels for a few choices, whatever the state of the catalogue."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("en")._catalog
    labels = {"Nam": "Male", "Chính thức": "Full member"}
    saved = {k: catalog.get(k) or k for k in labels}
    for vietnamese, english in labels.items():
        catalog[vietnamese] = english
    yield
    for vietnamese, before in saved.items():
        catalog[vietnamese] = before


def read_xlsx(content):
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_the_export_has_the_import_layout_the_list_order_and_the_values(office, register, login, tree):
    response = login(office).get(reverse("members:export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="so-dang-vien-')
    rows = read_xlsx(response.content)
    assert rows[0] == exports.EXPORT_HEADERS
    assert rows[0][-1] == "Tuổi đảng"
    # The order of official rosters: given name first (An, Anh, Bình, Cường).
    assert [r[1] for r in rows[1:]] == ["Nguyễn Văn An", "Lê Anh", "Trần Thị Bình", "Phạm Văn Cường"]
    binh = rows[3]
    today = datetime.date.today()
    assert binh == [
        register["binh"].citizen_id,
        "Trần Thị Bình",
        "Nữ",
        datetime.datetime(1985, 2, 3),
        "Kinh",
        "Không",
        None,
        "Phường Ba Đình, Hà Nội",
        None,
        None,
        "Thạc sĩ",
        "Cao cấp",
        "01234567",
        datetime.datetime(2008, 5, 19),
        datetime.datetime(2008, 6, 1),
        datetime.datetime(2009, 6, 1),
        "Chính thức",
        "VKS-VP",
        "Chi bộ Văn phòng",
        today.year - 2008 - ((today.month, today.day) < (5, 19)),
    ]
    assert rows[1][0] == "001080000001"  # a text cell: the leading zeros stay
    assert rows[1][10:12] == [None, None]  # nothing recorded: empty cells
    assert rows[4][-3:-1] == [None, "Chi bộ Hình sự"]


def test_an_export_imports_again_without_changes(office, register, login, english_labels):
    client = login(office)
    client.post(reverse("set_language"), {"language": "en"})  # the file stays Vietnamese
    content = client.get(reverse("members:export")).content
    assert read_xlsx(content)[1][2] == "Nam"

    preview = import_preview(actor=office, file=io.BytesIO(content), name="xuat.xlsx")

    assert preview.messages() == []
    assert preview.counts == {"new": 0, "changed": 0, "unchanged": 4}


def test_the_export_takes_the_list_filters(office, register, login, tree):
    client = login(office)
    url = reverse("members:export")

    def names(query):
        return [r[1] for r in read_xlsx(client.get(url + query).content)[1:]]

    assert names(f"?to_chuc={tree['Chi bộ Hình sự'].pk}") == ["Phạm Văn Cường"]
    assert names("?q=nguyen") == ["Nguyễn Văn An"]
    assert names("?q=001080000001") == ["Nguyễn Văn An"]
    assert names("?tinh_trang=full") == ["Trần Thị Bình"]
    assert names("?tinh_trang=full&tinh_trang=probationary") == [
        "Nguyễn Văn An",
        "Lê Anh",
        "Trần Thị Bình",
        "Phạm Văn Cường",
    ]
    assert names("?trinh_do=master&ly_luan=advanced") == ["Trần Thị Bình"]
    assert names("?tuoi_tu=10") == ["Trần Thị Bình"]
    assert names("?tuoi_tu=5&tuoi_den=5") == ["Nguyễn Văn An", "Lê Anh", "Phạm Văn Cường"]
    # Values the list page would refuse filter nothing.
    assert len(names("?tuoi_tu=abc&trinh_do=gioi&tinh_trang=nghi")) == 4


def test_filters_from_query(office, tree):
    query = QueryDict(mutable=True)
    query.update({"to_chuc": str(tree["Chi bộ Văn phòng"].pk), "q": " an ", "trinh_do": "university"})
    query.setlist("tinh_trang", ["full", "exempt", "bogus"])
    query.update({"ly_luan": "advanced", "tuoi_tu": "5", "tuoi_den": "30"})

    assert exports.filters_from_query(query, office) == MemberFilters(
        organization=tree["Chi bộ Văn phòng"],
        query="an",
        statuses=["full", "exempt"],
        education="university",
        theory="advanced",
        age_min=5,
        age_max=30,
    )
    assert exports.filters_from_query(QueryDict("tuoi_tu=9&tuoi_den=3"), office) == MemberFilters()
    with pytest.raises(Http404):
        exports.filters_from_query(QueryDict(f"to_chuc={tree['Chi bộ Ngân sách'].pk}"), office)
    with pytest.raises(Http404):
        exports.filters_from_query(QueryDict("to_chuc=abc"), office)


def test_a_sibling_cells_officer_exports_only_their_own_cell(register, make_user, login, tree):
    officer = make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"])
    client = login(officer)

    rows = read_xlsx(client.get(reverse("members:export")).content)

    assert [r[1] for r in rows[1:]] == ["Phạm Văn Cường"]
    url = reverse("members:export") + f"?to_chuc={tree['Chi bộ Văn phòng'].pk}"
    assert client.get(url).status_code == 404


def test_who_may_export(register, make_user, login, tree, client):
    supervisor = make_user(role=R.SUPERVISOR, organization=tree["Đảng bộ Khối"])
    assert len(read_xlsx(login(supervisor).get(reverse("members:export")).content)) == 5
    plain = make_user(role=R.MEMBER, organization=tree["Chi bộ Văn phòng"])
    client.logout()
    assert login(plain).get(reverse("members:export")).status_code == 404
    client.logout()
    assert client.get(reverse("members:export")).status_code == 302  # to the login page


def test_the_export_runs_a_fixed_number_of_queries(office, tree, login):
    client = login(office)
    url = reverse("members:export") + f"?to_chuc={tree['Chi bộ Văn phòng'].pk}"
    add(office, tree["Chi bộ Văn phòng"], "Nguyễn Văn Một")
    client.get(url)  # the session and the grants, once

    with CaptureQueriesContext(connection) as one:
        assert len(read_xlsx(client.get(url).content)) == 2
    for n in range(30):
        add(office, tree["Chi bộ Văn phòng"], f"Nguyễn Văn Số {n}")
    with CaptureQueriesContext(connection) as many:
        assert len(read_xlsx(client.get(url).content)) == 32

    assert len(one) == len(many)


# ---------------------------------------------------------------------------------------------- the profile


def _text(document):
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_profile_docx_is_in_the_party_document_layout(office, register, login, tree, tmp_path):
    member = register["binh"]
    services.member_transfer(actor=office, member=member, to=tree["Chi bộ Hình sự"], on=D(2020, 1, 1))

    response = login(office).get(reverse("members:profile_docx", args=[member.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    document = Document(io.BytesIO(response.content))
    text = _text(document)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "SƠ YẾU LÝ LỊCH ĐẢNG VIÊN" in text
    assert "Trần Thị Bình" in text and "TRẦN THỊ BÌNH" in text
    assert "ĐẢNG BỘ VKSND" in text and "CHI BỘ HÌNH SỰ" in text
    assert "Thạc sĩ" in text and "Cao cấp" in text and "19/05/2008" in text
    # The histories: both cells, and the status changes.
    assert "Chi bộ Văn phòng" in text and "01/01/2020" in text
    assert "Chính thức" in text and "Dự bị" in text

    heading = next(
        run
        for table in document.tables
        for cell in table.rows[0].cells
        for p in cell.paragraphs
        for run in p.runs
        if run.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    )
    assert heading.bold and heading.font.size == Pt(15) and heading.font.name == "Times New Roman"
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size == Pt(14)
    fonts = {run.font.name for p in document.paragraphs for run in p.runs}
    assert fonts == {"Times New Roman"}
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]

    soffice = shutil.which("soffice")
    if soffice:  # the archives keep PDF: the document must convert
        source = tmp_path / "ho-so.docx"
        source.write_bytes(response.content)
        subprocess.run(  # noqa: S603
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
            check=True,
            timeout=120,
            capture_output=True,
        )
        assert (tmp_path / "ho-so.pdf").read_bytes().startswith(b"%PDF")


def test_the_profile_stays_vietnamese_in_the_english_interface(office, register, login):
    client = login(office)
    client.post(reverse("set_language"), {"language": "en"})
    response = client.get(reverse("members:profile_docx", args=[register["an"].pk]))
    text = _text(Document(io.BytesIO(response.content)))
    assert "SƠ YẾU LÝ LỊCH ĐẢNG VIÊN" in text and "Giới tính" in text


def test_the_profile_is_404_for_another_cells_officer_and_open_to_the_member_himself(
    register, make_user, login, tree, client
):
    officer = make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"])
    url = reverse("members:profile_docx", args=[register["an"].pk])
    assert login(officer).get(url).status_code == 404
    assert client.get(reverse("members:profile_docx", args=[register["cuong"].pk])).status_code == 200
    assert client.get(reverse("members:profile_docx", args=[999_999])).status_code == 404
    client.logout()

    own = make_user(role=R.MEMBER, organization=tree["Chi bộ Văn phòng"])
    Member.objects.filter(pk=register["an"].pk).update(user=own)
    client = login(own)
    assert client.get(url).status_code == 200
    assert client.get(reverse("members:profile_docx", args=[register["anh"].pk])).status_code == 404


def test_the_profile_runs_a_fixed_number_of_queries(office, register, login, tree):
    client = login(office)
    member = register["binh"]
    url = reverse("members:profile_docx", args=[member.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for year in range(2011, 2021):
        services.member_transfer(
            actor=office,
            member=member,
            to=tree["Chi bộ Hình sự"] if year % 2 else tree["Chi bộ Văn phòng"],
            on=D(year, 1, 1),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)
