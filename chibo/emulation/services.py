"""Writes of emulation: movements, registrations and their status flow, forwarding upward, clusters (formed,
split, merged), pacts and the year-end review results. Each goes through the gate, is all or nothing, answers bad
input with a Vietnamese message naming the field or the row, and writes one line of the audit log."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.audit import audit_record
from chibo.emulation import selectors
from chibo.emulation.models import (
    Cluster,
    ClusterMembership,
    ClusterResult,
    Forwarding,
    Movement,
    Pact,
    Registration,
)
from chibo.members.models import Member
from chibo.organizations.access import Action, require
from chibo.organizations.models import Organization

Status = Registration.Status
Outcome = ClusterResult.Outcome
STEP = Organization.steplen
PACT_MAX_BYTES = 10 * 1024 * 1024
# The signed pact: PDF, Word (.docx) or a photo; each known by its extension and by its first bytes.
PACT_TYPES = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
SCORE_MAX = Decimal("99999.99")


def _text(value: Any) -> str:
    return str(value or "").strip()


# ------------------------------------------------------------------------------------------------ movements


def _movement_problems(
    *,
    organizer: Organization,
    name: str,
    year: Any,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if organizer.is_cell:
        errors["organizer"] = _("Phong trào thi đua do đảng bộ phát động: chi bộ không phát động phong trào.")
    if not name:
        errors["name"] = _("Hãy ghi tên phong trào.")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = _("Hãy ghi năm phát động (ví dụ 2026).")
    elif starts_on and starts_on.year != year:
        errors["starts_on"] = _("Ngày bắt đầu phải trong năm %(y)s.") % {"y": year}
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
    elif ends_on and isinstance(year, int) and ends_on.year < year:
        errors["ends_on"] = _("Ngày kết thúc phải từ năm %(y)s trở đi.") % {"y": year}
    return errors


@transaction.atomic
def movement_create(
    *,
    actor: Any,
    organizer: Organization,
    name: str,
    year: int,
    theme: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    description: str = "",
) -> Movement:
    """Launch a movement for the organizer's subtree."""
    require(actor, Action.MANAGE_EMULATION, organizer)
    name, theme = _text(name), _text(theme)
    errors = _movement_problems(
        organizer=organizer, name=name, year=year, starts_on=starts_on, ends_on=ends_on
    )
    if errors:
        raise ValidationError(errors)
    movement = Movement.objects.create(
        organizer=organizer,
        name=name[:255],
        theme=theme[:500],
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        description=_text(description),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="emulation_movement_create",
        obj=movement,
        organization=organizer,
        changes={"name": movement.name, "year": str(year)},
    )
    return movement


@transaction.atomic
def movement_update(
    *,
    actor: Any,
    movement: Movement,
    name: str,
    year: int,
    theme: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    description: str = "",
) -> Movement:
    """Correct a movement. Its years keep every year units have already registered for."""
    require(actor, Action.MANAGE_EMULATION, movement.organizer)
    name, theme = _text(name), _text(theme)
    errors = _movement_problems(
        organizer=movement.organizer, name=name, year=year, starts_on=starts_on, ends_on=ends_on
    )
    if not errors:
        last = ends_on.year if ends_on else year
        used = sorted(
            set(movement.registrations.exclude(year__gte=year, year__lte=last).values_list("year", flat=True))
        )
        if used:
            errors["year"] = _(
                "Đã có đăng ký thi đua năm %(years)s: thời gian phong trào phải gồm năm đó."
            ) % {"years": ", ".join(str(y) for y in used)}
    if errors:
        raise ValidationError(errors)
    before = {"name": movement.name, "year": str(movement.year)}
    movement.name, movement.theme, movement.year = name[:255], theme[:500], year
    movement.starts_on, movement.ends_on, movement.description = starts_on, ends_on, _text(description)
    movement.save()
    audit_record(
        actor=actor,
        action="emulation_movement_update",
        obj=movement,
        organization=movement.organizer,
        changes={"before": before, "name": movement.name, "year": str(year)},
    )
    return movement


