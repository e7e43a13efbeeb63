"""Fixtures shared by every app's tests."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from chibo.accounts.testing import login_verified
from chibo.organizations.models import Grant, Organization, OrganizationPeriod

K = Organization.Kind


def _make(parent, name, kind, founded_on=datetime.date(2015, 1, 1)):
    fields = {"name": name, "kind": kind, "founded_on": founded_on}
    node = Organization.objects.add_child(parent, fields) if parent else Organization.objects.add_root(fields)
    OrganizationPeriod.objects.create(
        organization=node, name=name, kind=kind, parent=parent, valid_from=founded_on
    )
    return Organization.objects.get(pk=node.pk)


@pytest.fixture(autouse=True)
def _vietnamese():
    """Each test starts in Vietnamese, whatever language an earlier test switched to."""
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """Argon2 is slow on purpose; tests use a fast hasher unless they are marked ``argon2``."""
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def build_tree(db):
    """Build a tree from a nested spec: ``{"Đảng bộ Khối": ("committee", {"Chi bộ A": "grassroots_cell"})}``.
    Returns a dict name -> Organization."""

    def build(spec, parent=None, out=None):
        out = {} if out is None else out
        for name, value in spec.items():
            kind, children = (value, {}) if isinstance(value, str) else value
            node = _make(parent, name, kind)
            out[name] = node
            build(children, node, out)
        return out

    return build


@pytest.fixture
def tree(build_tree):
    """A committee with two grassroots committees (each with two cells), a grassroots cell, and a second,
    unrelated committee: enough for every position of the access matrix."""
    return build_tree(
        {
            "Đảng bộ Khối": (
                K.COMMITTEE,
                {
                    "Đảng bộ VKSND": (
                        K.GRASSROOTS_COMMITTEE,
                        {"Chi bộ Văn phòng": K.CELL, "Chi bộ Hình sự": K.CELL},
                    ),
                    "Đảng bộ Sở Tài chính": (
                        K.GRASSROOTS_COMMITTEE,
                        {"Chi bộ Ngân sách": K.CELL, "Chi bộ Thanh tra": K.CELL},
                    ),
                    "Chi bộ Ban Dân tộc": K.GRASSROOTS_CELL,
                },
            ),
            "Đảng bộ Khối Doanh nghiệp": (K.COMMITTEE, {"Chi bộ Công ty Điện": K.GRASSROOTS_CELL}),
        }
    )


@pytest.fixture
def make_user(db):
    counter = iter(range(1, 10_000))

    def make(
        username=None,
        *,
        role=None,
        organization=None,
        superuser=False,
        password="mat-khau-Dai-2026",
        **fields,
    ):
        n = next(counter)
        username = username or f"user{n}"
        user = get_user_model().objects.create_user(
            username=username, password=password, is_superuser=superuser, **fields
        )
        if role and organization is not None:
            Grant.objects.create(user=user, role=role, organization=organization)
        return user

    return make


@pytest.fixture
def login(client):
    """Log a user in with the second factor passed; returns the client."""

    def do(user):
        return login_verified(client, user)

    return do


@pytest.fixture
def shipped_rule_sets(transactional_db):
    """The rule sets the migrations ship. A transactional test empties every table when it ends, rule sets
    included, so the transactional tests that need them ask for this fixture."""
    import copy

    from chibo.rulesets.defaults import SHIPPED_RULESETS
    from chibo.rulesets.models import RuleSet

    for item in copy.deepcopy(SHIPPED_RULESETS):
        RuleSet.objects.get_or_create(effective_from=item["effective_from"], defaults=item)


@pytest.fixture
def topic_categories():
    """The categories of thematic topics the migrations ship (a transactional test empties them), by code."""
    import importlib

    from chibo.topics.models import TopicCategory

    shipped = importlib.import_module("chibo.topics.migrations.0002_categories")
    for position, (code, name, watched) in enumerate(shipped.CATEGORIES, start=1):
        TopicCategory.objects.get_or_create(
            code=code, defaults={"name": name, "position": position, "watched": watched}
        )
    return {c.code: c for c in TopicCategory.objects.all()}
