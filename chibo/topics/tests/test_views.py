"""The topics pages: the flow through the web, bad input, the gate (a sibling gets 404 everywhere), fixed query
counts, and the files read back."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from docx import Document
from openpyxl import load_workbook

from chibo.organizations.models import Organization
from chibo.organizations.testing import bulk_children
from chibo.topics import services
from chibo.topics.models import Supervision, Topic
from chibo.topics.tests.conftest import YEAR

D = datetime.date
S = Topic.Status


def bulk_topics(cell, count, category, *, year=YEAR, quarter=1, status=S.HELD, **fields):
    Topic.objects.bulk_create(
        [
            Topic(
                organization=cell,
                organization_path=cell.path,
                year=year,
                quarter=quarter,
                title=f"Chuyên đề {i}",
                category=category,
                status=status,
                deadline=D(year, 1, 1),
                **fields,
            )
            for i in range(count)
        ]
    )


def _count(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


# ------------------------------------------------------------------------------------------------ the flow


def test_a_secretary_registers_and_submits_on_the_page(people, presenter, topic_categories, login):
    client = login(people["secretary"])
    url = reverse("topics:cell", args=[people["cell"].pk]) + f"?nam={YEAR}"
    page = client.get(url)
    assert "Quý III" in page.content.decode() and "hạn đăng ký 20/06/2025" in page.content.decode()
    response = client.post(
        url,
        {
            "quarter": "3",
            "title": "Tư tưởng Hồ Chí Minh về đạo đức công vụ",
            "category": topic_categories["hoc-tap-bac"].pk,
            "presenter": presenter.pk,
            "outline": "Liên hệ thực tế cơ quan",
        },
    )
    topic = Topic.objects.get()
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    assert (topic.year, topic.quarter, topic.presenter, topic.status) == (YEAR, 3, presenter, S.DRAFT)
    client.post(topic.get_absolute_url(), {"buoc": "gui"})
    topic.refresh_from_db()
    assert (topic.status, topic.late) == (S.SUBMITTED, True)  # sent today, long after 20/06/2025
    detail = client.get(topic.get_absolute_url()).content.decode()
    assert "Chờ cấp ủy chi bộ duyệt" in detail and "đăng ký muộn" in detail


def test_bad_input_on_the_cell_page_names_the_field(people, topic_categories, login):
    client = login(people["secretary"])
    url = reverse("topics:cell", args=[people["cell"].pk])
    response = client.post(url, {"quarter": "7", "title": "", "category": "999"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hãy nhập tên chuyên đề." in body and "Nhóm chuyên đề không hợp lệ." in body
    assert "Chọn một lựa chọn hợp lệ" in body or "7" in body
    assert not Topic.objects.exists()


def test_a_step_not_allowed_from_the_status_says_so(people, topic, login):
    client = login(people["secretary"])
    response = client.post(topic.get_absolute_url(), {"buoc": "duyet"})
    assert response.status_code == 200
    assert "Chuyên đề đang ở tình trạng “Dự thảo”: không thể thực hiện bước này." in response.content.decode()
    topic.refresh_from_db()
    assert topic.status == S.DRAFT


def test_a_return_without_a_reason_is_refused_on_the_page(people, topic, login):
    services.topic_submit(actor=people["secretary"], topic=topic, today=D(2025, 6, 1))
    client = login(people["secretary"])
    response = client.post(topic.get_absolute_url(), {"buoc": "tra_lai", "reason": ""})
    assert "Hãy ghi lý do trả lại." in response.content.decode()
    topic.refresh_from_db()
    assert topic.status == S.SUBMITTED


def test_the_office_plans_publishes_and_downloads(people, topic, login):
    services.topic_submit(actor=people["secretary"], topic=topic, today=D(2025, 6, 1))
    services.topic_approve(actor=people["secretary"], topic=topic)
    client = login(people["office"])
    url = reverse("topics:plan", args=[people["committee"].pk, YEAR])
    assert "Chuyên đề đã duyệt, chờ đưa vào kế hoạch" in client.get(url).content.decode()
    client.post(url, {"dua_vao": "1", "topic": [topic.pk]})
    client.post(url, {"ban_hanh": "1", "number": "07"})
    topic.refresh_from_db()
    assert (topic.status, topic.plan.number, topic.plan.status) == (S.PLANNED, "07", "published")
    client.post(topic.get_absolute_url(), {"buoc": "phan_cong", "supervisor": people["supervisor"].pk})
    assert Supervision.objects.get(topic=topic).supervisor == people["supervisor"]

    sheet = load_workbook(io.BytesIO(client.get(url + "excel/").content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Kế hoạch sinh hoạt chuyên đề năm 2025 – Đảng bộ VKSND"
    assert rows[3][:7] == [
        1,
        "III",
        "Chi bộ Văn phòng",
        "Học tập phong cách làm việc khoa học của Bác",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Nguyễn Thị Mai",
        "Khiêm Tạ Đức",
    ]
    document = Document(io.BytesIO(client.get(url + "word/").content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "KẾ HOẠCH" in text and "sinh hoạt chuyên đề năm 2025" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Số 07-KH/ĐU" in cells and "ĐẢNG BỘ KHỐI\nĐẢNG BỘ VKSND\n*" in cells
    assert "Học tập phong cách làm việc khoa học của Bác" in cells and "Khiêm Tạ Đức" in cells


def test_the_supervisor_evaluates_from_the_schedule(people, held_topic, login):
    client = login(people["supervisor"])
    schedule = client.get(reverse("topics:schedule")).content.decode()
    assert "Chi bộ Văn phòng" in schedule and "Đã sinh hoạt, chưa đánh giá" in schedule
    url = reverse("topics:evaluate", args=[held_topic.supervision.pk])
    response = client.post(
        url, {"score_0": "18", "score_1": "", "score_2": "31", "score_3": "25", "comments": "Tốt"}
    )
    body = response.content.decode()
    assert "Tiêu chí “Quy trình tổ chức sinh hoạt”: hãy cho điểm." in body
    assert "Tiêu chí “Chất lượng thảo luận, phát biểu”: điểm phải từ 0 đến 30." in body
    assert Topic.objects.get(pk=held_topic.pk).status == S.HELD
    client.post(
        url, {"score_0": "18", "score_1": "20", "score_2": "27", "score_3": "25", "comments": "Chu đáo"}
    )
    supervision = Supervision.objects.get(pk=held_topic.supervision.pk)
    assert (supervision.score, supervision.comments) == (90, "Chu đáo")
    office = login(people["office"])
    assert "90/100" in office.get(url).content.decode()


def test_settings_form_names_the_bad_line(people, login):
    client = login(people["office"])
    url = reverse("topics:settings", args=[people["committee"].pk])
    response = client.post(
        url,
        {"deadline_day": "20", "min_share": "20", "max_share": "50", "criteria": "Nội dung | 50\nHình thức"},
    )
    assert "Dòng 2 không đúng dạng" in response.content.decode()
    client.post(
        url, {"deadline_day": "15", "min_share": "10", "max_share": "60", "criteria": "Nội dung | 100"}
    )
    assert people["committee"].topic_settings.criteria == [{"name": "Nội dung", "max": 100}]


# ------------------------------------------------------------------------------------------ the reports


def test_compliance_shows_each_cells_quarters(people, held_topic, login):
    client = login(people["office"])
    url = reverse("topics:compliance")
    body = client.get(url, {"don-vi": people["committee"].pk, "nam": YEAR}).content.decode()
    assert "Đã sinh hoạt, chưa đánh giá" in body
    assert "2 chi bộ; 2 chi bộ có quý không sinh hoạt chuyên đề." in body  # quarters I, II, IV of Văn phòng
    sheet = load_workbook(
        io.BytesIO(client.get(url + "excel/", {"don-vi": people["committee"].pk, "nam": YEAR}).content)
    ).active
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r and r[0]}
    missed, held = "Không sinh hoạt chuyên đề", "Đã sinh hoạt, chưa đánh giá"
    assert rows["Chi bộ Văn phòng"][2:] == (missed, missed, held, missed)
    assert rows["Số chi bộ đã sinh hoạt / tổng số"][2:] == ("0/2", "0/2", "1/2", "0/2")
    document = Document(
        io.BytesIO(client.get(url + "word/", {"don-vi": people["committee"].pk, "nam": YEAR}).content)
    )
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Đã sinh hoạt, chưa đánh giá" in cells and "1/2" in cells


def test_a_bad_year_is_named_and_this_year_shown(people, login):
    client = login(people["office"])
    body = client.get(
        reverse("topics:compliance"), {"don-vi": people["committee"].pk, "nam": "abc"}
    ).content.decode()
    assert "Năm “abc” không hợp lệ" in body


def test_seed_002_figures_come_out_exactly(people, topic_categories, login, tree):
    """Seed 002: 205 topics since 2013, 19 on party building, 34 on Hồ Chí Minh, 152 on political tasks."""
    cells = [people["cell"], people["sibling_cell"]]
    bulk_topics(cells[0], 10, topic_categories["xay-dung-dang"], year=2013, quarter=2)
    bulk_topics(cells[1], 9, topic_categories["xay-dung-dang"], year=2016, quarter=4)
    bulk_topics(cells[0], 34, topic_categories["hoc-tap-bac"], year=2017, quarter=1)
    bulk_topics(cells[1], 152, topic_categories["nhiem-vu-chinh-tri"], year=2019, quarter=3)
    bulk_topics(cells[1], 5, topic_categories["nhiem-vu-chinh-tri"], year=2019, quarter=3, status=S.PLANNED)
    bulk_topics(cells[1], 7, topic_categories["xay-dung-dang"], year=2019, quarter=4)  # after the period
    bulk_topics(tree["Chi bộ Ngân sách"], 3, topic_categories["hoc-tap-bac"], year=2015)  # another committee
    client = login(people["office"])
    params = {
        "don-vi": people["committee"].pk,
        "tu-nam": "2013",
        "tu-quy": "1",
        "den-nam": "2019",
        "den-quy": "3",
    }
    body = client.get(reverse("topics:categories"), params).content.decode()
    assert "205 chuyên đề" in body
    for figure in (">19<", ">34<", ">152<", ">9,3<", ">16,6<", ">74,1<"):
        assert figure in body, figure
    assert "Công tác xây dựng Đảng: 9,3 % — thấp hơn mức tối thiểu 20 %" in body
    assert "Nhiệm vụ chính trị, chuyên môn của đơn vị: 74,1 % — cao hơn mức tối đa 50 %" in body
    sheet = load_workbook(io.BytesIO(client.get(reverse("topics:categories_xlsx"), params).content)).active
    rows = {r[0]: r[1:3] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert rows["Công tác xây dựng Đảng"] == (19, 9.3)
    assert rows["Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"] == (34, 16.6)
    assert rows["Nhiệm vụ chính trị, chuyên môn của đơn vị"] == (152, 74.1)
    assert rows["Tổng số"] == (205, 100)
    document = Document(io.BytesIO(client.get(reverse("topics:categories_docx"), params).content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "từ quý I/2013 đến quý III/2019" in text and "đã sinh hoạt 205 chuyên đề" in text
    registered = client.get(reverse("topics:categories"), {**params, "tinh": "registered"}).content.decode()
    assert "210 chuyên đề" in registered  # the five planned, not yet held, count as registered


def test_a_bad_quarter_is_named(people, login):
    client = login(people["office"])
    body = client.get(
        reverse("topics:categories"), {"don-vi": people["committee"].pk, "tu-nam": "20x3", "tu-quy": "1"}
    ).content.decode()
    assert "Từ quý “20x3-1” không hợp lệ: hãy chọn năm và quý." in body


# ------------------------------------------------------------------------------------------------ the gate


def _pages(people, held_topic):
    committee, cell = people["committee"], people["cell"]
    unit = {"don-vi": committee.pk}
    return {
        "topics:cell": (reverse("topics:cell", args=[cell.pk]), {}),
        "topics:detail": (held_topic.get_absolute_url(), {}),
        "topics:plan": (reverse("topics:plan", args=[committee.pk, YEAR]), {}),
        "topics:plan_xlsx": (reverse("topics:plan_xlsx", args=[committee.pk, YEAR]), {}),
        "topics:plan_docx": (reverse("topics:plan_docx", args=[committee.pk, YEAR]), {}),
        "topics:settings": (reverse("topics:settings", args=[committee.pk]), {}),
        "topics:compliance": (reverse("topics:compliance"), unit),
        "topics:compliance_xlsx": (reverse("topics:compliance_xlsx"), unit),
        "topics:compliance_docx": (reverse("topics:compliance_docx"), unit),
        "topics:categories": (reverse("topics:categories"), unit),
        "topics:categories_xlsx": (reverse("topics:categories_xlsx"), unit),
        "topics:categories_docx": (reverse("topics:categories_docx"), unit),
        "topics:evaluate": (reverse("topics:evaluate", args=[held_topic.supervision.pk]), {}),
    }


OWN_PAGES = {"topics:schedule"}  # shows only the user's own assignments: tested below


def test_the_gate_covers_every_page():
    _, sub = get_resolver().namespace_dict["topics"]
    names = {f"topics:{p.name}" for p in sub.url_patterns}
    listed = {
        "topics:cell",
        "topics:detail",
        "topics:plan",
        "topics:plan_xlsx",
        "topics:plan_docx",
        "topics:settings",
        "topics:compliance",
        "topics:compliance_xlsx",
        "topics:compliance_docx",
        "topics:categories",
        "topics:categories_xlsx",
        "topics:categories_docx",
        "topics:evaluate",
    }
    assert names == listed | OWN_PAGES


@pytest.mark.parametrize("who", ["sibling_secretary", "other_office", "other_supervisor"])
def test_users_of_a_sibling_get_404_on_every_page(people, held_topic, login, who):
    client = login(people[who])
    for name, (url, params) in _pages(people, held_topic).items():
        assert client.get(url, params).status_code == 404, name
    # and every write
    topic_url = held_topic.get_absolute_url()
    assert client.post(topic_url, {"buoc": "duyet"}).status_code == 404
    assert client.post(reverse("topics:cell", args=[people["cell"].pk]), {"title": "X"}).status_code == 404
    plan_url = reverse("topics:plan", args=[people["committee"].pk, YEAR])
    assert client.post(plan_url, {"ban_hanh": "1"}).status_code == 404
    assert client.post(reverse("topics:evaluate", args=[held_topic.supervision.pk]), {}).status_code == 404
    assert "Chi bộ Văn phòng" not in client.get(reverse("topics:schedule")).content.decode()
    held_topic.refresh_from_db()
    assert held_topic.status == S.HELD and not Topic.objects.filter(title="X").exists()


def test_a_member_reads_the_held_topic_but_does_not_write(people, held_topic, make_user, login):
    client = login(make_user(role="member", organization=people["cell"]))
    assert client.get(held_topic.get_absolute_url()).status_code == 200
    assert client.post(held_topic.get_absolute_url(), {"buoc": "gui"}).status_code == 404
    assert client.post(reverse("topics:cell", args=[people["cell"].pk]), {"title": "X"}).status_code == 404
    plan_url = reverse("topics:plan", args=[people["committee"].pk, YEAR])
    assert client.post(plan_url, {"ban_hanh": "1"}).status_code == 404
    assert "Đưa vào kế hoạch" not in client.get(plan_url).content.decode()


def test_pages_need_an_account(client, people, held_topic):
    for name, (url, params) in _pages(people, held_topic).items():
        response = client.get(url, params)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"], name


# ---------------------------------------------------------------------------------------- query counts


def test_report_pages_run_a_fixed_number_of_queries(people, topic_categories, login):
    committee = people["committee"]
    client = login(people["office"])
    category = topic_categories["nhiem-vu-chinh-tri"]
    bulk_topics(people["cell"], 1, category)
    urls = {
        "compliance": (reverse("topics:compliance"), {"don-vi": committee.pk, "nam": YEAR}),
        "categories": (
            reverse("topics:categories"),
            {"don-vi": committee.pk, "tu-nam": YEAR, "den-nam": YEAR},
        ),
        "plan": (reverse("topics:plan", args=[committee.pk, YEAR]), {}),
        "cell": (reverse("topics:cell", args=[people["cell"].pk]), {"nam": YEAR}),
    }
    small = {k: _count(client, url, **params) for k, (url, params) in urls.items()}
    bulk_children(Organization.objects.get(pk=committee.pk), 300, kind="cell")
    for cell in Organization.objects.filter(path__startswith=committee.path, kind="cell"):
        for quarter in (1, 2, 3, 4):
            bulk_topics(cell, 1, category, quarter=quarter, status=S.PLANNED)
    bulk_topics(people["cell"], 12, topic_categories["hoc-tap-bac"], quarter=2)
    large = {k: _count(client, url, **params) for k, (url, params) in urls.items()}
    assert small == large
    assert Topic.objects.count() == 1 + 302 * 4 + 12


def test_the_schedule_runs_a_fixed_number_of_queries(people, topic_categories, login):
    client = login(people["supervisor"])

    def assign(n):
        bulk_topics(people["cell"], n, topic_categories["khac"], status=S.PLANNED)
        Supervision.objects.bulk_create(
            [
                Supervision(
                    topic=t,
                    supervisor=people["supervisor"],
                    supervisor_name="Tạ Đức Khiêm",
                    assigned_at=t.created_at,
                )
                for t in Topic.objects.filter(supervision__isnull=True)
            ]
        )

    assign(1)
    small = _count(client, reverse("topics:schedule"))
    assign(30)
    assert _count(client, reverse("topics:schedule")) == small
    assert Supervision.objects.count() == 31


def test_a_member_sees_a_topic_only_once_the_cell_committee_approved_it(people, topic, make_user, login):
    """Seed 002: the topics are approved by the cell committee before they are sent to the members."""
    client = login(make_user(role="member", organization=people["cell"]))
    cell_url = reverse("topics:cell", args=[people["cell"].pk]) + f"?nam={YEAR}"
    services.topic_submit(actor=people["secretary"], topic=topic, today=D(2025, 6, 1))
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert topic.title not in client.get(cell_url).content.decode()
    services.topic_approve(actor=people["secretary"], topic=topic)
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert topic.title in client.get(cell_url).content.decode()


def test_the_meeting_page_names_its_topic_and_whether_it_was_evaluated(people, held_topic, login):
    client = login(people["secretary"])
    body = client.get(held_topic.meeting.get_absolute_url()).content.decode()
    assert held_topic.title in body and "Đã sinh hoạt" in body
