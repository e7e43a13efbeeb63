"""The badge list (with its Excel file) and the probation list: what the rules decide, shown to whom, at what cost."""

import datetime
import io
import itertools

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chibo.members.models import BadgeAward, Member, PartyGap, StatusChange
from chibo.members.services import refresh_party_age_from
from chibo.organizations.models import Grant

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)  # the next award occasion is 3/2/2027
D = datetime.date
Role = Grant.Role
_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def member(cell, name, admitted_on, *, status=Member.Status.FULL, gaps=(), changes=(), badges=(), **fields):
    """A member as the services would leave it: the history rows, and party age counted after the gaps."""
    fields.setdefault("born_on", D(admitted_on.year - 25, 3, 1))
    fields.setdefault("sex", Member.Sex.MALE)
    m = Member.objects.create(
        citizen_id=f"{next(_ids):012d}",
        full_name=name,
        admitted_on=admitted_on,
        status=status,
        organization=cell,
        **fields,
    )
    for start, end in gaps:
        PartyGap.objects.create(member=m, kind=PartyGap.Kind.LOST_CONTACT, starts_on=start, ends_on=end)
    for changed_to, on in changes:
        StatusChange.objects.create(member=m, status=changed_to, on=on)
    for years, on in badges:
        BadgeAward.objects.create(member=m, years=years, awarded_on=on)
    if gaps or changes:
        refresh_party_age_from(m, today=TODAY)
    return m


@pytest.fixture
def office(tree, make_user, login):
    """An office-staff user of the whole committee."""
    return login(make_user(role=Role.OFFICE_STAFF, organization=tree["Đảng bộ Khối"]))


def names(response):
    return [row.member.full_name for row in response.context["rows"]]


# --------------------------------------------------------------------------------------------------------------
# Party badges


def test_a_member_exactly_30_years_on_the_occasion_is_due_and_one_a_day_short_is_not(tree, office):
    cell = tree["Chi bộ Văn phòng"]
    member(cell, "Bùi Thị Thanh Liên", D(1997, 2, 3))
    member(cell, "Đỗ Văn Hùng", D(1997, 2, 4))
    response = office.get(reverse("members:badges_due"))
    assert response.status_code == 200
    assert response.context["occasion"] == D(2027, 2, 3)
    [row] = response.context["rows"]
    assert (row.member.full_name, row.badge, row.party_age, row.early) == (
        "Bùi Thị Thanh Liên",
        30,
        30,
        False,
    )
    page = response.content.decode()
    assert "Bùi Thị Thanh Liên" in page and "Đỗ Văn Hùng" not in page
    assert "03/02/2027" in page and "Ngày thành lập Đảng Cộng sản Việt Nam" in page


def test_a_seriously_ill_member_is_due_early(tree, office):
    cell = tree["Chi bộ Văn phòng"]
    member(cell, "Võ Đình Lộc", D(1997, 11, 20), seriously_ill=True)  # 30 years on 20/11/2027
    member(cell, "Võ Đình Khang", D(1997, 11, 20))  # the same, in good health: not yet
    member(cell, "Võ Đình Nam", D(1998, 2, 10), seriously_ill=True)  # more than 12 months away
    response = office.get(reverse("members:badges_due"))
    [row] = response.context["rows"]
    assert (row.member.full_name, row.badge, row.party_age, row.early) == ("Võ Đình Lộc", 30, 29, True)
    assert row.reached_on == D(2027, 11, 20)
    assert "Xét tặng sớm do ốm đau nặng (đủ 30 năm tuổi Đảng ngày 20/11/2027)" in response.content.decode()


def test_awarded_milestones_are_left_out_and_the_next_one_comes_up(tree, office):
    cell = tree["Chi bộ Văn phòng"]
    member(cell, "Cao Trọng Việt", D(1987, 1, 20), badges=[(30, D(2017, 2, 3))])
    member(cell, "Cao Trọng Sơn", D(1987, 1, 20), badges=[(30, D(2017, 2, 3)), (40, D(2026, 11, 7))])
    member(cell, "Cao Thị Hà", D(1996, 1, 10), badges=[(30, D(2026, 2, 3))])  # 30 awarded, 40 far off
    member(cell, "Cao Thị Mai", D(1996, 1, 10))  # 30 reached long ago, never awarded: still due
    response = office.get(reverse("members:badges_due"))
    assert [(r.member.full_name, r.badge) for r in response.context["rows"]] == [
        ("Cao Trọng Việt", 40),
        ("Cao Thị Mai", 30),
    ]


