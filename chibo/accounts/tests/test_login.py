import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from chibo.organizations.models import Grant

R = Grant.Role
PASSWORD = "mat-khau-Dai-2026"


def test_login_with_username_or_citizen_id(tree, make_user, client):
    make_user("nguyenvana", citizen_id="001085012345", role=R.MEMBER, organization=tree["Chi bộ Văn phòng"])
    response = client.post(reverse("accounts:login"), {"username": "001085012345", "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": "NguyenVanA", "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_message_is_vietnamese(make_user, client):
    make_user("nguyenvanb")
    response = client.post(reverse("accounts:login"), {"username": "nguyenvanb", "password": "sai"})
    assert "Tên đăng nhập (hoặc số CCCD) hoặc mật khẩu không đúng." in response.content.decode()


@pytest.mark.argon2
def test_passwords_are_hashed_with_argon2(make_user):
    assert make_user().password.startswith("argon2")


def test_login_is_throttled_after_five_failures(make_user, client):
    make_user("nguyenvanc")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "nguyenvanc", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "nguyenvanc", "password": PASSWORD})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()


def test_office_staff_must_pass_totp(tree, make_user, client):
    make_user("vanphong", role=R.OFFICE_STAFF, organization=tree["Đảng bộ Khối"])
    client.post(reverse("accounts:login"), {"username": "vanphong", "password": PASSWORD})
    tree_url = reverse("organizations:tree")
    response = client.get(tree_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor"))
    # First time: enrol. The page shows the secret; a wrong code is refused with a message.
    page = client.get(reverse("accounts:second_factor")).content.decode()
    assert "Khóa bí mật" in page
    wrong = client.post(reverse("accounts:second_factor"), {"token": "000000"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    device = TOTPDevice.objects.get(user__username="vanphong")
    device.throttle_reset()  # a failure throttles the next try for a second; a person waits that long anyway
    code = f"{totp(device.bin_key):06d}"
    response = client.post(reverse("accounts:second_factor") + f"?next={tree_url}", {"token": code})
    assert response.status_code == 302 and response["Location"] == tree_url
    assert client.get(tree_url).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_plain_member_needs_no_second_factor(tree, make_user, client):
    make_user("dangvien", role=R.MEMBER, organization=tree["Chi bộ Văn phòng"])
    client.post(reverse("accounts:login"), {"username": "dangvien", "password": PASSWORD})
    assert client.get(reverse("organizations:tree")).status_code == 200


def test_password_reset_by_email(make_user, client):
    make_user("nguyenvand", email="d@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "d@example.org"})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "đặt lại mật khẩu" in body
    link = re.search(r"http://testserver(/tai-khoan/dat-lai/\S+)", body).group(1)
    form_page = client.get(link, follow=True)
    new = "Mot-Mat-Khau-Moi-2026"
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="nguyenvand").check_password(new)


@pytest.mark.parametrize("path", ["/", "/to-chuc/", "/to-chuc/nhat-ky/", "/to-chuc/phan-quyen/"])
def test_pages_need_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