# -------------------------------------------------------------------------------------------- registrations


def _honour_problem(catalog: dict[str, Any], code: str, *, collective: bool, line: str) -> str | None:
    """Why the honour cannot be registered on this line, or None."""
    honour = catalog.get(code)
    if honour is None:
        return _("Dòng %(line)s, danh hiệu đăng ký: “%(code)s” không có trong danh mục danh hiệu.") % {
            "line": line,
            "code": code,
        }
    if not selectors.fits(honour, collective=collective):
        if collective:
            message = _(
                "Dòng %(line)s, danh hiệu đăng ký: “%(honour)s” là danh hiệu cho cá nhân, không đăng ký cho tập thể."
            )
        else:
            message = _(
                "Dòng %(line)s, danh hiệu đăng ký: “%(honour)s” là danh hiệu cho tập thể, không đăng ký cho cá nhân."
            )
        return message % {"line": line, "honour": honour.name}
    return None


@transaction.atomic
def registrations_save(
    *,
    actor: Any,
    movement: Movement,
    organization: Organization,
    year: int,
    rows: dict[int | None, dict[str, str]],
    submit: bool = False,
) -> tuple[int, int]:
    """The unit's registrations for a movement and year, all or nothing: ``None`` -> the unit's own line, a
    member's id -> the member's line, each ``{"honour": code, "pledge": text}``; an empty honour removes a draft.
    Collective honours for the unit, individual ones for its members; a line sent or approved is not changed. With
    ``submit``, every draft or rejected registration of the unit is then sent for approval.
    Returns (lines saved, registrations sent)."""
    require(actor, Action.REGISTER_EMULATION, organization)
    if not selectors.in_movement(movement, organization):
        raise ValidationError(
            _("%(unit)s không thuộc phạm vi phong trào của %(organizer)s.")
            % {"unit": organization.name, "organizer": movement.organizer.name}
        )
    if year not in movement.years:
        raise ValidationError({"year": _("Phong trào không có năm %(y)s.") % {"y": year}})
    catalog = selectors.honour_catalog(year)
    member_ids = [pk for pk in rows if pk is not None]
    members = {
        m.pk: m
        for m in Member.objects.filter(pk__in=member_ids, organization_path__startswith=organization.path)
    }
    existing = Registration.objects.select_for_update(of=("self",)).filter(movement=movement, year=year)
    own = existing.filter(organization=organization, member__isnull=True).first() if None in rows else None
    by_member = {
        r.member_id: r for r in existing.filter(member_id__in=list(members)).select_related("organization")
    }
    problems: list[str] = []
    changes: list[tuple[int | None, Registration | None, str, str]] = []
    for key, row in rows.items():
        honour, pledge = _text(row.get("honour")), _text(row.get("pledge"))
        if key is None:
            line, current, collective = organization.name, own, True
        else:
            member = members.get(key)
            if member is None:
                problems.append(
                    _("Đảng viên %(pk)s không thuộc %(unit)s.") % {"pk": key, "unit": organization.name}
                )
                continue
            line, current, collective = member.full_name, by_member.get(key), False
            if current is None and honour and not member.is_active:
                problems.append(
                    _("Dòng %(line)s: đảng viên không còn sinh hoạt, không đăng ký được.") % {"line": line}
                )
                continue
            if current is not None and current.organization_id != organization.pk:
                if honour != current.honour or pledge != current.pledge:
                    problems.append(
                        _("Dòng %(line)s: đảng viên đã được %(unit)s đăng ký.")
                        % {"line": line, "unit": current.organization.name}
                    )
                continue
        unchanged = current is not None and current.honour == honour and current.pledge == pledge
        if unchanged or (current is None and not honour):
            continue
        if current is not None and current.status in Registration.LOCKED:
            problems.append(
                (
                    _("Dòng %(line)s: đăng ký đang chờ duyệt, không sửa được.")
                    if current.status == Status.SUBMITTED
                    else _("Dòng %(line)s: đăng ký đã được duyệt, không sửa được.")
                )
                % {"line": line}
            )
            continue
        if honour:
            problem = _honour_problem(catalog, honour, collective=collective, line=line)
            if problem:
                problems.append(problem)
                continue
        if len(pledge) > 500:
            problems.append(_("Dòng %(line)s: nội dung đăng ký dài quá 500 ký tự.") % {"line": line})
            continue
        changes.append((key, current, honour, pledge))
    if problems:
        raise ValidationError(problems)
    for key, current, honour, pledge in changes:
        if not honour:
            assert current is not None
            current.delete()
            continue
        registration = current or Registration(
            movement=movement, year=year, organization=organization, member=members.get(key) if key else None
        )
        registration.honour, registration.pledge = honour, pledge
        if registration.status == Status.REJECTED:
            registration.status = Status.DRAFT  # corrected: to be sent again
        registration.save()
    sent = _submit(actor=actor, movement=movement, organization=organization, year=year) if submit else 0
    audit_record(
        actor=actor,
        action="emulation_registrations",
        obj=movement,
        organization=organization,
        changes={"year": str(year), "lines": str(len(changes)), "sent": str(sent)},
    )
    return len(changes), sent


