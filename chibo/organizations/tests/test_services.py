import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from chibo.core.models import AuditEntry
from chibo.organizations import selectors, services
from chibo.organizations.access import Action, allowed
from chibo.organizations.models import Grant, Organization, OrganizationChange, Seat

D = datetime.date
R = Grant.Role


@pytest.fixture
def office(tree, make_user):
    return make_user("vanphong", role=R.OFFICE_STAFF, organization=tree["Đảng bộ Khối"])


def names_on(actor, root, day):
    return [(row.depth, row.name) for row in selectors.organization_tree_on(actor=actor, root=root, on=day)]


def test_create_checks_kind_and_writes_history(tree, office):
    cell = services.organization_create(
        actor=office,
        parent=tree["Đảng bộ VKSND"],
        name="Chi bộ Dân sự",
        kind="cell",
        founded_on=D(2024, 3, 1),
    )
    assert Organization.objects.get_parent(cell).pk == tree["Đảng bộ VKSND"].pk
    assert cell.changes.get().kind == OrganizationChange.Kind.FOUNDED
    assert AuditEntry.objects.filter(
        action="organization_founded", object_id=str(cell.pk), actor=office
    ).exists()
    with pytest.raises(ValidationError, match="Loại “Chi bộ trực thuộc” không thể đặt dưới “Chi bộ cơ sở”"):
        services.organization_create(
            actor=office, parent=tree["Chi bộ Ban Dân tộc"], name="X", kind="cell", founded_on=D(2024, 1, 1)
        )


def test_out_of_scope_write_is_refused_and_changes_nothing(tree, make_user):
    staff = make_user(role=R.OFFICE_STAFF, organization=tree["Đảng bộ VKSND"])
    with pytest.raises(Http404):
        services.organization_rename(
            actor=staff, organization=tree["Chi bộ Ngân sách"], name="Y", on=D(2025, 1, 1)
        )
    assert Organization.objects.get(pk=tree["Chi bộ Ngân sách"].pk).name == "Chi bộ Ngân sách"
    assert not OrganizationChange.objects.exists()


def test_rename_keeps_the_old_name_for_past_dates(tree, office):
    unit = tree["Đảng bộ VKSND"]
    services.organization_rename(
        actor=office,
        organization=unit,
        name="Đảng bộ Viện Kiểm sát nhân dân tỉnh",
        on=D(2023, 6, 1),
        decision="QĐ 12-QĐ/ĐUK",
    )
    root = tree["Đảng bộ Khối"]
    assert (1, "Đảng bộ VKSND") in names_on(office, root, D(2022, 12, 31))
    assert (1, "Đảng bộ Viện Kiểm sát nhân dân tỉnh") in names_on(office, root, D(2023, 6, 1))
    with pytest.raises(ValidationError, match="Tên mới trùng với tên hiện tại"):
        services.organization_rename(
            actor=office,
            organization=Organization.objects.get(pk=unit.pk),
            name="Đảng bộ Viện Kiểm sát nhân dân tỉnh",
            on=D(2024, 1, 1),
        )


def test_move_and_report_of_an_earlier_year(tree, office):
    cell = tree["Chi bộ Thanh tra"]
    services.organization_move(
        actor=office, organization=cell, new_parent=tree["Đảng bộ VKSND"], on=D(2024, 1, 1)
    )
    moved = Organization.objects.get(pk=cell.pk)
    assert Organization.objects.get_parent(moved).name == "Đảng bộ VKSND"
    old = names_on(office, tree["Đảng bộ Sở Tài chính"], D(2023, 12, 31))
    new = names_on(office, tree["Đảng bộ Sở Tài chính"], D(2024, 1, 1))
    assert (1, "Chi bộ Thanh tra") in old
    assert (1, "Chi bộ Thanh tra") not in new
    with pytest.raises(ValidationError, match="Không thể chuyển một tổ chức vào chính nó"):
        services.organization_move(
            actor=office,
            organization=Organization.objects.get(pk=tree["Đảng bộ VKSND"].pk),
            new_parent=moved,
            on=D(2024, 2, 1),
        )


