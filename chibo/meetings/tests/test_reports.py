"""The committee's view of its cells' meetings and a member's attendance history (issue 4, "After the meeting")."""

import datetime
import io
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from chibo.meetings import reports, rules, services
from chibo.meetings.models import Attendance, Meeting, Minutes, MinutesVersion, Notice
from chibo.members import services as member_services
from chibo.members.models import Member
from chibo.organizations.models import Grant, Organization

D = datetime.date
R = Grant.Role
P = Attendance.Presence
YEAR = 2025  # a year that is over: every month without a meeting is a missed month


def aware(day: datetime.date, hour: int = 14) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def _members(actor, cell, n, *, start, status="full"):
    return [
        member_services.member_create(
            actor=actor,
            organization=cell,
            citizen_id=f"{i:012d}",
            full_name=f"Đỗ Thị Mẫu {i}",
            sex="female",
            born_on=D(1985, 1, 1),
            admitted_on=D(2010, 1, 1),
            status=status,
        )
        for i in range(start, start + n)
    ]


def _hold(actor, cell, day, *, approve_on=None, marks=None):
    """A regular meeting held on ``day``, its roll marked (member -> presence), its minutes approved on
    ``approve_on`` (a day) when given."""
    meeting = services.meeting_create(
        actor=actor, organization=cell, day=day, time=datetime.time(14), kind=Meeting.Kind.REGULAR
    )
    services.meeting_start(actor=actor, meeting=meeting, at=aware(day))
    for member, presence in (marks or {}).items():
        row = meeting.attendance.get(member=member)
        reason = "Đi công tác" if presence == P.EXCUSED else ""
        services.attendance_mark(actor=actor, attendance=row, presence=presence, reason=reason)
    if approve_on is not None:
        minutes = Minutes.objects.get(meeting=meeting)
        services.minutes_save(actor=actor, minutes=minutes, content={"conclusion": "Hoàn thành"}, revision=0)
        with mock.patch.object(services.timezone, "now", return_value=aware(approve_on, 16)):
            services.minutes_approve(actor=actor, minutes=minutes, ended_at=aware(day, 16))
    return meeting


