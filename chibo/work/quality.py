"""The quality review (kiểm điểm, đánh giá, xếp loại chất lượng; QĐ 366-QĐ/TW, HD 43-HD/BTCTW) of members and of
party organizations, by year or quarter: the self-assessment, the cell's proposal for its members, the decision of
the committee directly above, the cap on "excellent" as a warning with its numbers, the roll-up per unit, and the
streaks ("excellent 5 years in a row").

Every value of the rules comes from the rule set in force on the period's last day (``values["quality_review"]``).
The rules themselves are ``chibo.work.rules`` (``review_level``, ``excellent_quota``, ``streak``)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.audit import audit_record
from chibo.core.queries import plain_rows
from chibo.members.models import Member
from chibo.organizations.access import Action, allowed, require
from chibo.organizations.models import Organization
from chibo.rulesets.selectors import ruleset_on
from chibo.work import rules
from chibo.work.models import QualityReview, Task

STEP = Organization.steplen
Stage = QualityReview.Stage


def period_end(year: int, quarter: int) -> datetime.date:
    """The period's last day: the event whose rule set judges the review."""
    if quarter in (0, 4):
        return datetime.date(year, 12, 31)
    return datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)


def period_label(year: int, quarter: int) -> str:
    return _("năm %(y)s") % {"y": year} if not quarter else _("quý %(q)s/%(y)s") % {"q": quarter, "y": year}


def review_values(year: int, quarter: int) -> dict[str, Any]:
    """The rule set's ``quality_review`` values in force on the period's last day."""
    return ruleset_on(period_end(year, quarter)).values["quality_review"]


def period_from(raw_year: str | None, raw_quarter: str | None, today: datetime.date) -> tuple[int, int]:
    """The period a query string asks for; by default the year under review (this year from October, else last)."""
    default = today.year if today.month >= 10 else today.year - 1
    try:
        year = int(raw_year) if raw_year else default
        quarter = int(raw_quarter) if raw_quarter else 0
    except ValueError:
        return default, 0
    if not (2000 <= year <= today.year + 1) or quarter not in (0, 1, 2, 3, 4):
        return default, 0
    return year, quarter


# ------------------------------------------------------------------------------------------ self-assessment


def task_counts(member: Member, year: int, quarter: int) -> tuple[int, int]:
    """The member's tasks of the period in the system, as a start for the self-assessment: how many were due in
    it (cancelled ones aside), and how many of those were late (not done, or done after the deadline)."""
    start = datetime.date(year, 1, 1) if not quarter else datetime.date(year, 3 * quarter - 2, 1)
    end = period_end(year, quarter)
    tasks = Task.objects.filter(assignees=member, deadline__gte=start, deadline__lte=end).exclude(
        status=rules.Status.CANCELLED
    )
    total = late = 0
    today = timezone.localdate()
    for status, due, closed_on in tasks.values_list("status", "deadline", "closed_on"):
        total += 1
        late += rules.was_late(status=status, deadline=due, closed_on=closed_on, today=today)
    return total, late


