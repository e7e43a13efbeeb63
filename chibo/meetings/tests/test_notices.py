"""Notices of meetings (in the app and by email, once, from several servers) and the documents published ahead."""

import collections
import datetime
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection, connections
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chibo.meetings import notices, services
from chibo.meetings.models import CellSettings, Meeting, MeetingDocument, Notice
from chibo.members import services as member_services
from chibo.members.models import Member
from chibo.organizations.models import Grant

D = datetime.date
R = Grant.Role
SITE = "https://chibo.test"
# 3 March 2027 is a Wednesday; with the default 3 days of notice the notices go out on 28 February.
MEETING_DAY = D(2027, 3, 3)


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _member(actor, cell, n, name, *, user=None, status="full"):
    member = member_services.member_create(
        actor=actor,
        organization=cell,
        citizen_id=f"{n:012d}",
        full_name=name,
        sex="female",
        born_on=D(1985, 1, 1),
        admitted_on=D(2010, 1, 1),
        status=status,
    )
    if user is not None:
        Member.objects.filter(pk=member.pk).update(user=user)
        member.user = user
    return member


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def cell(tree, make_user):
    """Chi bộ Văn phòng with five members (three with an email address), a member of a sibling cell temporarily
    active here, and the officers of the supervising committee (Đảng bộ VKSND) who read its mail."""
    cell = tree["Chi bộ Văn phòng"]
    secretary = make_user("bithu", role=R.CELL_OFFICER, organization=cell, email="bithu@chibo.test")
    cell.secretary = secretary
    cell.people = {}
    for n, (name, email) in enumerate(
        [
            ("Trần Thị An", "an@chibo.test"),
            ("Lê Văn Bình", "binh@chibo.test"),
            ("Phạm Thị Cúc", "cuc@chibo.test"),
            ("Ngô Văn Dũng", ""),  # an account with no email: in the app only
            ("Đỗ Thị Én", None),  # no account at all
        ]
    ):
        user = None if email is None else make_user(email=email, role=R.MEMBER, organization=cell)
        cell.people[name] = _member(secretary, cell, n + 1, name, user=user)
    away = _member(secretary, cell, 9, "Vũ Văn Xa", user=make_user(email="xa@chibo.test"))
    sibling = tree["Chi bộ Hình sự"]
    sibling_officer = make_user(role=R.CELL_OFFICER, organization=sibling)
    guest = _member(sibling_officer, sibling, 10, "Hồ Thị Khách", user=make_user(email="khach@chibo.test"))
    member_services.member_temporary_membership(
        actor=sibling_officer, member=guest, at=cell, starts_on=D(2027, 1, 1), ends_on=D(2027, 6, 30)
    )
    member_services.member_temporary_membership(
        actor=secretary, member=away, at=sibling, starts_on=D(2027, 1, 1), ends_on=D(2027, 6, 30)
    )
    cell.people["Hồ Thị Khách"] = guest
    cell.people["Vũ Văn Xa"] = away
    committee = tree["Đảng bộ VKSND"]
    make_user(role=R.COMMITTEE_OFFICER, organization=committee, email="capuy@vksnd.test")
    make_user(role=R.OFFICE_STAFF, organization=committee, email="vanphong@vksnd.test")
    make_user(
        role=R.OFFICE_STAFF, organization=tree["Đảng bộ Khối"], email="khoi@chibo.test"
    )  # not the parent
    return cell


@pytest.fixture
def meeting(cell):
    return services.meeting_create(
        actor=cell.secretary,
        organization=cell,
        day=MEETING_DAY,
        time=datetime.time(14),
        kind=Meeting.Kind.REGULAR,
        place="Hội trường tầng 2",
        title="Sơ kết công tác quý I",
    )


def _send(day, **kwargs):
    return notices.notices_send(now=at(day), base_url=SITE, **kwargs)


def test_notices_wait_for_their_day(meeting):
    report = _send(D(2027, 2, 27))
    assert (report.app, report.email) == (0, 0)
    assert not Notice.objects.exists()
    assert mail.outbox == []


