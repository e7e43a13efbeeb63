"""A secret vote during a meeting: the secretary opens it, five members vote on their phones, the poll closes, and
the result with its base and threshold is written into the minutes."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chibo.meetings import services as meeting_services
from chibo.meetings.models import Meeting, Minutes
from chibo.members import services as member_services
from chibo.organizations.models import Grant
from chibo.votes.models import Ballot, Participation
from tests.e2e.helpers import log_in, look

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NAMES = ["Nguyễn Thị Mai", "Trần Văn Bình", "Lê Thu Hà", "Phạm Quốc Hùng", "Vũ Thị Lan", "Đỗ Văn Nam"]
TITLE = "Thông qua nghị quyết tháng 12/2026"


def test_five_members_vote_on_their_phones_and_the_result_goes_into_the_minutes(
    desktop, browser, live_server, tree, make_user
):
    cell = tree["Chi bộ Văn phòng"]
    secretary = make_user("bithu", full_name="Trần Văn Bình", role=Grant.Role.CELL_OFFICER, organization=cell)
    members = []
    for i, name in enumerate(NAMES, start=1):
        member = member_services.member_create(
            actor=secretary,
            organization=cell,
            citizen_id=f"00308500000{i}",
            full_name=name,
            sex="female",
            born_on=datetime.date(1985, 1, 1),
            admitted_on=datetime.date(2010, 1, 1),
            status="full",
        )
        member.user = make_user(f"dv{i}", full_name=name, role=Grant.Role.MEMBER, organization=cell)
        member.save(update_fields=["user"])
        members.append(member)
    meeting = meeting_services.meeting_create(
        actor=secretary, organization=cell, day=datetime.date(2026, 12, 3), time=datetime.time(14)
    )
    meeting_services.meeting_start(
        actor=secretary, meeting=meeting, at=timezone.make_aware(datetime.datetime(2026, 12, 3, 14))
    )

    # The secretary, at the meeting, puts the resolution to a secret vote.
    log_in(desktop, "bithu")
    desktop.goto(meeting.get_absolute_url())
    desktop.get_by_role("link", name="Biểu quyết tại buổi sinh hoạt").click()
    desktop.get_by_label("Nội dung biểu quyết").fill(TITLE)
    desktop.get_by_label("Hình thức").select_option(label="Bỏ phiếu kín trên điện thoại")
    expect(desktop.get_by_label("Tại buổi sinh hoạt")).to_have_value(str(meeting.pk))
    desktop.get_by_role("button", name="Tạo biểu quyết").click()
    expect(desktop.get_by_text("Đã tạo biểu quyết.")).to_be_visible()
    desktop.get_by_role("button", name="Mở biểu quyết").click()
    expect(desktop.get_by_text("Đã mở biểu quyết.")).to_be_visible()
    expect(desktop.get_by_text("6 đảng viên; căn cứ tính: 6")).to_be_visible()
    look(desktop, "votes-open")

    # Five members vote on their phones; a second try is refused.
    answers = ["Tán thành", "Tán thành", "Tán thành", "Không tán thành", "Tán thành"]
    for member, answer in zip(members[:5], answers, strict=True):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 360, "height": 740},
            locale="vi-VN",
            is_mobile=True,
            has_touch=True,
        )
        phone = context.new_page()
        phone.set_default_timeout(15_000)
        log_in(phone, member.user.username)
        phone.goto("/bieu-quyet/cua-toi/")
        phone.get_by_role("link", name=TITLE).click()
        phone.get_by_label(answer, exact=True).check()
        if member == members[0]:
            look(phone, "votes-ballot")
        phone.get_by_role("button", name="Gửi phiếu").click()
        expect(phone.get_by_text("Phiếu của đồng chí đã được ghi nhận.")).to_be_visible()
        expect(phone.get_by_text("✓ Đồng chí đã bỏ phiếu.")).to_be_visible()
        expect(phone.get_by_text("Kết quả chỉ xem được sau khi biểu quyết kết thúc.")).to_be_visible()
        phone.goto("/bieu-quyet/cua-toi/")
        expect(phone.get_by_text("Không có biểu quyết nào đang chờ.")).to_be_visible()
        context.close()
    assert Ballot.objects.count() == 5 == Participation.objects.count()

    # The secretary sees who voted (five: shown), closes, announces; the minutes carry the result.
    desktop.reload()
    expect(desktop.get_by_role("heading", name="Đã bỏ phiếu: 5/6")).to_be_visible()
    expect(desktop.get_by_text("Đỗ Văn Nam")).to_have_count(0)  # the sixth has not voted
    desktop.get_by_role("button", name="Kết thúc biểu quyết").click()
    words = (
        "4/6 đảng viên trong tổng số được triệu tập (trừ các trường hợp không tính) tán thành (66,67 %), "
        "1 không tán thành, 0 không biểu quyết; cần quá 1/2 (4): THÔNG QUA."
    )
    expect(desktop.locator(".result")).to_contain_text(words)
    desktop.get_by_role("button", name="Công bố kết quả").click()
    expect(desktop.get_by_text("Đã công bố kết quả.")).to_be_visible()
    look(desktop, "votes-result")
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.content["vote"] == {"yes": 4, "no": 1, "abstain": 0}
    assert minutes.content["resolution"].endswith(f"Kết quả biểu quyết “{TITLE}”: {words}")
    assert Meeting.objects.get(pk=meeting.pk).polls.get().status == "published"
