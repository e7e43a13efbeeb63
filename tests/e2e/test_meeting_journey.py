"""A cell secretary runs a month's meeting on a phone: schedule, notify, roll call, minutes, approval, Word file."""

import datetime
import re

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chibo.meetings.models import Meeting
from chibo.members import services as member_services
from chibo.organizations.models import Grant

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-Dai-2026"


def test_secretary_runs_a_meeting_on_a_phone(phone, tree, make_user, tmp_path):
    cell = tree["Chi bộ Văn phòng"]
    secretary = make_user("bithu", full_name="Trần Văn Bình", role=Grant.Role.CELL_OFFICER, organization=cell)
    for i, name in enumerate(["Trần Văn Bình", "Lê Thị Cúc", "Phạm Quốc Dũng", "Đặng Thu Hà"]):
        member_services.member_create(
            actor=secretary,
            organization=cell,
            citizen_id=f"00108500{i:04d}",
            full_name=name,
            sex="male",
            born_on=datetime.date(1980, 1, 1),
            admitted_on=datetime.date(2005, 1, 1),
            status="full",
        )
    page = phone
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc số CCCD").fill("bithu")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # Schedule: the cell's day and the year's meetings.
    page.get_by_role("link", name="Chi bộ Văn phòng").click()
    page.get_by_role("link", name="Sinh hoạt chi bộ").click()
    page.get_by_label("Ngày sinh hoạt hằng tháng").fill("3")
    page.get_by_label("Địa điểm").first.fill("Phòng họp tầng 2")
    page.get_by_role("button", name="Lưu nề nếp").click()
    expect(page.get_by_text("Đã lưu nề nếp sinh hoạt.")).to_be_visible()
    page.get_by_role("button", name=re.compile("Lập lịch năm")).click()
    expect(page.get_by_text(re.compile(r"Đã lập \d+ buổi sinh hoạt thường kỳ"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The next year's schedule too, so that a meeting is still to come whatever today is.
    next_year = timezone.localdate().year + 1
    page.goto(f"/sinh-hoat/chi-bo/{cell.pk}/?nam={next_year}")
    page.get_by_role("button", name=f"Lập lịch năm {next_year}").click()
    expect(page.get_by_text(f"Đã lập 12 buổi sinh hoạt thường kỳ năm {next_year}.")).to_be_visible()

    # The next meeting, on the cell's day (the 3rd, or the working day the calendar moves it to).
    upcoming = (
        Meeting.objects.filter(
            organization=cell, status=Meeting.Status.PLANNED, day__gte=timezone.localdate()
        )
        .order_by("day")
        .first()
    )
    assert upcoming is not None
    day = upcoming.day.strftime("%d/%m/%Y")
    page.goto(f"/sinh-hoat/chi-bo/{cell.pk}/?nam={upcoming.day.year}")
    page.get_by_role("link", name=f"{day} 14:00").click()
    expect(page.get_by_role("heading", name=f"Sinh hoạt thường kỳ {day}")).to_be_visible()
    page.get_by_role("button", name="Gửi thông báo ngay").click()
    expect(page.get_by_text(re.compile(r"Đã gửi thông báo: 5 trên ứng dụng"))).to_be_visible()

    # The meeting: chair, roll call, minutes.
    page.get_by_label("Chủ trì").select_option(label="Trần Văn Bình")
    page.get_by_role("button", name="Bắt đầu sinh hoạt").click()
    page.get_by_label("Điểm danh Lê Thị Cúc").select_option(label="Vắng có lý do")
    row = page.locator("tr", has=page.get_by_label("Điểm danh Lê Thị Cúc"))
    expect(row.get_by_text("Vắng có lý do: hãy ghi lý do.")).to_be_visible()
    expect(page.get_by_label("Điểm danh Lê Thị Cúc")).to_have_value("excused")  # the choice is kept
    row.get_by_placeholder("Lý do vắng").fill("Đi công tác")
    row.get_by_placeholder("Lý do vắng").press("Tab")
    expect(row.get_by_text("Vắng có lý do: hãy ghi lý do.")).to_be_hidden()
    page.reload()
    expect(
        page.get_by_text("Đảng viên chính thức: 4; dự bị: 0; có mặt: 3; số đảng viên tính biểu quyết: 4.")
    ).to_be_visible()

    page.get_by_label("Thông tin thời sự, chủ trương, chính sách").fill("Kết quả kinh tế – xã hội tháng 11.")
    page.get_by_label("Kết luận của chủ trì").fill("Chi bộ hoàn thành tốt nhiệm vụ tháng 11.")
    page.get_by_label("Nghị quyết").fill("Thống nhất phương hướng tháng 12.")
    page.get_by_label("Tán thành:", exact=True).fill("3")
    page.get_by_role("button", name="Lưu biên bản").click()
    expect(page.get_by_text("Đã lưu biên bản.")).to_be_visible()
    page.get_by_role("button", name="Chủ trì thông qua và khóa biên bản").click()
    expect(page.get_by_text("Biên bản đã được thông qua và khóa.")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải biên bản (.docx)").click()
    path = tmp_path / "bien-ban.docx"
    download.value.save_as(path)
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs] + [
        c.text for t in document.tables for r in t.rows for c in r.cells
    ]
    assert any("ĐẢNG CỘNG SẢN VIỆT NAM" in t for t in texts)
    assert any("Chi bộ hoàn thành tốt nhiệm vụ tháng 11." in t for t in texts)
