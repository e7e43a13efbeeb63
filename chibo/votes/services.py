"""Writes of votes: create, open (the voters and the base frozen from the rule set of the poll's day), vote (a
secret ballot and the participation in one transaction under a lock on the poll), enter the counted totals (show of
hands, paper ballots), close and publish. Every write goes through the gate."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.audit import audit_record
from chibo.meetings import rules as meeting_rules
from chibo.meetings import services as meeting_services
from chibo.meetings.models import Attendance, Minutes
from chibo.members import services as member_services
from chibo.members.models import Member
from chibo.organizations.access import Action, require
from chibo.organizations.models import Organization
from chibo.rulesets.selectors import ruleset_on
from chibo.votes import rules
from chibo.votes.models import Ballot, Candidate, NamedVote, Participation, Poll, Voter

Status = Poll.Status


@transaction.atomic
def poll_create(
    *,
    actor: Any,
    organization: Organization,
    title: str,
    purpose: str,
    kind: str,
    day: Any,
    meeting: Any = None,
    seats: int = 0,
    candidates: list[str] | None = None,
    subject: Member | None = None,
) -> Poll:
    require(actor, Action.RUN_MEETINGS, organization)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Hãy ghi nội dung biểu quyết.")
    if purpose not in Poll.Purpose.values:
        errors["purpose"] = _("Mục đích biểu quyết không hợp lệ.")
    if kind not in Poll.Kind.values:
        errors["kind"] = _("Hình thức biểu quyết không hợp lệ.")
    names = [n.strip() for n in candidates or [] if n.strip()]
    if purpose == Poll.Purpose.ELECTION:
        values = ruleset_on(day).values["votes"]
        if seats < 1:
            errors["seats"] = _("Hãy ghi số người được bầu.")
        elif not rules.surplus_allowed(candidates=len(names), seats=seats, rule=values["election"]):
            errors["candidates"] = _(
                "Danh sách có %(n)s người cho %(seats)s chỗ: số dư phải từ 0 đến %(pct)s %% số được bầu."
            ) % {"n": len(names), "seats": seats, "pct": values["election"]["max_surplus_candidates_percent"]}
        if kind == Poll.Kind.NAMED or kind == Poll.Kind.HANDS:
            errors["kind"] = _("Bầu cử phải bỏ phiếu kín.")
    if purpose in (Poll.Purpose.ADMISSION, Poll.Purpose.RECOGNITION) and subject is None:
        errors["subject"] = _("Hãy chọn người được xét.")
    if meeting is not None and meeting.organization_id != organization.pk:
        errors["meeting"] = _("Buổi sinh hoạt không thuộc chi bộ này.")
    if errors:
        raise ValidationError(errors)
    if meeting is not None:
        day = meeting.day  # a vote at a meeting is judged by the rules of the meeting's day
    poll = Poll.objects.create(
        organization=organization,
        meeting=meeting,
        title=title.strip(),
        purpose=purpose,
        kind=kind,
        seats=seats if purpose == Poll.Purpose.ELECTION else 0,
        subject=subject,
        day=day,
        created_by=actor,
    )
    Candidate.objects.bulk_create(
        [Candidate(poll=poll, name=name, position=i) for i, name in enumerate(names, start=1)]
    )
    audit_record(
        actor=actor, action="poll_create", obj=poll, organization=organization, changes={"title": poll.title}
    )
    return poll


def _locked(poll: Poll) -> Poll:
    return Poll.objects.select_for_update().get(pk=poll.pk)


def _base_and_voters(poll: Poll, values: dict[str, Any]) -> tuple[int, str, list[Member]]:
    """Who votes and the base of the threshold. Only full members vote (probationary members do not, unless the rule
    set says so). At a meeting the voters are the full members present, and a resolution's base is the full members
    called less the rule set's exclusions (QĐ 24 §9.3.2); admission and recognition count all the cell's full
    members; an election counts the valid ballots (known when the poll closes)."""
    statuses = [Member.Status.FULL]
    if values["probationary_members_vote"]:
        statuses.append(Member.Status.PROBATIONARY)
    members = list(
        Member.objects.filter(organization=poll.organization, status__in=statuses).order_by("sort_key")
    )
    voters = members
    vote_base = len(members)
    if poll.meeting_id:
        attendance = list(Attendance.objects.filter(meeting_id=poll.meeting_id).select_related("member"))
        present = {a.member_id for a in attendance if a.presence == Attendance.Presence.PRESENT}
        voters = [m for m in members if m.pk in present]
        facts = meeting_rules.attendance_facts(
            [
                meeting_rules.Attendee(a.full_member, a.presence, a.reason_approved)
                for a in attendance
                if a.full_member or values["probationary_members_vote"]
            ],
            votes_rules=values,
        )
        vote_base = facts.vote_base
    purpose = poll.purpose
    if purpose == Poll.Purpose.RESOLUTION:
        return vote_base, _("đảng viên trong tổng số được triệu tập (trừ các trường hợp không tính)"), voters
    if purpose in (Poll.Purpose.ADMISSION, Poll.Purpose.RECOGNITION):
        full = sum(m.status == Member.Status.FULL for m in members)
        return full, _("đảng viên chính thức của chi bộ"), voters
    return 0, _("phiếu hợp lệ"), voters


@transaction.atomic
def poll_open(*, actor: Any, poll: Poll) -> Poll:
    require(actor, Action.RUN_MEETINGS, poll.organization)
    poll = _locked(poll)
    if poll.status != Status.DRAFT:
        raise ValidationError(_("Chỉ mở biểu quyết đang ở dạng dự thảo."))
    ruleset = ruleset_on(poll.day)
    values = ruleset.values["votes"]
    base, label, voters = _base_and_voters(poll, values)
    if not voters:
        raise ValidationError(_("Không có đảng viên nào được biểu quyết."))
    if poll.purpose == Poll.Purpose.ELECTION and not poll.candidates.exists():
        raise ValidationError(_("Danh sách bầu cử chưa có ai."))
    Voter.objects.bulk_create([Voter(poll=poll, member=m) for m in voters])
    poll.base, poll.base_label, poll.rule = base, label, values[poll.purpose]
    poll.ruleset_name = str(ruleset)
    poll.status, poll.opened_at = Status.OPEN, timezone.now()
    poll.save()
    audit_record(
        actor=actor, action="poll_open", obj=poll, organization=poll.organization, changes={"base": str(base)}
    )
    return poll


def waiting_for(member: Member | None) -> QuerySet[Poll]:
    """The open polls ``member`` is called to and has not voted in yet, with their voters and votes counted."""
    if member is None:
        return Poll.objects.none()
    return (
        Poll.objects.filter(voters__member=member, status=Status.OPEN)
        .exclude(pk__in=Participation.objects.filter(member=member).values("poll_id"))
        .exclude(pk__in=NamedVote.objects.filter(member=member).values("poll_id"))
        .select_related("organization")
        .prefetch_related("candidates")
        .annotate(
            voter_count=Count("voters", distinct=True),
            voted_count=Count("participations", distinct=True) + Count("named_votes", distinct=True),
        )
    )


def _shared(poll: Poll) -> str:
    """The poll's status under a shared lock (PostgreSQL ``FOR SHARE``): votes of different members go on side by
    side, while closing (``FOR UPDATE``) waits for the votes under way and every later vote waits for the close and
    then sees it. SQLite runs one write at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT status FROM votes_poll WHERE id = %s FOR SHARE", [poll.pk])
            return cursor.fetchone()[0]
    return Poll.objects.values_list("status", flat=True).get(pk=poll.pk)


