import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import Http404
from django.utils import timezone

from chibo.meetings import services
from chibo.meetings.models import Attendance, CellSettings, Meeting, Minutes, MinutesVersion
from chibo.members import services as member_services
from chibo.members.models import Member
from chibo.organizations.models import Grant

D = datetime.date
R = Grant.Role


@pytest.fixture
def secretary(tree, make_user):
    return make_user("bithu", role=R.CELL_OFFICER, organization=tree["Chi bộ Văn phòng"])


@pytest.fixture
def cell(tree, secretary):
    cell = tree["Chi bộ Văn phòng"]
    statuses = ["full"] * 5 + ["probationary", "exempt", "temporary_elsewhere"]
    for i, status in enumerate(statuses):
        member_services.member_create(
            actor=secretary,
            organization=cell,
            citizen_id=f"{i:012d}",
            full_name=f"Lê Văn {chr(65 + i)}",
            sex="male",
            born_on=D(1980, 1, 1),
            admitted_on=D(2005, 1, 1),
            status=status,
        )
    return cell


def _held(secretary, cell):
    meeting = services.meeting_create(
        actor=secretary,
        organization=cell,
        day=D(2026, 12, 3),
        time=datetime.time(14),
        kind=Meeting.Kind.REGULAR,
    )
    start = timezone.make_aware(datetime.datetime(2026, 12, 3, 14, 0))
    return services.meeting_start(actor=secretary, meeting=meeting, at=start)


def test_schedule_the_year_from_the_cell_settings(cell, secretary):
    services.cell_settings_save(
        actor=secretary,
        organization=cell,
        day_of_month=3,
        notice_days=3,
        shift=CellSettings.Shift.NEXT,
        place="Phòng họp tầng 2",
    )
    meetings = services.meetings_schedule_year(actor=secretary, organization=cell, year=2026)
    assert [m.day for m in meetings][:3] == [D(2026, 1, 5), D(2026, 2, 3), D(2026, 3, 3)]
    assert all(m.place == "Phòng họp tầng 2" for m in meetings)
    assert services.meetings_schedule_year(actor=secretary, organization=cell, year=2026) == []
    assert Meeting.objects.filter(organization=cell).count() == 12


def test_schedule_is_refused_outside_scope(tree, cell, make_user):
    other = make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"])
    with pytest.raises(Http404):
        services.meetings_schedule_year(actor=other, organization=cell, year=2026)
    assert not Meeting.objects.exists()


def test_roll_call_and_vote_base(cell, secretary):
    meeting = _held(secretary, cell)
    rows = {a.member.full_name: a for a in meeting.attendance.select_related("member")}
    assert rows["Lê Văn G"].presence == Attendance.Presence.EXEMPT
    assert rows["Lê Văn H"].presence == Attendance.Presence.ELSEWHERE
    services.attendance_mark(
        actor=secretary,
        attendance=rows["Lê Văn A"],
        presence="excused",
        reason="Đi công tác",
        reason_approved=True,
    )
    with pytest.raises(ValidationError, match="Vắng có lý do: hãy ghi lý do."):
        services.attendance_mark(actor=secretary, attendance=rows["Lê Văn B"], presence="excused")
    facts = services.attendance_summary(meeting)
    # 7 full members called (5 full, the exempt, the one elsewhere), 1 probationary; present: 4 full + 1 probationary.
    assert (facts.full_called, facts.probationary_called, facts.present) == (7, 1, 5)
    assert facts.vote_base == 4  # 7 less: elsewhere, exempt and absent, absent with an approved reason


