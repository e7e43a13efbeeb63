"""Writes of commendation: initiatives, awards, and the nomination round from the list of candidates to the
council's secret ballot (a votes poll of purpose "nomination", one per honour), the proposal dossier and the
decision that enters the awards in the register. Every write goes through the gate (``manage_emulation`` on the
unit) and is audited; the eligibility comes from ``emulation.rules.eligibility`` with the rule set in force on the
last day of the year of achievement."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chibo.awards import selectors
from chibo.awards.models import Award, Initiative, Nomination, NominationRound, Scope
from chibo.core.audit import audit_record
from chibo.emulation import rules
from chibo.members.models import Member
from chibo.organizations.access import Action, require
from chibo.organizations.models import Organization
from chibo.votes import services as vote_services
from chibo.votes.models import Poll
from chibo.votes.rules import Elected

Status = NominationRound.Status


def _catalog(year: int) -> dict[str, rules.Honour]:
    return rules.honours(selectors.values_for(year)["emulation"])


def _recipient_problem(honour: rules.Honour, member: Member | None) -> str | None:
    if honour.recipient == rules.INDIVIDUAL and member is None:
        return _("“%(name)s” khen cá nhân: hãy chọn đảng viên.") % {"name": honour.name}
    if honour.recipient == rules.COLLECTIVE and member is not None:
        return _("“%(name)s” khen tập thể: không chọn cá nhân.") % {"name": honour.name}
    return None


def _in_subtree(organization: Organization, unit: Organization | None, member: Member | None) -> bool:
    if member is not None:
        return member.organization_path.startswith(organization.path)
    return unit is not None and unit.path.startswith(organization.path)


@transaction.atomic
def initiative_record(
    *, actor: Any, member: Member, title: str, year: int, scope: str, decision: str = ""
) -> Initiative:
    require(actor, Action.MANAGE_EMULATION, member.organization)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Hãy ghi tên sáng kiến, đề tài.")
    if scope not in Scope.values:
        errors["scope"] = _("Hãy chọn phạm vi ảnh hưởng.")
    if not 1990 <= year <= 2100:
        errors["year"] = _("Năm công nhận không hợp lệ.")
    if errors:
        raise ValidationError(errors)
    initiative = Initiative.objects.create(
        member=member,
        title=title.strip(),
        year=year,
        scope=scope,
        decision=decision.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="initiative_record",
        obj=initiative,
        organization=member.organization,
        changes={"title": initiative.title, "scope": scope, "year": year},
    )
    return initiative


@transaction.atomic
def award_record(
    *,
    actor: Any,
    organization: Organization,
    honour: str,
    year: int,
    member: Member | None,
    decision_number: str,
    decided_on: datetime.date | None,
    issuer: str,
    nomination: Nomination | None = None,
) -> Award:
    """Enter an award in the register: an honour of the catalog of the year's rule set, given to a member of the
    unit's subtree or to a unit of it, once per recipient and year."""
    unit = member.organization if member is not None else organization
    require(actor, Action.MANAGE_EMULATION, unit)
    errors: dict[str, str] = {}
    found = _catalog(year).get(honour)
    if found is None:
        errors["honour"] = _("Hãy chọn danh hiệu, hình thức khen thưởng trong danh mục.")
    else:
        problem = _recipient_problem(found, member)
        if problem:
            errors["member"] = problem
    if not decision_number.strip():
        errors["decision_number"] = _("Hãy ghi số quyết định.")
    if decided_on is None:
        errors["decided_on"] = _("Hãy ghi ngày quyết định (ngày/tháng/năm).")
    elif decided_on.year < year:
        errors["decided_on"] = _("Quyết định khen thưởng không thể trước năm thành tích %(year)s.") % {
            "year": year
        }
    if not issuer.strip():
        errors["issuer"] = _("Hãy ghi cơ quan ban hành quyết định.")
    duplicate = Award.objects.filter(honour=honour, year=year)
    duplicate = (
        duplicate.filter(member=member)
        if member is not None
        else duplicate.filter(organization=unit, member=None)
    )
    if found is not None and duplicate.exists():
        errors["honour"] = _("%(who)s đã có “%(name)s” năm %(year)s.") % {
            "who": member.full_name if member is not None else unit.name,
            "name": found.name,
            "year": year,
        }
    if errors:
        raise ValidationError(errors)
    assert found is not None and decided_on is not None
    award = Award.objects.create(
        honour=honour,
        honour_name=found.name,
        year=year,
        organization=unit,
        member=member,
        decision_number=decision_number.strip(),
        decided_on=decided_on,
        issuer=issuer.strip(),
        nomination=nomination,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="award_record",
        obj=award,
        organization=unit,
        changes={"honour": honour, "year": year, "decision": award.decision_number},
    )
    return award


