"""What votes change and the questions besides yes / no: an admission vote proposes the applicant and the
committee's decision enters them in the register; an election fills the committee seats of the new term; a list
approved as a whole; paper elections counted per candidate; a nomination by a council; the quorum warning."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chibo.meetings.models import Attendance, Minutes
from chibo.members import applicants
from chibo.members.models import Applicant, Member
from chibo.organizations import services as organization_services
from chibo.organizations.access import grants_of
from chibo.organizations.models import Grant, Seat
from chibo.votes import services
from chibo.votes.models import Poll
from chibo.votes.tests.test_polls import _meeting

D = datetime.date
R = Grant.Role


def _poll(cell, **fields):
    values = {
        "actor": cell.secretary,
        "organization": cell,
        "title": "Biểu quyết",
        "purpose": "resolution",
        "kind": "secret",
        "day": D(2026, 12, 3),
        **fields,
    }
    return services.poll_create(**values)


def _vote_all(cell, poll, answers):
    for member, answer in zip(cell.people, answers, strict=False):
        if isinstance(answer, list):
            services.vote(actor=member.user, poll=poll, choices=answer)
        else:
            services.vote(actor=member.user, poll=poll, answer=answer)


@pytest.fixture
def applicant(cell):
    return applicants.applicant_create(
        actor=cell.secretary,
        organization=cell,
        citizen_id="002098000001",
        full_name="Ngô Thanh Tâm",
        sex="female",
        born_on=D(1998, 5, 1),
        job="Chuyên viên",
    )


def test_a_passed_admission_vote_proposes_and_the_committee_s_decision_enters_the_register(
    cell,
    applicant,
    tree,
    make_user,
):
    poll = services.poll_open(
        actor=cell.secretary, poll=_poll(cell, purpose="admission", applicant=applicant, title="Kết nạp")
    )
    assert poll.base == 6
    _vote_all(cell, poll, ["yes", "yes", "yes", "yes", "no", "abstain"])  # 4 of 6: exactly 2/3
    services.poll_close(actor=cell.secretary, poll=poll)
    services.poll_publish(actor=cell.secretary, poll=poll)
    applicant.refresh_from_db()
    assert applicant.state == Applicant.State.PROPOSED
    assert "4/6 đảng viên chính thức của chi bộ tán thành" in applicant.basis
    assert applicant.basis.endswith("cần ít nhất 2/3 (4): THÔNG QUA.")
    # The cell cannot admit; the committee directly above can.
    with pytest.raises(Exception):  # noqa: B017, PT011 – refused by the gate (404)
        applicants.applicant_admit(
            actor=cell.secretary, applicant=applicant, decision="QĐ 12", decided_on=D(2026, 12, 20)
        )
    committee = make_user("dangbo", role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ VKSND"])
    with pytest.raises(ValidationError) as refused:
        applicants.applicant_admit(
            actor=committee, applicant=applicant, decision=" ", decided_on=D(2026, 12, 20)
        )
    assert refused.value.message_dict["decision"] == ["Hãy nhập số quyết định kết nạp."]
    assert not Member.objects.filter(citizen_id="002098000001").exists()
    member = applicants.applicant_admit(
        actor=committee,
        applicant=applicant,
        decision="Quyết định số 12-QĐ/ĐU ngày 20/12/2026",
        decided_on=D(2026, 12, 20),
    )
    assert (member.status, member.admitted_on, member.organization_id) == (
        "probationary",
        D(2026, 12, 20),
        cell.pk,
    )
    change = member.status_changes.get()
    assert change.decision.startswith("Quyết định số 12-QĐ/ĐU ngày 20/12/2026; Biểu quyết số")
    applicant.refresh_from_db()
    assert (applicant.state, applicant.member_id) == (Applicant.State.ADMITTED, member.pk)


def test_a_failed_admission_vote_does_not_propose(cell, applicant):
    poll = services.poll_open(
        actor=cell.secretary, poll=_poll(cell, purpose="admission", applicant=applicant)
    )
    _vote_all(cell, poll, ["yes", "yes", "yes", "no", "no", "abstain"])  # 3 of 6: below 2/3
    services.poll_close(actor=cell.secretary, poll=poll)
    services.poll_publish(actor=cell.secretary, poll=poll)
    applicant.refresh_from_db()
    assert applicant.state == Applicant.State.NOT_PROPOSED
    assert applicant.basis.endswith("KHÔNG THÔNG QUA.")


def test_admission_is_refused_outside_the_age_and_for_someone_already_a_member(cell):
    young = applicants.applicant_create(
        actor=cell.secretary,
        organization=cell,
        citizen_id="002009000002",
        full_name="Trẻ Quá",
        sex="male",
        born_on=D(2009, 1, 1),
    )
    with pytest.raises(ValidationError) as refused:
        _poll(cell, purpose="admission", applicant=young)
    assert refused.value.message_dict["applicant"] == ["Chưa đủ 18 tuổi vào ngày 03/12/2026."]
    with pytest.raises(ValidationError) as refused:
        applicants.applicant_create(
            actor=cell.secretary,
            organization=cell,
            citizen_id=cell.people[0].citizen_id,
            full_name="Trùng",
            sex="male",
            born_on=D(1990, 1, 1),
        )
    assert refused.value.message_dict["citizen_id"] == [
        f"Số CCCD {cell.people[0].citizen_id} đã có trong sổ đảng viên."
    ]


def test_an_election_fills_the_committee_seats_of_the_new_term(cell, tree, make_user):
    office = make_user("vanphong", role=R.OFFICE_STAFF, organization=tree["Đảng bộ VKSND"])
    old = organization_services.term_create(
        actor=office, organization=cell, name="2020–2025", starts_on=D(2020, 6, 1)
    )
    new = organization_services.term_create(
        actor=office, organization=cell, name="2025–2030", starts_on=D(2026, 12, 3)
    )
    organization_services.seat_assign(
        actor=office,
        organization=cell,
        role=Seat.Role.COMMITTEE_MEMBER,
        holder_name="Đỗ Văn Nam",
        term=old,
        starts_on=D(2020, 6, 1),
    )
    names = [p.full_name for p in cell.people[:3]]
    poll = _poll(cell, purpose="election", seats=3, candidates=names, term=new, title="Bầu chi ủy")
    assert {c.name: c.member_id for c in poll.candidates.all()} == {
        p.full_name: p.pk for p in cell.people[:3]
    }
    poll = services.poll_open(actor=cell.secretary, poll=poll)
    ids = [c.pk for c in poll.candidates.all()]
    # Mai 6, Bình 5, Hà 3 of 6 valid ballots: Hà has exactly half and is not elected.
    _vote_all(cell, poll, [ids, ids, ids, ids[:2], ids[:2], ids[:1]])
    services.poll_close(actor=cell.secretary, poll=poll)
    services.poll_publish(actor=cell.secretary, poll=poll)
    seats = list(Seat.objects.filter(organization=cell, term=new).order_by("id"))
    assert [(s.holder_name, s.role, s.starts_on) for s in seats] == [
        (name, "committee_member", D(2026, 12, 3)) for name in names[:2]
    ]
    assert [s.holder_id for s in seats] == [p.user_id for p in cell.people[:2]]
    assert Seat.objects.get(term=old).ends_on == D(2026, 12, 2)
    # The seat gives its holder the grants of a committee member of the cell.
    assert {g.organization_id for g in grants_of(cell.people[0].user, on=D(2026, 12, 4))} >= {cell.pk}


def test_an_election_term_must_be_the_organization_s_own(cell, tree, make_user):
    office = make_user("vanphong", role=R.OFFICE_STAFF, organization=tree["Đảng bộ VKSND"])
    other = organization_services.term_create(
        actor=office, organization=tree["Chi bộ Hình sự"], name="2025–2030", starts_on=D(2026, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        _poll(cell, purpose="election", seats=1, candidates=["A"], term=other)
    assert refused.value.message_dict["term"] == ["Nhiệm kỳ phải của chính tổ chức đảng bầu cấp ủy."]


def test_a_list_approved_as_a_whole_names_the_list_in_the_minutes(cell):
    meeting = _meeting(cell)
    poll = _poll(
        cell,
        meeting=meeting,
        question="list",
        candidates=["Nguyễn Thị Mai", "Lê Thu Hà", "Vũ Thị Lan"],
        title="Thông qua danh sách Ban kiểm phiếu",
    )
    assert poll.question == Poll.Question.LIST and poll.seats == 0
    poll = services.poll_open(actor=cell.secretary, poll=poll)
    _vote_all(cell, poll, ["yes", "yes", "yes", "yes", "no", "abstain"])
    services.poll_close(actor=cell.secretary, poll=poll)
    outcome = services.result(Poll.objects.get(pk=poll.pk))
    assert outcome.words.startswith(
        "Danh sách 3 người (Nguyễn Thị Mai, Lê Thu Hà, Vũ Thị Lan): 4/6 đảng viên"
    )
    assert outcome.passed
    services.poll_publish(actor=cell.secretary, poll=poll)
    minutes = Minutes.objects.get(meeting=meeting)
    assert "Thông qua danh sách Ban kiểm phiếu" in minutes.content["resolution"]
    assert "Danh sách 3 người (Nguyễn Thị Mai, Lê Thu Hà, Vũ Thị Lan)" in minutes.content["resolution"]


def test_a_list_question_needs_names_and_a_resolution(cell):
    with pytest.raises(ValidationError) as refused:
        _poll(cell, question="list", candidates=[])
    assert refused.value.message_dict["candidates"] == ["Hãy ghi danh sách, mỗi dòng một người."]
    with pytest.raises(ValidationError) as refused:
        _poll(cell, purpose="recognition", subject=cell.probationary, question="list", candidates=["A"])
    assert "question" in refused.value.message_dict


def test_paper_election_counts_per_candidate_reconcile(cell):
    names = ["An", "Bình", "Cường", "Dũng", "Em"]
    poll = _poll(cell, purpose="election", kind="paper", seats=4, candidates=names)
    poll = services.poll_open(actor=cell.secretary, poll=poll)
    ids = [x.pk for x in poll.candidates.all()]
    base = {"issued": "6", "returned": "6", "valid": "5", "invalid": "1"}

    def counted(*numbers):
        return {**base, "candidates": {str(i): str(n) for i, n in zip(ids, numbers, strict=True)}}

    with pytest.raises(ValidationError) as refused:
        services.totals_enter(actor=cell.secretary, poll=poll, totals=counted(6, 1, 0, 0, 0))
    assert refused.value.messages == ["Số phiếu bầu An (6) nhiều hơn số phiếu hợp lệ (5)."]
    with pytest.raises(ValidationError) as refused:
        services.totals_enter(actor=cell.secretary, poll=poll, totals=counted(5, 5, 5, 5, 1))
    assert refused.value.messages == [
        "Tổng số phiếu bầu các người (21) nhiều hơn số phiếu hợp lệ nhân số được chọn (5 × 4)."
    ]
    with pytest.raises(ValidationError) as refused:
        services.totals_enter(
            actor=cell.secretary, poll=poll, totals={**base, "candidates": {str(ids[0]): "x"}}
        )
    assert refused.value.messages == ["Số phiếu bầu An phải là một số."]
    with pytest.raises(ValidationError) as refused:
        services.totals_enter(actor=cell.secretary, poll=poll, totals={**base, "candidates": {"999999": "1"}})
    assert refused.value.messages == ["Có số phiếu của người không có trong danh sách."]
    assert Poll.objects.get(pk=poll.pk).totals == {}
    services.totals_enter(actor=cell.secretary, poll=poll, totals=counted(5, 4, 3, 2, 1))
    services.poll_close(actor=cell.secretary, poll=poll)
    outcome = services.result(Poll.objects.get(pk=poll.pk))
    assert outcome.elected == tuple(ids[:3]) and outcome.votes[ids[3]] == 2  # 2 of 5 is not more than half


def test_paper_election_counts_are_entered_on_the_page(cell, client):
    poll = _poll(cell, purpose="election", kind="paper", seats=2, candidates=["An", "Bình"])
    poll = services.poll_open(actor=cell.secretary, poll=poll)
    a, b = (x.pk for x in poll.candidates.all())
    client.force_login(cell.secretary)
    page = client.get(reverse("votes:detail", args=[poll.pk])).content.decode()
    assert f'name="candidate_{a}"' in page and "Số phiếu bầu An" in page
    form = {"action": "totals", "issued": 6, "returned": 6, "valid": 6, "invalid": 0}
    response = client.post(
        reverse("votes:detail", args=[poll.pk]), {**form, f"candidate_{a}": 7, f"candidate_{b}": 2}
    )
    assert "Số phiếu bầu An (7) nhiều hơn số phiếu hợp lệ (6)." in response.content.decode()
    client.post(reverse("votes:detail", args=[poll.pk]), {**form, f"candidate_{a}": 4, f"candidate_{b}": 2})
    assert Poll.objects.get(pk=poll.pk).totals["candidates"] == {str(a): 4, str(b): 2}


def test_a_nomination_is_voted_by_the_council_with_its_own_base(cell):
    council = cell.people[:5]
    poll = _poll(
        cell,
        purpose="nomination",
        candidates=["Nguyễn Thị Mai", "Trần Văn Bình"],
        council=council,
        title="Bình xét Chiến sĩ thi đua cơ sở năm 2026",
    )
    assert poll.question == Poll.Question.CHOOSE and poll.seats == 2
    poll = services.poll_open(actor=cell.secretary, poll=poll)
    assert (poll.base, poll.voters.count(), poll.rule["base"]) == (5, 5, "voters")
    with pytest.raises(ValidationError, match="không có trong danh sách"):
        services.vote(actor=cell.people[5].user, poll=poll, choices=[])
    mai, binh = (c.pk for c in poll.candidates.all())
    _vote_all(cell, poll, [[mai, binh], [mai, binh], [mai], [mai], []])
    services.poll_close(actor=cell.secretary, poll=poll)
    outcome = services.result(Poll.objects.get(pk=poll.pk))
    assert outcome.elected == (mai,) and outcome.votes == {mai: 4, binh: 2}  # 2 of 5 is not more than half
    with pytest.raises(ValidationError) as refused:
        _poll(cell, purpose="nomination", candidates=["A"], council=[])
    assert "council" in refused.value.message_dict


def test_the_quorum_is_a_warning_on_the_poll_page(cell, client):
    meeting = _meeting(cell)
    Attendance.objects.filter(meeting=meeting, member__in=cell.people[:3]).update(
        presence=Attendance.Presence.UNEXCUSED
    )
    poll = services.poll_open(actor=cell.secretary, poll=_poll(cell, meeting=meeting))
    assert poll.quorum["below"] and (poll.quorum["present"], poll.quorum["expected"]) == (4, 7)
    warning = "Có mặt 4/7 đảng viên phải dự, dưới 2/3: chỉ là cảnh báo, biểu quyết vẫn tiến hành."
    assert services.quorum_warning(poll) == warning
    client.force_login(cell.secretary)
    assert warning in client.get(reverse("votes:detail", args=[poll.pk])).content.decode()
    services.vote(actor=cell.people[3].user, poll=poll, answer="yes")  # not blocked


def test_no_quorum_warning_when_enough_are_present(cell):
    meeting = _meeting(cell)
    Attendance.objects.filter(meeting=meeting, member=cell.people[0]).update(
        presence=Attendance.Presence.UNEXCUSED
    )
    poll = services.poll_open(actor=cell.secretary, poll=_poll(cell, meeting=meeting))
    assert (poll.quorum["present"], poll.quorum["expected"]) == (6, 7)
    assert services.quorum_warning(poll) is None