def _decimal(raw: Any) -> Decimal | None:
    try:
        value = Decimal(str(raw).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _count(raw: Any) -> int | None:
    text = str(raw if raw is not None else "").strip() or "0"
    return int(text) if text.isdigit() else None


def may_self_assess(actor: Any, *, member: Member | None, organization: Organization) -> bool:
    """A member fills their own; the cell's officers fill it for a member without an account, and fill their
    organization's own."""
    if member is not None and member.user_id and member.user_id == actor.pk:
        return True
    return allowed(actor, Action.RUN_MEETINGS, organization)


@transaction.atomic
def self_assessment_save(
    *,
    actor: Any,
    organization: Organization,
    member: Member | None,
    year: int,
    quarter: int,
    data: dict[str, Any],
    submit: bool,
) -> QualityReview:
    """Save the self-assessment (``submit``: hand it in to the cell, or, for an organization, to the committee
    above). Checked against the rule set of the period: points within their maxima, counts coherent, the level
    chosen no higher than the points and conditions allow (with the reasons). Nothing is saved when any is wrong."""
    if not may_self_assess(actor, member=member, organization=organization):
        require(actor, Action.RUN_MEETINGS, organization)  # 404, as every refused write
    values = review_values(year, quarter)
    found = QualityReview.objects.select_for_update(of=("self",)).filter(
        year=year, quarter=quarter, organization=organization
    )
    existing = (
        found.filter(member=member) if member is not None else found.filter(member__isnull=True)
    ).first()
    if existing and existing.stage in (Stage.PROPOSED, Stage.DECIDED) and existing.member_id:
        raise ValidationError(_("Chi bộ đã đề xuất xếp loại: bản tự đánh giá không sửa được nữa."))
    if existing and existing.stage == Stage.DECIDED:
        raise ValidationError(_("Cấp ủy đã quyết định xếp loại: bản tự đánh giá không sửa được nữa."))
    errors: dict[str, str] = {}
    general, task = _decimal(data.get("general_points")), _decimal(data.get("task_points"))
    counts = {f: _count(data.get(f)) for f in ("tasks_total", "tasks_late", "tasks_exceeded")}
    if general is None:
        errors["general_points"] = _("Hãy ghi điểm tiêu chí chung (một số, ví dụ 27,5).")
    if task is None:
        errors["task_points"] = _("Hãy ghi điểm kết quả thực hiện nhiệm vụ (một số, ví dụ 62).")
    for name, value in counts.items():
        if value is None:
            errors[name] = _("Hãy ghi một số nguyên không âm.")
    codes = {code for code, _name in rules.blocking_conditions(values, collective=member is None)}
    blocking = [c for c in data.get("blocking") or [] if c]
    if any(c not in codes for c in blocking):
        errors["blocking"] = _("Trường hợp không hoàn thành nhiệm vụ không có trong bộ quy tắc.")
    names = rules.level_names(values)
    level = (data.get("self_level") or "").strip()
    if level not in names:
        errors["self_level"] = _("Hãy chọn mức tự xếp loại.")
    if errors:
        raise ValidationError(errors)
    facts = rules.ReviewFacts(
        general_points=general,  # type: ignore[arg-type]
        task_points=task,  # type: ignore[arg-type]
        tasks_total=counts["tasks_total"] or 0,
        tasks_late=counts["tasks_late"] or 0,
        tasks_exceeded=counts["tasks_exceeded"] or 0,
        blocking=tuple(blocking),
        collective=member is None,
        subunit_or_leader_disciplined=bool(data.get("subunit_or_leader_disciplined")) and member is None,
    )
    problems = rules.review_problems(facts, values)
    if problems:
        raise ValidationError({k: _(v) for k, v in problems.items()})
    verdict = rules.review_level(facts, values)
    if not rules.at_most(level, verdict.level, values):
        raise ValidationError(
            {
                "self_level": _("Mức tự xếp loại cao hơn mức được phép (%(allowed)s). %(reasons)s")
                % {"allowed": names[verdict.level], "reasons": " ".join(verdict.reasons)}
            }
        )
    review = existing or QualityReview(organization=organization, member=member, year=year, quarter=quarter)
    review.general_points, review.task_points = general, task  # type: ignore[assignment]
    review.tasks_total, review.tasks_late, review.tasks_exceeded = (
        facts.tasks_total,
        facts.tasks_late,
        facts.tasks_exceeded,
    )
    review.blocking = list(blocking)
    review.subunit_or_leader_disciplined = facts.subunit_or_leader_disciplined
    review.strengths = (data.get("strengths") or "").strip()
    review.weaknesses = (data.get("weaknesses") or "").strip()
    review.self_level, review.allowed_level = level, verdict.level
    if submit:
        review.stage = Stage.SUBMITTED
        review.submitted_at, review.submitted_by = timezone.now(), actor
        if member is None:  # an organization's self-assessment is its own proposal to the committee above
            review.proposed_level = level
    review.save()
    audit_record(
        actor=actor,
        action="review_self_assessment",
        obj=review,
        organization=organization,
        changes={"points": str(facts.points), "level": level, "stage": review.stage},
    )
    return review


# ---------------------------------------------------------------------------------- proposals and decisions


@transaction.atomic
def proposals_save(
    *, actor: Any, organization: Organization, year: int, quarter: int, rows: dict[int, dict[str, str]]
) -> int:
    """The cell's proposals for its members' submitted self-assessments, all or nothing: review id -> level,
    remark. A proposal is no higher than the rules allow; a decided review is not proposed again."""
    require(actor, Action.RUN_MEETINGS, organization)
    values = review_values(year, quarter)
    names = rules.level_names(values)
    reviews = {
        r.pk: r
        for r in QualityReview.objects.select_for_update(of=("self",))
        .select_related("member")
        .filter(
            pk__in=list(rows), organization=organization, year=year, quarter=quarter, member__isnull=False
        )
    }
    problems = []
    for pk, row in rows.items():
        review = reviews.get(pk)
        if review is None:
            problems.append(_("Bản tự đánh giá %(pk)s không thuộc chi bộ trong kỳ này.") % {"pk": pk})
            continue
        name = review.member.full_name if review.member else str(pk)
        if not row["level"]:
            continue
        if review.stage == Stage.DRAFT:
            problems.append(_("Dòng %(name)s: đảng viên chưa nộp bản tự đánh giá.") % {"name": name})
        elif review.stage == Stage.DECIDED:
            problems.append(_("Dòng %(name)s: cấp ủy đã quyết định, không đề xuất lại.") % {"name": name})
        elif row["level"] not in names:
            problems.append(_("Dòng %(name)s: mức đề xuất không hợp lệ.") % {"name": name})
        elif not rules.at_most(row["level"], review.allowed_level, values):
            problems.append(
                _("Dòng %(name)s: đề xuất %(level)s cao hơn mức được phép (%(allowed)s).")
                % {"name": name, "level": names[row["level"]], "allowed": names[review.allowed_level]}
            )
    if problems:
        raise ValidationError(problems)
    saved = 0
    now = timezone.now()
    for pk, row in rows.items():
        review = reviews[pk]
        if not row["level"] or (
            review.proposed_level == row["level"] and review.proposed_remark == row["remark"].strip()
        ):
            continue
        review.proposed_level, review.proposed_remark = row["level"], row["remark"].strip()[:500]
        review.proposed_at, review.proposed_by, review.stage = now, actor, Stage.PROPOSED
        review.save()
        saved += 1
    audit_record(
        actor=actor,
        action="review_proposals",
        obj=organization,
        organization=organization,
        changes={"period": period_label(year, quarter), "reviews": str(saved)},
    )
    return saved


def ready_for_decision(review: QualityReview) -> bool:
    """A member's review goes to the committee once the cell proposed; an organization's once it handed in its
    self-assessment."""
    if review.member_id:
        return review.stage in (Stage.PROPOSED, Stage.DECIDED)
    return review.stage in (Stage.SUBMITTED, Stage.PROPOSED, Stage.DECIDED)


@transaction.atomic
def decisions_save(
    *,
    actor: Any,
    committee: Organization,
    year: int,
    quarter: int,
    rows: dict[int, str],
    number: str,
    day: datetime.date | None,
) -> int:
    """The committee's decision on the reviews of the units directly below it and their members, all or nothing:
    review id -> level, under one decision (number and day). A level is no higher than the rules allow; the cap
    on "excellent" is not checked here: it warns on the page (``quotas``)."""
    require(actor, Action.DECIDE_REVIEWS, committee)
    values = review_values(year, quarter)
    names = rules.level_names(values)
    reviews = {
        r.pk: r
        for r in QualityReview.objects.select_for_update(of=("self",))
        .select_related("member", "organization")
        .filter(pk__in=list(rows), deciding_path=committee.path, year=year, quarter=quarter)
    }
    chosen = {pk: level for pk, level in rows.items() if level}
    problems = []
    if chosen and not number.strip():
        problems.append(_("Hãy ghi số quyết định hoặc thông báo kết quả xếp loại."))
    if chosen and day is None:
        problems.append(_("Hãy ghi ngày quyết định."))
    for pk, level in chosen.items():
        review = reviews.get(pk)
        if review is None:
            problems.append(_("Bản đánh giá %(pk)s không thuộc quyền quyết định của cấp ủy.") % {"pk": pk})
            continue
        name = review.member.full_name if review.member else review.organization.name
        if not ready_for_decision(review):
            problems.append(_("Dòng %(name)s: chưa có đề xuất của chi bộ.") % {"name": name})
        elif level not in names:
            problems.append(_("Dòng %(name)s: mức xếp loại không hợp lệ.") % {"name": name})
        elif not rules.at_most(level, review.allowed_level, values):
            problems.append(
                _("Dòng %(name)s: %(level)s cao hơn mức được phép (%(allowed)s).")
                % {"name": name, "level": names[level], "allowed": names[review.allowed_level]}
            )
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    for pk, level in chosen.items():
        review = reviews[pk]
        review.decided_level, review.decision_number, review.decided_on = level, number.strip()[:64], day
        review.decided_at, review.decided_by, review.stage = now, actor, Stage.DECIDED
        review.save()
    audit_record(
        actor=actor,
        action="review_decisions",
        obj=committee,
        organization=committee,
        changes={
            "period": period_label(year, quarter),
            "reviews": str(len(chosen)),
            "number": number.strip(),
        },
    )
    return len(chosen)


# ------------------------------------------------------------------------------------------------ the lists


@dataclass
class QuotaWarning:
    group: str  # "đảng viên" or "tổ chức đảng"
    quota: rules.Quota

    @property
    def text(self) -> str:
        q = self.quota
        return _(
            "Vượt trần %(group)s Hoàn thành xuất sắc nhiệm vụ: %(excellent)s, trần %(percent)s %% của "
            "%(good)s %(group)s Hoàn thành tốt nhiệm vụ là %(cap)s; vượt %(over)s."
        ) % {
            "group": self.group,
            "excellent": q.excellent,
            "percent": q.percent,
            "good": q.good,
            "cap": f"{q.cap.normalize():f}".replace(".", ","),
            "over": q.over,
        }


def quotas(reviews: list[QualityReview], values: dict[str, Any]) -> list[QuotaWarning]:
    """The cap on "excellent" for members and for organizations among ``reviews``, by their level as it stands
    (decided, else proposed, else self-assessed): a warning for each group over the cap, with its numbers."""
    warnings = []
    for collective, group in ((False, _("đảng viên")), (True, _("tổ chức đảng"))):
        levels = [r.level for r in reviews if r.collective == collective and r.stage != Stage.DRAFT]
        quota = rules.excellent_quota(
            excellent=levels.count(rules.EXCELLENT), good=levels.count(rules.GOOD), values=values
        )
        if quota.passed:
            warnings.append(QuotaWarning(group, quota))
    return warnings


@dataclass
class CellLine:
    member: Member
    review: QualityReview | None


def cell_reviews(
    *, organization: Organization, year: int, quarter: int
) -> tuple[list[CellLine], QualityReview | None]:
    """The cell's active members with their reviews of the period (and the members reviewed who have since left),
    and the organization's own review. Two queries."""
    members = list(
        Member.objects.filter(organization=organization, status__in=Member.ACTIVE_STATUSES).order_by(
            "sort_key"
        )
    )
    reviews = list(
        QualityReview.objects.filter(organization=organization, year=year, quarter=quarter).select_related(
            "member"
        )
    )
    own = next((r for r in reviews if r.member_id is None), None)
    by_member = {r.member_id: r for r in reviews if r.member_id}
    lines = [CellLine(m, by_member.pop(m.pk, None)) for m in members]
    lines += [CellLine(r.member, r) for r in by_member.values()]  # type: ignore[arg-type]
    return lines, own


def deciding_reviews(*, committee: Organization, year: int, quarter: int) -> QuerySet[QualityReview]:
    """The reviews the committee decides: its direct units' own, and their members'. Indexed on deciding_path."""
    return (
        QualityReview.objects.filter(deciding_path=committee.path, year=year, quarter=quarter)
        .select_related("member", "organization")
        .order_by("organization__path", F("member__sort_key").asc(nulls_first=True))
    )


# --------------------------------------------------------------------------------------------- the roll-up


@dataclass
class SummaryRow:
    unit_id: int
    name: str
    members: int = 0
    submitted: int = 0
    proposed: int = 0
    decided: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    counts: list[int] = field(default_factory=list)  # decided, per level of the scale, best first

    @property
    def not_reviewed(self) -> int:
        return max(self.members - self.submitted, 0)

    def cells(self, codes: list[str]) -> list[int]:
        return [self.levels.get(code, 0) for code in codes]


@dataclass
class Summary:
    unit: Organization
    year: int
    quarter: int
    values: dict[str, Any]
    rows: list[SummaryRow]
    total: SummaryRow

    @property
    def names(self) -> dict[str, str]:
        return rules.level_names(self.values)

    @property
    def codes(self) -> list[str]:
        return list(self.names)

    @property
    def quota(self) -> rules.Quota:
        return rules.excellent_quota(
            excellent=self.total.levels.get(rules.EXCELLENT, 0),
            good=self.total.levels.get(rules.GOOD, 0),
            values=self.values,
        )


def summary(*, unit: Organization, year: int, quarter: int) -> Summary:
    """The roll-up of the members' reviews under ``unit`` for the period, one row per unit directly below it (or
    the cell itself): active members, self-assessments handed in, proposed, decided, and the decided levels. Four
    queries (three for a cell), whatever the size of the subtree: the rule set, the units, the active members and
    the reviews, each of the last two one row per unit; one more only when decided reviews hold a level that the
    period's scale does not have (decided under another version of the rules)."""
    values = review_values(year, quarter)
    codes = list(rules.level_names(values))
    depth = len(unit.path) + STEP
    if unit.is_cell:
        children = [(unit.pk, unit.name, unit.path)]
        depth = len(unit.path)
    else:
        children = list(
            Organization.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
            .order_by("path")
            .values_list("id", "name", "path")
        )
    rows = {path[:depth]: SummaryRow(pk, name) for pk, name, path in children}
    total = SummaryRow(unit.pk, _("Tổng cộng"))
    members = (
        Member.objects.filter(organization_path__startswith=unit.path, status__in=Member.ACTIVE_STATUSES)
        .annotate(branch=Substr("organization_path", 1, depth))
        .values_list("branch")
        .annotate(n=Count("id"))
        .order_by()
    )
    for branch, n in plain_rows(members):
        if branch in rows:
            rows[branch].members += n
        total.members += n
    # One row per unit, the stages and the scale's levels side by side as conditional counts: grouped by the unit
    # alone, PostgreSQL aggregates in parallel, which it does not for the many (unit, stage, level) groups it
    # expects otherwise.
    decided = Q(stage=Stage.DECIDED)
    off_scale = decided & ~Q(decided_level__in=codes)
    figures = {
        "submitted": Count("id"),
        "proposed": Count("id", filter=Q(stage__in=(Stage.PROPOSED, Stage.DECIDED))),
        "decided": Count("id", filter=decided),
        **{f"level_{i}": Count("id", filter=decided & Q(decided_level=code)) for i, code in enumerate(codes)},
        "off_scale": Count("id", filter=off_scale),
    }
    reviews = (
        QualityReview.objects.filter(
            organization_path__startswith=unit.path, year=year, quarter=quarter, member__isnull=False
        )
        .exclude(stage=Stage.DRAFT)
        .annotate(branch=Substr("organization_path", 1, depth))
    )
    found = plain_rows(reviews.values_list("branch").annotate(**figures).order_by())
    for branch, submitted, proposed, decided_n, *levels, _off_scale in found:
        for row in (rows.get(branch), total):
            if row is None:
                continue
            row.submitted += submitted
            row.proposed += proposed
            row.decided += decided_n
            for code, n in zip(codes, levels, strict=True):
                if n:
                    row.levels[code] = row.levels.get(code, 0) + n
    if any(r[-1] for r in found):
        others = reviews.filter(off_scale).values_list("branch", "decided_level").annotate(n=Count("id"))
        for branch, level, n in plain_rows(others.order_by()):
            for row in (rows.get(branch), total):
                if row is not None:
                    row.levels[level] = row.levels.get(level, 0) + n
    for row in [*rows.values(), total]:
        row.counts = row.cells(codes)
    return Summary(unit, year, quarter, values, list(rows.values()), total)


# ------------------------------------------------------------------------------------------------ streaks


@dataclass
class StreakRow:
    name: str
    unit: str
    years: int
    since: int
    subject_id: int


def streaks(
    *, unit: Organization, level: str, min_years: int, through: int, collective: bool
) -> list[StreakRow]:
    """Members (or organizations) under ``unit`` whose annual review was decided at ``level`` for at least
    ``min_years`` years in a row ending with ``through`` ("units excellent 5 years in a row"). One query."""
    reviews = QualityReview.objects.filter(
        organization_path__startswith=unit.path,
        quarter=0,
        year__lte=through,
        year__gt=through - 100,
        decided_level=level,
        member__isnull=collective,
    )
    fields = (
        ("organization_id", "organization__name", "year")
        if collective
        else (
            "member_id",
            "member__full_name",
            "organization__name",
            "year",
        )
    )
    years: dict[int, set[int]] = defaultdict(set)
    labels: dict[int, tuple[str, str]] = {}
    for row in reviews.values_list(*fields):
        if collective:
            subject, name, year = row
            labels[subject] = (name, "")
        else:
            subject, name, cell, year = row
            labels.setdefault(subject, (name, cell))
        years[subject].add(year)
    found = []
    for subject, held in years.items():
        n = rules.streak(held, through=through)
        if n >= min_years:
            name, cell = labels[subject]
            found.append(StreakRow(name, cell, n, through - n + 1, subject))
    found.sort(key=lambda r: (-r.years, r.name))
    return found


def member_streak(member: Member, level: str = rules.EXCELLENT) -> tuple[int, int] | None:
    """The member's latest run of annual reviews decided at ``level``: (first year, years). One query."""
    years = QualityReview.objects.filter(member=member, quarter=0, decided_level=level).values_list(
        "year", flat=True
    )
    return rules.longest_run_to_date(years)
