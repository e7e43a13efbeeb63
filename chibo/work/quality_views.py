"""Pages of the quality review: the self-assessment (a member's own, on a phone; an organization's), one review,
the cell's list with its proposals, the committee's decisions, the roll-up, the streaks, and the downloads (.xlsx,
and through the documents app the list and the review meeting's minutes as .docx).

Every page goes through the gate; out of scope and missing answer 404."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chibo.core.files import DOCX, XLSX, attachment, xlsx_table
from chibo.core.forms import add_service_errors
from chibo.meetings.web.committee import chosen_unit
from chibo.meetings.web.documents import documents_app
from chibo.members.models import Member
from chibo.organizations.access import Action, access_organization, allowed, require
from chibo.work import quality, rules
from chibo.work.forms import SelfAssessmentForm
from chibo.work.models import QualityReview

Stage = QualityReview.Stage


def _period(request) -> tuple[int, int]:
    return quality.period_from(request.GET.get("nam"), request.GET.get("quy"), timezone.localdate())


def _query(year: int, quarter: int) -> str:
    return f"?nam={year}&quy={quarter}"


def _context(year: int, quarter: int, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "year": year,
        "quarter": quarter,
        "period": quality.period_label(year, quarter),
        "query": _query(year, quarter),
        "names": rules.level_names(values),
        "values": values,
        "quarters": [(0, _("Cả năm")), *[(q, _("Quý %(q)s") % {"q": q}) for q in range(1, 5)]],
    }


def _verdict(review: QualityReview | None, values: dict[str, Any]) -> dict[str, Any] | None:
    """What the rules allow for the review as saved: the total, the highest level, why it is not higher."""
    if review is None:
        return None
    verdict = rules.review_level(review.facts, values)
    points = f"{review.facts.points.normalize():f}".replace(".", ",")
    return {"points": points, "level": rules.level_names(values)[verdict.level], "reasons": verdict.reasons}


# --------------------------------------------------------------------------------------- self-assessment


def _assessment(request, *, organization, member: Member | None):
    year, quarter = _period(request)
    values = quality.review_values(year, quarter)
    collective = member is None
    can_edit = quality.may_self_assess(request.user, member=member, organization=organization)
    found = QualityReview.objects.filter(organization=organization, year=year, quarter=quarter)
    review = (found.filter(member=member) if member else found.filter(member__isnull=True)).first()
    locked = bool(review and (review.stage == Stage.DECIDED or (member and review.stage == Stage.PROPOSED)))
    options = {
        "blocking": rules.blocking_conditions(values, collective=collective),
        "levels": list(rules.level_names(values).items()),
        "collective": collective,
    }
    if review:
        initial = {
            f: getattr(review, f)
            for f in (
                "general_points",
                "task_points",
                "tasks_total",
                "tasks_late",
                "tasks_exceeded",
                "blocking",
                "subunit_or_leader_disciplined",
                "strengths",
                "weaknesses",
                "self_level",
            )
        }
        initial["general_points"] = f"{review.general_points:f}".replace(".", ",")
        initial["task_points"] = f"{review.task_points:f}".replace(".", ",")
    elif member is not None:
        total, late = quality.task_counts(member, year, quarter)
        initial = {"tasks_total": total, "tasks_late": late, "tasks_exceeded": 0}
    else:
        initial = {}
    form = SelfAssessmentForm(initial=initial, **options)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        form = SelfAssessmentForm(request.POST, **options)
        if form.is_valid():
            try:
                review = quality.self_assessment_save(
                    actor=request.user,
                    organization=organization,
                    member=member,
                    year=year,
                    quarter=quarter,
                    data=form.cleaned_data,
                    submit=request.POST.get("submit") == "1",
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if review.stage == Stage.SUBMITTED:
                    messages.success(
                        request,
                        _("Đã nộp bản tự đánh giá %(p)s.") % {"p": quality.period_label(year, quarter)},
                    )
                else:
                    messages.success(request, _("Đã lưu bản nháp tự đánh giá."))
                return redirect(request.path + _query(year, quarter))
    return render(
        request,
        "work/quality_form.html",
        {
            **_context(year, quarter, values),
            "form": form,
            "review": review,
            "verdict": _verdict(review, values),
            "member": member,
            "organization": organization,
            "can_edit": can_edit and not locked,
            "can_view_cell": allowed(request.user, Action.VIEW_MEMBERS, organization),
            "proposed_name": rules.level_names(values).get(review.proposed_level) if review else None,
            "decided_name": rules.level_names(values).get(review.decided_level) if review else None,
            "streak": quality.member_streak(member) if member else None,
        },
    )


@login_required
def my_assessment(request):
    member = Member.objects.filter(user=request.user).only("id").first()
    if member is None:
        return render(request, "work/quality_nomember.html")
    return redirect(reverse("work:quality_member", args=[member.pk]) + _query(*_period(request)))


@login_required
def member_assessment(request, pk: int):
    try:
        member = Member.objects.select_related("organization").get(pk=int(pk))
    except (Member.DoesNotExist, ValueError):
        raise Http404 from None
    if member.user_id != request.user.pk:
        require(request.user, Action.VIEW_MEMBERS, member.organization)
    return _assessment(request, organization=member.organization, member=member)


@login_required
def unit_assessment(request, pk: int):
    organization = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    return _assessment(request, organization=organization, member=None)


@login_required
def review_detail(request, pk: int):
    try:
        review = QualityReview.objects.select_related("member", "organization").get(pk=int(pk))
    except (QualityReview.DoesNotExist, ValueError):
        raise Http404 from None
    if not (review.member and review.member.user_id == request.user.pk):
        require(request.user, Action.VIEW_MEMBERS, review.organization)
    values = quality.review_values(review.year, review.quarter)
    return render(
        request,
        "work/quality_detail.html",
        {
            **_context(review.year, review.quarter, values),
            "review": review,
            "verdict": _verdict(review, values),
            "blocking": dict(rules.blocking_conditions(values, collective=review.collective)),
            "streak": quality.member_streak(review.member) if review.member else None,
        },
    )


# ------------------------------------------------------------------------------------------ the cell's list


@login_required
def cell_reviews(request, pk: int):
    organization = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    year, quarter = _period(request)
    values = quality.review_values(year, quarter)
    can_run = allowed(request.user, Action.RUN_MEETINGS, organization)
    errors: list[str] = []
    rows: dict[int, dict[str, str]] = {}
    if request.method == "POST":
        access_organization(request.user, pk, Action.RUN_MEETINGS)  # 404, as every refused write
        ids = [int(i) for i in request.POST.getlist("review") if i.isdigit()]
        rows = {
            i: {
                "level": request.POST.get(f"level_{i}", "").strip(),
                "remark": request.POST.get(f"remark_{i}", ""),
            }
            for i in ids
        }
        try:
            n = quality.proposals_save(
                actor=request.user, organization=organization, year=year, quarter=quarter, rows=rows
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Đã ghi đề xuất xếp loại của %(n)s đảng viên.") % {"n": n})
            return redirect(request.path + _query(year, quarter))
    lines, own = quality.cell_reviews(organization=organization, year=year, quarter=quarter)
    reviews = [line.review for line in lines if line.review]
    warnings, counts = quality.quotas(reviews, values), _counts(reviews, values)
    for review in reviews:  # refused, nothing was saved: the rows show what was chosen, to correct it
        if review.pk in rows:
            row = rows[review.pk]
            review.proposed_level, review.proposed_remark = row["level"], row["remark"]
    return render(
        request,
        "work/quality_cell.html",
        {
            **_context(year, quarter, values),
            "organization": organization,
            "lines": lines,
            "own": own,
            "can_run": can_run,
            "errors": errors,
            "warnings": warnings,
            "counts": counts,
            "stages": dict(Stage.choices),
        },
    )


def _counts(reviews: list[QualityReview], values: dict[str, Any]) -> list[tuple[str, int]]:
    names = rules.level_names(values)
    counts = rules.distribution((r.level for r in reviews if r.stage != Stage.DRAFT), names)
    return [(name, counts[code]) for code, name in names.items()]


# ----------------------------------------------------------------------------------- the committee decides


@login_required
def committee_decisions(request, pk: int):
    committee = access_organization(request.user, pk, Action.DECIDE_REVIEWS)
    year, quarter = _period(request)
    values = quality.review_values(year, quarter)
    errors: list[str] = []
    number, day = "", timezone.localdate()
    chosen_day: datetime.date | None = day
    rows: dict[int, str] = {}
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("review") if i.isdigit()]
        rows = {i: request.POST.get(f"level_{i}", "").strip() for i in ids}
        number = request.POST.get("number", "")
        chosen_day = parse_date(request.POST.get("day") or "")
        try:
            n = quality.decisions_save(
                actor=request.user,
                committee=committee,
                year=year,
                quarter=quarter,
                rows=rows,
                number=number,
                day=chosen_day,
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Đã ghi quyết định xếp loại của %(n)s trường hợp.") % {"n": n})
            return redirect(request.path + _query(year, quarter))
    reviews = list(quality.deciding_reviews(committee=committee, year=year, quarter=quarter))
    for review in reviews:  # the level each row offers: as chosen when refused, else decided, else proposed
        review.chosen = rows.get(review.pk, review.decided_level or review.proposed_level)  # type: ignore[attr-defined]
    units = [r for r in reviews if r.collective]
    members = [r for r in reviews if not r.collective]
    return render(
        request,
        "work/quality_decide.html",
        {
            **_context(year, quarter, values),
            "committee": committee,
            "units": units,
            "members": members,
            "ready": {r.pk for r in reviews if quality.ready_for_decision(r)},
            "warnings": quality.quotas(reviews, values),
            "errors": errors,
            "number": number,
            "day": chosen_day,
            "stages": dict(Stage.choices),
        },
    )


# ------------------------------------------------------------------------------------- roll-up and streaks


@login_required
def review_summary(request, pk: int):
    unit = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    year, quarter = _period(request)
    report = quality.summary(unit=unit, year=year, quarter=quarter)
    return render(
        request,
        "work/quality_summary.html",
        {
            **_context(year, quarter, report.values),
            "report": report,
            "unit": unit,
            "can_decide": allowed(request.user, Action.DECIDE_REVIEWS, unit) and not unit.is_cell,
        },
    )


@login_required
def review_streaks(request):
    unit, choices = chosen_unit(request)
    require(request.user, Action.VIEW_MEMBERS, unit)
    today = timezone.localdate()
    through, _quarter = quality.period_from(request.GET.get("nam"), None, today)
    values = quality.review_values(through, 0)
    names = rules.level_names(values)
    level = request.GET.get("muc") if request.GET.get("muc") in names else rules.EXCELLENT
    try:
        min_years = max(1, min(50, int(request.GET.get("n") or 5)))
    except ValueError:
        min_years = 5
    collective = request.GET.get("loai") != "dang-vien"
    rows = quality.streaks(
        unit=unit, level=level, min_years=min_years, through=through, collective=collective
    )
    return render(
        request,
        "work/quality_streaks.html",
        {
            "unit": unit,
            "choices": choices,
            "rows": rows,
            "through": through,
            "level": level,
            "names": names,
            "min_years": min_years,
            "collective": collective,
        },
    )


# ----------------------------------------------------------------------------------------------- downloads


def _list_rows(lines: list[quality.CellLine], names: dict[str, str]) -> list[list[Any]]:
    rows = []
    for i, line in enumerate(lines, start=1):
        r = line.review
        points = float(r.general_points + r.task_points) if r and r.stage != Stage.DRAFT else None
        rows.append(
            [
                i,
                line.member.full_name,
                points,
                names.get(r.self_level, "") if r and r.stage != Stage.DRAFT else "",
                names.get(r.proposed_level, "") if r else "",
                names.get(r.decided_level, "") if r else "",
                r.proposed_remark if r else "",
            ]
        )
    return rows


LIST_HEADER = [
    gettext_lazy("TT"),
    gettext_lazy("Họ và tên"),
    gettext_lazy("Điểm tự chấm"),
    gettext_lazy("Tự xếp loại"),
    gettext_lazy("Chi bộ đề xuất"),
    gettext_lazy("Cấp ủy quyết định"),
    gettext_lazy("Nhận xét của chi bộ"),
]


@login_required
def cell_reviews_xlsx(request, pk: int):
    organization = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    year, quarter = _period(request)
    values = quality.review_values(year, quarter)
    lines, _own = quality.cell_reviews(organization=organization, year=year, quarter=quarter)
    data = xlsx_table(
        sheet=_("Xếp loại"),
        title=_("Danh sách đánh giá, xếp loại chất lượng đảng viên %(p)s – %(unit)s")
        % {"p": quality.period_label(year, quarter), "unit": organization.name},
        header=LIST_HEADER,
        rows=_list_rows(lines, rules.level_names(values)),
    )
    return attachment(data, XLSX, f"xep-loai-{year}-{quarter}-{pk}.xlsx")


def _cell_docx(request, pk: int, kind: str):
    organization = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    year, quarter = _period(request)
    values = quality.review_values(year, quarter)
    lines, own = quality.cell_reviews(organization=organization, year=year, quarter=quarter)
    reviews = [line.review for line in lines if line.review]
    data = documents_app().reviews_document(
        kind,
        organization=organization,
        year=year,
        quarter=quarter,
        header=LIST_HEADER,
        rows=_list_rows(lines, rules.level_names(values)),
        counts=_counts(reviews, values),
        warnings=quality.quotas(reviews, values),
        own=own,
        names=rules.level_names(values),
        members=len(lines),
    )
    name = "danh-sach-xep-loai" if kind == "list" else "bien-ban-kiem-diem"
    return attachment(data, DOCX, f"{name}-{year}-{quarter}-{pk}.docx")


@login_required
def cell_reviews_docx(request, pk: int):
    return _cell_docx(request, pk, "list")


@login_required
def review_minutes_docx(request, pk: int):
    return _cell_docx(request, pk, "minutes")


@login_required
def review_summary_xlsx(request, pk: int):
    unit = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    year, quarter = _period(request)
    report = quality.summary(unit=unit, year=year, quarter=quarter)
    data = xlsx_table(
        sheet=_("Tổng hợp"),
        title=_("Tổng hợp kết quả xếp loại chất lượng đảng viên %(p)s – %(unit)s")
        % {"p": quality.period_label(year, quarter), "unit": unit.name},
        header=[
            _("Đơn vị"),
            _("Số đảng viên"),
            _("Đã tự đánh giá"),
            _("Chi bộ đã đề xuất"),
            _("Cấp ủy đã quyết định"),
            *report.names.values(),
        ],
        rows=(
            [row.name, row.members, row.submitted, row.proposed, row.decided, *row.counts]
            for row in [*report.rows, report.total]
        ),
    )
    return attachment(data, XLSX, f"tong-hop-xep-loai-{year}-{quarter}-{pk}.xlsx")


urlpatterns = [
    path("danh-gia/cua-toi/", my_assessment, name="quality_mine"),
    path("danh-gia/dang-vien/<int:pk>/", member_assessment, name="quality_member"),
    path("danh-gia/<int:pk>/", review_detail, name="quality"),
    path("danh-gia/chuoi-nam/", review_streaks, name="quality_streaks"),
    path("to-chuc/<int:pk>/danh-gia/tap-the/", unit_assessment, name="quality_unit"),
    path("to-chuc/<int:pk>/danh-gia/quyet-dinh/", committee_decisions, name="quality_decide"),
    path("to-chuc/<int:pk>/danh-gia/tong-hop/", review_summary, name="quality_summary"),
    path("to-chuc/<int:pk>/danh-gia/tong-hop/excel/", review_summary_xlsx, name="quality_summary_xlsx"),
    path("chi-bo/<int:pk>/danh-gia/", cell_reviews, name="quality_cell"),
    path("chi-bo/<int:pk>/danh-gia/excel/", cell_reviews_xlsx, name="quality_cell_xlsx"),
    path("chi-bo/<int:pk>/danh-gia/word/", cell_reviews_docx, name="quality_cell_docx"),
    path("chi-bo/<int:pk>/danh-gia/bien-ban/", review_minutes_docx, name="quality_minutes_docx"),
]
