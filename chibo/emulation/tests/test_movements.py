"""Movements, registrations and their status flow, forwarding upward, the participation rates (seed 004's figures
exactly as the page shows them, and the .xlsx read back); the gate and fixed query counts."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from openpyxl import load_workbook

from chibo.core.models import AuditEntry
from chibo.core.text import fold, name_sort_key
from chibo.emulation import selectors, services
from chibo.emulation.models import Forwarding, Movement, Registration
from chibo.emulation.tests.conftest import form_rows, register_url, text_of
from chibo.members import services as member_services
from chibo.members.models import Member
from chibo.organizations.models import Organization
from chibo.organizations.testing import bulk_children

D = datetime.date
K = Organization.Kind
S = Registration.Status


# ------------------------------------------------------------------------------------------------ movements


def test_the_committee_launches_a_movement_seen_by_its_whole_subtree(tree, people, login):
    khoi = tree["Đảng bộ Khối"]
    url = reverse("emulation:organizer", args=[khoi.pk])
    client = login(people.office)
    response = client.post(
        url, {"name": " ", "year": "2026", "starts_on": "2026-03-01", "ends_on": "2026-02-01", "theme": ""}
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "Hãy ghi tên phong trào." in page and "Ngày kết thúc phải sau ngày bắt đầu." in page
    response = client.post(url, {"name": "Thi đua yêu nước", "year": "2026", "starts_on": "2025-12-01"})
    assert "Ngày bắt đầu phải trong năm 2026." in text_of(response)
    assert not Movement.objects.exists()
    response = client.post(
        url,
        {
            "name": "Thi đua yêu nước",
            "theme": "Đoàn kết, sáng tạo",
            "year": "2026",
            "starts_on": "2026-01-15",
            "ends_on": "2027-12-31",
            "description": "Chỉ tiêu: 100 % chi bộ đăng ký.",
        },
    )
    movement = Movement.objects.get()
    assert response.status_code == 302 and response["Location"] == movement.get_absolute_url()
    assert (movement.organizer, movement.year, movement.years, movement.theme) == (
        khoi,
        2026,
        [2026, 2027],
        "Đoàn kết, sáng tạo",
    )
    assert AuditEntry.objects.filter(action="emulation_movement_create", object_id=str(movement.pk)).exists()
    # A cell deep in the subtree sees it, on the list and on its page; another committee does not.
    for user in (people.secretary, people.member_user, people.vks):
        client = login(user)
        assert "Thi đua yêu nước" in text_of(client.get(reverse("emulation:home"), {"nam": 2027}))
        assert "Đoàn kết, sáng tạo" in text_of(client.get(movement.get_absolute_url()))
    client = login(people.outsider)
    assert "Thi đua yêu nước" not in text_of(client.get(reverse("emulation:home"), {"nam": 2026}))
    assert client.get(movement.get_absolute_url()).status_code == 404
    # Only the committee and its office launch one; a cell does not.
    for user in (people.secretary, people.member_user, people.outsider):
        assert login(user).post(url, {"name": "Khác", "year": "2026"}).status_code == 404
    with pytest.raises(ValidationError, match="chi bộ không phát động phong trào"):
        services.movement_create(actor=people.office, organizer=tree["Chi bộ Văn phòng"], name="X", year=2026)
    assert Movement.objects.count() == 1


def test_a_movement_keeps_the_years_already_registered(tree, people, movement):
    services.registrations_save(
        actor=people.secretary,
        movement=movement,
        organization=tree["Chi bộ Văn phòng"],
        year=2026,
        rows={None: {"honour": "tap_the_lao_dong_tien_tien", "pledge": ""}},
    )
    with pytest.raises(ValidationError) as caught:
        services.movement_update(actor=people.office, movement=movement, name=movement.name, year=2027)
    assert caught.value.message_dict == {
        "year": ["Đã có đăng ký thi đua năm 2026: thời gian phong trào phải gồm năm đó."]
    }
    movement.refresh_from_db()
    assert movement.year == 2026


# -------------------------------------------------------------------------------------------- registrations


def test_the_cell_registers_itself_and_its_members_all_or_nothing(tree, people, movement, login):
    vp = tree["Chi bộ Văn phòng"]
    mai, binh, ha = people.members
    client = login(people.secretary)
    url = register_url(movement, vp)
    page = text_of(client.get(url))
    assert "Đăng ký thi đua năm 2026: Chi bộ Văn phòng" in page
    assert "Nguyễn Thị Mai" in page and "Lê Thu Hà" in page
    # A collective title for the member, an individual one for the cell: both rows named, nothing saved.
    response = client.post(url, form_rows(people, unit="lao_dong_tien_tien", mai="tap_the_lao_dong_xuat_sac"))
    assert response.status_code == 400
    page = text_of(response)
    assert (
        "Dòng Chi bộ Văn phòng, danh hiệu đăng ký: “Lao động tiên tiến” là danh hiệu cho cá nhân, "
        "không đăng ký cho tập thể." in page
    )
    assert (
        "Dòng Nguyễn Thị Mai, danh hiệu đăng ký: “Tập thể lao động xuất sắc” là danh hiệu cho tập thể, "
        "không đăng ký cho cá nhân." in page
    )
    assert not Registration.objects.exists()
    # An unknown code is named too.
    response = client.post(url, form_rows(people, binh="sieu_nhan"))
    assert "Dòng Trần Văn Bình, danh hiệu đăng ký: “sieu_nhan” không có trong danh mục danh hiệu." in text_of(
        response
    )
    assert not Registration.objects.exists()
    # Saved as drafts, then sent.
    assert client.post(url, form_rows(people)).status_code == 302
    rows = {r.member_id: r for r in Registration.objects.all()}
    assert set(rows) == {None, mai.pk, binh.pk}
    assert {r.status for r in rows.values()} == {S.DRAFT}
    assert (
        rows[None].honour == "tap_the_lao_dong_xuat_sac" and rows[mai.pk].pledge == "Có sáng kiến cấp cơ sở"
    )
    assert rows[mai.pk].deciding_path == tree["Đảng bộ VKSND"].path
    assert client.post(url, form_rows(people, submit="1")).status_code == 302
    assert set(Registration.objects.values_list("status", flat=True)) == {S.SUBMITTED}
    page = text_of(client.get(url))
    assert page.count("Chờ duyệt") == 3 and "Chưa đăng ký" in page  # Hà registered nothing
    # Sent: no longer changed from the form.
    response = client.post(url, {"member": [str(binh.pk)], f"honour_{binh.pk}": "chien_si_thi_dua_co_so"})
    assert "Dòng Trần Văn Bình: đăng ký đang chờ duyệt, không sửa được." in text_of(response)
    assert Registration.objects.get(member=binh).honour == "lao_dong_tien_tien"
    # A member of another cell is not on this cell's form.
    with pytest.raises(ValidationError, match="Đảng viên .* không thuộc Chi bộ Văn phòng"):
        services.registrations_save(
            actor=people.secretary,
            movement=movement,
            organization=vp,
            year=2026,
            rows={people.hs_member.pk: {"honour": "lao_dong_tien_tien", "pledge": ""}},
        )
    assert ha.pk not in set(Registration.objects.values_list("member_id", flat=True))


def test_once_every_line_is_sent_the_form_offers_nothing_to_send(tree, people, movement, login):
    vp = tree["Chi bộ Văn phòng"]
    client = login(people.secretary)
    url = register_url(movement, vp)
    page = text_of(client.get(url))
    assert "Thi đua thực hiện thắng lợi nhiệm vụ chính trị năm 2026, do Đảng bộ Khối phát động." in page
    assert "Lưu bản nháp" in page
    ha = people.members[2]
    rows = form_rows(people, submit="1") | {f"honour_{ha.pk}": "lao_dong_tien_tien"}
    assert client.post(url, rows).status_code == 302
    page = text_of(client.get(url))
    assert page.count("Chờ duyệt") == 4
    assert "Lưu bản nháp" not in page and "Gửi cấp trên duyệt" not in page
    assert "Mọi dòng đăng ký của đơn vị đã gửi cấp trên; dòng bị trả lại sẽ sửa được tại đây." in page


def _send(people, tree, movement, **rows):
    services.registrations_save(
        actor=people.secretary,
        movement=movement,
        organization=tree["Chi bộ Văn phòng"],
        year=2026,
        rows={
            None: {"honour": "tap_the_lao_dong_xuat_sac", "pledge": ""},
            people.members[0].pk: {"honour": "chien_si_thi_dua_co_so", "pledge": ""},
            people.members[1].pk: {"honour": "lao_dong_tien_tien", "pledge": ""},
        },
        submit=True,
    )
    return {r.member_id: r for r in Registration.objects.all()}


def test_the_committee_above_approves_or_rejects_with_a_reason_and_the_cell_sends_again(
    tree, people, movement, login
):
    mai, binh, _ha = people.members
    rows = _send(people, tree, movement)
    decide = reverse("emulation:movement_decide", args=[movement.pk])
    page_url = movement.get_absolute_url() + "?nam=2026"
    client = login(people.vks)
    page = text_of(client.get(page_url))
    assert "Duyệt các đăng ký đã chọn" in page
    # Chờ duyệt: 1 collective, 2 individuals.
    assert "Chờ duyệt 1 2" in page
    # Rejecting needs a reason: refused, nothing changed.
    response = client.post(
        decide, {"registration": [rows[mai.pk].pk], "decision": "reject", "reason": " "}, follow=True
    )
    assert "Lý do trả lại: hãy ghi lý do để đơn vị sửa và gửi lại." in text_of(response)
    assert Registration.objects.get(member=mai).status == S.SUBMITTED
    client.post(
        decide,
        {
            "registration": [rows[mai.pk].pk],
            "decision": "reject",
            "reason": "Chưa có sáng kiến được công nhận: đăng ký Lao động tiên tiến",
        },
    )
    returned = Registration.objects.get(member=mai)
    assert (returned.status, returned.reject_reason, returned.decided_by) == (
        S.REJECTED,
        "Chưa có sáng kiến được công nhận: đăng ký Lao động tiên tiến",
        people.vks,
    )
    # The cell sees why, corrects and sends again.
    cell = login(people.secretary)
    page = text_of(cell.get(register_url(movement, tree["Chi bộ Văn phòng"])))
    assert "Bị trả lại Lý do trả lại: Chưa có sáng kiến được công nhận: đăng ký Lao động tiên tiến" in page
    cell.post(
        register_url(movement, tree["Chi bộ Văn phòng"]),
        {
            "member": [str(mai.pk)],
            f"honour_{mai.pk}": "lao_dong_tien_tien",
            f"pledge_{mai.pk}": "",
            "submit": "1",
        },
    )
    again = Registration.objects.get(member=mai)
    assert (again.status, again.honour) == (S.SUBMITTED, "lao_dong_tien_tien")
    # Neither the cell, a sibling committee, another committee nor a plain member approves.
    ids = list(Registration.objects.values_list("pk", flat=True))
    for user in (people.secretary, people.hs, people.tc, people.outsider, people.member_user):
        response = login(user).post(decide, {"registration": ids, "decision": "approve"})
        assert response.status_code == 404, user
    assert set(Registration.objects.values_list("status", flat=True)) == {S.SUBMITTED}
    client = login(people.vks)
    client.post(decide, {"registration": ids, "decision": "approve"})
    assert set(Registration.objects.values_list("status", flat=True)) == {S.APPROVED}
    response = client.post(decide, {"registration": [again.pk], "decision": "approve"}, follow=True)
    assert "Dòng Nguyễn Thị Mai: đăng ký đang ở tình trạng “Đã duyệt”, không phải chờ duyệt." in text_of(
        response
    )
    # Approved: the cell cannot change it any more.
    with pytest.raises(ValidationError) as caught:
        services.registrations_save(
            actor=people.secretary,
            movement=movement,
            organization=tree["Chi bộ Văn phòng"],
            year=2026,
            rows={binh.pk: {"honour": "", "pledge": ""}},
        )
    assert caught.value.messages == ["Dòng Trần Văn Bình: đăng ký đã được duyệt, không sửa được."]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "emulation_registrations",
        "emulation_registrations_reject",
        "emulation_registrations_approve",
    } <= actions


def test_the_movement_page_shows_the_viewer_s_scope(tree, people, movement, login):
    _send(people, tree, movement)
    services.registrations_save(
        actor=people.hs,
        movement=movement,
        organization=tree["Chi bộ Hình sự"],
        year=2026,
        rows={people.hs_member.pk: {"honour": "lao_dong_tien_tien", "pledge": ""}},
    )
    url = movement.get_absolute_url() + "?nam=2026"
    mine = text_of(login(people.hs).get(url))
    assert "Phạm Minh Tuấn" in mine and "Nguyễn Thị Mai" not in mine
    office = text_of(login(people.office).get(url))
    assert "Phạm Minh Tuấn" in office and "Nguyễn Thị Mai" in office
    # A plain member sees the cell's list but no controls.
    member = login(people.member_user).get(url)
    assert "Nguyễn Thị Mai" in text_of(member) and "Duyệt các đăng ký đã chọn" not in text_of(member)
    filtered = text_of(login(people.office).get(url + "&tinh-trang=draft"))
    assert "Phạm Minh Tuấn" in filtered and "Nguyễn Thị Mai" not in filtered


def test_a_committee_forwards_its_consolidated_list_upward(tree, people, movement, login):
    rows = _send(people, tree, movement)
    vks, khoi = tree["Đảng bộ VKSND"], tree["Đảng bộ Khối"]
    forward = reverse("emulation:movement_forward", args=[movement.pk])
    client = login(people.vks)
    response = client.post(forward, {"committee": vks.pk, "nam": 2026}, follow=True)
    assert "Còn 3 đăng ký chờ Đảng bộ VKSND duyệt: hãy duyệt hoặc trả lại trước khi chuyển lên." in text_of(
        response
    )
    assert not Forwarding.objects.exists()
    services.registrations_decide(
        actor=people.vks, movement=movement, ids=[r.pk for r in rows.values()], approve=True
    )
    # The cell, a sibling or a plain member cannot forward the committee's list.
    for user in (people.secretary, people.tc, people.member_user, people.outsider):
        assert login(user).post(forward, {"committee": vks.pk, "nam": 2026}).status_code == 404, user
    assert not Forwarding.objects.exists()
    client = login(people.vks)
    response = client.post(forward, {"committee": vks.pk, "nam": 2026, "note": "Đủ hồ sơ"}, follow=True)
    assert "Đảng bộ VKSND đã chuyển danh sách đăng ký tổng hợp lên Đảng bộ Khối." in text_of(response)
    sent = Forwarding.objects.get()
    assert (sent.organization, sent.to_organization, sent.forwarded_by, sent.note) == (
        vks,
        khoi,
        people.vks,
        "Đủ hồ sơ",
    )
    assert sent.counts == {
        "collective": {"approved": 1},
        "individual": {"approved": 2},
        "honours": {"chien_si_thi_dua_co_so": 1, "lao_dong_tien_tien": 1, "tap_the_lao_dong_xuat_sac": 1},
    }
    # The counts stay as they stood: a later registration does not change them.
    services.registrations_save(
        actor=people.secretary,
        movement=movement,
        organization=tree["Chi bộ Văn phòng"],
        year=2026,
        rows={people.members[2].pk: {"honour": "lao_dong_tien_tien", "pledge": ""}},
        submit=True,
    )
    sent.refresh_from_db()
    assert sent.counts["individual"] == {"approved": 2}
    # The Khối receives it.
    page = text_of(login(people.office).get(movement.get_absolute_url() + "?nam=2026"))
    assert "Đảng bộ VKSND Đủ hồ sơ Đảng bộ Khối" in page
    assert "Chiến sĩ thi đua cơ sở: 1" in page and "Tập thể lao động xuất sắc: 1" in page
    # The organizer does not forward; a cell does not either.
    with pytest.raises(ValidationError, match="là cấp phát động hoặc ở ngoài phạm vi phong trào"):
        services.registrations_forward(actor=people.office, movement=movement, committee=khoi, year=2026)
    with pytest.raises(ValidationError, match="danh sách tổng hợp do đảng bộ chuyển lên"):
        services.registrations_forward(
            actor=people.office, movement=movement, committee=tree["Chi bộ Văn phòng"], year=2026
        )
    assert Forwarding.objects.count() == 1


# ------------------------------------------------------------------------------------- participation rates


def _members(cells, counts, *, start=0, status="full"):
    """Active members bulk-created in ``cells``: counts[i] in cells[i]."""
    rows, n = [], start
    for cell, count in zip(cells, counts, strict=True):
        for _i in range(count):
            n += 1
            name = f"Đảng viên {n}"
            rows.append(
                Member(
                    citizen_id=f"{n:012d}",
                    full_name=name,
                    sex="male",
                    born_on=D(1980, 1, 1),
                    admitted_on=D(2005, 1, 1),
                    party_age_from=D(2005, 1, 1),
                    status=status,
                    organization=cell,
                    organization_path=cell.path,
                    search_name=fold(name),
                    sort_key=name_sort_key(name),
                )
            )
    return Member.objects.bulk_create(rows, batch_size=2000)


def _registrations(movement, members=(), units=(), *, status=S.SUBMITTED, honour=None):
    rows = [
        Registration(
            movement=movement,
            year=2026,
            organization_id=m.organization_id,
            organization_path=m.organization_path,
            deciding_path=m.organization_path[:-4],
            member=m,
            honour=honour or "lao_dong_tien_tien",
            status=status,
            reject_reason="Sửa lại" if status == S.REJECTED else "",
        )
        for m in members
    ]
    rows += [
        Registration(
            movement=movement,
            year=2026,
            organization=u,
            organization_path=u.path,
            deciding_path=u.path[:-4],
            honour=honour or "tap_the_lao_dong_tien_tien",
            status=status,
        )
        for u in units
    ]
    Registration.objects.bulk_create(rows, batch_size=2000)


def _seed_004(build_tree, make_user, *, committees=(38, 2), cells=(9, 8), grassroots_cells=24):
    """Đảng bộ khối cơ quan dân chính đảng: 64 chi, đảng bộ cơ sở (40 grassroots committees with 358 cells, 24
    grassroots cells): 422 collectives below the Khối."""
    root = build_tree({"Đảng bộ khối cơ quan dân chính đảng tỉnh": K.COMMITTEE})[
        "Đảng bộ khối cơ quan dân chính đảng tỉnh"
    ]
    bulk_children(root, sum(committees), kind=K.GRASSROOTS_COMMITTEE, prefix="Đảng bộ cơ sở")
    bulk_children(root, grassroots_cells, kind=K.GRASSROOTS_CELL, prefix="Chi bộ cơ sở")
    children = list(Organization.objects.filter(path__startswith=root.path, depth=2).order_by("path"))
    sizes = [cells[0]] * committees[0] + [cells[1]] * committees[1]
    for committee, size in zip(children, sizes, strict=False):
        bulk_children(committee, size, kind=K.CELL, prefix=f"Chi bộ thuộc {committee.name}")
    leaves = list(
        Organization.objects.filter(path__startswith=root.path, numchild=0, depth__gt=1).order_by("path")
    )
    below = list(Organization.objects.filter(path__startswith=root.path, depth__gt=1))
    office = make_user("vp_dang_uy_khoi", role="office_staff", organization=root)
    movement = services.movement_create(
        actor=office, organizer=root, name="Học và làm theo gương Bác", year=2026
    )
    return root, leaves, below, office, movement


def test_rates_of_seed_004_exactly_as_the_page_shows_them(
    build_tree, make_user, login, django_assert_num_queries
):
    root, leaves, below, office, movement = _seed_004(build_tree, make_user)
    assert len(below) == 422 and len(leaves) == 382
    counts = [13_778 // len(leaves) + (1 if i < 13_778 % len(leaves) else 0) for i in range(len(leaves))]
    members = _members(leaves, counts)
    assert len(members) == 13_778
    _registrations(movement, members[:13_130], below)
    # Not counted: drafts and returned registrations, members who left (with their registrations).
    _registrations(movement, members[13_130:13_140], status=S.DRAFT)
    _registrations(movement, members[13_140:13_145], status=S.REJECTED)
    left = _members(leaves[:5], [1] * 5, start=20_000, status="transferred_out")
    _registrations(movement, left)
    client = login(office)
    response = client.get(reverse("emulation:rates", args=[root.pk]), {"nam": 2026})
    page = text_of(response)
    assert "Tổng cộng 13.130/13.778 (95,3 %) 422/422 (100 %)" in page
    with django_assert_num_queries(3):  # the units below, the members, the units
        report = selectors.participation(unit=root, year=2026, movement=movement)
    assert len(report.rows) == 64 and report.total.individual_rate.words == "13.130/13.778 (95,3 %)"
    assert all(r.collective_rate.words.endswith("(100 %)") for r in report.rows)
    # A grassroots committee's row counts itself and its 9 cells.
    first = report.rows[0]
    assert (first.units, first.collectives) == (10, 10)
    book = load_workbook(
        io.BytesIO(client.get(reverse("emulation:rates_xlsx", args=[root.pk]), {"nam": 2026}).content)
    )
    sheet = list(book.active.iter_rows(values_only=True))
    assert sheet[0][0] == "Tỷ lệ đăng ký thi đua năm 2026 – Đảng bộ khối cơ quan dân chính đảng tỉnh"
    assert sheet[2] == (
        "Đơn vị",
        "Đảng viên",
        "Cá nhân đăng ký",
        "Tỷ lệ cá nhân",
        "Tổ chức đảng",
        "Tập thể đăng ký",
        "Tỷ lệ tập thể",
    )
    assert len(sheet) == 3 + 64 + 1
    assert sheet[-1] == ("Tổng cộng", 13_778, 13_130, "95,3 %", 422, 422, "100 %")


def test_rates_per_unit_below_count_each_member_once_and_leave_the_root_out(
    tree, people, movement, login, django_assert_num_queries
):
    vp, hs = tree["Chi bộ Văn phòng"], tree["Chi bộ Hình sự"]
    mai, binh, ha = people.members
    _send(people, tree, movement)  # the cell and Mai, Bình: awaiting approval
    other = services.movement_create(
        actor=people.office, organizer=tree["Đảng bộ Khối"], name="Khác", year=2026
    )
    services.registrations_save(
        actor=people.secretary,
        movement=other,
        organization=vp,
        year=2026,
        rows={
            mai.pk: {"honour": "lao_dong_tien_tien", "pledge": ""},
            ha.pk: {"honour": "lao_dong_tien_tien", "pledge": ""},
        },
    )  # drafts: not counted
    vks = tree["Đảng bộ VKSND"]
    services.registrations_save(
        actor=people.vks,
        movement=movement,
        organization=vks,
        year=2026,
        rows={None: {"honour": "tap_the_lao_dong_xuat_sac", "pledge": ""}},
        submit=True,
    )
    with django_assert_num_queries(3):  # as many as for seed 004's 422 units and 13,778 members
        report = selectors.participation(unit=vks, year=2026)
    by_name = {r.name: r for r in report.rows}
    assert [r.name for r in report.rows] == ["Chi bộ Văn phòng", "Chi bộ Hình sự"]
    assert by_name["Chi bộ Văn phòng"].individual_rate.words == "2/3 (66,7 %)"
    assert by_name["Chi bộ Văn phòng"].collective_rate.words == "1/1 (100 %)"
    assert by_name["Chi bộ Hình sự"].individual_rate.words == "0/1 (0 %)"
    # The committee's own registration is not among the collectives below it.
    assert report.total.collective_rate.words == "1/2 (50 %)"
    assert report.total.individual_rate.words == "2/4 (50 %)"
    # From the Khối, the committee counts itself and its cells.
    khoi = selectors.participation(unit=tree["Đảng bộ Khối"], year=2026, movement=movement)
    row = next(r for r in khoi.rows if r.unit_id == vks.pk)
    assert row.collective_rate.words == "2/3 (66,7 %)"
    # A cell is its own row.
    with django_assert_num_queries(2):
        cell = selectors.participation(unit=vp, year=2026)
    assert [(r.name, r.individual_rate.words, r.collective_rate.words) for r in cell.rows] == [
        ("Chi bộ Văn phòng", "2/3 (66,7 %)", "1/1 (100 %)")
    ]
    # Draft approved elsewhere does not count twice: Mai submitted in the second movement too.
    services.registrations_submit(actor=people.secretary, movement=other, organization=vp, year=2026)
    assert selectors.participation(unit=vp, year=2026).total.individuals == 3
    # One movement chosen, each counts only its own: Mai in both, Bình in the first, Hà in the second.
    with django_assert_num_queries(2):
        first = selectors.participation(unit=vp, year=2026, movement=movement)
    second = selectors.participation(unit=vp, year=2026, movement=other)
    assert (first.total.individuals, first.total.members, first.total.collectives) == (2, 3, 1)
    assert (second.total.individuals, second.total.members, second.total.collectives) == (2, 3, 0)
    page = text_of(login(people.secretary).get(reverse("emulation:rates", args=[vp.pk]), {"nam": 2026}))
    assert "Tổng cộng 3/3 (100 %) 1/1 (100 %)" in page
    assert hs.pk  # the sibling cell's page is refused in the refusal test


# --------------------------------------------------------------------------------------------- the gate


def _urls(tree, movement):
    vp, vks = tree["Chi bộ Văn phòng"], tree["Đảng bộ VKSND"]
    return {
        "home": reverse("emulation:home"),
        "organizer": reverse("emulation:organizer", args=[tree["Đảng bộ Khối"].pk]),
        "movement": movement.get_absolute_url(),
        "movement_edit": reverse("emulation:movement_edit", args=[movement.pk]),
        "movement_decide": reverse("emulation:movement_decide", args=[movement.pk]),
        "movement_forward": reverse("emulation:movement_forward", args=[movement.pk]),
        "register_pick": reverse("emulation:register_pick", args=[movement.pk]) + f"?don-vi={vp.pk}",
        "register": register_url(movement, vp),
        "rates": reverse("emulation:rates", args=[vks.pk]) + "?nam=2026",
        "rates_xlsx": reverse("emulation:rates_xlsx", args=[vks.pk]) + "?nam=2026",
    }


def test_movement_pages_are_refused_out_of_scope_and_writes_to_a_member(tree, people, movement, login):
    rows = _send(people, tree, movement)
    urls = _urls(tree, movement)
    ids = [r.pk for r in rows.values()]
    # Outside the organizer's subtree: every page and write of the movement is a 404 (the list is empty).
    client = login(people.outsider)
    for name, url in urls.items():
        if name in ("home",):
            assert "Thi đua thực hiện" not in text_of(client.get(url))
            continue
        if name in ("movement_decide", "movement_forward"):
            assert (
                client.post(
                    url, {"registration": ids, "decision": "approve", "committee": tree["Đảng bộ VKSND"].pk}
                ).status_code
                == 404
            )
            continue
        assert client.get(url).status_code == 404, name
    # The sibling cell and the sibling committee: not the cell's form, not the committee's rates, no writes.
    for user in (people.hs, people.tc):
        client = login(user)
        for name in ("register", "rates", "rates_xlsx", "movement_edit"):
            assert client.get(urls[name]).status_code == 404, (user, name)
        assert client.get(urls["register_pick"], follow=True).status_code == 404
        assert client.post(urls["register"], form_rows(people, submit="1")).status_code == 404
        assert (
            client.post(
                urls["movement_decide"], {"registration": ids, "decision": "reject", "reason": "x"}
            ).status_code
            == 404
        )
        assert (
            client.post(urls["movement_forward"], {"committee": tree["Đảng bộ VKSND"].pk}).status_code == 404
        )
    # A plain member reads but writes nothing.
    client = login(people.member_user)
    assert client.get(urls["register"]).status_code == 200
    assert client.post(urls["register"], form_rows(people, unit="")).status_code == 404
    assert (
        client.post(urls["movement_decide"], {"registration": ids, "decision": "approve"}).status_code == 404
    )
    assert client.post(urls["organizer"], {"name": "X", "year": 2026}).status_code == 404
    assert client.get(urls["movement_edit"]).status_code == 404
    assert set(Registration.objects.values_list("status", flat=True)) == {S.SUBMITTED}
    assert Registration.objects.count() == 3 and Movement.objects.count() == 1


def test_every_emulation_page_is_in_a_refusal_test():
    _, sub = get_resolver().namespace_dict["emulation"]
    names = {p.name for p in sub.url_patterns}
    from chibo.emulation.tests.test_clusters import CLUSTER_PAGES

    assert names == {
        "home",
        "organizer",
        "movement",
        "movement_edit",
        "movement_decide",
        "movement_forward",
        "register_pick",
        "register",
        "rates",
        "rates_xlsx",
        *CLUSTER_PAGES,
    }


# ----------------------------------------------------------------------------------------- query counts


def test_movement_pages_run_a_fixed_number_of_queries(
    tree, people, movement, login, django_assert_num_queries
):
    _send(people, tree, movement)
    vp, vks = tree["Chi bộ Văn phòng"], tree["Đảng bộ VKSND"]
    urls = [
        reverse("emulation:home") + "?nam=2026",
        reverse("emulation:organizer", args=[tree["Đảng bộ Khối"].pk]),
        movement.get_absolute_url() + "?nam=2026",
        movement.get_absolute_url() + f"?nam=2026&don-vi={vks.pk}&tinh-trang=submitted",
        register_url(movement, vp),
        reverse("emulation:rates", args=[vks.pk]) + "?nam=2026",
        reverse("emulation:rates", args=[tree["Đảng bộ Khối"].pk]) + f"?nam=2026&phong-trao={movement.pk}",
    ]
    client = login(people.office)

    def count():
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, url
            counts.append(len(ctx.captured_queries))
        return counts

    small = count()
    assert small[5] <= 14, small  # the rates: the gate, the movements, five counts, the session and the menu
    # Many more members, cells, registrations, rejections, forwardings and movements.
    bulk_children(vks, 15, kind=K.CELL)
    cells = list(Organization.objects.filter(path__startswith=vks.path, depth=vks.depth + 1))
    members = _members(cells, [4] * len(cells), start=500)
    for i in range(30):
        member = member_services.member_create(
            actor=people.secretary,
            organization=vp,
            citizen_id=f"0090850000{i:02d}",
            full_name=f"Võ Văn {i}",
            sex="male",
            born_on=D(1980, 1, 1),
            admitted_on=D(2005, 1, 1),
            status="full",
        )
        members.append(member)
    _registrations(movement, members[:60], cells[2:])
    _registrations(movement, members[60:70], status=S.REJECTED)
    _registrations(movement, members[70:], status=S.APPROVED)
    services.movement_create(
        actor=people.office, organizer=tree["Đảng bộ Khối"], name="Phong trào thứ hai", year=2026
    )
    services.registrations_decide(
        actor=people.vks,
        movement=movement,
        ids=list(
            Registration.objects.filter(organization=vp, status=S.SUBMITTED).values_list("pk", flat=True)
        ),
        approve=True,
    )
    Registration.objects.filter(status=S.SUBMITTED, deciding_path=vks.path).update(status=S.APPROVED)
    services.registrations_forward(actor=people.vks, movement=movement, committee=vks, year=2026)
    services.registrations_forward(actor=people.vks, movement=movement, committee=vks, year=2026)
    for url, n in zip(urls, small, strict=True):
        with django_assert_num_queries(n):
            assert client.get(url).status_code == 200, url
