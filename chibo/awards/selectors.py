"""Reads of commendation: a candidate's record (decided quality levels, awards, initiatives, disciplines by year)
and the system's verdict on an honour; the award register of a subtree; award streaks ("units with Tập thể lao động
xuất sắc 5 years in a row", seed 000) in one query whatever the size of the subtree."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Aggregate, BigIntegerField, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.expressions import Combinable, CombinedExpression
from django.db.models.functions import Cast

from chibo.awards.models import Award, Initiative, Nomination, NominationRound
from chibo.core.memory import no_cyclic_gc
from chibo.core.queries import plain_rows
from chibo.emulation import rules
from chibo.members.models import Member
from chibo.organizations.models import Organization
from chibo.rulesets.selectors import ruleset_on
from chibo.work.models import QualityReview

HISTORY_YEARS = 12  # how far back a record looks: the longest streak any honour asks for, with room


def values_for(year: int) -> dict[str, Any]:
    """The rule set by which a year's achievements are judged: the one in force on its last day."""
    return ruleset_on(datetime.date(year, 12, 31)).values


def _years(pairs: Iterable[tuple[int, Any]]) -> dict[int, frozenset]:
    found: dict[int, set] = defaultdict(set)
    for year, value in pairs:
        found[year].add(value)
    return {year: frozenset(v) for year, v in found.items()}


def record_of(
    *, member: Member | None = None, unit: Organization | None = None, through: int
) -> rules.Record:
    """What is known of a member (or a unit) for the years up to ``through``: the levels decided in the annual
    quality reviews, the awards of the register, the recognised initiatives, and the years with a discipline
    (a decided review that names the discipline condition). Three queries (two for a unit)."""
    since = through - HISTORY_YEARS
    reviews = QualityReview.objects.filter(quarter=0, year__gt=since, year__lte=through).exclude(
        decided_level=""
    )
    awards = Award.objects.filter(year__gt=since, year__lte=through)
    if member is not None:
        reviews, awards = reviews.filter(member=member), awards.filter(member=member)
        initiatives = _years(
            Initiative.objects.filter(member=member, year__gt=since, year__lte=through).values_list(
                "year", "scope"
            )
        )
    else:
        reviews = reviews.filter(organization=unit, member=None)
        awards = awards.filter(organization=unit, member=None)
        initiatives = {}
    levels: dict[int, str] = {}
    disciplined: set[int] = set()
    for year, level, blocking, sub in reviews.values_list(
        "year", "decided_level", "blocking", "subunit_or_leader_disciplined"
    ):
        levels[year] = level
        if "discipline" in (blocking or []) or sub:
            disciplined.add(year)
    return rules.Record(
        review_levels=levels,
        awards=_years(awards.values_list("year", "honour")),
        initiatives=initiatives,
        disciplined=frozenset(disciplined),
    )


def collective_facts(
    unit: Organization, year: int, round: NominationRound | None = None
) -> rules.CollectiveFacts:
    """A unit's year for the collective titles: its tasks from its annual quality review, its active members,
    those who are Lao động tiên tiến and Chiến sĩ thi đua cơ sở that year (awarded, or passed in ``round``), and
    whether a member was disciplined (a decided review naming the discipline condition)."""
    review = (
        QualityReview.objects.filter(organization=unit, member=None, quarter=0, year=year)
        .only("tasks_total", "tasks_late", "blocking", "subunit_or_leader_disciplined")
        .first()
    )
    members = Member.objects.filter(
        organization_path__startswith=unit.path, status__in=Member.ACTIVE_STATUSES
    ).count()
    held = Award.objects.filter(
        organization_path__startswith=unit.path, member__isnull=False, year=year
    ).values_list("member_id", "honour")
    by_honour: dict[str, set[int]] = defaultdict(set)
    for member_id, honour in held:
        by_honour[honour].add(member_id)
    if round is not None:
        for member_id, honour in Nomination.objects.filter(
            round=round, member__isnull=False, organization__path__startswith=unit.path
        ).values_list("member_id", "honour"):
            by_honour[honour].add(member_id)
    member_blocking = (
        QualityReview.objects.filter(
            organization_path__startswith=unit.path, member__isnull=False, quarter=0, year=year
        )
        .exclude(blocking=[])
        .values_list("blocking", flat=True)
    )
    disciplined = any("discipline" in (b or []) for b in member_blocking)
    tasks_total = review.tasks_total if review else 0
    tasks_done = tasks_total - (review.tasks_late if review else 0)
    fighters = by_honour.get("chien_si_thi_dua_co_so", set())
    advanced = by_honour.get("lao_dong_tien_tien", set()) | fighters
    return rules.CollectiveFacts(
        tasks_total=tasks_total,
        tasks_done=tasks_done,
        members=max(members, len(advanced)),
        advanced_members=len(advanced),
        grassroots_fighters=len(fighters),
        disciplined=disciplined
        or bool(review and ("discipline" in (review.blocking or []) or review.subunit_or_leader_disciplined)),
    )


