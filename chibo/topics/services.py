"""Writes of thematic topics: each use case one function, in a transaction, checked by the gate, audited.

Who does what (seed 002): the cell's secretary registers and submits (RUN_MEETINGS on the cell); the cell
committee approves or returns (RUN_MEETINGS on the cell); the committee's office puts approved topics into the
annual plan, publishes it and assigns a committee member to attend (PLAN_TOPICS on a committee above the cell);
the assigned member files the evaluation (EVALUATE_MEETINGS on the cell).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.audit import audit_record
from chibo.meetings.models import Meeting
from chibo.members.models import Member
from chibo.organizations.access import Action, allowed, require
from chibo.organizations.models import Organization
from chibo.topics import rules
from chibo.topics.models import Supervision, ThematicPlan, Topic, TopicCategory, TopicSettings
from chibo.topics.selectors import in_plan_of, settings_for

THEMATIC_KINDS = (Meeting.Kind.THEMATIC, Meeting.Kind.COMBINED)


def _step(topic: Topic, step: str) -> str:
    target = rules.next_status(step, topic.status)
    if target is None:
        raise ValidationError(
            _("Chuyên đề đang ở tình trạng “%(status)s”: không thể thực hiện bước này.")
            % {"status": topic.get_status_display()}
        )
    return str(target)


def _audit(actor: Any, action: str, topic: Topic, **changes: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=topic,
        organization=topic.organization,
        changes={k: str(v) for k, v in changes.items()},
    )


def _check_fields(
    *,
    organization: Organization,
    year: int,
    quarter: int,
    title: str,
    category: TopicCategory | None,
    presenter: Member | None,
) -> None:
    errors: dict[str, str] = {}
    if not organization.is_cell:
        errors["__all__"] = _("Chỉ chi bộ mới đăng ký chuyên đề.")
    if not 1 <= int(quarter or 0) <= 4:
        errors["quarter"] = _("Quý phải từ 1 đến 4.")
    if not 2000 <= int(year or 0) <= 2100:
        errors["year"] = _("Năm không hợp lệ.")
    if not (title or "").strip():
        errors["title"] = _("Hãy nhập tên chuyên đề.")
    if category is None:
        errors["category"] = _("Hãy chọn nhóm chuyên đề.")
    elif not category.active:
        errors["category"] = _("Nhóm chuyên đề “%(name)s” không còn dùng.") % {"name": category.name}
    if presenter is not None and presenter.organization_id != organization.pk:
        errors["presenter"] = _("Đảng viên chuẩn bị phải thuộc chi bộ này.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def topic_register(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    quarter: int,
    title: str,
    category: TopicCategory | None,
    presenter: Member | None = None,
    outline: str = "",
) -> Topic:
    """A draft registration of a cell's topic for a quarter, with its deadline from the committee's settings."""
    require(actor, Action.RUN_MEETINGS, organization)
    _check_fields(
        organization=organization,
        year=year,
        quarter=quarter,
        title=title,
        category=category,
        presenter=presenter,
    )
    assert category is not None  # _check_fields refused a missing one
    deadline = rules.registration_deadline(
        year=year, quarter=quarter, deadline_day=settings_for(organization).deadline_day
    )
    topic = Topic.objects.create(
        organization=organization,
        year=year,
        quarter=quarter,
        title=title.strip(),
        category=category,
        presenter=presenter,
        outline=outline.strip(),
        deadline=deadline,
        created_by=actor,
    )
    _audit(actor, "topic_register", topic, year=year, quarter=quarter, title=topic.title)
    return topic


@transaction.atomic
def topic_update(
    *,
    actor: Any,
    topic: Topic,
    title: str,
    category: TopicCategory | None,
    presenter: Member | None = None,
    outline: str = "",
) -> Topic:
    """Edit a draft or returned topic (its quarter stays)."""
    require(actor, Action.RUN_MEETINGS, topic.organization)
    if not topic.editable:
        raise ValidationError(
            _("Chỉ sửa được chuyên đề dự thảo hoặc bị trả lại; chuyên đề này đang “%(status)s”.")
            % {"status": topic.get_status_display()}
        )
    _check_fields(
        organization=topic.organization,
        year=topic.year,
        quarter=topic.quarter,
        title=title,
        category=category,
        presenter=presenter,
    )
    assert category is not None
    topic.title, topic.category, topic.presenter, topic.outline = (
        title.strip(),
        category,
        presenter,
        outline.strip(),
    )
    topic.save(update_fields=["title", "category", "presenter", "outline"])
    _audit(actor, "topic_update", topic, title=topic.title)
    return topic


@transaction.atomic
def topic_submit(*, actor: Any, topic: Topic, today: datetime.date | None = None) -> Topic:
    """Send the topic to the cell committee. After the committee's deadline it goes through, marked late."""
    require(actor, Action.RUN_MEETINGS, topic.organization)
    topic.status = _step(topic, "submit")
    topic.submitted_on = today or timezone.localdate()
    topic.late = rules.is_late(submitted_on=topic.submitted_on, deadline=topic.deadline)
    topic.return_reason = ""
    topic.save(update_fields=["status", "submitted_on", "late", "return_reason"])
    _audit(actor, "topic_submit", topic, late=topic.late)
    return topic


