"""The access matrix: every role x target position x page or endpoint.

A grant sits on "Đảng bộ VKSND" (a grassroots committee). Targets: the unit itself, its ancestor, a descendant
cell, a sibling grassroots committee and a unit of another branch. Allowed: 200; everything else: 404, the same
answer as for a missing record.
"""

import json

import pytest
from django.urls import get_resolver, reverse

from chibo.api.models import ApiToken
from chibo.organizations.models import Grant
from chibo.rulesets.models import RuleSet

R = Grant.Role

# What each role may do, written out here rather than read from the gate it tests.
EXPECTED = {
    R.MEMBER: {"view"},
    R.CELL_OFFICER: {"view"},
    R.COMMITTEE_OFFICER: {"view"},
    R.SUPERVISOR: {"view"},
    R.AUDITOR: {"view", "audit"},
    R.OFFICE_STAFF: {"view", "edit", "officers", "audit", "grants"},
    R.ADMINISTRATOR: {"view", "edit", "officers", "audit", "grants", "rulesets"},
}

POSITIONS = {
    "own": "Đảng bộ VKSND",
    "ancestor": "Đảng bộ Khối",
    "descendant": "Chi bộ Văn phòng",
    "sibling": "Đảng bộ Sở Tài chính",
    "other_branch": "Chi bộ Công ty Điện",
}
IN_SCOPE = {"own", "descendant"}

# Every page of the organizations app that targets one unit, with the action it needs.
UNIT_PAGES = {
    "organizations:detail": "view",
    "organizations:history": "view",
    "organizations:create_child": "edit",
    "organizations:rename": "edit",
    "organizations:move": "edit",
    "organizations:merge": "edit",
    "organizations:split": "edit",
    "organizations:dissolve": "edit",
    "organizations:term_add": "officers",
    "organizations:seat_add": "officers",
    "organizations:congress_add": "officers",
}
# Pages that do not target one unit: allowed when the role has the action anywhere ("any": every account).
GLOBAL_PAGES = {
    "organizations:audit": "audit",
    "organizations:grants": "grants",
    "rulesets:list": "any",
    "rulesets:working_days": "any",
    "rulesets:add": "rulesets",
}
# Installation-wide actions: the role must be held on a root of the tree (the grants here are one level down).
ROOT_ONLY = {"rulesets"}
# Global pages with arguments, or that answer with a redirect.
GLOBAL_PAGES_WITH_ARGS = {
    "rulesets:detail": (lambda: [RuleSet.objects.order_by("effective_from").first().pk], "any", 200),
    "rulesets:holidays": (lambda: [2026], "any", 200),
    "rulesets:holidays_today": (lambda: [], "any", 302),
}
# Pages reached only by POST from another page; their access is tested below with their own rows.
POST_ONLY = {"organizations:seat_end", "organizations:grant_revoke", "organizations:tree"}


@pytest.mark.parametrize("namespace", ["organizations", "rulesets"])
def test_matrix_covers_every_page_of_the_app(namespace):
    names = {f"{namespace}:{name}" for name in _app_url_names(namespace)}
    covered = set(UNIT_PAGES) | set(GLOBAL_PAGES) | set(GLOBAL_PAGES_WITH_ARGS) | POST_ONLY
    assert names - covered == set()


def _app_url_names(namespace):
    resolver = get_resolver()
    _, sub = resolver.namespace_dict[namespace]
    return {p.name for p in sub.url_patterns if getattr(p, "name", None)}


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("position", list(POSITIONS))
def test_unit_pages(tree, make_user, login, role, position):
    """Each page that targets a unit, for this role and position: 200 when allowed, 404 otherwise."""
    client = login(make_user(role=role, organization=tree["Đảng bộ VKSND"]))
    target = tree[POSITIONS[position]]
    wrong = []
    for page, action in UNIT_PAGES.items():
        expected = 200 if action in EXPECTED[role] and position in IN_SCOPE else 404
        status = client.get(reverse(page, args=[target.pk])).status_code
        if status != expected:
            wrong.append((page, status, expected))
    assert wrong == []


