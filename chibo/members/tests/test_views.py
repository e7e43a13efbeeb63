"""The pages of the member register: the list (filters, search, order, pages, query count), the member page, the
form pages, and the access matrix of every page x role."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chibo.core.models import AuditEntry
from chibo.core.text import fold, name_sort_key
from chibo.members import rules, services
from chibo.members.models import BadgeAward, CorrectionRequest, Member, Membership, PartyGap, StatusChange
from chibo.members.views import register
from chibo.organizations.models import Grant

R = Grant.Role
D = datetime.date


@pytest.fixture
def cell(tree):
    return tree["Chi bộ Văn phòng"]


@pytest.fixture
def office(tree, make_user):
    return make_user("vanphong", role=R.OFFICE_STAFF, organization=tree["Đảng bộ VKSND"])


@pytest.fixture
def officer(cell, make_user):
    return make_user("bithu", role=R.CELL_OFFICER, organization=cell)


@pytest.fixture
def sibling_officer(tree, make_user):
    return make_user("bithu_hinhsu", role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"])


_ids = iter(range(1, 1_000_000))


def _add(actor, organization, full_name, **fields):
    values = {
        "sex": "male",
        "born_on": D(1980, 1, 1),
        "admitted_on": D(2010, 1, 1),
        "citizen_id": f"{next(_ids):012d}",
        **fields,
    }
    return services.member_create(actor=actor, organization=organization, full_name=full_name, **values)


def _years_ago(years, days=0):
    return rules.add_months(timezone.localdate(), -12 * years) - datetime.timedelta(days=days)


def _text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _names_in_table(html):
    return re.findall(r'<td><a href="/dang-vien/\d+/">([^<]+)</a></td>', html)


def _snapshot():
    return (
        list(Member.objects.order_by("id").values()),
        StatusChange.objects.count(),
        Membership.objects.count(),
        PartyGap.objects.count(),
        BadgeAward.objects.count(),
        list(CorrectionRequest.objects.values("id", "state")),
        AuditEntry.objects.count(),
    )


# The list ----------------------------------------------------------------------------------------------------------


def test_list_search_ignores_diacritics_and_case_and_finds_a_citizen_id_prefix(cell, office, login):
    _add(office, cell, "Nguyễn Văn Anh", citizen_id="001085000001")
    _add(office, cell, "Đặng Thị Hoa", citizen_id="002090000002")
    _add(office, cell, "Trần Văn Bình", citizen_id="003075000003")
    client = login(office)
    url = reverse("members:list")
    assert _names_in_table(_text(client.get(url, {"q": "nguyen van a"}))) == ["Nguyễn Văn Anh"]
    assert _names_in_table(_text(client.get(url, {"q": "dang"}))) == ["Đặng Thị Hoa"]
    assert _names_in_table(_text(client.get(url, {"q": "ĐẶNG THỊ"}))) == ["Đặng Thị Hoa"]
    assert _names_in_table(_text(client.get(url, {"q": "003075"}))) == ["Trần Văn Bình"]
    nothing = _text(client.get(url, {"q": "khong co ai"}))
    assert _names_in_table(nothing) == []
    assert "Không có đảng viên nào khớp với điều kiện tìm." in nothing


def test_list_is_in_given_name_order(cell, office, login):
    for name in ["Nguyễn Văn Bình", "Lê Anh", "Trần Thị An"]:
        _add(office, cell, name)
    names = _names_in_table(_text(login(office).get(reverse("members:list"))))
    assert names == ["Trần Thị An", "Lê Anh", "Nguyễn Văn Bình"]


def test_list_filters(tree, cell, office, login):
    other = tree["Chi bộ Hình sự"]
    _add(office, cell, "Phạm Văn Dũng", admitted_on=_years_ago(5), education="university")
    _add(
        office,
        cell,
        "Lê Thị Giang",
        admitted_on=_years_ago(20),
        status="full",
        full_on=_years_ago(19),
        education="master",
        political_theory="advanced",
    )
    _add(office, other, "Hoàng Văn Hải", admitted_on=_years_ago(35), status="full", full_on=_years_ago(34))
    gone = _add(office, other, "Vũ Văn Khoa", status="full", full_on=D(2011, 1, 1))
    services.member_change_status(actor=office, member=gone, status="deceased", on=D(2024, 1, 1))
    client = login(office)
    url = reverse("members:list")

    def names(**params):
        return _names_in_table(_text(client.get(url, params)))

    assert names() == ["Phạm Văn Dũng", "Lê Thị Giang", "Hoàng Văn Hải"]  # the deceased only when asked for
    assert names(to_chuc=other.pk) == ["Hoàng Văn Hải"]
    assert names(to_chuc=tree["Đảng bộ VKSND"].pk) == ["Phạm Văn Dũng", "Lê Thị Giang", "Hoàng Văn Hải"]
    assert names(tinh_trang=["full", "deceased"]) == ["Lê Thị Giang", "Hoàng Văn Hải", "Vũ Văn Khoa"]
    assert names(tinh_trang="probationary") == ["Phạm Văn Dũng"]
    assert names(trinh_do="master") == ["Lê Thị Giang"]
    assert names(ly_luan="advanced") == ["Lê Thị Giang"]
    assert names(tuoi_tu=10, tuoi_den=30) == ["Lê Thị Giang"]
    assert names(tuoi_tu=20) == ["Lê Thị Giang", "Hoàng Văn Hải"]
    assert names(tuoi_den=19) == ["Phạm Văn Dũng"]
    assert names(q="giang", ly_luan="advanced", to_chuc=cell.pk) == ["Lê Thị Giang"]


def test_list_shows_the_columns(cell, office, login):
    _add(
        office,
        cell,
        "Lê Thị Giang",
        admitted_on=_years_ago(20, days=1),
        status="full",
        full_on=_years_ago(19),
        education="master",
        political_theory="advanced",
    )
    html = _text(login(office).get(reverse("members:list")))
    row = re.search(r"<tr>\s*<td><a[^>]*>Lê Thị Giang</a></td>(.*?)</tr>", html, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells == ["Chi bộ Văn phòng", "Chính thức", "20", "Thạc sĩ", "Cao cấp"]
    assert "1 đảng viên" in html


def test_list_unit_select_offers_only_units_in_scope(tree, cell, officer, login):
    html = _text(login(officer).get(reverse("members:list")))
    select = re.search(r'<select name="to_chuc".*?</select>', html, re.S).group(0)
    assert "Chi bộ Văn phòng" in select
    assert "Chi bộ Hình sự" not in select and "Đảng bộ VKSND" not in select
    # A unit out of scope in the query string is refused by the form, not shown.
    refused = _text(login(officer).get(reverse("members:list"), {"to_chuc": tree["Chi bộ Hình sự"].pk}))
    assert "Hãy chọn một lựa chọn hợp lệ" in refused or "Select a valid choice" in refused


def test_list_bad_filter_names_the_field(cell, office, login):
    _add(office, cell, "Lê Anh")
    html = _text(login(office).get(reverse("members:list"), {"tuoi_tu": "ba mươi"}))
    assert "Tuổi đảng phải là một số năm." in html
    assert _names_in_table(html) == ["Lê Anh"]  # the invalid filter filters nothing
    inverted = _text(login(office).get(reverse("members:list"), {"tuoi_tu": "10", "tuoi_den": "5"}))
    assert "Tuổi đảng “đến” phải không nhỏ hơn tuổi đảng “từ”." in inverted


def test_list_pages_of_fifty(cell, office, login):
    for i in range(55):
        _add(office, cell, f"Nguyễn Văn Thử {i:02d}")
    client = login(office)
    first = _text(client.get(reverse("members:list"), {"q": "thu"}))
    assert len(_names_in_table(first)) == 50
    assert "55 đảng viên" in first
    assert 'href="?q=thu&amp;trang=2"' in first
    second = _text(client.get(reverse("members:list"), {"q": "thu", "trang": 2}))
    assert _names_in_table(second) == [f"Nguyễn Văn Thử {i}" for i in range(50, 55)]
    assert "Trang sau" not in second


def test_list_htmx_answers_with_the_rows_only(cell, office, login):
    _add(office, cell, "Lê Anh")
    html = _text(login(office).get(reverse("members:list"), {"q": "anh"}, HTTP_HX_REQUEST="true"))
    assert "<h1>" not in html
    assert _names_in_table(html) == ["Lê Anh"]


def test_export_link_keeps_the_filters_when_the_export_exists(cell, office, login, monkeypatch):
    client = login(office)
    monkeypatch.setattr(register, "_export_url", lambda: None)
    assert "Xuất Excel" not in _text(client.get(reverse("members:list")))
    monkeypatch.setattr(register, "_export_url", lambda: "/dang-vien/xuat/")
    html = _text(client.get(reverse("members:list"), {"q": "an", "trinh_do": "master", "trang": "2"}))
    assert 'href="/dang-vien/xuat/?q=an&amp;trinh_do=master"' in html


def test_add_button_opens_the_form_in_the_chosen_cell(cell, office, login):
    html = _text(login(office).get(reverse("members:list"), {"to_chuc": cell.pk}))
    assert f'href="/dang-vien/them/?to_chuc={cell.pk}"' in html


# Query counts ------------------------------------------------------------------------------------------------------


def _bulk_members(organization, n, *, start=0):
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Đặng Văn Em"]
    rows = []
    for i in range(start, start + n):
        full_name = f"{names[i % len(names)]} {i}"
        admitted = D(1990 + i % 30, 1 + i % 12, 1)
        rows.append(
            Member(
                citizen_id=f"{900_000_000_000 + i}",
                full_name=full_name,
                sex="male" if i % 2 else "female",
                born_on=D(1960 + i % 30, 1, 1),
                admitted_on=admitted,
                status="full" if i % 3 else "probationary",
                education="university",
                organization=organization,
                organization_path=organization.path,
                search_name=fold(full_name),
                sort_key=name_sort_key(full_name),
                party_age_from=admitted,
            )
        )
    Member.objects.bulk_create(rows, batch_size=2000)


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [{}, {"q": "nguyen", "tuoi_tu": "5", "tinh_trang": ["full", "exempt"]}])
def test_list_query_count_is_the_same_for_10_and_10000_members(tree, cell, office, login, params):
    client = login(office)
    url = reverse("members:list")
    params = {**params, "to_chuc": tree["Đảng bộ VKSND"].pk}
    _bulk_members(cell, 10)
    small = _queries(client, url, params)
    _bulk_members(tree["Chi bộ Hình sự"], 9_990, start=10)
    large = _queries(client, url, params)
    assert small == large
    assert len(_names_in_table(_text(client.get(url, params)))) == 50


def test_member_page_query_count_does_not_grow_with_its_history(tree, cell, office, login):
    client = login(office)
    few = _add(office, cell, "Lê Anh", status="full", full_on=D(2011, 1, 1))
    many = _add(office, cell, "Lê Bình", admitted_on=D(1990, 1, 1), born_on=D(1965, 1, 1))
    services.member_change_status(actor=office, member=many, status="full", on=D(1991, 1, 1))
    for year in range(2000, 2010):
        services.member_record_gap(
            actor=office, member=many, kind="lost_contact", starts_on=D(year, 1, 1), ends_on=D(year, 2, 1)
        )
    for i, target in enumerate(["Chi bộ Hình sự", "Chi bộ Văn phòng", "Chi bộ Hình sự"]):
        services.member_transfer(actor=office, member=many, to=tree[target], on=D(2015 + i, 1, 1))
    for years in (30, 35):
        services.badge_award(actor=office, member=many, years=years, awarded_on=D(2025, 2, 3))
    for i in range(5):
        services.correction_request(actor=office, member=many, text=f"Sửa mục {i}")
    assert _queries(client, reverse("members:detail", args=[few.pk])) == _queries(
        client, reverse("members:detail", args=[many.pk])
    )


# The member page ---------------------------------------------------------------------------------------------------


def test_member_page_shows_profile_history_age_badges_and_requests(tree, cell, office, login):
    member = _add(
        office,
        cell,
        "Lê Thị Giang",
        citizen_id="001190012345",
        sex="female",
        born_on=D(1970, 4, 30),
        admitted_on=D(1995, 9, 2),
        status="full",
        full_on=D(1996, 9, 2),
        hometown="Nam Định",
        education="master",
        political_theory="advanced",
    )
    services.member_record_gap(
        actor=office, member=member, kind="lost_contact", starts_on=D(2000, 1, 1), ends_on=D(2001, 1, 1)
    )
    services.member_transfer(actor=office, member=member, to=tree["Chi bộ Hình sự"], on=D(2020, 6, 1))
    services.badge_award(actor=office, member=member, years=30, awarded_on=D(2025, 11, 7), decision="QĐ 9")
    services.correction_request(actor=office, member=member, text="Quê quán là Hà Nam")
    html = _text(login(office).get(reverse("members:detail", args=[member.pk])))
    for label, value in [
        ("Họ và tên", "Lê Thị Giang"),
        ("Số CCCD", "001190012345"),
        ("Giới tính", "Nữ"),
        ("Ngày sinh", "30/04/1970"),
        ("Quê quán", "Nam Định"),
        ("Trình độ chuyên môn", "Thạc sĩ"),
        ("Lý luận chính trị", "Cao cấp"),
        ("Ngày vào Đảng (quyết định kết nạp)", "02/09/1995"),
        ("Ngày chính thức", "02/09/1996"),
        ("Tình trạng", "Chính thức"),
        ("Ốm đau nặng (xét tặng Huy hiệu sớm)", "Không"),
        ("Chi bộ", "Chi bộ Hình sự"),
    ]:
        assert f"<dt>{label}</dt><dd>{value}</dd>" in html, label
    age = rules.party_age(
        admitted_on=D(1995, 9, 2), gaps=[(D(2000, 1, 1), D(2001, 1, 1))], on=timezone.localdate()
    )
    assert f"<strong>{age.years} năm</strong>" in html
    assert "<dt>Tính từ ngày</dt><dd>02/09/1996</dd>" in html  # one year (366 days, 2000 is leap) later
    assert "Mất liên lạc: 01/01/2000 – 01/01/2001" in html
    assert "Huy hiệu 30 năm tuổi Đảng, trao ngày 07/11/2025" in html
    assert "Quê quán là Hà Nam" in html
    assert re.search(r"<td>Chi bộ Văn phòng</td>\s*<td>02/09/1995</td><td[^>]*>01/06/2020</td>", html)
    assert re.search(r"<td>Chi bộ Hình sự</td>\s*<td>01/06/2020</td><td[^>]*>nay</td>", html)
    assert "<td>02/09/1996</td><td>Chính thức</td>" in html
    assert reverse("members:edit", args=[member.pk]) in html
    assert "Gửi đề nghị" not in html  # officers resolve requests; the form is the member's own


def test_member_page_warns_when_the_full_membership_review_is_due_or_late(cell, office, login):
    client = login(office)
    due = _add(office, cell, "Lê Anh", admitted_on=_years_ago(1, days=20), ceremony_on=_years_ago(1, days=10))
    html = _text(client.get(reverse("members:detail", args=[due.pk])))
    ends = rules.add_months(due.ceremony_on, 12).strftime("%d/%m/%Y")
    assert f"Đã hết thời gian dự bị ngày {ends}: chi bộ cần xét công nhận đảng viên chính thức" in html
    late = _add(
        office, cell, "Lê Bình", admitted_on=_years_ago(1, days=200), ceremony_on=_years_ago(1, days=180)
    )
    html = _text(client.get(reverse("members:detail", args=[late.pk])))
    assert "Quá hạn xét công nhận đảng viên chính thức" in html
    fresh = _add(
        office, cell, "Lê Cúc", admitted_on=_years_ago(0, days=40), ceremony_on=_years_ago(0, days=30)
    )
    html = _text(client.get(reverse("members:detail", args=[fresh.pk])))
    assert "Đang trong thời gian dự bị" in html
    assert 'class="message warning"' not in html


def test_a_member_sees_their_own_record_and_asks_for_a_correction(cell, office, make_user, login):
    own_user = make_user("giang", role=R.MEMBER, organization=cell)
    member = _add(office, cell, "Lê Thị Giang")
    Member.objects.filter(pk=member.pk).update(user=own_user)
    other = _add(office, cell, "Lê Anh")
    client = login(own_user)
    html = _text(client.get(reverse("members:detail", args=[member.pk])))
    assert "Lê Thị Giang" in html
    assert "Gửi đề nghị" in html
    assert reverse("members:edit", args=[member.pk]) not in html
    assert 'href="/dang-vien/"' not in html  # no link to a list the member may not open
    assert client.get(reverse("members:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("members:list")).status_code == 404

    response = client.post(reverse("members:correction_request", args=[member.pk]), {"text": "Sai ngày sinh"})
    assert response.status_code == 302 and response["Location"] == member.get_absolute_url()
    request = CorrectionRequest.objects.get()
    assert (request.member, request.text, request.state) == (member, "Sai ngày sinh", "open")
    followed = _text(client.get(member.get_absolute_url()))
    assert "Đã gửi đề nghị sửa hồ sơ." in followed and "Sai ngày sinh" in followed

    empty = client.post(reverse("members:correction_request", args=[member.pk]), {"text": "  "})
    assert "Hãy ghi nội dung cần sửa." in _text(empty)
    assert CorrectionRequest.objects.count() == 1


# Form pages ---------------------------------------------------------------------------------------------------------

CREATE = {
    "citizen_id": "001085012345",
    "full_name": "Nguyễn Văn An",
    "sex": "male",
    "born_on": "1985-03-02",
    "ethnicity": "Kinh",
    "religion": "Không",
    "education": "university",
    "political_theory": "intermediate",
    "admitted_on": "2010-05-19",
    "ceremony_on": "2010-06-01",
    "status": "probationary",
}


def test_create_a_member_in_a_cell(cell, officer, login):
    client = login(officer)
    url = reverse("members:create") + f"?to_chuc={cell.pk}"
    assert "Thêm đảng viên vào Chi bộ Văn phòng" in _text(client.get(url))
    assert 'type="date"' in _text(client.get(url))
    response = client.post(url, CREATE)
    member = Member.objects.get()
    assert response.status_code == 302 and response["Location"] == member.get_absolute_url()
    assert (member.full_name, member.organization, member.education, member.ceremony_on) == (
        "Nguyễn Văn An",
        cell,
        "university",
        D(2010, 6, 1),
    )
    assert "Đã thêm đảng viên vào sổ." in _text(client.get(response["Location"]))


def test_create_without_a_cell_offers_the_cells_in_scope(tree, cell, office, login):
    client = login(office)
    html = _text(client.get(reverse("members:create")))
    select = re.search(r'<select name="organization".*?</select>', html, re.S).group(0)
    assert "Chi bộ Văn phòng" in select and "Chi bộ Hình sự" in select
    assert "Đảng bộ VKSND" not in select and "Chi bộ Ngân sách" not in select
    response = client.post(reverse("members:create"), {**CREATE, "organization": tree["Chi bộ Hình sự"].pk})
    assert response.status_code == 302
    assert Member.objects.get().organization == tree["Chi bộ Hình sự"]


def test_create_bad_input_names_the_fields_and_changes_nothing(tree, cell, office, login):
    client = login(office)
    _add(office, cell, "Lê Anh", citizen_id="001085012345")
    before = _snapshot()
    url = reverse("members:create") + f"?to_chuc={cell.pk}"
    html = _text(
        client.post(url, {**CREATE, "citizen_id": "12345", "born_on": "30/02/1985", "full_name": ""})
    )
    assert "Số CCCD phải gồm đúng 12 chữ số." in html
    assert "“Ngày sinh” không hợp lệ." in html
    assert "Hãy nhập họ và tên." in html
    html = _text(client.post(url, CREATE))
    assert "Số CCCD 001085012345 đã có trong sổ đảng viên." in html
    html = _text(client.post(url, {**CREATE, "citizen_id": "001085099999", "admitted_on": "1980-01-01"}))
    assert "Ngày vào Đảng phải sau ngày sinh." in html
    html = _text(client.post(url, {**CREATE, "citizen_id": "001085099999", "status": "full"}))
    assert "Đảng viên chính thức cần có ngày chính thức." in html
    # The service's own refusal lands on the form too: a grassroots committee is not a cell.
    not_cell = reverse("members:create") + f"?to_chuc={tree['Đảng bộ VKSND'].pk}"
    html = _text(client.post(not_cell, {**CREATE, "citizen_id": "001085099999"}))
    assert "Đảng viên sinh hoạt ở chi bộ: “Đảng bộ VKSND” không phải là chi bộ." in html
    assert _snapshot() == before


def test_edit_profile_page(cell, office, login):
    member = _add(office, cell, "Lê Anh", hometown="Huế")
    client = login(office)
    url = reverse("members:edit", args=[member.pk])
    form = _text(client.get(url))
    assert 'value="Huế"' in form and 'value="2010-01-01"' in form
    data = {
        "full_name": "Lê Văn Anh",
        "sex": "male",
        "born_on": "1980-01-01",
        "hometown": "Thừa Thiên Huế",
        "admitted_on": "2010-01-01",
        "education": "master",
        "political_theory": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.full_name, member.hometown, member.education) == ("Lê Văn Anh", "Thừa Thiên Huế", "master")
    assert AuditEntry.objects.get(action="member_update").changes["hometown"] == ["Huế", "Thừa Thiên Huế"]
    before = _snapshot()
    html = _text(client.post(url, {**data, "full_name": "Lê Trộm", "ceremony_on": "2009-01-01"}))
    assert "Ngày lễ kết nạp không thể trước ngày quyết định kết nạp." in html
    html = _text(client.post(url, {**data, "born_on": "", "full_name": "Lê Trộm"}))
    assert "Hãy nhập “Ngày sinh”." in html
    assert _snapshot() == before


def test_status_page(cell, office, login):
    member = _add(office, cell, "Lê Anh")
    client = login(office)
    url = reverse("members:status", args=[member.pk])
    form = _text(client.get(url))
    assert "Tình trạng hiện nay: Dự bị." in form
    assert '<option value="probationary"' not in form and '<option value="transferred_out"' not in form
    before = _snapshot()
    html = _text(client.post(url, {"status": "full", "on": "2009-12-31"}))
    assert "Ngày thay đổi phải từ 01/01/2010 (lần thay đổi trước) trở đi." in html
    assert _snapshot() == before
    response = client.post(url, {"status": "full", "on": "2011-01-02", "decision": "QĐ 1"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.status, member.full_on) == ("full", D(2011, 1, 2))


def test_transfer_pages(tree, cell, office, login):
    member = _add(office, cell, "Lê Anh", status="full", full_on=D(2011, 1, 1))
    client = login(office)
    url = reverse("members:transfer", args=[member.pk])
    select = re.search(r'<select name="to".*?</select>', _text(client.get(url)), re.S).group(0)
    assert "Chi bộ Hình sự" in select and "Chi bộ Văn phòng" not in select
    html = _text(client.post(url, {"to": tree["Chi bộ Ngân sách"].pk, "on": "2024-01-01"}))
    assert "Chọn một lựa chọn hợp lệ" in html or "Hãy chọn một lựa chọn hợp lệ" in html
    html = _text(client.post(url, {"to": tree["Chi bộ Hình sự"].pk, "on": "2009-01-01"}))
    assert "Ngày chuyển phải sau ngày bắt đầu sinh hoạt ở chi bộ hiện tại (01/01/2010)." in html
    assert client.post(url, {"to": tree["Chi bộ Hình sự"].pk, "on": "2024-01-01"}).status_code == 302
    member.refresh_from_db()
    assert member.organization == tree["Chi bộ Hình sự"]

    out = reverse("members:transfer_out", args=[member.pk])
    assert "Hãy ghi nơi chuyển đến." in _text(client.post(out, {"destination": "", "on": "2025-01-01"}))
    assert client.post(out, {"destination": "Đảng bộ xã Tân Phú", "on": "2025-01-01"}).status_code == 302
    member.refresh_from_db()
    assert member.status == "transferred_out"
    page = _text(client.get(member.get_absolute_url()))
    assert reverse("members:transfer_in", args=[member.pk]) in page

    back = reverse("members:transfer_in", args=[member.pk])
    assert 'value="2025-01-01"' in _text(client.get(back))  # the gap starts when the member left
    html = _text(client.post(back, {"to": cell.pk, "on": "2025-03-01", "gap_from": "2025-04-01"}))
    assert "Ngày bắt đầu gián đoạn phải trước ngày tiếp nhận." in html
    assert client.post(back, {"to": cell.pk, "on": "2025-03-01", "gap_from": "2025-01-01"}).status_code == 302
    member.refresh_from_db()
    assert (member.status, member.organization) == ("full", cell)
    assert member.gaps.get().ends_on == D(2025, 3, 1)


def test_temporary_gap_badge_and_resolve_pages(tree, cell, office, login):
    member = _add(office, cell, "Lê Anh", admitted_on=D(1990, 1, 1), born_on=D(1965, 1, 1))
    client = login(office)
    temporary = reverse("members:temporary", args=[member.pk])
    html = _text(
        client.post(
            temporary, {"at": tree["Chi bộ Hình sự"].pk, "starts_on": "2025-01-01", "ends_on": "2024-01-01"}
        )
    )
    assert "Ngày kết thúc phải sau ngày bắt đầu." in html
    assert (
        client.post(temporary, {"at": tree["Chi bộ Hình sự"].pk, "starts_on": "2025-01-01"}).status_code
        == 302
    )
    assert Member.objects.get(pk=member.pk).status == "temporary_elsewhere"

    gap = reverse("members:gap", args=[member.pk])
    assert "Hãy nhập “Đến ngày”." in _text(
        client.post(gap, {"kind": "lost_contact", "starts_on": "2000-01-01"})
    )
    data = {"kind": "lost_contact", "starts_on": "2000-01-01", "ends_on": "2000-04-01"}
    assert client.post(gap, data).status_code == 302
    assert Member.objects.get(pk=member.pk).party_age_from == D(1990, 4, 2)  # 91 days later (2000 is leap)

    badge = reverse("members:badge_award", args=[member.pk])
    form = _text(client.get(badge))
    assert "Huy hiệu 30 năm tuổi Đảng" in form and "Huy hiệu 90 năm tuổi Đảng" in form
    assert client.post(badge, {"years": "30", "awarded_on": "2025-02-03"}).status_code == 302
    html = _text(client.post(badge, {"years": "30", "awarded_on": "2025-05-19"}))
    assert "Đảng viên đã được trao Huy hiệu 30 năm tuổi Đảng." in html
    assert BadgeAward.objects.filter(member=member).count() == 1

    request = services.correction_request(actor=office, member=member, text="Sai quê quán")
    resolve = reverse("members:correction_resolve", args=[member.pk, request.pk])
    assert "Sai quê quán" in _text(client.get(resolve))
    assert "Khi không sửa, hãy trả lời lý do cho đảng viên." in _text(
        client.post(resolve, {"state": "declined"})
    )
    assert client.post(resolve, {"state": "done", "answer": "Đã sửa"}).status_code == 302
    request.refresh_from_db()
    assert (request.state, request.answer) == ("done", "Đã sửa")
    assert "Đề nghị này đã được xử lý." in _text(
        client.post(resolve, {"state": "declined", "answer": "Không"})
    )


# The access matrix -------------------------------------------------------------------------------------------------

ROLES = ["self", "cell_member", "cell_officer", "office_staff", "supervisor", "sibling_officer"]
VIEW = {"self", "cell_officer", "office_staff", "supervisor"}
EDIT = {"cell_officer", "office_staff"}

# Every page of the register x who gets it (200); everyone else gets 404.
PAGES = {
    "list": {"cell_officer", "office_staff", "supervisor", "sibling_officer"},
    "create": EDIT | {"sibling_officer"},  # without a cell: any cell in the actor's own scope
    "create_in_cell": EDIT,
    "detail": VIEW,
    "edit": EDIT,
    "status": EDIT,
    "transfer": EDIT,
    "transfer_out": EDIT,
    "transfer_in": EDIT,
    "temporary": EDIT,
    "gap": EDIT,
    "badge_award": EDIT,
    "correction_request": EDIT | {"self"},
    "correction_resolve": EDIT,
}


def test_the_matrix_covers_every_page_of_the_register():
    names = {p.name for p in register.urlpatterns}
    assert names == (set(PAGES) - {"create_in_cell"})


@pytest.fixture
def target(tree, cell, office, make_user):
    """A member of "Chi bộ Văn phòng" with an account and an open correction request, and one user per role."""
    users = {
        "self": make_user("self", role=R.MEMBER, organization=cell),
        "cell_member": make_user("cell_member", role=R.MEMBER, organization=cell),
        "cell_officer": make_user("cell_officer", role=R.CELL_OFFICER, organization=cell),
        "office_staff": office,
        "supervisor": make_user("supervisor", role=R.SUPERVISOR, organization=tree["Đảng bộ VKSND"]),
        "sibling_officer": make_user("sibling", role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"]),
    }
    member = _add(office, cell, "Lê Thị Giang")
    Member.objects.filter(pk=member.pk).update(user=users["self"])
    neighbour = _add(office, cell, "Lê Anh")
    Member.objects.filter(pk=neighbour.pk).update(user=users["cell_member"])
    request = services.correction_request(actor=office, member=member, text="Sai quê quán")
    return member, request, users


def _url(page, member, request, cell):
    if page == "list":
        return reverse("members:list")
    if page == "create":
        return reverse("members:create")
    if page == "create_in_cell":
        return reverse("members:create") + f"?to_chuc={cell.pk}"
    if page == "correction_resolve":
        return reverse("members:correction_resolve", args=[member.pk, request.pk])
    return reverse(f"members:{page}", args=[member.pk])


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(target, cell, client, login, role):
    member, request, users = target
    login(users[role])
    statuses = {page: client.get(_url(page, member, request, cell)).status_code for page in PAGES}
    assert statuses == {page: 200 if role in allowed else 404 for page, allowed in PAGES.items()}
    if role in PAGES["list"]:
        listed = _names_in_table(_text(client.get(reverse("members:list"))))
        assert ("Lê Thị Giang" in listed) == (role != "sibling_officer")


def test_sibling_cell_officer_posts_change_nothing(tree, target, cell, login):
    member, request, users = target
    client = login(users["sibling_officer"])
    before = _snapshot()
    posts = {
        "edit": {
            "full_name": "Sửa Trộm",
            "sex": "male",
            "born_on": "1980-01-01",
            "admitted_on": "2010-01-01",
        },
        "status": {"status": "expelled", "on": "2025-01-01"},
        "transfer": {"to": tree["Chi bộ Hình sự"].pk, "on": "2025-01-01"},
        "transfer_out": {"destination": "Nơi khác", "on": "2025-01-01"},
        "transfer_in": {"to": tree["Chi bộ Hình sự"].pk, "on": "2025-01-01"},
        "temporary": {"at": tree["Chi bộ Hình sự"].pk, "starts_on": "2025-01-01"},
        "gap": {"kind": "lost_contact", "starts_on": "2000-01-01", "ends_on": "2001-01-01"},
        "badge_award": {"years": "30", "awarded_on": "2025-01-01"},
        "correction_request": {"text": "Sửa hộ"},
        "correction_resolve": {"state": "done"},
        "create_in_cell": {**CREATE, "citizen_id": "001085099999"},
    }
    for page, data in posts.items():
        assert client.post(_url(page, member, request, cell), data).status_code == 404, page
    assert _snapshot() == before


def test_missing_and_forbidden_members_look_the_same(target, client, login):
    member, _request, users = target
    login(users["sibling_officer"])
    missing = client.get(reverse("members:detail", args=[999_999]))
    forbidden = client.get(reverse("members:detail", args=[member.pk]))
    assert missing.status_code == forbidden.status_code == 404
    assert missing.content == forbidden.content


def test_pages_need_an_account(target, client):
    member, request, _users = target
    for page in PAGES:
        response = client.get(_url(page, member, request, member.organization))
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"], page