def test_concurrent_editors_do_not_overwrite_each_other(cell, secretary, make_user):
    other = make_user(role=R.CELL_OFFICER, organization=cell, full_name="Phó Bí thư")
    minutes = _held(secretary, cell).minutes
    first = services.minutes_save(
        actor=secretary, minutes=minutes, content={"news": "Tin tức tháng 12"}, revision=0
    )
    assert first.revision == 1
    with pytest.raises(services.StaleMinutes, match="Bản của đồng chí chưa được lưu") as caught:
        services.minutes_save(actor=other, minutes=minutes, content={"news": "Bản khác"}, revision=0)
    assert caught.value.current.content["news"] == "Tin tức tháng 12"
    assert Minutes.objects.get(pk=minutes.pk).content == {"news": "Tin tức tháng 12"}


def test_approve_locks_and_chains(cell, secretary):
    minutes = _held(secretary, cell).minutes
    services.minutes_save(
        actor=secretary, minutes=minutes, content={"conclusion": "Hoàn thành nhiệm vụ tháng"}, revision=0
    )
    end = timezone.make_aware(datetime.datetime(2026, 12, 3, 15, 45))
    version = services.minutes_approve(actor=secretary, minutes=minutes, ended_at=end)
    assert version.previous_hash == services.GENESIS and len(version.content_hash) == 64
    with pytest.raises(ValidationError, match="đã được thông qua và khóa"):
        services.minutes_save(
            actor=secretary, minutes=Minutes.objects.get(pk=minutes.pk), content={"news": "x"}, revision=1
        )
    correction = services.minutes_correct(
        actor=secretary, minutes=minutes, content={"conclusion": "Hoàn thành tốt"}, reason="Ghi sai kết luận"
    )
    assert correction.number == 2 and correction.previous_hash == version.content_hash
    assert list(minutes.versions.values_list("content", flat=True)) == [
        {"conclusion": "Hoàn thành nhiệm vụ tháng"},
        {"conclusion": "Hoàn thành tốt"},
    ]
    assert services.minutes_chain_problems(organization=cell) == []


def test_verify_minutes_detects_a_row_altered_in_the_database(cell, secretary, capsys):
    minutes = _held(secretary, cell).minutes
    services.minutes_save(actor=secretary, minutes=minutes, content={"conclusion": "Tốt"}, revision=0)
    version = services.minutes_approve(
        actor=secretary, minutes=minutes, ended_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 16))
    )
    call_command("verify-minutes")
    assert "Chuỗi biên bản của 1 chi bộ nguyên vẹn." in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE meetings_minutesversion SET content = %s WHERE id = %s",
            ['{"conclusion": "Khác"}', version.pk],
        )
    with pytest.raises(CommandError, match="1/1 chi bộ có chuỗi biên bản bị hỏng"):
        call_command("verify-minutes")
    assert "phiên bản 1: nội dung đã bị sửa ngoài hệ thống" in capsys.readouterr().err


def test_verify_minutes_detects_a_removed_version(cell, secretary):
    for day in (3, 10):
        meeting = services.meeting_create(
            actor=secretary, organization=cell, day=D(2026, 12, day), time=datetime.time(14)
        )
        services.meeting_start(
            actor=secretary, meeting=meeting, at=timezone.make_aware(datetime.datetime(2026, 12, day, 14))
        )
        services.minutes_save(
            actor=secretary, minutes=meeting.minutes, content={"conclusion": "Tốt"}, revision=0
        )
        services.minutes_approve(
            actor=secretary,
            minutes=meeting.minutes,
            ended_at=timezone.make_aware(datetime.datetime(2026, 12, day, 16)),
        )
    first = MinutesVersion.objects.order_by("id").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM meetings_minutesversion WHERE id = %s", [first.pk])
    problems = services.minutes_chain_problems(organization=cell)
    assert problems[0].endswith("mắt xích trước bị xóa hoặc bị sửa.")
    assert any("không có phiên bản nào trong chuỗi" in p for p in problems)


def test_approval_needs_a_conclusion(cell, secretary):
    minutes = _held(secretary, cell).minutes
    with pytest.raises(ValidationError, match="Biên bản chưa có kết luận của chủ trì."):
        services.minutes_approve(actor=secretary, minutes=minutes)
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.DRAFT
    assert Member.objects.count() == 8