def _submit(*, actor: Any, movement: Movement, organization: Organization, year: int) -> int:
    return Registration.objects.filter(
        movement=movement, year=year, organization=organization, status__in=(Status.DRAFT, Status.REJECTED)
    ).update(status=Status.SUBMITTED, submitted_at=timezone.now(), submitted_by=actor)


@transaction.atomic
def registrations_submit(*, actor: Any, movement: Movement, organization: Organization, year: int) -> int:
    """Send the unit's draft (and corrected) registrations to the committee above for approval."""
    require(actor, Action.REGISTER_EMULATION, organization)
    n = _submit(actor=actor, movement=movement, organization=organization, year=year)
    if not n:
        raise ValidationError(_("Không có đăng ký nào chưa gửi."))
    audit_record(
        actor=actor,
        action="emulation_registrations_submit",
        obj=movement,
        organization=organization,
        changes={"year": str(year), "sent": str(n)},
    )
    return n


@transaction.atomic
def registrations_decide(
    *, actor: Any, movement: Movement, ids: Iterable[int], approve: bool, reason: str = ""
) -> int:
    """Approve, or reject with a reason, registrations awaiting approval, all or nothing. Each needs the approval
    right on the committee directly above its unit: one out of reach answers 404, as a missing one."""
    wanted = sorted(set(ids))
    reason = _text(reason)
    if not wanted:
        raise ValidationError(_("Hãy chọn ít nhất một đăng ký."))
    registrations = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(movement=movement, pk__in=wanted)
        .select_related("organization", "member")
    )
    if len(registrations) != len(wanted):
        raise Http404
    committees = {
        o.path: o for o in Organization.objects.filter(path__in={r.deciding_path for r in registrations})
    }
    for registration in registrations:
        committee = committees.get(registration.deciding_path)
        if committee is None:
            raise Http404
        require(actor, Action.APPROVE_EMULATION, committee)
    problems = []
    if not approve and not reason:
        problems.append(_("Lý do trả lại: hãy ghi lý do để đơn vị sửa và gửi lại."))
    if len(reason) > 500:
        problems.append(_("Lý do trả lại dài quá 500 ký tự."))
    for registration in registrations:
        if registration.status != Status.SUBMITTED:
            line = registration.member.full_name if registration.member else registration.organization.name
            problems.append(
                _("Dòng %(line)s: đăng ký đang ở tình trạng “%(status)s”, không phải chờ duyệt.")
                % {"line": line, "status": registration.get_status_display()}
            )
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    for registration in registrations:
        registration.status = Status.APPROVED if approve else Status.REJECTED
        if not approve:
            registration.reject_reason = reason
        registration.decided_at, registration.decided_by = now, actor
        registration.save(update_fields=["status", "reject_reason", "decided_at", "decided_by", "updated_at"])
    for path in sorted({r.deciding_path for r in registrations}):
        audit_record(
            actor=actor,
            action="emulation_registrations_approve" if approve else "emulation_registrations_reject",
            obj=movement,
            organization=committees[path],
            changes={
                "ids": [r.pk for r in registrations if r.deciding_path == path],
                **({} if approve else {"reason": reason}),
            },
        )
    return len(registrations)