def test_gaps_and_readmission_delay_the_badge(tree, office):
    cell = tree["Chi bộ Văn phòng"]
    member(cell, "Lê Văn An", D(1996, 1, 10), gaps=[(D(2005, 1, 1), D(2007, 1, 1))])  # 30 years in 2028
    readmitted = member(
        cell,
        "Đỗ Trọng Phúc",
        D(1993, 10, 1),
        changes=[
            (Member.Status.PROBATIONARY, D(1993, 10, 1)),
            (Member.Status.FULL, D(1994, 10, 1)),
            (Member.Status.REMOVED, D(2000, 3, 1)),
            (Member.Status.PROBATIONARY, D(2003, 6, 16)),
            (Member.Status.FULL, D(2004, 6, 16)),
        ],
    )
    assert readmitted.party_age_from == D(1997, 1, 15)
    response = office.get(reverse("members:badges_due"))
    [row] = response.context["rows"]
    assert (row.member.full_name, row.badge, row.reached_on) == ("Đỗ Trọng Phúc", 30, D(2027, 1, 15))


def test_sorted_by_badge_then_roster_order_and_only_active_members(tree, office):
    cell, other = tree["Chi bộ Văn phòng"], tree["Chi bộ Ngân sách"]
    member(cell, "Trần Văn Bình", D(1996, 12, 1))
    member(other, "Nguyễn Thị An", D(1996, 12, 1))
    member(cell, "Phạm Văn Cường", D(1986, 12, 1), badges=[(30, D(2017, 2, 3))])
    member(cell, "Hoàng Văn Dũng", D(1996, 12, 1), status=Member.Status.DECEASED)
    member(cell, "Lý Thị Giang", D(1996, 12, 1), status=Member.Status.EXEMPT)
    response = office.get(reverse("members:badges_due"))
    assert [(r.member.full_name, r.badge) for r in response.context["rows"]] == [
        ("Phạm Văn Cường", 40),
        ("Nguyễn Thị An", 30),
        ("Trần Văn Bình", 30),
        ("Lý Thị Giang", 30),
    ]
    page = response.content.decode()
    assert "Miễn công tác và sinh hoạt đảng" in page  # the note says why an exempt member is listed apart
    # Cells of a grassroots committee are shown with it: "Chi bộ Văn phòng" alone says too little.
    assert "Đảng bộ VKSND" in page and "Đảng bộ Sở Tài chính" in page


def test_another_occasion_and_a_subtree(tree, office):
    member(tree["Chi bộ Văn phòng"], "Trần Văn Bình", D(1997, 5, 10))
    member(tree["Chi bộ Ngân sách"], "Nguyễn Thị An", D(1997, 5, 19))
    url = reverse("members:badges_due")
    assert names(office.get(url)) == []
    response = office.get(url, {"dip": "2027-05-19"})
    assert response.context["occasion"] == D(2027, 5, 19)
    assert [day for day, _name in response.context["occasions"]] == [
        D(2027, 2, 3),
        D(2027, 5, 19),
        D(2027, 9, 2),
        D(2027, 11, 7),
    ]
    assert names(response) == ["Nguyễn Thị An", "Trần Văn Bình"]
    response = office.get(url, {"dip": "2027-05-19", "to_chuc": tree["Đảng bộ Sở Tài chính"].pk})
    assert names(response) == ["Nguyễn Thị An"]


def test_an_occasion_not_offered_is_refused_with_a_message(tree, office):
    member(tree["Chi bộ Văn phòng"], "Trần Văn Bình", D(1997, 1, 10))
    response = office.get(reverse("members:badges_due"), {"dip": "2030-01-01"})
    assert response.status_code == 200
    assert response.context["occasion"] == D(2027, 2, 3)  # the next one instead
    assert "Dịp xét tặng “2030-01-01” không hợp lệ" in response.content.decode()
    xlsx = office.get(reverse("members:badges_due_xlsx"), {"dip": "hôm nay"})
    assert xlsx.status_code == 400
    assert "Dịp xét tặng “hôm nay” không hợp lệ" in xlsx.content.decode()


