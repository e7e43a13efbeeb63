"""Writes on the member register: one function per use case, in a transaction, checked by the access gate and
written to the audit log."""

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.audit import audit_record
from chibo.members import rules, selectors
from chibo.members.models import BadgeAward, CorrectionRequest, Member, Membership, PartyGap, StatusChange
from chibo.organizations.access import Action, require
from chibo.organizations.models import Organization

# Fields an officer may change with member_update; the rest have their own use cases (status, transfers).
EDITABLE_FIELDS = (
    "full_name",
    "sex",
    "born_on",
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "job",
    "position",
    "education",
    "political_theory",
    "card_number",
    "admitted_on",
    "ceremony_on",
    "full_on",
    "seriously_ill",
)


def _check_cell(organization: Organization) -> None:
    if not organization.is_cell:
        raise ValidationError(
            {
                "organization": _("Đảng viên sinh hoạt ở chi bộ: “%(name)s” không phải là chi bộ.")
                % {"name": organization.name}
            }
        )
    if not organization.is_active:
        raise ValidationError(
            {"organization": _("Chi bộ “%(name)s” đã giải thể.") % {"name": organization.name}}
        )


def _check_dates(fields: dict[str, Any]) -> None:
    born, admitted = fields.get("born_on"), fields.get("admitted_on")
    ceremony, full = fields.get("ceremony_on"), fields.get("full_on")
    today = timezone.localdate()
    if born and born > today:
        raise ValidationError({"born_on": _("Ngày sinh không thể ở tương lai.")})
    if admitted and born and admitted <= born:
        raise ValidationError({"admitted_on": _("Ngày vào Đảng phải sau ngày sinh.")})
    if ceremony and admitted and ceremony < admitted:
        raise ValidationError({"ceremony_on": _("Ngày lễ kết nạp không thể trước ngày quyết định kết nạp.")})
    if full and admitted and full <= admitted:
        raise ValidationError({"full_on": _("Ngày chính thức phải sau ngày vào Đảng.")})


def refresh_party_age_from(member: Member, *, today: datetime.date | None = None) -> None:
    """Recompute the day party age counts from, after a change of gaps, status or admission date."""
    today = today or timezone.localdate()
    gaps = selectors.member_gaps(member, today=today)
    start = rules.counting_start(admitted_on=member.admitted_on, gaps=gaps, until=today)
    if start != member.party_age_from:
        member.party_age_from = start
        Member.objects.filter(pk=member.pk).update(party_age_from=start)


@transaction.atomic
def member_create(
    *,
    actor: Any,
    organization: Organization,
    citizen_id: str,
    full_name: str,
    sex: str,
    born_on: datetime.date,
    admitted_on: datetime.date,
    status: str = Member.Status.PROBATIONARY,
    joined_on: datetime.date | None = None,
    **fields: Any,
) -> Member:
    """Enter a member in the register, in a cell, with the status history and membership it starts with."""
    require(actor, Action.EDIT_MEMBERS, organization)
    _check_cell(organization)
    if not re.fullmatch(r"[0-9]{12}", citizen_id or ""):
        raise ValidationError({"citizen_id": _("Số CCCD phải gồm đúng 12 chữ số.")})
    if Member.objects.filter(citizen_id=citizen_id).exists():
        raise ValidationError(
            {"citizen_id": _("Số CCCD %(id)s đã có trong sổ đảng viên.") % {"id": citizen_id}}
        )
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(names)s") % {"names": ", ".join(sorted(unknown))})
    all_fields = {
        "full_name": full_name.strip(),
        "sex": sex,
        "born_on": born_on,
        "admitted_on": admitted_on,
        **fields,
    }
    _check_dates(all_fields)
    member = Member(organization=organization, citizen_id=citizen_id, status=status, **all_fields)
    member.full_clean(exclude=["organization_path", "search_name", "sort_key", "party_age_from", "user"])
    member.save()
    StatusChange.objects.create(
        member=member, status=Member.Status.PROBATIONARY, on=admitted_on, recorded_by=actor
    )
    if status != Member.Status.PROBATIONARY:
        StatusChange.objects.create(
            member=member, status=status, on=member.full_on or joined_on or admitted_on, recorded_by=actor
        )
    Membership.objects.create(member=member, organization=organization, starts_on=joined_on or admitted_on)
    audit_record(
        actor=actor,
        action="member_create",
        obj=member,
        organization=organization,
        changes={"citizen_id": citizen_id, "full_name": member.full_name},
    )
    return member


