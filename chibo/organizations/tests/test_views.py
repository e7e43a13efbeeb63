import datetime

import pytest
from django.urls import reverse

from chibo.organizations.models import Grant, Organization, Seat

R = Grant.Role


@pytest.fixture
def staff_client(tree, make_user, login):
    return login(make_user("vanphong", role=R.OFFICE_STAFF, organization=tree["Đảng bộ Khối"]))


def test_tree_page_lists_top_units_and_searches_without_diacritics(tree, make_user, login):
    client = login(make_user(role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ Khối"]))
    page = client.get(reverse("organizations:tree")).content.decode()
    assert "Đảng bộ Khối" in page
    assert "Đảng bộ Khối Doanh nghiệp" not in page
    found = client.get(reverse("organizations:tree"), {"q": "chi bo van phong"}).content.decode()
    assert "Chi bộ Văn phòng" in found
    assert "Chi bộ Hình sự" not in found
    assert (
        "Chi bộ Công ty Điện" not in client.get(reverse("organizations:tree"), {"q": "dien"}).content.decode()
    )


def test_detail_shows_officers_and_children(tree, make_user, login):
    unit = tree["Đảng bộ VKSND"]
    Seat.objects.create(
        organization=unit,
        role=Seat.Role.SECRETARY,
        holder_name="Phạm Thị Lan",
        starts_on=datetime.date(2020, 10, 1),
    )
    Seat.objects.create(
        organization=unit,
        role=Seat.Role.DEPUTY_SECRETARY,
        holder_name="Cũ",
        starts_on=datetime.date(2015, 1, 1),
        ends_on=datetime.date(2019, 1, 1),
    )
    client = login(make_user(role=R.MEMBER, organization=unit))
    page = client.get(reverse("organizations:detail", args=[unit.pk])).content.decode()
    assert "Phạm Thị Lan" in page
    assert "Cũ" not in page
    assert "Chi bộ Văn phòng" in page and "Chi bộ Hình sự" in page
    assert "Đổi tên" not in page  # a member sees no edit actions


def test_rename_form_bad_input_names_the_field_and_changes_nothing(tree, staff_client):
    unit = tree["Chi bộ Văn phòng"]
    response = staff_client.post(
        reverse("organizations:rename", args=[unit.pk]), {"name": "", "on": "ngày mai"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hãy nhập tên mới." in page
    assert "Ngày hiệu lực không hợp lệ." in page
    assert Organization.objects.get(pk=unit.pk).name == "Chi bộ Văn phòng"


def test_rename_through_the_page(tree, staff_client):
    unit = tree["Chi bộ Văn phòng"]
    response = staff_client.post(
        reverse("organizations:rename", args=[unit.pk]),
        {"name": "Chi bộ Văn phòng – Tổng hợp", "on": "2025-08-01", "decision": "QĐ 5"},
    )
    assert response.status_code == 302
    assert Organization.objects.get(pk=unit.pk).name == "Chi bộ Văn phòng – Tổng hợp"
    history = staff_client.get(
        reverse("organizations:history", args=[tree["Đảng bộ VKSND"].pk]), {"ngay": "2025-07-31"}
    )
    assert "Chi bộ Văn phòng" in history.content.decode()
    assert "Chi bộ Văn phòng – Tổng hợp" not in history.content.decode()


def test_create_child_offers_only_allowed_kinds(tree, staff_client):
    url = reverse("organizations:create_child", args=[tree["Đảng bộ VKSND"].pk])
    page = staff_client.get(url).content.decode()
    assert 'value="cell"' in page and 'value="grassroots_cell"' not in page
    response = staff_client.post(url, {"name": "Chi bộ Dân sự", "kind": "cell", "founded_on": "2026-01-02"})
    assert response.status_code == 302
    assert (
        Organization.objects.get_parent(Organization.objects.get(name="Chi bộ Dân sự")).pk
        == tree["Đảng bộ VKSND"].pk
    )


def test_seat_and_term_pages(tree, staff_client, make_user):
    unit = tree["Chi bộ Hình sự"]
    person = make_user("bithu_hs")
    staff_client.post(
        reverse("organizations:term_add", args=[unit.pk]), {"name": "2025–2030", "starts_on": "2025-08-01"}
    )
    term = unit.terms.get()
    response = staff_client.post(
        reverse("organizations:seat_add", args=[unit.pk]),
        {
            "role": "secretary",
            "holder_name": "Đỗ Văn Hùng",
            "username": "bithu_hs",
            "term": term.pk,
            "starts_on": "2025-08-01",
        },
    )
    assert response.status_code == 302
    assert Seat.objects.get(organization=unit).holder == person
    response = staff_client.post(
        reverse("organizations:congress_add", args=[unit.pk]),
        {"term": term.pk, "kind": "members", "held_on": "2025-07-20", "delegates": "0"},
    )
    assert "Số đại biểu phải lớn hơn 0." in response.content.decode()
    staff_client.post(
        reverse("organizations:congress_add", args=[unit.pk]),
        {"term": term.pk, "kind": "members", "held_on": "2025-07-20", "delegates": "24"},
    )
    congress = term.congresses.get()
    assert (congress.held_on, congress.delegates) == (datetime.date(2025, 7, 20), 24)
    page = staff_client.get(reverse("organizations:detail", args=[unit.pk])).content.decode()
    assert "2025–2030 (01/08/2025 – …); Đại hội đảng viên 20/07/2025" in page
    bad = staff_client.post(
        reverse("organizations:seat_add", args=[unit.pk]),
        {"role": "secretary", "holder_name": "X", "username": "khong_co", "starts_on": "2025-08-01"},
    )
    assert "Không có tài khoản “khong_co”." in bad.content.decode()


def test_grant_page_gives_and_revokes(tree, staff_client, make_user):
    person = make_user("dangvien", citizen_id="001203004005")
    response = staff_client.post(
        reverse("organizations:grants"),
        {"username": "001203004005", "role": "member", "organization": tree["Chi bộ Văn phòng"].pk},
    )
    assert response.status_code == 302
    grant = Grant.objects.get(user=person)
    staff_client.post(reverse("organizations:grant_revoke", args=[grant.pk]))
    assert not Grant.objects.filter(user=person).exists()


def test_audit_log_is_scoped(tree, make_user, login, staff_client):
    staff_client.post(
        reverse("organizations:rename", args=[tree["Chi bộ Văn phòng"].pk]),
        {"name": "Chi bộ VP", "on": "2026-01-01"},
    )
    staff_client.post(
        reverse("organizations:rename", args=[tree["Chi bộ Ngân sách"].pk]),
        {"name": "Chi bộ NS", "on": "2026-01-01"},
    )
    auditor = login(make_user(role=R.AUDITOR, organization=tree["Đảng bộ VKSND"]))
    page = auditor.get(reverse("organizations:audit")).content.decode()
    assert "Chi bộ VP" in page
    assert "Chi bộ NS" not in page


def test_english_is_available(tree, make_user, login):
    client = login(make_user(role=R.MEMBER, organization=tree["Chi bộ Văn phòng"]))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("organizations:detail", args=[tree["Chi bộ Văn phòng"].pk])).content.decode()
    assert "Information" in page
    assert 'lang="en"' in page


def test_officers_are_listed_in_protocol_order(tree, make_user, login):
    unit = tree["Đảng bộ VKSND"]
    for role, name in [
        ("committee_member", "Ủy viên Một"),
        ("deputy_secretary", "Phó Hai"),
        ("secretary", "Bí thư Ba"),
    ]:
        Seat.objects.create(
            organization=unit, role=role, holder_name=name, starts_on=datetime.date(2025, 5, 16)
        )
    page = login(make_user(role=R.MEMBER, organization=unit)).get(
        reverse("organizations:detail", args=[unit.pk])
    )
    text = page.content.decode()
    assert text.index("Bí thư Ba") < text.index("Phó Hai") < text.index("Ủy viên Một")
