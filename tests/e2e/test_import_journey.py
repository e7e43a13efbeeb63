"""A cell secretary imports the register from a file: a rejected row, the fix, the import, a search without
diacritics."""

import re

import pytest
from playwright.sync_api import expect

from chibo.members.models import Member
from chibo.organizations.models import Grant

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-Dai-2026"
HEADER = "Số CCCD,Họ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Ngày chính thức,Tình trạng,Chi bộ"


def test_import_fix_a_rejected_row_and_find_a_member(desktop, tree, make_user, tmp_path):
    make_user("bithu", role=Grant.Role.CELL_OFFICER, organization=tree["Chi bộ Văn phòng"])
    bad = tmp_path / "so-dang-vien.csv"
    rows = [
        "001085000001,Nguyễn Văn An,Nam,12/03/1985,19/05/2010,19/05/2011,Chính thức,Chi bộ Văn phòng",
        "001090000002,Đặng Thị Bích,Nữ,31/02/1990,03/02/2015,03/02/2016,Chính thức,Chi bộ Văn phòng",
    ]
    bad.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    page = desktop
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc số CCCD").fill("bithu")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.goto("/dang-vien/nhap/")
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_role("button", name="Đọc và kiểm tra tệp").click()
    expect(
        page.get_by_text("Tệp có lỗi nên chưa thể nhập: không dòng nào được ghi vào sổ.", exact=False)
    ).to_be_visible()
    expect(page.get_by_text(re.compile(r"Dòng 3.*Ngày sinh"))).to_be_visible()
    expect(page.get_by_role("button", name="Nhập vào sổ")).to_have_count(0)
    assert not Member.objects.exists()

    fixed = tmp_path / "so-dang-vien-da-sua.csv"
    fixed.write_text(
        "\n".join([HEADER, rows[0], rows[1].replace("31/02/1990", "28/02/1990")]) + "\n", encoding="utf-8"
    )
    page.goto("/dang-vien/nhap/")
    page.locator("#id_file").set_input_files(str(fixed))
    page.get_by_role("button", name="Đọc và kiểm tra tệp").click()
    expect(page.get_by_role("heading", name="Xem trước khi nhập sổ đảng viên")).to_be_visible()
    page.get_by_role("button", name="Nhập vào sổ").click()
    expect(page.get_by_text(re.compile(r"2 đảng viên mới|Đã nhập"))).to_be_visible()
    assert Member.objects.count() == 2

    page.goto("/dang-vien/")
    page.get_by_role("searchbox").fill("dang thi bich")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Đặng Thị Bích")).to_be_visible()
    expect(page.get_by_role("link", name="Nguyễn Văn An")).to_have_count(0)