def test_merge_moves_cells_and_ends_the_sources(tree, office):
    into = services.organization_merge(
        actor=office,
        sources=[tree["Đảng bộ Sở Tài chính"]],
        into=tree["Đảng bộ VKSND"],
        on=D(2025, 7, 1),
    )
    source = Organization.objects.get(pk=tree["Đảng bộ Sở Tài chính"].pk)
    assert source.dissolved_on == D(2025, 7, 1)
    assert sorted(c.name for c in Organization.objects.get_children(into)) == [
        "Chi bộ Hình sự",
        "Chi bộ Ngân sách",
        "Chi bộ Thanh tra",
        "Chi bộ Văn phòng",
    ]
    before = names_on(office, tree["Đảng bộ Khối"], D(2025, 6, 30))
    after = names_on(office, tree["Đảng bộ Khối"], D(2025, 7, 1))
    assert (1, "Đảng bộ Sở Tài chính") in before
    assert (1, "Đảng bộ Sở Tài chính") not in after
    assert (2, "Chi bộ Ngân sách") in after


def test_split_and_dissolve(tree, office):
    parts = services.organization_split(
        actor=office,
        organization=tree["Chi bộ Ban Dân tộc"],
        parts=[
            {"name": "Chi bộ Ban Dân tộc 1", "kind": "grassroots_cell"},
            {"name": "Chi bộ Ban Dân tộc 2", "kind": "grassroots_cell"},
        ],
        on=D(2025, 10, 1),
    )
    assert [p.name for p in parts] == ["Chi bộ Ban Dân tộc 1", "Chi bộ Ban Dân tộc 2"]
    assert Organization.objects.get(pk=tree["Chi bộ Ban Dân tộc"].pk).dissolved_on == D(2025, 10, 1)
    with pytest.raises(ValidationError, match="Còn tổ chức trực thuộc đang hoạt động"):
        services.organization_dissolve(actor=office, organization=tree["Đảng bộ VKSND"], on=D(2025, 10, 1))
    services.organization_dissolve(actor=office, organization=parts[0], on=D(2026, 1, 1))
    assert not Organization.objects.get(pk=parts[0].pk).is_active
    with pytest.raises(ValidationError, match="đã giải thể"):
        services.organization_rename(
            actor=office, organization=Organization.objects.get(pk=parts[0].pk), name="Z", on=D(2026, 2, 1)
        )


def test_seat_gives_a_grant_while_it_lasts(tree, office, make_user):
    person = make_user("bithu")
    cell = tree["Chi bộ Văn phòng"]
    assert not allowed(person, Action.VIEW_UNIT, cell)
    seat = services.seat_assign(
        actor=office,
        organization=cell,
        role=Seat.Role.SECRETARY,
        holder_name="Nguyễn Văn An",
        holder=person,
        starts_on=D(2020, 1, 1),
    )
    assert allowed(person, Action.VIEW_UNIT, cell)
    services.seat_end(actor=office, seat=seat, on=D(2021, 1, 1))
    from chibo.organizations.access import forget_grants

    forget_grants(person)
    assert not allowed(person, Action.VIEW_UNIT, cell)


def test_new_secretary_ends_the_previous_one(tree, office):
    cell = tree["Chi bộ Văn phòng"]
    first = services.seat_assign(
        actor=office, organization=cell, role=Seat.Role.SECRETARY, holder_name="A", starts_on=D(2020, 1, 1)
    )
    services.seat_assign(
        actor=office, organization=cell, role=Seat.Role.SECRETARY, holder_name="B", starts_on=D(2025, 10, 1)
    )
    first.refresh_from_db()
    assert first.ends_on == D(2025, 9, 30)
    assert [s.holder_name for s in selectors.organization_officers(organization=cell, on=D(2026, 1, 1))] == [
        "B"
    ]
