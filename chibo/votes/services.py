"""Writes of votes: create, open (the voters and the base frozen from the rule set of the poll's day), vote (a
secret ballot and the participation in one transaction under a lock on the poll), enter the counted totals (show of
hands, paper ballots), close and publish. Every write goes through the gate."""

from __future__ import annotations

import dataclasses
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
from chibo.members.applicants import age_problem as applicant_age_problem
from chibo.members.applicants import applicant_voted
from chibo.members.models import Applicant, Member
from chibo.organizations.access import Action, require
from chibo.organizations.models import Organization, Term
from chibo.organizations.services import elected_seats_record
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
    applicant: Applicant | None = None,
    question: str = "",
    term: Term | None = None,
    council: list[Member] | None = None,
) -> Poll:
    """Put a question. The question follows the purpose: an election or a nomination chooses among the names
    listed; a resolution may approve a list of names as a whole (``question="list"``); the rest are yes / no /
    abstain. A nomination is voted by a council or a cluster conference (``council``: the members called), not
    by the cell's members."""
    require(actor, Action.RUN_MEETINGS, organization)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Hãy ghi nội dung biểu quyết.")
    if purpose not in Poll.Purpose.values:
        errors["purpose"] = _("Mục đích biểu quyết không hợp lệ.")
    if kind not in Poll.Kind.values:
        errors["kind"] = _("Hình thức biểu quyết không hợp lệ.")
    if purpose in (Poll.Purpose.ELECTION, Poll.Purpose.NOMINATION):
        question = Poll.Question.CHOOSE
    elif question != Poll.Question.LIST:
        question = Poll.Question.YES_NO
    elif purpose != Poll.Purpose.RESOLUTION:
        errors["question"] = _("Chỉ biểu quyết thông qua nghị quyết, quyết định mới thông qua cả danh sách.")
    names = [n.strip() for n in candidates or [] if n.strip()]
    if len({n.casefold() for n in names}) != len(names):
        errors["candidates"] = _("Danh sách có tên trùng nhau.")
    if purpose == Poll.Purpose.ELECTION:
        values = ruleset_on(day).values["votes"]
        if seats < 1:
            errors["seats"] = _("Hãy ghi số người được bầu.")
        elif not rules.surplus_allowed(candidates=len(names), seats=seats, rule=values["election"]):
            errors["candidates"] = _(
                "Danh sách có %(n)s người cho %(seats)s chỗ: số dư phải từ 0 đến %(pct)s %% số được bầu."
            ) % {"n": len(names), "seats": seats, "pct": values["election"]["max_surplus_candidates_percent"]}
    if question == Poll.Question.CHOOSE and kind in (Poll.Kind.NAMED, Poll.Kind.HANDS):
        errors["kind"] = _("Bầu cử và bình xét thi đua phải bỏ phiếu kín.")
    if question in (Poll.Question.CHOOSE, Poll.Question.LIST) and not names and "candidates" not in errors:
        errors["candidates"] = _("Hãy ghi danh sách, mỗi dòng một người.")
    if purpose == Poll.Purpose.NOMINATION and not council:
        errors["council"] = _("Bình xét thi đua cần danh sách thành viên hội đồng hoặc hội nghị.")
    if purpose == Poll.Purpose.RECOGNITION and subject is None:
        errors["subject"] = _("Hãy chọn đảng viên được xét công nhận chính thức.")
    elif (
        purpose == Poll.Purpose.RECOGNITION
        and subject is not None
        and (subject.organization_id != organization.pk or subject.status != Member.Status.PROBATIONARY)
    ):
        errors["subject"] = _("Chỉ xét công nhận chính thức đảng viên dự bị của chi bộ.")
    if purpose == Poll.Purpose.ADMISSION:
        if applicant is None:
            errors["applicant"] = _("Hãy chọn người được xét kết nạp.")
        elif applicant.organization_id != organization.pk or applicant.state == Applicant.State.ADMITTED:
            errors["applicant"] = _(
                "Người được xét kết nạp phải ở trong danh sách người vào Đảng của chi bộ."
            )
        else:
            problem = applicant_age_problem(applicant, day if meeting is None else meeting.day)
            if problem:
                errors["applicant"] = _(problem)
    if term is not None and (purpose != Poll.Purpose.ELECTION or term.organization_id != organization.pk):
        errors["term"] = _("Nhiệm kỳ phải của chính tổ chức đảng bầu cấp ủy.")
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
        question=question,
        seats=seats
        if purpose == Poll.Purpose.ELECTION
        else len(names)
        if question == Poll.Question.CHOOSE
        else 0,
        subject=subject if purpose == Poll.Purpose.RECOGNITION else None,
        applicant=applicant if purpose == Poll.Purpose.ADMISSION else None,
        term=term,
        day=day,
        created_by=actor,
    )
    members = _members_by_name(organization, names) if purpose == Poll.Purpose.ELECTION else {}
    Candidate.objects.bulk_create(
        [
            Candidate(poll=poll, name=name, position=i, member=members.get(name.casefold()))
            for i, name in enumerate(names, start=1)
        ]
    )
    if council:
        Voter.objects.bulk_create([Voter(poll=poll, member=m) for m in dict.fromkeys(council)])
    audit_record(
        actor=actor, action="poll_create", obj=poll, organization=organization, changes={"title": poll.title}
    )
    return poll


