"""The annual quality review from the member to the committee: a member fills the self-assessment on a phone and is
held to the rules, the cell's secretary proposes the levels and reads the cap on "excellent" as a warning, downloads
the list and the minutes, the grassroots committee decides under one decision and reads the roll-up, and the member
sees the committee's level on the phone.

Set ``SCREENSHOTS`` to a directory to keep a full-page picture of every page of the review at 1280 px and at 360 px.
"""

import datetime
import re
from decimal import Decimal

import docx
import openpyxl
import pytest
from playwright.sync_api import expect

from chibo.members import services as member_services
from chibo.organizations.models import Grant
from chibo.work import quality
from chibo.work.models import QualityReview
from tests.e2e.helpers import log_in, look

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
YEAR = 2026
QUERY = f"?nam={YEAR}&quy=0"
EXCELLENT = "Hoàn thành xuất sắc nhiệm vụ"
GOOD = "Hoàn thành tốt nhiệm vụ"
WARNING = "⚠ Vượt trần đảng viên Hoàn thành xuất sắc nhiệm vụ:"


def quota_text(excellent, good, cap, over):
    return (
        f"{WARNING} {excellent}, trần 20 % của {good} đảng viên {GOOD} là {cap}; vượt {over}."
        " (Trần theo Nghị định 335/2025 đối với công chức, chưa thấy trong Quy định 366: chỉ cảnh báo.)"
    )


def download(page, link, path):
    with page.expect_download() as event:
        page.get_by_role("link", name=link).click()
    event.value.save_as(path)
    return path


