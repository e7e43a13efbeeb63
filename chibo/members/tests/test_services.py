"""The writes of the member register: each use case once as it should go, once refused with its message; the
gate refuses an actor out of scope with a 404 and nothing is written; each write leaves its audit line."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from chibo.core.models import AuditEntry
from chibo.core.text import fold, name_sort_key
from chibo.members import services
from chibo.members.models import BadgeAward, CorrectionRequest, Member, Membership, PartyGap, StatusChange
from chibo.organizations.models import Grant

R = Grant.Role
D = datetime.date


@pytest.fixture
def office(tree, make_user):
    """Office staff of the grassroots committee: edits both of its cells."""
    return make_user("vanphong", role=R.OFFICE_STAFF, organization=tree["Đảng bộ VKSND"])


@pytest.fixture
def cell(tree):
    return tree["Chi bộ Văn phòng"]


def _create(actor, organization, *, citizen_id="001085012345", full_name="Nguyễn Văn An", **fields):
    values = {"sex": "male", "born_on": D(1985, 3, 2), "admitted_on": D(2010, 5, 19), **fields}
    return services.member_create(
        actor=actor, organization=organization, citizen_id=citizen_id, full_name=full_name, **values
    )


def _counts():
    return (
        Member.objects.count(),
        StatusChange.objects.count(),
        Membership.objects.count(),
        PartyGap.objects.count(),
        BadgeAward.objects.count(),
        CorrectionRequest.objects.count(),
        AuditEntry.objects.count(),
    )


# member_create ---------------------------------------------------------------------------------------------------


def test_create_enters_the_member_with_history_membership_and_audit(office, cell):
    member = _create(
        office,
        cell,
        full_name="  Đặng Thị Ánh  ",
        status=Member.Status.FULL,
        full_on=D(2011, 5, 19),
        joined_on=D(2015, 1, 1),
        education="university",
        political_theory="advanced",
    )
    member.refresh_from_db()
    assert member.full_name == "Đặng Thị Ánh"
    assert member.search_name == "dang thi anh" == fold("Đặng Thị Ánh")
    assert member.sort_key == name_sort_key("Đặng Thị Ánh")
    assert member.organization_path == cell.path
    assert member.party_age_from == D(2010, 5, 19)
    assert member.status == Member.Status.FULL
    assert list(member.status_changes.values_list("status", "on")) == [
        ("probationary", D(2010, 5, 19)),
        ("full", D(2011, 5, 19)),
    ]
    assert list(member.memberships.values_list("organization_id", "starts_on", "ends_on", "temporary")) == [
        (cell.pk, D(2015, 1, 1), None, False)
    ]
    entry = AuditEntry.objects.get(action="member_create")
    assert (entry.actor, entry.organization_id, entry.object_id) == (office, cell.pk, str(member.pk))
    assert entry.changes == {"citizen_id": "001085012345", "full_name": "Đặng Thị Ánh"}


def test_create_refuses_a_citizen_id_already_in_the_register(office, cell, tree):
    _create(office, cell)
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _create(office, tree["Chi bộ Hình sự"], full_name="Người Khác")
    assert exc.value.message_dict == {"citizen_id": ["Số CCCD 001085012345 đã có trong sổ đảng viên."]}
    assert _counts() == before


def test_create_refuses_an_admission_before_birth(office, cell):
    with pytest.raises(ValidationError) as exc:
        _create(office, cell, born_on=D(1990, 1, 1), admitted_on=D(1989, 12, 31))
    assert exc.value.message_dict == {"admitted_on": ["Ngày vào Đảng phải sau ngày sinh."]}
    assert _counts() == (0, 0, 0, 0, 0, 0, 0)


def test_create_refuses_a_unit_that_is_not_a_cell(office, tree):
    with pytest.raises(ValidationError, match="“Đảng bộ VKSND” không phải là chi bộ"):
        _create(office, tree["Đảng bộ VKSND"])
    assert Member.objects.count() == 0


def test_create_out_of_scope_is_404_and_writes_nothing(tree, make_user):
    sibling_officer = make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"])
    with pytest.raises(Http404):
        _create(sibling_officer, tree["Chi bộ Văn phòng"])
    assert _counts() == (0, 0, 0, 0, 0, 0, 0)


# member_update -----------------------------------------------------------------------------------------------------


def test_update_changes_the_profile_and_audits_old_and_new_values(office, cell):
    member = _create(office, cell)
    services.member_update(
        actor=office, member=member, full_name="Nguyễn Văn Ân", admitted_on=D(2011, 2, 3), job="Kiểm sát viên"
    )
    member.refresh_from_db()
    assert (member.full_name, member.search_name, member.job) == (
        "Nguyễn Văn Ân",
        "nguyen van an",
        "Kiểm sát viên",
    )
    assert member.party_age_from == D(2011, 2, 3)
    entry = AuditEntry.objects.get(action="member_update")
    assert entry.changes == {
        "full_name": ["Nguyễn Văn An", "Nguyễn Văn Ân"],
        "admitted_on": ["2010-05-19", "2011-02-03"],
        "job": ["", "Kiểm sát viên"],
    }


def test_update_refuses_a_ceremony_before_the_admission_decision(office, cell):
    member = _create(office, cell)
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.member_update(actor=office, member=member, ceremony_on=D(2010, 5, 1))
    assert exc.value.message_dict == {
        "ceremony_on": ["Ngày lễ kết nạp không thể trước ngày quyết định kết nạp."]
    }
    assert Member.objects.get(pk=member.pk).ceremony_on is None
    assert _counts() == before


def test_update_out_of_scope_is_404(office, cell, tree, make_user):
    member = _create(office, cell)
    outsider = make_user(role=R.OFFICE_STAFF, organization=tree["Đảng bộ Sở Tài chính"])
    with pytest.raises(Http404):
        services.member_update(actor=outsider, member=member, full_name="Sửa Trộm")
    assert Member.objects.get(pk=member.pk).full_name == "Nguyễn Văn An"
    assert not AuditEntry.objects.filter(action="member_update").exists()


# member_change_status ----------------------------------------------------------------------------------------------


def test_recognition_as_full_member_sets_the_full_date(office, cell):
    member = _create(office, cell)
    services.member_change_status(
        actor=office, member=member, status="full", on=D(2011, 6, 1), decision="QĐ 12-QĐ/ĐU"
    )
    member.refresh_from_db()
    assert (member.status, member.full_on) == ("full", D(2011, 6, 1))
    last = member.status_changes.last()
    assert (last.status, last.on, last.decision, last.recorded_by) == (
        "full",
        D(2011, 6, 1),
        "QĐ 12-QĐ/ĐU",
        office,
    )
    assert AuditEntry.objects.get(action="member_status").changes["status"] == ["probationary", "full"]


def test_expulsion_ends_the_membership_and_stops_party_age(office, cell):
    member = _create(office, cell)
    services.member_change_status(actor=office, member=member, status="expelled", on=D(2020, 1, 1))
    member.refresh_from_db()
    assert member.memberships.get().ends_on == D(2020, 1, 1)
    # Out of the party from 1/1/2020 until today: party age counts from later by those days.
    assert member.party_age_from == D(2010, 5, 19) + (timezone.localdate() - D(2020, 1, 1))


def test_status_change_refuses_the_same_status_and_a_date_before_the_last_change(office, cell):
    member = _create(office, cell)
    with pytest.raises(ValidationError) as same:
        services.member_change_status(actor=office, member=member, status="probationary", on=D(2011, 1, 1))
    assert same.value.message_dict == {"status": ["Đảng viên đã ở tình trạng “Dự bị”."]}
    with pytest.raises(ValidationError) as early:
        services.member_change_status(actor=office, member=member, status="full", on=D(2010, 1, 1))
    assert early.value.message_dict == {
        "on": ["Ngày thay đổi phải từ 19/05/2010 (lần thay đổi trước) trở đi."]
    }
    assert Member.objects.get(pk=member.pk).status == "probationary"
    assert member.status_changes.count() == 1


# member_transfer ---------------------------------------------------------------------------------------------------


def test_transfer_moves_the_member_and_audits_on_both_sides(office, cell, tree):
    member = _create(office, cell)
    target = tree["Chi bộ Hình sự"]
    services.member_transfer(actor=office, member=member, to=target, on=D(2024, 3, 1), note="Điều động")
    member.refresh_from_db()
    assert (member.organization_id, member.organization_path) == (target.pk, target.path)
    assert list(member.memberships.values_list("organization_id", "starts_on", "ends_on", "note")) == [
        (cell.pk, D(2010, 5, 19), D(2024, 3, 1), ""),
        (target.pk, D(2024, 3, 1), None, "Điều động"),
    ]
    assert sorted(
        AuditEntry.objects.filter(action="member_transfer").values_list("organization_id", flat=True)
    ) == (sorted([cell.pk, target.pk]))


def test_transfer_to_a_unit_that_is_not_a_cell_is_refused(office, cell, tree):
    member = _create(office, cell)
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.member_transfer(actor=office, member=member, to=tree["Đảng bộ VKSND"], on=D(2024, 3, 1))
    assert exc.value.message_dict == {
        "organization": ["Đảng viên sinh hoạt ở chi bộ: “Đảng bộ VKSND” không phải là chi bộ."]
    }
    assert Member.objects.get(pk=member.pk).organization_id == cell.pk
    assert _counts() == before


def test_transfer_to_a_cell_out_of_scope_is_404_and_writes_nothing(office, cell, tree, make_user):
    member = _create(office, cell)
    cell_officer = make_user(role=R.CELL_OFFICER, organization=cell)
    before = _counts()
    with pytest.raises(Http404):
        services.member_transfer(
            actor=cell_officer, member=member, to=tree["Chi bộ Ngân sách"], on=D(2024, 3, 1)
        )
    assert Member.objects.get(pk=member.pk).organization_id == cell.pk
    assert _counts() == before


def test_transfer_before_the_current_membership_started_is_refused(office, cell, tree):
    member = _create(office, cell)
    with pytest.raises(ValidationError) as exc:
        services.member_transfer(actor=office, member=member, to=tree["Chi bộ Hình sự"], on=D(2010, 5, 19))
    assert exc.value.message_dict == {
        "on": ["Ngày chuyển phải sau ngày bắt đầu sinh hoạt ở chi bộ hiện tại (19/05/2010)."]
    }
    assert member.memberships.count() == 1


# transfer out and back in ------------------------------------------------------------------------------------------


def test_transfer_out_and_back_in_with_a_gap(office, cell, tree):
    member = _create(office, cell, status="full", full_on=D(2011, 5, 19))
    services.member_transfer_out(
        actor=office, member=member, on=D(2020, 1, 1), destination=" Đảng bộ xã Tân Phú "
    )
    member.refresh_from_db()
    assert member.status == "transferred_out"
    assert member.memberships.get().ends_on == D(2020, 1, 1)
    assert member.status_changes.last().reason == "Chuyển đến: Đảng bộ xã Tân Phú"

    services.member_transfer_in(
        actor=office, member=member, to=tree["Chi bộ Hình sự"], on=D(2020, 3, 1), gap_from=D(2020, 1, 1)
    )
    member.refresh_from_db()
    assert (member.status, member.organization_id) == ("full", tree["Chi bộ Hình sự"].pk)
    gap = member.gaps.get()
    assert (gap.kind, gap.starts_on, gap.ends_on) == ("transfer_gap", D(2020, 1, 1), D(2020, 3, 1))
    assert member.party_age_from == D(2010, 5, 19) + (D(2020, 3, 1) - D(2020, 1, 1))
    assert AuditEntry.objects.get(action="member_transfer_in").changes["left_on"] == "2020-01-01"


def test_transfer_out_needs_a_destination(office, cell):
    member = _create(office, cell)
    with pytest.raises(ValidationError) as exc:
        services.member_transfer_out(actor=office, member=member, on=D(2020, 1, 1), destination="  ")
    assert exc.value.message_dict == {"destination": ["Hãy ghi nơi chuyển đến."]}
    assert Member.objects.get(pk=member.pk).status == "probationary"


def test_transfer_in_refuses_a_member_who_has_not_left(office, cell, tree):
    member = _create(office, cell)
    before = _counts()
    with pytest.raises(ValidationError, match="Chỉ tiếp nhận đảng viên đã chuyển sinh hoạt đi."):
        services.member_transfer_in(actor=office, member=member, to=tree["Chi bộ Hình sự"], on=D(2020, 3, 1))
    assert _counts() == before


# temporary membership, gaps ----------------------------------------------------------------------------------------


def test_temporary_membership_elsewhere(office, cell, tree):
    member = _create(office, cell, status="full", full_on=D(2011, 5, 19))
    membership = services.member_temporary_membership(
        actor=office, member=member, at=tree["Chi bộ Hình sự"], starts_on=D(2025, 1, 1), ends_on=D(2025, 7, 1)
    )
    member.refresh_from_db()
    assert (membership.temporary, membership.organization_id) == (True, tree["Chi bộ Hình sự"].pk)
    assert member.status == "temporary_elsewhere"
    assert member.organization_id == cell.pk  # stays on the home cell's register
    assert AuditEntry.objects.filter(action="member_temporary").count() == 1


def test_temporary_membership_refuses_an_end_before_the_start(office, cell, tree):
    member = _create(office, cell)
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.member_temporary_membership(
            actor=office,
            member=member,
            at=tree["Chi bộ Hình sự"],
            starts_on=D(2025, 1, 1),
            ends_on=D(2024, 1, 1),
        )
    assert exc.value.message_dict == {"ends_on": ["Ngày kết thúc phải sau ngày bắt đầu."]}
    assert _counts() == before


def test_a_lost_contact_gap_moves_the_start_of_party_age(office, cell):
    member = _create(office, cell)
    services.member_record_gap(
        actor=office, member=member, kind="lost_contact", starts_on=D(2015, 1, 1), ends_on=D(2016, 1, 1)
    )
    member.refresh_from_db()
    assert member.party_age_from == D(2010, 5, 19) + datetime.timedelta(days=365)
    assert AuditEntry.objects.get(action="member_gap").changes == {
        "kind": "lost_contact",
        "from": "2015-01-01",
        "to": "2016-01-01",
    }


def test_a_gap_ending_before_it_starts_is_refused(office, cell):
    member = _create(office, cell)
    with pytest.raises(ValidationError, match="Ngày kết thúc phải sau ngày bắt đầu."):
        services.member_record_gap(
            actor=office, member=member, kind="lost_contact", starts_on=D(2016, 1, 1), ends_on=D(2015, 1, 1)
        )
    assert PartyGap.objects.count() == 0


# badges ------------------------------------------------------------------------------------------------------------


def test_badge_award_once_per_milestone(office, cell):
    member = _create(office, cell, admitted_on=D(1990, 1, 1), born_on=D(1960, 1, 1))
    award = services.badge_award(
        actor=office, member=member, years=30, awarded_on=D(2025, 2, 3), decision="QĐ 7"
    )
    assert (award.years, award.awarded_on, award.decision) == (30, D(2025, 2, 3), "QĐ 7")
    with pytest.raises(ValidationError) as exc:
        services.badge_award(actor=office, member=member, years=30, awarded_on=D(2025, 5, 19))
    assert exc.value.message_dict == {"years": ["Đảng viên đã được trao Huy hiệu 30 năm tuổi Đảng."]}
    assert member.badges.count() == 1
    assert AuditEntry.objects.filter(action="badge_award").count() == 1


# correction requests ----------------------------------------------------------------------------------------------


def test_a_member_asks_for_a_correction_and_the_cell_resolves_it(office, cell, make_user):
    member = _create(office, cell)
    own = make_user("an", role=R.MEMBER, organization=cell)
    Member.objects.filter(pk=member.pk).update(user=own)
    member.refresh_from_db()
    request = services.correction_request(actor=own, member=member, text="  Quê quán: Nam Định  ")
    assert (request.text, request.state) == ("Quê quán: Nam Định", "open")
    services.correction_resolve(actor=office, request=request, state="done", answer="Đã sửa quê quán.")
    request.refresh_from_db()
    assert (request.state, request.answer, request.resolved_by) == ("done", "Đã sửa quê quán.", office)
    assert request.resolved_at is not None
    with pytest.raises(ValidationError, match="Đề nghị này đã được xử lý."):
        services.correction_resolve(actor=office, request=request, state="declined")
    assert list(
        AuditEntry.objects.filter(object_id=str(member.pk)).order_by("id").values_list("action", flat=True)
    ) == [
        "member_create",
        "correction_request",
        "correction_resolve",
    ]


def test_correction_request_refusals(office, cell, make_user):
    member = _create(office, cell)
    other = make_user(role=R.MEMBER, organization=cell)  # a member of the same cell, not the owner
    with pytest.raises(Http404):
        services.correction_request(actor=other, member=member, text="Sửa hộ")
    with pytest.raises(ValidationError) as exc:
        services.correction_request(actor=office, member=member, text=" ")
    assert exc.value.message_dict == {"text": ["Hãy ghi nội dung cần sửa."]}
    assert CorrectionRequest.objects.count() == 0


def test_correction_resolve_out_of_scope_is_404(office, cell, tree, make_user):
    member = _create(office, cell)
    request = services.correction_request(actor=office, member=member, text="Sai ngày sinh")
    sibling = make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"])
    with pytest.raises(Http404):
        services.correction_resolve(actor=sibling, request=request, state="done")
    request.refresh_from_db()
    assert request.state == "open"