def _members_by_name(organization: Organization, names: list[str]) -> dict[str, Member]:
    """The candidates of an election who are members of the organization's subtree, by a name that is unique
    there (a seat of the new committee then belongs to their account)."""
    found: dict[str, list[Member]] = {}
    for member in Member.objects.filter(
        organization_path__startswith=organization.path,
        full_name__in=names,
        status__in=Member.ACTIVE_STATUSES,
    ):
        found.setdefault(member.full_name.casefold(), []).append(member)
    return {name: hits[0] for name, hits in found.items() if len(hits) == 1}


def _locked(poll: Poll) -> Poll:
    return Poll.objects.select_for_update().get(pk=poll.pk)


def _base_and_voters(poll: Poll, values: dict[str, Any]) -> tuple[int, str, list[Member], dict[str, Any]]:
    """Who votes, the base of the threshold, and the attendance against the quorum. Only full members vote
    (probationary members do not, unless the rule set says so). At a meeting the voters are the full members
    present, and a resolution's base is the full members called less the rule set's exclusions (QĐ 24 §9.3.2);
    admission and recognition count all the cell's full members; an election counts the valid ballots (known when
    the poll closes); a nomination counts the council's members called."""
    if poll.purpose == Poll.Purpose.NOMINATION:
        council = [v.member for v in poll.voters.select_related("member").order_by("member__sort_key")]
        return len(council), _("thành viên được triệu tập"), council, {}
    statuses = [Member.Status.FULL]
    if values["probationary_members_vote"]:
        statuses.append(Member.Status.PROBATIONARY)
    members = list(
        Member.objects.filter(organization=poll.organization, status__in=statuses).order_by("sort_key")
    )
    voters = members
    vote_base = len(members)
    quorum: dict[str, Any] = {}
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
        everyone = meeting_rules.attendance_facts(
            [meeting_rules.Attendee(a.full_member, a.presence, a.reason_approved) for a in attendance],
            votes_rules=values,
        )
        meetings_values = ruleset_on(poll.day).values["meetings"]
        rule = meetings_values["attendance_quorum"]
        quorum = {
            "present": everyone.present,
            "expected": everyone.expected,
            "numerator": rule["numerator"],
            "denominator": rule["denominator"],
            "below": meeting_rules.attendance_below_quorum(everyone, meetings_rules=meetings_values),
        }
    purpose = poll.purpose
    if purpose == Poll.Purpose.RESOLUTION:
        label = _("đảng viên trong tổng số được triệu tập (trừ các trường hợp không tính)")
        return vote_base, label, voters, quorum
    if purpose in (Poll.Purpose.ADMISSION, Poll.Purpose.RECOGNITION):
        full = sum(m.status == Member.Status.FULL for m in members)
        return full, _("đảng viên chính thức của chi bộ"), voters, quorum
    return 0, _("phiếu hợp lệ"), voters, quorum


@transaction.atomic
def poll_open(*, actor: Any, poll: Poll) -> Poll:
    require(actor, Action.RUN_MEETINGS, poll.organization)
    poll = _locked(poll)
    if poll.status != Status.DRAFT:
        raise ValidationError(_("Chỉ mở biểu quyết đang ở dạng dự thảo."))
    ruleset = ruleset_on(poll.day)
    values = ruleset.values["votes"]
    base, label, voters, quorum = _base_and_voters(poll, values)
    if not voters:
        raise ValidationError(_("Không có đảng viên nào được biểu quyết."))
    if poll.question in (Poll.Question.CHOOSE, Poll.Question.LIST) and not poll.candidates.exists():
        raise ValidationError(_("Danh sách chưa có ai."))
    if poll.purpose != Poll.Purpose.NOMINATION:
        Voter.objects.bulk_create([Voter(poll=poll, member=m) for m in voters])
    poll.base, poll.base_label, poll.rule, poll.quorum = base, label, values[poll.purpose], quorum
    poll.ruleset_name = str(ruleset)
    poll.status, poll.opened_at = Status.OPEN, timezone.now()
    poll.save()
    audit_record(
        actor=actor, action="poll_open", obj=poll, organization=poll.organization, changes={"base": str(base)}
    )
    return poll