def test_the_years_quality_review_from_the_members_phone_to_the_committees_decision(
    desktop, phone, another_desktop, tree, make_user, tmp_path
):
    committee, cell, sibling = tree["Đảng bộ VKSND"], tree["Chi bộ Văn phòng"], tree["Chi bộ Hình sự"]
    secretary = make_user("bithu", full_name="Trần Văn Bình", role=Grant.Role.CELL_OFFICER, organization=cell)
    officer = make_user(
        "danguy", full_name="Đỗ Văn Hùng", role=Grant.Role.COMMITTEE_OFFICER, organization=committee
    )
    people = {}
    names = ["Nguyễn Thị Mai", "Trần Văn Bình", "Lê Thu Hà", "Phạm Minh Đức", "Hoàng Văn Khánh", "Vũ Thị Lan"]
    for i, name in enumerate([*names, "Ngô Thị Yến"]):
        people[name] = member_services.member_create(
            actor=officer,
            organization=sibling if name == "Ngô Thị Yến" else cell,
            citizen_id=f"00108500{i:04d}",
            full_name=name,
            sex="female" if "Thị" in name or name == "Lê Thu Hà" else "male",
            born_on=datetime.date(1985, 1, 1),
            admitted_on=datetime.date(2010, 1, 1),
            status="full",
        )
    mai = people["Nguyễn Thị Mai"]
    mai.user = make_user("dangvien", full_name="Nguyễn Thị Mai")
    mai.save(update_fields=["user"])
    people["Trần Văn Bình"].user = secretary
    people["Trần Văn Bình"].save(update_fields=["user"])

    # The other members handed in their self-assessments (the secretary entered those without an account). Bình
    # and Hà reach "excellent" by the points and tasks but rated themselves "good"; Lan's tasks allow only "good".
    for name, general, task, total, exceeded in (
        ("Trần Văn Bình", "28", "64", 10, 4),
        ("Lê Thu Hà", "27", "63", 8, 3),
        ("Phạm Minh Đức", "26", "56", 6, 0),
        ("Hoàng Văn Khánh", "25", "55", 6, 0),
        ("Vũ Thị Lan", "24", "68", 6, 1),
        ("Ngô Thị Yến", "26", "60", 5, 0),
    ):
        member = people[name]
        quality.self_assessment_save(
            actor=officer if member.organization == sibling else secretary,
            organization=member.organization,
            member=member,
            year=YEAR,
            quarter=0,
            data={
                "general_points": general,
                "task_points": task,
                "tasks_total": total,
                "tasks_late": 0,
                "tasks_exceeded": exceeded,
                "strengths": "Hoàn thành công việc chuyên môn đúng tiến độ.",
                "self_level": "good",
            },
            submit=True,
        )

    # 1. The member fills the self-assessment on a phone: "excellent" with too few tasks exceeded is refused.
    log_in(phone, "dangvien")
    expect(phone.get_by_role("heading", name="Xin chào, Nguyễn Thị Mai")).to_be_visible()
    phone.get_by_label("Trình đơn").click()
    phone.get_by_role("link", name="Tự đánh giá, xếp loại").click()
    expect(phone).to_have_url(re.compile(rf"/cong-viec/danh-gia/dang-vien/{mai.pk}/\?nam=\d+&quy=0$"))
    phone.get_by_label("Năm", exact=True).fill(str(YEAR))
    phone.get_by_label("Kỳ đánh giá").select_option(label="Cả năm")
    phone.get_by_role("button", name="Xem").click()
    expect(phone).to_have_url(re.compile(rf"/cong-viec/danh-gia/dang-vien/{mai.pk}/\?nam={YEAR}&quy=0$"))
    expect(
        phone.get_by_role("heading", name=f"Bản tự kiểm điểm, tự đánh giá năm {YEAR}: Nguyễn Thị Mai")
    ).to_be_visible()
    # No task of the year was assigned in the system: the counts start at 0.
    expect(phone.get_by_label("Số nhiệm vụ được giao")).to_have_value("0")
    look(phone, "quality-member-empty")

    phone.get_by_label("Điểm tiêu chí chung").fill("28,5")
    phone.get_by_label("Điểm kết quả thực hiện nhiệm vụ").fill("63")
    phone.get_by_label("Số nhiệm vụ được giao").fill("10")
    phone.get_by_label("Số nhiệm vụ chậm tiến độ").fill("0")
    phone.get_by_label("Số nhiệm vụ vượt mức").fill("2")
    phone.get_by_label("Ưu điểm").fill(
        "Hoàn thành vượt mức các chỉ tiêu thụ lý, giải quyết án; tham gia đầy đủ sinh hoạt chi bộ."
    )
    levels = phone.get_by_role("group", name="Tự xếp loại")
    levels.get_by_label(EXCELLENT).check()
    phone.get_by_role("button", name="Nộp cho chi bộ").click()
    expect(
        phone.get_by_text(
            f"Mức tự xếp loại cao hơn mức được phép ({GOOD}). Chưa đủ điều kiện {EXCELLENT}: "
            "2/10 nhiệm vụ vượt mức, chưa đạt 30 %."
        )
    ).to_be_visible()
    expect(phone.get_by_label("Điểm tiêu chí chung")).to_have_value("28,5")  # what was typed is kept
    expect(phone.get_by_label("Số nhiệm vụ vượt mức")).to_have_value("2")
    assert not QualityReview.objects.filter(member=mai).exists()
    look(phone, "quality-member-refused")

    phone.get_by_label("Số nhiệm vụ vượt mức").fill("3")
    expect(phone.get_by_role("group", name="Tự xếp loại").get_by_label(EXCELLENT)).to_be_checked()
    phone.get_by_role("button", name="Nộp cho chi bộ").click()
    expect(phone.get_by_text(f"Đã nộp bản tự đánh giá năm {YEAR}.")).to_be_visible()
    expect(phone.get_by_text("Tình trạng: Đã nộp bản tự đánh giá")).to_be_visible()
    expect(phone.get_by_role("status").filter(has_text="Tổng điểm")).to_have_text(
        f"Tổng điểm 91,5/100. Mức cao nhất được phép theo điểm và điều kiện: {EXCELLENT}."
    )
    review = QualityReview.objects.get(member=mai)
    assert (review.stage, review.general_points, review.task_points) == ("submitted", Decimal("28.5"), 63)
    assert (review.tasks_total, review.tasks_exceeded, review.self_level) == (10, 3, "excellent")
    look(phone, "quality-member-submitted")

    # 2. The secretary at a desk: one "excellent" for five "good" is within the cap, so no warning yet.
    page = desktop
    log_in(page, "bithu")
    expect(page.get_by_role("heading", name="Xin chào, Trần Văn Bình")).to_be_visible()
    page.goto(f"/cong-viec/chi-bo/{cell.pk}/danh-gia/{QUERY}")
    expect(
        page.get_by_role("heading", name=f"Đánh giá, xếp loại chất lượng đảng viên năm {YEAR}")
    ).to_be_visible()
    mai_row = page.locator("tr", has=page.get_by_role("link", name="Nguyễn Thị Mai"))
    expect(mai_row).to_contain_text("Đã nộp bản tự đánh giá")
    expect(mai_row.locator("td.num")).to_have_text("91,5")
    expect(page.locator(".message.quota")).to_have_count(0)
    look(page, "quality-cell-submitted")

    # The cell proposes Bình and Hà higher than they rated themselves, and Lan too: her tasks do not allow it.
    proposals = {
        "Nguyễn Thị Mai": EXCELLENT,
        "Trần Văn Bình": EXCELLENT,
        "Lê Thu Hà": EXCELLENT,
        "Phạm Minh Đức": GOOD,
        "Hoàng Văn Khánh": GOOD,
        "Vũ Thị Lan": EXCELLENT,
    }
    for name, level in proposals.items():
        page.get_by_label(f"Chi bộ đề xuất: {name}").select_option(label=level)
    page.locator("tr", has=page.get_by_role("link", name="Lê Thu Hà")).get_by_label(
        "Nhận xét của chi bộ"
    ).fill("Tiêu biểu trong công tác kiểm sát")
    page.get_by_role("button", name="Ghi đề xuất của chi bộ").click()
    expect(
        page.get_by_text(f"Dòng Vũ Thị Lan: đề xuất {EXCELLENT} cao hơn mức được phép ({GOOD}).", exact=True)
    ).to_be_visible()
    assert not QualityReview.objects.filter(stage="proposed").exists()
    # The choices made are still there to correct.
    expect(page.get_by_label("Chi bộ đề xuất: Lê Thu Hà")).to_have_value("excellent")
    expect(page.get_by_label("Chi bộ đề xuất: Phạm Minh Đức")).to_have_value("good")
    page.get_by_label("Chi bộ đề xuất: Vũ Thị Lan").select_option(label=GOOD)
    page.get_by_role("button", name="Ghi đề xuất của chi bộ").click()
    expect(page.get_by_text("Đã ghi đề xuất xếp loại của 6 đảng viên.")).to_be_visible()
    # Three "excellent" for three "good": the cap is 20 % of 3, that is 0,6.
    warning = page.locator(".message.quota")
    expect(warning).to_have_count(1)
    expect(warning).to_have_text(quota_text(3, 3, "0,6", 3))
    assert warning.inner_text().startswith(WARNING)
    expect(page.locator("tr", has=page.get_by_role("link", name="Trần Văn Bình"))).to_contain_text(EXCELLENT)
    expect(page.locator("section.card", has_text="Tổng hợp theo mức").locator("li")).to_have_text(
        [f"{EXCELLENT}: 3", f"{GOOD}: 3", "Hoàn thành nhiệm vụ: 0", "Không hoàn thành nhiệm vụ: 0"]
    )
    look(page, "quality-cell-proposed")

    # The list and the minutes of the review meeting, read back.
    sheet = list(
        openpyxl.load_workbook(
            download(page, "Danh sách (.xlsx)", tmp_path / "danh-sach.xlsx")
        ).active.iter_rows(values_only=True)
    )
    assert sheet[0][0] == f"Danh sách đánh giá, xếp loại chất lượng đảng viên năm {YEAR} – Chi bộ Văn phòng"
    assert sheet[2][:6] == (
        "TT",
        "Họ và tên",
        "Điểm tự chấm",
        "Tự xếp loại",
        "Chi bộ đề xuất",
        "Cấp ủy quyết định",
    )
    by_name = {row[1]: row for row in sheet[3:]}
    assert set(by_name) == set(names)
    assert by_name["Nguyễn Thị Mai"][2:6] == (91.5, EXCELLENT, EXCELLENT, None)
    assert by_name["Lê Thu Hà"][2:7] == (90, GOOD, EXCELLENT, None, "Tiêu biểu trong công tác kiểm sát")
    assert by_name["Vũ Thị Lan"][3:5] == (GOOD, GOOD)

    minutes = docx.Document(str(download(page, "Biên bản hội nghị (.docx)", tmp_path / "bien-ban.docx")))
    text = "\n".join(p.text for p in minutes.paragraphs)
    assert "BIÊN BẢN" in text
    assert f"hội nghị kiểm điểm, đánh giá, xếp loại chất lượng năm {YEAR}" in text
    assert "Tổng số đảng viên: 6;" in text
    assert f"{EXCELLENT}: 3; {GOOD}: 3; Hoàn thành nhiệm vụ: 0; Không hoàn thành nhiệm vụ: 0." in text
    assert (
        f"Lưu ý: Vượt trần đảng viên {EXCELLENT}: 3, trần 20 % của 3 đảng viên {GOOD} là 0,6; vượt 3." in text
    )
    table = next(t for t in minutes.tables if t.rows[0].cells[0].text == "TT")
    grid = {row.cells[1].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert grid["Nguyễn Thị Mai"][2:6] == ["91,5", EXCELLENT, EXCELLENT, ""]
    assert grid["Lê Thu Hà"][2:5] == ["90", GOOD, EXCELLENT]

    # Once the cell proposed, the member's self-assessment is closed.
    phone.reload()
    expect(phone.get_by_text(f"Tình trạng: Chi bộ đã đề xuất · Chi bộ đề xuất: {EXCELLENT}")).to_be_visible()
    expect(phone.get_by_role("button", name="Nộp cho chi bộ")).to_have_count(0)

    # 3. The grassroots committee decides. Yến's cell has not proposed yet; her "good" counts for the cap.
    decide = another_desktop()
    log_in(decide, "danguy")
    expect(decide.get_by_role("heading", name="Xin chào, Đỗ Văn Hùng")).to_be_visible()
    decide.goto(f"/cong-viec/to-chuc/{committee.pk}/danh-gia/quyet-dinh/{QUERY}")
    expect(decide.get_by_role("heading", name=f"Quyết định xếp loại chất lượng năm {YEAR}")).to_be_visible()
    warning = decide.locator(".message.quota")
    expect(warning).to_have_text(quota_text(3, 4, "0,8", 3))
    yen_row = decide.locator("tr", has=decide.get_by_role("link", name="Ngô Thị Yến"))
    expect(yen_row).to_contain_text("Chi bộ Hình sự")
    expect(yen_row).to_contain_text("Chờ chi bộ đề xuất")

    def decision(name):
        return decide.locator("tr", has=decide.get_by_role("link", name=name)).get_by_label(
            "Cấp ủy quyết định"
        )

    # Each row starts at the cell's proposal.
    for name, level in proposals.items():
        expect(decision(name)).to_have_value("good" if level == GOOD or name == "Vũ Thị Lan" else "excellent")
    look(decide, "quality-decide-proposed")

    # Hà is lowered to "good"; without the decision's number nothing is recorded, and the choice is kept.
    decision("Lê Thu Hà").select_option(label=GOOD)
    decide.get_by_role("button", name="Ghi quyết định").click()
    expect(decide.get_by_text("Hãy ghi số quyết định hoặc thông báo kết quả xếp loại.")).to_be_visible()
    assert not QualityReview.objects.filter(stage="decided").exists()
    expect(decision("Lê Thu Hà")).to_have_value("good")

    decide.get_by_label("Số quyết định, thông báo").fill("125-QĐ/ĐU")
    decide.get_by_label("Ngày quyết định").fill(f"{YEAR}-12-20")
    decide.get_by_role("button", name="Ghi quyết định").click()
    expect(decide.get_by_text("Đã ghi quyết định xếp loại của 6 trường hợp.")).to_be_visible()
    # Two "excellent" for five "good" (Yến's still as she rated herself): the cap is 1, one over.
    expect(warning).to_have_text(quota_text(2, 5, "1", 1))
    expect(decision("Lê Thu Hà")).to_have_value("good")
    expect(decide.locator("tr", has=decide.get_by_role("link", name="Nguyễn Thị Mai"))).to_contain_text(
        "125-QĐ/ĐU"
    )
    decided = {
        r.member.full_name: r for r in QualityReview.objects.filter(stage="decided").select_related("member")
    }
    assert {name: r.decided_level for name, r in decided.items()} == {
        "Nguyễn Thị Mai": "excellent",
        "Trần Văn Bình": "excellent",
        "Lê Thu Hà": "good",
        "Phạm Minh Đức": "good",
        "Hoàng Văn Khánh": "good",
        "Vũ Thị Lan": "good",
    }
    assert {(r.decision_number, r.decided_on) for r in decided.values()} == {
        ("125-QĐ/ĐU", datetime.date(YEAR, 12, 20))
    }
    look(decide, "quality-decide-decided")

    # The roll-up: one row per cell, the decided levels counted.
    decide.get_by_role("link", name="Tổng hợp", exact=True).click()
    expect(
        decide.get_by_role("heading", name=f"Tổng hợp xếp loại chất lượng đảng viên năm {YEAR}")
    ).to_be_visible()
    expect(decide.locator("table.summary thead th")).to_have_text(
        [
            "Đơn vị",
            "Số đảng viên",
            "Đã tự đánh giá",
            "Chi bộ đã đề xuất",
            "Cấp ủy đã quyết định",
            EXCELLENT,
            GOOD,
            "Hoàn thành nhiệm vụ",
            "Không hoàn thành nhiệm vụ",
        ]
    )

    def summary_row(name):
        return decide.locator("table.summary tr", has=decide.get_by_role("rowheader", name=name)).locator(
            "td"
        )

    expect(summary_row("Chi bộ Văn phòng")).to_have_text(["6", "6", "6", "6", "2", "4", "0", "0"])
    expect(summary_row("Chi bộ Hình sự")).to_have_text(["1", "1", "0", "0", "0", "0", "0", "0"])
    expect(summary_row("Tổng cộng")).to_have_text(["7", "7", "6", "6", "2", "4", "0", "0"])
    expect(decide.locator(".message.quota")).to_have_text(
        f"⚠ Đã quyết định 2 đảng viên {EXCELLENT}, quá trần 20 % của 4 đảng viên {GOOD}: vượt 2."
    )
    look(decide, "quality-summary")

    # 4. On the phone the member reads the committee's level, and the decision under it.
    phone.reload()
    expect(
        phone.get_by_text(
            f"Tình trạng: Cấp ủy đã quyết định · Chi bộ đề xuất: {EXCELLENT} · Cấp ủy quyết định: {EXCELLENT}"
        )
    ).to_be_visible()
    look(phone, "quality-member-decided")
    phone.get_by_role("link", name="Xem bản đánh giá").click()
    facts = phone.locator("dl.facts")
    expect(facts).to_contain_text("Cấp ủy đã quyết định")
    expect(facts.locator("dd", has_text="125-QĐ/ĐU")).to_have_text(f"{EXCELLENT}125-QĐ/ĐU, 20/12/{YEAR}")
    look(phone, "quality-member-detail")
