"""Journeys a person makes: log in, find a unit, change it, see the change in the history and the audit log."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from chibo.organizations.models import Grant, Organization, Seat

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-Dai-2026"


def log_in(page, username):
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc số CCCD").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_office_staff_enrols_totp_renames_a_cell_and_sees_it_in_the_log(desktop, tree, make_user):
    make_user(
        "vanphong", full_name="Hoàng Thị Mai", role=Grant.Role.OFFICE_STAFF, organization=tree["Đảng bộ Khối"]
    )
    page = desktop
    log_in(page, "vanphong")
    expect(page.get_by_role("heading", name="Xác thực hai lớp")).to_be_visible()
    secret_hex = TOTPDevice.objects.get(user__username="vanphong").bin_key
    page.get_by_label("Mã xác thực 6 số").fill(f"{totp(secret_hex):06d}")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", name="Xin chào, Hoàng Thị Mai")).to_be_visible()

    page.get_by_text("Trình đơn").click()
    page.get_by_role("link", name="Tổ chức đảng").click()
    page.get_by_placeholder("Tìm theo tên, không cần gõ dấu").fill("van phong")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Chi bộ Văn phòng").click()
    expect(page.get_by_role("heading", name="Chi bộ Văn phòng")).to_be_visible()

    page.get_by_role("link", name="Đổi tên").click()
    page.get_by_label("Tên mới").fill("")
    page.get_by_role("button", name="Đổi tên").click()
    expect(page.get_by_text("Hãy nhập tên mới.")).to_be_visible()
    page.get_by_label("Tên mới").fill("Chi bộ Văn phòng – Tổng hợp")
    page.get_by_label("Ngày hiệu lực").fill("2025-10-01")
    page.get_by_label("Số quyết định").fill("Quyết định số 15-QĐ/ĐU")
    page.get_by_role("button", name="Đổi tên").click()
    expect(page.get_by_role("heading", name="Chi bộ Văn phòng – Tổng hợp")).to_be_visible()
    expect(page.get_by_text("Đã lưu.")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"01/10/2025: Đổi tên — Chi bộ Văn phòng → Chi bộ Văn phòng – Tổng hợp"))
    ).to_be_visible()

    page.get_by_role("link", name="Xem cơ cấu tại một ngày trong quá khứ").click()
    page.get_by_label("Ngày").fill("2025-09-30")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("link", name="Chi bộ Văn phòng", exact=True)).to_be_visible()

    page.goto("/to-chuc/nhat-ky/")
    expect(page.get_by_role("cell", name="Chi bộ Văn phòng – Tổng hợp")).to_be_visible()
    assert Organization.objects.get(pk=tree["Chi bộ Văn phòng"].pk).name == "Chi bộ Văn phòng – Tổng hợp"


def test_cell_secretary_on_a_phone_sees_the_cell_but_not_the_sibling(phone, tree, make_user):
    person = make_user("bithu", full_name="Trần Văn Bình")
    Seat.objects.create(
        organization=tree["Chi bộ Văn phòng"],
        role=Seat.Role.SECRETARY,
        holder=person,
        holder_name="Trần Văn Bình",
        starts_on="2025-10-01",
    )
    page = phone
    log_in(page, "bithu")
    expect(page.get_by_role("heading", name="Xin chào, Trần Văn Bình")).to_be_visible()
    page.get_by_role("link", name="Chi bộ Văn phòng").click()
    expect(page.get_by_role("row", name=re.compile("Bí thư Trần Văn Bình"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    response = page.goto(f"/to-chuc/{tree['Chi bộ Hình sự'].pk}/")
    assert response.status == 404
