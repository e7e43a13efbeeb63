import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chibo.meetings import services
from chibo.meetings.models import Attendance, Meeting, Minutes
from chibo.members import services as member_services
from chibo.organizations.models import Grant

D = datetime.date
R = Grant.Role


@pytest.fixture
def secretary(tree, make_user):
    return make_user(
        "bithu", role=R.CELL_OFFICER, organization=tree["Chi bộ Văn phòng"], full_name="Bí thư Văn phòng"
    )


def _members(actor, cell, n, start=0):
    for i in range(start, start + n):
        member_services.member_create(
            actor=actor,
            organization=cell,
            citizen_id=f"{i:012d}",
            full_name=f"Đỗ Thị Mẫu {i}",
            sex="female",
            born_on=D(1985, 1, 1),
            admitted_on=D(2010, 1, 1),
            status="full",
        )


@pytest.fixture
def meeting(tree, secretary):
    cell = tree["Chi bộ Văn phòng"]
    _members(secretary, cell, 4)
    # A meeting of the past: its minutes are approved "now", after it started.
    meeting = services.meeting_create(
        actor=secretary,
        organization=cell,
        day=D(2026, 11, 3),
        time=datetime.time(14),
        kind=Meeting.Kind.REGULAR,
    )
    return services.meeting_start(
        actor=secretary, meeting=meeting, at=timezone.make_aware(datetime.datetime(2026, 11, 3, 14))
    )


