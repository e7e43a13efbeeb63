"""The campaigns a user sees in a year, an organizer's campaigns with the form to set one up, a campaign with its
theme and study schedule (and the forms to keep them), a study material's download, and a cell's year of study:
for each month, the content its meetings take up in the Hồ Chí Minh segment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chibo.campaign import selectors, services
from chibo.campaign.forms import CampaignForm, StudyItemForm
from chibo.campaign.models import CampaignPledge, StudyItem
from chibo.campaign.views.common import with_indent, year_of
from chibo.core.files import stored_download
from chibo.core.forms import add_service_errors
from chibo.emulation.selectors import access_organizer
from chibo.organizations.access import Action, access_organization, allowed, require, scope, units_for
from chibo.organizations.models import Organization


@login_required
def home(request):
    """The campaigns the user sees in a year (those covering their own cell included), their own pledges, and the
    units whose rates, lists and codes of ethics they may open."""
    year = year_of(request)
    member = selectors.own_member(request.user)
    campaigns = list(selectors.campaign_list(actor=request.user, year=year, member=member))
    mine: dict[int, CampaignPledge] = {}
    pledgeable = []
    if member is not None and member.is_active:
        pledgeable = [c for c in campaigns if selectors.covers_path(c, member.organization_path)]
        mine = {
            p.campaign_id: p for p in CampaignPledge.objects.filter(member=member, campaign__in=pledgeable)
        }
    for c in campaigns:
        c.pledgeable = c in pledgeable  # type: ignore[attr-defined]
        c.mine = mine.get(c.pk)  # type: ignore[attr-defined]
    paths = units_for(request.user, Action.VIEW_UNIT)
    tops = (
        list(Organization.objects.filter(depth=1).order_by("path"))
        if paths == [""]
        else list(Organization.objects.filter(path__in=paths).order_by("path"))
    )
    return render(
        request,
        "campaign/home.html",
        {
            "year": year,
            "campaigns": campaigns,
            "member": member,
            "organizers": selectors.manageable_organizers(request.user),
            "tops": tops,
            "see_members": {o.pk for o in tops if allowed(request.user, Action.VIEW_MEMBERS, o)},
            "member_in_tops": bool(member and any(o.pk == member.organization_id for o in tops)),
        },
    )


@login_required
def organizer(request, pk: int):
    """An organizer's campaigns, newest year first, and the form to set up one (its committee and office)."""
    unit = access_organizer(request.user, pk)
    can_manage = allowed(request.user, Action.MANAGE_EMULATION, unit) and not unit.is_cell
    form = CampaignForm(initial={"year": timezone.localdate().year})
    status = 200
    if request.method == "POST":
        require(request.user, Action.MANAGE_EMULATION, unit)
        form = CampaignForm(request.POST)
        if form.is_valid():
            try:
                campaign = services.campaign_create(actor=request.user, organizer=unit, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã ghi chuyên đề năm %(y)s: “%(theme)s”.")
                    % {"y": campaign.year, "theme": campaign.theme},
                )
                return redirect(campaign.get_absolute_url())
        status = 400
    return render(
        request,
        "campaign/organizer.html",
        {
            "unit": unit,
            "campaigns": list(selectors.campaign_list(actor=request.user, organizer=unit)),
            "form": form,
            "can_manage": can_manage,
        },
        status=status,
    )


@login_required
def campaign(request, pk: int):
    """The campaign: its theme and plan, the study schedule by months (this month marked), where the viewer enters
    pledges, their own pledge, and the rates of the subtree."""
    member = selectors.own_member(request.user)
    found = selectors.access_campaign(request.user, pk, member=member)
    items = selectors.schedule(found)
    today = timezone.localdate()
    month = today.month if today.year == found.year else None
    below = Organization.objects.filter(
        path__startswith=found.organizer_path, depth__gt=found.organizer.depth, dissolved_on__isnull=True
    ).order_by("path")
    keeps = with_indent(
        list(
            scope(below, request.user, Action.REGISTER_EMULATION, path_field="path").only(
                "id", "name", "depth"
            )[:500]
        )
    )
    if allowed(request.user, Action.VIEW_UNIT, found.organizer):
        rates_unit: Organization | None = found.organizer
    else:
        inside = [p for p in units_for(request.user, Action.VIEW_UNIT) if p.startswith(found.organizer_path)]
        rates_unit = Organization.objects.filter(path__in=inside).order_by("path").first() if inside else None
    return render(
        request,
        "campaign/campaign.html",
        {
            "campaign": found,
            "items": items,
            "month": month,
            "keeps": keeps,
            "can_manage": selectors.may_manage(request.user, found),
            "mine": bool(
                member and member.is_active and selectors.covers_path(found, member.organization_path)
            ),
            "rates_unit": rates_unit,
            "see_members": bool(rates_unit and allowed(request.user, Action.VIEW_MEMBERS, rates_unit)),
            "review_opens": selectors.review_opens(found.year),
        },
    )


