"""Lists the rules of the member register produce: members due a Party badge on an award occasion (with its Excel
list), and the probationary members with their review deadlines beside the cells too small to be a cell.

Both lists cover a subtree the user picks among the units where they may view members; the rules take the values
and the holiday calendar of the rule set in force today. Each page runs a fixed number of queries: the candidates
are found with one indexed comparison on ``party_age_from``, their gaps, status changes and badges are fetched with
one query each, and the exact decision is made in Python by ``chibo.members.rules``.
"""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from chibo.core.pagination import paginate
from chibo.members import rules
from chibo.members.models import BadgeAward, Member, PartyGap, StatusChange
from chibo.members.selectors import MemberFilters, member_list
from chibo.organizations.access import Action, access_organization, scope, units_for
from chibo.organizations.models import Organization
from chibo.rulesets import rules as calendar_rules
from chibo.rulesets.selectors import NoRuleSetInForce, calendar_of, ruleset_on

# Members counted as full members of their cell (as on the cell profile): exempt members and members active
# elsewhere for a time stay full members of their home cell.
FULL_STATUSES = (Member.Status.FULL, Member.Status.EXEMPT, Member.Status.TEMPORARY_ELSEWHERE)
CELL_KINDS = (Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL)
OCCASIONS_SHOWN = 4  # the next occasion and the following three
UNIT_LEVELS = 2  # levels below the user's top units offered in the select
PER_PAGE = 50


# ---------------------------------------------------------------------------------------------------------------
# The subtree


@dataclass
class Unit:
    organization: Organization
    label: str


