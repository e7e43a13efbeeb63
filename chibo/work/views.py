"""Members' tasks: the cell's list (overdue first) with the form to assign one, a member's own tasks, a task's
page where its result is reported, and a meeting's review of the tasks due since the previous meeting.

Every page goes through the gate (``access_organization``, ``access_task``, ``access_meeting``); out of scope and
missing answer 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.forms import add_service_errors
from chibo.meetings.models import Minutes
from chibo.meetings.selectors import access_meeting
from chibo.organizations.access import Action, access_organization, allowed
from chibo.work import forms, rules, selectors, services

app_name = "work"


@login_required
def cell_tasks(request, pk: int):
    organization = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    can_run = allowed(request.user, Action.RUN_MEETINGS, organization)
    form = forms.TaskForm(organization=organization)
    if request.method == "POST":
        access_organization(request.user, pk, Action.RUN_MEETINGS)  # 404, as every refused write
        form = forms.TaskForm(request.POST, organization=organization)
        if form.is_valid():
            try:
                services.task_create(
                    actor=request.user,
                    organization=organization,
                    title=form.cleaned_data["title"],
                    assignees=list(form.cleaned_data["assignees"]),
                    deadline=form.cleaned_data["deadline"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã giao nhiệm vụ."))
                return redirect(request.path)
    tasks = selectors.ordered(list(selectors.cell_tasks(organization=organization)), timezone.localdate())
    return render(
        request,
        "work/cell.html",
        {"organization": organization, "tasks": tasks, "form": form, "can_run": can_run},
    )


@login_required
def my_tasks(request):
    tasks = selectors.ordered(list(selectors.my_tasks(actor=request.user)), timezone.localdate())
    return render(request, "work/mine.html", {"tasks": tasks})


@login_required
def task_detail(request, pk: int):
    task = selectors.access_task(request.user, pk)
    can_report = allowed(request.user, Action.RUN_MEETINGS, task.organization) or any(
        m.user_id == request.user.pk for m in task.assignees.all()
    )
    form = forms.ReportForm(initial={"status": task.status, "result": task.result, "evidence": task.evidence})
    if request.method == "POST":
        if not can_report:
            selectors.access_task(request.user, -1)  # 404, as every refused write
        form = forms.ReportForm(request.POST)
        if form.is_valid():
            try:
                services.task_report(actor=request.user, task=task, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi kết quả nhiệm vụ."))
                return redirect(task.get_absolute_url())
    today = timezone.localdate()
    return render(
        request,
        "work/detail.html",
        {
            "task": task,
            "form": form,
            "can_report": can_report,
            "overdue": rules.is_overdue(status=task.status, deadline=task.deadline, today=today),
        },
    )


@login_required
def meeting_review(request, pk: int):
    """The review of the month at a meeting: the tasks due since the cell's previous meeting, done and not done; and
    the button that turns the tasks written into the approved minutes into members' tasks."""
    meeting = access_meeting(request.user, pk, Action.VIEW_MEMBERS)
    can_run = allowed(request.user, Action.RUN_MEETINGS, meeting.organization)
    if request.method == "POST":
        access_meeting(request.user, pk, Action.RUN_MEETINGS)
        try:
            made = services.tasks_from_minutes(actor=request.user, meeting=meeting)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã giao %(n)s nhiệm vụ từ biên bản.") % {"n": len(made.created)})
            if made.unmatched:
                messages.warning(
                    request,
                    _("Không tìm thấy trong chi bộ: %(names)s. Hãy giao trực tiếp các nhiệm vụ này.")
                    % {"names": ", ".join(made.unmatched)},
                )
        return redirect(request.path)
    since = selectors.previous_meeting_day(meeting)
    tasks = {t.pk: t for t in selectors.cell_tasks(organization=meeting.organization)}
    review = rules.month_review(
        [rules.TaskFacts(t.pk, t.status, t.deadline) for t in tasks.values()], since=since, until=meeting.day
    )
    minutes = Minutes.objects.filter(meeting=meeting).only("status", "content").first()
    written = len((minutes.content or {}).get("tasks") or []) if minutes else 0
    from_minutes = sum(1 for t in tasks.values() if t.meeting_id == meeting.pk)
    return render(
        request,
        "work/review.html",
        {
            "meeting": meeting,
            "since": since,
            "done": [tasks[i] for i in review.done],
            "not_done": [tasks[i] for i in review.not_done],
            "can_run": can_run,
            "approved": minutes is not None and minutes.status == Minutes.Status.APPROVED,
            "written": written,
            "from_minutes": from_minutes,
        },
    )


urlpatterns = [
    path("chi-bo/<int:pk>/", cell_tasks, name="cell"),
    path("cua-toi/", my_tasks, name="mine"),
    path("<int:pk>/", task_detail, name="detail"),
    path("buoi-sinh-hoat/<int:pk>/", meeting_review, name="review"),
]
