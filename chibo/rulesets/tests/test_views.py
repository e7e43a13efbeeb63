"""The administrator's pages: versions, one version, adding one, the holiday calendar, the calculator."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chibo.rulesets import defaults
from chibo.rulesets.models import RuleSet

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-Dai-2026"


# ``login`` (conftest.py) is chibo.accounts.testing.login_verified: password and second factor passed. Used
# through the fixture so that this app's modules never import an app above it (import-linter layers).


@pytest.fixture
def admin_client(login):
    user = get_user_model().objects.create_user(username="quantri", password=PASSWORD, is_superuser=True)
    return login(user)


@pytest.fixture
def member_client(login):
    user = get_user_model().objects.create_user(username="dangvien", password=PASSWORD)
    return login(user)


def _form_data(**changes):
    values = defaults.current_values()
    values["fees"]["student_monthly_vnd"] = 6000
    data = {
        "name": "Bộ quy tắc đảng phí 2027",
        "effective_from": "2027-01-01",
        "source": "Quy định thử nghiệm",
        "notes": "",
        "values": json.dumps(values, ensure_ascii=False),
    }
    data.update(changes)
    return data


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(reverse("rulesets:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_the_list_marks_the_version_in_force(member_client):
    response = member_client.get(reverse("rulesets:list"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(row["ruleset"].name, row["in_force"]) for row in rows] == [
        ("Bộ quy tắc hiện hành", True),
        ("Bộ quy tắc theo các văn bản cũ", False),
    ]
    assert "đang có hiệu lực" in response.content.decode()
    assert "Thêm phiên bản" not in response.content.decode()  # a member may not add


def test_the_list_runs_a_fixed_number_of_queries(member_client):
    url = reverse("rulesets:list")
    member_client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as few:
        member_client.get(url)
    for year in range(2030, 2036):
        RuleSet.objects.create(
            name=f"Bộ {year}", effective_from=f"{year}-01-01", source="Thử", values=defaults.current_values()
        )
    with CaptureQueriesContext(connection) as many:
        assert len(member_client.get(url).context["rows"]) == 8
    assert len(many) == len(few)


def test_the_detail_shows_the_values_grouped_with_sources(member_client):
    ruleset = RuleSet.objects.get(effective_from="2025-07-01")
    response = member_client.get(ruleset.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sinh hoạt chi bộ" in page and "Thời lượng tối thiểu (phút)" in page
    assert "Hướng dẫn 42-HD/BTCTW" in page
    assert "Thứ Bảy, Chủ nhật" in page  # the weekend, readable


def test_an_administrator_adds_a_version(admin_client):
    url = reverse("rulesets:add")
    response = admin_client.get(url)
    assert response.status_code == 200
    prefilled = json.loads(response.context["form"].initial["values"])
    assert prefilled == RuleSet.objects.get(effective_from="2025-07-01").values

    response = admin_client.post(url, _form_data())
    ruleset = RuleSet.objects.get(effective_from="2027-01-01")
    assert response.status_code == 302 and response.url == ruleset.get_absolute_url()
    assert ruleset.values["fees"]["student_monthly_vnd"] == 6000
    page = admin_client.get(response.url).content.decode()
    assert "Đã thêm bộ quy tắc" in page


def test_a_user_without_the_administrator_role_gets_404(member_client):
    url = reverse("rulesets:add")
    assert member_client.get(url).status_code == 404
    assert member_client.post(url, _form_data()).status_code == 404
    assert not RuleSet.objects.filter(effective_from="2027-01-01").exists()


def test_bad_json_is_answered_in_vietnamese(admin_client):
    response = admin_client.post(reverse("rulesets:add"), _form_data(values='{"meetings": '))
    assert response.status_code == 200
    assert response.context["form"].errors["values"] == ["Giá trị (JSON) sai cú pháp ở dòng 1, cột 14."]
    assert RuleSet.objects.count() == 2


def test_service_errors_land_on_their_fields(admin_client):
    url = reverse("rulesets:add")
    response = admin_client.post(url, _form_data(name=""))
    assert response.context["form"].errors == {"name": ["Hãy nhập tên bộ quy tắc."]}
    assert "Hãy nhập tên bộ quy tắc." in response.content.decode()

    values = defaults.current_values()
    del values["meetings"]["min_minutes"]
    response = admin_client.post(url, _form_data(effective_from="2025-07-01", values=json.dumps(values)))
    assert response.context["form"].errors == {
        "effective_from": ["Đã có bộ quy tắc có hiệu lực từ ngày 01/07/2025; hãy chọn ngày khác."],
        "values": ["Thiếu khóa meetings.min_minutes"],
    }
    assert "Thiếu khóa meetings.min_minutes" in response.content.decode()
    assert RuleSet.objects.count() == 2


def test_the_holiday_calendar_of_a_year(member_client):
    response = member_client.get(reverse("rulesets:holidays", args=[2026]))
    assert response.status_code == 200
    rows = {row["day"].isoformat(): (row["name"], row["kind"]) for row in response.context["rows"]}
    assert rows["2026-04-27"] == ("Nghỉ bù Giỗ Tổ Hùng Vương", "Nghỉ bù")
    assert rows["2026-02-17"][0] == "Tết Nguyên đán"
    page = response.content.decode()
    assert "27/04/2026" in page and "10/3" in page  # Giỗ Tổ's lunar date is shown
    # 104 Saturdays and Sundays; 11 weekdays off: 01/01, 16–20/02, 27/04, 30/04, 01/05, 01/09, 02/09.
    assert response.context["working_day_count"] == 365 - 104 - 11


def test_the_holiday_calendar_year_picker(member_client):
    response = member_client.get(reverse("rulesets:holidays_today"), {"nam": "2027"})
    assert response.url == reverse("rulesets:holidays", args=[2027])
    assert member_client.get(reverse("rulesets:holidays", args=[1800])).status_code == 404


def test_the_working_day_calculator(member_client):
    url = reverse("rulesets:working_days")
    assert member_client.get(url).status_code == 200
    response = member_client.get(url, {"start": "2026-01-15", "days": "30"})
    assert response.context["result"].isoformat() == "2026-03-05"
    assert "05/03/2026" in response.content.decode()
    assert any(h.name == "Tết Nguyên đán" for h in response.context["skipped"])


def test_the_calculator_names_the_wrong_field(member_client):
    response = member_client.get(reverse("rulesets:working_days"), {"start": "15/13/2026", "days": "-1"})
    errors = response.context["form"].errors
    assert errors["start"] == ["Ngày bắt đầu không hợp lệ: hãy nhập theo dạng ngày/tháng/năm."]
    assert errors["days"] == ["Số ngày làm việc không được nhỏ hơn 0."]
    response = member_client.get(reverse("rulesets:working_days"), {"start": "2010-01-01", "days": "3"})
    assert response.context["form"].errors["start"] == [
        "Không có bộ quy tắc nào có hiệu lực vào ngày 01/01/2010."
    ]
