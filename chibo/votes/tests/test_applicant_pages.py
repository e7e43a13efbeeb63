"""The page of the cell's people considered for admission: the cell adds them, the committee above records the
decision after the cell's vote; refused to a sibling cell and to a plain member; a fixed number of queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chibo.members import applicants
from chibo.members.models import Applicant, Member
from chibo.organizations.models import Grant

D = datetime.date
R = Grant.Role
PERSON = {
    "full_name": "Ngô Thanh Tâm",
    "citizen_id": "002098000001",
    "sex": "female",
    "born_on": "1998-05-01",
}


def _url(cell):
    return reverse("members:applicants", args=[cell.pk])


def test_the_cell_adds_a_person_and_a_wrong_field_is_named(cell, login):
    client = login(cell.secretary)
    page = client.post(_url(cell), {**PERSON, "citizen_id": "12345"}).content.decode()
    assert "Số CCCD phải gồm đúng 12 chữ số." in page and 'value="Ngô Thanh Tâm"' in page
    assert not Applicant.objects.exists()
    response = client.post(_url(cell), PERSON, follow=True)
    assert "Đã thêm vào danh sách người vào Đảng." in response.content.decode()
    applicant = Applicant.objects.get()
    assert (applicant.full_name, applicant.born_on, applicant.state) == (
        "Ngô Thanh Tâm",
        D(1998, 5, 1),
        "considered",
    )
    assert "Đang xem xét" in response.content.decode()


def test_the_committee_records_the_decision_on_the_page(cell, tree, make_user, login):
    applicant = applicants.applicant_create(
        actor=cell.secretary,
        organization=cell,
        citizen_id="002098000001",
        full_name="Ngô Thanh Tâm",
        sex="female",
        born_on=D(1998, 5, 1),
    )
    applicants.applicant_voted(
        actor=cell.secretary, applicant=applicant, passed=True, basis="Biểu quyết số 1"
    )
    secretary_page = login(cell.secretary).get(_url(cell)).content.decode()
    assert "Ghi quyết định kết nạp" not in secretary_page  # the cell does not decide
    committee = make_user("dangbo", role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ VKSND"])
    client = login(committee)
    form = {"action": "admit", "applicant": applicant.pk, "decision": "", "decided_on": "2026-12-20"}
    page = client.post(_url(cell), form).content.decode()
    assert "Hãy nhập số quyết định kết nạp." in page
    response = client.post(_url(cell), {**form, "decision": "Quyết định số 12-QĐ/ĐU"}, follow=True)
    assert "Đã kết nạp Ngô Thanh Tâm: đảng viên dự bị của chi bộ." in response.content.decode()
    member = Member.objects.get(citizen_id="002098000001")
    assert (member.status, member.admitted_on) == ("probationary", D(2026, 12, 20))


def test_the_page_is_refused_to_a_sibling_and_not_written_by_a_member(cell, login):
    applicant = applicants.applicant_create(
        actor=cell.secretary,
        organization=cell,
        citizen_id="002098000001",
        full_name="Ngô Thanh Tâm",
        sex="female",
        born_on=D(1998, 5, 1),
    )
    applicants.applicant_voted(
        actor=cell.secretary, applicant=applicant, passed=True, basis="Biểu quyết số 1"
    )
    sibling = login(cell.sibling)
    assert sibling.get(_url(cell)).status_code == 404
    assert sibling.post(_url(cell), {**PERSON, "citizen_id": "002098000002"}).status_code == 404
    admit = {"action": "admit", "applicant": applicant.pk, "decision": "QĐ 1", "decided_on": "2026-12-20"}
    assert sibling.post(_url(cell), admit).status_code == 404
    assert login(cell.secretary).post(_url(cell), admit).status_code == 404  # the cell does not decide
    member = cell.people[0]
    Grant.objects.create(user=member.user, role=R.MEMBER, organization=cell)
    assert login(member.user).get(_url(cell)).status_code == 404  # the list is part of the register
    assert Applicant.objects.count() == 1 and not Member.objects.filter(citizen_id="002098000001").exists()


def test_the_page_runs_a_fixed_number_of_queries(cell, login):
    client = login(cell.secretary)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(cell)).status_code == 200
        return len(ctx.captured_queries)

    applicants.applicant_create(
        actor=cell.secretary,
        organization=cell,
        citizen_id="002098000001",
        full_name="A",
        sex="male",
        born_on=D(1990, 1, 1),
    )
    small = count()
    for i in range(2, 12):
        applicants.applicant_create(
            actor=cell.secretary,
            organization=cell,
            citizen_id=f"0020980000{i:02d}",
            full_name=f"Người {i}",
            sex="male",
            born_on=D(1990, 1, 1),
        )
    assert count() == small
