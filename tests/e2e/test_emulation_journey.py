"""A year of emulation from the launch to the award register: the office of Đảng bộ Khối launches the year's
movement; three units below register themselves and their members (a stale form refused row by row, a registration
returned with its reason and sent again) and the committee approves them; the rates show who took part. The office
forms the units' cluster, whose leader keeps the signed pact (a PDF uploaded and downloaded back) and, at the year's
end, the review conference's results. The conference then votes on the members' phones: a unit fails by its votes,
the dossier (.docx) and the list (.xlsx) name those who passed, and the decision enters them in the register."""

import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from chibo.awards.models import Award, Nomination, NominationRound
from chibo.emulation.models import Cluster, ClusterResult, Movement, Pact, Registration
from chibo.members import services as member_services
from chibo.organizations.models import Grant
from chibo.work.models import QualityReview
from tests.e2e.helpers import docx_texts, log_in, look

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
R = Grant.Role
MOVEMENT = "Thi đua thực hiện thắng lợi nhiệm vụ chính trị"
CLUSTER = "Cụm thi đua số I"
BODY = "Hội nghị tổng kết Cụm thi đua số I"
PACT_ITEMS = [
    "Hoàn thành 100 % chỉ tiêu công tác chuyên môn",
    "Không có đảng viên vi phạm kỷ luật",
    "Kết nạp ít nhất một đảng viên mới",
]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
STC, VKS, BDT = "Đảng bộ Sở Tài chính", "Đảng bộ VKSND", "Chi bộ Ban Dân tộc"
XUAT_SAC, TIEN_TIEN, LDTT = "Tập thể lao động xuất sắc", "Tập thể lao động tiên tiến", "Lao động tiên tiến"


def sign_in(page, username):
    """Someone else at the same screen: the previous person's session is gone first."""
    page.context.clear_cookies()
    log_in(page, username)