@transaction.atomic
def registrations_forward(
    *, actor: Any, movement: Movement, committee: Organization, year: int, note: str = ""
) -> Forwarding:
    """A committee within the movement sends the consolidated list of its subtree to its parent, with the counts
    as they stand. Refused while registrations wait for its approval."""
    require(actor, Action.APPROVE_EMULATION, committee)
    if committee.is_cell:
        raise ValidationError(
            _("Chi bộ gửi đăng ký để cấp trên duyệt; danh sách tổng hợp do đảng bộ chuyển lên.")
        )
    if not selectors.in_movement(movement, committee):
        raise ValidationError(
            _("%(unit)s là cấp phát động hoặc ở ngoài phạm vi phong trào: không chuyển danh sách lên.")
            % {"unit": committee.name}
        )
    if year not in movement.years:
        raise ValidationError({"year": _("Phong trào không có năm %(y)s.") % {"y": year}})
    pending = Registration.objects.filter(
        movement=movement, year=year, deciding_path=committee.path, status=Status.SUBMITTED
    ).count()
    if pending:
        raise ValidationError(
            _("Còn %(n)s đăng ký chờ %(unit)s duyệt: hãy duyệt hoặc trả lại trước khi chuyển lên.")
            % {"n": pending, "unit": committee.name}
        )
    note = _text(note)
    if len(note) > 500:
        raise ValidationError({"note": _("Ghi chú dài quá 500 ký tự.")})
    parent = Organization.objects.get(path=committee.path[:-STEP])
    forwarding = Forwarding.objects.create(
        movement=movement,
        year=year,
        organization=committee,
        to_organization=parent,
        counts=selectors.consolidated_counts(movement=movement, year=year, unit=committee),
        note=note,
        forwarded_by=actor,
        forwarded_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="emulation_forward",
        obj=forwarding,
        organization=committee,
        changes={"year": str(year), "to": parent.name, "counts": forwarding.counts},
    )
    return forwarding


# -------------------------------------------------------------------------------------------------- clusters