@transaction.atomic
def topic_approve(*, actor: Any, topic: Topic) -> Topic:
    """The cell committee approves the topic: from now on it may go to the members (seed 002)."""
    require(actor, Action.RUN_MEETINGS, topic.organization)
    topic.status = _step(topic, "approve")
    topic.approved_at, topic.approved_by = timezone.now(), actor
    topic.save(update_fields=["status", "approved_at", "approved_by"])
    _audit(actor, "topic_approve", topic)
    return topic


@transaction.atomic
def topic_return(*, actor: Any, topic: Topic, reason: str) -> Topic:
    """Send the topic back with a reason: the cell committee before approving, or the committee's office before
    it is planned."""
    if topic.status == Topic.Status.APPROVED:
        require(actor, Action.PLAN_TOPICS, topic.organization)
    else:
        require(actor, Action.RUN_MEETINGS, topic.organization)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại.")})
    topic.status = _step(topic, "return")
    topic.return_reason = reason.strip()[:500]
    topic.approved_at = topic.approved_by = None
    topic.save(update_fields=["status", "return_reason", "approved_at", "approved_by"])
    _audit(actor, "topic_return", topic, reason=topic.return_reason)
    return topic


@transaction.atomic
def plan_include(*, actor: Any, topics: list[Topic], committee: Organization, year: int) -> ThematicPlan:
    """Put approved topics into the committee's plan of the year (creating the plan when it is the first)."""
    require(actor, Action.PLAN_TOPICS, committee)
    plan, _created = ThematicPlan.objects.get_or_create(organization=committee, year=year)
    wrong = [t for t in topics if t.year != year or not in_plan_of(t.organization_path, committee)]
    if wrong:
        raise ValidationError(
            _("Chuyên đề “%(title)s” không thuộc kế hoạch năm %(year)s của %(unit)s.")
            % {"title": wrong[0].title, "year": year, "unit": committee.name}
        )
    for topic in topics:
        topic.status = _step(topic, "plan")
    for topic in topics:
        topic.plan = plan
        topic.save(update_fields=["status", "plan"])
        _audit(actor, "topic_plan", topic, plan=plan.pk)
    return plan


@transaction.atomic
def plan_publish(*, actor: Any, plan: ThematicPlan, number: str = "") -> ThematicPlan:
    """Issue the plan (again, after more topics were added): its number and the moment are recorded."""
    require(actor, Action.PLAN_TOPICS, plan.organization)
    if not plan.topics.exists():
        raise ValidationError(_("Kế hoạch chưa có chuyên đề nào: hãy đưa các chuyên đề đã duyệt vào trước."))
    plan.status = ThematicPlan.Status.PUBLISHED
    plan.number = (number or plan.number).strip()[:32]
    plan.published_at, plan.published_by = timezone.now(), actor
    plan.save(update_fields=["status", "number", "published_at", "published_by"])
    audit_record(actor=actor, action="plan_publish", obj=plan, organization=plan.organization)
    return plan


@transaction.atomic
def topic_hold(*, actor: Any, topic: Topic, meeting: Meeting) -> Topic:
    """Record that the topic was held at a thematic (or combined) meeting of the cell in its quarter."""
    require(actor, Action.RUN_MEETINGS, topic.organization)
    first, last = rules.quarter_bounds(topic.year, topic.quarter)
    if meeting.organization_id != topic.organization_id:
        raise ValidationError({"meeting": _("Buổi sinh hoạt phải là của chi bộ này.")})
    if meeting.kind not in THEMATIC_KINDS:
        raise ValidationError(
            {"meeting": _("Hãy chọn buổi sinh hoạt chuyên đề hoặc thường kỳ kết hợp chuyên đề.")}
        )
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError({"meeting": _("Buổi sinh hoạt này chưa họp.")})
    if not first <= meeting.day <= last:
        raise ValidationError(
            {
                "meeting": _("Buổi sinh hoạt phải trong quý %(q)s/%(y)s.")
                % {"q": topic.quarter, "y": topic.year}
            }
        )
    topic.status = _step(topic, "hold")
    topic.meeting, topic.held_on = meeting, meeting.day
    topic.save(update_fields=["status", "meeting", "held_on"])
    _audit(actor, "topic_hold", topic, meeting=meeting.pk, day=meeting.day)
    return topic


