"""Calendar feeds (.ics) behind private links, for a member and for a cell."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from chibo.meetings import notices, services
from chibo.meetings.models import FeedToken, Meeting
from chibo.members import services as member_services
from chibo.members.models import Member
from chibo.organizations.models import Grant

D = datetime.date
R = Grant.Role
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _member(actor, cell, n, name, user):
    member = member_services.member_create(
        actor=actor,
        organization=cell,
        citizen_id=f"{n:012d}",
        full_name=name,
        sex="male",
        born_on=D(1980, 1, 1),
        admitted_on=D(2005, 1, 1),
        status="full",
    )
    Member.objects.filter(pk=member.pk).update(user=user)
    return Member.objects.get(pk=member.pk)


@pytest.fixture
def cell(tree, make_user):
    """Chi bộ Văn phòng with a member who is also temporarily active in Chi bộ Hình sự in May and June, and
    meetings in both cells and in a cell of another branch."""
    cell = tree["Chi bộ Văn phòng"]
    cell.secretary = make_user("bithu", role=R.CELL_OFFICER, organization=cell)
    cell.user = make_user("dangvien", role=R.MEMBER, organization=cell)
    cell.member = _member(cell.secretary, cell, 1, "Trần Văn An", cell.user)
    sibling = tree["Chi bộ Hình sự"]
    sibling_secretary = make_user(role=R.CELL_OFFICER, organization=sibling)
    cell.sibling_secretary = sibling_secretary
    today = timezone.localdate()
    cell.base = D(today.year, today.month, 1) + datetime.timedelta(days=40)  # a day in the months ahead
    month = cell.base.replace(day=1)
    cell.own_meetings = [
        services.meeting_create(
            actor=cell.secretary,
            organization=cell,
            day=month + datetime.timedelta(days=31 * i + 2),
            time=datetime.time(14),
            kind=Meeting.Kind.REGULAR,
            place="Phòng họp số 1",
        )
        for i in range(3)
    ]
    combined = cell.own_meetings[1]
    Meeting.objects.filter(pk=combined.pk).update(kind=Meeting.Kind.COMBINED)
    Meeting.objects.filter(pk=cell.own_meetings[2].pk).update(status=Meeting.Status.CANCELLED)
    stay_from, stay_to = month + datetime.timedelta(days=20), month + datetime.timedelta(days=50)
    cell.guest_meetings = [
        services.meeting_create(
            actor=sibling_secretary, organization=sibling, day=day, time=datetime.time(8, 30)
        )
        for day in (stay_from - datetime.timedelta(days=5), stay_from + datetime.timedelta(days=5))
    ]
    member_services.member_temporary_membership(
        actor=cell.secretary, member=cell.member, at=sibling, starts_on=stay_from, ends_on=stay_to
    )
    other = tree["Chi bộ Công ty Điện"]
    services.meeting_create(
        actor=make_user(role=R.CELL_OFFICER, organization=other),
        organization=other,
        day=month + datetime.timedelta(days=3),
        time=datetime.time(9),
    )
    return cell


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_a_members_feed_has_their_cells_meetings_and_those_of_their_temporary_stay(cell):
    token = notices.feed_token_create(actor=cell.user)
    anonymous = Client()  # phone calendars cannot log in
    calendar, events = _parse(anonymous.get(reverse("meetings:feed", args=[token.token])))
    own = [f"meeting-{m.pk}@chibo" for m in cell.own_meetings]
    inside_stay = f"meeting-{cell.guest_meetings[1].pk}@chibo"
    assert sorted(events) == sorted([*own, inside_stay])  # not the guest cell's meeting before the stay
    assert str(calendar["X-WR-CALNAME"]) == "Lịch sinh hoạt của đồng chí Trần Văn An"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Ho_Chi_Minh"

    regular, combined, cancelled = (events[uid] for uid in own)
    start = regular.decoded("DTSTART")
    assert start == datetime.datetime.combine(cell.own_meetings[0].day, datetime.time(14), tzinfo=HCM)
    assert str(start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert regular["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert regular.decoded("DTEND") - start == datetime.timedelta(minutes=90)  # the rule set's minimum
    assert combined.decoded("DTEND") - combined.decoded("DTSTART") == datetime.timedelta(minutes=120)
    assert str(regular["SUMMARY"]) == "Sinh hoạt chi bộ – Chi bộ Văn phòng"
    assert str(regular["LOCATION"]) == "Phòng họp số 1"
    assert str(regular["STATUS"]) == "CONFIRMED"
    assert str(cancelled["STATUS"]) == "CANCELLED"
    guest = events[inside_stay]
    assert str(guest["SUMMARY"]) == "Sinh hoạt chi bộ – Chi bộ Hình sự"
    assert guest.decoded("DTSTART").time() == datetime.time(8, 30)
    # The UID of a meeting does not change from one fetch to the next, even when the meeting moves.
    Meeting.objects.filter(pk=cell.own_meetings[0].pk).update(time=datetime.time(15))
    _, again = _parse(anonymous.get(reverse("meetings:feed", args=[token.token])))
    assert again.keys() == events.keys()
    assert again[own[0]].decoded("DTSTART").time() == datetime.time(15)


def test_a_cells_feed_has_only_that_cells_meetings(cell):
    token = notices.feed_token_create(actor=cell.secretary, organization=cell)
    calendar, events = _parse(Client().get(reverse("meetings:feed", args=[token.token])))
    assert sorted(events) == sorted(f"meeting-{m.pk}@chibo" for m in cell.own_meetings)
    assert str(calendar["X-WR-CALNAME"]) == "Sinh hoạt chi bộ – Chi bộ Văn phòng"


def test_revoked_and_unknown_tokens_answer_404(cell):
    token = notices.feed_token_create(actor=cell.user)
    url = reverse("meetings:feed", args=[token.token])
    assert Client().get(url).status_code == 200
    notices.feed_token_revoke(actor=cell.user, token=token)
    assert Client().get(url).status_code == 404
    assert Client().get(reverse("meetings:feed", args=["x" * 43])).status_code == 404
    assert Client().get("/sinh-hoat/lich/ngan.ics").status_code == 404
    # A closed account's links stop working too.
    live = notices.feed_token_create(actor=cell.user)
    type(cell.user).objects.filter(pk=cell.user.pk).update(is_active=False)
    assert Client().get(reverse("meetings:feed", args=[live.token])).status_code == 404


def test_the_feed_runs_a_fixed_number_of_queries(cell):
    token = notices.feed_token_create(actor=cell.user)
    url = reverse("meetings:feed", args=[token.token])
    client = Client()

    def count():
        with CaptureQueriesContext(connection) as queries:
            _, events = _parse(client.get(url))
        return len(queries), len(events)

    few, n_few = count()
    start = cell.own_meetings[-1].day
    for i in range(1, 25):
        services.meeting_create(
            actor=cell.secretary,
            organization=cell,
            day=start + datetime.timedelta(days=7 * i),
            time=datetime.time(14),
        )
    many, n_many = count()
    assert (n_few, n_many) == (4, 28)
    assert few == many <= 4


def test_the_links_page_creates_and_revokes_a_private_link(cell, login):
    client = login(cell.user)
    url = reverse("meetings:feed_links")
    assert "Chưa có liên kết lịch nào." in client.get(url).content.decode()
    response = client.post(url, {"tao": "1"}, follow=True)
    token = FeedToken.objects.get(user=cell.user)
    assert len(token.token) >= 43
    page = response.content.decode()
    assert "Đã tạo liên kết lịch riêng mới." in page
    assert f"http://testserver/sinh-hoat/lich/{token.token}.ics" in page
    assert f"webcal://testserver/sinh-hoat/lich/{token.token}.ics" in page
    response = client.post(url, {"thu_hoi": token.pk}, follow=True)
    assert "Đã thu hồi liên kết" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.token not in response.content.decode()


def test_nobody_revokes_or_sees_someone_elses_link(cell, make_user, login):
    token = notices.feed_token_create(actor=cell.user)
    cell_token = notices.feed_token_create(actor=cell.secretary, organization=cell)
    client = login(cell.sibling_secretary)
    page = client.get(reverse("meetings:feed_links")).content.decode()
    assert token.token not in page and cell_token.token not in page
    assert client.post(reverse("meetings:feed_links"), {"thu_hoi": token.pk}).status_code == 404
    assert client.get(reverse("meetings:cell_feed_links", args=[cell.pk])).status_code == 404
    assert client.post(reverse("meetings:cell_feed_links", args=[cell.pk]), {"tao": "1"}).status_code == 404
    response = client.post(reverse("meetings:cell_feed_links", args=[cell.pk]), {"thu_hoi": cell_token.pk})
    assert response.status_code == 404
    assert FeedToken.objects.filter(revoked_at__isnull=True).count() == 2
    assert FeedToken.objects.filter(organization=cell).count() == 1


def test_a_cell_officer_manages_the_cells_links(cell, login, tree, make_user):
    client = login(cell.secretary)
    url = reverse("meetings:cell_feed_links", args=[cell.pk])
    response = client.post(url, {"tao": "1"}, follow=True)
    token = FeedToken.objects.get(organization=cell)
    assert token.token in response.content.decode()
    # A member of the cell does not manage the cell's links; a committee has no meetings calendar of its own.
    assert login(cell.user).get(url).status_code == 404
    committee = tree["Đảng bộ VKSND"]
    client = login(make_user(role=R.COMMITTEE_OFFICER, organization=committee))
    assert client.get(url).status_code == 200  # the cell under the committee
    assert client.get(reverse("meetings:cell_feed_links", args=[committee.pk])).status_code == 404


def test_an_account_without_a_member_record_gets_a_clear_message(make_user, login):
    client = login(make_user())
    response = client.post(reverse("meetings:feed_links"), {"tao": "1"}, follow=True)
    assert (
        "Tài khoản của đồng chí chưa gắn với hồ sơ đảng viên nên chưa có lịch riêng."
        in response.content.decode()
    )
    assert not FeedToken.objects.exists()