def _cluster_problems(
    *,
    organizer: Organization,
    year: int,
    name: str,
    units: Sequence[Organization],
    leader: Organization | None,
    deputy: Organization | None,
    cluster: Cluster | None = None,
) -> dict[str, list[str]]:
    """What is wrong with a cluster of ``units`` (one query for the units already in another cluster that year)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not name:
        add("name", _("Hãy ghi tên cụm."))
    elif (
        Cluster.objects.filter(organizer=organizer, year=year, name__iexact=name)
        .exclude(pk=cluster.pk if cluster else 0)
        .exists()
    ):
        add("name", _("Năm %(y)s đã có “%(name)s”.") % {"y": year, "name": name})
    if len({u.pk for u in units}) < 2:
        add("units", _("Một cụm có ít nhất hai đơn vị thành viên."))
    for unit in units:
        if not unit.path.startswith(organizer.path) or unit.path == organizer.path:
            add(
                "units",
                _("%(unit)s không thuộc %(organizer)s.") % {"unit": unit.name, "organizer": organizer.name},
            )
    taken = (
        ClusterMembership.objects.filter(organizer=organizer, year=year, organization__in=list(units))
        .exclude(cluster=cluster)
        .select_related("organization", "cluster")
    )
    for membership in taken:
        add(
            "units",
            _("%(unit)s đã thuộc %(cluster)s năm %(y)s: mỗi đơn vị chỉ ở một cụm trong năm.")
            % {"unit": membership.organization.name, "cluster": membership.cluster.name, "y": year},
        )
    pks = {u.pk for u in units}
    if leader is not None and leader.pk not in pks:
        add("leader", _("Cụm trưởng phải là một đơn vị thành viên của cụm."))
    if deputy is not None and deputy.pk not in pks:
        add("deputy", _("Cụm phó phải là một đơn vị thành viên của cụm."))
    if leader is not None and deputy is not None and leader.pk == deputy.pk:
        add("deputy", _("Cụm trưởng và cụm phó phải là hai đơn vị khác nhau."))
    return errors


def _check_year(year: Any) -> None:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Hãy ghi năm (ví dụ 2026).")})


def _place(cluster: Cluster, units: Iterable[Organization]) -> None:
    ClusterMembership.objects.bulk_create(
        [
            ClusterMembership(
                cluster=cluster, organization=u, organizer_id=cluster.organizer_id, year=cluster.year
            )
            for u in units
        ]
    )


def _cluster_audit(actor: Any, action: str, cluster: Cluster, **changes: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=cluster,
        organization=cluster.organizer,
        changes={
            "name": cluster.name,
            "year": str(cluster.year),
            "leader": cluster.leader.name if cluster.leader else "",
            "deputy": cluster.deputy.name if cluster.deputy else "",
            **changes,
        },
    )


@transaction.atomic
def cluster_create(
    *,
    actor: Any,
    organizer: Organization,
    year: int,
    name: str,
    units: Sequence[Organization],
    leader: Organization | None = None,
    deputy: Organization | None = None,
) -> Cluster:
    """Form a cluster of the organizer's units for a year, with its leader and deputy among them."""
    require(actor, Action.MANAGE_EMULATION, organizer)
    _check_year(year)
    name = _text(name)
    errors = _cluster_problems(
        organizer=organizer, year=year, name=name, units=units, leader=leader, deputy=deputy
    )
    if errors:
        raise ValidationError(errors)
    cluster = Cluster.objects.create(
        organizer=organizer, year=year, name=name[:255], leader=leader, deputy=deputy, created_by=actor
    )
    _place(cluster, units)
    _cluster_audit(actor, "emulation_cluster_create", cluster, units=[u.name for u in units])
    return cluster


@transaction.atomic
def cluster_update(
    *,
    actor: Any,
    cluster: Cluster,
    name: str,
    units: Sequence[Organization],
    leader: Organization | None,
    deputy: Organization | None,
) -> Cluster:
    """Change a cluster's name, units, leader or deputy. A unit with a review result stays in the cluster."""
    require(actor, Action.MANAGE_EMULATION, cluster.organizer)
    name = _text(name)
    errors = _cluster_problems(
        organizer=cluster.organizer,
        year=cluster.year,
        name=name,
        units=units,
        leader=leader,
        deputy=deputy,
        cluster=cluster,
    )
    pks = {u.pk for u in units}
    for result in cluster.results.select_related("organization"):
        if result.organization_id not in pks:
            errors.setdefault("units", []).append(
                _("%(unit)s đã có kết quả tổng kết: không rời cụm được.") % {"unit": result.organization.name}
            )
    if errors:
        raise ValidationError(errors)
    cluster.name, cluster.leader, cluster.deputy = name[:255], leader, deputy
    cluster.save(update_fields=["name", "leader", "deputy"])
    cluster.memberships.exclude(organization__in=list(units)).delete()
    present = set(cluster.memberships.values_list("organization_id", flat=True))
    _place(cluster, [u for u in units if u.pk not in present])
    _cluster_audit(actor, "emulation_cluster_update", cluster, units=[u.name for u in units])
    return cluster


