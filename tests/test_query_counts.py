"""Pages and list endpoints run a fixed number of queries whatever the number of units."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chibo.api.models import ApiToken
from chibo.organizations.models import Grant, Organization, Seat
from chibo.organizations.testing import bulk_children

R = Grant.Role


def _count(func):
    with CaptureQueriesContext(connection) as ctx:
        response = func()
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def committee(tree):
    return tree["Đảng bộ VKSND"]


def _with_secretaries(parent):
    for child in Organization.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)[:50]:
        Seat.objects.create(
            organization=child,
            role=Seat.Role.SECRETARY,
            holder_name=f"Bí thư {child.pk}",
            starts_on="2020-01-01",
        )


@pytest.mark.parametrize("url_name", ["detail", "tree_search", "api_list", "api_children"])
def test_query_count_does_not_grow_from_5_to_5000_units(committee, make_user, login, client, url_name):
    user = make_user(role=R.OFFICE_STAFF, organization=committee)
    _, token = ApiToken.issue(user=user)
    login(user)

    def fetch():
        if url_name == "detail":
            return client.get(reverse("organizations:detail", args=[committee.pk]))
        if url_name == "tree_search":
            return client.get(reverse("organizations:tree"), {"q": "chi bo"})
        if url_name == "api_list":
            return client.get("/api/v1/organizations?limit=100", HTTP_AUTHORIZATION=f"Bearer {token}")
        return client.get(
            f"/api/v1/organizations?parent_id={committee.pk}", HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    bulk_children(committee, 3, kind="cell")
    _with_secretaries(committee)
    small = _count(fetch)
    bulk_children(Organization.objects.get(pk=committee.pk), 4995, kind="cell")
    _with_secretaries(committee)
    large = _count(fetch)
    assert small == large
    assert (
        Organization.objects.filter(path__startswith=committee.path, depth=committee.depth + 1).count()
        == 5000
    )
