"""The member register under /api/v1/members: list with filters, scope, create with bad input, update, status
change and transfer."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chibo.api.models import ApiToken
from chibo.core.models import AuditEntry
from chibo.core.text import fold, name_sort_key
from chibo.members import services
from chibo.members.models import Member, StatusChange
from chibo.organizations.models import Grant

R = Grant.Role
D = datetime.date


@pytest.fixture
def office(tree, make_user):
    return make_user("vanphong", role=R.OFFICE_STAFF, organization=tree["Đảng bộ VKSND"])


def _auth(user):
    _, token = ApiToken.issue(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _add(actor, organization, full_name, citizen_id, **fields):
    values = {"sex": "male", "born_on": D(1980, 1, 1), "admitted_on": D(2010, 1, 1), **fields}
    return services.member_create(
        actor=actor, organization=organization, full_name=full_name, citizen_id=citizen_id, **values
    )


@pytest.fixture
def members(tree, office):
    return {
        "an": _add(office, tree["Chi bộ Văn phòng"], "Trần Thị An", "001080000001", education="master"),
        "anh": _add(
            office, tree["Chi bộ Văn phòng"], "Lê Anh", "001080000002", status="full", full_on=D(2011, 1, 1)
        ),
        "binh": _add(office, tree["Chi bộ Hình sự"], "Nguyễn Văn Bình", "001080000003"),
    }


def _fields(response):
    """The fields an error names (schema errors come as "payload.<field>", service errors as "<field>")."""
    return [name.split(".")[-1] for name in response.json()["errors"]]


def _post(client, url, data, auth):
    return client.post(url, data=json.dumps(data), content_type="application/json", **auth)


def test_list_in_given_name_order_with_filters(client, office, members, tree):
    auth = _auth(office)
    body = client.get("/api/v1/members", **auth).json()
    assert body["count"] == 3
    assert [i["full_name"] for i in body["items"]] == ["Trần Thị An", "Lê Anh", "Nguyễn Văn Bình"]
    first = body["items"][0]
    assert first["organization_name"] == "Chi bộ Văn phòng"
    assert first["citizen_id"] == "001080000001"
    assert first["education"] == "master"
    assert first["party_age_years"] >= 16

    def names(query):
        return [i["full_name"] for i in client.get(f"/api/v1/members?{query}", **auth).json()["items"]]

    assert names("q=nguyen%20van") == ["Nguyễn Văn Bình"]
    assert names("q=001080000002") == ["Lê Anh"]
    assert names(f"organization_id={tree['Chi bộ Hình sự'].pk}") == ["Nguyễn Văn Bình"]
    assert names("status=full") == ["Lê Anh"]
    assert names("status=full&status=probationary") == ["Trần Thị An", "Lê Anh", "Nguyễn Văn Bình"]
    assert names("education=master") == ["Trần Thị An"]
    assert names("age_min=30") == []
    page = client.get("/api/v1/members?limit=1&offset=1", **auth).json()
    assert page["count"] == 3 and [i["full_name"] for i in page["items"]] == ["Lê Anh"]
    bad = client.get("/api/v1/members?status=alive", **auth)
    assert bad.status_code == 422 and "status" in " ".join(bad.json()["errors"])


def test_a_sibling_cell_officer_sees_nothing_of_the_cell(client, members, tree, make_user):
    sibling = make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"])
    auth = _auth(sibling)
    body = client.get("/api/v1/members", **auth).json()
    assert [i["full_name"] for i in body["items"]] == ["Nguyễn Văn Bình"]
    target = members["an"].pk
    assert client.get(f"/api/v1/members/{target}", **auth).status_code == 404
    assert client.get(f"/api/v1/members/{target}", **auth).json() == {"detail": "Không tìm thấy."}
    assert client.get("/api/v1/members/999999", **auth).status_code == 404
    assert (
        client.get(f"/api/v1/members?organization_id={tree['Chi bộ Văn phòng'].pk}", **auth).status_code
        == 404
    )
    patched = client.patch(
        f"/api/v1/members/{target}",
        data=json.dumps({"full_name": "X"}),
        content_type="application/json",
        **auth,
    )
    assert patched.status_code == 404
    assert (
        _post(
            client, f"/api/v1/members/{target}/status", {"status": "full", "on": "2025-01-01"}, auth
        ).status_code
        == 404
    )
    assert Member.objects.get(pk=target).full_name == "Trần Thị An"


def test_a_plain_member_reads_only_their_own_record(client, members, tree, make_user):
    own = make_user(role=R.MEMBER, organization=tree["Chi bộ Văn phòng"])
    Member.objects.filter(pk=members["an"].pk).update(user=own)
    auth = _auth(own)
    assert client.get(f"/api/v1/members/{members['an'].pk}", **auth).json()["full_name"] == "Trần Thị An"
    assert client.get(f"/api/v1/members/{members['anh'].pk}", **auth).status_code == 404
    assert client.get("/api/v1/members", **auth).json() == {"count": 0, "items": []}


def test_create_and_bad_input(client, office, tree):
    auth = _auth(office)
    payload = {
        "organization_id": tree["Chi bộ Văn phòng"].pk,
        "citizen_id": "001085012345",
        "full_name": "Đặng Văn Em",
        "sex": "male",
        "born_on": "1985-03-02",
        "admitted_on": "2010-05-19",
        "education": "university",
    }
    created = _post(client, "/api/v1/members", payload, auth)
    assert created.status_code == 201
    body = created.json()
    assert (body["full_name"], body["status"], body["education"], body["organization_name"]) == (
        "Đặng Văn Em",
        "probationary",
        "university",
        "Chi bộ Văn phòng",
    )
    assert Member.objects.get(pk=body["id"]).search_name == "dang van em"

    count = Member.objects.count()
    duplicate = _post(client, "/api/v1/members", payload, auth)
    assert duplicate.status_code == 422
    assert duplicate.json() == {
        "detail": "Dữ liệu không hợp lệ.",
        "errors": {"citizen_id": ["Số CCCD 001085012345 đã có trong sổ đảng viên."]},
    }
    early = _post(
        client,
        "/api/v1/members",
        {**payload, "citizen_id": "001085099999", "admitted_on": "1980-01-01"},
        auth,
    )
    assert early.status_code == 422
    assert early.json()["errors"] == {"admitted_on": ["Ngày vào Đảng phải sau ngày sinh."]}
    bad_date = _post(
        client, "/api/v1/members", {**payload, "citizen_id": "001085099999", "born_on": "30/02/1985"}, auth
    )
    assert bad_date.status_code == 422
    assert _fields(bad_date) == ["born_on"]
    assert next(iter(bad_date.json()["errors"].values()))[0].startswith("Giá trị không hợp lệ")
    wrong_id = _post(client, "/api/v1/members", {**payload, "citizen_id": "12ab"}, auth)
    assert wrong_id.status_code == 422
    assert wrong_id.json()["errors"] == {"citizen_id": ["Số CCCD phải gồm đúng 12 chữ số."]}
    not_cell = _post(
        client,
        "/api/v1/members",
        {**payload, "citizen_id": "001085099999", "organization_id": tree["Đảng bộ VKSND"].pk},
        auth,
    )
    assert not_cell.json()["errors"] == {
        "organization": ["Đảng viên sinh hoạt ở chi bộ: “Đảng bộ VKSND” không phải là chi bộ."]
    }
    out_of_scope = _post(
        client,
        "/api/v1/members",
        {**payload, "citizen_id": "001085099999", "organization_id": tree["Chi bộ Ngân sách"].pk},
        auth,
    )
    assert out_of_scope.status_code == 404
    assert Member.objects.count() == count


def test_update_status_and_transfer(client, office, members, tree):
    auth = _auth(office)
    member = members["an"]
    patched = client.patch(
        f"/api/v1/members/{member.pk}",
        data=json.dumps({"hometown": "Nam Định", "political_theory": "advanced"}),
        content_type="application/json",
        **auth,
    )
    assert patched.status_code == 200
    assert (patched.json()["hometown"], patched.json()["political_theory"]) == ("Nam Định", "advanced")
    assert AuditEntry.objects.get(action="member_update").changes == {
        "hometown": ["", "Nam Định"],
        "political_theory": ["", "advanced"],
    }

    status = _post(
        client,
        f"/api/v1/members/{member.pk}/status",
        {"status": "full", "on": "2011-02-01", "decision": "QĐ 3"},
        auth,
    )
    assert status.status_code == 200
    assert (status.json()["status"], status.json()["full_on"]) == ("full", "2011-02-01")
    assert StatusChange.objects.filter(member=member).count() == 2
    again = _post(client, f"/api/v1/members/{member.pk}/status", {"status": "full", "on": "2012-01-01"}, auth)
    assert again.status_code == 422
    assert again.json()["errors"] == {"status": ["Đảng viên đã ở tình trạng “Chính thức”."]}
    unknown = _post(
        client, f"/api/v1/members/{member.pk}/status", {"status": "sleeping", "on": "2012-01-01"}, auth
    )
    assert unknown.status_code == 422 and _fields(unknown) == ["status"]

    moved = _post(
        client,
        f"/api/v1/members/{member.pk}/transfer",
        {"to_id": tree["Chi bộ Hình sự"].pk, "on": "2024-01-01"},
        auth,
    )
    assert moved.status_code == 200
    assert (moved.json()["organization_id"], moved.json()["organization_name"]) == (
        tree["Chi bộ Hình sự"].pk,
        "Chi bộ Hình sự",
    )
    not_cell = _post(
        client,
        f"/api/v1/members/{member.pk}/transfer",
        {"to_id": tree["Đảng bộ VKSND"].pk, "on": "2025-01-01"},
        auth,
    )
    assert not_cell.status_code == 422
    assert "organization" in not_cell.json()["errors"]
    outside = _post(
        client,
        f"/api/v1/members/{member.pk}/transfer",
        {"to_id": tree["Chi bộ Ngân sách"].pk, "on": "2025-01-01"},
        auth,
    )
    assert outside.status_code == 404
    assert Member.objects.get(pk=member.pk).organization == tree["Chi bộ Hình sự"]


def test_list_query_count_does_not_grow(client, office, tree):
    auth = _auth(office)
    cell = tree["Chi bộ Văn phòng"]

    def bulk(n, start):
        rows = []
        for i in range(start, start + n):
            name = f"Nguyễn Văn Thử {i}"
            rows.append(
                Member(
                    citizen_id=f"{800_000_000_000 + i}",
                    full_name=name,
                    sex="male",
                    born_on=D(1980, 1, 1),
                    admitted_on=D(2010, 1, 1),
                    organization=cell,
                    organization_path=cell.path,
                    search_name=fold(name),
                    sort_key=name_sort_key(name),
                    party_age_from=D(2010, 1, 1),
                )
            )
        Member.objects.bulk_create(rows)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/v1/members?limit=100&q=thu", **auth)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    bulk(3, 0)
    small = count()
    bulk(1000, 3)
    assert count() == small


def test_openapi_lists_the_member_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/members", "/api/v1/members/{member_id}", "/api/v1/members/{member_id}/status"} <= set(
        paths
    )
    assert "/api/v1/members/{member_id}/transfer" in paths