@transaction.atomic
def round_create(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    body: str,
    held_on: datetime.date | None,
    voters: list[Member],
    cluster: Any = None,
) -> NominationRound:
    """A council's (or a cluster conference's) round for a year: who votes is fixed here; they must be members of
    the unit's subtree (a cluster conference: of the cluster's units)."""
    require(actor, Action.MANAGE_EMULATION, organization)
    errors: dict[str, str] = {}
    if not body.strip():
        errors["body"] = _("Hãy ghi tên hội đồng hoặc hội nghị bình xét.")
    if held_on is None:
        errors["held_on"] = _("Hãy ghi ngày họp (ngày/tháng/năm).")
    if not 1990 <= year <= 2100:
        errors["year"] = _("Năm thành tích không hợp lệ.")
    if not voters:
        errors["voters"] = _("Hãy chọn các thành viên bỏ phiếu.")
    allowed_paths = [organization.path]
    if cluster is not None:
        allowed_paths = list(cluster.units.values_list("path", flat=True)) + [organization.path]
    outside = [
        m.full_name for m in voters if not any(m.organization_path.startswith(p) for p in allowed_paths)
    ]
    if outside:
        errors["voters"] = _("Không thuộc đơn vị: %(names)s.") % {"names": ", ".join(outside)}
    if errors:
        raise ValidationError(errors)
    assert held_on is not None
    round_ = NominationRound.objects.create(
        organization=organization,
        year=year,
        body=body.strip(),
        held_on=held_on,
        cluster=cluster,
        created_by=actor,
    )
    round_.voters.set(voters)
    audit_record(
        actor=actor,
        action="nomination_round_create",
        obj=round_,
        organization=organization,
        changes={"year": year, "voters": len(voters)},
    )
    return round_


@transaction.atomic
def nominate(
    *,
    actor: Any,
    round: NominationRound,
    honour: str,
    member: Member | None = None,
    unit: Organization | None = None,
    achievements: str = "",
) -> Nomination:
    """Put a candidate on the round's list. The system's verdict is taken as they are added: a candidate the
    catalog's conditions (in mode "block") rule out is refused with the reasons; warnings are kept and shown."""
    require(actor, Action.MANAGE_EMULATION, round.organization)
    if round.status != Status.PREPARING:
        raise ValidationError(_("Danh sách đã đưa ra bỏ phiếu: không thêm được nữa."))
    errors: dict[str, str] = {}
    found = _catalog(round.year).get(honour)
    recipient_unit = member.organization if member is not None else unit
    if found is None:
        errors["honour"] = _("Hãy chọn danh hiệu, hình thức khen thưởng trong danh mục.")
    else:
        problem = _recipient_problem(found, member)
        if problem:
            errors["member"] = problem
        elif member is None and unit is None:
            errors["unit"] = _("Hãy chọn đơn vị được đề nghị.")
    if recipient_unit is not None and not _in_subtree(round.organization, unit, member):
        errors["member" if member is not None else "unit"] = _(
            "Người, đơn vị được đề nghị phải thuộc %(unit)s."
        ) % {"unit": round.organization.name}
    if not errors:
        existing = round.nominations.filter(honour=honour)
        existing = (
            existing.filter(member=member)
            if member is not None
            else existing.filter(organization=unit, member=None)
        )
        if existing.exists():
            errors["honour"] = _("Đã có trong danh sách đề nghị “%(name)s”.") % {
                "name": found.name if found else honour
            }
    if errors:
        raise ValidationError(errors)
    assert found is not None and recipient_unit is not None
    proposed = frozenset(
        round.nominations.filter(member=member, organization=recipient_unit).values_list("honour", flat=True)
    )
    verdict = selectors.verdict(
        honour=honour,
        year=round.year,
        member=member,
        unit=None if member else unit,
        proposed=proposed,
        round=round,
    )
    if not verdict.eligible:
        raise ValidationError(
            {"honour": [_("Chưa đủ điều kiện: %(why)s.") % {"why": "; ".join(verdict.reasons)}]}
        )
    nomination = Nomination.objects.create(
        round=round,
        honour=honour,
        honour_name=found.name,
        member=member,
        organization=recipient_unit,
        achievements=achievements.strip(),
        eligible=True,
        warnings=list(verdict.warnings),
    )
    audit_record(
        actor=actor,
        action="nominate",
        obj=nomination,
        organization=round.organization,
        changes={"honour": honour, "candidate": nomination.recipient_name},
    )
    return nomination


def _labels(nominations: list[Nomination]) -> dict[int, str]:
    """The names on a ballot: the recipient's name, with the unit where two would read the same."""
    names = [n.recipient_name for n in nominations]
    return {
        n.pk: (
            f"{n.recipient_name} ({n.organization.name})"
            if names.count(n.recipient_name) > 1
            else n.recipient_name
        )
        for n in nominations
    }