def test_due_notices_reach_members_and_the_supervising_committee_once(meeting, cell, tree):
    report = _send(D(2027, 2, 28))
    app = Notice.objects.filter(meeting=meeting, channel=Notice.Channel.APP)
    # Five own members and the guest; not the member temporarily active elsewhere; and the parent committee.
    assert sorted(n.member.full_name for n in app.filter(member__isnull=False)) == sorted(
        ["Trần Thị An", "Lê Văn Bình", "Phạm Thị Cúc", "Ngô Văn Dũng", "Đỗ Thị Én", "Hồ Thị Khách"]
    )
    assert [n.organization for n in app.filter(organization__isnull=False)] == [tree["Đảng bộ VKSND"]]
    assert {n.due_on for n in Notice.objects.all()} == {D(2027, 2, 28)}
    assert report.app == 7 and report.email == 5 and report.failed == 0
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        [
            "an@chibo.test",
            "binh@chibo.test",
            "cuc@chibo.test",
            "khach@chibo.test",
            "capuy@vksnd.test",
            "vanphong@vksnd.test",
        ]
    )
    committee_mail = next(m for m in mail.outbox if "capuy@vksnd.test" in m.to)
    assert committee_mail.to == ["capuy@vksnd.test", "vanphong@vksnd.test"]
    assert not Notice.objects.filter(sent_at__isnull=True).exists()
    # Every later run (the same day, the next day) sends nothing more.
    assert _send(D(2027, 2, 28)) == notices.SendReport(offered=0, app=0, email=0, failed=0)
    assert _send(D(2027, 3, 1)).email == 0
    assert len(mail.outbox) == 5


def test_the_email_says_when_where_and_what_with_a_link(meeting, cell):
    notices.document_publish(
        actor=cell.secretary, meeting=meeting, title="Dự thảo nghị quyết", text="…", now=at(D(2027, 2, 25))
    )
    _send(D(2027, 2, 28))
    message = next(m for m in mail.outbox if m.to == ["an@chibo.test"])
    assert message.subject == "Thông báo sinh hoạt chi bộ ngày 03/03/2027"
    body = message.body
    assert "Kính gửi đồng chí Trần Thị An," in body
    assert "Chi bộ Văn phòng thông báo lịch sinh hoạt chi bộ như sau:" in body
    assert "- Thời gian: 14:00, thứ Tư, ngày 03/03/2027" in body
    assert "- Địa điểm: Hội trường tầng 2" in body
    assert "- Nội dung: Sinh hoạt thường kỳ: Sơ kết công tác quý I" in body
    document = MeetingDocument.objects.get()
    assert f"+ Dự thảo nghị quyết: {SITE}/sinh-hoat/{meeting.pk}/tai-lieu/{document.pk}/" in body
    assert f"Xem chi tiết: {SITE}/sinh-hoat/thong-bao/#hop-{meeting.pk}" in body
    committee_mail = next(m for m in mail.outbox if "capuy@vksnd.test" in m.to)
    assert "Kính gửi Đảng bộ VKSND," in committee_mail.body
    assert f"Xem chi tiết: {SITE}/sinh-hoat/{meeting.pk}/" in committee_mail.body


def test_the_cell_settings_decide_the_notice_day(meeting, cell):
    CellSettings.objects.create(organization=cell, notice_days=5)
    assert _send(D(2027, 2, 25)).app == 0
    report = _send(D(2027, 2, 26))
    assert report.app == 7
    assert {n.due_on for n in Notice.objects.all()} == {D(2027, 2, 26)}


def test_cancelled_and_past_meetings_get_no_notice(meeting, cell):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    assert _send(D(2027, 2, 28)).app == 0
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PLANNED)
    assert _send(D(2027, 3, 4)).app == 0  # the day has passed
    assert mail.outbox == []


