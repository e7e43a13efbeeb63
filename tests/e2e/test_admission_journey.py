"""Admitting a new member and electing the committee: the secretary puts a person on the cell's list and opens an
admission vote; members vote on their phones; the published result proposes the person and the committee above
records its decision, which enters them in the register. Then a paper election is counted per candidate and fills
the committee seats of the new term."""

import datetime

import pytest
from playwright.sync_api import expect

from chibo.members import services as member_services
from chibo.members.models import Member
from chibo.organizations import services as organization_services
from chibo.organizations.models import Grant, Seat
from tests.e2e.helpers import log_in, look

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NAMES = ["Nguyễn Thị Mai", "Trần Văn Bình", "Lê Thu Hà", "Phạm Quốc Hùng"]


def test_a_person_is_voted_in_and_admitted_and_the_committee_is_elected(
    desktop, phone, another_desktop, tree, make_user
):
    cell = tree["Chi bộ Văn phòng"]
    secretary = make_user("bithu", full_name="Trần Văn Bình", role=Grant.Role.CELL_OFFICER, organization=cell)
    members = []
    for i, name in enumerate(NAMES, start=1):
        member = member_services.member_create(
            actor=secretary,
            organization=cell,
            citizen_id=f"00408500000{i}",
            full_name=name,
            sex="female",
            born_on=datetime.date(1985, 1, 1),
            admitted_on=datetime.date(2010, 1, 1),
            status="full",
        )
        member.user = make_user(f"dv{i}", full_name=name, role=Grant.Role.MEMBER, organization=cell)
        member.save(update_fields=["user"])
        members.append(member)
    today = datetime.date.today()

    # The secretary puts the person on the list; a wrong citizen ID is named first.
    log_in(desktop, "bithu")
    desktop.goto(f"/dang-vien/nguoi-vao-dang/chi-bo/{cell.pk}/")
    desktop.get_by_label("Họ và tên").fill("Ngô Thanh Tâm")
    desktop.get_by_label("Số CCCD").fill("12345")
    desktop.get_by_label("Giới tính").select_option(label="Nữ")
    desktop.get_by_label("Ngày sinh").fill("1998-05-01")
    desktop.get_by_role("button", name="Thêm").click()
    expect(desktop.get_by_text("Số CCCD phải gồm đúng 12 chữ số.")).to_be_visible()
    desktop.get_by_label("Số CCCD").fill("004098000001")
    desktop.get_by_role("button", name="Thêm").click()
    expect(desktop.get_by_text("Đã thêm vào danh sách người vào Đảng.")).to_be_visible()
    look(desktop, "applicants-list")

    # The admission vote, secret, on the phones.
    desktop.goto(f"/bieu-quyet/chi-bo/{cell.pk}/")
    desktop.get_by_label("Nội dung biểu quyết").fill("Đề nghị kết nạp quần chúng Ngô Thanh Tâm")
    desktop.get_by_label("Mục đích").select_option(label="Kết nạp đảng viên")
    desktop.get_by_label("Người được xét kết nạp").select_option(label="Ngô Thanh Tâm (Đang xem xét)")
    desktop.get_by_role("button", name="Tạo biểu quyết").click()
    desktop.get_by_role("button", name="Mở biểu quyết").click()
    expect(desktop.get_by_text("Đang biểu quyết")).to_be_visible()
    poll_url = desktop.url
    for member, answer in zip(
        members, ["Tán thành", "Tán thành", "Tán thành", "Không tán thành"], strict=True
    ):
        phone.context.clear_cookies()
        log_in(phone, member.user.username)
        phone.goto(poll_url + "bo-phieu/")
        phone.get_by_label(answer, exact=True).check()
        phone.get_by_role("button", name="Gửi phiếu").click()
        expect(phone.get_by_text("Phiếu của đồng chí đã được ghi nhận.")).to_be_visible()
    desktop.reload()
    desktop.get_by_role("button", name="Kết thúc biểu quyết").click()
    desktop.get_by_role("button", name="Công bố kết quả").click()
    expect(desktop.get_by_text("3/4 đảng viên chính thức của chi bộ tán thành (75 %)")).to_be_visible()
    look(desktop, "admission-result")

    # The committee above records its decision; the person is now a probationary member of the cell.
    committee = another_desktop()
    make_user("dangbo", role=Grant.Role.COMMITTEE_OFFICER, organization=tree["Đảng bộ VKSND"])
    log_in(committee, "dangbo")
    committee.goto(f"/dang-vien/nguoi-vao-dang/chi-bo/{cell.pk}/")
    expect(committee.get_by_text("Chi bộ đề nghị kết nạp")).to_be_visible()
    committee.get_by_label("Số quyết định kết nạp").fill("Quyết định số 12-QĐ/ĐU")
    committee.get_by_label("Ngày quyết định").fill(today.isoformat())
    look(committee, "applicants-decide")
    committee.get_by_role("button", name="Ghi quyết định kết nạp").click()
    expect(committee.get_by_text("Đã kết nạp Ngô Thanh Tâm: đảng viên dự bị của chi bộ.")).to_be_visible()
    admitted = Member.objects.get(citizen_id="004098000001")
    assert (admitted.status, admitted.admitted_on) == ("probationary", today)

    # A paper election of the new committee, counted per candidate, fills the seats of the new term.
    office = make_user("vanphong", role=Grant.Role.OFFICE_STAFF, organization=tree["Đảng bộ VKSND"])
    organization_services.term_create(actor=office, organization=cell, name="2026–2031", starts_on=today)
    desktop.goto(f"/bieu-quyet/chi-bo/{cell.pk}/")
    desktop.get_by_label("Nội dung biểu quyết").fill("Bầu chi ủy nhiệm kỳ 2026–2031")
    desktop.get_by_label("Mục đích").select_option(label="Bầu cử")
    desktop.get_by_label("Hình thức").select_option(label="Bỏ phiếu kín bằng phiếu giấy")
    desktop.get_by_label("Bầu cấp ủy nhiệm kỳ (người trúng cử nhận chức vụ)").select_option(label="2026–2031")
    desktop.get_by_label("Số người được bầu (bầu cử)").fill("3")
    desktop.get_by_label("Danh sách bầu cử hoặc danh sách thông qua (mỗi dòng một người)").fill(
        "\n".join(NAMES[:3])
    )
    look(desktop, "poll-form")
    desktop.get_by_role("button", name="Tạo biểu quyết").click()
    desktop.get_by_role("button", name="Mở biểu quyết").click()
    for label, value in [("Số phiếu phát ra", "4"), ("Số phiếu thu vào", "4"), ("Phiếu hợp lệ", "4")]:
        desktop.get_by_label(label, exact=True).fill(value)
    desktop.get_by_label("Phiếu không hợp lệ").fill("0")
    for name, votes in zip(NAMES[:3], ["5", "3", "2"], strict=True):
        desktop.get_by_label(f"Số phiếu bầu {name}").fill(votes)
    desktop.get_by_role("button", name="Ghi số đếm").click()
    expect(
        desktop.get_by_text("Số phiếu bầu Nguyễn Thị Mai (5) nhiều hơn số phiếu hợp lệ (4).")
    ).to_be_visible()
    desktop.get_by_label("Số phiếu bầu Nguyễn Thị Mai").fill("4")
    desktop.get_by_role("button", name="Ghi số đếm").click()
    expect(desktop.get_by_text("Đã ghi số đếm.")).to_be_visible()
    look(desktop, "paper-election")
    desktop.get_by_role("button", name="Kết thúc biểu quyết").click()
    desktop.get_by_role("button", name="Công bố kết quả").click()
    expect(desktop.locator("li", has_text="Nguyễn Thị Mai: 4")).to_contain_text("trúng cử")
    expect(desktop.locator("li", has_text="Lê Thu Hà: 2")).not_to_contain_text("trúng cử")  # exactly half
    seats = Seat.objects.filter(organization=cell, term__name="2026–2031").order_by("id")
    assert [(s.holder_name, s.holder_id) for s in seats] == [
        (NAMES[0], members[0].user_id),
        (NAMES[1], members[1].user_id),
    ]