def verdict(
    *,
    honour: str,
    year: int,
    member: Member | None = None,
    unit: Organization | None = None,
    proposed: frozenset[str] = frozenset(),
    round: NominationRound | None = None,
) -> rules.Verdict:
    """The system's word on a candidate for an honour and a year, with the reasons, by the rule set of the year."""
    values = values_for(year)
    record = record_of(member=member, unit=unit, through=year)
    collective = collective_facts(unit, year, round) if member is None and unit is not None else None
    return rules.eligibility(
        honour,
        year,
        record,
        values["emulation"],
        collective=collective,
        proposed=proposed,
        levels=values["quality_review"]["levels"],
    )


def verdicts(
    *, year: int, member: Member | None = None, unit: Organization | None = None
) -> list[tuple[rules.Honour, rules.Verdict]]:
    """The system's word on every honour of the year's catalog that fits the candidate (a member: the individual
    ones; a unit: the collective ones), read from one record: a fixed number of queries."""
    values = values_for(year)
    catalog = rules.honours(values["emulation"])
    record = record_of(member=member, unit=unit, through=year)
    collective = collective_facts(unit, year) if member is None and unit is not None else None
    wanted = rules.COLLECTIVE if member is None else rules.INDIVIDUAL
    return [
        (
            honour,
            rules.eligibility(
                honour.code,
                year,
                record,
                values["emulation"],
                collective=collective,
                levels=values["quality_review"]["levels"],
            ),
        )
        for honour in catalog.values()
        if honour.recipient in (wanted, rules.ANY)
    ]


def awards_in(unit: Organization, *, year: int | None = None, honour: str = "") -> QuerySet[Award]:
    awards = Award.objects.filter(organization_path__startswith=unit.path).select_related(
        "member", "organization"
    )
    if year:
        awards = awards.filter(year=year)
    if honour:
        awards = awards.filter(honour=honour)
    return awards.order_by("-year", "honour", "organization__path", "member__sort_key")


@dataclass(frozen=True)
class StreakRow:
    name: str
    unit: str  # the unit of a member, empty for a unit
    years: int  # the run of consecutive years ending with ``through``
    since: int
    subject_id: int


STREAK_YEARS = 63  # the longest run award_streaks reads: one bit a year in a signed 64-bit integer


class _BitOr(Aggregate):
    """The bitwise OR of a group's integers: ``BIT_OR`` on PostgreSQL; SQLite has none, and ``SUM`` is the same over
    distinct powers of two (a recipient holds an honour once a year: the award's unique constraints)."""

    function = "BIT_OR"
    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="SUM", **extra_context)


def award_streaks(
    *, unit: Organization, honour: str, min_years: int, through: int, collective: bool
) -> list[StreakRow]:
    """Units (or members) of ``unit``'s subtree awarded ``honour`` every year of the ``min_years`` ending with
    ``through``, with the whole run they have (``rules.streak_years``), the longest runs first, then by name.

    One query whatever the size of the subtree: each recipient's years with the honour as one bit a year counted
    back from ``through`` (bit 0 for ``through``, bit 1 for the year before, ...; ``BIT_OR`` of 1 << (through -
    year)), kept when the ``min_years`` lowest bits are all set; the run is the number of lowest bits set. The name
    (and a member's unit, that of their award of ``through``) is read for the recipients kept only. Runs are read
    over the last ``STREAK_YEARS`` years."""
    if min_years < 1:
        return []
    if min_years > STREAK_YEARS:
        raise ValueError(f"min_years must be at most {STREAK_YEARS}")
    subject = "organization_id" if collective else "member_id"
    every_year = (1 << min_years) - 1
    bit = CombinedExpression(  # 1 << (through - year), in 64 bits
        Cast(Value(1), BigIntegerField()), Combinable.BITLEFTSHIFT, Value(through) - F("year")
    )
    if collective:
        name = Subquery(Organization.objects.filter(pk=OuterRef(subject)).order_by().values("name")[:1])
        cell: Any = Value("")
    else:
        name = Subquery(Member.objects.filter(pk=OuterRef(subject)).order_by().values("full_name")[:1])
        cell = Subquery(
            Award.objects.filter(honour=honour, year=through, member_id=OuterRef(subject))
            .order_by()
            .values("organization__name")[:1]
        )
    found = (
        Award.objects.filter(
            honour=honour,
            organization_path__startswith=unit.path,
            member__isnull=collective,
            year__gt=through - STREAK_YEARS,
            year__lte=through,
        )
        .values(subject)
        .annotate(flags=_BitOr(bit))
        .annotate(needed=F("flags").bitand(every_year))
        .filter(needed=every_year)
        .annotate(name=name, cell=cell)
        .order_by()
        .values_list(subject, "name", "cell", "flags")
    )
    rows = plain_rows(found)  # ids, names and integers need no conversion
    with no_cyclic_gc():  # tens of thousands of rows for a province's Lao động tiên tiến
        runs = []
        for key, label, cell_name, flags in rows:
            years = rules.streak_from_bits(flags)  # rules.streak_years of the years held
            runs.append((-years, label, key, cell_name))
        runs.sort()  # the longest runs first, then by name
        return [
            StreakRow(label, cell_name, -minus, through + minus + 1, key)
            for minus, label, key, cell_name in runs
        ]
