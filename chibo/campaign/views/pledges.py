"""The pledges (đăng ký làm theo): a unit's page where its officers enter its collective pledge and its members'
(all or nothing), the year-end self-review of each at the cell, a member's own pledge from a phone, the rates per
unit below (+ .xlsx) and the list of pledges with their self-review (+ .xlsx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chibo.campaign import selectors, services
from chibo.campaign.models import Campaign, CampaignPledge
from chibo.campaign.views.common import chosen_campaign, query, year_of
from chibo.core.files import XLSX, attachment, xlsx_table
from chibo.core.pagination import paginate
from chibo.organizations.access import Action, access_organization, allowed, require

Result = CampaignPledge.Result


def _unit_of(request, found: Campaign, org_pk: int):
    """The unit below the organizer whose pledges the viewer sees (its officers, supervisors, auditors), or 404."""
    organization = access_organization(request.user, org_pk, Action.VIEW_MEMBERS)
    if not selectors.covers(found, organization):
        raise Http404
    return organization


@login_required
def pledge_pick(request, pk: int):
    """The unit chosen on the campaign page: to its pledges."""
    found = selectors.access_campaign(request.user, pk)
    raw = request.GET.get("don-vi", "")
    if not raw.isdigit():
        raise Http404
    return redirect(reverse("campaign:pledges", args=[found.pk, int(raw)]))


@login_required
def pledges(request, pk: int, org_pk: int):
    """The unit's pledges: its own line (the collective) and one per member, each what it will do to follow the
    example, one thing a line; saved all or nothing by the unit's officers."""
    found = selectors.access_campaign(request.user, pk)
    organization = _unit_of(request, found, org_pk)
    can_edit = allowed(request.user, Action.REGISTER_EMULATION, organization)
    errors: list[str] = []
    posted: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        require(request.user, Action.REGISTER_EMULATION, organization)
        keys = ["unit"] if "pledge_unit" in request.POST else []
        keys += [k for k in request.POST.getlist("member") if k.isdigit()]
        posted = {k: request.POST.get(f"pledge_{k}", "") for k in keys}
        try:
            n = services.pledges_save(
                actor=request.user,
                campaign=found,
                organization=organization,
                rows={(None if k == "unit" else int(k)): v for k, v in posted.items()},
            )
        except ValidationError as exc:
            errors = exc.messages
            status = 400
        else:
            messages.success(request, _("Đã ghi %(n)s dòng đăng ký làm theo.") % {"n": n})
            return redirect(request.path)
    lines = selectors.unit_pledge_lines(campaign=found, organization=organization)
    for line in lines:
        if line.key in posted:
            line.content = posted[line.key]
        gone = line.member is not None and (
            line.member.organization_id != organization.pk or not line.member.is_active
        )
        line.locked = not can_edit or gone or bool(line.pledge and line.pledge.result)
    return render(
        request,
        "campaign/pledges.html",
        {
            "campaign": found,
            "organization": organization,
            "lines": lines,
            "can_edit": can_edit,
            "errors": errors,
            "pledged": sum(1 for line in lines if line.pledge),
        },
        status=status,
    )


@login_required
def reviews(request, pk: int, org_pk: int):
    """The year-end self-review of the unit's pledges (tự đánh giá việc làm theo), entered by its officers at the
    cell's year-end meeting: a result and a short remark for each pledge, all or nothing; open from the first of
    the rule set's month (November as shipped)."""
    found = selectors.access_campaign(request.user, pk)
    organization = _unit_of(request, found, org_pk)
    can_edit = allowed(request.user, Action.REGISTER_EMULATION, organization)
    today = timezone.localdate()
    opens = selectors.review_opens(found.year)
    is_open = today >= opens
    errors: list[str] = []
    posted: dict[int, dict[str, str]] = {}
    status = 200
    if request.method == "POST":
        require(request.user, Action.REGISTER_EMULATION, organization)
        ids = [int(i) for i in request.POST.getlist("pledge") if i.isdigit()]
        posted = {
            i: {"result": request.POST.get(f"result_{i}", ""), "note": request.POST.get(f"note_{i}", "")}
            for i in ids
        }
        try:
            n = services.reviews_save(
                actor=request.user, campaign=found, organization=organization, rows=posted, today=today
            )
        except ValidationError as exc:
            errors = exc.messages
            status = 400
        else:
            messages.success(request, _("Đã ghi tự đánh giá việc làm theo của %(n)s đăng ký.") % {"n": n})
            return redirect(request.path)
    lines = [
        line for line in selectors.unit_pledge_lines(campaign=found, organization=organization) if line.pledge
    ]
    for line in lines:
        assert line.pledge is not None
        if line.pledge.pk in posted:
            line.result, line.note = posted[line.pledge.pk]["result"], posted[line.pledge.pk]["note"]
        line.locked = not (can_edit and is_open)
    return render(
        request,
        "campaign/reviews.html",
        {
            "campaign": found,
            "organization": organization,
            "lines": lines,
            "can_edit": can_edit and is_open,
            "is_open": is_open,
            "opens": opens,
            "results": Result.choices,
            "errors": errors,
        },
        status=status,
    )


