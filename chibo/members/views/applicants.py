"""The cell's list of people considered for admission (người vào Đảng): put a person on the list, see the state
the cell's vote left them in, and, for the committee directly above, record the decision that enters them in the
register. Every page goes through the gate; out of scope answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from chibo.members import applicants
from chibo.members.models import Applicant, Member
from chibo.organizations.access import Action, access_organization, allowed


def _errors(exc: ValidationError) -> dict[str, Any]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"general": exc.messages}


@login_required
def cell_applicants(request, pk: int):
    organization = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    committee = applicants.deciding_committee(organization)
    can_edit = allowed(request.user, Action.EDIT_MEMBERS, organization)
    can_admit = allowed(request.user, Action.EDIT_MEMBERS, committee)
    errors: dict[str, Any] = {}
    admit_errors: dict[str, Any] = {}
    admitting = ""
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST" and data.get("action") == "admit":
        admitting = data.get("applicant", "")
        found = applicants.applicants_of(organization).filter(
            pk=int(admitting or 0) if admitting.isdigit() else 0
        )
        applicant = found.first()
        if applicant is None:
            access_organization(request.user, committee.pk, Action.EDIT_MEMBERS)
            admit_errors = {"decision": [_("Không tìm thấy người được xét.")]}
        else:
            try:
                member = applicants.applicant_admit(
                    actor=request.user,
                    applicant=applicant,
                    decision=data.get("decision", ""),
                    decided_on=parse_date(data.get("decided_on") or ""),
                )
            except ValidationError as exc:
                admit_errors = _errors(exc)
            else:
                messages.success(
                    request,
                    _("Đã kết nạp %(name)s: đảng viên dự bị của chi bộ.") % {"name": member.full_name},
                )
                return redirect(member.get_absolute_url())
    elif request.method == "POST":
        access_organization(request.user, pk, Action.EDIT_MEMBERS)
        try:
            applicants.applicant_create(
                actor=request.user,
                organization=organization,
                citizen_id=data.get("citizen_id", ""),
                full_name=data.get("full_name", ""),
                sex=data.get("sex", ""),
                born_on=parse_date(data.get("born_on") or ""),
                job=data.get("job", ""),
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Đã thêm vào danh sách người vào Đảng."))
            return redirect(reverse("members:applicants", args=[pk]))
    return render(
        request,
        "members/applicants.html",
        {
            "organization": organization,
            "committee": committee,
            "applicants": list(applicants.applicants_of(organization)),
            "can_edit": can_edit,
            "can_admit": can_admit,
            "errors": errors,
            "admit_errors": admit_errors,
            "admitting": admitting,
            "data": data,
            "sexes": Member.Sex.choices,
            "proposed": Applicant.State.PROPOSED,
        },
    )


urlpatterns = [path("nguoi-vao-dang/chi-bo/<int:pk>/", cell_applicants, name="applicants")]