@transaction.atomic
def supervision_assign(*, actor: Any, topic: Topic, supervisor: Any) -> Supervision:
    """Assign a committee member to attend the cell's thematic meeting (or change who, before the evaluation)."""
    require(actor, Action.PLAN_TOPICS, topic.organization)
    if topic.status not in rules.APPROVED_OR_LATER:
        raise ValidationError(_("Chỉ phân công dự chuyên đề đã được cấp ủy chi bộ duyệt."))
    if supervisor is None or not allowed(supervisor, Action.EVALUATE_MEETINGS, topic.organization):
        raise ValidationError(
            {"supervisor": _("Đồng chí được phân công phải là cấp ủy viên có quyền dự, đánh giá chi bộ này.")}
        )
    current = Supervision.objects.filter(topic=topic).first()
    if current is not None and current.evaluated_at is not None:
        raise ValidationError(_("Buổi sinh hoạt đã được đánh giá: không đổi người dự được nữa."))
    # The account's "Họ và tên" first: accounts here carry the full name, not first and last names.
    name = supervisor.full_name or supervisor.get_full_name() or supervisor.get_username()
    supervision, _created = Supervision.objects.update_or_create(
        topic=topic,
        defaults={
            "supervisor": supervisor,
            "supervisor_name": name,
            "assigned_by": actor,
            "assigned_at": timezone.now(),
            "criteria": settings_for(topic.organization).criteria,
        },
    )
    _audit(actor, "supervision_assign", topic, supervisor=name)
    return supervision


@transaction.atomic
def evaluation_file(
    *, actor: Any, supervision: Supervision, scores: dict[str, int | None], comments: str
) -> Supervision:
    """The assigned committee member's evaluation of the held meeting: a score per criterion, comments. Once."""
    require(actor, Action.EVALUATE_MEETINGS, supervision.topic.organization)
    if supervision.supervisor_id != actor.pk:
        raise ValidationError(_("Chỉ đồng chí được phân công dự mới đánh giá buổi sinh hoạt này."))
    if supervision.evaluated_at is not None:
        raise ValidationError(_("Buổi sinh hoạt này đã được đánh giá."))
    topic = Topic.objects.select_for_update().get(pk=supervision.topic_id)
    criteria = supervision.criteria_rules
    problems = rules.evaluation_problems(criteria, scores)
    if problems:
        maxima = {c.name: c.maximum for c in criteria}
        raise ValidationError(
            [
                _("Tiêu chí “%(name)s”: hãy cho điểm.") % {"name": name}
                if kind == "missing"
                else _("Tiêu chí “%(name)s”: điểm phải từ 0 đến %(max)s.")
                % {"name": name, "max": maxima[name]}
                for name, kind in problems
            ]
        )
    if not (comments or "").strip():
        raise ValidationError({"comments": _("Hãy ghi nhận xét về buổi sinh hoạt.")})
    status = _step(topic, "evaluate")
    supervision.scores = {c.name: int(scores[c.name] or 0) for c in criteria}
    supervision.score = sum(supervision.scores.values())
    supervision.max_score = sum(c.maximum for c in criteria)
    supervision.comments = comments.strip()
    supervision.evaluated_at = timezone.now()
    supervision.save(update_fields=["scores", "score", "max_score", "comments", "evaluated_at"])
    topic.status = status
    topic.save(update_fields=["status"])
    _audit(actor, "topic_evaluate", topic, score=supervision.score)
    return supervision


@transaction.atomic
def topic_settings_save(
    *,
    actor: Any,
    organization: Organization,
    deadline_day: int,
    min_share: int,
    max_share: int,
    criteria: list[rules.Criterion],
) -> TopicSettings:
    """A committee's settings for its cells' topics."""
    require(actor, Action.PLAN_TOPICS, organization)
    errors: dict[str, str] = {}
    if organization.is_cell:
        errors["__all__"] = _("Cài đặt sinh hoạt chuyên đề thuộc đảng bộ, không thuộc chi bộ.")
    if not 1 <= deadline_day <= 31:
        errors["deadline_day"] = _("Ngày hạn đăng ký phải từ 1 đến 31.")
    if not 0 <= min_share <= 100:
        errors["min_share"] = _("Tỷ lệ phải từ 0 đến 100.")
    if not 0 < max_share <= 100:
        errors["max_share"] = _("Tỷ lệ phải từ 1 đến 100.")
    if not criteria:
        errors["criteria"] = _("Hãy ghi ít nhất một tiêu chí đánh giá.")
    if errors:
        raise ValidationError(errors)
    row, _created = TopicSettings.objects.update_or_create(
        organization=organization,
        defaults={
            "deadline_day": deadline_day,
            "min_share": min_share,
            "max_share": max_share,
            "criteria": [{"name": c.name, "max": c.maximum} for c in criteria],
        },
    )
    audit_record(actor=actor, action="topic_settings", obj=row, organization=organization)
    return row