@transaction.atomic
def member_update(*, actor: Any, member: Member, **changes: Any) -> Member:
    """Change the profile fields of a member; the audit log keeps each old and new value."""
    require(actor, Action.EDIT_MEMBERS, member.organization)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(names)s") % {"names": ", ".join(sorted(unknown))})
    diff = {k: (getattr(member, k), v) for k, v in changes.items() if getattr(member, k) != v}
    if not diff:
        return member
    merged = {f: getattr(member, f) for f in EDITABLE_FIELDS} | changes
    _check_dates(merged)
    for field, (_old, new) in diff.items():
        setattr(member, field, new)
    member.full_clean(
        exclude=["organization_path", "search_name", "sort_key", "party_age_from", "user", "organization"]
    )
    member.save()
    if "admitted_on" in diff:
        refresh_party_age_from(member)
    audit_record(
        actor=actor,
        action="member_update",
        obj=member,
        organization=member.organization,
        changes={k: [str(a), str(b)] for k, (a, b) in diff.items()},
    )
    return member


@transaction.atomic
def member_change_status(
    *, actor: Any, member: Member, status: str, on: datetime.date, reason: str = "", decision: str = ""
) -> Member:
    """Record a change of status (recognised as full member, exempt, deceased, removed, expelled, readmitted …)."""
    require(actor, Action.EDIT_MEMBERS, member.organization)
    if status == member.status:
        raise ValidationError(
            {"status": _("Đảng viên đã ở tình trạng “%(status)s”.") % {"status": member.get_status_display()}}
        )
    last = member.status_changes.order_by("-on", "-id").first()
    if last and on < last.on:
        raise ValidationError(
            {
                "on": _("Ngày thay đổi phải từ %(day)s (lần thay đổi trước) trở đi.")
                % {"day": last.on.strftime("%d/%m/%Y")}
            }
        )
    old = member.status
    StatusChange.objects.create(
        member=member, status=status, on=on, reason=reason, decision=decision, recorded_by=actor
    )
    member.status = status
    update = ["status", "updated_at"]
    if status == Member.Status.FULL and member.full_on is None:
        member.full_on = on
        update.append("full_on")
    member.save(update_fields=update)
    refresh_party_age_from(member)
    if status in (
        Member.Status.DECEASED,
        Member.Status.REMOVED,
        Member.Status.EXPELLED,
        Member.Status.TRANSFERRED_OUT,
    ):
        member.memberships.filter(ends_on__isnull=True).update(ends_on=on)
    audit_record(
        actor=actor,
        action="member_status",
        obj=member,
        organization=member.organization,
        changes={"status": [old, status], "on": str(on), "reason": reason, "decision": decision},
    )
    return member


def _move(member: Member, to: Organization, on: datetime.date, *, note: str) -> None:
    current = member.memberships.filter(ends_on__isnull=True, temporary=False).first()
    if current and on <= current.starts_on:
        raise ValidationError(
            {
                "on": _("Ngày chuyển phải sau ngày bắt đầu sinh hoạt ở chi bộ hiện tại (%(day)s).")
                % {"day": current.starts_on.strftime("%d/%m/%Y")}
            }
        )
    if current:
        current.ends_on = on
        current.save(update_fields=["ends_on"])
    Membership.objects.create(member=member, organization=to, starts_on=on, note=note)
    member.organization = to
    member.save(update_fields=["organization", "organization_path", "updated_at"])


@transaction.atomic
def member_transfer(
    *, actor: Any, member: Member, to: Organization, on: datetime.date, note: str = ""
) -> Member:
    """Official transfer to another cell within the system (chuyển sinh hoạt đảng chính thức)."""
    require(actor, Action.EDIT_MEMBERS, member.organization)
    require(actor, Action.EDIT_MEMBERS, to)
    _check_cell(to)
    if to.pk == member.organization_id:
        raise ValidationError({"to": _("Đảng viên đang sinh hoạt ở chi bộ này.")})
    if not member.is_active:
        raise ValidationError(_("Chỉ chuyển sinh hoạt cho đảng viên đang sinh hoạt."))
    source = member.organization
    _move(member, to, on, note=note)
    audit_record(
        actor=actor,
        action="member_transfer",
        obj=member,
        organization=to,
        changes={"from": source.name, "to": to.name, "on": str(on)},
    )
    audit_record(
        actor=actor,
        action="member_transfer",
        obj=member,
        organization=source,
        changes={"from": source.name, "to": to.name, "on": str(on)},
    )
    return member


@transaction.atomic
def member_transfer_out(
    *, actor: Any, member: Member, on: datetime.date, destination: str, decision: str = ""
) -> Member:
    """Transfer out of the system (to a committee that does not use it): the membership ends."""
    if not destination.strip():
        raise ValidationError({"destination": _("Hãy ghi nơi chuyển đến.")})
    return member_change_status(
        actor=actor,
        member=member,
        status=Member.Status.TRANSFERRED_OUT,
        on=on,
        reason=_("Chuyển đến: %(place)s") % {"place": destination.strip()},
        decision=decision,
    )


