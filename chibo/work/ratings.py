"""The monthly rating of members (xếp loại đảng viên hằng tháng, seed 003): the committee's scale, the meeting's
sheet (the secretary's proposal, the level the meeting agrees, final once the minutes are approved), a member's
history as a small chart, and the cell's distribution per month.

Which month a meeting rates is ``rules.rated_month``: the month before the meeting's. Every page goes through the
gate; out of scope and missing answer 404."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.audit import audit_record
from chibo.meetings.models import Meeting, Minutes
from chibo.meetings.selectors import access_meeting
from chibo.meetings.web.committee import year_from
from chibo.members.models import Member
from chibo.organizations.access import Action, access_organization, allowed, require
from chibo.organizations.models import Organization
from chibo.work import rules
from chibo.work.models import MonthlyRating, RatingScale, default_rating_levels

RATED_KINDS = (Meeting.Kind.REGULAR, Meeting.Kind.COMBINED)


def scale_for(organization: Organization) -> list[dict[str, str]]:
    """The levels of the unit's nearest committee (itself included) that set a scale, else the default. One query."""
    prefixes = organization.lineage_paths
    found = (
        RatingScale.objects.filter(organization__path__in=prefixes).order_by("-organization__depth").first()
    )
    return found.levels if found else default_rating_levels()


def _approved(meeting_field: str = "meeting") -> Exists:
    return Exists(Minutes.objects.filter(meeting=OuterRef(meeting_field), status=Minutes.Status.APPROVED))


# ------------------------------------------------------------------------------------------------- the sheet


@dataclass
class Line:
    member: Member
    rating: MonthlyRating | None

    @property
    def proposed(self) -> str:
        return self.rating.proposed if self.rating else ""

    @property
    def level(self) -> str:
        return self.rating.level if self.rating else ""


@dataclass
class Sheet:
    meeting: Meeting
    year: int
    month: int
    scale: list[dict[str, str]]
    lines: list[Line]
    final: bool  # the minutes are approved: the ratings are final

    @property
    def counts(self) -> list[tuple[str, int]]:
        agreed = [line.level or line.proposed for line in self.lines]
        counts = rules.distribution(agreed, [level["code"] for level in self.scale])
        return [(level["name"], counts[level["code"]]) for level in self.scale]


def rating_sheet(meeting: Meeting) -> Sheet:
    """The meeting's sheet: every active member of the cell with the month's rating, if any. Four queries."""
    year, month = rules.rated_month(meeting.day)
    members = list(
        Member.objects.filter(organization=meeting.organization, status__in=Member.ACTIVE_STATUSES).order_by(
            "sort_key"
        )
    )
    ratings = {
        r.member_id: r
        for r in MonthlyRating.objects.filter(organization=meeting.organization, year=year, month=month)
    }
    final = Minutes.objects.filter(meeting=meeting, status=Minutes.Status.APPROVED).exists()
    return Sheet(
        meeting,
        year,
        month,
        scale_for(meeting.organization),
        [Line(m, ratings.get(m.pk)) for m in members],
        final,
    )


@transaction.atomic
def ratings_save(*, actor: Any, meeting: Meeting, rows: dict[int, dict[str, str]]) -> int:
    """Save the meeting's sheet, all or nothing: member id -> proposed, level (agreed at the meeting), remark. Refused
    once the minutes are approved (the ratings are final) and for a meeting that does not rate the month."""
    require(actor, Action.RUN_MEETINGS, meeting.organization)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if meeting.kind not in RATED_KINDS or meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Chỉ buổi sinh hoạt thường kỳ mới xếp loại đảng viên hằng tháng."))
    if Minutes.objects.filter(meeting=meeting, status=Minutes.Status.APPROVED).exists():
        raise ValidationError(
            _("Biên bản đã thông qua: kết quả xếp loại tháng đã chính thức, không sửa được.")
        )
    year, month = rules.rated_month(meeting.day)
    scale = scale_for(meeting.organization)
    ranks = {level["code"]: (i, level["name"]) for i, level in enumerate(scale, start=1)}
    members = {m.pk: m for m in Member.objects.filter(organization=meeting.organization, pk__in=list(rows))}
    taken = MonthlyRating.objects.filter(year=year, month=month, member_id__in=list(rows)).exclude(
        meeting=meeting
    )
    taken_by = {r.member_id for r in taken if r.organization_id != meeting.organization_id}
    problems = []
    for pk, row in rows.items():
        member = members.get(pk)
        if member is None:
            problems.append(_("Dòng %(name)s: không phải đảng viên của chi bộ.") % {"name": pk})
            continue
        name = member.full_name
        for field, label in (("proposed", _("mức đề xuất")), ("level", _("mức chi bộ thống nhất"))):
            if row[field] and row[field] not in ranks:
                problems.append(
                    _("Dòng %(name)s: %(field)s không có trong thang xếp loại.")
                    % {"name": name, "field": label}
                )
        if row["level"] and row["proposed"] and row["level"] != row["proposed"] and not row["remark"].strip():
            problems.append(
                _("Dòng %(name)s: chi bộ điều chỉnh mức đề xuất, hãy ghi lý do điều chỉnh.") % {"name": name}
            )
        if pk in taken_by:
            problems.append(
                _("Dòng %(name)s: đã được xếp loại tháng %(m)s/%(y)s ở chi bộ khác.")
                % {"name": name, "m": month, "y": year}
            )
    if problems:
        raise ValidationError(problems)
    saved = 0
    for pk, row in rows.items():
        if not row["proposed"] and not row["level"]:
            MonthlyRating.objects.filter(member_id=pk, year=year, month=month, meeting=meeting).delete()
            continue
        rank, name = ranks[row["level"] or row["proposed"]]
        MonthlyRating.objects.update_or_create(
            member_id=pk,
            year=year,
            month=month,
            defaults={
                "organization": meeting.organization,
                "meeting": meeting,
                "proposed": row["proposed"],
                "level": row["level"],
                "level_name": name,
                "rank": rank,
                "remark": row["remark"].strip(),
                "updated_by": actor,
            },
        )
        saved += 1
    audit_record(
        actor=actor,
        action="ratings_save",
        obj=meeting,
        organization=meeting.organization,
        changes={"month": f"{month}/{year}", "members": str(saved)},
    )
    return saved


