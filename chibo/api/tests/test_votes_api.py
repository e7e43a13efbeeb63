"""Voting from the notebook app: the polls waiting, one ballot counted once, the result only after closing."""

import datetime
import json

from chibo.api.models import ApiToken
from chibo.votes import services
from chibo.votes.models import Ballot
from chibo.votes.tests.test_polls import _secret, cell  # noqa: F401  (the fixture)


def _auth(user):
    _, token = ApiToken.issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _cast(client, poll, data, auth):
    return client.post(
        f"/api/v1/votes/{poll.pk}/ballot", data=json.dumps(data), content_type="application/json", **auth
    )


def test_a_member_votes_from_the_app(client, cell):  # noqa: F811
    poll = _secret(cell)
    auth = _auth(cell.people[0].user)
    waiting = client.get("/api/v1/votes/mine", **auth).json()
    assert [(p["title"], p["question"]) for p in waiting] == [
        ("Thông qua nghị quyết tháng 12/2026", "yes_no")
    ]
    bad = _cast(client, poll, {"answer": "maybe"}, auth)
    assert bad.status_code == 422
    assert bad.json()["errors"]["__all__"] == ["Hãy chọn tán thành, không tán thành hoặc không biểu quyết."]
    assert _cast(client, poll, {"answer": "yes"}, auth).json() == {"recorded": True}
    again = _cast(client, poll, {"answer": "no"}, auth)
    assert again.status_code == 422 and again.json()["errors"]["__all__"] == ["Đồng chí đã bỏ phiếu."]
    assert client.get("/api/v1/votes/mine", **auth).json() == []
    state = client.get(f"/api/v1/votes/{poll.pk}", **auth).json()
    assert (state["voted"], state["voters"], state["result"]) == (1, 6, None)
    services.poll_close(actor=cell.secretary, poll=poll)
    state = client.get(f"/api/v1/votes/{poll.pk}", **auth).json()
    assert state["result"].startswith("1/6 đảng viên") and Ballot.objects.count() == 1
    assert datetime.date.fromisoformat(state["day"]) == datetime.date(2026, 12, 3)


def test_a_sibling_cannot_see_or_vote(client, cell):  # noqa: F811
    poll = _secret(cell)
    auth = _auth(cell.sibling)
    assert client.get(f"/api/v1/votes/{poll.pk}", **auth).status_code == 404
    assert _cast(client, poll, {"answer": "yes"}, auth).status_code == 404
    assert client.get("/api/v1/votes/mine", **auth).json() == []
    assert not Ballot.objects.exists()