def _part(part: Sequence[Any]) -> tuple[str, list[Organization], Organization | None, Organization | None]:
    name, units, *roles = part
    leader = roles[0] if roles else None
    deputy = roles[1] if len(roles) > 1 else None
    return _text(name), list(units), leader, deputy


@transaction.atomic
def cluster_split(
    *, actor: Any, cluster: Cluster, year: int, parts: Sequence[Sequence[Any]]
) -> list[Cluster]:
    """Next year's clusters formed by splitting ``cluster``: ``parts`` = [(name, [units]) or (name, [units],
    leader, deputy), …], at least two, every unit of the cluster placed in exactly one part."""
    require(actor, Action.MANAGE_EMULATION, cluster.organizer)
    _check_year(year)
    if year <= cluster.year:
        raise ValidationError({"year": _("Các cụm mới phải thuộc năm sau năm %(y)s.") % {"y": cluster.year}})
    wanted = [_part(p) for p in parts]
    if len(wanted) < 2:
        raise ValidationError(_("Tách cụm thành ít nhất hai cụm."))
    source = {u.pk: u for u in cluster.units.all()}
    problems: list[str] = []
    placed: dict[int, str] = {}
    for name, units, _leader, _deputy in wanted:
        for unit in units:
            if unit.pk not in source:
                problems.append(
                    _("%(unit)s không thuộc %(cluster)s.") % {"unit": unit.name, "cluster": cluster.name}
                )
            elif unit.pk in placed and placed[unit.pk] != name:
                problems.append(
                    _("%(unit)s được xếp vào hai cụm (%(a)s, %(b)s).")
                    % {"unit": unit.name, "a": placed[unit.pk], "b": name}
                )
            placed.setdefault(unit.pk, name)
    for pk, unit in source.items():
        if pk not in placed:
            problems.append(
                _("%(unit)s của %(cluster)s chưa được xếp vào cụm nào.")
                % {"unit": unit.name, "cluster": cluster.name}
            )
    names = [name.casefold() for name, *_rest in wanted]
    if len(set(names)) != len(names):
        problems.append(_("Các cụm mới phải có tên khác nhau."))
    for name, units, leader, deputy in wanted:
        for field_errors in _cluster_problems(
            organizer=cluster.organizer, year=year, name=name, units=units, leader=leader, deputy=deputy
        ).values():
            problems += [f"{name or _('Cụm chưa có tên')}: {e}" for e in field_errors]
    if problems:
        raise ValidationError(list(dict.fromkeys(problems)))
    created = []
    for name, units, leader, deputy in wanted:
        new = Cluster.objects.create(
            organizer=cluster.organizer,
            year=year,
            name=name[:255],
            leader=leader,
            deputy=deputy,
            origin=Cluster.Origin.SPLIT,
            created_by=actor,
        )
        new.formed_from.add(cluster)
        _place(new, units)
        created.append(new)
    _cluster_audit(
        actor, "emulation_cluster_split", cluster, into=[c.name for c in created], into_year=str(year)
    )
    return created


@transaction.atomic
def cluster_merge(
    *,
    actor: Any,
    clusters: Sequence[Cluster],
    year: int,
    name: str,
    leader: Organization | None = None,
    deputy: Organization | None = None,
) -> Cluster:
    """One cluster of a later year formed by merging clusters of the same organizer and year, with all their
    units."""
    clusters = list({c.pk: c for c in clusters}.values())
    if len(clusters) < 2:
        raise ValidationError({"clusters": _("Hãy chọn ít nhất hai cụm để hợp nhất.")})
    organizer = clusters[0].organizer
    require(actor, Action.MANAGE_EMULATION, organizer)
    if any(c.organizer_id != organizer.pk or c.year != clusters[0].year for c in clusters):
        raise ValidationError({"clusters": _("Chỉ hợp nhất các cụm của cùng một cấp, cùng một năm.")})
    _check_year(year)
    if year <= clusters[0].year:
        raise ValidationError({"year": _("Cụm mới phải thuộc năm sau năm %(y)s.") % {"y": clusters[0].year}})
    name = _text(name)
    units = list(
        Organization.objects.filter(
            pk__in=ClusterMembership.objects.filter(cluster__in=clusters).values("organization_id")
        ).order_by("path")
    )
    errors = _cluster_problems(
        organizer=organizer, year=year, name=name, units=units, leader=leader, deputy=deputy
    )
    if errors:
        raise ValidationError(errors)
    merged = Cluster.objects.create(
        organizer=organizer,
        year=year,
        name=name[:255],
        leader=leader,
        deputy=deputy,
        origin=Cluster.Origin.MERGED,
        created_by=actor,
    )
    merged.formed_from.add(*clusters)
    _place(merged, units)
    _cluster_audit(actor, "emulation_cluster_merge", merged, sources=[str(c) for c in clusters])
    return merged


