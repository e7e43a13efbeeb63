"""The quality review end to end: the member's self-assessment, the cell's proposal, the committee's decision,
the cap on "excellent" as a warning, the roll-up and the streaks, the downloads read back; the gate; fixed query
counts."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from docx import Document
from openpyxl import load_workbook

from chibo.members import services as member_services
from chibo.organizations.models import Grant, Organization
from chibo.work import quality
from chibo.work.models import QualityReview
from chibo.work.tests.test_tasks import cell  # noqa: F401  (the fixture)

D = datetime.date
R = Grant.Role
Q = {"nam": 2026, "quy": 0}


def _form(points_general, points_tasks, level, *, total=10, late=0, exceeded=3, submit="1", **more):
    return {
        "general_points": points_general,
        "task_points": points_tasks,
        "tasks_total": total,
        "tasks_late": late,
        "tasks_exceeded": exceeded,
        "strengths": "Hoàn thành tốt công việc chuyên môn.",
        "weaknesses": "",
        "self_level": level,
        "submit": submit,
        **more,
    }


def _self(member, general, tasks, level, **more):
    return quality.self_assessment_save(
        actor=member.user or getattr(member, "cell_secretary", None) or member.organization.secretary,
        organization=member.organization,
        member=member,
        year=2026,
        quarter=0,
        data={**_form(general, tasks, level, **more), "blocking": more.get("blocking", [])},
        submit=True,
    )


@pytest.fixture
def office(tree, make_user):
    return make_user("vp_vks", role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ VKSND"])


def test_the_member_fills_the_self_assessment_and_is_held_to_the_rules(cell, login):  # noqa: F811
    mai = cell.people[0]
    client = login(mai.user)
    mine = client.get(reverse("work:quality_mine"), Q)
    url = reverse("work:quality_member", args=[mai.pk])
    assert mine.status_code == 302 and mine["Location"] == url + "?nam=2026&quy=0"
    page = client.get(url, Q).content.decode()
    assert "Bản tự kiểm điểm, tự đánh giá năm 2026: Nguyễn Thị Mai" in page
    response = client.post(url + "?nam=2026&quy=0", _form("31", "abc", ""))
    body = response.content.decode()
    assert "Hãy ghi điểm kết quả thực hiện nhiệm vụ (một số, ví dụ 62)." in body
    assert "Hãy chọn mức tự xếp loại." in body
    assert not QualityReview.objects.exists()
    response = client.post(url + "?nam=2026&quy=0", _form("28", "64", "excellent", exceeded=2))
    assert (
        "Mức tự xếp loại cao hơn mức được phép (Hoàn thành tốt nhiệm vụ). Chưa đủ điều kiện Hoàn thành xuất sắc "
        "nhiệm vụ: 2/10 nhiệm vụ vượt mức, chưa đạt 30 %." in response.content.decode()
    )
    assert not QualityReview.objects.exists()
    response = client.post(url + "?nam=2026&quy=0", _form("28,5", "63,5", "excellent"))
    assert response.status_code == 302
    review = QualityReview.objects.get()
    assert (review.stage, review.general_points, review.allowed_level) == (
        "submitted",
        Decimal("28.5"),
        "excellent",
    )
    assert review.deciding_path == cell.path[:-4]
    page = client.get(url, Q).content.decode()
    assert "Tổng điểm 92/100" in page and "Đã nộp bản tự đánh giá" in page


def test_the_cell_proposes_and_the_committee_decides_with_the_quota_warning(cell, office, login):  # noqa: F811
    mai, binh, ha = cell.people
    for m in (binh, ha):
        m.cell_secretary = cell.secretary
    mai.cell_secretary = cell.secretary
    reviews = [_self(m, "28", "64", "excellent") for m in (mai, binh, ha)]
    client = login(cell.secretary)
    url = reverse("work:quality_cell", args=[cell.pk]) + "?nam=2026&quy=0"
    page = client.get(url).content.decode()
    # 3 excellent for 0 good: over the cap of 20 % of 0.
    assert (
        "Vượt trần đảng viên Hoàn thành xuất sắc nhiệm vụ: 3, trần 20 % của 0 đảng viên Hoàn thành tốt nhiệm vụ là 0; vượt 3."
        in page
    )
    data = {"review": [str(r.pk) for r in reviews]}
    data.update({f"level_{r.pk}": "excellent" for r in reviews})
    data.update({f"remark_{r.pk}": "" for r in reviews})
    data[f"level_{reviews[2].pk}"] = "good"
    assert client.post(url, data).status_code == 302
    assert {r.proposed_level for r in QualityReview.objects.all()} == {"excellent", "good"}
    assert set(QualityReview.objects.values_list("stage", flat=True)) == {"proposed"}
    # The member can no longer change the self-assessment.
    with pytest.raises(ValidationError, match="Chi bộ đã đề xuất xếp loại"):
        _self(mai, "20", "50", "good")
    # The committee: 2 excellent for 1 good is over the cap of 0.2, by 2.
    committee = Organization.objects.get_parent(cell)
    decide = reverse("work:quality_decide", args=[committee.pk]) + "?nam=2026&quy=0"
    client = login(office)
    page = client.get(decide).content.decode()
    assert (
        "Vượt trần đảng viên Hoàn thành xuất sắc nhiệm vụ: 2, trần 20 % của 1 đảng viên Hoàn thành tốt nhiệm vụ là 0,2; vượt 2."
        in page
    )
    rows = {"review": [str(r.pk) for r in reviews], "number": "", "day": "2026-12-20"}
    rows.update({f"level_{r.pk}": "good" for r in reviews})
    rows[f"level_{reviews[0].pk}"] = "excellent"
    response = client.post(decide, rows)
    assert "Hãy ghi số quyết định hoặc thông báo kết quả xếp loại." in response.content.decode()
    assert not QualityReview.objects.filter(stage="decided").exists()
    rows["number"] = "125-QĐ/ĐU"
    assert client.post(decide, rows).status_code == 302
    decided = {r.member_id: r for r in QualityReview.objects.all()}
    assert decided[mai.pk].decided_level == "excellent" and decided[binh.pk].decided_level == "good"
    assert decided[mai.pk].decision_number == "125-QĐ/ĐU" and decided[mai.pk].decided_on == D(2026, 12, 20)
    page = client.get(decide).content.decode()
    # 1 excellent for 2 good: over the cap of 0.4 by 1.
    assert (
        "Vượt trần đảng viên Hoàn thành xuất sắc nhiệm vụ: 1, trần 20 % của 2 đảng viên Hoàn thành tốt nhiệm vụ là 0,4; vượt 1."
        in page
    )
    summary = quality.summary(unit=committee, year=2026, quarter=0)
    row = next(r for r in summary.rows if r.unit_id == cell.pk)
    assert (row.members, row.submitted, row.proposed, row.decided, row.counts) == (3, 3, 3, 3, [1, 2, 0, 0])
    assert summary.total.counts == [1, 2, 0, 0]


def test_the_cell_and_the_committee_cannot_go_above_the_rules(cell, office):  # noqa: F811
    mai = cell.people[0]
    review = _self(mai, "25", "50", "done", late=1)  # 75 points, one task late: "done" at most
    assert review.allowed_level == "done"
    committee = Organization.objects.get_parent(cell)
    with pytest.raises(ValidationError) as caught:
        quality.decisions_save(
            actor=office,
            committee=committee,
            year=2026,
            quarter=0,
            rows={review.pk: "done"},
            number="1",
            day=D(2026, 12, 20),
        )
    assert caught.value.messages == ["Dòng Nguyễn Thị Mai: chưa có đề xuất của chi bộ."]
    with pytest.raises(ValidationError) as caught:
        quality.proposals_save(
            actor=cell.secretary,
            organization=cell,
            year=2026,
            quarter=0,
            rows={review.pk: {"level": "good", "remark": ""}},
        )
    assert caught.value.messages == [
        "Dòng Nguyễn Thị Mai: đề xuất Hoàn thành tốt nhiệm vụ cao hơn mức được phép (Hoàn thành nhiệm vụ)."
    ]
    quality.proposals_save(
        actor=cell.secretary,
        organization=cell,
        year=2026,
        quarter=0,
        rows={review.pk: {"level": "done", "remark": "Chậm một báo cáo"}},
    )
    with pytest.raises(ValidationError) as caught:
        quality.decisions_save(
            actor=office,
            committee=committee,
            year=2026,
            quarter=0,
            rows={review.pk: "good"},
            number="1",
            day=D(2026, 12, 20),
        )
    assert caught.value.messages == [
        "Dòng Nguyễn Thị Mai: Hoàn thành tốt nhiệm vụ cao hơn mức được phép (Hoàn thành nhiệm vụ)."
    ]
    # A committee does not decide for the cells of another committee.
    with pytest.raises(ValidationError, match="không thuộc quyền quyết định"):  # another period's review
        quality.decisions_save(
            actor=office,
            committee=committee,
            year=2025,
            quarter=0,
            rows={review.pk: "done"},
            number="1",
            day=D(2026, 12, 20),
        )
    assert QualityReview.objects.get().stage == "proposed"


def test_the_cell_s_own_review_goes_to_the_committee_above(cell, office, login):  # noqa: F811
    client = login(cell.secretary)
    url = reverse("work:quality_unit", args=[cell.pk]) + "?nam=2026&quy=0"
    page = client.get(url).content.decode()
    assert "Tự đánh giá, xếp loại tổ chức đảng năm 2026: Chi bộ Văn phòng" in page
    assert "Có tổ chức đảng trực thuộc hoặc người đứng đầu bị kỷ luật trong kỳ" in page
    response = client.post(url, _form("29", "65", "excellent", total=12, late=2, exceeded=4))
    assert "Mức tự xếp loại cao hơn mức được phép (Hoàn thành nhiệm vụ)." in response.content.decode()
    response = client.post(
        url, _form("29", "65", "not_done", total=12, late=3, exceeded=4, blocking=["discipline"])
    )
    assert response.status_code == 302
    own = QualityReview.objects.get(member__isnull=True)
    assert (own.stage, own.proposed_level, own.allowed_level) == ("submitted", "not_done", "not_done")
    committee = Organization.objects.get_parent(cell)
    page = (
        login(office)
        .get(reverse("work:quality_decide", args=[committee.pk]) + "?nam=2026&quy=0")
        .content.decode()
    )
    assert f'name="level_{own.pk}"' in page


def test_streaks_of_members_and_units(cell, tree, office, login):  # noqa: F811
    mai, binh, _ha = cell.people
    rows = []
    for year in range(2021, 2027):
        for member, level in ((mai, "excellent"), (binh, "excellent" if year != 2023 else "good")):
            rows.append(
                QualityReview(
                    member=member,
                    organization=cell,
                    year=year,
                    general_points=28,
                    task_points=64,
                    self_level=level,
                    allowed_level=level,
                    proposed_level=level,
                    decided_level=level,
                    stage="decided",
                )
            )
        rows.append(
            QualityReview(
                organization=cell,
                year=year,
                general_points=28,
                task_points=64,
                self_level="excellent",
                allowed_level="excellent",
                decided_level="excellent",
                stage="decided",
            )
        )
    for r in rows:
        r.save()
    committee = tree["Đảng bộ VKSND"]
    found = quality.streaks(unit=committee, level="excellent", min_years=3, through=2026, collective=False)
    assert [(r.name, r.years, r.since) for r in found] == [
        ("Nguyễn Thị Mai", 6, 2021),
        ("Trần Văn Bình", 3, 2024),
    ]
    assert [
        r.name
        for r in quality.streaks(
            unit=committee, level="excellent", min_years=4, through=2026, collective=False
        )
    ] == ["Nguyễn Thị Mai"]
    units = quality.streaks(unit=committee, level="excellent", min_years=5, through=2026, collective=True)
    assert [(r.name, r.years) for r in units] == [("Chi bộ Văn phòng", 6)]
    assert quality.member_streak(binh) == (2024, 3)
    page = (
        login(office)
        .get(
            reverse("work:quality_streaks"),
            {"don-vi": committee.pk, "loai": "to-chuc", "muc": "excellent", "n": 5, "nam": 2026},
        )
        .content.decode()
    )
    assert "1 trường hợp đạt từ 5 năm liền đến năm 2026." in page and "Chi bộ Văn phòng" in page
    page = login(mai.user).get(reverse("work:quality_member", args=[mai.pk]), Q).content.decode()
    assert "Hoàn thành xuất sắc nhiệm vụ 6 năm liền (từ năm 2021)" in page


def test_the_lists_download_and_read_back(cell, login):  # noqa: F811
    mai, binh, _ha = cell.people
    binh.cell_secretary = cell.secretary
    a = _self(mai, "28", "64", "excellent")
    _self(binh, "24", "52", "good")
    quality.proposals_save(
        actor=cell.secretary,
        organization=cell,
        year=2026,
        quarter=0,
        rows={a.pk: {"level": "excellent", "remark": "Tiêu biểu"}},
    )
    client = login(cell.secretary)
    book = load_workbook(io.BytesIO(client.get(reverse("work:quality_cell_xlsx", args=[cell.pk]), Q).content))
    sheet = list(book.active.iter_rows(values_only=True))
    assert sheet[0][0] == "Danh sách đánh giá, xếp loại chất lượng đảng viên năm 2026 – Chi bộ Văn phòng"
    assert sheet[2][:6] == (
        "TT",
        "Họ và tên",
        "Điểm tự chấm",
        "Tự xếp loại",
        "Chi bộ đề xuất",
        "Cấp ủy quyết định",
    )
    # Vietnamese order, by given name: Bình, Hà, Mai.
    assert sheet[3][:5] == (1, "Trần Văn Bình", 76, "Hoàn thành tốt nhiệm vụ", None)
    assert sheet[4][:3] == (2, "Lê Thu Hà", None)
    assert sheet[5][:5] == (
        3,
        "Nguyễn Thị Mai",
        92,
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành xuất sắc nhiệm vụ",
    )
    for name, kind, title in (
        ("work:quality_cell_docx", "DANH SÁCH", "đề nghị xếp loại chất lượng đảng viên năm 2026"),
        (
            "work:quality_minutes_docx",
            "BIÊN BẢN",
            "hội nghị kiểm điểm, đánh giá, xếp loại chất lượng năm 2026",
        ),
    ):
        response = client.get(reverse(name, args=[cell.pk]), Q)
        document = Document(io.BytesIO(response.content))
        text = "\n".join(p.text for p in document.paragraphs)
        assert kind in text and title in text, name
        table = next(t for t in document.tables if t.rows[0].cells[0].text == "TT")
        cells = [[c.text for c in row.cells] for row in table.rows]
        assert cells[3][:5] == [
            "3",
            "Nguyễn Thị Mai",
            "92",
            "Hoàn thành xuất sắc nhiệm vụ",
            "Hoàn thành xuất sắc nhiệm vụ",
        ], name
    summary = load_workbook(
        io.BytesIO(client.get(reverse("work:quality_summary_xlsx", args=[cell.pk]), Q).content)
    ).active
    rows = list(summary.iter_rows(values_only=True))
    assert rows[3][:5] == ("Chi bộ Văn phòng", 3, 2, 1, 0)


def _urls(cell, member, review):  # noqa: F811
    committee = Organization.objects.get_parent(cell)
    return [
        reverse("work:quality_member", args=[member.pk]),
        reverse("work:quality", args=[review.pk]),
        reverse("work:quality_unit", args=[cell.pk]),
        reverse("work:quality_decide", args=[committee.pk]),
        reverse("work:quality_summary", args=[committee.pk]),
        reverse("work:quality_summary_xlsx", args=[committee.pk]),
        reverse("work:quality_cell", args=[cell.pk]),
        reverse("work:quality_cell_xlsx", args=[cell.pk]),
        reverse("work:quality_cell_docx", args=[cell.pk]),
        reverse("work:quality_minutes_docx", args=[cell.pk]),
        reverse("work:quality_streaks") + f"?don-vi={committee.pk}",
    ]


def test_review_pages_are_refused_to_a_sibling_and_not_written_by_a_member(cell, tree, make_user, login):  # noqa: F811
    mai, binh, _ha = cell.people
    review = _self(mai, "28", "64", "excellent")
    sibling_office = make_user("vp_tc", role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ Sở Tài chính"])
    urls = _urls(cell, binh, review)
    for user in (cell.sibling, sibling_office):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        for url in urls[:4] + [urls[6]]:
            assert (
                client.post(
                    url,
                    {
                        "review": [str(review.pk)],
                        f"level_{review.pk}": "good",
                        "number": "1",
                        "day": "2026-12-20",
                        **_form("1", "1", "not_done"),
                    },
                ).status_code
                == 404
            ), url
    # A plain member: not the cell's list, not the decisions, not another member's form.
    client = login(mai.user)
    for url in (urls[0], urls[2], urls[3], urls[6]):
        assert client.get(url).status_code == 404, url
    # The cell's secretary does not decide: that is the committee's.
    assert login(cell.secretary).get(urls[3]).status_code == 404
    review.refresh_from_db()
    assert (review.stage, review.proposed_level, review.decided_level) == ("submitted", "", "")
    assert QualityReview.objects.count() == 1


def test_review_pages_run_a_fixed_number_of_queries(cell, office, login):  # noqa: F811
    mai = cell.people[0]
    review = _self(mai, "28", "64", "excellent")
    committee = Organization.objects.get_parent(cell)
    urls = [
        u for u in _urls(cell, mai, review) if "excel" not in u and "word" not in u and "bien-ban" not in u
    ]
    client = login(office)

    def count():
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url, Q).status_code == 200, url
            counts.append(len(ctx.captured_queries))
        return counts

    small = count()
    for i in range(20):
        member = member_services.member_create(
            actor=cell.secretary,
            organization=cell,
            citizen_id=f"0050850000{i:02d}",
            full_name=f"Phạm Văn {i}",
            sex="male",
            born_on=D(1980, 1, 1),
            admitted_on=D(2005, 1, 1),
            status="full",
        )
        member.cell_secretary = cell.secretary
        _self(member, "25", "50", "good")
    assert committee.pk and count() == small


def test_every_quality_page_is_in_the_refusal_test():
    _, sub = get_resolver().namespace_dict["work"]
    names = {p.name for p in sub.url_patterns if p.name.startswith("quality")}
    assert names == {
        "quality_mine",
        "quality_member",
        "quality",
        "quality_streaks",
        "quality_unit",
        "quality_decide",
        "quality_summary",
        "quality_summary_xlsx",
        "quality_cell",
        "quality_cell_xlsx",
        "quality_cell_docx",
        "quality_minutes_docx",
    }


def test_a_self_level_above_the_allowed_is_refused(cell):  # noqa: F811
    mai = cell.people[0]
    with pytest.raises(ValidationError) as caught:
        quality.self_assessment_save(
            actor=mai.user,
            organization=cell,
            member=mai,
            year=2026,
            quarter=0,
            data={**_form("25", "50", "good", late=1), "blocking": []},
            submit=True,
        )
    assert caught.value.message_dict["self_level"] == [
        "Mức tự xếp loại cao hơn mức được phép (Hoàn thành nhiệm vụ). Chưa đủ điều kiện Hoàn thành tốt nhiệm vụ: "
        "có 1 nhiệm vụ chậm tiến độ."
    ]


def test_the_rule_set_of_the_period_s_last_day_judges_the_review(cell):  # noqa: F811
    import copy

    from chibo.rulesets.models import RuleSet

    values = copy.deepcopy(RuleSet.objects.order_by("-effective_from").first().values)
    values["quality_review"]["levels"][0]["min_points"] = 95
    RuleSet.objects.create(name="Bộ thử", effective_from=D(2026, 7, 1), source="Thử", values=values)
    mai = cell.people[0]

    def allowed(quarter):
        return quality.self_assessment_save(
            actor=mai.user,
            organization=cell,
            member=mai,
            year=2026,
            quarter=quarter,
            data={**_form("28", "64", "good"), "blocking": []},
            submit=False,
        ).allowed_level

    assert quality.period_end(2026, 2) == D(2026, 6, 30) and quality.period_end(2026, 3) == D(2026, 9, 30)
    assert allowed(2) == "excellent"  # 92 points under the rules in force on 30/6/2026
    assert allowed(3) == "good"  # under the version in force from 1/7/2026, excellent needs 95
