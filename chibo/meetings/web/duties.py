"""Pages of the rotating duties: the cell's grid of the next meetings, and each member's next turns."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from chibo.meetings import duties
from chibo.members.rules import add_months
from chibo.organizations.access import Action, access_organization, allowed


@login_required
def cell_duties(request, pk: int):
    organization = access_organization(request.user, pk)
    can_run = allowed(request.user, Action.RUN_MEETINGS, organization)
    today = timezone.localdate()
    if request.method == "POST":
        if not can_run:
            access_organization(request.user, pk, Action.RUN_MEETINGS)
        try:
            if "them" in request.POST:
                duties.duty_add(
                    actor=request.user, organization=organization, name=request.POST.get("name", "")
                )
                messages.success(request, _("Đã thêm nhiệm vụ."))
            elif "mac_dinh" in request.POST:
                duties.duties_add_defaults(actor=request.user, organization=organization)
                messages.success(request, _("Đã thêm các nhiệm vụ thường dùng."))
            elif "lap" in request.POST:
                through = parse_date(request.POST.get("through", "") or "")
                if through is None:
                    raise ValidationError({"through": _("Ngày không hợp lệ.")})
                n = duties.duties_plan(actor=request.user, organization=organization, through=through)
                messages.success(request, _("Đã phân công %(n)s lượt.") % {"n": n})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(request.path)
    meetings, duty_list, grid = duties.upcoming_turns(organization=organization, today=today)
    rows = [(m, [grid.get((m.pk, d.pk)) for d in duty_list]) for m in meetings]
    return render(
        request,
        "meetings/duties/cell.html",
        {
            "organization": organization,
            "duties": duty_list,
            "rows": rows,
            "can_run": can_run,
            "through": add_months(today, 6),
        },
    )


@login_required
def my_turns(request):
    member = getattr(request.user, "member", None)
    turns = duties.member_next_turns(member=member, today=timezone.localdate()) if member else []
    return render(request, "meetings/duties/mine.html", {"member": member, "turns": turns})


urlpatterns = [
    path("chi-bo/<int:pk>/luan-phien/", cell_duties, name="duties"),
    path("luot-cua-toi/", my_turns, name="my_turns"),
]