def test_a_cell_officer_sees_only_their_cell(tree, make_user, login):
    member(tree["Chi bộ Văn phòng"], "Trần Văn Bình", D(1997, 1, 10))
    member(tree["Chi bộ Hình sự"], "Nguyễn Thị An", D(1997, 1, 10))
    officer = login(make_user(role=Role.CELL_OFFICER, organization=tree["Chi bộ Hình sự"]))
    url = reverse("members:badges_due")
    response = officer.get(url)
    assert response.context["organization"] == tree["Chi bộ Hình sự"]
    assert [u.organization.name for u in response.context["units"]] == ["Chi bộ Hình sự"]
    assert names(response) == ["Nguyễn Thị An"]
    assert "Trần Văn Bình" not in response.content.decode()
    for target in ("Chi bộ Văn phòng", "Đảng bộ VKSND"):
        assert officer.get(url, {"to_chuc": tree[target].pk}).status_code == 404
        assert (
            officer.get(reverse("members:badges_due_xlsx"), {"to_chuc": tree[target].pk}).status_code == 404
        )
    assert officer.get(url, {"to_chuc": "999999"}).status_code == 404


def test_a_plain_member_gets_404(tree, make_user, login):
    plain = login(make_user(role=Role.MEMBER, organization=tree["Chi bộ Văn phòng"]))
    for name in ("members:badges_due", "members:badges_due_xlsx", "members:probation"):
        assert plain.get(reverse(name)).status_code == 404


def test_a_supervisor_of_another_committee_sees_none_of_these_members(tree, make_user, login):
    member(tree["Chi bộ Văn phòng"], "Trần Văn Bình", D(1997, 1, 10))
    other = login(make_user(role=Role.SUPERVISOR, organization=tree["Đảng bộ Khối Doanh nghiệp"]))
    response = other.get(reverse("members:badges_due"))
    assert response.status_code == 200
    assert response.context["organization"] == tree["Đảng bộ Khối Doanh nghiệp"]
    assert names(response) == []
    assert other.get(reverse("members:badges_due"), {"to_chuc": tree["Đảng bộ Khối"].pk}).status_code == 404


def _due_members(cell, count, start):
    for i in range(count):
        m = member(
            cell,
            f"Nguyễn Văn Số {start + i}",
            D(1986, 10, 1) + datetime.timedelta(days=i),
            badges=[(30, D(2017, 2, 3))],
            gaps=[(D(1990, 1, 1), D(1990, 1, 2 + i % 3))],
            changes=[(Member.Status.PROBATIONARY, D(1986, 12, 1)), (Member.Status.REMOVED, D(1995, 1, 1))]
            if i % 2
            else [],
        )
        if i % 2:  # readmitted: back in the party
            StatusChange.objects.create(member=m, status=Member.Status.PROBATIONARY, on=D(1995, 2, 1))
            refresh_party_age_from(m, today=TODAY)


def test_the_badge_list_runs_a_fixed_number_of_queries(tree, office):
    url = reverse("members:badges_due")
    _due_members(tree["Chi bộ Văn phòng"], 2, 0)
    office.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert len(office.get(url).context["rows"]) == 2
    _due_members(tree["Chi bộ Hình sự"], 40, 100)
    with CaptureQueriesContext(connection) as many:
        assert len(office.get(url).context["rows"]) == 42
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as xlsx:
        assert office.get(reverse("members:badges_due_xlsx")).status_code == 200
    assert len(xlsx) == len(few)


