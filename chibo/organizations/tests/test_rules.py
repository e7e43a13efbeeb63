import pytest

from chibo.organizations import rules


@pytest.mark.parametrize(
    ("parent", "child", "ok"),
    [
        (None, "committee", True),
        (None, "cell", False),
        ("committee", "grassroots_committee", True),
        ("committee", "grassroots_cell", True),
        ("committee", "cell", False),
        ("grassroots_committee", "cell", True),
        ("grassroots_committee", "grassroots_cell", False),
        ("grassroots_cell", "cell", False),
        ("cell", "cell", False),
    ],
)
def test_child_kind_allowed(parent, child, ok):
    assert rules.child_kind_allowed(parent_kind=parent, child_kind=child) is ok


@pytest.mark.parametrize(
    ("seat", "kind", "role"),
    [
        ("secretary", "cell", "cell_officer"),
        ("committee_member", "grassroots_cell", "cell_officer"),
        ("secretary", "grassroots_committee", "committee_officer"),
        ("standing_member", "committee", "committee_officer"),
        ("committee_member", "committee", "supervisor"),
    ],
)
def test_seat_grant_role(seat, kind, role):
    assert rules.seat_grant_role(seat_role=seat, organization_kind=kind) == role