@login_required
def campaign_edit(request, pk: int):
    found = selectors.access_campaign(request.user, pk)
    require(request.user, Action.MANAGE_EMULATION, found.organizer)
    form = CampaignForm(initial={"year": found.year, "theme": found.theme, "description": found.description})
    status = 200
    if request.method == "POST":
        form = CampaignForm(request.POST)
        if form.is_valid():
            try:
                services.campaign_update(actor=request.user, campaign=found, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi chuyên đề."))
                return redirect(found.get_absolute_url())
        status = 400
    return render(request, "campaign/campaign_form.html", {"campaign": found, "form": form}, status=status)


# ------------------------------------------------------------------------------------------ study schedule


def _item_form(request, found, item: StudyItem | None):
    require(request.user, Action.MANAGE_EMULATION, found.organizer)
    initial = (
        {
            "month_from": str(item.month_from),
            "month_to": str(item.month_to),
            "topic": item.topic,
            "content": item.content,
            "material_link": item.material_link,
        }
        if item
        else {}
    )
    form = StudyItemForm(initial=initial)
    status = 200
    if request.method == "POST":
        form = StudyItemForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.study_item_save(
                    actor=request.user,
                    campaign=found,
                    item=item,
                    month_from=data["month_from"],
                    month_to=data["month_to"],
                    topic=data["topic"],
                    content=data["content"],
                    material=data["material"] or None,
                    material_link=data["material_link"],
                    clear_material=data["clear_material"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi lịch học tập."))
                return redirect(found.get_absolute_url() + "#lich-hoc-tap")
        status = 400
    return render(
        request,
        "campaign/item_form.html",
        {
            "campaign": found,
            "item": item,
            "form": form,
            "others": [o for o in selectors.schedule(found) if item is None or o.pk != item.pk],
        },
        status=status,
    )


@login_required
def item_add(request, pk: int):
    return _item_form(request, selectors.access_campaign(request.user, pk), None)


@login_required
def item_edit(request, pk: int):
    item = selectors.access_item(request.user, pk)
    return _item_form(request, item.campaign, item)


@login_required
@require_POST
def item_delete(request, pk: int):
    item = selectors.access_item(request.user, pk)
    found = item.campaign
    require(request.user, Action.MANAGE_EMULATION, found.organizer)
    services.study_item_delete(actor=request.user, item=item)
    messages.success(request, _("Đã xóa nội dung “%(topic)s” khỏi lịch học tập.") % {"topic": item.topic})
    return redirect(found.get_absolute_url() + "#lich-hoc-tap")


@login_required
def item_file(request, pk: int):
    """A study material, for whoever sees the campaign; never through a public address."""
    item = selectors.access_item(request.user, pk, member=selectors.own_member(request.user))
    return stored_download(item.material)


# --------------------------------------------------------------------------------------- the cell's months


@login_required
def cell(request, pk: int):
    """The unit's year of study: for each month, the content of the schedule(s) that covers it, for the Hồ Chí
    Minh segment of its meetings, beside its meetings of that month."""
    member = selectors.own_member(request.user)
    if member is not None and member.is_active and str(member.organization_id) == str(pk):
        unit = member.organization
    else:
        unit = access_organization(request.user, pk, Action.VIEW_UNIT)
    year = year_of(request)
    campaigns, months = selectors.cell_months(unit=unit, year=year, today=timezone.localdate())
    return render(
        request,
        "campaign/cell.html",
        {
            "unit": unit,
            "year": year,
            "campaigns": campaigns,
            "months": months,
            "keeps": allowed(request.user, Action.REGISTER_EMULATION, unit),
            "see_members": allowed(request.user, Action.VIEW_MEMBERS, unit),
            "mine": member is not None and member.is_active and member.organization_id == unit.pk,
            "ethics_url": reverse("campaign:ethics", args=[unit.pk])
            if allowed(request.user, Action.VIEW_UNIT, unit)
            else "",
        },
    )