@pytest.fixture
def office(tree, make_user):
    """Committee office staff of Đảng bộ VKSND: enters members and runs meetings in both its cells."""
    return make_user("vanphong", role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ VKSND"])


@pytest.fixture
def year_of_meetings(tree, office):
    """Chi bộ Văn phòng: 8 full members and one exempt; January held, 6 of 8 present (the exempt member is not
    expected), minutes approved at the meeting, notices sent on their day; February held, minutes approved 5 days
    later, notices sent 2 days after their day; March planned but not held; no meeting after.
    Chi bộ Hình sự: January held, minutes not approved, no notice in the system."""
    office_cell, criminal = tree["Chi bộ Văn phòng"], tree["Chi bộ Hình sự"]
    people = _members(office, office_cell, 8, start=1)
    _members(office, office_cell, 1, start=9, status="exempt")
    _members(office, criminal, 3, start=20)
    marks = {people[0]: P.UNEXCUSED, people[1]: P.EXCUSED}
    january = _hold(office, office_cell, D(YEAR, 1, 3), approve_on=D(YEAR, 1, 3), marks=marks)
    february = _hold(office, office_cell, D(YEAR, 2, 3), approve_on=D(YEAR, 2, 8))
    for meeting, due, sent in [
        (january, D(YEAR - 1, 12, 31), aware(D(YEAR - 1, 12, 31), 7)),
        (february, D(YEAR, 1, 31), aware(D(YEAR, 2, 2), 7)),
    ]:
        Notice.objects.bulk_create(
            Notice(meeting=meeting, member=m, channel=Notice.Channel.APP, due_on=due, sent_at=sent)
            for m in people
        )
    services.meeting_create(
        actor=office, organization=office_cell, day=D(YEAR, 3, 3), time=datetime.time(14), kind="regular"
    )
    _hold(office, criminal, D(YEAR, 1, 6))
    return people


def test_the_table_shows_held_missed_late_minutes_and_attendance(tree, office, year_of_meetings):
    report = reports.compliance(actor=office, unit=tree["Đảng bộ VKSND"], year=YEAR, today=D(2026, 1, 10))
    assert [(r.name, r.parent_name) for r in report.rows] == [
        ("Chi bộ Văn phòng", "Đảng bộ VKSND"),
        ("Chi bộ Hình sự", "Đảng bộ VKSND"),
    ]
    office_cell, criminal = report.rows
    january, february, march = office_cell.months[:3]
    assert (january.state, january.minutes_approved, january.approval_days) == ("held", True, 0)
    assert (january.present, january.expected, january.rate) == (6, 8, 75)
    assert (february.state, february.minutes_approved, february.approval_days) == ("held", True, 5)
    assert february.approved_late and not january.approved_late
    assert (february.present, february.expected, february.rate) == (8, 8, 100)
    assert (january.notice_state, february.notice_state, february.notice_late_days) == ("on_time", "late", 2)
    assert criminal.months[0].notice_state == "none"
    assert march.state == "missed" and march.meeting_id is not None
    assert [m.state for m in office_cell.months[3:]] == ["missed"] * 9
    assert office_cell.missed == 10
    assert (criminal.months[0].state, criminal.months[0].minutes_approved) == ("held", False)
    assert criminal.missed == 11
    assert [(s.met, s.active) for s in report.summary[:3]] == [(2, 2), (1, 2), (0, 2)]
    assert [s.missed for s in report.summary] == [0, 1] + [2] * 10
    assert [(c.name, c.missed) for c in report.cells] == [("Chi bộ Văn phòng", 10), ("Chi bộ Hình sự", 11)]
    assert (report.summary[0].present, report.summary[0].expected) == (9, 11)
    assert [s.notices_on_time for s in report.summary[:2]] == [1, 0]


def test_the_page_marks_the_missed_months(tree, office, year_of_meetings, login):
    page = login(office).get(reverse("meetings:compliance"), {"nam": YEAR}).content.decode()
    assert "Tình hình sinh hoạt chi bộ năm 2025" in page
    assert '<span class="visually-hidden">Có mặt </span>6/8 · 75&nbsp;%' in page
    assert "⚠ BB +5 ngày" in page
    assert "BB ✓<" in page
    assert "✗ BB<" in page
    assert "TB ✓<" in page and "⚠ TB +2 ngày" in page and "TB —" in page
    assert page.count('class="month missed"') == 10 + 11
    assert (
        "<strong>2/2</strong>" in page and "<strong>1/2</strong>" in page and "<strong>0/2</strong>" in page
    )
    only_missed = login(office).get(reverse("meetings:compliance"), {"nam": YEAR, "thieu": "1"})
    assert "Chi bộ Hình sự" in only_missed.content.decode()


def test_a_bad_year_is_named_and_this_year_is_shown(tree, office, login):
    page = login(office).get(reverse("meetings:compliance"), {"nam": "hai nghìn"}).content.decode()
    assert "Năm “hai nghìn” không hợp lệ: hãy nhập một năm từ 2000 đến" in page
    assert f"Tình hình sinh hoạt chi bộ năm {timezone.localdate().year}" in page


def test_a_sibling_cell_officer_sees_only_their_cell(tree, year_of_meetings, make_user, login):
    client = login(make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"]))
    url = reverse("meetings:compliance")
    for unit in ("Đảng bộ VKSND", "Chi bộ Văn phòng", "Đảng bộ Sở Tài chính"):
        assert client.get(url, {"don-vi": tree[unit].pk, "nam": YEAR}).status_code == 404, unit
        assert (
            client.get(reverse("meetings:compliance_xlsx"), {"don-vi": tree[unit].pk}).status_code == 404
        ), unit
    assert client.get(url, {"don-vi": "x"}).status_code == 404
    page = client.get(url, {"nam": YEAR}).content.decode()
    assert "Chi bộ Hình sự" in page and "Chi bộ Văn phòng" not in page
    other = login(make_user(role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ Sở Tài chính"]))
    assert other.get(url, {"don-vi": tree["Đảng bộ VKSND"].pk}).status_code == 404
    assert "Chi bộ Văn phòng" not in other.get(url, {"nam": YEAR}).content.decode()


def test_the_xlsx_reads_back(tree, office, year_of_meetings, login):
    response = login(office).get(reverse("meetings:compliance_xlsx"), {"nam": YEAR})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Tình hình sinh hoạt chi bộ năm 2025 – Đảng bộ VKSND"
    assert rows[2][:6] == [
        "Chi bộ",
        "Trực thuộc",
        "T1: sinh hoạt",
        "T1: thông qua biên bản sau (ngày)",
        "T1: tỷ lệ dự (%)",
        "T1: thông báo",
    ]
    assert len(rows[2]) == 2 + 12 * 4
    office_row, criminal_row, summary = rows[3], rows[4], rows[5]
    assert office_row[:14] == [
        "Chi bộ Văn phòng",
        "Đảng bộ VKSND",
        "Đã họp",
        0,
        75,
        "Đúng hạn",
        "Đã họp",
        5,
        100,
        "Muộn",
        "✗ chưa họp",
        None,
        None,
        None,
    ]
    assert criminal_row[2:6] == ["Đã họp", "Chưa thông qua", 100, "Không có"]
    assert summary[0] == "Số chi bộ đã họp / tổng số"
    assert summary[2::4][:3] == ["2/2", "1/2", "0/2"]
    assert summary[5::4][:2] == [1, 0]


def _bulk_year(cells, members, months):
    """Held meetings with approved minutes and a roll of ``members`` for each cell and month (bulk, fast)."""
    meetings = Meeting.objects.bulk_create(
        Meeting(
            organization=cell,
            organization_path=cell.path,
            kind=Meeting.Kind.REGULAR,
            status=Meeting.Status.HELD,
            day=D(YEAR, month, 5),
            time=datetime.time(14),
        )
        for cell in cells
        for month in months
    )
    minutes = Minutes.objects.bulk_create(
        Minutes(meeting=m, status=Minutes.Status.APPROVED, content={"conclusion": "Tốt"}) for m in meetings
    )
    MinutesVersion.objects.bulk_create(
        MinutesVersion(
            minutes=mi,
            organization_id=m.organization_id,
            number=1,
            content={},
            created_at=aware(m.day, 18),
            previous_hash="0" * 64,
            content_hash=f"{mi.pk:064d}",
        )
        for m, mi in zip(meetings, minutes, strict=True)
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=m, member=member, full_member=True, presence=P.PRESENT)
        for m in meetings
        for member in members
    )
    Notice.objects.bulk_create(
        Notice(meeting=m, member=member, channel=Notice.Channel.APP, due_on=m.day, sent_at=aware(m.day, 7))
        for m in meetings
        for member in members
    )


def test_the_page_runs_a_fixed_number_of_queries(tree, office, login):
    unit = tree["Đảng bộ VKSND"]
    members = _members(office, tree["Chi bộ Văn phòng"], 3, start=1)
    cells = [tree["Chi bộ Văn phòng"], tree["Chi bộ Hình sự"]]
    _bulk_year(cells, members, [1])
    client = login(office)
    url = reverse("meetings:compliance")
    with CaptureQueriesContext(connection) as few:
        page = client.get(url, {"nam": YEAR})
    assert page.content.decode().count('class="month held"') == 2
    more = [
        Organization.objects.add_child(
            Organization.objects.get(pk=unit.pk),
            {"name": f"Chi bộ số {i:02d}", "kind": Organization.Kind.CELL},
        )
        for i in range(28)
    ]
    _bulk_year(cells, members, range(2, 13))
    _bulk_year(more, members, range(1, 13))
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, {"nam": YEAR})
    assert page.content.decode().count('class="month held"') == 30 * 12
    assert len(many.captured_queries) == len(few.captured_queries), [q["sql"] for q in many.captured_queries]
    only_missed = client.get(url, {"nam": YEAR, "thieu": "1"}).content.decode()
    assert "Không có chi bộ nào có tháng chưa họp." in only_missed
    assert "30 chi bộ; 0 chi bộ có tháng chưa họp." in only_missed
    reports.compliance(actor=office, unit=unit, year=YEAR)  # the actor's grants are cached from here on
    with CaptureQueriesContext(connection) as report_only:
        report = reports.compliance(actor=office, unit=unit, year=YEAR)
    assert len(report_only.captured_queries) == 5  # cells, parents, meetings, attendance, notices
    assert report.summary[11].met == 30 and report.summary[11].notices_on_time == 30


# ------------------------------------------------------------------------------------- attendance history


def test_consecutive_unexcused_absences_rule():
    U, Pr, E = "unexcused", "present", "excused"
    assert rules.unexcused_absence_runs([Pr, U, U, Pr, U, U, U, Pr], months=3) == [(4, 6)]
    assert rules.unexcused_absence_runs([U, U, U, U], months=3) == [(0, 3)]
    assert rules.unexcused_absence_runs([U, U, E, U], months=3) == []
    assert rules.unexcused_absence_runs([U, U], months=2) == [(0, 1)]
    assert rules.unexcused_absence_runs([], months=3) == []


def _months_back(n: int) -> list[datetime.date]:
    """The 5th of each of the ``n`` months before this one, oldest first."""
    today = timezone.localdate()
    days = []
    for back in range(n, 0, -1):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        days.append(D(year, month + 1, 5))
    return days


@pytest.fixture
def absent_member(tree, office, make_user):
    """Eight monthly meetings in the months before this one: present, 2 unexcused, present, 3 unexcused, present."""
    cell = tree["Chi bộ Văn phòng"]
    member, other = _members(office, cell, 2, start=1)
    member.user = make_user("dangvien", full_name="Đỗ Thị Mẫu 1")
    member.save()
    pattern = [
        P.PRESENT,
        P.UNEXCUSED,
        P.UNEXCUSED,
        P.PRESENT,
        P.UNEXCUSED,
        P.UNEXCUSED,
        P.UNEXCUSED,
        P.PRESENT,
    ]
    for day, presence in zip(_months_back(8), pattern, strict=True):
        _hold(office, cell, day, marks={member: presence})
    return member


def test_the_history_flags_three_consecutive_absences_not_two(absent_member, office, login):
    page = login(office).get(reverse("meetings:member_attendance", args=[absent_member.pk])).content.decode()
    days = _months_back(8)
    assert page.count('class="flagged"') == 3
    first, last = days[4].strftime("%d/%m/%Y"), days[6].strftime("%d/%m/%Y")
    assert f"Vắng không lý do 3 kỳ sinh hoạt liên tiếp (từ {first} đến {last})." in page
    assert page.count("Vắng không lý do 3 kỳ") == 1  # the run of two is not flagged
    assert page.count("Vắng không lý do") == 1 + 5  # the warning, and the five absent rows
    assert "<strong>38 %</strong> (3/8 buổi phải dự" in page
    history = reports.member_attendance(member=absent_member, months=3)
    flagged = [r.attendance.meeting.day for r in history.rows if r.flagged]
    assert sorted(flagged) == days[4:7]


def test_a_member_sees_their_own_history_and_no_one_elses(tree, absent_member, make_user, login):
    own = login(absent_member.user).get(reverse("meetings:member_attendance", args=[absent_member.pk]))
    assert own.status_code == 200 and "Đỗ Thị Mẫu 1" in own.content.decode()
    other = Member.objects.exclude(pk=absent_member.pk).get(organization=tree["Chi bộ Văn phòng"])
    assert (
        login(absent_member.user).get(reverse("meetings:member_attendance", args=[other.pk])).status_code
        == 404
    )


def test_the_history_is_refused_to_a_sibling_cell(tree, absent_member, make_user, login):
    client = login(make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"]))
    assert client.get(reverse("meetings:member_attendance", args=[absent_member.pk])).status_code == 404
    assert client.get(reverse("meetings:member_attendance", args=[999_999])).status_code == 404