@pytest.mark.parametrize("role", list(EXPECTED))
def test_global_pages(tree, make_user, login, role):
    client = login(make_user(role=role, organization=tree["Đảng bộ VKSND"]))
    statuses = {page: client.get(reverse(page)).status_code for page in GLOBAL_PAGES}
    assert statuses == {
        page: 200 if action == "any" or (action in EXPECTED[role] and action not in ROOT_ONLY) else 404
        for page, action in GLOBAL_PAGES.items()
    }
    for page, (args, _action, status) in GLOBAL_PAGES_WITH_ARGS.items():
        assert client.get(reverse(page, args=args())).status_code == status, page


def test_rule_sets_are_managed_from_the_root(tree, make_user, login):
    admin = login(make_user(role=R.ADMINISTRATOR, organization=tree["Đảng bộ Khối"]))
    assert admin.get(reverse("rulesets:add")).status_code == 200


def test_global_pages_need_an_account(client, db):
    for page in GLOBAL_PAGES:
        response = client.get(reverse(page))
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"], page


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("position", list(POSITIONS))
def test_api_read_and_write(tree, make_user, client, role, position):
    user = make_user(role=role, organization=tree["Đảng bộ VKSND"])
    _, token = ApiToken.issue(user=user)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    target = tree[POSITIONS[position]]
    in_scope = position in IN_SCOPE

    got = client.get(f"/api/v1/organizations/{target.pk}", **auth)
    assert got.status_code == (200 if in_scope else 404)

    patched = client.patch(
        f"/api/v1/organizations/{target.pk}",
        data=json.dumps({"name": target.name + " (mới)", "on": "2026-01-05"}),
        content_type="application/json",
        **auth,
    )
    assert patched.status_code == (200 if in_scope and "edit" in EXPECTED[role] else 404)

    listed = client.get("/api/v1/organizations?limit=500", **auth).json()
    assert (target.pk in {row["id"] for row in listed["items"]}) == in_scope


def test_sibling_cell_secretary_gets_404_everywhere(tree, make_user, login):
    """The cell secretary of a sibling cell sees nothing of "Chi bộ Văn phòng", on any page or endpoint."""
    from chibo.organizations.models import Seat

    secretary = make_user("bithu_hinhsu")
    Seat.objects.create(
        organization=tree["Chi bộ Hình sự"],
        role=Seat.Role.SECRETARY,
        holder=secretary,
        holder_name="Trần Thị Hoa",
        starts_on="2025-01-01",
    )
    client = login(secretary)
    target = tree["Chi bộ Văn phòng"]
    assert client.get(reverse("organizations:detail", args=[tree["Chi bộ Hình sự"].pk])).status_code == 200
    for page in UNIT_PAGES:
        assert client.get(reverse(page, args=[target.pk])).status_code == 404, page
    for page, action in GLOBAL_PAGES.items():
        if action != "any":
            assert client.get(reverse(page)).status_code == 404, page
    _, token = ApiToken.issue(user=secretary)
    assert (
        client.get(f"/api/v1/organizations/{target.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").status_code
        == 404
    )


def test_missing_and_forbidden_look_the_same(tree, make_user, login):
    client = login(make_user(role=R.MEMBER, organization=tree["Chi bộ Văn phòng"]))
    missing = client.get(reverse("organizations:detail", args=[999_999]))
    forbidden = client.get(reverse("organizations:detail", args=[tree["Chi bộ Hình sự"].pk]))
    assert missing.status_code == forbidden.status_code == 404


def test_seat_end_and_grant_revoke_are_scoped(tree, make_user, login):
    from chibo.organizations.models import Seat

    seat = Seat.objects.create(
        organization=tree["Chi bộ Ngân sách"],
        role=Seat.Role.SECRETARY,
        holder_name="Lê Văn Nam",
        starts_on="2024-01-01",
    )
    other = make_user(role=R.MEMBER, organization=tree["Chi bộ Ngân sách"])
    grant = Grant.objects.get(user=other)
    client = login(make_user(role=R.OFFICE_STAFF, organization=tree["Đảng bộ VKSND"]))
    assert (
        client.post(
            reverse("organizations:seat_end", args=[tree["Chi bộ Ngân sách"].pk, seat.pk])
        ).status_code
        == 404
    )
    assert client.post(reverse("organizations:grant_revoke", args=[grant.pk])).status_code == 404
    seat.refresh_from_db()
    assert seat.ends_on is None
    assert Grant.objects.filter(pk=grant.pk).exists()
