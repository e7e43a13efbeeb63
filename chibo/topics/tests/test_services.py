"""The life of a thematic topic: registration, the cell committee, the plan, the meeting, the evaluation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from chibo.core.models import AuditEntry
from chibo.meetings.models import Meeting
from chibo.topics import services
from chibo.topics.models import Supervision, ThematicPlan, Topic, TopicSettings
from chibo.topics.tests.conftest import YEAR, held_meeting

D = datetime.date
S = Topic.Status


def test_a_registration_takes_its_deadline_from_the_nearest_committee(people, topic_categories):
    TopicSettings.objects.create(organization=people["committee"], deadline_day=15)
    topic = services.topic_register(
        actor=people["secretary"],
        organization=people["cell"],
        year=2026,
        quarter=2,
        title="Chuyển đổi số",
        category=topic_categories["nhiem-vu-chinh-tri"],
    )
    assert (topic.status, topic.deadline, topic.organization_path) == (
        S.DRAFT,
        D(2026, 3, 15),
        people["cell"].path,
    )
    assert AuditEntry.objects.filter(action="topic_register", object_id=str(topic.pk)).exists()


def test_bad_registrations_name_the_field_and_write_nothing(people, topic_categories, presenter):
    with pytest.raises(ValidationError) as caught:
        services.topic_register(
            actor=people["secretary"],
            organization=people["cell"],
            year=2026,
            quarter=5,
            title="  ",
            category=None,
        )
    assert caught.value.message_dict == {
        "quarter": ["Quý phải từ 1 đến 4."],
        "title": ["Hãy nhập tên chuyên đề."],
        "category": ["Hãy chọn nhóm chuyên đề."],
    }
    with pytest.raises(ValidationError, match="Chỉ chi bộ mới đăng ký chuyên đề"):
        services.topic_register(
            actor=people["office"],
            organization=people["committee"],
            year=2026,
            quarter=1,
            title="X",
            category=topic_categories["khac"],
        )
    assert Topic.objects.count() == 0


def test_a_member_of_another_cell_cannot_be_the_presenter(people, presenter, topic_categories):
    with pytest.raises(ValidationError) as caught:
        services.topic_register(
            actor=people["office"],
            organization=people["sibling_cell"],
            year=2026,
            quarter=1,
            title="X",
            category=topic_categories["khac"],
            presenter=presenter,
        )
    assert caught.value.message_dict == {"presenter": ["Đảng viên chuẩn bị phải thuộc chi bộ này."]}


def test_a_sibling_cells_secretary_is_refused(people, topic):
    with pytest.raises(Http404):
        services.topic_submit(actor=people["sibling_secretary"], topic=topic)
    with pytest.raises(Http404):
        services.topic_register(
            actor=people["sibling_secretary"],
            organization=people["cell"],
            year=2026,
            quarter=1,
            title="X",
            category=topic.category,
        )
    topic.refresh_from_db()
    assert topic.status == S.DRAFT


def test_submitted_on_the_deadline_is_on_time_the_day_after_is_late(people, topic):
    assert topic.deadline == D(2025, 6, 20)
    services.topic_submit(actor=people["secretary"], topic=topic, today=D(2025, 6, 20))
    assert (topic.status, topic.late) == (S.SUBMITTED, False)
    services.topic_return(actor=people["secretary"], topic=topic, reason="Bổ sung đề cương")
    services.topic_submit(actor=people["secretary"], topic=topic, today=D(2025, 6, 21))
    topic.refresh_from_db()
    assert (topic.status, topic.late, topic.return_reason) == (S.SUBMITTED, True, "")


def test_a_return_needs_a_reason(people, topic):
    services.topic_submit(actor=people["secretary"], topic=topic, today=D(2025, 6, 1))
    with pytest.raises(ValidationError) as caught:
        services.topic_return(actor=people["secretary"], topic=topic, reason="  ")
    assert caught.value.message_dict == {"reason": ["Hãy ghi lý do trả lại."]}
    topic.refresh_from_db()
    assert topic.status == S.SUBMITTED


def test_nothing_goes_into_the_plan_before_the_cell_committee_approves(people, topic):
    services.topic_submit(actor=people["secretary"], topic=topic, today=D(2025, 6, 1))
    with pytest.raises(ValidationError, match="Chờ cấp ủy chi bộ duyệt"):
        services.plan_include(
            actor=people["office"], topics=[topic], committee=people["committee"], year=YEAR
        )
    assert Topic.objects.get(pk=topic.pk).plan_id is None


def test_the_office_returns_an_approved_topic_but_the_cell_cannot(people, topic):
    services.topic_submit(actor=people["secretary"], topic=topic, today=D(2025, 6, 1))
    services.topic_approve(actor=people["secretary"], topic=topic)
    with pytest.raises(Http404):
        services.topic_return(actor=people["secretary"], topic=topic, reason="Đổi ý")
    services.topic_return(actor=people["office"], topic=topic, reason="Trùng chuyên đề quý II")
    topic.refresh_from_db()
    assert (topic.status, topic.return_reason, topic.approved_at) == (
        S.RETURNED,
        "Trùng chuyên đề quý II",
        None,
    )


def test_the_plan_is_the_committees_own_and_publishes_with_its_number(people, topic):
    services.topic_submit(actor=people["secretary"], topic=topic, today=D(2025, 6, 1))
    services.topic_approve(actor=people["secretary"], topic=topic)
    with pytest.raises(Http404):
        services.plan_include(
            actor=people["other_office"], topics=[topic], committee=people["committee"], year=YEAR
        )
    with pytest.raises(ValidationError, match="không thuộc kế hoạch năm 2026"):
        services.plan_include(
            actor=people["office"], topics=[topic], committee=people["committee"], year=2026
        )
    plan = services.plan_include(
        actor=people["office"], topics=[topic], committee=people["committee"], year=YEAR
    )
    services.plan_publish(actor=people["office"], plan=plan, number="05")
    plan.refresh_from_db()
    assert (plan.status, plan.number, plan.topics.get()) == (ThematicPlan.Status.PUBLISHED, "05", topic)


def test_an_empty_plan_is_not_published(people):
    plan = ThematicPlan.objects.create(organization=people["committee"], year=YEAR)
    with pytest.raises(ValidationError, match="Kế hoạch chưa có chuyên đề nào"):
        services.plan_publish(actor=people["office"], plan=plan)


def test_the_meeting_must_be_a_held_thematic_one_of_the_cell_in_the_quarter(people, topic):
    services.topic_submit(actor=people["secretary"], topic=topic, today=D(2025, 6, 1))
    services.topic_approve(actor=people["secretary"], topic=topic)
    cases = [
        (
            held_meeting(people["secretary"], people["cell"], D(2025, 10, 3)),
            "Buổi sinh hoạt phải trong quý 3/2025.",
        ),
        (
            held_meeting(people["secretary"], people["cell"], D(2025, 8, 4), kind=Meeting.Kind.REGULAR),
            "Hãy chọn buổi sinh hoạt chuyên đề hoặc thường kỳ kết hợp chuyên đề.",
        ),
        (
            held_meeting(people["office"], people["sibling_cell"], D(2025, 9, 2)),
            "Buổi sinh hoạt phải là của chi bộ này.",
        ),
    ]
    for meeting, message in cases:
        with pytest.raises(ValidationError) as caught:
            services.topic_hold(actor=people["secretary"], topic=topic, meeting=meeting)
        assert caught.value.message_dict == {"meeting": [message]}
    topic.refresh_from_db()
    assert (topic.status, topic.meeting_id) == (S.APPROVED, None)


def test_only_a_committee_member_who_may_evaluate_the_cell_is_assigned(people, topic):
    services.topic_submit(actor=people["secretary"], topic=topic, today=D(2025, 6, 1))
    services.topic_approve(actor=people["secretary"], topic=topic)
    for wrong in (people["other_supervisor"], people["secretary"]):
        with pytest.raises(ValidationError) as caught:
            services.supervision_assign(actor=people["office"], topic=topic, supervisor=wrong)
        assert "supervisor" in caught.value.message_dict
    assert not Supervision.objects.exists()
    supervision = services.supervision_assign(
        actor=people["office"], topic=topic, supervisor=people["supervisor"]
    )
    assert (supervision.supervisor_name, len(supervision.criteria)) == ("Khiêm Tạ Đức", 4)


def test_the_evaluation_is_filed_once_by_the_assigned_member(people, held_topic, make_user):
    supervision = held_topic.supervision
    scores = {c["name"]: c["max"] - 2 for c in supervision.criteria}
    with pytest.raises(Http404):
        services.evaluation_file(
            actor=people["office"], supervision=supervision, scores=scores, comments="Tốt"
        )
    colleague = make_user(role="supervisor", organization=people["committee"])
    with pytest.raises(ValidationError, match="Chỉ đồng chí được phân công dự"):
        services.evaluation_file(actor=colleague, supervision=supervision, scores=scores, comments="Tốt")
    with pytest.raises(ValidationError) as caught:
        services.evaluation_file(
            actor=people["supervisor"],
            supervision=supervision,
            scores={**scores, "Chuẩn bị nội dung chuyên đề": 21, "Quy trình tổ chức sinh hoạt": None},
            comments="Tốt",
        )
    assert caught.value.messages == [
        "Tiêu chí “Chuẩn bị nội dung chuyên đề”: điểm phải từ 0 đến 20.",
        "Tiêu chí “Quy trình tổ chức sinh hoạt”: hãy cho điểm.",
    ]
    assert Topic.objects.get(pk=held_topic.pk).status == S.HELD
    services.evaluation_file(
        actor=people["supervisor"], supervision=supervision, scores=scores, comments="Chuẩn bị chu đáo."
    )
    supervision.refresh_from_db()
    assert (supervision.score, supervision.max_score) == (92, 100)
    assert Topic.objects.get(pk=held_topic.pk).status == S.EVALUATED
    with pytest.raises(ValidationError, match="đã được đánh giá"):
        services.evaluation_file(
            actor=people["supervisor"], supervision=supervision, scores=scores, comments="Lại"
        )
    with pytest.raises(ValidationError, match="không đổi người dự được nữa"):
        services.supervision_assign(actor=people["office"], topic=held_topic, supervisor=people["supervisor"])


def test_the_criteria_are_those_of_the_committee_when_assigned(people, topic):
    from chibo.topics import rules

    services.topic_settings_save(
        actor=people["office"],
        organization=people["committee"],
        deadline_day=25,
        min_share=15,
        max_share=60,
        criteria=[rules.Criterion("Nội dung", 50), rules.Criterion("Hình thức", 50)],
    )
    services.topic_submit(actor=people["secretary"], topic=topic, today=D(2025, 6, 1))
    services.topic_approve(actor=people["secretary"], topic=topic)
    supervision = services.supervision_assign(
        actor=people["office"], topic=topic, supervisor=people["supervisor"]
    )
    assert supervision.criteria == [{"name": "Nội dung", "max": 50}, {"name": "Hình thức", "max": 50}]


def test_settings_refuse_bad_values_with_the_field(people):
    with pytest.raises(ValidationError) as caught:
        services.topic_settings_save(
            actor=people["office"],
            organization=people["committee"],
            deadline_day=32,
            min_share=101,
            max_share=0,
            criteria=[],
        )
    assert set(caught.value.message_dict) == {"deadline_day", "min_share", "max_share", "criteria"}
    with pytest.raises(Http404):
        services.topic_settings_save(
            actor=people["secretary"],
            organization=people["committee"],
            deadline_day=20,
            min_share=20,
            max_share=50,
            criteria=[],
        )
    assert not TopicSettings.objects.exists()