@transaction.atomic
def vote(*, actor: Any, poll: Poll, answer: str = "", choices: list[int] | None = None) -> None:
    """One member's vote. Secret: the participation (who) and the ballot (what: no voter, no time, a random id)
    are written in one transaction, under a shared lock on the poll that closing must wait for: a vote that arrives
    as the poll closes is either counted or refused, never lost. Two votes of the same member at once count once:
    the participation's unique constraint refuses the second. Named: one row, public."""
    member = Member.objects.filter(user=actor).first()
    if member is None or not Voter.objects.filter(poll=poll, member=member).exists():
        raise ValidationError(_("Đồng chí không có trong danh sách biểu quyết này."))
    if poll.kind not in (Poll.Kind.SECRET, Poll.Kind.NAMED):
        raise ValidationError(_("Biểu quyết này không bỏ phiếu trên điện thoại."))
    if poll.purpose == Poll.Purpose.ELECTION:
        ids = list(poll.candidates.values_list("id", flat=True))
        problem = rules.choices_problem(choices or [], candidates=ids, seats=poll.seats)
        if problem:
            raise ValidationError(_(problem))
        answer = ""
    elif answer not in rules.Answer.__members__.values():
        raise ValidationError(_("Hãy chọn tán thành, không tán thành hoặc không biểu quyết."))
    if _shared(poll) != Status.OPEN:
        raise ValidationError(_("Biểu quyết đã kết thúc: phiếu không được ghi nhận."))
    try:
        with transaction.atomic():
            if poll.kind == Poll.Kind.NAMED:
                NamedVote.objects.create(poll=poll, member=member, answer=answer)
                return
            Participation.objects.create(poll=poll, member=member)
    except IntegrityError:
        raise ValidationError(
            _("Đồng chí đã biểu quyết.") if poll.kind == Poll.Kind.NAMED else _("Đồng chí đã bỏ phiếu.")
        ) from None
    Ballot.objects.create(poll=poll, answer=answer, choices=sorted(choices or []))
    # No audit line: it would tie a time to a ballot. The participation itself is the record.