def test_the_excel_list_reads_back(tree, office):
    cell = tree["Chi bộ Văn phòng"]
    member(cell, "Bùi Thị Thanh Liên", D(1997, 2, 3), born_on=D(1972, 8, 14))
    member(cell, "Võ Đình Lộc", D(1997, 11, 20), born_on=D(1970, 11, 27), seriously_ill=True)
    member(cell, "Cao Trọng Việt", D(1987, 1, 20), born_on=D(1966, 5, 9), badges=[(30, D(2017, 2, 3))])
    response = office.get(reverse("members:badges_due_xlsx"), {"to_chuc": tree["Đảng bộ VKSND"].pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="huy-hieu-dang-2027-02-03.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "DANH SÁCH ĐẢNG VIÊN ĐỦ ĐIỀU KIỆN XÉT TẶNG HUY HIỆU ĐẢNG"
    assert rows[1][0] == "Dịp 03/02/2027 – Đảng bộ VKSND"
    assert list(rows[3]) == [
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Chi bộ",
        "Ngày vào Đảng",
        "Tuổi đảng",
        "Huy hiệu",
        "Ghi chú",
    ]
    body = [list(r) for r in rows[4:]]
    assert body == [
        [
            1,
            "Cao Trọng Việt",
            datetime.datetime(1966, 5, 9),
            "Chi bộ Văn phòng",
            datetime.datetime(1987, 1, 20),
            40,
            40,
            None,
        ],
        [
            2,
            "Bùi Thị Thanh Liên",
            datetime.datetime(1972, 8, 14),
            "Chi bộ Văn phòng",
            datetime.datetime(1997, 2, 3),
            30,
            30,
            None,
        ],
        [
            3,
            "Võ Đình Lộc",
            datetime.datetime(1970, 11, 27),
            "Chi bộ Văn phòng",
            datetime.datetime(1997, 11, 20),
            29,
            30,
            "Xét tặng sớm do ốm đau nặng (đủ 30 năm tuổi Đảng ngày 20/11/2027)",
        ],
    ]
    assert sheet.cell(row=5, column=3).number_format == "DD/MM/YYYY"
    # From the whole committee, a cell of a grassroots committee is named with it.
    whole = office.get(reverse("members:badges_due_xlsx"))
    rows = list(openpyxl.load_workbook(io.BytesIO(whole.content)).active.iter_rows(values_only=True))
    assert rows[4][3] == "Chi bộ Văn phòng – Đảng bộ VKSND"


# --------------------------------------------------------------------------------------------------------------
# Probation


def probationer(cell, name, ceremony_on, **fields):
    admitted = ceremony_on - datetime.timedelta(days=20) if ceremony_on else fields.pop("admitted_on")
    return member(
        cell,
        name,
        admitted,
        status=Member.Status.PROBATIONARY,
        ceremony_on=ceremony_on,
        born_on=D(2000, 1, 1),
        **fields,
    )


def test_probation_states_with_their_dates_late_first(tree, office):
    cell = tree["Chi bộ Văn phòng"]
    probationer(cell, "Nguyễn Văn Muộn", D(2025, 8, 1))
    probationer(cell, "Trần Thị Đến", D(2025, 11, 10))
    probationer(cell, "Lê Văn Chờ", D(2026, 1, 15))
    probationer(cell, "Phạm Thị Chưa", None, admitted_on=D(2026, 3, 2))
    member(cell, "Hoàng Văn Chính", D(2000, 1, 1))  # full: not on this list
    response = office.get(reverse("members:probation"))
    assert response.status_code == 200
    rows = [
        (
            r.member.full_name,
            r.starts_on,
            r.facts.ends_on,
            r.facts.review_deadline,
            r.facts.state,
            r.working_days,
        )
        for r in response.context["page"].rows
    ]
    assert rows == [
        ("Nguyễn Văn Muộn", D(2025, 8, 1), D(2026, 8, 1), D(2026, 9, 15), "late", -49),
        ("Trần Thị Đến", D(2025, 11, 10), D(2026, 11, 10), D(2026, 12, 22), "due", 21),
        ("Lê Văn Chờ", D(2026, 1, 15), D(2027, 1, 15), D(2027, 3, 5), "in_probation", 0),
        ("Phạm Thị Chưa", D(2026, 3, 2), D(2027, 3, 2), D(2027, 4, 13), "in_probation", 0),
    ]
    assert (response.context["late"], response.context["due"], response.context["in_probation"]) == (1, 1, 2)
    page = response.content.decode()
    assert "Quá hạn xét" in page and "trễ 49 ngày làm việc" in page
    assert "Đến hạn xét" in page and "còn 21 ngày làm việc" in page
    assert "15/09/2026" in page and "22/12/2026" in page
    assert "Chưa ghi ngày lễ kết nạp: tính từ ngày quyết định 02/03/2026" in page
    assert "Hoàng Văn Chính" not in page


def test_cells_with_fewer_than_three_full_members_are_flagged(tree, office):
    small, enough = tree["Chi bộ Văn phòng"], tree["Chi bộ Hình sự"]
    member(small, "Nguyễn Văn An", D(2000, 1, 1))
    member(small, "Nguyễn Văn Bình", D(2000, 1, 1))
    probationer(small, "Nguyễn Văn Cường", D(2026, 1, 15))
    member(small, "Nguyễn Văn Dũng", D(1990, 1, 1), status=Member.Status.DECEASED)
    member(enough, "Trần Văn An", D(2000, 1, 1))
    member(enough, "Trần Văn Bình", D(2000, 1, 1), status=Member.Status.EXEMPT)
    member(enough, "Trần Văn Cường", D(2000, 1, 1), status=Member.Status.TEMPORARY_ELSEWHERE)
    response = office.get(reverse("members:probation"), {"to_chuc": tree["Đảng bộ VKSND"].pk})
    assert [(c.organization.name, c.full, c.probationary) for c in response.context["small"]] == [
        ("Chi bộ Văn phòng", 2, 1),
    ]
    page = response.content.decode()
    assert "Chi bộ chưa đủ 3 đảng viên chính thức" in page
    # From the whole committee, every empty cell is flagged too, named with its grassroots committee.
    response = office.get(reverse("members:probation"))
    flagged = [(c.organization.name, c.committee) for c in response.context["small"]]
    assert ("Chi bộ Văn phòng", "Đảng bộ VKSND") in flagged
    assert ("Chi bộ Hình sự", "Đảng bộ VKSND") not in flagged
    assert ("Chi bộ Ban Dân tộc", "") in flagged
    assert all(name != "Chi bộ Công ty Điện" for name, _c in flagged)  # another committee


def test_probation_is_scoped(tree, make_user, login):
    probationer(tree["Chi bộ Văn phòng"], "Nguyễn Văn Muộn", D(2025, 8, 1))
    probationer(tree["Chi bộ Hình sự"], "Trần Thị Đến", D(2025, 11, 10))
    officer = login(make_user(role=Role.CELL_OFFICER, organization=tree["Chi bộ Hình sự"]))
    url = reverse("members:probation")
    response = officer.get(url)
    assert [r.member.full_name for r in response.context["page"].rows] == ["Trần Thị Đến"]
    assert [c.organization.name for c in response.context["small"]] == ["Chi bộ Hình sự"]
    assert "Nguyễn Văn Muộn" not in response.content.decode()
    assert officer.get(url, {"to_chuc": tree["Chi bộ Văn phòng"].pk}).status_code == 404
    assert officer.get(url, {"to_chuc": "không-phải-số"}).status_code == 404


def test_the_probation_page_runs_a_fixed_number_of_queries(tree, office):
    url = reverse("members:probation")
    probationer(tree["Chi bộ Văn phòng"], "Nguyễn Văn Muộn", D(2025, 8, 1))
    office.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert office.get(url).context["total"] == 1
    for i in range(30):
        cell = tree["Chi bộ Hình sự"] if i % 2 else tree["Chi bộ Thanh tra"]
        probationer(cell, f"Trần Thị Số {i}", D(2025, 8, 1) + datetime.timedelta(days=7 * i))
        member(cell, f"Lê Văn Số {i}", D(2000, 1, 1))
    with CaptureQueriesContext(connection) as many:
        assert office.get(url).context["total"] == 31
    assert len(many) == len(few)


@pytest.mark.parametrize("role", list(Role))
def test_who_may_open_the_lists(tree, make_user, login, role):
    """Every role that views members sees the lists of its unit; a plain member does not."""
    member(tree["Chi bộ Văn phòng"], "Trần Văn Bình", D(1997, 1, 10))
    client = login(make_user(role=role, organization=tree["Đảng bộ VKSND"]))
    expected = 404 if role == Role.MEMBER else 200
    for name in ("members:badges_due", "members:badges_due_xlsx", "members:probation"):
        assert client.get(reverse(name)).status_code == expected, name
    if expected == 200:
        assert names(client.get(reverse("members:badges_due"))) == ["Trần Văn Bình"]


def test_the_lists_need_an_account(client, db):
    for name in ("members:badges_due", "members:badges_due_xlsx", "members:probation"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"], name


def test_the_badge_list_runs_as_many_queries_with_nobody_due(tree, office):
    url = reverse("members:badges_due")
    office.get(url)
    with CaptureQueriesContext(connection) as empty:
        assert office.get(url).context["rows"] == []
    _due_members(tree["Chi bộ Văn phòng"], 3, 0)
    with CaptureQueriesContext(connection) as some:
        assert len(office.get(url).context["rows"]) == 3
    assert len(empty) == len(some)
