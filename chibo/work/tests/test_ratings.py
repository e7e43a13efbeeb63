"""The monthly rating: the committee's scale, the secretary's proposal, the meeting's adjustment with its reason,
final with the minutes' approval; the member's history and the cell's distribution; the gate; fixed query counts."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chibo.meetings import services as meeting_services
from chibo.meetings.models import Minutes
from chibo.members import services as member_services
from chibo.organizations.models import Grant
from chibo.work import ratings
from chibo.work.models import MonthlyRating, RatingScale
from chibo.work.tests.test_tasks import _meeting, cell  # noqa: F401  (the fixture)

D = datetime.date
R = Grant.Role


def _approve(cell, meeting):  # noqa: F811
    minutes = Minutes.objects.get(meeting=meeting)
    at = timezone.make_aware(datetime.datetime.combine(meeting.day, datetime.time(16)))
    meeting_services.minutes_save(
        actor=cell.secretary, minutes=minutes, content={"conclusion": "Tốt"}, revision=0
    )
    with mock.patch.object(meeting_services.timezone, "now", return_value=at):
        meeting_services.minutes_approve(actor=cell.secretary, minutes=minutes, ended_at=at)


def _post(client, meeting, rows):
    data = {"member": [str(m.pk) for m in rows]}
    for m, (proposed, level, remark) in rows.items():
        data[f"proposed_{m.pk}"], data[f"level_{m.pk}"], data[f"remark_{m.pk}"] = proposed, level, remark
    return client.post(reverse("work:ratings", args=[meeting.pk]), data)


def test_the_meeting_rates_the_month_before_and_the_ratings_become_final(cell, login):  # noqa: F811
    mai, binh, ha = cell.people
    meeting = _meeting(cell, D(2026, 12, 3))
    client = login(cell.secretary)
    page = client.get(reverse("work:ratings", args=[meeting.pk]))
    assert "Xếp loại đảng viên tháng 11/2026" in page.content.decode()
    response = _post(client, meeting, {mai: ("A", "", ""), binh: ("B", "C", ""), ha: ("B", "", "")})
    assert (
        "Dòng Trần Văn Bình: chi bộ điều chỉnh mức đề xuất, hãy ghi lý do điều chỉnh."
        in response.content.decode()
    )
    assert not MonthlyRating.objects.exists()  # all or nothing
    response = _post(
        client, meeting, {mai: ("A", "", ""), binh: ("B", "C", "Chậm báo cáo quý"), ha: ("B", "", "")}
    )
    assert response.status_code == 302
    rows = {r.member_id: r for r in MonthlyRating.objects.all()}
    assert (rows[binh.pk].year, rows[binh.pk].month, rows[binh.pk].level_name) == (
        2026,
        11,
        "Hoàn thành nhiệm vụ",
    )
    assert (rows[mai.pk].rank, rows[binh.pk].rank) == (1, 3)
    # Not final yet: the distribution counts it as waiting.
    months = ratings.cell_distribution(cell, 2026)
    assert months[10]["pending"] == 3 and months[10]["cells"] == [0, 0, 0, 0]
    _approve(cell, meeting)
    months = ratings.cell_distribution(cell, 2026)
    assert months[10]["pending"] == 0 and months[10]["cells"] == [1, 1, 1, 0]
    with pytest.raises(ValidationError, match="kết quả xếp loại tháng đã chính thức"):
        ratings.ratings_save(
            actor=cell.secretary, meeting=meeting, rows={mai.pk: {"proposed": "D", "level": "", "remark": ""}}
        )
    assert MonthlyRating.objects.get(member=mai).proposed == "A"
    page = client.get(reverse("work:rating_distribution", args=[cell.pk]), {"nam": 2026}).content.decode()
    assert "Xếp loại đảng viên hằng tháng năm 2026" in page


def test_a_level_off_the_scale_is_named_and_nothing_is_saved(cell):  # noqa: F811
    meeting = _meeting(cell, D(2026, 12, 3))
    with pytest.raises(ValidationError) as caught:
        ratings.ratings_save(
            actor=cell.secretary,
            meeting=meeting,
            rows={
                cell.people[0].pk: {"proposed": "A", "level": "", "remark": ""},
                cell.people[1].pk: {"proposed": "Z", "level": "", "remark": ""},
            },
        )
    assert caught.value.messages == ["Dòng Trần Văn Bình: mức đề xuất không có trong thang xếp loại."]
    assert not MonthlyRating.objects.exists()


def test_the_scale_is_the_committee_s_and_checked(cell, tree, make_user, login):  # noqa: F811
    committee = tree["Đảng bộ VKSND"]
    office = make_user("vp_vks", role=R.COMMITTEE_OFFICER, organization=committee)
    client = login(office)
    response = client.post(reverse("work:rating_scale", args=[committee.pk]), {"levels": "1|Tốt\n1|Khá"})
    assert "Dòng 2: mã 1 bị trùng." in response.content.decode()
    assert not RatingScale.objects.exists()
    response = client.post(
        reverse("work:rating_scale", args=[committee.pk]),
        {"levels": "T|Loại tốt\nK|Loại khá\nTB|Loại trung bình"},
    )
    assert response.status_code == 302
    assert [lv["name"] for lv in ratings.scale_for(cell)] == ["Loại tốt", "Loại khá", "Loại trung bình"]
    assert (
        ratings.scale_for(tree["Chi bộ Ngân sách"])[0]["name"] == "Hoàn thành xuất sắc nhiệm vụ"
    )  # another committee
    # A cell's secretary does not set the committee's scale.
    assert login(cell.secretary).get(reverse("work:rating_scale", args=[committee.pk])).status_code == 404


def test_the_member_sees_their_history_chart(cell, login):  # noqa: F811
    mai = cell.people[0]
    for day in (D(2026, 10, 3), D(2026, 11, 3)):
        meeting = _meeting(cell, day)
        ratings.ratings_save(
            actor=cell.secretary,
            meeting=meeting,
            rows={mai.pk: {"proposed": "B" if day.month == 10 else "A", "level": "", "remark": ""}},
        )
    _approve(cell, meeting)
    client = login(mai.user)
    with mock.patch.object(ratings.timezone, "localdate", return_value=D(2026, 12, 2)):
        page = client.get(reverse("work:rating_history", args=[mai.pk])).content.decode()
    assert "Xếp loại hằng tháng: Nguyễn Thị Mai" in page
    assert page.count("<circle") == 2
    assert (
        'class="pending"' in page and 'class="final"' in page
    )  # September's rating waits, October's is final
    assert "<title>10/2026: Hoàn thành xuất sắc nhiệm vụ</title>" in page
    # Another member's history is not the member's to read.
    assert client.get(reverse("work:rating_history", args=[cell.people[1].pk])).status_code == 404


def test_rating_pages_are_refused_to_a_sibling_and_not_written_by_a_member(cell, tree, make_user, login):  # noqa: F811
    meeting = _meeting(cell, D(2026, 12, 3))
    sibling_office = make_user("vp_tc", role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ Sở Tài chính"])
    urls = [
        reverse("work:ratings", args=[meeting.pk]),
        reverse("work:rating_history", args=[cell.people[1].pk]),
        reverse("work:rating_distribution", args=[cell.pk]),
        reverse("work:rating_scale", args=[tree["Đảng bộ VKSND"].pk]),
    ]
    for user in (cell.sibling, sibling_office):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert _post(client, meeting, {cell.people[0]: ("A", "", "")}).status_code == 404
        assert client.post(urls[3], {"levels": "A|Tốt\nB|Khá"}).status_code == 404
    assert _post(login(cell.people[0].user), meeting, {cell.people[0]: ("A", "", "")}).status_code == 404
    assert not MonthlyRating.objects.exists() and not RatingScale.objects.exists()


def test_rating_pages_run_a_fixed_number_of_queries(cell, login):  # noqa: F811
    meeting = _meeting(cell, D(2026, 12, 3))
    client = login(cell.secretary)
    urls = [
        reverse("work:ratings", args=[meeting.pk]),
        reverse("work:rating_distribution", args=[cell.pk]),
        reverse("work:rating_history", args=[cell.people[0].pk]),
    ]

    def count():
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
        return counts

    small = count()
    people = [
        member_services.member_create(
            actor=cell.secretary,
            organization=cell,
            citizen_id=f"0040850000{i:02d}",
            full_name=f"Phạm Văn {i}",
            sex="male",
            born_on=D(1980, 1, 1),
            admitted_on=D(2005, 1, 1),
            status="full",
        )
        for i in range(20)
    ]
    ratings.ratings_save(
        actor=cell.secretary,
        meeting=meeting,
        rows={m.pk: {"proposed": "B", "level": "", "remark": ""} for m in [*cell.people, *people]},
    )
    assert count() == small