# ------------------------------------------------------------------------------------------------------ pacts


def _check_document(file: UploadedFile) -> None:
    """PDF, Word (.docx) or a photo (JPG, PNG), no bigger than 10 MB: by the extension and by the first bytes."""
    name = file.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kinds = "PDF, DOCX, JPG, PNG"
    if extension not in PACT_TYPES:
        raise ValidationError(
            {
                "document": _("Tệp “%(name)s” không đúng loại cho phép (%(kinds)s).")
                % {"name": name, "kinds": kinds}
            }
        )
    if file.size is not None and file.size > PACT_MAX_BYTES:
        raise ValidationError({"document": _("Tệp “%(name)s” lớn quá 10 MB.") % {"name": name}})
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not any(head.startswith(magic) for magic in PACT_TYPES[extension]):
        raise ValidationError(
            {
                "document": _(
                    "Tệp “%(name)s” không phải tệp %(kind)s thật: hãy chọn đúng bản giao ước đã ký."
                )
                % {"name": name, "kind": extension.upper()}
            }
        )


@transaction.atomic
def pact_save(
    *,
    actor: Any,
    cluster: Cluster,
    content: str,
    signed_on: datetime.date | None,
    signatories: str = "",
    document: UploadedFile | None = None,
) -> Pact:
    """The cluster's pact: its items (one a line), the signing date (in the cluster's year or at the previous
    year's review conference), who signed for the units, and the signed document (PDF, DOCX or a photo, at most
    10 MB). Kept by the organizer's office and committee or by the leader unit's officers."""
    if not selectors.may_keep_cluster(actor, cluster):
        raise Http404
    content, signatories = _text(content), _text(signatories)
    errors: dict[str, str] = {}
    if not content:
        errors["content"] = _("Hãy ghi nội dung giao ước (mỗi dòng một nội dung).")
    if signed_on is not None and signed_on.year not in (cluster.year - 1, cluster.year):
        errors["signed_on"] = _("Ngày ký phải trong năm %(a)s hoặc %(b)s.") % {
            "a": cluster.year - 1,
            "b": cluster.year,
        }
    if errors:
        raise ValidationError(errors)
    if document is not None:
        _check_document(document)
    pact = Pact.objects.select_for_update().filter(cluster=cluster).first() or Pact(cluster=cluster)
    old = pact.document.name if pact.document else ""
    pact.content, pact.signed_on, pact.signatories, pact.updated_by = content, signed_on, signatories, actor
    if document is not None:
        pact.document.save(document.name or "giao-uoc", document, save=False)
    pact.save()
    if document is not None and old:
        transaction.on_commit(lambda: pact.document.storage.delete(old))
    audit_record(
        actor=actor,
        action="emulation_pact_save",
        obj=pact,
        organization=cluster.organizer,
        changes={
            "cluster": str(cluster),
            "items": str(len(pact.items)),
            "signed_on": signed_on.isoformat() if signed_on else "",
            "document": pact.document.name if document is not None else "",
        },
    )
    return pact


# ---------------------------------------------------------------------------------------- year-end review