@login_required
def my_pledge(request, pk: int):
    """A member's own pledge, written from a phone: only their own, while active in a cell the campaign covers."""
    member = selectors.own_member(request.user)
    if member is None or not member.is_active:
        raise Http404
    found = selectors.access_campaign(request.user, pk, member=member)
    if not selectors.covers(found, member.organization):
        raise Http404
    pledge = CampaignPledge.objects.filter(campaign=found, member=member).first()
    content = pledge.content if pledge else ""
    error = ""
    status = 200
    if request.method == "POST":
        content = request.POST.get("content", "")
        try:
            saved = services.own_pledge_save(actor=request.user, campaign=found, content=content)
        except ValidationError as exc:
            error = " ".join(exc.messages)
            status = 400
        else:
            messages.success(
                request, _("Đã ghi đăng ký làm theo của đồng chí.") if saved else _("Đã bỏ đăng ký làm theo.")
            )
            return redirect(request.path)
    today = timezone.localdate()
    month = today.month if today.year == found.year else None
    items = selectors.schedule(found)
    return render(
        request,
        "campaign/mine.html",
        {
            "campaign": found,
            "member": member,
            "pledge": pledge,
            "content": content,
            "error": error,
            "locked": bool(pledge and pledge.result),
            "current": [i for i in items if month and i.span.covers(month)],
            "items": items,
        },
        status=status,
    )


# ------------------------------------------------------------------------------------------------ the rates


def _rates(request, pk: int) -> tuple[selectors.Rates, list[Campaign]]:
    unit = access_organization(request.user, pk, Action.VIEW_UNIT)
    year = year_of(request)
    chosen, campaigns = chosen_campaign(request, unit, year)
    return selectors.pledge_rates(unit=unit, year=year, campaign=chosen), campaigns


@login_required
def rates(request, pk: int):
    """Individuals and collectives with a pledge in a year, per unit directly below and in total."""
    report, campaigns = _rates(request, pk)
    return render(
        request,
        "campaign/rates.html",
        {
            "report": report,
            "unit": report.unit,
            "year": report.year,
            "campaigns": campaigns,
            "query": query(report.year, report.campaign),
            "see_members": allowed(request.user, Action.VIEW_MEMBERS, report.unit),
        },
    )


def _title(text: str, report_year: int, unit_name: str, campaign: Campaign | None) -> str:
    title = text % {"y": report_year, "unit": unit_name}
    return title + (f" – {campaign.theme}" if campaign else "")


@login_required
def rates_xlsx(request, pk: int):
    report, _campaigns = _rates(request, pk)
    data = xlsx_table(
        sheet=_("Tỷ lệ đăng ký"),
        title=_title(
            _("Tỷ lệ đăng ký làm theo Bác năm %(y)s – %(unit)s"),
            report.year,
            report.unit.name,
            report.campaign,
        ),
        header=[
            _("Đơn vị"),
            _("Đảng viên"),
            _("Cá nhân đăng ký"),
            _("Tỷ lệ cá nhân"),
            _("Tổ chức đảng"),
            _("Tập thể đăng ký"),
            _("Tỷ lệ tập thể"),
        ],
        rows=(
            [
                row.name,
                row.members,
                row.individuals,
                f"{row.individual_rate.percent} %",
                row.units,
                row.collectives,
                f"{row.collective_rate.percent} %",
            ]
            for row in [*report.rows, report.total]
        ),
    )
    return attachment(data, XLSX, f"ty-le-dang-ky-lam-theo-{report.year}-{pk}.xlsx")


# ------------------------------------------------------------------------------------------------ the lists


def _list(request, pk: int):
    unit = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    year = year_of(request)
    chosen, campaigns = chosen_campaign(request, unit, year)
    return unit, year, chosen, campaigns, selectors.pledges_in(unit=unit, year=year, campaign=chosen)


@login_required
def pledge_list(request, pk: int):
    """The pledges of a subtree in a year, collectives and members, with their self-review; a page at a time."""
    unit, year, chosen, campaigns, found = _list(request, pk)
    page = paginate(found, page=request.GET.get("trang"), per_page=selectors.ROWS_PER_PAGE)
    return render(
        request,
        "campaign/list.html",
        {
            "unit": unit,
            "year": year,
            "campaign": chosen,
            "campaigns": campaigns,
            "page": page,
            "query": query(year, chosen),
        },
    )


LIST_HEADER = [
    gettext_lazy("TT"),
    gettext_lazy("Đơn vị"),
    gettext_lazy("Tập thể, đảng viên"),
    gettext_lazy("Nội dung đăng ký làm theo"),
    gettext_lazy("Kết quả tự đánh giá"),
    gettext_lazy("Tự đánh giá việc làm theo"),
    gettext_lazy("Chuyên đề"),
]


@login_required
def pledge_list_xlsx(request, pk: int):
    unit, year, chosen, _campaigns, found = _list(request, pk)
    results = dict(Result.choices)

    def rows():
        for i, p in enumerate(found.iterator(chunk_size=2000), start=1):
            where = p.member.organization.name if p.member else p.organization.name
            who = p.member.full_name if p.member else _("Tập thể")
            yield [i, where, who, p.content, str(results.get(p.result, "")), p.review_note, p.campaign.theme]

    data = xlsx_table(
        sheet=_("Đăng ký làm theo"),
        title=_title(_("Danh sách đăng ký làm theo Bác năm %(y)s – %(unit)s"), year, unit.name, chosen),
        header=LIST_HEADER,
        rows=rows(),
    )
    return attachment(data, XLSX, f"dang-ky-lam-theo-{year}-{pk}.xlsx")
