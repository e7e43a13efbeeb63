"""Members' tasks: assigned directly or from the approved minutes, reported by the member, reviewed at the next
meeting; the gate (a sibling gets 404) and fixed query counts."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chibo.meetings import services as meeting_services
from chibo.meetings.models import Meeting, Minutes
from chibo.members import services as member_services
from chibo.organizations.models import Grant
from chibo.work import services
from chibo.work.models import Task

D = datetime.date
R = Grant.Role


@pytest.fixture
def cell(tree, make_user):
    cell = tree["Chi bộ Văn phòng"]
    cell.secretary = make_user("bithu", role=R.CELL_OFFICER, organization=cell)
    cell.people = [
        member_services.member_create(
            actor=cell.secretary,
            organization=cell,
            citizen_id=f"00108500000{i}",
            full_name=name,
            sex="female",
            born_on=D(1985, 1, 1),
            admitted_on=D(2010, 1, 1),
            status="full",
        )
        for i, name in enumerate(["Nguyễn Thị Mai", "Trần Văn Bình", "Lê Thu Hà"], start=1)
    ]
    cell.people[0].user = make_user("dv1")
    cell.people[0].save(update_fields=["user"])
    cell.sibling = make_user("bithu_hs", role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"])
    return cell


def _meeting(cell, day, tasks=None):
    meeting = meeting_services.meeting_create(
        actor=cell.secretary, organization=cell, day=day, time=datetime.time(14), kind=Meeting.Kind.REGULAR
    )
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
    meeting_services.meeting_start(actor=cell.secretary, meeting=meeting, at=at)
    if tasks is not None:
        minutes = Minutes.objects.get(meeting=meeting)
        meeting_services.minutes_save(
            actor=cell.secretary, minutes=minutes, content={"conclusion": "Tốt", "tasks": tasks}, revision=0
        )
        with mock.patch.object(
            meeting_services.timezone, "now", return_value=at + datetime.timedelta(hours=2)
        ):
            meeting_services.minutes_approve(
                actor=cell.secretary, minutes=minutes, ended_at=at + datetime.timedelta(hours=2)
            )
    return meeting


def test_a_task_needs_a_title_and_members_of_the_cell(cell, tree):
    with pytest.raises(ValidationError) as caught:
        services.task_create(actor=cell.secretary, organization=cell, title=" ", assignees=[])
    assert caught.value.message_dict == {
        "title": ["Hãy ghi nhiệm vụ."],
        "assignees": ["Hãy chọn ít nhất một đảng viên thực hiện."],
    }
    assert not Task.objects.exists()


def test_tasks_come_from_the_approved_minutes_once(cell):
    lines = [
        {
            "assignee": "nguyen thi mai, Trần Văn Bình",
            "title": "Hoàn thành báo cáo quý",
            "deadline": "2026-11-20",
        },
        {"assignee": "Người Lạ", "title": "Việc không ai nhận", "deadline": "2026-11-25"},
    ]
    meeting = _meeting(cell, D(2026, 11, 3), tasks=lines)
    made = services.tasks_from_minutes(actor=cell.secretary, meeting=meeting)
    assert made.unmatched == ["Người Lạ"]
    task = made.created[0]
    assert (task.title, task.deadline, task.minutes_line) == ("Hoàn thành báo cáo quý", D(2026, 11, 20), 1)
    assert {m.full_name for m in task.assignees.all()} == {"Nguyễn Thị Mai", "Trần Văn Bình"}
    again = services.tasks_from_minutes(actor=cell.secretary, meeting=meeting)
    assert again.created == [] and Task.objects.count() == 1


def test_no_task_from_draft_minutes(cell):
    meeting = _meeting(cell, D(2026, 11, 3))
    with pytest.raises(ValidationError, match="Biên bản chưa được thông qua"):
        services.tasks_from_minutes(actor=cell.secretary, meeting=meeting)


def test_the_member_reports_and_the_next_meeting_reviews(cell, login):
    first = _meeting(cell, D(2026, 11, 3))
    done = services.task_create(
        actor=cell.secretary,
        organization=cell,
        title="Viết tham luận",
        assignees=[cell.people[0]],
        deadline=D(2026, 11, 20),
    )
    late = services.task_create(
        actor=cell.secretary,
        organization=cell,
        title="Rà soát hồ sơ",
        assignees=[cell.people[1]],
        deadline=D(2026, 11, 25),
    )
    services.task_create(
        actor=cell.secretary,
        organization=cell,
        title="Việc tháng sau",
        assignees=[cell.people[2]],
        deadline=D(2026, 12, 20),
    )
    member = login(cell.people[0].user)
    assert "Viết tham luận" in member.get(reverse("work:mine")).content.decode()
    refused = member.post(done.get_absolute_url(), {"status": "done", "result": ""})
    assert "Hãy ghi kết quả đã làm được." in refused.content.decode()
    member.post(
        done.get_absolute_url(), {"status": "done", "result": "Đã gửi tham luận", "evidence": "Công văn 12"}
    )
    done.refresh_from_db()
    assert (done.status, done.result, done.evidence) == ("done", "Đã gửi tham luận", "Công văn 12")
    assert member.post(done.get_absolute_url(), {"status": "cancelled"}).status_code == 200
    assert Task.objects.get(pk=done.pk).status == "done"  # a member does not cancel
    assert member.get(late.get_absolute_url()).status_code == 404  # not theirs, and no register access

    second = _meeting(cell, D(2026, 12, 3))
    secretary = login(cell.secretary)
    body = secretary.get(reverse("work:review", args=[second.pk])).content.decode()
    assert "Đã hoàn thành (1)" in body and "Chưa hoàn thành (1)" in body
    assert "Viết tham luận" in body and "Rà soát hồ sơ" in body and "Việc tháng sau" not in body
    assert "03/11/2026" in body  # since the previous meeting
    assert first.pk != second.pk


def test_the_cell_list_puts_overdue_first(cell, login):
    today = timezone.localdate()
    services.task_create(
        actor=cell.secretary,
        organization=cell,
        title="Mở, còn hạn",
        assignees=[cell.people[0]],
        deadline=today + datetime.timedelta(days=5),
    )
    services.task_create(
        actor=cell.secretary,
        organization=cell,
        title="Quá hạn",
        assignees=[cell.people[1]],
        deadline=today - datetime.timedelta(days=2),
    )
    body = login(cell.secretary).get(reverse("work:cell", args=[cell.pk])).content.decode()
    assert body.index("Quá hạn") < body.index("Mở, còn hạn") and "quá hạn" in body


def test_a_sibling_cells_officer_gets_404_everywhere(cell, login):
    task = services.task_create(
        actor=cell.secretary, organization=cell, title="Việc", assignees=[cell.people[0]]
    )
    meeting = _meeting(cell, D(2026, 11, 3))
    client = login(cell.sibling)
    for url in (
        reverse("work:cell", args=[cell.pk]),
        task.get_absolute_url(),
        reverse("work:review", args=[meeting.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"title": "X", "status": "done", "result": "X"}).status_code == 404, url
    assert "Việc" not in client.get(reverse("work:mine")).content.decode()
    task.refresh_from_db()
    assert task.status == "open" and Task.objects.count() == 1


def test_pages_run_a_fixed_number_of_queries(cell, login):
    def count(client, url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    meeting = _meeting(cell, D(2026, 11, 3))
    secretary, member = login(cell.secretary), None
    services.task_create(
        actor=cell.secretary,
        organization=cell,
        title="Việc 0",
        assignees=cell.people[:1],
        deadline=D(2026, 11, 1),
    )
    urls = [reverse("work:cell", args=[cell.pk]), reverse("work:review", args=[meeting.pk])]
    small = [count(secretary, u) for u in urls]
    member = login(cell.people[0].user)
    mine_small = count(member, reverse("work:mine"))
    for i in range(1, 30):
        services.task_create(
            actor=cell.secretary,
            organization=cell,
            title=f"Việc {i}",
            assignees=cell.people,
            deadline=D(2026, 10, i % 28 + 1),
        )
    secretary = login(cell.secretary)
    assert [count(secretary, u) for u in urls] == small
    member = login(cell.people[0].user)
    assert count(member, reverse("work:mine")) == mine_small