def quorum_warning(poll: Poll) -> str | None:
    """Fewer present at the meeting than the rule set's attendance quorum (2/3 of those expected): a warning, never
    a block (DOMAIN.md, "Votes")."""
    q = poll.quorum or {}
    if not q.get("below"):
        return None
    return _(
        "Có mặt %(present)s/%(expected)s đảng viên phải dự, dưới %(n)s/%(d)s: chỉ là cảnh báo, biểu quyết vẫn "
        "tiến hành."
    ) % {"present": q["present"], "expected": q["expected"], "n": q["numerator"], "d": q["denominator"]}


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
    if poll.question == Poll.Question.CHOOSE:
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
        if poll.question == Poll.Question.CHOOSE:
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
        if poll.question != Poll.Question.CHOOSE and answered != count.valid:
            problems.append(
                _("Tán thành, không tán thành và không biểu quyết (%(n)s) phải bằng số phiếu hợp lệ (%(v)s).")
                % {"n": answered, "v": count.valid}
            )
    elif answered > eligible:
        problems.append(
            _("Tổng số biểu quyết (%(n)s) nhiều hơn số đảng viên được biểu quyết (%(e)s).")
            % {"n": answered, "e": eligible}
        )
    per: dict[str, int] = {}
    if poll.question == Poll.Question.CHOOSE and poll.kind == Poll.Kind.PAPER:
        names = dict(poll.candidates.values_list("id", "name"))
        raw = totals.get("candidates") or {}
        for cid, name in names.items():
            try:
                per[str(cid)] = int(raw.get(str(cid), raw.get(cid, 0)) or 0)
            except (TypeError, ValueError):
                problems.append(_("Số phiếu bầu %(name)s phải là một số.") % {"name": name})
        if set(map(str, raw)) - {str(cid) for cid in names}:
            problems.append(_("Có số phiếu của người không có trong danh sách."))
        if not problems:
            problems += [
                _(p)
                for p in rules.candidate_count_problems(
                    {names[int(c)]: n for c, n in per.items()},
                    valid=numbers.get("valid", 0),
                    seats=poll.seats,
                )
            ]
    if problems:
        raise ValidationError(problems)
    poll.totals = {**numbers, **({"candidates": per} if per else {})}
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
    if isinstance(outcome, rules.Elected):
        if poll.purpose != Poll.Purpose.ELECTION or poll.term is None or not outcome.elected:
            return ""
        holders = {
            c.pk: (c.name, c.member.user if c.member is not None else None)
            for c in poll.candidates.select_related("member__user")
        }
        elected_seats_record(
            actor=actor,
            term=poll.term,
            elected=[holders[c] for c in outcome.elected],
            on=poll.day,
            basis=_("Biểu quyết số %(n)s ngày %(day)s")
            % {"n": poll.pk, "day": poll.day.strftime("%d/%m/%Y")},
        )
        return "seats"
    if outcome is None:
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
    if poll.purpose == Poll.Purpose.ADMISSION and poll.applicant_id:
        applicant = Applicant.objects.get(pk=poll.applicant_id)
        applicant_voted(actor=actor, applicant=applicant, passed=outcome.passed, basis=basis)
        return "applicant"
    return ""


def result(poll: Poll) -> rules.Outcome | rules.Elected | None:
    """The outcome, readable only once the poll is closed (before: None)."""
    if poll.status not in (Status.CLOSED, Status.PUBLISHED):
        return None
    counted = counts(poll)
    if poll.question == Poll.Question.CHOOSE:
        per = {int(k): int(v) for k, v in (counted.get("candidates") or {}).items()}
        if poll.purpose == Poll.Purpose.NOMINATION:
            return rules.nomination_outcome(votes=per, base=poll.base, rule=poll.rule)
        return rules.election_outcome(
            votes=per, valid=int(counted.get("valid", 0)), seats=poll.seats, rule=poll.rule
        )
    outcome = rules.yes_no_outcome(
        yes=int(counted.get("yes", 0)),
        no=int(counted.get("no", 0)),
        abstain=int(counted.get("abstain", 0)),
        base=poll.base,
        rule=poll.rule,
        base_label=poll.base_label,
    )
    if poll.question == Poll.Question.LIST:
        names = list(poll.candidates.values_list("name", flat=True))
        outcome = dataclasses.replace(outcome, words=rules.list_words(names) + outcome.words)
    return outcome