@transaction.atomic
def member_transfer_in(
    *,
    actor: Any,
    member: Member,
    to: Organization,
    on: datetime.date,
    gap_from: datetime.date | None = None,
    decision: str = "",
) -> Member:
    """A member who had transferred out comes back into a cell. The time between leaving and arriving, when the
    member was in no cell, is a transfer gap (it does not count towards party age)."""
    require(actor, Action.EDIT_MEMBERS, to)
    _check_cell(to)
    if member.status != Member.Status.TRANSFERRED_OUT:
        raise ValidationError(_("Chỉ tiếp nhận đảng viên đã chuyển sinh hoạt đi."))
    left = member.status_changes.filter(status=Member.Status.TRANSFERRED_OUT).order_by("-on").first()
    if gap_from and gap_from < on:
        PartyGap.objects.create(
            member=member, kind=PartyGap.Kind.TRANSFER_GAP, starts_on=gap_from, ends_on=on
        )
    Membership.objects.create(member=member, organization=to, starts_on=on, note=_("Tiếp nhận"))
    member.organization = to
    member.status = Member.Status.FULL if member.full_on else Member.Status.PROBATIONARY
    member.save(update_fields=["organization", "organization_path", "status", "updated_at"])
    StatusChange.objects.create(
        member=member,
        status=member.status,
        on=on,
        decision=decision,
        recorded_by=actor,
        reason=_("Tiếp nhận sinh hoạt đảng"),
    )
    refresh_party_age_from(member)
    audit_record(
        actor=actor,
        action="member_transfer_in",
        obj=member,
        organization=to,
        changes={"to": to.name, "on": str(on), "left_on": str(left.on) if left else ""},
    )
    return member


@transaction.atomic
def member_temporary_membership(
    *,
    actor: Any,
    member: Member,
    at: Organization,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    note: str = "",
) -> Membership:
    """Temporary membership (sinh hoạt tạm thời) in another cell; the member stays on the home cell's register
    with the status "temporarily active elsewhere"."""
    require(actor, Action.EDIT_MEMBERS, member.organization)
    _check_cell(at)
    if at.pk == member.organization_id:
        raise ValidationError({"at": _("Đảng viên đang sinh hoạt chính thức ở chi bộ này.")})
    if ends_on and ends_on <= starts_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    membership = Membership.objects.create(
        member=member, organization=at, starts_on=starts_on, ends_on=ends_on, temporary=True, note=note
    )
    if member.status != Member.Status.TEMPORARY_ELSEWHERE:
        member_change_status(
            actor=actor,
            member=member,
            status=Member.Status.TEMPORARY_ELSEWHERE,
            on=starts_on,
            reason=_("Sinh hoạt tạm thời tại %(cell)s") % {"cell": at.name},
        )
    audit_record(
        actor=actor,
        action="member_temporary",
        obj=member,
        organization=member.organization,
        changes={"at": at.name, "from": str(starts_on), "to": str(ends_on or "")},
    )
    return membership


@transaction.atomic
def member_record_gap(
    *, actor: Any, member: Member, kind: str, starts_on: datetime.date, ends_on: datetime.date
) -> PartyGap:
    require(actor, Action.EDIT_MEMBERS, member.organization)
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    gap = PartyGap.objects.create(member=member, kind=kind, starts_on=starts_on, ends_on=ends_on)
    refresh_party_age_from(member)
    audit_record(
        actor=actor,
        action="member_gap",
        obj=member,
        organization=member.organization,
        changes={"kind": kind, "from": str(starts_on), "to": str(ends_on)},
    )
    return gap


@transaction.atomic
def badge_award(
    *, actor: Any, member: Member, years: int, awarded_on: datetime.date, decision: str = ""
) -> BadgeAward:
    require(actor, Action.EDIT_MEMBERS, member.organization)
    if member.badges.filter(years=years).exists():
        raise ValidationError(
            {"years": _("Đảng viên đã được trao Huy hiệu %(years)s năm tuổi Đảng.") % {"years": years}}
        )
    award = BadgeAward.objects.create(member=member, years=years, awarded_on=awarded_on, decision=decision)
    audit_record(
        actor=actor,
        action="badge_award",
        obj=member,
        organization=member.organization,
        changes={"years": years},
    )
    return award


@transaction.atomic
def correction_request(*, actor: Any, member: Member, text: str) -> CorrectionRequest:
    """A member asks for a correction of their own record."""
    if member.user_id != getattr(actor, "pk", None):
        require(actor, Action.EDIT_MEMBERS, member.organization)
    if not text.strip():
        raise ValidationError({"text": _("Hãy ghi nội dung cần sửa.")})
    request = CorrectionRequest.objects.create(member=member, text=text.strip())
    audit_record(actor=actor, action="correction_request", obj=member, organization=member.organization)
    return request


@transaction.atomic
def correction_resolve(
    *, actor: Any, request: CorrectionRequest, state: str, answer: str = ""
) -> CorrectionRequest:
    require(actor, Action.EDIT_MEMBERS, request.member.organization)
    if request.state != CorrectionRequest.State.OPEN:
        raise ValidationError(_("Đề nghị này đã được xử lý."))
    request.state, request.answer = state, answer
    request.resolved_by, request.resolved_at = actor, timezone.now()
    request.save()
    audit_record(
        actor=actor,
        action="correction_resolve",
        obj=request.member,
        organization=request.member.organization,
        changes={"state": state},
    )
    return request
