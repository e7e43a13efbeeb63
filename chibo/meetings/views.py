import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_time
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chibo.core.forms import add_service_errors
from chibo.meetings import forms, rules, selectors, services
from chibo.meetings.models import Attendance, CellSettings, Meeting, Minutes, MinutesVersion
from chibo.meetings.sections import SECTIONS
from chibo.members.models import Member
from chibo.organizations.access import Action, access_organization, allowed
from chibo.rulesets.selectors import ruleset_on


@login_required
def cell_meetings(request, pk: int):
    """A cell's meetings of a year, its settings, and the buttons to schedule the year or add a meeting."""
    organization = access_organization(request.user, pk)
    year = int(request.GET.get("nam") or timezone.localdate().year)
    can_run = allowed(request.user, Action.RUN_MEETINGS, organization)
    cell_settings = CellSettings.objects.filter(organization=organization).first()
    settings_form = forms.SettingsForm(instance=cell_settings or CellSettings(organization=organization))
    meeting_form = forms.MeetingForm()
    if request.method == "POST":
        if not can_run:
            access_organization(request.user, pk, Action.RUN_MEETINGS)  # 404, as every refused write
        try:
            if "lap_lich" in request.POST:
                created = services.meetings_schedule_year(
                    actor=request.user, organization=organization, year=year
                )
                messages.success(
                    request,
                    _("Đã lập %(n)s buổi sinh hoạt thường kỳ năm %(year)s.")
                    % {"n": len(created), "year": year},
                )
                return redirect(f"{request.path}?nam={year}")
            if "cai_dat" in request.POST:
                settings_form = forms.SettingsForm(
                    request.POST, instance=cell_settings or CellSettings(organization=organization)
                )
                if settings_form.is_valid():
                    services.cell_settings_save(
                        actor=request.user,
                        organization=organization,
                        **{f: settings_form.cleaned_data[f] for f in settings_form.Meta.fields},
                    )
                    messages.success(request, _("Đã lưu nề nếp sinh hoạt."))
                    return redirect(f"{request.path}?nam={year}")
            if "them" in request.POST:
                meeting_form = forms.MeetingForm(request.POST)
                if meeting_form.is_valid():
                    meeting = services.meeting_create(
                        actor=request.user, organization=organization, **meeting_form.cleaned_data
                    )
                    return redirect(meeting.get_absolute_url())
        except ValidationError as exc:
            add_service_errors(settings_form if "cai_dat" in request.POST else meeting_form, exc)
    meetings = list(selectors.meeting_list(actor=request.user, organization=organization, year=year))
    return render(
        request,
        "meetings/cell.html",
        {
            "organization": organization,
            "year": year,
            "meetings": meetings,
            "can_run": can_run,
            "settings_form": settings_form,
            "meeting_form": meeting_form,
            "cell_settings": cell_settings,
        },
    )


def _meeting_context(request, meeting: Meeting, **extra: Any) -> dict[str, Any]:
    minutes = Minutes.objects.filter(meeting=meeting).select_related("edited_by").first()
    attendance = list(meeting.attendance.select_related("member").order_by("member__sort_key"))
    values = ruleset_on(meeting.day).values
    facts = (
        rules.attendance_facts(
            [rules.Attendee(a.full_member, a.presence, a.reason_approved) for a in attendance],
            votes_rules=values["votes"],
        )
        if attendance
        else None
    )
    context: dict[str, Any] = {
        "meeting": meeting,
        "minutes": minutes,
        "attendance": attendance,
        "facts": facts,
        "below_quorum": facts is not None
        and rules.attendance_below_quorum(facts, meetings_rules=values["meetings"]),
        "presence_choices": Attendance.Presence.choices,
        "can_run": allowed(request.user, Action.RUN_MEETINGS, meeting.organization),
        "versions": list(minutes.versions.select_related("author").order_by("number")) if minutes else [],
        "sections": SECTIONS,
        "cell_members": list(
            Member.objects.filter(
                organization=meeting.organization, status__in=Member.ACTIVE_STATUSES
            ).order_by("sort_key")
        )
        if not meeting.started_at
        else [],
        "min_minutes": rules.minimum_minutes(combined=meeting.combined, meetings_rules=values["meetings"]),
    }
    if minutes and minutes.status == Minutes.Status.DRAFT and "form" not in extra:
        context["form"] = forms.MinutesForm(
            initial=forms.MinutesForm.initial_from(minutes.content, minutes.revision)
        )
    if minutes and minutes.status == Minutes.Status.APPROVED and meeting.started_at and meeting.ended_at:
        context["too_short"] = rules.too_short(
            started_at=meeting.started_at,
            ended_at=meeting.ended_at,
            combined=meeting.combined,
            meetings_rules=values["meetings"],
        )
        if "correction_form" not in extra:
            context["correction_form"] = forms.CorrectionForm(
                initial=forms.MinutesForm.initial_from(minutes.content, minutes.revision)
            )
    context.update(extra)
    context["locked"] = bool(minutes and minutes.status == Minutes.Status.APPROVED)
    if minutes:
        context["approved_sections"] = _sections_of(minutes.content)
    if "other" in context:
        context["other_sections"] = _sections_of(context["other"].content)
    return context