def test_a_claim_held_by_a_live_server_is_respected_and_a_stale_one_taken_over(meeting, cell):
    notices.notices_create(today=D(2027, 2, 28))
    now = at(D(2027, 2, 28))
    an = Notice.objects.get(member=cell.people["Trần Thị An"], channel=Notice.Channel.EMAIL)
    binh = Notice.objects.get(member=cell.people["Lê Văn Bình"], channel=Notice.Channel.EMAIL)
    Notice.objects.filter(pk=an.pk).update(
        claimed_by="may-chu-chet", claimed_at=now - datetime.timedelta(minutes=16)
    )
    Notice.objects.filter(pk=binh.pk).update(
        claimed_by="may-chu-ban", claimed_at=now - datetime.timedelta(minutes=5)
    )
    report = notices.notices_send(now=now, worker="may-chu-moi", base_url=SITE)
    assert report.email == 4
    recipients = [m.to[0] for m in mail.outbox]
    assert "an@chibo.test" in recipients and "binh@chibo.test" not in recipients
    an.refresh_from_db()
    binh.refresh_from_db()
    assert an.sent_at is not None and an.claimed_by == "may-chu-moi"
    assert binh.sent_at is None and binh.claimed_by == "may-chu-ban"


def test_a_failed_email_is_released_and_sent_by_the_next_run(meeting, cell, monkeypatch):
    real_send = mail.EmailMessage.send

    def flaky(self, *args, **kwargs):
        if self.to == ["binh@chibo.test"]:
            raise ConnectionError("máy chủ thư không trả lời")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", flaky)
    report = _send(D(2027, 2, 28))
    assert (report.email, report.failed) == (4, 1)
    row = Notice.objects.get(member=cell.people["Lê Văn Bình"], channel=Notice.Channel.EMAIL)
    assert (row.sent_at, row.claimed_by, row.error) == (None, "", "máy chủ thư không trả lời")
    monkeypatch.setattr(mail.EmailMessage, "send", real_send)
    assert _send(D(2027, 2, 28)).email == 1
    row.refresh_from_db()
    assert row.sent_at is not None and row.error == ""
    assert len(mail.outbox) == 5 and mail.outbox[-1].to == ["binh@chibo.test"]


def test_the_command_sends_and_reports(meeting, cell, capsys, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: at(D(2027, 2, 28)))
    call_command("send-notices", "--dia-chi", SITE)
    assert "Thông báo trong ứng dụng: 7; thư đã gửi: 5; thư lỗi (sẽ gửi lại): 0." in capsys.readouterr().out
    assert len(mail.outbox) == 5


# --- two servers at once -------------------------------------------------------------------------------------

_race: dict = {}


class RacingBackend(EmailBackend):
    """The console's stand-in for a real mail server: slow, and the first message of each server waits until the
    other server is sending too, so that the two really run side by side."""

    def send_messages(self, messages):
        local = _race["local"]
        if not getattr(local, "started", False):
            local.started = True
            _race["both_sending"].wait(timeout=10)
        _race["pause"]()
        return super().send_messages(messages)


