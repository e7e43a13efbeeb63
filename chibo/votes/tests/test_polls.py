"""Polls end to end: a secret poll at a meeting (base from the attendance and the rule set), ballots that name no
voter and say nothing of the order of voters, who voted shown from three, results only after closing, counted
totals that must reconcile; the gate."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from chibo.core.models import AuditEntry
from chibo.meetings import services as meeting_services
from chibo.meetings.models import Attendance, Meeting
from chibo.members import applicants
from chibo.members import services as member_services
from chibo.members.models import Member
from chibo.organizations.models import Grant
from chibo.votes import services
from chibo.votes.models import Ballot, Participation, Poll

D = datetime.date
R = Grant.Role
NAMES = ["Nguyễn Thị Mai", "Trần Văn Bình", "Lê Thu Hà", "Phạm Quốc Hùng", "Vũ Thị Lan", "Đỗ Văn Nam"]


@pytest.fixture
def cell(tree, make_user):
    cell = tree["Chi bộ Văn phòng"]
    cell.secretary = make_user("bithu", role=R.CELL_OFFICER, organization=cell)
    cell.people = []
    for i, name in enumerate(NAMES, start=1):
        member = member_services.member_create(
            actor=cell.secretary,
            organization=cell,
            citizen_id=f"00208500000{i}",
            full_name=name,
            sex="female",
            born_on=D(1985, 1, 1),
            admitted_on=D(2010, 1, 1),
            status="full",
        )
        member.user = make_user(f"dv{i}")
        member.save(update_fields=["user"])
        cell.people.append(member)
    probationary = member_services.member_create(
        actor=cell.secretary,
        organization=cell,
        citizen_id="002085000099",
        full_name="Hoàng Dự Bị",
        sex="male",
        born_on=D(2000, 1, 1),
        admitted_on=D(2026, 3, 1),
        status="probationary",
    )
    probationary.user = make_user("dubi")
    probationary.save(update_fields=["user"])
    cell.probationary = probationary
    cell.sibling = make_user("bithu_hs", role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"])
    return cell


def _meeting(cell, absent_excused=None):
    meeting = meeting_services.meeting_create(
        actor=cell.secretary,
        organization=cell,
        day=D(2026, 12, 3),
        time=datetime.time(14),
        kind=Meeting.Kind.REGULAR,
    )
    meeting = meeting_services.meeting_start(
        actor=cell.secretary, meeting=meeting, at=timezone.make_aware(datetime.datetime(2026, 12, 3, 14))
    )
    if absent_excused is not None:
        Attendance.objects.filter(meeting=meeting, member=absent_excused).update(
            presence=Attendance.Presence.EXCUSED, reason="Đi công tác", reason_approved=True
        )
    return meeting


def _secret(cell, meeting=None, purpose="resolution", **more):
    poll = services.poll_create(
        actor=cell.secretary,
        organization=cell,
        title="Thông qua nghị quyết tháng 12/2026",
        purpose=purpose,
        kind="secret",
        day=D(2026, 12, 3),
        meeting=meeting,
        **more,
    )
    return services.poll_open(actor=cell.secretary, poll=poll)


def test_a_secret_poll_at_the_meeting_from_opening_to_the_result(cell):
    meeting = _meeting(cell, absent_excused=cell.people[5])
    poll = _secret(cell, meeting)
    # Five full members present vote; the one absent with an approved reason is out of the base (QĐ 24 §9.3.2);
    # the probationary member does not vote.
    assert (poll.voters.count(), poll.base) == (5, 5)
    with pytest.raises(ValidationError, match="không có trong danh sách biểu quyết"):
        services.vote(actor=cell.probationary.user, poll=poll, answer="yes")
    for member, answer in zip(cell.people[:3], ["yes", "yes", "no"], strict=True):
        services.vote(actor=member.user, poll=poll, answer=answer)
    with pytest.raises(ValidationError, match="Đồng chí đã bỏ phiếu"):
        services.vote(actor=cell.people[0].user, poll=poll, answer="no")
    assert services.result(poll) is None  # not readable while open
    services.vote(actor=cell.people[3].user, poll=poll, answer="abstain")
    services.poll_close(actor=cell.secretary, poll=poll)
    with pytest.raises(ValidationError, match="Biểu quyết đã kết thúc"):
        services.vote(actor=cell.people[4].user, poll=poll, answer="yes")
    outcome = services.result(Poll.objects.get(pk=poll.pk))
    assert (outcome.yes, outcome.no, outcome.abstain, outcome.base, outcome.passed) == (2, 1, 1, 5, False)
    assert outcome.words.startswith("2/5 đảng viên trong tổng số được triệu tập")
    assert outcome.words.endswith("cần quá 1/2 (3): KHÔNG THÔNG QUA.")


def test_admission_counts_all_the_cell_s_full_members(cell):
    applicant = applicants.applicant_create(
        actor=cell.secretary,
        organization=cell,
        citizen_id="002098000001",
        full_name="Ngô Thanh Tâm",
        sex="female",
        born_on=D(1998, 5, 1),
    )
    poll = _secret(cell, purpose="admission", applicant=applicant)
    assert poll.base == 6 and poll.rule["comparison"] == "at_least"
    for member in cell.people[:4]:
        services.vote(actor=member.user, poll=poll, answer="yes")
    services.poll_close(actor=cell.secretary, poll=poll)
    outcome = services.result(Poll.objects.get(pk=poll.pk))
    assert outcome.passed and outcome.needed == 4  # exactly 2/3 of 6


def test_nothing_links_a_ballot_to_its_voter(cell):
    poll = _secret(cell)
    order = cell.people[:]
    for member in order:
        services.vote(actor=member.user, poll=poll, answer="yes" if member.full_name != "Lê Thu Hà" else "no")
    services.poll_close(actor=cell.secretary, poll=poll)
    ballot_fields = {f.name for f in Ballot._meta.get_fields()}
    assert ballot_fields == {"id", "poll", "answer", "choices"}  # no voter, no time
    participation_fields = {f.name for f in Participation._meta.get_fields()}
    assert participation_fields == {"id", "poll", "member"}  # no time, no ballot
    ballots = [str(b) for b in Ballot.objects.filter(poll=poll).values_list("id", flat=True)]
    # The audit log holds no ballot, no answer, no vote at all.
    for entry in AuditEntry.objects.all():
        text = f"{entry.action} {entry.changes}"
        assert "vote" not in entry.action
        assert not any(b in text for b in ballots)
    # Ballots listed (by their random identifiers) come in no relation to the order of voting.
    listed = list(Ballot.objects.filter(poll=poll).values_list("answer", flat=True))
    assert sorted(listed) == sorted(["yes"] * 5 + ["no"])
    # Voting order 6 voters; the identifiers are random, so the listed order differs from insertion order in all
    # but one of 720 orders: check the identifiers carry no sequence.
    ids = list(Ballot.objects.filter(poll=poll).values_list("id", flat=True))
    assert all(i.version == 4 for i in ids)


def test_a_ballot_cannot_be_changed_or_deleted(cell):
    poll = _secret(cell)
    services.vote(actor=cell.people[0].user, poll=poll, answer="yes")
    ballot = Ballot.objects.get()
    with pytest.raises(ValueError, match="không được sửa"):
        ballot.save()
    with pytest.raises(ValueError, match="không được xóa"):
        ballot.delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE votes_ballot SET answer = 'no'")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM votes_ballot")
    assert Ballot.objects.get().answer == "yes"


def test_who_has_voted_shows_from_three_and_results_only_after_closing(cell, login):
    poll = _secret(cell)
    client = login(cell.secretary)
    url = reverse("votes:detail", args=[poll.pk])
    for i, member in enumerate(cell.people[:3], start=1):
        services.vote(actor=member.user, poll=poll, answer="yes")
        page = client.get(url).content.decode()
        assert f"Đã bỏ phiếu: {i}/6" in page
        assert ("Nguyễn Thị Mai" in page) == (i >= 3)
        assert "Kết quả chỉ xem được sau khi biểu quyết kết thúc." in page
    client.post(url, {"action": "close"})
    page = client.get(url).content.decode()
    assert "3/6 đảng viên trong tổng số được triệu tập" in page and "THÔNG QUA" in page


def test_a_member_votes_on_the_phone_page(cell, login):
    poll = _secret(cell)
    client = login(cell.people[0].user)
    assert "Thông qua nghị quyết tháng 12/2026" in client.get(reverse("votes:mine")).content.decode()
    bad = client.post(reverse("votes:vote", args=[poll.pk]), {})
    assert "Hãy chọn tán thành, không tán thành hoặc không biểu quyết." in bad.content.decode()
    assert client.post(reverse("votes:vote", args=[poll.pk]), {"answer": "yes"}).status_code == 302
    assert "Đồng chí đã bỏ phiếu." in client.get(reverse("votes:detail", args=[poll.pk])).content.decode()
    assert Ballot.objects.count() == 1 and Participation.objects.get().member == cell.people[0]


def test_counted_totals_must_reconcile(cell):
    poll = services.poll_create(
        actor=cell.secretary,
        organization=cell,
        title="Phiếu giấy",
        purpose="resolution",
        kind="paper",
        day=D(2026, 12, 3),
    )
    services.poll_open(actor=cell.secretary, poll=poll)
    with pytest.raises(ValidationError) as caught:
        services.totals_enter(
            actor=cell.secretary,
            poll=poll,
            totals={"issued": 6, "returned": 6, "valid": 5, "invalid": 0, "yes": 4, "no": 0, "abstain": 0},
        )
    assert caught.value.messages == [
        "Phiếu hợp lệ (5) và không hợp lệ (0) phải bằng số phiếu thu vào (6).",
        "Tán thành, không tán thành và không biểu quyết (4) phải bằng số phiếu hợp lệ (5).",
    ]
    with pytest.raises(ValidationError, match="Hãy nhập số đếm"):
        services.poll_close(actor=cell.secretary, poll=poll)
    services.totals_enter(
        actor=cell.secretary,
        poll=poll,
        totals={"issued": 6, "returned": 6, "valid": 5, "invalid": 1, "yes": 4, "no": 1, "abstain": 0},
    )
    services.poll_close(actor=cell.secretary, poll=poll)
    assert services.result(Poll.objects.get(pk=poll.pk)).passed  # 4 of 6 > half


def test_an_election_checks_the_surplus_and_elects_over_half(cell):
    with pytest.raises(ValidationError) as caught:
        services.poll_create(
            actor=cell.secretary,
            organization=cell,
            title="Bầu chi ủy",
            purpose="election",
            kind="secret",
            day=D(2026, 12, 3),
            seats=2,
            candidates=["A", "B", "C"],
        )
    assert caught.value.message_dict["candidates"] == [
        "Danh sách có 3 người cho 2 chỗ: số dư phải từ 0 đến 30 % số được bầu."
    ]
    poll = _secret(
        cell,
        purpose="election",
        seats=4,
        candidates=["Nguyễn Thị Mai", "Trần Văn Bình", "Lê Thu Hà", "Vũ Thị Lan", "Đỗ Văn Nam"],
    )
    ids = list(poll.candidates.values_list("id", flat=True))
    with pytest.raises(ValidationError, match="Chỉ được chọn tối đa 4 người"):
        services.vote(actor=cell.people[0].user, poll=poll, choices=ids)
    for member in cell.people:
        services.vote(
            actor=member.user, poll=poll, choices=ids[:2] + ([ids[3]] if member.pk % 2 else [ids[2]])
        )
    services.poll_close(actor=cell.secretary, poll=poll)
    won = services.result(Poll.objects.get(pk=poll.pk))
    assert set(won.elected) == {ids[0], ids[1]}  # 6 of 6; the two others at 3 of 6 are not over half
    assert won.votes[ids[2]] == 3 and won.votes[ids[3]] == 3 and ids[4] not in won.votes


def test_vote_pages_are_refused_to_a_sibling(cell, login):
    poll = _secret(cell)
    client = login(cell.sibling)
    for url in (
        reverse("votes:cell", args=[cell.pk]),
        reverse("votes:detail", args=[poll.pk]),
        reverse("votes:vote", args=[poll.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("votes:detail", args=[poll.pk]), {"action": "close"}).status_code == 404
    assert (
        client.post(
            reverse("votes:cell", args=[cell.pk]), {"title": "x", "purpose": "resolution", "kind": "secret"}
        ).status_code
        == 404
    )
    # A plain member cannot close the poll.
    assert (
        login(cell.people[1].user)
        .post(reverse("votes:detail", args=[poll.pk]), {"action": "close"})
        .status_code
        == 404
    )
    assert Poll.objects.get(pk=poll.pk).status == "open" and Poll.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent connections: PostgreSQL")
def test_two_simultaneous_votes_of_one_member_count_once(cell, shipped_rule_sets):
    poll = _secret(cell)
    member = cell.people[0]
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def cast():
        from django.db import connection as own

        barrier.wait()
        try:
            services.vote(actor=member.user, poll=poll, answer="yes")
            outcomes.append("ok")
        except (ValidationError, IntegrityError) as exc:
            outcomes.append(type(exc).__name__)
        finally:
            own.close()

    threads = [threading.Thread(target=cast) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and len(outcomes) == 4
    assert Ballot.objects.filter(poll=poll).count() == 1 == Participation.objects.filter(poll=poll).count()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent connections: PostgreSQL")
def test_closing_while_votes_arrive_loses_none(cell, shipped_rule_sets):
    poll = _secret(cell)
    barrier = threading.Barrier(len(cell.people) + 1)
    accepted: list[int] = []

    def cast(member):
        from django.db import connection as own

        barrier.wait()
        try:
            services.vote(actor=member.user, poll=poll, answer="yes")
            accepted.append(member.pk)
        except ValidationError:
            pass
        finally:
            own.close()

    def close():
        from django.db import connection as own

        barrier.wait()
        services.poll_close(actor=cell.secretary, poll=poll)
        own.close()

    threads = [threading.Thread(target=cast, args=(m,)) for m in cell.people] + [
        threading.Thread(target=close)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Every vote the system accepted is counted; every other was told the poll had closed.
    assert (
        Ballot.objects.filter(poll=poll).count()
        == len(accepted)
        == Participation.objects.filter(poll=poll).count()
    )
    assert services.result(Poll.objects.get(pk=poll.pk)).yes == len(accepted)


def test_a_published_resolution_goes_into_the_minutes(cell):
    meeting = _meeting(cell)
    poll = _secret(cell, meeting)
    for member in cell.people[:4]:
        services.vote(actor=member.user, poll=poll, answer="yes")
    services.poll_close(actor=cell.secretary, poll=poll)
    services.poll_publish(actor=cell.secretary, poll=poll)
    from chibo.meetings.models import Minutes

    content = Minutes.objects.get(meeting=meeting).content
    assert content["vote"] == {"yes": 4, "no": 0, "abstain": 0}
    assert content["resolution"].endswith(
        "Kết quả biểu quyết “Thông qua nghị quyết tháng 12/2026”: 4/6 đảng viên trong tổng số được triệu tập "
        "(trừ các trường hợp không tính) tán thành (66,67 %), 0 không tán thành, 0 không biểu quyết; cần quá 1/2 "
        "(4): THÔNG QUA."
    )


def test_a_passed_recognition_is_recorded_in_the_register(cell):
    poll = _secret(cell, purpose="recognition", subject=cell.probationary)
    for member in cell.people[:4]:
        services.vote(actor=member.user, poll=poll, answer="yes")
    services.poll_close(actor=cell.secretary, poll=poll)
    services.poll_publish(actor=cell.secretary, poll=poll)
    subject = Member.objects.get(pk=cell.probationary.pk)
    assert (subject.status, subject.full_on) == ("full", D(2026, 12, 3))
    change = subject.status_changes.get(status="full")
    assert change.decision.startswith(f"Biểu quyết số {poll.pk} ngày 03/12/2026: 4/6 đảng viên chính thức")


def test_the_form_names_the_field_and_creates_nothing(cell, login):
    client = login(cell.secretary)
    url = reverse("votes:cell", args=[cell.pk])
    page = client.get(url).content.decode()
    assert "Tạo biểu quyết" in page
    response = client.post(url, {"title": " ", "purpose": "election", "kind": "hands", "seats": "0"})
    body = response.content.decode()
    assert "Hãy ghi nội dung biểu quyết." in body
    assert "Hãy ghi số người được bầu." in body
    assert "Bầu cử và bình xét thi đua phải bỏ phiếu kín." in body
    assert not Poll.objects.exists()


def test_vote_pages_run_a_fixed_number_of_queries(cell, login):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    poll = _secret(cell)
    for member in cell.people[:3]:
        services.vote(actor=member.user, poll=poll, answer="yes")
    client = login(cell.secretary)
    urls = [reverse("votes:cell", args=[cell.pk]), reverse("votes:detail", args=[poll.pk])]

    def count():
        numbers = []
        for url in urls:
            with CaptureQueriesContext(db) as ctx:
                assert client.get(url).status_code == 200
            numbers.append(len(ctx.captured_queries))
        return numbers

    small = count()
    for i in range(15):
        more = member_services.member_create(
            actor=cell.secretary,
            organization=cell,
            citizen_id=f"0060850000{i:02d}",
            full_name=f"Phạm Văn {i}",
            sex="male",
            born_on=D(1980, 1, 1),
            admitted_on=D(2005, 1, 1),
            status="full",
        )
        from chibo.votes.models import Voter

        Voter.objects.create(poll=poll, member=more)
        Participation.objects.create(poll=poll, member=more)
        Ballot.objects.create(poll=poll, answer="no")
        services.poll_create(
            actor=cell.secretary,
            organization=cell,
            title=f"Biểu quyết {i}",
            purpose="resolution",
            kind="hands",
            day=D(2026, 12, 3),
        )
    assert count() == small
