"""A cell's thematic topics and one topic's page: register, edit, submit, approve or return, record the meeting
where it was held, assign the committee member who attends, read the evaluation.

Every page goes through the gate: the cell through ``access_organization``, the topic through ``access_topic``;
writes are checked again by the services. Out of scope and missing answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.forms import add_service_errors
from chibo.meetings.models import Meeting
from chibo.meetings.web.committee import year_from
from chibo.organizations.access import Action, access_organization, allowed
from chibo.topics import forms, rules, selectors, services
from chibo.topics.models import Supervision, Topic
from chibo.topics.web.candidates import supervisor_candidates


@login_required
def cell_topics(request, pk: int):
    """A cell's topics of a year, quarter by quarter, and the form to register one."""
    organization = access_organization(request.user, pk)
    today = timezone.localdate()
    year, _error = year_from(request.GET.get("nam"), today)
    can_run = allowed(request.user, Action.RUN_MEETINGS, organization)
    chosen = selectors.settings_for(organization)
    # The quarter to register next: the coming one when it is in the year shown, else the current one.
    current = rules.quarter_of(today)
    next_quarter = (
        current + 1 if year == today.year and current < 4 else (current if year == today.year else 1)
    )
    form = forms.TopicForm(organization=organization, initial={"quarter": next_quarter})
    if request.method == "POST":
        access_organization(request.user, pk, Action.RUN_MEETINGS)  # 404, as every refused write
        form = forms.TopicForm(request.POST, organization=organization)
        if form.is_valid():
            try:
                topic = services.topic_register(
                    actor=request.user, organization=organization, year=year, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu dự thảo chuyên đề. Hãy gửi cấp ủy chi bộ duyệt."))
                return redirect(topic.get_absolute_url())
    shown = Topic.objects.filter(organization=organization, year=year)
    if not selectors.sees_unapproved(request.user, organization):
        shown = shown.filter(status__in=rules.APPROVED_OR_LATER)
    topics = list(shown.select_related("category", "presenter", "supervision").order_by("quarter", "id"))
    quarters = []
    for quarter in (1, 2, 3, 4):
        deadline = rules.registration_deadline(year=year, quarter=quarter, deadline_day=chosen.deadline_day)
        quarters.append(
            {
                "quarter": quarter,
                "roman": forms.ROMAN[quarter],
                "deadline": deadline,
                "topics": [t for t in topics if t.quarter == quarter],
            }
        )
    return render(
        request,
        "topics/cell.html",
        {
            "organization": organization,
            "year": year,
            "quarters": quarters,
            "form": form,
            "can_run": can_run,
            "today": today,
        },
    )


def _meetings_of_quarter(topic: Topic) -> list[Meeting]:
    first, last = rules.quarter_bounds(topic.year, topic.quarter)
    return list(
        Meeting.objects.filter(
            organization=topic.organization,
            kind__in=services.THEMATIC_KINDS,
            status=Meeting.Status.HELD,
            day__gte=first,
            day__lte=last,
        ).order_by("day")
    )


@login_required
def topic_detail(request, pk: int):
    """One topic: its registration, its steps, the meeting where it was held, who attends and the evaluation."""
    topic = selectors.access_topic(request.user, pk)
    unit = topic.organization
    can_run = allowed(request.user, Action.RUN_MEETINGS, unit)
    can_plan = allowed(request.user, Action.PLAN_TOPICS, unit)
    supervision = Supervision.objects.filter(topic=topic).select_related("supervisor").first()
    edit_form = forms.TopicForm(
        organization=unit,
        editing=True,
        initial={
            "title": topic.title,
            "category": topic.category_id,
            "presenter": topic.presenter_id,
            "outline": topic.outline,
        },
    )
    return_form = forms.ReturnForm()
    hold_form = forms.HoldForm(meetings=_meetings_of_quarter(topic)) if can_run else None
    candidates = supervisor_candidates(unit) if can_plan else []
    error = ""
    if request.method == "POST":
        step = request.POST.get("buoc", "")
        needed = Action.PLAN_TOPICS if step in ("phan_cong",) else Action.RUN_MEETINGS
        if step == "tra_lai" and topic.status == Topic.Status.APPROVED:
            needed = Action.PLAN_TOPICS
        selectors.access_topic(request.user, pk, needed)  # 404, as every refused write
        try:
            if step == "sua":
                edit_form = forms.TopicForm(request.POST, organization=unit, editing=True)
                if edit_form.is_valid():
                    services.topic_update(actor=request.user, topic=topic, **edit_form.cleaned_data)
                    messages.success(request, _("Đã lưu chuyên đề."))
                    return redirect(topic.get_absolute_url())
            elif step == "gui":
                services.topic_submit(actor=request.user, topic=topic)
                if topic.late:
                    messages.warning(
                        request,
                        _(
                            "Đã gửi cấp ủy chi bộ, sau hạn đăng ký %(day)s: chuyên đề được ghi là đăng ký muộn."
                        )
                        % {"day": topic.deadline.strftime("%d/%m/%Y")},
                    )
                else:
                    messages.success(request, _("Đã gửi cấp ủy chi bộ duyệt."))
                return redirect(topic.get_absolute_url())
            elif step == "duyet":
                services.topic_approve(actor=request.user, topic=topic)
                messages.success(request, _("Cấp ủy chi bộ đã duyệt chuyên đề: có thể gửi tới đảng viên."))
                return redirect(topic.get_absolute_url())
            elif step == "tra_lai":
                return_form = forms.ReturnForm(request.POST)
                if return_form.is_valid():
                    services.topic_return(
                        actor=request.user, topic=topic, reason=return_form.cleaned_data["reason"]
                    )
                    messages.success(request, _("Đã trả lại chuyên đề kèm lý do."))
                    return redirect(topic.get_absolute_url())
            elif step == "da_sinh_hoat":
                hold_form = forms.HoldForm(request.POST, meetings=_meetings_of_quarter(topic))
                if hold_form.is_valid():
                    meeting = Meeting.objects.get(pk=hold_form.cleaned_data["meeting"])
                    services.topic_hold(actor=request.user, topic=topic, meeting=meeting)
                    messages.success(request, _("Đã ghi nhận buổi sinh hoạt chuyên đề."))
                    return redirect(topic.get_absolute_url())
            elif step == "phan_cong":
                chosen = next((u for u in candidates if str(u.pk) == request.POST.get("supervisor")), None)
                services.supervision_assign(actor=request.user, topic=topic, supervisor=chosen)
                messages.success(request, _("Đã phân công đồng chí cấp ủy dự sinh hoạt."))
                return redirect(topic.get_absolute_url())
        except ValidationError as exc:
            error = " ".join(exc.messages)
            topic.refresh_from_db()
    return render(
        request,
        "topics/detail.html",
        {
            "topic": topic,
            "organization": unit,
            "supervision": supervision,
            "can_run": can_run,
            "can_plan": can_plan,
            "edit_form": edit_form,
            "return_form": return_form,
            "hold_form": hold_form,
            "candidates": candidates,
            "error": error,
            "roman": forms.ROMAN[topic.quarter],
            "S": Topic.Status,
            "criteria": supervision.criteria if supervision else [],
        },
    )
