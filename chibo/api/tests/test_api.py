import json

from django.core.management import call_command

from chibo.api.models import ApiToken, token_digest
from chibo.organizations.models import Grant, Organization

R = Grant.Role


def test_openapi_is_published(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "Chi bộ số API"
    assert "/api/v1/organizations" in spec["paths"]


def test_requests_without_a_token_are_refused(client, db):
    response = client.get("/api/v1/organizations")
    assert response.status_code == 401
    assert response.json() == {"detail": "Cần mã truy cập hợp lệ."}


def test_issue_token_command_prints_a_working_token(tree, make_user, client, capsys):
    make_user("vanphong", role=R.OFFICE_STAFF, organization=tree["Đảng bộ VKSND"])
    call_command("issue-token", "vanphong")
    raw = capsys.readouterr().out.strip()
    assert ApiToken.objects.filter(digest=token_digest(raw)).exists()
    items = client.get("/api/v1/organizations", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert items["count"] == 3
    assert [i["name"] for i in items["items"]] == ["Đảng bộ VKSND", "Chi bộ Văn phòng", "Chi bộ Hình sự"]
    assert items["items"][1]["parent_id"] == tree["Đảng bộ VKSND"].pk


def test_create_and_bad_input(tree, make_user, client):
    user = make_user(role=R.OFFICE_STAFF, organization=tree["Đảng bộ VKSND"])
    _, token = ApiToken.issue(user=user)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    created = client.post(
        "/api/v1/organizations",
        data=json.dumps(
            {
                "parent_id": tree["Đảng bộ VKSND"].pk,
                "name": "Chi bộ Dân sự",
                "kind": "cell",
                "founded_on": "2026-01-05",
            }
        ),
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201
    assert created.json()["parent_id"] == tree["Đảng bộ VKSND"].pk
    count = Organization.objects.count()
    wrong_kind = client.post(
        "/api/v1/organizations",
        data=json.dumps({"parent_id": tree["Đảng bộ VKSND"].pk, "name": "X", "kind": "grassroots_cell"}),
        content_type="application/json",
        **auth,
    )
    assert wrong_kind.status_code == 422
    assert wrong_kind.json()["errors"]["kind"] == ["Loại “Chi bộ cơ sở” không thể đặt dưới “Đảng bộ cơ sở”."]
    empty = client.post(
        "/api/v1/organizations",
        data=json.dumps({"parent_id": tree["Đảng bộ VKSND"].pk, "name": " ", "kind": "cell"}),
        content_type="application/json",
        **auth,
    )
    assert empty.json()["errors"]["name"] == ["Hãy nhập tên tổ chức."]
    missing = client.post(
        "/api/v1/organizations", data=json.dumps({"name": "Y"}), content_type="application/json", **auth
    )
    assert missing.status_code == 422
    assert "parent_id" in " ".join(missing.json()["errors"])
    assert Organization.objects.count() == count


def test_revoked_token_is_refused(tree, make_user, client):
    from django.utils import timezone

    row, token = ApiToken.issue(user=make_user(role=R.MEMBER, organization=tree["Chi bộ Văn phòng"]))
    ApiToken.objects.filter(pk=row.pk).update(revoked_at=timezone.now())
    assert client.get("/api/v1/organizations", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
