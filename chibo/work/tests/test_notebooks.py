"""Members' notebooks: private to the member; the cell's periodic check with its share (seed 003)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chibo.members import services as member_services
from chibo.work import rules
from chibo.work.models import Note, NotebookCheck
from chibo.work.tests.test_tasks import _meeting, cell  # noqa: F401  (the fixture)

D = datetime.date


def test_the_share_of_members_keeping_a_notebook():
    assert rules.notebook_share(["good", "partial", "none", "good"]) == (3, 4, 75)
    assert rules.notebook_share(["good"] * 20) == (20, 20, 100)
    assert rules.notebook_share([]) == (0, 0, None)


def test_a_note_is_the_members_own(cell, login, make_user):  # noqa: F811
    meeting = _meeting(cell, D(2026, 11, 3))
    member = login(cell.people[0].user)
    assert member.get(reverse("work:note", args=[meeting.pk])).status_code == 200
    member.post(reverse("work:note", args=[meeting.pk]), {"text": "Ý kiến của tôi về báo cáo quý"})
    note = Note.objects.get()
    assert (note.member, note.text) == (cell.people[0], "Ý kiến của tôi về báo cáo quý")
    assert "Ý kiến của tôi về báo cáo quý" in member.get(reverse("work:notebook")).content.decode()
    # The secretary has no page that shows it, and the note's page answers 404 to anyone but the member.
    secretary = login(cell.secretary)
    assert secretary.get(reverse("work:note", args=[meeting.pk])).status_code == 404
    assert "Ý kiến của tôi" not in secretary.get(reverse("work:notebook")).content.decode()
    sibling = login(cell.sibling)
    assert sibling.get(reverse("work:note", args=[meeting.pk])).status_code == 404
    assert sibling.post(reverse("work:note", args=[meeting.pk]), {"text": "x"}).status_code == 404
    assert Note.objects.count() == 1


def test_the_cell_records_a_check_and_sees_the_share(cell, login):  # noqa: F811
    client = login(cell.secretary)
    url = reverse("work:notebook_checks", args=[cell.pk])
    day = timezone.localdate()
    data = {"checked_on": day.isoformat()}
    for m, result in zip(cell.people, ["good", "partial", "none"], strict=True):
        data[f"result_{m.pk}"] = result
        data[f"remark_{m.pk}"] = "Thiếu ghi chép tháng 10" if result == "partial" else ""
    client.post(url, data)
    assert NotebookCheck.objects.filter(checked_on=day).count() == 3
    body = client.get(url).content.decode()
    assert "2/3 đảng viên có sổ tay (67 %)." in body and "Thiếu ghi chép tháng 10" in body
    bad = client.post(url, {**data, f"result_{cell.people[0].pk}": "tuyet"})
    assert "Hãy chọn kết quả kiểm tra cho từng đảng viên." in bad.content.decode()
    future = client.post(url, {**data, "checked_on": (day + datetime.timedelta(days=1)).isoformat()})
    assert "Ngày kiểm tra không được sau hôm nay." in future.content.decode()
    assert NotebookCheck.objects.count() == 3


def test_checks_are_refused_to_a_sibling_and_to_a_member(cell, login):  # noqa: F811
    url = reverse("work:notebook_checks", args=[cell.pk])
    for user in (cell.sibling, cell.people[0].user):
        client = login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"checked_on": "2026-11-01"}).status_code == 404
    assert not NotebookCheck.objects.exists()


def test_the_check_page_runs_a_fixed_number_of_queries(cell, login):  # noqa: F811
    client = login(cell.secretary)
    url = reverse("work:notebook_checks", args=[cell.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(20):
        member_services.member_create(
            actor=cell.secretary,
            organization=cell,
            citizen_id=f"0020850000{i:02d}",
            full_name=f"Đỗ Văn {i}",
            sex="male",
            born_on=D(1980, 1, 1),
            admitted_on=D(2005, 1, 1),
            status="full",
        )
    for month in range(1, 6):
        NotebookCheck.objects.bulk_create(
            [
                NotebookCheck(organization=cell, member=m, checked_on=D(2026, month, 15), result="good")
                for m in cell.members.all()
            ]
        )
    assert count() == small


def test_every_page_of_the_app_has_its_refusal_test():
    """Pages of a cell, a task or a meeting are refused to a sibling (test_tasks, test_fees, test_ratings and above;
    the quality review's pages in test_quality); the member's own pages (their tasks, their notebook) show only their
    own."""
    from django.urls import get_resolver

    _, sub = get_resolver().namespace_dict["work"]
    assert {p.name for p in sub.url_patterns} == {
        "cell",
        "detail",
        "review",
        "notebook_checks",
        "note",
        "fees",
        "fees_xlsx",  # refused to a sibling: 404
        "mine",
        "notebook",  # the user's own only
        "ratings",  # test_ratings: refused to a sibling
        "rating_history",
        "rating_distribution",
        "rating_scale",
    } | {p.name for p in sub.url_patterns if p.name.startswith("quality")}  # test_quality lists them
