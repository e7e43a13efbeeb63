import datetime

import pytest
from django.urls import reverse

from chibo.meetings import duties, services
from chibo.meetings.models import DutyTurn
from chibo.members import services as member_services
from chibo.members.models import Member
from chibo.organizations.models import Grant

D = datetime.date
R = Grant.Role
NAMES = ["Trần Thị An", "Lê Văn Bình", "Phạm Thị Cúc", "Ngô Văn Dũng"]


@pytest.fixture
def cell(tree, make_user):
    secretary = make_user("bithu", role=R.CELL_OFFICER, organization=tree["Chi bộ Văn phòng"])
    cell = tree["Chi bộ Văn phòng"]
    for i, name in enumerate(NAMES):
        member_services.member_create(
            actor=secretary,
            organization=cell,
            citizen_id=f"{i:012d}",
            full_name=name,
            sex="male",
            born_on=D(1980, 1, 1),
            admitted_on=D(2005, 1, 1),
            status="full",
        )
    services.meetings_schedule_year(actor=secretary, organization=cell, year=2027)
    cell.secretary = secretary
    return cell


def test_plan_rotates_in_roster_order_and_skips_the_exempt(cell):
    Member.objects.filter(full_name="Phạm Thị Cúc").update(status=Member.Status.EXEMPT)
    news = duties.duty_add(actor=cell.secretary, organization=cell, name="Thông tin thời sự")
    created = duties.duties_plan(
        actor=cell.secretary, organization=cell, through=D(2027, 6, 30), today=D(2027, 1, 1)
    )
    assert created == 6
    turns = [
        t.member.full_name
        for t in DutyTurn.objects.filter(duty=news).order_by("meeting__day").select_related("member")
    ]
    # Roster order by given name: An, Bình, Cúc (exempt, skipped), Dũng.
    assert turns == [
        "Trần Thị An",
        "Lê Văn Bình",
        "Ngô Văn Dũng",
        "Trần Thị An",
        "Lê Văn Bình",
        "Ngô Văn Dũng",
    ]
    # Planning again adds nothing; planning further continues after the last one.
    assert (
        duties.duties_plan(
            actor=cell.secretary, organization=cell, through=D(2027, 6, 30), today=D(2027, 1, 1)
        )
        == 0
    )
    duties.duties_plan(actor=cell.secretary, organization=cell, through=D(2027, 7, 31), today=D(2027, 1, 1))
    assert (
        DutyTurn.objects.filter(duty=news).order_by("-meeting__day").first().member.full_name == "Trần Thị An"
    )


def test_duty_names_are_unique_and_required(cell):
    duties.duty_add(actor=cell.secretary, organization=cell, name="Thu đảng phí")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Chi bộ đã có nhiệm vụ “thu đảng phí”."):
        duties.duty_add(actor=cell.secretary, organization=cell, name="thu đảng phí")
    with pytest.raises(ValidationError, match="Hãy nhập tên nhiệm vụ."):
        duties.duty_add(actor=cell.secretary, organization=cell, name=" ")


def test_pages_and_scope(cell, tree, make_user, login):
    client = login(cell.secretary)
    url = reverse("meetings:duties", args=[cell.pk])
    client.post(url, {"mac_dinh": "1"})
    client.post(url, {"lap": "1", "through": "2027-12-31"})
    page = client.get(url).content.decode()
    assert "Thông tin thời sự" in page and "Đọc chuyện kể về Bác" in page and "Thu đảng phí" in page
    member = Member.objects.get(full_name="Lê Văn Bình")
    user = make_user("binh", role=R.MEMBER, organization=cell)
    Member.objects.filter(pk=member.pk).update(user=user)
    mine = login(user).get(reverse("meetings:my_turns")).content.decode()
    assert "Thông tin thời sự" in mine
    sibling = login(make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"]))
    assert sibling.get(url).status_code == 404
    assert sibling.post(url, {"them": "1", "name": "X"}).status_code == 404
