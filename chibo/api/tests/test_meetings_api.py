import datetime
import json

import pytest
from django.utils import timezone

from chibo.api.models import ApiToken
from chibo.meetings import services
from chibo.meetings.models import Minutes
from chibo.members import services as member_services
from chibo.organizations.models import Grant

D = datetime.date
R = Grant.Role


@pytest.fixture
def secretary(tree, make_user):
    return make_user("bithu", role=R.CELL_OFFICER, organization=tree["Chi bộ Văn phòng"])


@pytest.fixture
def auth(secretary):
    _, token = ApiToken.issue(user=secretary)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def meeting(tree, secretary):
    cell = tree["Chi bộ Văn phòng"]
    for i in range(3):
        member_services.member_create(
            actor=secretary,
            organization=cell,
            citizen_id=f"{i:012d}",
            full_name=f"Hà Văn {i}",
            sex="male",
            born_on=D(1980, 1, 1),
            admitted_on=D(2005, 1, 1),
            status="full",
        )
    meeting = services.meeting_create(
        actor=secretary, organization=cell, day=D(2026, 11, 3), time=datetime.time(14)
    )
    return services.meeting_start(
        actor=secretary, meeting=meeting, at=timezone.make_aware(datetime.datetime(2026, 11, 3, 14))
    )


def _put(client, url, data, auth):
    return client.put(url, data=json.dumps(data), content_type="application/json", **auth)


def test_a_phone_app_can_run_the_meeting(client, meeting, auth):
    base = f"/api/v1/meetings/{meeting.pk}"
    assert client.get("/api/v1/meetings", **auth).json()["count"] == 1
    rows = client.get(f"{base}/attendance", **auth).json()
    assert [r["presence"] for r in rows] == ["present"] * 3
    bad = _put(client, f"{base}/attendance/{rows[0]['id']}", {"presence": "excused"}, auth)
    assert bad.status_code == 422 and bad.json()["errors"]["reason"] == ["Vắng có lý do: hãy ghi lý do."]
    ok = _put(client, f"{base}/attendance/{rows[0]['id']}", {"presence": "excused", "reason": "Ốm"}, auth)
    assert ok.json()["presence"] == "excused"
    saved = _put(client, f"{base}/minutes", {"revision": 0, "content": {"conclusion": "Tốt"}}, auth)
    assert saved.json()["revision"] == 1
    stale = _put(client, f"{base}/minutes", {"revision": 0, "content": {"conclusion": "Khác"}}, auth)
    assert stale.status_code == 409 and stale.json()["current"]["content"] == {"conclusion": "Tốt"}
    approved = client.post(f"{base}/minutes/approve", **auth).json()
    assert approved["status"] == "approved" and len(approved["versions"]) == 1
    locked = _put(client, f"{base}/minutes", {"revision": 1, "content": {"conclusion": "Sửa"}}, auth)
    assert locked.status_code == 422
    assert Minutes.objects.get(meeting=meeting).content == {"conclusion": "Tốt"}
    corrected = client.post(
        f"{base}/minutes/corrections",
        data=json.dumps({"content": {"conclusion": "Rất tốt"}, "reason": "Sai chính tả"}),
        content_type="application/json",
        **auth,
    ).json()
    assert [v["reason"] for v in corrected["versions"]] == ["", "Sai chính tả"]


def test_a_sibling_cell_gets_404(client, tree, meeting, make_user):
    _, token = ApiToken.issue(user=make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"]))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(f"/api/v1/meetings/{meeting.pk}", **auth).status_code == 404
    assert client.get(f"/api/v1/meetings/{meeting.pk}/minutes", **auth).status_code == 404
    assert (
        _put(
            client, f"/api/v1/meetings/{meeting.pk}/minutes", {"revision": 0, "content": {}}, auth
        ).status_code
        == 404
    )
    assert client.get("/api/v1/meetings", **auth).json()["count"] == 0


def test_a_member_reads_but_cannot_write(client, tree, meeting, make_user):
    _, token = ApiToken.issue(user=make_user(role=R.MEMBER, organization=tree["Chi bộ Văn phòng"]))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(f"/api/v1/meetings/{meeting.pk}/minutes", **auth).json()["status"] == "draft"
    assert (
        _put(
            client, f"/api/v1/meetings/{meeting.pk}/minutes", {"revision": 0, "content": {"x": 1}}, auth
        ).status_code
        == 404
    )


def test_documents_and_feeds(client, tree, meeting, secretary, auth, make_user):
    from chibo.meetings import notices

    notices.document_publish(
        actor=secretary, meeting=meeting, title="Dự thảo nghị quyết", text="Nội dung dự thảo"
    )
    listed = client.get(f"/api/v1/meetings/{meeting.pk}/documents", **auth).json()
    assert [(d["title"], d["late"]) for d in listed] == [
        ("Dự thảo nghị quyết", True)
    ]  # published after the meeting
    assert listed[0]["url"].startswith(f"/sinh-hoat/{meeting.pk}/tai-lieu/")
    _, token = ApiToken.issue(user=make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"]))
    sibling = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(f"/api/v1/meetings/{meeting.pk}/documents", **sibling).status_code == 404
    from chibo.members.models import Member

    Member.objects.filter(citizen_id="000000000000").update(user=secretary)  # the secretary's own record
    secretary.refresh_from_db()
    notices.feed_token_create(actor=secretary)
    feeds = client.get("/api/v1/meetings/feeds/mine", **auth).json()
    assert len(feeds) == 1 and feeds[0]["url"].endswith(".ics")
    assert client.get(feeds[0]["url"]).status_code == 200
    assert client.get("/api/v1/meetings/feeds/mine", **sibling).json() == []


def test_list_query_count_does_not_grow(client, tree, secretary, auth):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cell = tree["Chi bộ Văn phòng"]
    services.meeting_create(actor=secretary, organization=cell, day=D(2026, 1, 5), time=datetime.time(14))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/meetings?year=2026", **auth).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    services.meetings_schedule_year(actor=secretary, organization=cell, year=2026)
    assert count() == small