@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite serialises writers: the race between servers needs PostgreSQL's concurrent connections.",
)
@pytest.mark.django_db(transaction=True)
def test_two_servers_at_once_send_each_notice_exactly_once(shipped_rule_sets, meeting, cell, settings):
    for hour in (7, 9):  # two more meetings, due the same day
        services.meeting_create(
            actor=cell.secretary, organization=cell, day=MEETING_DAY, time=datetime.time(hour)
        )
    settings.EMAIL_BACKEND = f"{__name__}.RacingBackend"
    start = threading.Barrier(2)
    _race.update(local=threading.local(), both_sending=threading.Barrier(2), pause=lambda: time.sleep(0.01))
    reports, errors = {}, []

    def server(name):
        try:
            start.wait(timeout=10)
            reports[name] = notices.notices_send(now=at(D(2027, 2, 28)), worker=name, base_url=SITE)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=server, args=(name,)) for name in ("may-chu-1", "may-chu-2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    emails = Notice.objects.filter(channel=Notice.Channel.EMAIL)
    assert emails.count() == 3 * 5
    sent = collections.Counter((tuple(m.to), m.body) for m in mail.outbox)
    assert len(mail.outbox) == 15 and set(sent.values()) == {1}
    assert sum(r.email for r in reports.values()) == 15
    assert sum(r.app for r in reports.values()) == 3 * 7
    assert all(r.email > 0 for r in reports.values()), reports  # both servers really sent
    assert set(emails.values_list("claimed_by", flat=True)) == {"may-chu-1", "may-chu-2"}
    assert not Notice.objects.filter(sent_at__isnull=True).exists()


# --- pages ---------------------------------------------------------------------------------------------------


def _notice(meeting, member, when):
    return Notice.objects.create(
        meeting=meeting, member=member, channel=Notice.Channel.APP, due_on=meeting.day, sent_at=when
    )


def test_a_member_sees_only_their_own_notices_with_the_documents(meeting, cell, make_user, login):
    _send(D(2027, 2, 28))
    notices.document_publish(
        actor=cell.secretary,
        meeting=meeting,
        title="Báo cáo quý I",
        text="Nội dung",
        now=at(D(2027, 3, 3), 7),
    )
    an = cell.people["Trần Thị An"]
    page = login(an.user).get(reverse("meetings:my_notices")).content.decode()
    assert "Sinh hoạt chi bộ ngày 03/03/2027" in page
    assert "Hội trường tầng 2" in page and "14:00" in page
    assert "Báo cáo quý I" in page and "Công bố muộn" in page
    # Someone else's notice is not on An's page.
    other = services.meeting_create(
        actor=cell.secretary, organization=cell, day=D(2027, 4, 5), time=datetime.time(14)
    )
    _notice(other, cell.people["Lê Văn Bình"], at(D(2027, 4, 1)))
    page = login(an.user).get(reverse("meetings:my_notices")).content.decode()
    assert "05/04/2027" not in page
    # An account with no member record sees none.
    page = login(make_user()).get(reverse("meetings:my_notices")).content.decode()
    assert "Tài khoản chưa gắn với hồ sơ đảng viên." in page


def test_my_notices_runs_a_fixed_number_of_queries(cell, login):
    an = cell.people["Trần Thị An"]
    client = login(an.user)

    def add(n, start):
        for i in range(start, start + n):
            m = services.meeting_create(
                actor=cell.secretary,
                organization=cell,
                day=D(2027, 1, 1) + datetime.timedelta(days=i),
                time=datetime.time(14),
            )
            MeetingDocument.objects.create(meeting=m, title=f"Tài liệu {i}", text="…", published_at=at(m.day))
            _notice(m, an, at(m.day))

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("meetings:my_notices"))
        assert response.status_code == 200
        return len(queries), response.content.decode().count('class="card" id="hop-')

    add(1, 0)
    few, shown = count()
    assert shown == 1
    add(30, 1)
    many, shown = count()
    assert shown == 31
    assert few == many


@pytest.fixture
def sibling_officer(tree, make_user):
    return make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"])