# ---------------------------------------------------------------------------------------- history, distribution


@dataclass
class Point:
    year: int
    month: int
    rating: MonthlyRating | None
    final: bool


def member_history(member: Member, *, through: datetime.date, months: int = 12) -> list[Point]:
    """The member's last ``months`` months up to ``through``'s month, oldest first; a month without a rating has
    none. One query."""
    keys = []
    year, month = through.year, through.month
    for _i in range(months):
        keys.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    keys.reverse()
    first = keys[0]
    found = {
        (r.year, r.month): r
        for r in MonthlyRating.objects.filter(member=member, year__gte=first[0])
        .annotate(final=_approved())
        .filter(year__lte=through.year)
    }
    return [Point(y, m, found.get((y, m)), bool(found.get((y, m)) and found[(y, m)].final)) for y, m in keys]


def chart(points: list[Point], levels: int) -> dict[str, Any]:
    """The small chart's geometry (an SVG drawn by the template): one column per month, the best level on top."""
    width, height, left, top, step = 12 * 26 + 40, levels * 22 + 30, 36, 10, 22
    columns = []
    for i, point in enumerate(points):
        x = left + i * 26 + 13
        rank = point.rating.rank if point.rating and point.rating.rank else 0
        y = top + (rank - 1) * step + 11 if rank else None
        columns.append({"x": x, "y": y, "label": f"{point.month}", "point": point})
    line = " ".join(f"{c['x']},{c['y']}" for c in columns if c["y"] is not None)
    return {
        "width": width,
        "height": height,
        "columns": columns,
        "line": line,
        "rows": [top + i * step + 11 for i in range(levels)],
        "axis_y": height - 8,
    }


def cell_distribution(organization: Organization, year: int) -> list[dict[str, Any]]:
    """For each month of the year: how many members the cell rated on each level (final ratings), and how many
    ratings still wait for the minutes' approval. Two queries."""
    scale = scale_for(organization)
    codes = [level["code"] for level in scale]
    months: dict[int, dict[str, Any]] = {
        m: {"month": m, "levels": dict.fromkeys(codes, 0), "pending": 0, "other": 0} for m in range(1, 13)
    }
    rows = (
        MonthlyRating.objects.filter(organization=organization, year=year)
        .annotate(final=_approved())
        .values_list("month", "level", "proposed", "final")
    )
    for month, level, proposed, final in rows:
        row = months[month]
        if not final:
            row["pending"] += 1
        elif (level or proposed) in row["levels"]:
            row["levels"][level or proposed] += 1
        else:
            row["other"] += 1  # a level of an earlier scale
    result = []
    for m in range(1, 13):
        row = months[m]
        row["cells"] = [row["levels"][c] for c in codes]
        row["total"] = sum(row["cells"]) + row["other"]
        result.append(row)
    return result


