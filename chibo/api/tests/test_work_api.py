"""The notebook app's API: a member's tasks, notes, ratings and self-assessment; only their own."""

import datetime
import json

from chibo.api.models import ApiToken
from chibo.work import services
from chibo.work.models import Note, QualityReview, Task
from chibo.work.tests.test_tasks import _meeting, cell  # noqa: F401  (the fixture)

D = datetime.date


def _auth(user):
    _, token = ApiToken.issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _put(client, url, data, auth):
    return client.put(url, data=json.dumps(data), content_type="application/json", **auth)


def test_a_member_s_phone_reads_and_writes_their_own_work(client, cell):  # noqa: F811
    mai, binh, _ha = cell.people
    auth = _auth(mai.user)
    mine = services.task_create(
        actor=cell.secretary,
        organization=cell,
        title="Báo cáo quý",
        assignees=[mai],
        deadline=D(2026, 11, 20),
    )
    services.task_create(actor=cell.secretary, organization=cell, title="Việc của Bình", assignees=[binh])
    tasks = client.get("/api/v1/work/tasks/mine", **auth).json()
    assert [t["title"] for t in tasks] == ["Báo cáo quý"]
    bad = client.post(
        f"/api/v1/work/tasks/{mine.pk}/report",
        data=json.dumps({"status": "done"}),
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422 and bad.json()["errors"]["result"] == ["Hãy ghi kết quả đã làm được."]
    done = client.post(
        f"/api/v1/work/tasks/{mine.pk}/report",
        data=json.dumps({"status": "done", "result": "Đã gửi báo cáo"}),
        content_type="application/json",
        **auth,
    )
    assert done.status_code == 200 and Task.objects.get(pk=mine.pk).status == "done"
    other = Task.objects.get(title="Việc của Bình")
    assert (
        client.post(
            f"/api/v1/work/tasks/{other.pk}/report",
            data=json.dumps({"status": "done", "result": "x"}),
            content_type="application/json",
            **auth,
        ).status_code
        == 404
    )

    meeting = _meeting(cell, D(2026, 11, 3))
    meeting.status = "held"
    meeting.save(update_fields=["status"])
    assert (
        _put(
            client, f"/api/v1/work/notes/{meeting.pk}", {"text": "Ý kiến về báo cáo tháng"}, auth
        ).status_code
        == 200
    )
    notes = client.get("/api/v1/work/notes", **auth).json()
    assert notes[0]["text"] == "Ý kiến về báo cáo tháng"
    assert Note.objects.get().member_id == mai.pk
    # The secretary has no notebook of the member's to read.
    assert client.get("/api/v1/work/notes", **_auth(cell.secretary)).status_code == 404

    ratings = client.get("/api/v1/work/ratings/mine", **auth).json()
    assert len(ratings) == 12 and all(r["level"] is None for r in ratings)

    url = "/api/v1/work/reviews/mine/2026/0"
    too_high = _put(
        client,
        url,
        {
            "general_points": "28",
            "task_points": "64",
            "tasks_total": 10,
            "tasks_exceeded": 1,
            "self_level": "excellent",
            "submit": True,
        },
        auth,
    )
    assert too_high.status_code == 422
    assert too_high.json()["errors"]["self_level"][0].startswith(
        "Mức tự xếp loại cao hơn mức được phép (Hoàn thành tốt nhiệm vụ)."
    )
    ok = _put(
        client,
        url,
        {
            "general_points": "28",
            "task_points": "64",
            "tasks_total": 10,
            "tasks_exceeded": 3,
            "self_level": "excellent",
            "submit": True,
        },
        auth,
    )
    assert (
        ok.status_code == 200
        and ok.json()["stage"] == "submitted"
        and ok.json()["allowed_level"] == "excellent"
    )
    assert [r["year"] for r in client.get("/api/v1/work/reviews/mine", **auth).json()] == [2026]
    assert QualityReview.objects.get().member_id == mai.pk


def test_an_account_without_a_member_gets_404(client, cell):  # noqa: F811
    auth = _auth(cell.sibling)
    for url in ("/api/v1/work/notes", "/api/v1/work/ratings/mine", "/api/v1/work/reviews/mine"):
        assert client.get(url, **auth).status_code == 404, url
    assert client.get("/api/v1/work/tasks/mine", **auth).json() == []
