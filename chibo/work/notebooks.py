"""Members' notebooks: each member's private notes per meeting, and the cell's periodic check of the notebooks.

A note is read and written only through the member's own account (``Member.user``): no role, not even the
cell's secretary, reads it. The check is the cell's record (date, result and remark per member)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from chibo.meetings.models import Meeting
from chibo.members.models import Member
from chibo.organizations.access import Action, access_organization
from chibo.work import rules, services
from chibo.work.models import Note, NotebookCheck


@login_required
def my_notebook(request):
    """The member's notebook: the held meetings of their cell, newest first, each with its note."""
    member = Member.objects.filter(user=request.user).select_related("organization").first()
    meetings = (
        list(
            Meeting.objects.filter(
                organization_id=member.organization_id, status=Meeting.Status.HELD
            ).order_by("-day")[:24]
        )
        if member
        else []
    )
    notes = {n.meeting_id: n for n in Note.objects.filter(member=member)} if member else {}
    rows = [(m, notes.get(m.pk)) for m in meetings]
    return render(request, "work/notebook.html", {"member": member, "rows": rows})


@login_required
def note_edit(request, meeting_pk: int):
    member = Member.objects.filter(user=request.user).first()
    meeting = Meeting.objects.filter(pk=meeting_pk).select_related("organization").first()
    if member is None or meeting is None or meeting.organization_id != member.organization_id:
        raise Http404  # a note is only the member's own, of their cell's meetings
    note = Note.objects.filter(member=member, meeting=meeting).first()
    if request.method == "POST":
        services.note_save(actor=request.user, meeting=meeting, text=request.POST.get("text", ""))
        messages.success(request, _("Đã lưu ghi chép."))
        return redirect("work:notebook")
    return render(request, "work/note.html", {"meeting": meeting, "note": note})


@login_required
def cell_checks(request, pk: int):
    """The cell's checks of its members' notebooks: the form to record one, and the latest checks with the share of
    members who keep a notebook."""
    organization = access_organization(request.user, pk, Action.RUN_MEETINGS)
    members = list(
        Member.objects.filter(organization=organization, status__in=Member.ACTIVE_STATUSES).order_by(
            "sort_key"
        )
    )
    error = ""
    if request.method == "POST":
        day = parse_date(request.POST.get("checked_on") or "")
        results = {
            m.pk: (request.POST.get(f"result_{m.pk}", ""), request.POST.get(f"remark_{m.pk}", ""))
            for m in members
        }
        try:
            if day is None:
                raise ValidationError(_("Ngày kiểm tra không hợp lệ."))
            n = services.notebooks_check(
                actor=request.user, organization=organization, checked_on=day, results=results
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Đã ghi kết quả kiểm tra sổ tay của %(n)s đảng viên.") % {"n": n})
            return redirect(request.path)
    checks = list(
        NotebookCheck.objects.filter(organization=organization)
        .select_related("member")
        .order_by("-checked_on", "member__sort_key")[:500]
    )
    days: dict[datetime.date, list[NotebookCheck]] = {}
    for check in checks:
        days.setdefault(check.checked_on, []).append(check)
    history = [
        (day, rows, rules.notebook_share(r.result for r in rows)) for day, rows in list(days.items())[:6]
    ]
    return render(
        request,
        "work/checks.html",
        {
            "organization": organization,
            "members": members,
            "history": history,
            "results": NotebookCheck.Result.choices,
            "today": timezone.localdate(),
            "error": error,
        },
    )


urlpatterns = [
    path("so-tay/", my_notebook, name="notebook"),
    path("so-tay/<int:meeting_pk>/", note_edit, name="note"),
    path("chi-bo/<int:pk>/kiem-tra-so-tay/", cell_checks, name="notebook_checks"),
]