def counts(poll: Poll) -> dict[str, Any]:
    """The counts as they stand: from the ballots (secret), the named votes, or the totals entered."""
    if poll.kind == Poll.Kind.NAMED:
        answers = list(poll.named_votes.values_list("answer", flat=True))
        return {a: answers.count(a) for a in rules.Answer}
    if poll.kind == Poll.Kind.SECRET:
        if poll.purpose == Poll.Purpose.ELECTION:
            per: dict[str, int] = {}
            valid = 0
            for choices in poll.ballots.values_list("choices", flat=True):
                valid += 1
                for c in choices:
                    per[str(c)] = per.get(str(c), 0) + 1
            return {"valid": valid, "candidates": per}
        answers = list(poll.ballots.values_list("answer", flat=True))
        return {a: answers.count(a) for a in rules.Answer}
    return dict(poll.totals)


@transaction.atomic
def totals_enter(*, actor: Any, poll: Poll, totals: dict[str, Any]) -> Poll:
    """The counted totals of a show of hands, or of paper ballots with their reconciliation (issued, returned,
    valid, invalid) entered by the counting board."""
    require(actor, Action.RUN_MEETINGS, poll.organization)
    poll = _locked(poll)
    if poll.kind not in (Poll.Kind.HANDS, Poll.Kind.PAPER):
        raise ValidationError(_("Chỉ biểu quyết giơ tay và phiếu giấy mới nhập số đếm."))
    if poll.status != Status.OPEN:
        raise ValidationError(_("Chỉ nhập số đếm khi biểu quyết đang mở."))
    eligible = poll.voters.count()
    problems: list[str] = []
    numbers = {}
    for key, value in totals.items():
        if key == "candidates":
            continue
        try:
            numbers[key] = int(value)
        except (TypeError, ValueError):
            problems.append(_("%(field)s phải là một số.") % {"field": key})
    if problems:
        raise ValidationError(problems)
    answered = sum(numbers.get(a, 0) for a in rules.Answer)
    if poll.kind == Poll.Kind.PAPER:
        count = rules.PaperCount(
            numbers.get("issued", 0),
            numbers.get("returned", 0),
            numbers.get("valid", 0),
            numbers.get("invalid", 0),
        )
        problems += [_(p) for p in rules.paper_problems(count, eligible=eligible)]
        if poll.purpose != Poll.Purpose.ELECTION and answered != count.valid:
            problems.append(
                _("Tán thành, không tán thành và không biểu quyết (%(n)s) phải bằng số phiếu hợp lệ (%(v)s).")
                % {"n": answered, "v": count.valid}
            )
    elif answered > eligible:
        problems.append(
            _("Tổng số biểu quyết (%(n)s) nhiều hơn số đảng viên được biểu quyết (%(e)s).")
            % {"n": answered, "e": eligible}
        )
    if problems:
        raise ValidationError(problems)
    poll.totals = {**numbers, **({"candidates": totals["candidates"]} if "candidates" in totals else {})}
    poll.save(update_fields=["totals"])
    audit_record(actor=actor, action="poll_totals", obj=poll, organization=poll.organization, changes=numbers)
    return poll


