"""The register's figures on a unit's page, and member counts on the tree."""

import datetime
import re

import pytest
from django.urls import reverse

from chibo.members import services
from chibo.members.models import Member
from chibo.organizations.models import Grant

R = Grant.Role
D = datetime.date


def _add(office, cell, n, *, start=0, **fields):
    for i in range(start, start + n):
        services.member_create(
            actor=office,
            organization=cell,
            citizen_id=f"{i:012d}",
            full_name=f"Nguyễn Văn Thử {i}",
            sex="male",
            born_on=D(1980, 1, 1),
            admitted_on=D(2005, 1, 1),
            status=fields.pop("status", Member.Status.FULL),
            **fields,
        )


@pytest.fixture
def office(tree, make_user):
    return make_user("vanphong", role=R.OFFICE_STAFF, organization=tree["Đảng bộ Khối"])


def test_seed_003_profile_of_a_cell(tree, office, login):
    """Seed 003: "11 members; 100 % university; 100 % senior political theory; 3 masters"."""
    cell = tree["Chi bộ Văn phòng"]
    _add(office, cell, 8, education="university", political_theory="advanced")
    _add(office, cell, 3, start=8, education="master", political_theory="bachelor")
    page = login(office).get(reverse("members:organization_profile", args=[cell.pk]), HTTP_HX_REQUEST="true")
    text = page.content.decode()
    assert "<dt>Tổng số đảng viên</dt><dd>11</dd>" in text
    assert "Đại học trở lên: 11 (100 %)" in text
    assert "trong đó thạc sĩ: 3 (27 %)" in text
    assert "Cao cấp, cử nhân: 11 (100 %)" in text
    assert "dưới mức tối thiểu" not in text


def test_a_cell_with_two_full_members_is_flagged(tree, office, login):
    cell = tree["Chi bộ Hình sự"]
    _add(office, cell, 2)
    _add(office, cell, 1, start=2, status=Member.Status.PROBATIONARY)
    text = login(office).get(reverse("members:organization_profile", args=[cell.pk])).content.decode()
    assert "Chi bộ chỉ có 2 đảng viên chính thức, dưới mức tối thiểu 3 (Điều lệ Đảng, Điều 24)." in text


def test_profile_is_scoped(tree, office, make_user, login):
    _add(office, tree["Chi bộ Văn phòng"], 1)
    sibling = login(make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"]))
    assert (
        sibling.get(reverse("members:organization_profile", args=[tree["Chi bộ Văn phòng"].pk])).status_code
        == 404
    )
    member = login(make_user(role=R.MEMBER, organization=tree["Chi bộ Văn phòng"]))
    assert (
        member.get(reverse("members:organization_profile", args=[tree["Chi bộ Văn phòng"].pk])).status_code
        == 404
    )


def test_member_counts_roll_up_the_tree(tree, office, login):
    _add(office, tree["Chi bộ Văn phòng"], 2)
    _add(office, tree["Chi bộ Hình sự"], 3, start=2)
    _add(office, tree["Chi bộ Ngân sách"], 1, start=5)
    services.member_change_status(
        actor=office,
        member=Member.objects.get(citizen_id="000000000005"),
        status=Member.Status.DECEASED,
        on=D(2025, 1, 1),
    )
    client = login(office)
    text = client.get(reverse("organizations:detail", args=[tree["Đảng bộ Khối"].pk])).content.decode()
    # Đảng bộ VKSND: 5 members in two cells; Sở Tài chính: its only member died; the committee: 5.
    counts = {}
    for row in text.split("<tr>")[1:]:
        name = re.search(r">([^<]+)</a>", row)
        numbers = re.findall(r'<td class="num">(\d+)</td>', row)
        if name and numbers:
            counts[name.group(1)] = int(numbers[-1])
    assert counts["Đảng bộ VKSND"] == 5
    assert counts["Đảng bộ Sở Tài chính"] == 0
    assert counts["Chi bộ Ban Dân tộc"] == 0
    assert "<dt>Đảng viên</dt><dd>5</dd>" in text


def test_my_record_leads_to_the_linked_member(tree, office, make_user, login):
    _add(office, tree["Chi bộ Văn phòng"], 1)
    person = make_user("an")
    Member.objects.filter(citizen_id="000000000000").update(user=person)
    client = login(person)
    response = client.get(reverse("members:mine"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "members:detail", args=[Member.objects.get().pk]
    )
    nobody = login(make_user("khong_ho_so"))
    page = nobody.get(reverse("members:mine"))
    assert page.status_code == 404 and "Tài khoản chưa gắn với hồ sơ đảng viên" in page.content.decode()