def test_meeting_pages_are_refused_to_a_sibling_cell(meeting, cell, sibling_officer, login):
    document = notices.document_publish(actor=cell.secretary, meeting=meeting, title="Tài liệu", text="…")
    client = login(sibling_officer)
    assert client.get(reverse("meetings:meeting_notices", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:document_open", args=[meeting.pk, document.pk])).status_code == 404
    response = client.post(
        reverse("meetings:document_publish", args=[meeting.pk]), {"title": "Chen ngang", "text": "x"}
    )
    assert response.status_code == 404
    assert client.get(reverse("meetings:cell_feed_links", args=[cell.pk])).status_code == 404
    assert MeetingDocument.objects.count() == 1
    # The sibling officer's own notices page shows nothing of this cell.
    _send(D(2027, 2, 28))
    page = client.get(reverse("meetings:my_notices")).content.decode()
    assert "Hội trường tầng 2" not in page


def test_publishing_on_time_and_late(cell, login):
    """One day ahead (the rule set in force): a document for tomorrow's meeting is on time, one for today's is
    late: recorded and shown as late, but published."""
    today = timezone.localdate()
    tomorrow, now = (
        services.meeting_create(
            actor=cell.secretary, organization=cell, day=day, time=datetime.time(23, 59), place="Phòng họp"
        )
        for day in (today + datetime.timedelta(days=1), today)
    )
    client = login(cell.secretary)
    response = client.post(
        reverse("meetings:document_publish", args=[tomorrow.pk]),
        {"title": "Dự thảo nghị quyết", "file": SimpleUploadedFile("nghi-quyet.pdf", b"%PDF-1.4 du thao")},
        follow=True,
    )
    assert "Đã công bố tài liệu “Dự thảo nghị quyết”." in response.content.decode()
    on_time = MeetingDocument.objects.get(title="Dự thảo nghị quyết")
    assert on_time.late is False and on_time.published_by == cell.secretary
    assert on_time.file.read() == b"%PDF-1.4 du thao"
    tomorrow.refresh_from_db()
    assert tomorrow.documents_published_at == on_time.published_at

    url = reverse("meetings:document_publish", args=[now.pk])
    response = client.post(url, {"title": "Báo cáo bổ sung", "text": "Số liệu tháng trước"}, follow=True)
    due = (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    assert (
        f"Đã công bố tài liệu “Báo cáo bổ sung” nhưng muộn: tài liệu phải công bố chậm nhất ngày {due}."
        in response.content.decode()
    )
    assert MeetingDocument.objects.get(title="Báo cáo bổ sung").late is True
    panel = client.get(reverse("meetings:meeting_notices", args=[now.pk]), HTTP_HX_REQUEST="true")
    text = panel.content.decode()
    assert f"Tài liệu phải công bố chậm nhất ngày {due}." in text
    assert "Báo cáo bổ sung" in text and text.count("Công bố muộn") == 1
    assert "<html" not in text  # the fragment alone, for htmx
    # The service records lateness against the day given, whatever the clock says.
    early = notices.document_publish(
        actor=cell.secretary,
        meeting=now,
        title="Chương trình",
        text="…",
        now=at(today - datetime.timedelta(days=2)),
    )
    assert early.late is False


def test_bad_documents_are_refused_with_the_field_named(meeting, cell, login):
    client = login(cell.secretary)
    url = reverse("meetings:document_publish", args=[meeting.pk])
    response = client.post(url, {"title": "", "text": "x"})
    assert response.status_code == 400 and "Hãy nhập tên tài liệu." in response.content.decode()
    response = client.post(url, {"title": "Trống"})
    assert "Hãy chọn tệp hoặc nhập nội dung tài liệu." in response.content.decode()
    response = client.post(url, {"title": "Chương trình", "file": SimpleUploadedFile("x.exe", b"MZ")})
    assert "Tệp “x.exe” không đúng loại cho phép" in response.content.decode()
    assert not MeetingDocument.objects.exists()


def test_members_of_the_cell_open_documents_and_others_do_not(meeting, cell, tree, make_user, login):
    document = notices.document_publish(
        actor=cell.secretary,
        meeting=meeting,
        title="Dự thảo",
        file=SimpleUploadedFile("du-thao.pdf", b"%PDF-1.4 noi dung"),
    )
    url = reverse("meetings:document_open", args=[meeting.pk, document.pk])
    # A member of the cell (through the member record alone, without any grant) downloads the file.
    no_grant = make_user()
    _member(cell.secretary, cell, 20, "Mai Văn Mới", user=no_grant)
    response = login(no_grant).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 noi dung"
    assert "attachment" in response["Content-Disposition"]
    # The member temporarily active in the cell too.
    assert login(cell.people["Hồ Thị Khách"].user).get(url).status_code == 200
    # A member of the sibling cell does not; nor a wrong pair of numbers.
    stranger = make_user(role=R.MEMBER, organization=tree["Chi bộ Hình sự"])
    assert login(stranger).get(url).status_code == 404
    assert (
        login(cell.secretary)
        .get(reverse("meetings:document_open", args=[meeting.pk + 1, document.pk]))
        .status_code
        == 404
    )


def test_the_meeting_panel_shows_notices_and_late_documents(meeting, cell, login):
    client = login(cell.secretary)
    page = client.get(reverse("meetings:meeting_notices", args=[meeting.pk])).content.decode()
    assert "Chưa gửi: thông báo sẽ được gửi tự động từ ngày 28/02/2027." in page
    _send(D(2027, 2, 28))
    notices.document_publish(
        actor=cell.secretary, meeting=meeting, title="Báo cáo muộn", text="…", now=at(D(2027, 3, 3), 7)
    )
    page = client.get(reverse("meetings:meeting_notices", args=[meeting.pk])).content.decode()
    assert "đã gửi 6/6 đảng viên" in page
    assert "đã gửi 4/4 thư" in page
    assert "Đảng bộ VKSND (Thư điện tử): đã gửi lúc" in page
    assert "Báo cáo muộn" in page and "Công bố muộn" in page
    assert "Công bố tài liệu" in page  # the form, for the officer


def test_a_member_sees_the_documents_but_not_the_form(meeting, cell, login):
    page = login(cell.people["Trần Thị An"].user).get(reverse("meetings:meeting_notices", args=[meeting.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "Tài liệu phải công bố chậm nhất ngày 02/03/2027." in text
    assert "Công bố tài liệu" not in text and "đảng viên</dd>" not in text


def test_the_includes_for_the_meeting_and_cell_pages(meeting, cell):
    """The meeting page and the cell page link here through small includes: the meeting's panel loads itself with
    htmx and falls back to a link; the cell's panel links to the notices and calendars."""
    panel = render_to_string("meetings/notices/_meeting_panel.html", {"meeting": meeting})
    url = reverse("meetings:meeting_notices", args=[meeting.pk])
    assert f'hx-get="{url}"' in panel and f'<a href="{url}">' in panel
    links = render_to_string("meetings/notices/_cell_panel.html", {"organization": cell, "can_run": True})
    assert (
        reverse("meetings:my_notices") in links
        and reverse("meetings:cell_feed_links", args=[cell.pk]) in links
    )
    links = render_to_string("meetings/notices/_cell_panel.html", {"organization": cell, "can_run": False})
    assert reverse("meetings:cell_feed_links", args=[cell.pk]) not in links


def test_the_secretary_sends_a_meetings_notices_now(tree, make_user, login, mailoutbox):
    import datetime as _dt

    from django.urls import reverse as _reverse

    from chibo.meetings import services as meeting_services
    from chibo.meetings.models import Notice as _Notice
    from chibo.members import services as _ms
    from chibo.organizations.models import Grant as _Grant

    cell = tree["Chi bộ Văn phòng"]
    secretary = make_user("bithu_now", role=_Grant.Role.CELL_OFFICER, organization=cell)
    person = make_user("member_now", email="an@example.org")
    member = _ms.member_create(
        actor=secretary,
        organization=cell,
        citizen_id="000000000077",
        full_name="Lý Thị An",
        sex="female",
        born_on=_dt.date(1980, 1, 1),
        admitted_on=_dt.date(2005, 1, 1),
        status="full",
    )
    type(member).objects.filter(pk=member.pk).update(user=person)
    day = timezone.localdate() + _dt.timedelta(days=20)  # far before its notice day
    meeting = meeting_services.meeting_create(actor=secretary, organization=cell, day=day, time=_dt.time(14))
    client = login(secretary)
    response = client.post(_reverse("meetings:notify_now", args=[meeting.pk]), follow=True)
    # In the app: the member and the supervising committee (Đảng bộ VKSND); by email: the member.
    assert "Đã gửi thông báo: 2 trên ứng dụng, 1 thư điện tử." in response.content.decode()
    assert _Notice.objects.filter(
        meeting=meeting, organization=tree["Đảng bộ VKSND"], sent_at__isnull=False
    ).exists()
    assert [m.to for m in mailoutbox] == [["an@example.org"]]
    assert _Notice.objects.filter(meeting=meeting, member=member, sent_at__isnull=False).count() == 2
    sibling = login(make_user(role=_Grant.Role.CELL_OFFICER, organization=tree["Chi bộ Hình sự"]))
    assert sibling.post(_reverse("meetings:notify_now", args=[meeting.pk])).status_code == 404