@transaction.atomic
def poll_close(*, actor: Any, poll: Poll) -> Poll:
    require(actor, Action.RUN_MEETINGS, poll.organization)
    poll = _locked(poll)
    if poll.status != Status.OPEN:
        raise ValidationError(_("Biểu quyết không ở trạng thái đang mở."))
    if poll.kind in (Poll.Kind.HANDS, Poll.Kind.PAPER) and not poll.totals:
        raise ValidationError(_("Hãy nhập số đếm trước khi kết thúc."))
    poll.status, poll.closed_at = Status.CLOSED, timezone.now()
    poll.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, action="poll_close", obj=poll, organization=poll.organization)
    return poll


@transaction.atomic
def poll_publish(*, actor: Any, poll: Poll) -> Poll:
    require(actor, Action.RUN_MEETINGS, poll.organization)
    poll = _locked(poll)
    if poll.status != Status.CLOSED:
        raise ValidationError(_("Chỉ công bố kết quả sau khi biểu quyết kết thúc."))
    poll.status, poll.published_at = Status.PUBLISHED, timezone.now()
    poll.save(update_fields=["status", "published_at"])
    written = _write_outcome(actor=actor, poll=poll)
    audit_record(
        actor=actor,
        action="poll_publish",
        obj=poll,
        organization=poll.organization,
        changes={"outcome": written},
    )
    return poll


def _write_outcome(*, actor: Any, poll: Poll) -> str:
    """What a published result changes: a resolution voted at a meeting goes into the meeting's minutes (the vote
    and the result in words under "Nghị quyết", while they are a draft); a passed recognition as full member is
    recorded in the register with the poll as its basis. Returns what was written, for the audit line."""
    outcome = result(poll)
    if not isinstance(outcome, rules.Outcome):
        return ""
    basis = _("Biểu quyết số %(n)s ngày %(day)s: %(words)s") % {
        "n": poll.pk,
        "day": poll.day.strftime("%d/%m/%Y"),
        "words": outcome.words,
    }
    if poll.purpose == Poll.Purpose.RESOLUTION and poll.meeting_id:
        minutes = Minutes.objects.filter(meeting_id=poll.meeting_id).first()
        if minutes is None or minutes.status != Minutes.Status.DRAFT:
            return ""
        text = (minutes.content.get("resolution") or "").rstrip()
        line = _("Kết quả biểu quyết “%(title)s”: %(words)s") % {"title": poll.title, "words": outcome.words}
        meeting_services.minutes_save(
            actor=actor,
            minutes=minutes,
            content={
                "vote": {"yes": outcome.yes, "no": outcome.no, "abstain": outcome.abstain},
                "resolution": f"{text}\n{line}".strip(),
            },
            revision=minutes.revision,
        )
        return "minutes"
    if poll.purpose == Poll.Purpose.RECOGNITION and outcome.passed and poll.subject_id:
        subject = Member.objects.get(pk=poll.subject_id)
        if subject.status == Member.Status.PROBATIONARY:
            member_services.member_change_status(
                actor=actor,
                member=subject,
                status=Member.Status.FULL,
                on=poll.day,
                reason=_("Chi bộ biểu quyết công nhận đảng viên chính thức"),
                decision=basis[:255],
            )
            return "register"
    return ""


def result(poll: Poll) -> rules.Outcome | rules.Elected | None:
    """The outcome, readable only once the poll is closed (before: None)."""
    if poll.status not in (Status.CLOSED, Status.PUBLISHED):
        return None
    counted = counts(poll)
    if poll.purpose == Poll.Purpose.ELECTION:
        per = {int(k): int(v) for k, v in (counted.get("candidates") or {}).items()}
        return rules.election_outcome(
            votes=per, valid=int(counted.get("valid", 0)), seats=poll.seats, rule=poll.rule
        )
    return rules.yes_no_outcome(
        yes=int(counted.get("yes", 0)),
        no=int(counted.get("no", 0)),
        abstain=int(counted.get("abstain", 0)),
        base=poll.base,
        rule=poll.rule,
        base_label=poll.base_label,
    )