def _score(raw: Any) -> Decimal | None | str:
    text = _text(raw).replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return "bad"
    if not value.is_finite() or value < 0 or value > SCORE_MAX or value != value.quantize(Decimal("0.01")):
        return "bad"
    return value


@transaction.atomic
def results_save(
    *,
    actor: Any,
    cluster: Cluster,
    rows: dict[int, dict[str, Any]],
    review_on: datetime.date | None = None,
) -> int:
    """The review conference's results for the member units, all or nothing: unit id -> ``{"pledge": outcome,
    "items": [outcome per item of the pact], "score": "95,5", "ranking": "1", "notes": text}``. A bad row is
    named; nothing is saved then."""
    if not selectors.may_keep_cluster(actor, cluster):
        raise Http404
    units = {u.pk: u for u in cluster.units.all()}
    pact = Pact.objects.filter(cluster=cluster).first()
    items = pact.items if pact else []
    outcomes = set(Outcome.values)
    problems: list[str] = []
    if review_on is not None and review_on.year not in (cluster.year, cluster.year + 1):
        problems.append(
            _("Ngày hội nghị tổng kết phải trong năm %(a)s hoặc đầu năm %(b)s.")
            % {"a": cluster.year, "b": cluster.year + 1}
        )
    clean: dict[int, dict[str, Any]] = {}
    for pk, row in rows.items():
        unit = units.get(pk)
        if unit is None:
            problems.append(_("Đơn vị %(pk)s không thuộc %(cluster)s.") % {"pk": pk, "cluster": cluster.name})
            continue
        line = unit.name
        pledge = _text(row.get("pledge"))
        given = [_text(v) for v in row.get("items") or []]
        given = (given + [""] * len(items))[: len(items)]
        score = _score(row.get("score"))
        raw_ranking = _text(row.get("ranking"))
        notes = _text(row.get("notes"))
        if pledge not in (Outcome.NONE, Outcome.MET, Outcome.NOT_MET):
            problems.append(_("Dòng %(line)s: kết quả so với đăng ký không hợp lệ.") % {"line": line})
        if any(v not in outcomes for v in given):
            problems.append(_("Dòng %(line)s: kết quả theo nội dung giao ước không hợp lệ.") % {"line": line})
        if score == "bad":
            problems.append(
                _(
                    "Dòng %(line)s: điểm phải là một số không âm, nhiều nhất hai chữ số thập phân (ví dụ 95,5)."
                )
                % {"line": line}
            )
        ranking = None
        if raw_ranking:
            if not raw_ranking.isdigit() or not 1 <= int(raw_ranking) <= len(units):
                problems.append(
                    _("Dòng %(line)s: xếp thứ phải là một số từ 1 đến %(n)s.")
                    % {"line": line, "n": len(units)}
                )
            else:
                ranking = int(raw_ranking)
        if len(notes) > 1000:
            problems.append(_("Dòng %(line)s: ghi chú dài quá 1.000 ký tự.") % {"line": line})
        clean[pk] = {"pledge": pledge, "items": given, "score": score, "ranking": ranking, "notes": notes}
    if problems:
        raise ValidationError(problems)
    existing = {
        r.organization_id: r for r in ClusterResult.objects.select_for_update().filter(cluster=cluster)
    }
    saved = 0
    for pk, row in clean.items():
        result = existing.get(pk) or ClusterResult(cluster=cluster, organization=units[pk])
        values = (row["pledge"], row["items"], row["score"], row["ranking"], row["notes"])
        if result.pk and values == (
            result.pledge_outcome,
            result.items,
            result.score,
            result.ranking,
            result.notes,
        ):
            continue
        result.pledge_outcome, result.items, result.score, result.ranking, result.notes = values
        result.recorded_by = actor
        result.save()
        saved += 1
    if review_on != cluster.review_on:
        cluster.review_on = review_on
        cluster.save(update_fields=["review_on"])
    _cluster_audit(actor, "emulation_results_save", cluster, results=str(saved))
    return saved
