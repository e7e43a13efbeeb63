"""People the cell considers for admission (người vào Đảng), from the cell's list to the committee's decision.

The cell enters the person; the cell votes on proposing the admission (the votes app calls ``applicant_voted``
when the vote is published, with the result in words as the basis); the committee directly above records its
decision, which enters the person in the register as a probationary member from the decision's date (HD 06
§3.6b; Charter art. 5.2). Every write goes through the gate and is audited."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from chibo.core.audit import audit_record
from chibo.members import rules
from chibo.members.models import Applicant, Member
from chibo.members.services import member_create
from chibo.organizations.access import Action, require
from chibo.organizations.models import Organization
from chibo.rulesets.selectors import ruleset_on

State = Applicant.State


def deciding_committee(organization: Organization) -> Organization:
    """The committee whose decision admits a cell's applicant: the one directly above (a grassroots cell decides
    itself)."""
    if organization.kind == Organization.Kind.GRASSROOTS_CELL:
        return organization
    if organization.depth <= 1:
        return organization
    return Organization.objects.get(path=organization.path[: -Organization.steplen])


def applicants_of(organization: Organization) -> QuerySet[Applicant]:
    return Applicant.objects.filter(organization=organization).select_related("member")


@transaction.atomic
def applicant_create(
    *,
    actor: Any,
    organization: Organization,
    citizen_id: str,
    full_name: str,
    sex: str,
    born_on: datetime.date | None,
    job: str = "",
) -> Applicant:
    """Put a person on the cell's list. Refused: a wrong citizen ID, someone already in the register or on a list,
    no name, no date of birth."""
    require(actor, Action.EDIT_MEMBERS, organization)
    errors: dict[str, str] = {}
    citizen_id = (citizen_id or "").strip()
    if not re.fullmatch(r"[0-9]{12}", citizen_id):
        errors["citizen_id"] = _("Số CCCD phải gồm đúng 12 chữ số.")
    elif Member.objects.filter(citizen_id=citizen_id).exists():
        errors["citizen_id"] = _("Số CCCD %(id)s đã có trong sổ đảng viên.") % {"id": citizen_id}
    elif Applicant.objects.filter(citizen_id=citizen_id).exclude(state=State.ADMITTED).exists():
        errors["citizen_id"] = _("Số CCCD %(id)s đã có trong danh sách người vào Đảng.") % {"id": citizen_id}
    if not (full_name or "").strip():
        errors["full_name"] = _("Hãy nhập họ và tên.")
    if sex not in Member.Sex.values:
        errors["sex"] = _("Hãy chọn giới tính.")
    if born_on is None:
        errors["born_on"] = _("Hãy nhập ngày sinh (ngày/tháng/năm).")
    if errors or born_on is None:
        raise ValidationError(errors)
    applicant = Applicant.objects.create(
        organization=organization,
        citizen_id=citizen_id,
        full_name=full_name.strip(),
        sex=sex,
        born_on=born_on,
        job=job.strip(),
    )
    audit_record(
        actor=actor,
        action="applicant_create",
        obj=applicant,
        organization=organization,
        changes={"citizen_id": citizen_id, "full_name": applicant.full_name},
    )
    return applicant


def age_problem(applicant: Applicant, on: datetime.date) -> str | None:
    """The rule set's admission age on ``on`` (18 to 60, in months)."""
    values = ruleset_on(on).values["members"]
    return rules.admission_age_problem(born_on=applicant.born_on, on=on, members_rules=values)


def applicant_voted(*, actor: Any, applicant: Applicant, passed: bool, basis: str) -> Applicant:
    """The cell's published vote on proposing the admission: proposed if it passed, not proposed otherwise; the
    result in words is the basis. Called by the vote's publication, which has passed the gate."""
    if applicant.state == State.ADMITTED:
        return applicant
    applicant.state = State.PROPOSED if passed else State.NOT_PROPOSED
    applicant.basis = basis
    applicant.save(update_fields=["state", "basis"])
    audit_record(
        actor=actor,
        action="applicant_voted",
        obj=applicant,
        organization=applicant.organization,
        changes={"state": applicant.state},
    )
    return applicant


@transaction.atomic
def applicant_admit(
    *, actor: Any, applicant: Applicant, decision: str, decided_on: datetime.date | None
) -> Member:
    """The committee's decision: the person enters the register as a probationary member of the cell from the
    decision's date, with the cell's vote and the decision as the basis of the status."""
    require(actor, Action.EDIT_MEMBERS, deciding_committee(applicant.organization))
    applicant = Applicant.objects.select_for_update().get(pk=applicant.pk)
    errors: dict[str, str] = {}
    if applicant.state != State.PROPOSED:
        errors["decision"] = _("Chỉ ra quyết định kết nạp khi chi bộ đã biểu quyết đề nghị kết nạp.")
    if not (decision or "").strip():
        errors["decision"] = _("Hãy nhập số quyết định kết nạp.")
    if decided_on is None:
        errors["decided_on"] = _("Hãy nhập ngày quyết định (ngày/tháng/năm).")
    else:
        problem = age_problem(applicant, decided_on)
        if problem:
            errors["decided_on"] = _(problem)
    if errors:
        raise ValidationError(errors)
    assert decided_on is not None
    member = member_create(
        actor=actor,
        organization=applicant.organization,
        citizen_id=applicant.citizen_id,
        full_name=applicant.full_name,
        sex=applicant.sex,
        born_on=applicant.born_on,
        admitted_on=decided_on,
        job=applicant.job,
    )
    basis = f"{decision.strip()}; {applicant.basis}".strip("; ")
    member.status_changes.filter(status=Member.Status.PROBATIONARY).update(
        decision=basis[:255], reason=_("Kết nạp đảng viên")
    )
    applicant.state, applicant.decision, applicant.member = State.ADMITTED, decision.strip(), member
    applicant.save(update_fields=["state", "decision", "member"])
    audit_record(
        actor=actor,
        action="applicant_admit",
        obj=applicant,
        organization=applicant.organization,
        changes={"decision": applicant.decision, "member": member.pk},
    )
    return member
