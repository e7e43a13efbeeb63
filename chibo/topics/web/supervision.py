"""The committee member's side: the thematic meetings they are assigned to attend, and the evaluation they file
for the standing committee to read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from chibo.core.forms import add_service_errors
from chibo.topics import forms, rules, selectors, services
from chibo.topics.forms import ROMAN


@login_required
def schedule(request):
    """My schedule: each assigned meeting (cell, topic, quarter, the meeting's day once known), those to evaluate
    first; a held meeting without an evaluation says so."""
    rows = list(selectors.supervision_schedule(actor=request.user))
    return render(
        request,
        "topics/schedule.html",
        {"rows": rows, "roman": ROMAN, "HELD": rules.Status.HELD, "EVALUATED": rules.Status.EVALUATED},
    )


@login_required
def evaluate(request, pk: int):
    """The evaluation of one assigned meeting: filed by the assigned member once the meeting is held; read by
    anyone who may see the cell."""
    supervision = selectors.access_supervision(request.user, pk)
    criteria = supervision.criteria_rules
    mine = supervision.supervisor_id == request.user.pk
    form = forms.EvaluationForm(criteria=criteria)
    if request.method == "POST":
        if not mine:
            selectors.access_supervision(request.user, -1)  # 404, as every refused write
        form = forms.EvaluationForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                services.evaluation_file(
                    actor=request.user,
                    supervision=supervision,
                    scores=form.scores(),
                    comments=form.cleaned_data["comments"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã gửi đánh giá buổi sinh hoạt chuyên đề."))
                return redirect(request.path)
    return render(
        request,
        "topics/evaluate.html",
        {
            "supervision": supervision,
            "topic": supervision.topic,
            "form": form,
            "mine": mine,
            "can_file": mine
            and supervision.evaluated_at is None
            and supervision.topic.status == rules.Status.HELD,
            "roman": ROMAN[supervision.topic.quarter],
            "scored": [
                (c["name"], supervision.scores.get(c["name"]), c["max"]) for c in supervision.criteria
            ],
        },
    )


urlpatterns = [
    path("lich-du/", schedule, name="schedule"),
    path("danh-gia/<int:pk>/", evaluate, name="evaluate"),
]