@transaction.atomic
def round_put_to_vote(*, actor: Any, round: NominationRound) -> list[Poll]:
    """One secret ballot per honour, put to the round's voters (the council's members), opened at once: each
    candidate is proposed with more than half of the voters called (the rule set's ``votes.nomination``)."""
    require(actor, Action.MANAGE_EMULATION, round.organization)
    round = NominationRound.objects.select_for_update().get(pk=round.pk)
    if round.status != Status.PREPARING:
        raise ValidationError(_("Đợt bình xét đã đưa ra bỏ phiếu."))
    nominations = list(round.nominations.select_related("member", "organization").order_by("honour", "id"))
    if not nominations:
        raise ValidationError(_("Danh sách đề nghị chưa có ai."))
    voters = list(round.voters.all())
    polls = []
    order = list(_catalog(round.year))  # the catalog's order: Lao động tiên tiến first
    by_honour: dict[str, list[Nomination]] = {}
    for n in sorted(
        nominations, key=lambda n: (order.index(n.honour) if n.honour in order else len(order), n.pk)
    ):
        by_honour.setdefault(n.honour, []).append(n)
    for group in by_honour.values():
        labels = _labels(group)
        poll = vote_services.poll_create(
            actor=actor,
            organization=round.organization,
            title=_("Bình xét “%(honour)s” năm %(year)s – %(body)s")
            % {"honour": group[0].honour_name, "year": round.year, "body": round.body},
            purpose=Poll.Purpose.NOMINATION,
            kind=Poll.Kind.SECRET,
            day=round.held_on,
            candidates=[labels[n.pk] for n in group],
            council=voters,
        )
        candidates = {c.name: c for c in poll.candidates.all()}
        for n in group:
            n.poll, n.candidate = poll, candidates[labels[n.pk]]
        Nomination.objects.bulk_update(group, ["poll", "candidate"])
        polls.append(vote_services.poll_open(actor=actor, poll=poll))
    round.status = Status.VOTING
    round.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="nomination_round_vote",
        obj=round,
        organization=round.organization,
        changes={"polls": [p.pk for p in polls]},
    )
    return polls


@transaction.atomic
def round_propose(*, actor: Any, round: NominationRound) -> NominationRound:
    """Once every ballot is published, record each candidate's votes and whether they passed; those who passed
    make the proposal dossier."""
    require(actor, Action.MANAGE_EMULATION, round.organization)
    round = NominationRound.objects.select_for_update().get(pk=round.pk)
    if round.status != Status.VOTING:
        raise ValidationError(_("Chỉ lập tờ trình sau khi đã bỏ phiếu."))
    nominations = list(round.nominations.select_related("poll", "candidate"))
    waiting = {n.poll.title for n in nominations if n.poll and n.poll.status != Poll.Status.PUBLISHED}
    if waiting:
        raise ValidationError(_("Chưa công bố kết quả: %(polls)s.") % {"polls": "; ".join(sorted(waiting))})
    outcomes: dict[int, Elected] = {}
    for n in nominations:
        if n.poll is None:
            continue
        if n.poll.pk not in outcomes:
            outcome = vote_services.result(n.poll)
            assert isinstance(outcome, Elected)  # a nomination chooses among its candidates
            outcomes[n.poll.pk] = outcome
        elected = outcomes[n.poll.pk]
        n.votes = int(elected.votes.get(n.candidate_id, 0)) if n.candidate_id else 0
        n.passed = n.candidate_id in elected.elected
    Nomination.objects.bulk_update(nominations, ["votes", "passed"])
    round.status = Status.PROPOSED
    round.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="nomination_round_propose",
        obj=round,
        organization=round.organization,
        changes={"passed": sum(bool(n.passed) for n in nominations)},
    )
    return round


@transaction.atomic
def round_decide(
    *, actor: Any, round: NominationRound, decision_number: str, decided_on: datetime.date | None, issuer: str
) -> list[Award]:
    """The deciding body's decision on the dossier: every candidate who passed enters the award register."""
    require(actor, Action.MANAGE_EMULATION, round.organization)
    round = NominationRound.objects.select_for_update().get(pk=round.pk)
    if round.status != Status.PROPOSED:
        raise ValidationError(_("Chỉ ghi quyết định khen thưởng khi đã lập tờ trình."))
    awards = [
        award_record(
            actor=actor,
            organization=n.organization,
            honour=n.honour,
            year=round.year,
            member=n.member,
            decision_number=decision_number,
            decided_on=decided_on,
            issuer=issuer,
            nomination=n,
        )
        for n in round.nominations.filter(passed=True).select_related("member__organization", "organization")
    ]
    round.status = Status.DECIDED
    round.save(update_fields=["status"])
    return awards