def scale_save(*, actor: Any, organization: Organization, text: str) -> list[dict[str, str]]:
    """A committee's scale from lines "code|name", best first: at least two levels, codes unique and short."""
    require(actor, Action.DECIDE_REVIEWS, organization)
    if organization.is_cell and organization.kind != Organization.Kind.GRASSROOTS_CELL:
        raise ValidationError({"levels": _("Thang xếp loại do cấp ủy cơ sở trở lên quy định.")})
    levels, problems, seen = [], [], set()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        code, sep, name = raw.partition("|")
        code, name = code.strip(), name.strip()
        if not sep or not code or not name:
            problems.append(_('Dòng %(n)s: hãy ghi theo mẫu "mã|tên mức".') % {"n": number})
        elif len(code) > 16:
            problems.append(_("Dòng %(n)s: mã dài quá 16 ký tự.") % {"n": number})
        elif code in seen:
            problems.append(_("Dòng %(n)s: mã %(code)s bị trùng.") % {"n": number, "code": code})
        else:
            seen.add(code)
            levels.append({"code": code, "name": name[:100]})
    if not problems and len(levels) < 2:
        problems.append(_("Thang xếp loại cần ít nhất hai mức."))
    if problems:
        raise ValidationError({"levels": problems})
    RatingScale.objects.update_or_create(organization=organization, defaults={"levels": levels})
    audit_record(
        actor=actor,
        action="rating_scale_save",
        obj=organization,
        organization=organization,
        changes={"levels": ", ".join(f"{lv['code']}: {lv['name']}" for lv in levels)},
    )
    return levels


# ----------------------------------------------------------------------------------------------------- pages


@login_required
def meeting_ratings(request, pk: int):
    meeting = access_meeting(request.user, pk, Action.VIEW_MEMBERS)
    can_run = allowed(request.user, Action.RUN_MEETINGS, meeting.organization)
    errors: list[str] = []
    if request.method == "POST":
        access_meeting(request.user, pk, Action.RUN_MEETINGS)  # 404, as every refused write
        ids = [int(i) for i in request.POST.getlist("member") if i.isdigit()]
        rows = {
            i: {
                "proposed": request.POST.get(f"proposed_{i}", "").strip(),
                "level": request.POST.get(f"level_{i}", "").strip(),
                "remark": request.POST.get(f"remark_{i}", ""),
            }
            for i in ids
        }
        try:
            n = ratings_save(actor=request.user, meeting=meeting, rows=rows)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Đã lưu xếp loại của %(n)s đảng viên.") % {"n": n})
            return redirect(request.path)
    sheet = rating_sheet(meeting)
    return render(
        request,
        "work/ratings.html",
        {
            "sheet": sheet,
            "meeting": meeting,
            "can_edit": can_run and not sheet.final and meeting.kind in RATED_KINDS,
            "rated_kind": meeting.kind in RATED_KINDS,
            "errors": errors,
        },
    )


def access_member_ratings(actor: Any, pk: Any) -> Member:
    """A member's rating history: their own account, or whoever may see the cell's register; else 404."""
    try:
        member = Member.objects.select_related("organization").get(pk=int(pk))
    except (Member.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if member.user_id != actor.pk:
        require(actor, Action.VIEW_MEMBERS, member.organization)
    return member


@login_required
def rating_history(request, pk: int):
    member = access_member_ratings(request.user, pk)
    today = timezone.localdate()
    points = member_history(
        member, through=datetime.date(today.year, today.month, 1) - datetime.timedelta(days=1)
    )
    scale = scale_for(member.organization)
    return render(
        request,
        "work/rating_history.html",
        {
            "member": member,
            "points": points,
            "scale": scale,
            "chart": chart(points, len(scale)),
            "can_view_cell": allowed(request.user, Action.VIEW_MEMBERS, member.organization),
        },
    )


@login_required
def rating_distribution(request, pk: int):
    organization = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    year, error = year_from(request.GET.get("nam"), timezone.localdate())
    return render(
        request,
        "work/rating_distribution.html",
        {
            "organization": organization,
            "year": year,
            "error": error,
            "scale": scale_for(organization),
            "months": cell_distribution(organization, year),
        },
    )


@login_required
def rating_scale(request, pk: int):
    organization = access_organization(request.user, pk, Action.DECIDE_REVIEWS)
    scale = scale_for(organization)
    text = "\n".join(f"{level['code']}|{level['name']}" for level in scale)
    errors: list[str] = []
    if request.method == "POST":
        text = request.POST.get("levels", "")
        try:
            scale_save(actor=request.user, organization=organization, text=text)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Đã lưu thang xếp loại hằng tháng."))
            return redirect(request.path)
    return render(
        request,
        "work/rating_scale.html",
        {"organization": organization, "text": text, "errors": errors, "scale": scale},
    )


urlpatterns = [
    path("buoi-sinh-hoat/<int:pk>/xep-loai/", meeting_ratings, name="ratings"),
    path("dang-vien/<int:pk>/xep-loai/", rating_history, name="rating_history"),
    path("chi-bo/<int:pk>/xep-loai/", rating_distribution, name="rating_distribution"),
    path("to-chuc/<int:pk>/thang-xep-loai/", rating_scale, name="rating_scale"),
]