def _sections_of(content: dict) -> list[tuple[Any, str]]:
    return [(label, content[key]) for key, label in SECTIONS if content.get(key)]


@login_required
def meeting_detail(request, pk: int):
    meeting = selectors.access_meeting(request.user, pk)
    return render(request, "meetings/detail.html", _meeting_context(request, meeting))


@login_required
@require_POST
def meeting_start(request, pk: int):
    meeting = selectors.access_meeting(request.user, pk, Action.RUN_MEETINGS)
    cell_members = Member.objects.filter(organization=meeting.organization, status__in=Member.ACTIVE_STATUSES)
    chair = cell_members.filter(pk=request.POST.get("chair") or 0).first()
    secretary = cell_members.filter(pk=request.POST.get("secretary") or 0).first()
    try:
        services.meeting_start(actor=request.user, meeting=meeting, chair=chair, secretary=secretary)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(meeting.get_absolute_url())


@login_required
@require_POST
def attendance_mark(request, pk: int, attendance_pk: int):
    meeting = selectors.access_meeting(request.user, pk, Action.RUN_MEETINGS)
    row = meeting.attendance.select_related("member").filter(pk=attendance_pk).first()
    if row is None:
        raise Http404
    form = forms.AttendanceForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.attendance_mark(actor=request.user, attendance=row, **form.cleaned_data)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Điểm danh không hợp lệ.")
    if request.htmx:
        row.refresh_from_db()
        if error and form.is_valid():
            # Keep what the secretary chose, unsaved, so that only the missing reason has to be typed.
            row.presence, row.reason = form.cleaned_data["presence"], form.cleaned_data["reason"]
        return render(
            request,
            "meetings/partials/_attendance_row.html",
            {
                "meeting": meeting,
                "a": row,
                "presence_choices": Attendance.Presence.choices,
                "can_run": True,
                "locked": False,
                "error": error,
            },
        )
    if error:
        messages.error(request, error)
    return redirect(meeting.get_absolute_url() + "#diem-danh")


@login_required
@require_POST
def minutes_save(request, pk: int):
    """Save the draft (the editor also calls this every few seconds). A stale save is refused and the other
    version is shown."""
    meeting = selectors.access_meeting(request.user, pk, Action.RUN_MEETINGS)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        return redirect(meeting.get_absolute_url())
    form = forms.MinutesForm(request.POST)
    context_extra: dict[str, Any] = {"form": form}
    if form.is_valid():
        try:
            minutes = services.minutes_save(
                actor=request.user,
                minutes=minutes,
                content=form.content(),
                revision=form.cleaned_data["revision"],
            )
        except services.StaleMinutes as exc:
            context_extra["stale"] = exc.messages[0]
            context_extra["other"] = exc.current
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:
                return render(request, "meetings/partials/_saved.html", {"minutes": minutes})
            messages.success(request, _("Đã lưu biên bản."))
            return redirect(meeting.get_absolute_url() + "#bien-ban")
    if request.htmx and "stale" in context_extra:
        return render(
            request, "meetings/partials/_saved.html", {"minutes": minutes, **context_extra}, status=409
        )
    return render(
        request,
        "meetings/detail.html",
        _meeting_context(request, meeting, **context_extra),
        status=409 if "stale" in context_extra else 200,
    )


@login_required
@require_POST
def minutes_approve(request, pk: int):
    meeting = selectors.access_meeting(request.user, pk, Action.RUN_MEETINGS)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        return redirect(meeting.get_absolute_url())
    ended_at = None
    if request.POST.get("ended_at"):
        ended = parse_time(request.POST["ended_at"])
        if ended is None:
            messages.error(request, _("Giờ kết thúc không hợp lệ."))
            return redirect(meeting.get_absolute_url() + "#bien-ban")
        ended_at = timezone.make_aware(
            datetime.datetime.combine(timezone.localtime(meeting.started_at).date(), ended)
        )
    try:
        services.minutes_approve(actor=request.user, minutes=minutes, ended_at=ended_at)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Biên bản đã được thông qua và khóa."))
    return redirect(meeting.get_absolute_url() + "#bien-ban")


@login_required
@require_POST
def minutes_correct(request, pk: int):
    meeting = selectors.access_meeting(request.user, pk, Action.RUN_MEETINGS)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    form = forms.CorrectionForm(request.POST)
    if minutes is not None and form.is_valid():
        try:
            services.minutes_correct(
                actor=request.user,
                minutes=minutes,
                content=form.content(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi đính chính thành phiên bản mới."))
            return redirect(meeting.get_absolute_url() + "#bien-ban")
    return render(request, "meetings/detail.html", _meeting_context(request, meeting, correction_form=form))


@login_required
def minutes_version(request, pk: int, number: int):
    """An approved version of the minutes, as it was approved or corrected: every version stays readable."""
    meeting = selectors.access_meeting(request.user, pk)
    version = (
        MinutesVersion.objects.select_related("author")
        .filter(minutes__meeting=meeting, number=number)
        .first()
    )
    if version is None:
        raise Http404
    return render(
        request,
        "meetings/version.html",
        {
            "meeting": meeting,
            "version": version,
            "sections": _sections_of(version.content),
            "content": version.content,
        },
    )