def _units(actor: Any) -> list[Unit]:
    """Active units where the actor may view members, down to two levels below their top units, in tree order
    (one query). 404 when there is none: the pages do not exist for a plain member."""
    paths = units_for(actor, Action.VIEW_MEMBERS)
    if not paths:
        raise Http404
    step = Organization.steplen
    condition = Q()
    for prefix in paths:
        top_depth = max(len(prefix) // step, 1)
        condition |= Q(path__startswith=prefix, depth__lte=top_depth + UNIT_LEVELS)
    rows = list(
        Organization.objects.filter(condition, dissolved_on__isnull=True)
        .only("id", "name", "path", "depth", "kind")
        .order_by("path")
    )
    top = min((o.depth for o in rows), default=1)
    return [Unit(o, "\u2003" * (o.depth - top) + o.name) for o in rows]


def _chosen(request: Any, units: list[Unit]) -> Organization:
    """The organization asked for in ``to_chuc`` (404 when out of scope), or the user's top unit."""
    pk = request.GET.get("to_chuc", "")
    if pk:
        chosen = access_organization(request.user, pk, Action.VIEW_MEMBERS)
        if all(u.organization.pk != chosen.pk for u in units):  # deeper than the select goes
            units.insert(0, Unit(chosen, chosen.name))
        return chosen
    if not units:
        raise Http404
    return units[0].organization


def _cell_label(
    cell: Organization, chosen: Organization, by_path: dict[str, Organization]
) -> tuple[str, str]:
    """A cell's name and, when the name alone is ambiguous, its grassroots committee."""
    parent = by_path.get(cell.path[: -Organization.steplen])
    if cell.kind == Organization.Kind.CELL and parent is not None and parent.pk != chosen.pk:
        return cell.name, parent.name
    return cell.name, ""


# ---------------------------------------------------------------------------------------------------------------
# Party badges


@dataclass
class BadgeRow:
    member: Member
    badge: int
    party_age: int
    reached_on: datetime.date
    early: bool
    cell: str
    committee: str

    @property
    def note(self) -> str:
        notes = []
        if self.early:
            notes.append(
                _("Xét tặng sớm do ốm đau nặng (đủ %(years)s năm tuổi Đảng ngày %(day)s)")
                % {"years": self.badge, "day": self.reached_on.strftime("%d/%m/%Y")}
            )
        if self.member.status != Member.Status.FULL:
            notes.append(str(self.member.get_status_display()))
        return "; ".join(notes)


def _occasions(today: datetime.date, members_rules: dict[str, Any]) -> list[datetime.date]:
    first = rules.next_badge_occasion(today, members_rules["badge_occasions"])
    return rules.badge_occasions_between(
        first, datetime.date(first.year + 2, 12, 31), members_rules["badge_occasions"]
    )[:OCCASIONS_SHOWN]


def _occasion_name(day: datetime.date, members_rules: dict[str, Any]) -> str:
    for occasion in members_rules["badge_occasions"]:
        if int(occasion["month"]) == day.month and int(occasion["day"]) == day.day:
            return str(occasion.get("name", ""))
    return ""


def badges_due_rows(
    *,
    actor: Any,
    organization: Organization,
    occasion: datetime.date,
    members_rules: dict[str, Any],
    today: datetime.date,
    by_path: dict[str, Organization] | None = None,
) -> list[BadgeRow]:
    """Active members of the subtree due a badge on ``occasion``, highest badge first, then in roster order.
    Four queries whatever the number of members."""
    milestones = sorted(int(y) for y in members_rules["badge_milestones_years"])
    early_months = max((int(r["months"]) for r in members_rules["badge_early_award"]), default=0)
    # Generous on purpose (the 29th of February, the months of early award): the rules decide exactly below.
    cutoff = rules.add_months(occasion, -12 * milestones[0]) + datetime.timedelta(days=3)
    cutoff_ill = rules.add_months(cutoff, early_months)
    candidates = member_list(
        actor=actor, filters=MemberFilters(organization=organization), today=today
    ).filter(Q(party_age_from__lte=cutoff) | Q(seriously_ill=True, party_age_from__lte=cutoff_ill))
    members = list(candidates)
    ids = candidates.values("pk")
    gaps: dict[int, list[rules.Interval]] = defaultdict(list)
    for member_id, starts_on, ends_on in PartyGap.objects.filter(member__in=ids).values_list(
        "member_id", "starts_on", "ends_on"
    ):
        gaps[member_id].append((starts_on, ends_on))
    history: dict[int, list[tuple[str, datetime.date]]] = defaultdict(list)
    ever_out = candidates.filter(status_changes__status__in=rules.OUT_OF_PARTY).values("pk")
    for member_id, status, on in StatusChange.objects.filter(member__in=ever_out).values_list(
        "member_id", "status", "on"
    ):
        history[member_id].append((status, on))
    awarded: dict[int, list[int]] = defaultdict(list)
    for member_id, years in BadgeAward.objects.filter(member__in=ids).values_list("member_id", "years"):
        awarded[member_id].append(years)

    by_path = by_path or {}
    rows = []
    for member in members:
        member_gaps = gaps[member.pk] + rules.out_of_party_periods(history[member.pk], until=today)
        badge = rules.badge_due(
            admitted_on=member.admitted_on,
            gaps=member_gaps,
            occasion=occasion,
            members_rules=members_rules,
            awarded=awarded[member.pk],
            seriously_ill=member.seriously_ill,
        )
        if badge is None:
            continue
        reached = rules.party_age_reached_on(admitted_on=member.admitted_on, gaps=member_gaps, years=badge)
        age = rules.party_age(admitted_on=member.admitted_on, gaps=member_gaps, on=occasion)
        cell, committee = _cell_label(member.organization, organization, by_path)
        rows.append(BadgeRow(member, badge, age.years, reached, reached > occasion, cell, committee))
    rows.sort(key=lambda r: (-r.badge, r.member.sort_key, r.member.pk))
    return rows


def _badges_context(request: Any) -> dict[str, Any]:
    today = timezone.localdate()
    units = _units(request.user)
    organization = _chosen(request, units)
    context: dict[str, Any] = {"units": units, "organization": organization, "rows": [], "occasions": []}
    try:
        members_rules = ruleset_on(today).values["members"]
    except NoRuleSetInForce as exc:
        context["problem"] = str(exc)
        return context
    occasions = _occasions(today, members_rules)
    occasion = occasions[0]
    asked = request.GET.get("dip", "")
    if asked:
        day = parse_date(asked) if len(asked) == 10 else None
        if day in occasions:
            occasion = day
        else:
            context["problem"] = _(
                "Dịp xét tặng “%(value)s” không hợp lệ: hãy chọn một trong các dịp trong danh sách."
            ) % {"value": asked}
    by_path = {u.organization.path: u.organization for u in units}
    rows = badges_due_rows(
        actor=request.user,
        organization=organization,
        occasion=occasion,
        members_rules=members_rules,
        today=today,
        by_path=by_path,
    )
    totals: dict[int, int] = defaultdict(int)
    for row in rows:
        totals[row.badge] += 1
    context.update(
        occasions=[(day, _occasion_name(day, members_rules)) for day in occasions],
        occasion=occasion,
        occasion_name=_occasion_name(occasion, members_rules),
        rows=rows,
        totals=sorted(totals.items(), reverse=True),
    )
    return context


@login_required
def badges_due(request):
    context = _badges_context(request)
    if context.get("problem"):
        messages.error(request, context["problem"])
    page = paginate(context["rows"], page=request.GET.get("trang"), per_page=PER_PAGE)  # type: ignore[arg-type]
    context.update(page=page, numbered=list(enumerate(page.rows, start=(page.number - 1) * PER_PAGE + 1)))
    return render(request, "members/badges/due.html", context)


@login_required
def badges_due_xlsx(request):
    """The same list as an Excel file: a title, the occasion and unit, then one row per member."""
    context = _badges_context(request)
    if context.get("problem"):
        return HttpResponse(context["problem"], status=400, content_type="text/plain; charset=utf-8")
    occasion: datetime.date = context["occasion"]
    organization: Organization = context["organization"]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Huy hiệu Đảng"))
    for column, width in zip("ABCDEFGH", (6, 28, 12, 40, 14, 10, 10, 40), strict=True):
        sheet.column_dimensions[column].width = width
    title = WriteOnlyCell(sheet, _("DANH SÁCH ĐẢNG VIÊN ĐỦ ĐIỀU KIỆN XÉT TẶNG HUY HIỆU ĐẢNG"))
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append(
        [_("Dịp %(day)s – %(unit)s") % {"day": occasion.strftime("%d/%m/%Y"), "unit": organization.name}]
    )
    sheet.append([])
    headers = [
        _("STT"),
        _("Họ và tên"),
        _("Ngày sinh"),
        _("Chi bộ"),
        _("Ngày vào Đảng"),
        _("Tuổi đảng"),
        _("Huy hiệu"),
        _("Ghi chú"),
    ]
    row = []
    for text in headers:
        cell = WriteOnlyCell(sheet, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        row.append(cell)
    sheet.append(row)

    def dated(value: datetime.date) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "DD/MM/YYYY"
        return cell

    for number, item in enumerate(context["rows"], start=1):
        cell = f"{item.cell} – {item.committee}" if item.committee else item.cell
        sheet.append(
            [
                number,
                item.member.full_name,
                dated(item.member.born_on),
                cell,
                dated(item.member.admitted_on),
                item.party_age,
                item.badge,
                item.note,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="huy-hieu-dang-{occasion:%Y-%m-%d}.xlsx"'
    return response


# ---------------------------------------------------------------------------------------------------------------
# Probation and cells too small


@dataclass
class ProbationRow:
    member: Member
    starts_on: datetime.date
    facts: rules.ProbationFacts
    working_days: int  # to the review deadline (negative: late by that many)
    cell: str
    committee: str

    @property
    def days_late(self) -> int:
        return -self.working_days

    @property
    def state_label(self) -> str:
        return {
            rules.Probation.IN_PROBATION: _("Đang dự bị"),
            rules.Probation.DUE: _("Đến hạn xét"),
            rules.Probation.LATE: _("Quá hạn xét"),
        }[self.facts.state]


@dataclass
class SmallCell:
    organization: Organization
    committee: str
    full: int
    probationary: int


STATE_ORDER = {rules.Probation.LATE: 0, rules.Probation.DUE: 1, rules.Probation.IN_PROBATION: 2}


def probation_rows(
    *,
    actor: Any,
    organization: Organization,
    today: datetime.date,
    members_rules: dict[str, Any],
    calendar: Any,
    by_path: dict[str, Organization] | None = None,
) -> list[ProbationRow]:
    """Probationary members of the subtree, late first, then due, then in probation; the nearest deadline
    first within each. One query."""
    by_path = by_path or {}
    rows = []
    members = member_list(
        actor=actor,
        filters=MemberFilters(organization=organization, statuses=[Member.Status.PROBATIONARY]),
        today=today,
    )
    for member in members:
        starts_on = member.ceremony_on or member.admitted_on
        facts = rules.probation(
            ceremony_on=starts_on, today=today, members_rules=members_rules, calendar=calendar
        )
        days = (
            calendar_rules.working_days_between(today, facts.review_deadline, calendar)
            if facts.state != rules.Probation.IN_PROBATION
            else 0
        )
        cell, committee = _cell_label(member.organization, organization, by_path)
        rows.append(ProbationRow(member, starts_on, facts, days, cell, committee))
    rows.sort(
        key=lambda r: (
            STATE_ORDER[r.facts.state],
            r.facts.ends_on if r.facts.state == rules.Probation.IN_PROBATION else r.facts.review_deadline,
            r.member.sort_key,
            r.member.pk,
        )
    )
    return rows


def small_cells(
    *,
    actor: Any,
    organization: Organization,
    members_rules: dict[str, Any],
    by_path: dict[str, Organization] | None = None,
) -> list[SmallCell]:
    """Active cells of the subtree with fewer full members than a cell needs (Charter art. 24). One aggregate
    query over the cells of the subtree."""
    by_path = by_path or {}
    cells = scope(
        Organization.objects.filter(
            path__startswith=organization.path, kind__in=CELL_KINDS, dissolved_on__isnull=True
        ),
        actor,
        Action.VIEW_MEMBERS,
        path_field="path",
    ).annotate(
        full=Count("members", filter=Q(members__status__in=FULL_STATUSES)),
        probationary=Count("members", filter=Q(members__status=Member.Status.PROBATIONARY)),
    )
    result = []
    for cell in cells.order_by("path"):
        if rules.cell_too_small(full_members=cell.full, members_rules=members_rules):
            _name, committee = _cell_label(cell, organization, by_path)
            result.append(SmallCell(cell, committee, cell.full, cell.probationary))
    return result


@login_required
def probation(request):
    today = timezone.localdate()
    units = _units(request.user)
    organization = _chosen(request, units)
    context: dict[str, Any] = {"units": units, "organization": organization, "today": today}
    try:
        ruleset = ruleset_on(today)
    except NoRuleSetInForce as exc:
        messages.error(request, str(exc))
        return render(request, "members/badges/probation.html", context)
    members_rules = ruleset.values["members"]
    by_path = {u.organization.path: u.organization for u in units}
    rows = probation_rows(
        actor=request.user,
        organization=organization,
        today=today,
        members_rules=members_rules,
        calendar=calendar_of(ruleset),
        by_path=by_path,
    )
    counts = {state: 0 for state in STATE_ORDER}
    for row in rows:
        counts[row.facts.state] += 1
    page = paginate(rows, page=request.GET.get("trang"), per_page=PER_PAGE)  # type: ignore[arg-type]
    context.update(
        page=page,
        numbered=list(enumerate(page.rows, start=(page.number - 1) * PER_PAGE + 1)),
        total=len(rows),
        late=counts[rules.Probation.LATE],
        due=counts[rules.Probation.DUE],
        in_probation=counts[rules.Probation.IN_PROBATION],
        review_days=members_rules["full_review_within_working_days"],
        probation_months=members_rules["probation_months"],
        min_full=members_rules["min_full_members_per_cell"],
        small=small_cells(
            actor=request.user, organization=organization, members_rules=members_rules, by_path=by_path
        ),
        ruleset=ruleset,
    )
    return render(request, "members/badges/probation.html", context)


urlpatterns = [
    path("huy-hieu/", badges_due, name="badges_due"),
    path("huy-hieu.xlsx", badges_due_xlsx, name="badges_due_xlsx"),
    path("du-bi/", probation, name="probation"),
]