def test_pages_are_refused_to_a_sibling_cell(tree, meeting, make_user, login):
    client = login(make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"]))
    row = meeting.attendance.first()
    assert client.get(reverse("meetings:cell", args=[meeting.organization_id])).status_code == 404
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    for name, args in [
        ("start", [meeting.pk]),
        ("attendance", [meeting.pk, row.pk]),
        ("minutes_save", [meeting.pk]),
        ("minutes_approve", [meeting.pk]),
        ("minutes_correct", [meeting.pk]),
    ]:
        assert (
            client.post(reverse(f"meetings:{name}", args=args), {"presence": "unexcused"}).status_code == 404
        ), name
    assert Attendance.objects.get(pk=row.pk).presence == Attendance.Presence.PRESENT


def test_a_member_sees_the_meeting_but_cannot_run_it(tree, meeting, make_user, login):
    client = login(make_user(role=R.MEMBER, organization=tree["Chi bộ Văn phòng"]))
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Điểm danh" in page and "Lưu biên bản" not in page
    row = meeting.attendance.first()
    assert (
        client.post(
            reverse("meetings:attendance", args=[meeting.pk, row.pk]), {"presence": "unexcused"}
        ).status_code
        == 404
    )
    refused = client.post(reverse("meetings:cell", args=[meeting.organization_id]), {"lap_lich": "1"})
    assert refused.status_code == 404
    assert Meeting.objects.filter(organization=meeting.organization).count() == 1


def test_schedule_and_settings_through_the_page(tree, secretary, login):
    client = login(secretary)
    url = reverse("meetings:cell", args=[tree["Chi bộ Văn phòng"].pk])
    bad = client.post(
        url + "?nam=2026",
        {
            "cai_dat": "1",
            "day_of_month": "40",
            "time": "14:00",
            "notice_days": "3",
            "shift": "next_working_day",
        },
    )
    assert "Ngày sinh hoạt phải từ 1 đến 31." in bad.content.decode()
    client.post(
        url + "?nam=2026",
        {
            "cai_dat": "1",
            "day_of_month": "3",
            "time": "07:30",
            "notice_days": "3",
            "shift": "next_working_day",
            "place": "Hội trường",
        },
    )
    client.post(url + "?nam=2026", {"lap_lich": "1"})
    page = client.get(url + "?nam=2026").content.decode()
    assert "05/01/2026 07:30" in page and "03/02/2026 07:30" in page
    assert Meeting.objects.filter(organization=tree["Chi bộ Văn phòng"], day__year=2026).count() == 12


def test_attendance_with_htmx_and_the_reason_rule(meeting, secretary, login):
    client = login(secretary)
    row = meeting.attendance.select_related("member").first()
    url = reverse("meetings:attendance", args=[meeting.pk, row.pk])
    response = client.post(url, {"presence": "excused", "reason": ""}, HTTP_HX_REQUEST="true")
    assert "Vắng có lý do: hãy ghi lý do." in response.content.decode()
    client.post(url, {"presence": "excused", "reason": "Ốm", "reason_approved": "on"}, HTTP_HX_REQUEST="true")
    row.refresh_from_db()
    assert (row.presence, row.reason, row.reason_approved) == ("excused", "Ốm", True)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Đảng viên chính thức: 4; dự bị: 0; có mặt: 3; số đảng viên tính biểu quyết: 3." in page


def test_minutes_autosave_conflict_and_approval(meeting, secretary, make_user, login):
    client = login(secretary)
    save = reverse("meetings:minutes_save", args=[meeting.pk])
    saved = client.post(
        save, {"revision": "0", "news": "Tin thời sự", "conclusion": "Hoàn thành"}, HTTP_HX_REQUEST="true"
    )
    assert "Đã tự động lưu lúc" in saved.content.decode()
    stale = client.post(save, {"revision": "0", "news": "Ghi đè"})
    assert stale.status_code == 409
    text = stale.content.decode()
    assert "Bí thư Văn phòng đã lưu biên bản lúc" in text and "Tin thời sự" in text
    assert Minutes.objects.get(meeting=meeting).content["news"] == "Tin thời sự"
    client.post(reverse("meetings:minutes_approve", args=[meeting.pk]))
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == Minutes.Status.APPROVED and minutes.versions.count() == 1
    refused = client.post(save, {"revision": str(minutes.revision), "news": "Sửa lén"})
    assert "đã được thông qua và khóa" in refused.content.decode()
    client.post(
        reverse("meetings:minutes_correct", args=[meeting.pk]),
        {
            "revision": str(minutes.revision),
            "news": "Tin thời sự (bổ sung)",
            "conclusion": "Hoàn thành",
            "reason": "Bổ sung tin",
        },
    )
    assert list(Minutes.objects.get(meeting=meeting).versions.values_list("reason", flat=True)) == [
        "",
        "Bổ sung tin",
    ]


def test_query_counts_do_not_grow(tree, secretary, login):
    client = login(secretary)
    cell = tree["Chi bộ Văn phòng"]

    def counts(meeting):
        with CaptureQueriesContext(connection) as cell_page:
            assert client.get(reverse("meetings:cell", args=[cell.pk]) + "?nam=2026").status_code == 200
        with CaptureQueriesContext(connection) as detail:
            assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
        return len(cell_page.captured_queries), len(detail.captured_queries)

    _members(secretary, cell, 2)
    first = services.meeting_create(
        actor=secretary, organization=cell, day=D(2026, 1, 5), time=datetime.time(14)
    )
    services.meeting_start(
        actor=secretary, meeting=first, at=timezone.make_aware(datetime.datetime(2026, 1, 5, 14))
    )
    small = counts(first)
    _members(secretary, cell, 40, start=10)
    services.meetings_schedule_year(actor=secretary, organization=cell, year=2026)
    second = services.meeting_create(
        actor=secretary, organization=cell, day=D(2026, 6, 9), time=datetime.time(14)
    )
    services.meeting_start(
        actor=secretary, meeting=second, at=timezone.make_aware(datetime.datetime(2026, 6, 9, 14))
    )
    assert counts(second) == small


def test_tasks_for_members_in_the_minutes(meeting, secretary, login):
    client = login(secretary)
    save = reverse("meetings:minutes_save", args=[meeting.pk])
    bad = client.post(
        save, {"revision": "0", "tasks": "Đỗ Thị Mẫu 1 | Viết báo cáo\nĐỗ Thị Mẫu 2 | Thu phí | 31/02/2026"}
    )
    text = bad.content.decode()
    assert "Dòng 1: cần đủ ba phần “Họ tên | việc | hạn”." in text
    assert "Dòng 2: hạn “31/02/2026” không đúng dạng dd/mm/yyyy." in text
    assert Minutes.objects.get(meeting=meeting).revision == 0
    client.post(save, {"revision": "0", "tasks": "Đỗ Thị Mẫu 1 | Viết báo cáo quý | 15/12/2026"})
    assert Minutes.objects.get(meeting=meeting).content["tasks"] == [
        {"assignee": "Đỗ Thị Mẫu 1", "title": "Viết báo cáo quý", "deadline": "2026-12-15"}
    ]


def test_start_with_chair_and_approve_with_the_end_time(tree, secretary, login):
    cell = tree["Chi bộ Văn phòng"]
    _members(secretary, cell, 3)
    meeting = services.meeting_create(
        actor=secretary, organization=cell, day=D(2026, 11, 3), time=datetime.time(14)
    )
    client = login(secretary)
    chair = cell.members.order_by("sort_key").first()
    client.post(reverse("meetings:start", args=[meeting.pk]), {"chair": chair.pk, "secretary": ""})
    meeting.refresh_from_db()
    assert meeting.chair == chair and meeting.attendance.count() == 3
    Meeting.objects.filter(pk=meeting.pk).update(
        started_at=timezone.make_aware(datetime.datetime(2026, 11, 3, 14))
    )
    services.minutes_save(actor=secretary, minutes=meeting.minutes, content={"conclusion": "Tốt"}, revision=0)
    client.post(reverse("meetings:minutes_approve", args=[meeting.pk]), {"ended_at": "15:10"})
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.ended_at).strftime("%H:%M") == "15:10"
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Buổi sinh hoạt ngắn hơn thời lượng tối thiểu 90 phút" in page


def test_every_approved_version_stays_readable(tree, meeting, secretary, make_user, login):
    services.minutes_save(
        actor=secretary, minutes=meeting.minutes, content={"conclusion": "Bản đầu"}, revision=0
    )
    services.minutes_approve(actor=secretary, minutes=meeting.minutes)
    services.minutes_correct(
        actor=secretary,
        minutes=Minutes.objects.get(meeting=meeting),
        content={"conclusion": "Bản đính chính"},
        reason="Sai kết luận",
    )
    client = login(secretary)
    first = client.get(reverse("meetings:minutes_version", args=[meeting.pk, 1])).content.decode()
    second = client.get(reverse("meetings:minutes_version", args=[meeting.pk, 2])).content.decode()
    assert "Bản đầu" in first and "Bản đính chính" not in first
    assert "Bản đính chính" in second and "Sai kết luận" in second
    assert client.get(reverse("meetings:minutes_version", args=[meeting.pk, 3])).status_code == 404
    sibling = login(make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"]))
    assert sibling.get(reverse("meetings:minutes_version", args=[meeting.pk, 1])).status_code == 404