def test_units_pledge_sign_the_pact_review_the_year_and_the_conference_votes_the_awards(
    desktop, phone, another_desktop, tree, make_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    year = today.year
    khoi, vks, stc, bdt = tree["Đảng bộ Khối"], tree[VKS], tree[STC], tree[BDT]
    office = make_user("vanphong", full_name="Hoàng Thị Mai", role=R.OFFICE_STAFF, organization=khoi)
    make_user("thuongtruc", full_name="Đinh Văn Khải", role=R.COMMITTEE_OFFICER, organization=khoi)
    make_user("du_vks", full_name="Ngô Minh Đức", role=R.COMMITTEE_OFFICER, organization=vks)
    make_user("du_tc", full_name="Lý Thị Thanh", role=R.COMMITTEE_OFFICER, organization=stc)
    make_user("bithu_bdt", full_name="Hà Văn Sơn", role=R.CELL_OFFICER, organization=bdt)
    make_user("phobithu_bdt", full_name="Vũ Thị Lan", role=R.CELL_OFFICER, organization=bdt)
    people = {}
    for i, (name, cell) in enumerate(
        [
            ("Nguyễn Thị Mai", bdt),
            ("Trần Văn Bình", bdt),
            ("Lê Thu Hà", tree["Chi bộ Văn phòng"]),
            ("Phạm Quốc Hùng", tree["Chi bộ Ngân sách"]),
        ],
        start=1,
    ):
        member = member_services.member_create(
            actor=office,
            organization=cell,
            citizen_id=f"00908500000{i}",
            full_name=name,
            sex="female" if "Thị" in name or name == "Lê Thu Hà" else "male",
            born_on=datetime.date(1985, 1, 1),
            admitted_on=datetime.date(2010, 1, 1),
            status="full",
        )
        member.user = make_user(f"dv{i}", full_name=name, role=R.MEMBER, organization=cell)
        member.save(update_fields=["user"])
        people[name] = member
    mai, binh = people["Nguyễn Thị Mai"], people["Trần Văn Bình"]
    # Mai's year is decided "Hoàn thành tốt nhiệm vụ" (she may be Lao động tiên tiến); Bình's is not decided yet.
    QualityReview.objects.create(
        member=mai,
        organization=bdt,
        year=year,
        quarter=0,
        stage="decided",
        general_points=Decimal(28),
        task_points=Decimal(62),
        self_level="good",
        allowed_level="good",
        decided_level="good",
    )

    # 1. The office (password and second factor) launches the year's movement; a missing name is named first.
    desk = desktop
    log_in(desk, "vanphong")
    expect(desk.get_by_role("heading", name="Xác thực hai lớp")).to_be_visible()
    secret_hex = TOTPDevice.objects.get(user__username="vanphong").bin_key
    desk.get_by_label("Mã xác thực 6 số").fill(f"{totp(secret_hex):06d}")
    desk.get_by_role("button", name="Xác nhận").click()
    expect(desk.get_by_role("heading", name="Xin chào, Hoàng Thị Mai")).to_be_visible()
    desk.get_by_text("Trình đơn").click()
    desk.get_by_role("link", name="Thi đua, khen thưởng").click()
    expect(desk.get_by_role("heading", name=f"Phong trào thi đua năm {year}")).to_be_visible()
    desk.get_by_role("link", name="Phong trào do đơn vị phát động").first.click()
    expect(desk.get_by_role("heading", name="Phong trào thi đua do Đảng bộ Khối phát động")).to_be_visible()
    expect(desk.get_by_label("Năm")).to_have_value(str(year))
    desk.get_by_label("Chủ đề").fill("Đoàn kết, kỷ cương, đổi mới, hiệu quả")
    desk.get_by_label("Từ ngày").fill(f"{year}-01-15")
    desk.get_by_label("Đến ngày").fill(f"{year}-12-31")
    desk.get_by_role("button", name="Phát động").click()
    expect(desk.get_by_text("Hãy ghi tên phong trào.")).to_be_visible()
    assert not Movement.objects.exists()
    desk.get_by_label("Tên phong trào").fill(MOVEMENT)
    desk.get_by_label("Nội dung, chỉ tiêu").fill(
        "Mỗi chi bộ, đảng bộ đăng ký danh hiệu tập thể; mỗi đảng viên đăng ký danh hiệu cá nhân."
    )
    look(desk, "emulation-launch")
    desk.get_by_role("button", name="Phát động").click()
    expect(desk.get_by_text(f"Đã phát động phong trào “{MOVEMENT}”.")).to_be_visible()
    expect(desk.get_by_role("heading", name=MOVEMENT)).to_be_visible()
    movement = Movement.objects.get()
    assert (movement.organizer, movement.year, movement.years) == (khoi, year, [year])
    movement_url = movement.get_absolute_url()
    look(desk, "emulation-movement")

    # 2. Chi bộ Ban Dân tộc registers: the deputy secretary, on her phone, sends the cell's own line while the
    # secretary's form is still open; his form is refused row by row, nothing saved, and sent again.
    secretary = another_desktop()
    log_in(secretary, "bithu_bdt")
    secretary.goto("/thi-dua/")
    secretary.get_by_role("link", name=MOVEMENT).click()
    secretary.locator("section", has_text="Đăng ký thi đua của đơn vị").get_by_role("link", name=BDT).click()
    expect(secretary.get_by_role("heading", name=f"Đăng ký thi đua năm {year}: {BDT}")).to_be_visible()
    secretary.get_by_label("Danh hiệu đăng ký của tập thể").select_option(label=XUAT_SAC)
    secretary.locator("#pledge_unit").fill("Hoàn thành xuất sắc nhiệm vụ chính trị năm " + str(year))
    secretary.get_by_label("Danh hiệu đăng ký: Nguyễn Thị Mai").select_option(label=LDTT)
    secretary.locator(f"#pledge_{mai.pk}").fill("Hoàn thành tốt nhiệm vụ, không vi phạm kỷ luật")
    secretary.get_by_label("Danh hiệu đăng ký: Trần Văn Bình").select_option(label=LDTT)

    sign_in(phone, "phobithu_bdt")
    phone.goto(movement_url + f"?nam={year}")
    phone.locator("section", has_text="Đăng ký thi đua của đơn vị").get_by_role("link", name=BDT).click()
    phone.get_by_label("Danh hiệu đăng ký của tập thể").select_option(label=TIEN_TIEN)
    phone.locator("#pledge_unit").fill("Hoàn thành tốt nhiệm vụ")
    look(phone, "emulation-register-phone")
    phone.get_by_role("button", name="Gửi cấp trên duyệt").click()
    expect(phone.get_by_text("Đã gửi 1 đăng ký để cấp trên duyệt.")).to_be_visible()

    secretary.get_by_role("button", name="Gửi cấp trên duyệt").click()
    expect(
        secretary.get_by_role("alert").filter(has_text=f"Dòng {BDT}: đăng ký đang chờ duyệt, không sửa được.")
    ).to_be_visible()
    assert list(Registration.objects.values_list("member_id", "honour", "status")) == [
        (None, "tap_the_lao_dong_tien_tien", "submitted")
    ]
    unit_row = secretary.locator("table.register tbody tr").first
    expect(unit_row).to_contain_text(TIEN_TIEN)
    expect(unit_row).to_contain_text("Chờ duyệt")
    # What he entered for the members is still there.
    expect(secretary.get_by_label("Danh hiệu đăng ký: Nguyễn Thị Mai")).to_have_value("lao_dong_tien_tien")
    look(secretary, "emulation-register-refused")
    secretary.get_by_role("button", name="Gửi cấp trên duyệt").click()
    expect(secretary.get_by_text("Đã gửi 2 đăng ký để cấp trên duyệt.")).to_be_visible()

    # The two committees below register themselves.
    for username, unit in (("du_vks", VKS), ("du_tc", STC)):
        sign_in(secretary, username)
        secretary.goto(movement_url + f"?nam={year}")
        section = secretary.locator("section", has_text="Đăng ký thi đua của đơn vị")
        section.get_by_role("link", name=unit, exact=True).click()
        secretary.get_by_label("Danh hiệu đăng ký của tập thể").select_option(label=XUAT_SAC)
        secretary.locator("#pledge_unit").fill("Trong sạch, vững mạnh tiêu biểu")
        secretary.get_by_role("button", name="Gửi cấp trên duyệt").click()
        expect(secretary.get_by_text("Đã gửi 1 đăng ký để cấp trên duyệt.")).to_be_visible()

    # 3. The committee of Đảng bộ Khối approves: a return needs its reason; the cell's line goes back to it.
    committee = another_desktop()
    log_in(committee, "thuongtruc")
    committee.goto(movement_url + f"?nam={year}")
    waiting = committee.locator("table.counts tr", has_text="Chờ duyệt")
    expect(waiting.locator("td")).to_have_text(["3", "2"])
    committee.get_by_label(f"Chọn {BDT}: {TIEN_TIEN}").check()
    committee.get_by_role("button", name="Trả lại các đăng ký đã chọn").click()
    expect(committee.get_by_text("Lý do trả lại: hãy ghi lý do để đơn vị sửa và gửi lại.")).to_be_visible()
    reason = "Chi bộ thống nhất lại danh hiệu đăng ký của tập thể"
    committee.get_by_label(f"Chọn {BDT}: {TIEN_TIEN}").check()
    committee.get_by_label("Lý do trả lại").fill(reason)
    committee.get_by_role("button", name="Trả lại các đăng ký đã chọn").click()
    expect(committee.get_by_text("Đã trả lại 1 đăng ký.")).to_be_visible()
    for label in (
        f"{VKS}: {XUAT_SAC}",
        f"{STC}: {XUAT_SAC}",
        f"Nguyễn Thị Mai: {LDTT}",
        f"Trần Văn Bình: {LDTT}",
    ):
        committee.get_by_label(f"Chọn {label}").check()
    look(committee, "emulation-approve")
    committee.get_by_role("button", name="Duyệt các đăng ký đã chọn").click()
    expect(committee.get_by_text("Đã duyệt 4 đăng ký.")).to_be_visible()
    expect(committee.locator("table.registrations tr", has_text=TIEN_TIEN)).to_contain_text(
        f"Lý do: {reason}"
    )

    # The secretary reads the reason, corrects the line and sends it again; the committee approves it.
    sign_in(secretary, "bithu_bdt")
    secretary.goto(f"/thi-dua/phong-trao/{movement.pk}/dang-ky/{bdt.pk}/?nam={year}")
    expect(secretary.get_by_text(f"Lý do trả lại: {reason}")).to_be_visible()
    secretary.get_by_label("Danh hiệu đăng ký của tập thể").select_option(label=XUAT_SAC)
    secretary.get_by_role("button", name="Gửi cấp trên duyệt").click()
    expect(secretary.get_by_text("Đã gửi 1 đăng ký để cấp trên duyệt.")).to_be_visible()
    committee.reload()
    committee.get_by_label(f"Chọn {BDT}: {XUAT_SAC}").check()
    committee.get_by_role("button", name="Duyệt các đăng ký đã chọn").click()
    expect(committee.get_by_text("Đã duyệt 1 đăng ký.")).to_be_visible()
    approved = committee.locator("table.counts tr", has_text="Đã duyệt")
    expect(approved.locator("td")).to_have_text(["3", "2"])
    assert set(Registration.objects.values_list("status", flat=True)) == {"approved"}
    look(committee, "emulation-approved")

    # The rates: the cell and both of its members; one collective of three in each committee's subtree.
    committee.get_by_role("link", name="Tỷ lệ đăng ký").click()
    expect(
        committee.get_by_role("heading", name=f"Tỷ lệ đăng ký thi đua năm {year}: Đảng bộ Khối")
    ).to_be_visible()
    rows = committee.locator("table.rates tr")
    expect(rows.filter(has_text=BDT).locator("td")).to_have_text(["2/2 (100 %)", "1/1 (100 %)"])
    expect(rows.filter(has_text=VKS).locator("td")).to_have_text(["0/1 (0 %)", "1/3 (33,3 %)"])
    expect(rows.filter(has_text=STC).locator("td")).to_have_text(["0/1 (0 %)", "1/3 (33,3 %)"])
    expect(rows.filter(has_text="Tổng cộng").locator("td")).to_have_text(["2/4 (50 %)", "3/7 (42,9 %)"])
    look(committee, "emulation-rates")

    # 4. The office forms the cluster of the three units, with a leader and a deputy (not the same unit).
    desk.goto(f"/thi-dua/to-chuc/{khoi.pk}/")
    desk.get_by_role("link", name=f"Cụm thi đua năm {year}").click()
    expect(desk.get_by_text("Chưa có cụm thi đua nào trong năm.")).to_be_visible()
    desk.get_by_label("Tên cụm").fill(CLUSTER)
    for unit in (VKS, STC, BDT):
        desk.get_by_label(unit, exact=True).check()
    desk.get_by_label("Cụm trưởng").select_option(label=VKS)
    desk.get_by_label("Cụm phó").select_option(label=VKS)
    desk.get_by_role("button", name="Lập cụm").click()
    expect(desk.get_by_text("Cụm trưởng và cụm phó phải là hai đơn vị khác nhau.")).to_be_visible()
    desk.get_by_label("Cụm phó").select_option(label=BDT)
    look(desk, "emulation-cluster-form")
    desk.get_by_role("button", name="Lập cụm").click()
    expect(desk.get_by_text(f"Đã lập {CLUSTER} năm {year}.")).to_be_visible()
    cluster = Cluster.objects.get()
    assert (cluster.year, cluster.leader, cluster.deputy) == (year, vks, bdt)
    assert set(cluster.units.all()) == {vks, stc, bdt}
    cluster_url = cluster.get_absolute_url()

    # 5. The leader unit keeps the pact: a file that is no PDF is refused, the signed PDF is kept and downloaded.
    leader = committee
    sign_in(leader, "du_vks")
    leader.goto(cluster_url)
    expect(leader.get_by_text("Chưa có giao ước thi đua.")).to_be_visible()
    leader.get_by_role("link", name="Giao ước thi đua").click()
    expect(leader.get_by_label("Đại diện các đơn vị ký")).to_have_value(f"{VKS} – \n{STC} – \n{BDT} – ")
    leader.get_by_label("Nội dung giao ước").fill("\n".join(PACT_ITEMS))
    leader.get_by_label("Ngày ký").fill(f"{year}-01-20")
    leader.get_by_label("Đại diện các đơn vị ký").fill(
        f"{VKS} – Ngô Minh Đức, Bí thư Đảng ủy\n{STC} – Lý Thị Thanh, Bí thư Đảng ủy\n{BDT} – Hà Văn Sơn, Bí thư Chi bộ"
    )
    fake = tmp_path / "giao-uoc.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    leader.get_by_label("Bản giao ước đã ký (PDF, DOCX, JPG, PNG; tối đa 10 MB)").set_input_files(str(fake))
    leader.get_by_role("button", name="Ghi giao ước").click()
    expect(
        leader.get_by_text("Tệp “giao-uoc.pdf” không phải tệp PDF thật: hãy chọn đúng bản giao ước đã ký.")
    ).to_be_visible()
    assert not Pact.objects.exists()
    signed = tmp_path / "giao-uoc-cum-I.pdf"
    signed.write_bytes(PDF)
    leader.get_by_label("Bản giao ước đã ký (PDF, DOCX, JPG, PNG; tối đa 10 MB)").set_input_files(str(signed))
    look(leader, "emulation-pact-form")
    leader.get_by_role("button", name="Ghi giao ước").click()
    expect(leader.get_by_text(f"Đã ghi giao ước thi đua của {CLUSTER}.")).to_be_visible()
    pact_card = leader.locator("#giao-uoc")
    expect(pact_card.locator("ol li")).to_have_text(PACT_ITEMS)
    expect(pact_card).to_contain_text(f"20/01/{year}")
    expect(pact_card).to_contain_text(f"{STC} – Lý Thị Thanh, Bí thư Đảng ủy")
    look(leader, "emulation-pact")
    with leader.expect_download() as got:
        pact_card.get_by_role("link", name="Tải bản giao ước đã ký").click()
    download = got.value
    assert download.suggested_filename == "giao-uoc-cum-I.pdf"
    assert download.path().read_bytes() == PDF
    assert Pact.objects.get().items == PACT_ITEMS

    # 6. The year ends: the review conference's results for each unit, against its pledge and each item.
    leader.get_by_role("link", name="Ghi kết quả tổng kết").click()
    expect(
        leader.get_by_role("heading", name=f"Hội nghị tổng kết thi đua năm {year}: {CLUSTER}")
    ).to_be_visible()
    leader.get_by_label("Ngày hội nghị tổng kết").fill(today.isoformat())
    results = {
        vks: ("Đạt", ["Vượt", "Đạt", "Đạt"], "98,5", "1", ""),
        bdt: ("Đạt", ["Đạt", "Đạt", "Đạt"], "95", "2", ""),
        stc: ("Không đạt", ["Đạt", "Đạt", "Không đạt"], "82", "3", "Chưa kết nạp đảng viên mới"),
    }
    for unit, (pledge, items, score, ranking, notes) in results.items():
        leader.get_by_label(f"So với đăng ký: {unit.name}").select_option(label=pledge)
        for n, outcome in enumerate(items, start=1):
            leader.locator(f"#item_{unit.pk}_{n}").select_option(label=outcome)
        leader.locator(f"#score_{unit.pk}").fill(score)
        leader.locator(f"#ranking_{unit.pk}").fill(ranking)
        leader.locator(f"#notes_{unit.pk}").fill(notes)
    look(leader, "emulation-results-form")
    leader.get_by_role("button", name="Ghi kết quả").click()
    expect(leader.get_by_text("Đã ghi kết quả tổng kết của 3 đơn vị.")).to_be_visible()
    lines = leader.locator("#ket-qua tbody tr")
    expect(lines).to_have_count(3)
    expect(lines.nth(0)).to_contain_text(VKS)
    expect(lines.nth(0)).to_contain_text("98,5")
    expect(lines.nth(2)).to_contain_text(STC)
    expect(lines.nth(2)).to_contain_text("Không đạt")
    expect(leader.locator("#ket-qua")).to_contain_text(f"Ngày hội nghị: {today:%d/%m/%Y}")
    look(leader, "emulation-cluster")
    assert {
        (r.organization_id, r.pledge_outcome, tuple(r.items), r.ranking) for r in ClusterResult.objects.all()
    } == {
        (vks.pk, "met", ("exceeded", "met", "met"), 1),
        (bdt.pk, "met", ("met", "met", "met"), 2),
        (stc.pk, "not_met", ("met", "met", "not_met"), 3),
    }

    # 7. The conference's round: voters by citizen ID (an unknown one named), the cluster chosen.
    desk.get_by_text("Trình đơn").click()
    desk.get_by_role("link", name="Khen thưởng", exact=True).click()
    expect(desk.get_by_role("heading", name="Sổ khen thưởng")).to_be_visible()
    desk.get_by_role("link", name="Bình xét thi đua, khen thưởng").click()
    expect(desk.get_by_text("Chưa có đợt bình xét nào.")).to_be_visible()
    desk.get_by_label("Hội đồng, hội nghị bình xét").fill(BODY)
    desk.get_by_label("Năm thành tích").fill(str(year))
    desk.get_by_label("Ngày họp").fill(today.isoformat())
    desk.get_by_label("Hội nghị tổng kết của cụm thi đua (nếu có)").select_option(label=f"{CLUSTER} ({year})")
    ids = [m.citizen_id for m in people.values()]
    desk.get_by_label("Thành viên bỏ phiếu: số CCCD, mỗi dòng một người").fill(
        "\n".join([*ids, "001099999999"])
    )
    desk.get_by_role("button", name="Lập đợt bình xét").click()
    expect(desk.get_by_text("Không có trong Đảng bộ Khối: 001099999999.")).to_be_visible()
    assert not NominationRound.objects.exists()
    expect(desk.get_by_label("Ngày họp")).to_have_value(today.isoformat())  # what was entered stays
    desk.get_by_label("Thành viên bỏ phiếu: số CCCD, mỗi dòng một người").fill("\n".join(ids))
    look(desk, "awards-round-form")
    desk.get_by_role("button", name="Lập đợt bình xét").click()
    expect(desk.get_by_text("Đã lập đợt bình xét.")).to_be_visible()
    expect(desk.get_by_role("heading", name=f"{BODY}: bình xét năm {year}")).to_be_visible()
    expect(desk.locator("dl.facts")).to_contain_text(
        "4 người: Trần Văn Bình, Lê Thu Hà, Phạm Quốc Hùng, Nguyễn Thị Mai"  # by given name
    )
    round_ = NominationRound.objects.get()
    assert round_.cluster == cluster
    round_url = desk.url

    # The list: Bình's year is not decided yet (refused with the reason), Mai is added, then the three units.
    desk.get_by_label("Danh hiệu, hình thức khen thưởng").select_option(label=LDTT)
    desk.get_by_label("Cá nhân: số CCCD").fill(binh.citizen_id)
    desk.get_by_role("button", name="Xét điều kiện và thêm").click()
    expect(
        desk.get_by_text(
            f"Chưa đủ điều kiện: chưa có xếp loại chất lượng năm {year} được quyết định, "
            "cần Hoàn thành tốt nhiệm vụ trở lên."
        )
    ).to_be_visible()
    desk.get_by_label("Cá nhân: số CCCD").fill(mai.citizen_id)
    desk.get_by_label("Tóm tắt thành tích").fill("Hoàn thành tốt nhiệm vụ được giao")
    desk.get_by_role("button", name="Xét điều kiện và thêm").click()
    expect(desk.get_by_text("Đã đưa Nguyễn Thị Mai vào danh sách đề nghị.")).to_be_visible()
    for unit in (VKS, BDT, STC):
        desk.get_by_label("Danh hiệu, hình thức khen thưởng").select_option(label=XUAT_SAC)
        desk.get_by_label("Tập thể: đơn vị").select_option(label=unit)
        desk.get_by_role("button", name="Xét điều kiện và thêm").click()
        expect(desk.get_by_text(f"Đã đưa {unit} vào danh sách đề nghị.")).to_be_visible()
    # The collective conditions are warnings in the shipped rule set: every unit is on the list.
    assert round_.nominations.count() == 4
    look(desk, "awards-round-list")
    desk.get_by_role("button", name="Đưa ra bỏ phiếu kín").click()
    expect(desk.get_by_text("Đã mở bỏ phiếu kín cho từng danh hiệu.")).to_be_visible()
    titles = [f"Bình xét “{honour}” năm {year} – {BODY}" for honour in (LDTT, XUAT_SAC)]
    for title in titles:
        expect(desk.get_by_role("link", name=title)).to_be_visible()
    look(desk, "awards-round-voting")

    # 8. The four members vote on their phones, one ballot per honour: Sở Tài chính gets two of four.
    choices = {
        "Nguyễn Thị Mai": [VKS, BDT, STC],
        "Trần Văn Bình": [VKS, BDT, STC],
        "Lê Thu Hà": [VKS, BDT],
        "Phạm Quốc Hùng": [VKS],
    }
    for n, (name, units) in enumerate(choices.items()):
        sign_in(phone, people[name].user.username)
        phone.goto("/bieu-quyet/cua-toi/")
        for title, picked in zip(titles, [["Nguyễn Thị Mai"], units], strict=True):
            phone.get_by_role("link", name=title).click()
            expect(phone.get_by_text("Chọn những người đồng chí tán thành đề nghị")).to_be_visible()
            for candidate in picked:
                phone.get_by_label(candidate, exact=True).check()
            if n == 0 and title == titles[1]:
                look(phone, "awards-ballot")
            phone.get_by_role("button", name="Gửi phiếu").click()
            expect(phone.get_by_text("Phiếu của đồng chí đã được ghi nhận.")).to_be_visible()
            phone.goto("/bieu-quyet/cua-toi/")
        expect(phone.get_by_text("Không có biểu quyết nào đang chờ.")).to_be_visible()

    # 9. The office closes and publishes each ballot on its page, then makes the proposal.
    for title in titles:
        desk.goto(round_url)
        desk.get_by_role("link", name=title).click()
        expect(desk.get_by_role("heading", name="Đã bỏ phiếu: 4/4")).to_be_visible()
        desk.get_by_role("button", name="Kết thúc biểu quyết").click()
        desk.get_by_role("button", name="Công bố kết quả").click()
        expect(desk.get_by_text("Đã công bố kết quả.")).to_be_visible()
    result = desk.locator(".result")
    expect(result).to_contain_text("Mỗi người cần quá một nửa của 4 thành viên được triệu tập.")
    expect(result.locator("li", has_text=f"{VKS}: 4")).to_contain_text("đạt, đề nghị")
    expect(result.locator("li", has_text=f"{BDT}: 3")).to_contain_text("đạt, đề nghị")
    expect(result.locator("li", has_text=f"{STC}: 2")).not_to_contain_text("đạt, đề nghị")
    look(desk, "awards-poll-result")
    desk.goto(round_url)
    desk.get_by_role("button", name="Lập tờ trình").click()
    expect(desk.get_by_text("Đã lập tờ trình.")).to_be_visible()
    expect(desk.locator("dl.facts")).to_contain_text("Đã lập tờ trình")
    table = desk.locator("table tbody tr")
    expect(table.filter(has_text="Nguyễn Thị Mai")).to_contain_text("4/4 (100 %) — đề nghị")
    expect(table.filter(has_text=VKS)).to_contain_text("4/4 (100 %) — đề nghị")
    expect(table.filter(has_text=XUAT_SAC).filter(has_text=BDT)).to_contain_text("3/4 (75 %) — đề nghị")
    expect(table.filter(has_text=STC)).to_contain_text("2/4 (50 %) — không đạt")
    look(desk, "awards-round-proposed")
    assert {n.recipient_name: (n.votes, n.passed) for n in Nomination.objects.all()} == {
        "Nguyễn Thị Mai": (4, True),
        VKS: (4, True),
        BDT: (3, True),
        STC: (2, False),
    }

    # The dossier names those who passed, not the unit that failed; so does the list.
    with desk.expect_download() as got:
        desk.get_by_role("link", name="Tờ trình (.docx)").click()
    assert got.value.suggested_filename == f"to-trinh-khen-thuong-{year}-{round_.pk}.docx"
    texts = docx_texts(got.value.path())
    whole = "\n".join(texts)
    assert "TỜ TRÌNH" in texts and f"Về việc đề nghị khen thưởng năm {year}" in texts
    assert f"1. {LDTT}: 1" in texts and f"2. {XUAT_SAC}: 2" in texts
    assert {"Nguyễn Thị Mai", VKS, BDT, "4/4 (100 %)", "3/4 (75 %)"} <= set(texts)
    assert BODY in whole and "4 thành viên được triệu tập" in whole
    assert STC not in whole and "2/4 (50 %)" not in whole
    with desk.expect_download() as got:
        desk.get_by_role("link", name="Danh sách đề nghị (.xlsx)").click()
    assert got.value.suggested_filename == f"danh-sach-khen-thuong-{year}-{round_.pk}.xlsx"
    got.value.save_as(tmp_path / got.value.suggested_filename)
    sheet = openpyxl.load_workbook(tmp_path / got.value.suggested_filename).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"Danh sách đề nghị khen thưởng năm {year} – Đảng bộ Khối"
    assert rows[-3:] == [
        (1, LDTT, "Nguyễn Thị Mai", BDT, 4, 4, "100"),
        (2, XUAT_SAC, VKS, None, 4, 4, "100"),
        (3, XUAT_SAC, BDT, None, 3, 4, "75"),
    ]

    # 10. The decision enters those who passed in the award register.
    desk.get_by_label("Số quyết định").fill("125-QĐ/ĐUK")
    desk.get_by_label("Ngày quyết định").fill(today.isoformat())
    desk.get_by_label("Cơ quan ban hành").fill("Ban Thường vụ Đảng ủy Khối")
    look(desk, "awards-decision-form")
    desk.get_by_role("button", name="Ghi vào sổ khen thưởng").click()
    expect(desk.get_by_text("Đã ghi 3 khen thưởng vào sổ.")).to_be_visible()
    expect(desk.locator("dl.facts")).to_contain_text("Đã có quyết định khen thưởng")
    desk.locator("nav.breadcrumbs").get_by_role("link", name="Sổ khen thưởng").click()
    register = desk.locator("table tbody tr")
    expect(register).to_have_count(3)
    expect(register.filter(has_text="Nguyễn Thị Mai")).to_contain_text(LDTT)
    expect(register.filter(has_text=VKS)).to_contain_text(XUAT_SAC)
    expect(register.filter(has_text=BDT).filter(has_text=XUAT_SAC)).to_contain_text(
        f"125-QĐ/ĐUK, {today:%d/%m/%Y}"
    )
    expect(register.filter(has_text=STC)).to_have_count(0)
    look(desk, "awards-register")
    assert sorted(
        (a.honour, a.member.full_name if a.member else a.organization.name, a.year)
        for a in Award.objects.select_related("member", "organization")
    ) == [
        ("lao_dong_tien_tien", "Nguyễn Thị Mai", year),
        ("tap_the_lao_dong_xuat_sac", BDT, year),
        ("tap_the_lao_dong_xuat_sac", VKS, year),
    ]
