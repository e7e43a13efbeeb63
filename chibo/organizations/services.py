"""Writes on the organization tree. Each use case is one function in one transaction, checked by the gate,
recorded in the change history and the audit log."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chibo.core.audit import audit_record
from chibo.organizations import rules
from chibo.organizations.access import Action, forget_grants, require
from chibo.organizations.models import (
    Congress,
    Grant,
    Organization,
    OrganizationChange,
    OrganizationPeriod,
    Seat,
    Term,
)


def _check_child_kind(parent: Organization | None, kind: str) -> None:
    if not rules.child_kind_allowed(parent_kind=parent.kind if parent else None, child_kind=kind):
        raise ValidationError(
            {
                "kind": _("Loại “%(child)s” không thể đặt dưới “%(parent)s”.")
                % {
                    "child": Organization.Kind(kind).label,
                    "parent": Organization.Kind(parent.kind).label if parent else _("cấp cao nhất"),
                }
            }
        )


def _check_active(organization: Organization) -> None:
    if not organization.is_active:
        raise ValidationError(
            _("Tổ chức “%(name)s” đã giải thể từ %(day)s.")
            % {"name": organization.name, "day": organization.dissolved_on}
        )


def _close_period(organization: Organization, on: datetime.date) -> OrganizationPeriod | None:
    period = organization.periods.filter(valid_to__isnull=True).first()
    if period is None:
        return None
    if on <= period.valid_from:
        raise ValidationError(
            {
                "on": _("Ngày hiệu lực phải sau %(day)s, ngày bắt đầu của giai đoạn hiện tại.")
                % {"day": period.valid_from}
            }
        )
    period.valid_to = on
    period.save(update_fields=["valid_to"])
    return period


def _open_period(organization: Organization, on: datetime.date) -> OrganizationPeriod:
    parent = Organization.objects.get_parent(organization, update=True)
    return OrganizationPeriod.objects.create(
        organization=organization,
        name=organization.name,
        kind=organization.kind,
        parent=parent,
        valid_from=on,
    )


def _record(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    on: datetime.date,
    decision: str = "",
    related=(),
    detail=None,
):
    change = OrganizationChange.objects.create(
        organization=organization, kind=kind, on=on, decision=decision, detail=detail or {}, recorded_by=actor
    )
    if related:
        change.related.set(related)
    audit_record(
        actor=actor,
        action=f"organization_{kind}",
        obj=organization,
        organization=organization,
        changes=detail,
    )
    return change


@transaction.atomic
def organization_create(
    *,
    actor: Any,
    parent: Organization | None,
    name: str,
    kind: str,
    founded_on: datetime.date,
    code: str = "",
    decision: str = "",
) -> Organization:
    """Found a unit under ``parent`` (None: a new top committee, for administrators)."""
    if parent is None:
        require(actor, Action.MANAGE_RULESETS)
    else:
        require(actor, Action.EDIT_UNIT, parent)
        _check_active(parent)
    _check_child_kind(parent, kind)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Hãy nhập tên tổ chức.")})
    if code and Organization.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Mã “%(code)s” đã được dùng cho tổ chức khác.") % {"code": code}})
    fields = {"name": name, "kind": kind, "code": code, "founded_on": founded_on}
    organization = (
        Organization.objects.add_child(parent, fields) if parent else Organization.objects.add_root(fields)
    )
    _open_period(organization, founded_on)
    _record(
        actor=actor,
        organization=organization,
        kind=OrganizationChange.Kind.FOUNDED,
        on=founded_on,
        decision=decision,
        detail={"name": name, "kind": kind},
    )
    return organization


@transaction.atomic
def organization_rename(
    *, actor: Any, organization: Organization, name: str, on: datetime.date, decision: str = ""
) -> Organization:
    require(actor, Action.EDIT_UNIT, organization)
    _check_active(organization)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Hãy nhập tên mới.")})
    if name == organization.name:
        raise ValidationError({"name": _("Tên mới trùng với tên hiện tại.")})
    old = organization.name
    _close_period(organization, on)
    organization.name = name
    organization.save()
    _open_period(organization, on)
    _record(
        actor=actor,
        organization=organization,
        kind=OrganizationChange.Kind.RENAMED,
        on=on,
        decision=decision,
        detail={"from": old, "to": name},
    )
    return organization


def _move(organization: Organization, new_parent: Organization) -> Organization:
    Organization.objects.move(organization, new_parent, pos="last-child")
    return Organization.objects.get(pk=organization.pk)


@transaction.atomic
def organization_move(
    *, actor: Any, organization: Organization, new_parent: Organization, on: datetime.date, decision: str = ""
) -> Organization:
    """Put a unit (with its subtree) under another parent."""
    require(actor, Action.EDIT_UNIT, organization)
    require(actor, Action.EDIT_UNIT, new_parent)
    _check_active(organization)
    _check_active(new_parent)
    if new_parent.path.startswith(organization.path):
        raise ValidationError(
            {"new_parent": _("Không thể chuyển một tổ chức vào chính nó hoặc tổ chức trực thuộc nó.")}
        )
    old_parent = Organization.objects.get_parent(organization)
    if old_parent and old_parent.pk == new_parent.pk:
        raise ValidationError(
            {"new_parent": _("Tổ chức đã trực thuộc “%(name)s”.") % {"name": new_parent.name}}
        )
    _check_child_kind(new_parent, organization.kind)
    _close_period(organization, on)
    organization = _move(organization, new_parent)
    _open_period(organization, on)
    _record(
        actor=actor,
        organization=organization,
        kind=OrganizationChange.Kind.MOVED,
        on=on,
        decision=decision,
        related=[new_parent] + ([old_parent] if old_parent else []),
        detail={"from": old_parent.name if old_parent else "", "to": new_parent.name},
    )
    return organization


def _end(organization: Organization, on: datetime.date) -> None:
    _close_period(organization, on)
    organization.dissolved_on = on
    organization.save()
    organization.seats.filter(ends_on__isnull=True).update(ends_on=on - datetime.timedelta(days=1))


@transaction.atomic
def organization_merge(
    *, actor: Any, sources: list[Organization], into: Organization, on: datetime.date, decision: str = ""
) -> Organization:
    """Merge ``sources`` into ``into``: their active sub-units move under it, and the sources end."""
    require(actor, Action.EDIT_UNIT, into)
    _check_active(into)
    if not sources:
        raise ValidationError({"sources": _("Hãy chọn ít nhất một tổ chức để sáp nhập.")})
    for source in sources:
        require(actor, Action.EDIT_UNIT, source)
        _check_active(source)
        if source.pk == into.pk or into.path.startswith(source.path):
            raise ValidationError(
                {
                    "sources": _("Không thể sáp nhập “%(name)s” vào chính nó hoặc vào tổ chức trực thuộc nó.")
                    % {"name": source.name}
                }
            )
    for source in sources:
        source = Organization.objects.get(pk=source.pk)
        for child in list(Organization.objects.get_children(source)):
            if child.is_active:
                _check_child_kind(into, child.kind)
                _close_period(child, on)
                child = _move(child, into)
                _open_period(child, on)
                _record(
                    actor=actor,
                    organization=child,
                    kind=OrganizationChange.Kind.MOVED,
                    on=on,
                    decision=decision,
                    related=[into],
                    detail={"from": source.name, "to": into.name},
                )
        source = Organization.objects.get(pk=source.pk)
        _end(source, on)
        _record(
            actor=actor,
            organization=source,
            kind=OrganizationChange.Kind.MERGED,
            on=on,
            decision=decision,
            related=[into],
            detail={"into": into.name},
        )
    into = Organization.objects.get(pk=into.pk)
    _record(
        actor=actor,
        organization=into,
        kind=OrganizationChange.Kind.MERGED,
        on=on,
        decision=decision,
        related=sources,
        detail={"absorbed": [s.name for s in sources]},
    )
    return into


@transaction.atomic
def organization_split(
    *,
    actor: Any,
    organization: Organization,
    parts: list[dict[str, Any]],
    on: datetime.date,
    decision: str = "",
) -> list[Organization]:
    """Split a unit into new ones under the same parent. Each part: ``{"name", "kind", "children": [Organization]}``;
    the listed sub-units move to that part. The original unit ends."""
    require(actor, Action.EDIT_UNIT, organization)
    _check_active(organization)
    if len(parts) < 2:
        raise ValidationError({"parts": _("Chia tách cần ít nhất hai tổ chức mới.")})
    parent = Organization.objects.get_parent(organization)
    if parent is None:
        raise ValidationError(_("Không thể chia tách tổ chức cấp cao nhất."))
    new_units = []
    for part in parts:
        unit = organization_create(
            actor=actor,
            parent=parent,
            name=part["name"],
            kind=part.get("kind", organization.kind),
            founded_on=on,
            decision=decision,
        )
        for child in part.get("children", []):
            child = Organization.objects.get(pk=child.pk)
            if not child.path.startswith(organization.path) or child.depth != organization.depth + 1:
                raise ValidationError(
                    {"parts": _("“%(name)s” không trực thuộc tổ chức được chia tách.") % {"name": child.name}}
                )
            _check_child_kind(unit, child.kind)
            _close_period(child, on)
            child = _move(child, unit)
            _open_period(child, on)
        new_units.append(Organization.objects.get(pk=unit.pk))
    organization = Organization.objects.get(pk=organization.pk)
    if Organization.objects.get_children(organization).filter(dissolved_on__isnull=True).exists():
        raise ValidationError({"parts": _("Còn tổ chức trực thuộc chưa được chia về tổ chức mới nào.")})
    _end(organization, on)
    _record(
        actor=actor,
        organization=organization,
        kind=OrganizationChange.Kind.SPLIT,
        on=on,
        decision=decision,
        related=new_units,
        detail={"into": [u.name for u in new_units]},
    )
    return new_units


@transaction.atomic
def organization_dissolve(
    *, actor: Any, organization: Organization, on: datetime.date, decision: str = ""
) -> Organization:
    require(actor, Action.EDIT_UNIT, organization)
    _check_active(organization)
    if Organization.objects.get_children(organization).filter(dissolved_on__isnull=True).exists():
        raise ValidationError(
            _("Còn tổ chức trực thuộc đang hoạt động: hãy chuyển hoặc giải thể chúng trước.")
        )
    _end(organization, on)
    _record(
        actor=actor,
        organization=organization,
        kind=OrganizationChange.Kind.DISSOLVED,
        on=on,
        decision=decision,
    )
    return organization


@transaction.atomic
def term_create(
    *,
    actor: Any,
    organization: Organization,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> Term:
    require(actor, Action.MANAGE_OFFICERS, organization)
    if ends_on and ends_on <= starts_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    if organization.terms.filter(name=name).exists():
        raise ValidationError({"name": _("Nhiệm kỳ “%(name)s” đã có.") % {"name": name}})
    term = Term.objects.create(organization=organization, name=name, starts_on=starts_on, ends_on=ends_on)
    audit_record(actor=actor, action="term_create", obj=term, organization=organization)
    return term


@transaction.atomic
def congress_record(
    *,
    actor: Any,
    term: Term,
    held_on: datetime.date,
    kind: str = Congress.Kind.MEMBERS,
    delegates: int | None = None,
) -> Congress:
    require(actor, Action.MANAGE_OFFICERS, term.organization)
    congress = Congress.objects.create(
        organization=term.organization, term=term, held_on=held_on, kind=kind, delegates=delegates
    )
    audit_record(actor=actor, action="congress_record", obj=congress, organization=term.organization)
    return congress


@transaction.atomic
def seat_assign(
    *,
    actor: Any,
    organization: Organization,
    role: str,
    holder_name: str,
    starts_on: datetime.date,
    holder: Any = None,
    term: Term | None = None,
    ends_on: datetime.date | None = None,
) -> Seat:
    """Give a committee seat. A secretary's seat is single: the sitting secretary's seat ends the day before."""
    require(actor, Action.MANAGE_OFFICERS, organization)
    _check_active(organization)
    if not holder_name.strip():
        raise ValidationError({"holder_name": _("Hãy nhập họ và tên người giữ chức vụ.")})
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    if role == Seat.Role.SECRETARY:
        organization.seats.filter(role=role, ends_on__isnull=True, starts_on__lt=starts_on).update(
            ends_on=starts_on - datetime.timedelta(days=1)
        )
    seat = Seat.objects.create(
        organization=organization,
        role=role,
        holder_name=holder_name.strip(),
        holder=holder,
        term=term,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    if holder is not None:
        forget_grants(holder)
    audit_record(
        actor=actor,
        action="seat_assign",
        obj=seat,
        organization=organization,
        changes={"role": role, "holder": holder_name},
    )
    return seat


@transaction.atomic
def elected_seats_record(
    *,
    actor: Any,
    term: Term,
    elected: list[tuple[str, Any]],
    on: datetime.date,
    basis: str = "",
) -> list[Seat]:
    """An election's published result: those elected take the committee seats (cấp ủy viên) of the new term from
    the day of the vote, and the committee members of earlier terms leave theirs the day before. The secretary
    and deputies keep their seats until the new committee elects its own. The vote, which ran under the gate, is
    the basis."""
    organization = term.organization
    require(actor, Action.RUN_MEETINGS, organization)
    _check_active(organization)
    leaving = list(
        organization.seats.filter(role=Seat.Role.COMMITTEE_MEMBER, ends_on__isnull=True, starts_on__lt=on)
        .exclude(term=term)
        .select_related("holder")
    )
    organization.seats.filter(pk__in=[s.pk for s in leaving]).update(ends_on=on - datetime.timedelta(days=1))
    seats = Seat.objects.bulk_create(
        [
            Seat(
                organization=organization,
                term=term,
                role=Seat.Role.COMMITTEE_MEMBER,
                holder_name=name,
                holder=holder,
                starts_on=on,
            )
            for name, holder in elected
        ]
    )
    for user in {s.holder for s in leaving if s.holder} | {
        holder for _name, holder in elected if holder is not None
    }:
        forget_grants(user)
    audit_record(
        actor=actor,
        action="seats_elected",
        obj=term,
        organization=organization,
        changes={"elected": [name for name, _holder in elected], "ended": len(leaving), "basis": basis},
    )
    return seats


@transaction.atomic
def seat_end(*, actor: Any, seat: Seat, on: datetime.date) -> Seat:
    require(actor, Action.MANAGE_OFFICERS, seat.organization)
    if on < seat.starts_on:
        raise ValidationError({"on": _("Ngày thôi giữ chức vụ phải từ ngày bắt đầu trở đi.")})
    seat.ends_on = on
    seat.save(update_fields=["ends_on"])
    audit_record(
        actor=actor, action="seat_end", obj=seat, organization=seat.organization, changes={"ends_on": str(on)}
    )
    return seat


@transaction.atomic
def grant_give(
    *,
    actor: Any,
    user: Any,
    role: str,
    organization: Organization,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Grant:
    require(actor, Action.MANAGE_GRANTS, organization)
    if role == Grant.Role.ADMINISTRATOR:
        require(actor, Action.MANAGE_RULESETS)
    grant, created = Grant.objects.get_or_create(
        user=user, role=role, organization=organization, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    if not created:
        raise ValidationError(_("Tài khoản này đã có vai trò đó trên tổ chức này."))
    forget_grants(user)
    audit_record(
        actor=actor,
        action="grant_give",
        obj=grant,
        organization=organization,
        changes={"role": role, "user": user.username},
    )
    return grant


@transaction.atomic
def grant_revoke(*, actor: Any, grant: Grant) -> None:
    require(actor, Action.MANAGE_GRANTS, grant.organization)
    audit_record(
        actor=actor,
        action="grant_revoke",
        obj=grant,
        organization=grant.organization,
        changes={"role": grant.role, "user": grant.user.username},
    )
    forget_grants(grant.user)
    grant.delete()
