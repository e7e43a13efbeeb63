"""Writes of members' tasks: each use case one function, in a transaction, checked by the gate, audited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.audit import audit_record
from chibo.core.text import fold
from chibo.meetings.models import Meeting, Minutes
from chibo.members.models import Member
from chibo.organizations.access import Action, allowed, require
from chibo.organizations.models import Organization
from chibo.work import rules
from chibo.work.models import Task


def _check(*, organization: Organization, title: str, assignees: list[Member]) -> None:
    errors: dict[str, str] = {}
    if not organization.is_cell:
        errors["__all__"] = _("Chỉ chi bộ mới giao nhiệm vụ cho đảng viên.")
    if not (title or "").strip():
        errors["title"] = _("Hãy ghi nhiệm vụ.")
    if not assignees:
        errors["assignees"] = _("Hãy chọn ít nhất một đảng viên thực hiện.")
    elif any(m.organization_id != organization.pk for m in assignees):
        errors["assignees"] = _("Đảng viên thực hiện phải thuộc chi bộ này.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def task_create(
    *,
    actor: Any,
    organization: Organization,
    title: str,
    assignees: list[Member],
    deadline: datetime.date | None = None,
    description: str = "",
) -> Task:
    """Assign a task directly to one or several members of the cell."""
    require(actor, Action.RUN_MEETINGS, organization)
    _check(organization=organization, title=title, assignees=assignees)
    task = Task.objects.create(
        organization=organization,
        title=title.strip(),
        description=description.strip(),
        deadline=deadline,
        created_by=actor,
    )
    task.assignees.set(assignees)
    audit_record(actor=actor, action="task_create", obj=task, organization=organization)
    return task


def _may_report(actor: Any, task: Task) -> bool:
    return (
        allowed(actor, Action.RUN_MEETINGS, task.organization) or task.assignees.filter(user=actor).exists()
    )


@transaction.atomic
def task_report(
    *,
    actor: Any,
    task: Task,
    status: str,
    result: str = "",
    evidence: str = "",
    today: datetime.date | None = None,
) -> Task:
    """The result of a task: done or not done (with what was done and its evidence), by an assignee or an officer;
    an officer may also cancel it or open it again."""
    if not _may_report(actor, task):
        require(actor, Action.RUN_MEETINGS, task.organization)  # 404, as every refused write
    if status not in rules.Status.__members__.values():
        raise ValidationError({"status": _("Tình trạng không hợp lệ.")})
    officer_only = {rules.Status.CANCELLED, rules.Status.OPEN}
    if status in officer_only and not allowed(actor, Action.RUN_MEETINGS, task.organization):
        raise ValidationError({"status": _("Chỉ cấp ủy chi bộ mới hủy hoặc mở lại nhiệm vụ.")})
    if status == rules.Status.DONE and not (result or "").strip():
        raise ValidationError({"result": _("Hãy ghi kết quả đã làm được.")})
    task.status, task.result, task.evidence = status, (result or "").strip(), (evidence or "").strip()
    task.closed_on = None if status == rules.Status.OPEN else (today or timezone.localdate())
    task.save(update_fields=["status", "result", "evidence", "closed_on"])
    audit_record(
        actor=actor,
        action="task_report",
        obj=task,
        organization=task.organization,
        changes={"status": status},
    )
    return task


@dataclass
class FromMinutes:
    created: list[Task]
    unmatched: list[str]  # names in the minutes that are no member of the cell


@transaction.atomic
def tasks_from_minutes(*, actor: Any, meeting: Meeting) -> FromMinutes:
    """Turn the tasks written into the approved minutes ("assignee | task | deadline" lines) into tasks of the
    named members. Run again, it adds only the lines not yet turned into tasks. Names are matched without
    diacritics or case; several names may share a line, separated by commas."""
    require(actor, Action.RUN_MEETINGS, meeting.organization)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or minutes.status != Minutes.Status.APPROVED:
        raise ValidationError(_("Biên bản chưa được thông qua: chưa thể giao nhiệm vụ từ biên bản."))
    members = {fold(m.full_name): m for m in Member.objects.filter(organization=meeting.organization)}
    done = set(Task.objects.filter(meeting=meeting).values_list("minutes_line", flat=True))
    created, unmatched = [], []
    for line, item in enumerate(minutes.content.get("tasks") or [], start=1):
        if line in done:
            continue
        names = [n.strip() for n in str(item.get("assignee", "")).split(",") if n.strip()]
        chosen = [members[fold(n)] for n in names if fold(n) in members]
        unmatched += [n for n in names if fold(n) not in members]
        if not chosen:
            continue
        deadline = datetime.date.fromisoformat(item["deadline"]) if item.get("deadline") else None
        task = Task.objects.create(
            organization=meeting.organization,
            title=str(item.get("title", "")).strip() or _("Nhiệm vụ"),
            deadline=deadline,
            meeting=meeting,
            minutes_line=line,
            created_by=actor,
        )
        task.assignees.set(chosen)
        created.append(task)
    if created:
        audit_record(
            actor=actor,
            action="tasks_from_minutes",
            obj=meeting,
            organization=meeting.organization,
            changes={"tasks": str(len(created))},
        )
    return FromMinutes(created, unmatched)


@transaction.atomic
def note_save(*, actor: Any, meeting: Meeting, text: str) -> Any:
    """The member's own note of a meeting of their cell. Only the member behind the account writes or reads it."""
    from chibo.work.models import Note

    member = Member.objects.filter(user=actor, organization=meeting.organization).first()
    if member is None:
        raise ValidationError(_("Chỉ đảng viên của chi bộ mới ghi sổ tay cho buổi sinh hoạt này."))
    note, _created = Note.objects.update_or_create(member=member, meeting=meeting, defaults={"text": text})
    return note


@transaction.atomic
def notebooks_check(
    *, actor: Any, organization: Organization, checked_on: datetime.date, results: dict[int, tuple[str, str]]
) -> int:
    """Record the cell's check of its members' notebooks on a day: member id -> (result, remark). A second check on
    the same day replaces the first one's rows."""
    from chibo.work.models import NotebookCheck

    require(actor, Action.RUN_MEETINGS, organization)
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("Ngày kiểm tra không được sau hôm nay.")})
    members = set(
        Member.objects.filter(organization=organization, pk__in=list(results)).values_list("pk", flat=True)
    )
    if set(results) - members:
        raise ValidationError(_("Đảng viên được kiểm tra phải thuộc chi bộ này."))
    valid = set(NotebookCheck.Result.values)
    bad = [pk for pk, (result, _remark) in results.items() if result not in valid]
    if bad or not results:
        raise ValidationError(_("Hãy chọn kết quả kiểm tra cho từng đảng viên."))
    NotebookCheck.objects.filter(organization=organization, checked_on=checked_on).delete()
    NotebookCheck.objects.bulk_create(
        [
            NotebookCheck(
                organization=organization,
                member_id=pk,
                checked_on=checked_on,
                result=result,
                remark=remark.strip()[:255],
                checked_by=actor,
            )
            for pk, (result, remark) in results.items()
        ]
    )
    audit_record(
        actor=actor,
        action="notebooks_check",
        obj=organization,
        organization=organization,
        changes={"checked_on": checked_on.isoformat(), "members": str(len(results))},
    )
    return len(results)
