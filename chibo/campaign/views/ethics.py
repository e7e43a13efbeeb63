"""Codes of ethics (chuẩn mực đạo đức): a unit's page lists the codes that apply to it (its own and those of the
units above) and those of the units below, with the form to keep its own; the signed document is downloaded through
the gate only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from chibo.campaign import selectors, services
from chibo.campaign.forms import EthicsCodeForm
from chibo.campaign.models import EthicsCode
from chibo.core.files import stored_download
from chibo.core.forms import add_service_errors
from chibo.core.pagination import paginate
from chibo.organizations.access import Action, access_organization, allowed, require


def _save(request, form: EthicsCodeForm, organization, code: EthicsCode | None) -> EthicsCode | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services.ethics_code_save(
            actor=request.user,
            organization=organization,
            code=code,
            title=data["title"],
            adopted_on=data["adopted_on"],
            content=data["content"],
            document=data["document"] or None,
            clear_document=data["clear_document"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@login_required
def ethics(request, pk: int):
    unit = access_organization(request.user, pk, Action.VIEW_UNIT)
    can_keep = allowed(request.user, Action.REGISTER_EMULATION, unit)
    form = EthicsCodeForm()
    status = 200
    if request.method == "POST":
        require(request.user, Action.REGISTER_EMULATION, unit)
        form = EthicsCodeForm(request.POST, request.FILES)
        saved = _save(request, form, unit, None)
        if saved is not None:
            messages.success(request, _("Đã ghi “%(title)s”.") % {"title": saved.title})
            return redirect(reverse("campaign:ethics", args=[unit.pk]))
        status = 400
    page = paginate(selectors.ethics_codes_for(unit), page=request.GET.get("trang"), per_page=50)
    return render(
        request,
        "campaign/ethics.html",
        {"unit": unit, "page": page, "form": form, "can_keep": can_keep},
        status=status,
    )


@login_required
def ethics_edit(request, pk: int):
    code = selectors.access_ethics_code(request.user, pk)
    require(request.user, Action.REGISTER_EMULATION, code.organization)
    form = EthicsCodeForm(
        initial={"title": code.title, "adopted_on": code.adopted_on, "content": code.content}
    )
    status = 200
    if request.method == "POST":
        form = EthicsCodeForm(request.POST, request.FILES)
        if _save(request, form, code.organization, code) is not None:
            messages.success(request, _("Đã ghi “%(title)s”.") % {"title": code.title})
            return redirect(reverse("campaign:ethics", args=[code.organization_id]))
        status = 400
    return render(request, "campaign/ethics_form.html", {"code": code, "form": form}, status=status)


@login_required
def ethics_file(request, pk: int):
    """The signed code, for whoever sees the unit that adopted it (or a unit below it); never through a public
    address."""
    code = selectors.access_ethics_code(request.user, pk)
    return stored_download(code.document)
