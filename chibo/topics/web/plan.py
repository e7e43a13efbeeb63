"""The committee's annual thematic plan: the approved topics of its cells waiting to go in, the plan by quarter,
publishing it; the plan as .xlsx (its .docx in the Party's layout is served by the documents app). And the committee's
settings (deadline, thresholds, evaluation criteria)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from chibo.core.files import DOCX, XLSX, attachment
from chibo.core.forms import add_service_errors
from chibo.meetings.web.documents import documents_app
from chibo.organizations.access import Action, access_organization, allowed
from chibo.topics import exports, forms, selectors, services
from chibo.topics.models import Topic


def _committee(request, pk: int, action: Action = Action.VIEW_UNIT):
    committee = access_organization(request.user, pk, action)
    if committee.is_cell:
        raise Http404
    return committee


@login_required
def plan(request, pk: int, year: int):
    committee = _committee(request, pk)
    can_plan = allowed(request.user, Action.PLAN_TOPICS, committee)
    error = ""
    if request.method == "POST":
        _committee(request, pk, Action.PLAN_TOPICS)  # 404, as every refused write
        try:
            if "dua_vao" in request.POST:
                ids = [int(i) for i in request.POST.getlist("topic") if i.isdigit()]
                chosen = list(selectors.plan_topics(committee=committee, year=year).filter(pk__in=ids))
                if not chosen:
                    raise ValidationError(_("Hãy chọn ít nhất một chuyên đề đã duyệt."))
                services.plan_include(actor=request.user, topics=chosen, committee=committee, year=year)
                messages.success(
                    request,
                    _("Đã đưa %(n)s chuyên đề vào kế hoạch năm %(year)s.") % {"n": len(chosen), "year": year},
                )
                return redirect(request.path)
            if "ban_hanh" in request.POST:
                current = selectors.plan_of(committee, year)
                if current is None:
                    raise ValidationError(
                        _("Kế hoạch chưa có chuyên đề nào: hãy đưa các chuyên đề đã duyệt vào trước.")
                    )
                services.plan_publish(actor=request.user, plan=current, number=request.POST.get("number", ""))
                messages.success(
                    request, _("Đã ban hành kế hoạch sinh hoạt chuyên đề năm %(year)s.") % {"year": year}
                )
                return redirect(request.path)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    topics = list(selectors.plan_topics(committee=committee, year=year))
    current = selectors.plan_of(committee, year)
    waiting = [t for t in topics if t.status == Topic.Status.APPROVED]
    planned = [t for t in topics if t.status != Topic.Status.APPROVED]
    quarters = [(q, forms.ROMAN[q], [t for t in planned if t.quarter == q]) for q in (1, 2, 3, 4)]
    return render(
        request,
        "topics/plan.html",
        {
            "committee": committee,
            "year": year,
            "plan": current,
            "waiting": waiting,
            "quarters": quarters,
            "planned_count": len(planned),
            "can_plan": can_plan,
            "error": error,
            "S": Topic.Status,
        },
    )


@login_required
def plan_xlsx(request, pk: int, year: int):
    committee = _committee(request, pk)
    topics = list(selectors.plan_topics(committee=committee, year=year).exclude(status=Topic.Status.APPROVED))
    return attachment(
        exports.plan_workbook(committee=committee, year=year, topics=topics),
        XLSX,
        f"ke-hoach-chuyen-de-{year}-{pk}.xlsx",
    )


@login_required
def plan_docx(request, pk: int, year: int):
    committee = _committee(request, pk)
    topics = list(selectors.plan_topics(committee=committee, year=year).exclude(status=Topic.Status.APPROVED))
    data = documents_app().topics_document(
        "plan", committee=committee, year=year, plan=selectors.plan_of(committee, year), topics=topics
    )
    return attachment(data, DOCX, f"ke-hoach-chuyen-de-{year}-{pk}.docx")


@login_required
def topic_settings(request, pk: int):
    committee = _committee(request, pk)
    can_plan = allowed(request.user, Action.PLAN_TOPICS, committee)
    current = selectors.settings_for(committee)
    form = forms.SettingsForm(
        initial={
            "deadline_day": current.deadline_day,
            "min_share": current.min_share,
            "max_share": current.max_share,
            "criteria": "\n".join(f"{c['name']} | {c['max']}" for c in current.criteria),
        }
    )
    if request.method == "POST":
        _committee(request, pk, Action.PLAN_TOPICS)
        form = forms.SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.topic_settings_save(actor=request.user, organization=committee, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu cài đặt sinh hoạt chuyên đề."))
                return redirect(request.path)
    return render(
        request,
        "topics/settings.html",
        {
            "committee": committee,
            "form": form,
            "can_plan": can_plan,
            "inherited": current.pk is not None and current.organization_id != committee.pk,
            "source": current.organization if current.pk else None,
        },
    )


urlpatterns = [
    path("ke-hoach/<int:pk>/<int:year>/", plan, name="plan"),
    path("ke-hoach/<int:pk>/<int:year>/excel/", plan_xlsx, name="plan_xlsx"),
    path("ke-hoach/<int:pk>/<int:year>/word/", plan_docx, name="plan_docx"),
    path("cai-dat/<int:pk>/", topic_settings, name="settings"),
]
