"""A quarter's thematic topic from the cell to the committee: the secretary registers it, the cell committee
approves it, the committee's office plans it and assigns a committee member, the cell holds the meeting, the
member evaluates it on a phone, and the office reads it in its reports.

Set ``SCREENSHOTS`` to a directory to keep a full-page picture of every topics page at 1280 px and at 360 px.
"""

import datetime
import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from chibo.meetings import services as meeting_services
from chibo.meetings.models import Meeting
from chibo.members import services as member_services
from chibo.organizations.models import Grant, Seat
from chibo.topics import rules
from chibo.topics.forms import ROMAN
from chibo.topics.models import Topic
from tests.e2e.helpers import docx_texts, log_in, look

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
HO_CHI_MINH = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
TITLE = "Học tập tấm gương đạo đức, phong cách làm việc khoa học của Bác"


def test_a_quarters_topic_from_registration_to_the_committees_reports(
    desktop, phone, another_desktop, tree, make_user, topic_categories, tmp_path
):
    today = timezone.localdate()
    year, quarter = today.year, rules.quarter_of(today)
    roman = ROMAN[quarter]
    # Registered within its own quarter, the topic is past the default deadline (the 20th of the month before).
    deadline = rules.registration_deadline(year=year, quarter=quarter, deadline_day=20)
    committee, cell = tree["Đảng bộ VKSND"], tree["Chi bộ Văn phòng"]

    secretary = make_user("bithu", full_name="Trần Văn Bình")
    Seat.objects.create(
        organization=cell,
        role=Seat.Role.SECRETARY,
        holder=secretary,
        holder_name="Trần Văn Bình",
        starts_on=datetime.date(2025, 10, 1),
    )
    make_user("chiuy", full_name="Lê Thị Cúc", role=Grant.Role.CELL_OFFICER, organization=cell)
    make_user("vanphong", full_name="Hoàng Thị Mai", role=Grant.Role.OFFICE_STAFF, organization=committee)
    make_user("capuy", full_name="Tạ Đức Khiêm", role=Grant.Role.SUPERVISOR, organization=committee)
    for i, name in enumerate(["Trần Văn Bình", "Lê Thị Cúc", "Nguyễn Thị Hồng"]):
        member_services.member_create(
            actor=secretary,
            organization=cell,
            citizen_id=f"00108500{i:04d}",
            full_name=name,
            sex="female" if "Thị" in name else "male",
            born_on=datetime.date(1985, 1, 1),
            admitted_on=datetime.date(2010, 1, 1),
            status="full",
        )

    # 1. The secretary registers the quarter's topic and sends it to the cell committee.
    page = desktop
    log_in(page, "bithu")
    expect(page.get_by_role("heading", name="Xin chào, Trần Văn Bình")).to_be_visible()
    page.get_by_role("link", name="Chi bộ Văn phòng").click()
    page.get_by_role("link", name="Sinh hoạt chi bộ").click()
    page.get_by_role("link", name="Chuyên đề", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/chuyen-de/chi-bo/{cell.pk}/\?nam={year}$"))
    expect(page.get_by_role("heading", name=f"Chuyên đề sinh hoạt năm {year}")).to_be_visible()
    look(page, "cell-topics-empty")

    page.get_by_label("Quý:", exact=True).select_option(label=roman)
    page.get_by_label("Tên chuyên đề").fill(TITLE)
    page.get_by_label("Nhóm chuyên đề").select_option(label=HO_CHI_MINH)
    page.get_by_label("Đảng viên được phân công chuẩn bị").select_option(label="Nguyễn Thị Hồng")
    page.get_by_label("Đề cương tóm tắt").fill(
        "1. Tấm gương đạo đức Hồ Chí Minh.\n2. Liên hệ việc làm theo của đảng viên trong chi bộ."
    )
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo chuyên đề. Hãy gửi cấp ủy chi bộ duyệt.")).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text(f"Quý {roman}/{year}")
    expect(page.locator("dl.facts")).to_contain_text("Dự thảo")
    topic = Topic.objects.get()
    assert (topic.organization, topic.year, topic.quarter, topic.status) == (cell, year, quarter, "draft")
    look(page, "topic-draft")

    page.get_by_role("button", name="Gửi cấp ủy chi bộ duyệt").click()
    expect(
        page.get_by_text(
            f"Đã gửi cấp ủy chi bộ, sau hạn đăng ký {deadline:%d/%m/%Y}: chuyên đề được ghi là đăng ký muộn."
        )
    ).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Chờ cấp ủy chi bộ duyệt")

    # 2. Another member of the cell committee approves it.
    member = another_desktop()
    log_in(member, "chiuy")
    expect(member.get_by_role("heading", name="Xin chào, Lê Thị Cúc")).to_be_visible()
    member.goto(f"/chuyen-de/chi-bo/{cell.pk}/")
    section = member.locator("section.topic-quarter", has=member.get_by_role("heading", name=f"Quý {roman}"))
    expect(section.get_by_text("Chờ cấp ủy chi bộ duyệt")).to_be_visible()
    look(member, "cell-topics-submitted")
    section.get_by_role("link", name=TITLE).click()
    member.get_by_role("button", name="Cấp ủy chi bộ duyệt").click()
    expect(member.get_by_text("Cấp ủy chi bộ đã duyệt chuyên đề: có thể gửi tới đảng viên.")).to_be_visible()
    expect(member.locator("dl.facts")).to_contain_text("Cấp ủy chi bộ đã duyệt")
    expect(member.locator("dl.facts")).to_contain_text("Lê Thị Cúc")

    # 3. The committee's office (second factor) plans and publishes it, downloads the plan, assigns a member.
    office = another_desktop()
    log_in(office, "vanphong")
    expect(office.get_by_role("heading", name="Xác thực hai lớp")).to_be_visible()
    secret_hex = TOTPDevice.objects.get(user__username="vanphong").bin_key
    office.get_by_label("Mã xác thực 6 số").fill(f"{totp(secret_hex):06d}")
    office.get_by_role("button", name="Xác nhận").click()
    expect(office.get_by_role("heading", name="Xin chào, Hoàng Thị Mai")).to_be_visible()
    office.get_by_text("Trình đơn").click()
    office.get_by_role("link", name="Sinh hoạt chuyên đề").click()
    expect(office.get_by_role("heading", name=f"Sinh hoạt chuyên đề năm {year}")).to_be_visible()
    office.get_by_role("link", name="Kế hoạch", exact=True).click()
    expect(office).to_have_url(re.compile(rf"/chuyen-de/ke-hoach/{committee.pk}/{year}/$"))
    expect(office.get_by_role("heading", name=f"Kế hoạch sinh hoạt chuyên đề năm {year}")).to_be_visible()
    expect(office.get_by_role("checkbox", name=TITLE)).to_be_checked()
    look(office, "plan-waiting")
    office.get_by_role("button", name="Đưa vào kế hoạch").click()
    expect(office.get_by_text(f"Đã đưa 1 chuyên đề vào kế hoạch năm {year}.")).to_be_visible()
    expect(office.get_by_text("Không có chuyên đề nào đang chờ.")).to_be_visible()
    planned_row = office.get_by_role("row", name=re.compile(TITLE))
    expect(planned_row).to_contain_text("Chi bộ Văn phòng")
    expect(planned_row).to_contain_text("Đã đưa vào kế hoạch")
    office.get_by_label("Số kế hoạch").fill("05")
    office.get_by_role("button", name="Ban hành").click()
    expect(office.get_by_text(f"Đã ban hành kế hoạch sinh hoạt chuyên đề năm {year}.")).to_be_visible()
    expect(office.get_by_text(f"Đã ban hành ngày {today:%d/%m/%Y}, số 05")).to_be_visible()
    look(office, "plan-published")

    with office.expect_download() as download:
        office.get_by_role("link", name="Tải Word (.docx)").click()
    path = tmp_path / "ke-hoach.docx"
    download.value.save_as(path)
    texts = docx_texts(path)
    assert any(f"Kế hoạch sinh hoạt chuyên đề năm {year}".upper() in t.upper() for t in texts)
    assert any(TITLE in t for t in texts)
    assert any("Chi bộ Văn phòng" in t for t in texts)
    assert any("05-KH/ĐU" in t for t in texts)

    office.get_by_role("link", name="Cài đặt").click()
    expect(office.get_by_role("heading", name="Cài đặt sinh hoạt chuyên đề")).to_be_visible()
    expect(office.get_by_label("Hạn đăng ký: ngày của tháng trước quý")).to_have_value("20")
    look(office, "settings")
    office.go_back()

    office.get_by_role("link", name=TITLE).click()
    expect(office.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(office.get_by_text("Chưa phân công.")).to_be_visible()
    office.get_by_label("Phân công đồng chí cấp ủy dự").select_option(label="Tạ Đức Khiêm")
    office.get_by_role("button", name="Phân công").click()
    expect(office.get_by_text("Đã phân công đồng chí cấp ủy dự sinh hoạt.")).to_be_visible()
    expect(office.locator("section", has_text="Đồng chí cấp ủy dự, đánh giá")).to_contain_text("Tạ Đức Khiêm")
    look(office, "topic-planned-office")

    # 4. The cell holds its combined meeting of the quarter; the secretary records the topic was held there.
    meeting = meeting_services.meeting_create(
        actor=secretary,
        organization=cell,
        day=today,
        time=datetime.time(7, 30),
        kind=Meeting.Kind.COMBINED,
        place="Phòng họp tầng 2",
    )
    meeting_services.meeting_start(actor=secretary, meeting=meeting)
    page.reload()
    expect(page.locator("dl.facts")).to_contain_text("Đã đưa vào kế hoạch")
    page.get_by_label("Buổi sinh hoạt").select_option(label=f"{today:%d/%m/%Y} – Thường kỳ kết hợp chuyên đề")
    look(page, "topic-planned-secretary")
    page.get_by_role("button", name="Ghi nhận đã sinh hoạt").click()
    expect(page.get_by_text("Đã ghi nhận buổi sinh hoạt chuyên đề.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Đã sinh hoạt")
    expect(page.get_by_role("link", name=f"{today:%d/%m/%Y} – Thường kỳ kết hợp chuyên đề")).to_be_visible()
    expect(page.get_by_text("đã sinh hoạt, chưa đánh giá")).to_be_visible()

    # 5. The committee member evaluates the meeting on a phone; a criterion left without a score is named.
    log_in(phone, "capuy")
    expect(phone.get_by_role("heading", name="Xin chào, Tạ Đức Khiêm")).to_be_visible()
    phone.get_by_label("Trình đơn").click()
    phone.get_by_role("link", name="Lịch dự sinh hoạt chuyên đề").click()
    expect(phone.get_by_role("heading", name="Lịch dự sinh hoạt chuyên đề của tôi")).to_be_visible()
    card = phone.locator("article", has_text=TITLE)
    expect(card).to_contain_text("Chi bộ Văn phòng")
    expect(card).to_contain_text(f"Họp ngày {today:%d/%m/%Y} lúc 07:30")
    expect(card).to_contain_text("Đã sinh hoạt, chưa đánh giá")
    look(phone, "schedule")
    card.get_by_role("link", name="Đánh giá").click()
    expect(phone.get_by_role("heading", name="Đánh giá buổi sinh hoạt chuyên đề")).to_be_visible()
    look(phone, "evaluate-form")
    phone.get_by_label("Chuẩn bị nội dung chuyên đề (tối đa 20 điểm)").fill("18")
    phone.get_by_label("Quy trình tổ chức sinh hoạt (tối đa 20 điểm)").fill("17")
    phone.get_by_label("Tính thiết thực của kết luận, giải pháp (tối đa 30 điểm)").fill("25")
    phone.get_by_label("Nhận xét, đánh giá").fill(
        "Chi bộ chuẩn bị chu đáo; đảng viên phát biểu sôi nổi, liên hệ sát thực tế công tác."
    )
    phone.get_by_role("button", name="Gửi đánh giá").click()
    expect(phone.get_by_text("Tiêu chí “Chất lượng thảo luận, phát biểu”: hãy cho điểm.")).to_be_visible()
    expect(phone.get_by_label("Chuẩn bị nội dung chuyên đề (tối đa 20 điểm)")).to_have_value("18")
    look(phone, "evaluate-error")
    phone.get_by_label("Chất lượng thảo luận, phát biểu (tối đa 30 điểm)").fill("26")
    phone.get_by_role("button", name="Gửi đánh giá").click()
    expect(phone.get_by_text("Đã gửi đánh giá buổi sinh hoạt chuyên đề.")).to_be_visible()
    expect(phone.get_by_role("heading", name="Tổng điểm: 86/100")).to_be_visible()
    expect(phone.get_by_role("row", name="Chất lượng thảo luận, phát biểu 26/30")).to_be_visible()
    look(phone, "evaluate-filed")

    # 6. The office reads the cell's quarter in the year's report and the topic under its category.
    office.goto(f"/chuyen-de/tong-hop/?don-vi={committee.pk}&nam={year}")
    row = office.get_by_role("row", name=re.compile(r"^Chi bộ Văn phòng"))
    expect(row.get_by_role("cell").nth(quarter - 1)).to_contain_text("Đã sinh hoạt, đã đánh giá")
    expect(office.locator("tbody.summary td").nth(quarter - 1)).to_contain_text("Đánh giá 1")
    look(office, "compliance")

    office.get_by_role("link", name="Chuyên đề theo nhóm").click()
    office.get_by_label("Từ quý").select_option(label=roman)
    office.get_by_label("Từ năm").fill(str(year))
    office.get_by_label("Đến quý").select_option(label=roman)
    office.get_by_label("Đến năm").fill(str(year))
    office.get_by_role("button", name="Xem").click()
    expect(
        office.get_by_text(f"Đảng bộ VKSND, từ quý {roman}/{year} đến quý {roman}/{year}: 1 chuyên đề.")
    ).to_be_visible()
    category_row = office.locator("table.categories tbody tr", has_text=HO_CHI_MINH)
    expect(category_row.get_by_role("cell")).to_have_text(["1", "100,0"])

    def bar_share(name):
        return office.locator(".bar-row", has_text=name).evaluate(
            "row => row.querySelector('.bar').getBoundingClientRect().width"
            " / row.querySelector('.bar-track').getBoundingClientRect().width"
        )

    assert bar_share(HO_CHI_MINH) == pytest.approx(1, abs=0.01)
    assert bar_share("Công tác xây dựng Đảng") < 0.05
    look(office, "categories")
