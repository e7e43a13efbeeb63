"""Pages of the member register: the list, the member page and one form page per use case of the services.

Every page fetches through the gate: ``selectors.member_list`` and ``selectors.access_member`` for members,
``access.scope`` / ``access.access_organization`` for the cells offered in the forms. Out of scope and missing
both answer 404.
"""

import datetime
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chibo.core.forms import add_service_errors
from chibo.core.pagination import paginate
from chibo.members import forms, rules, selectors, services
from chibo.members.models import CorrectionRequest, Member
from chibo.organizations.access import Action, access_organization, allowed, scope, units_for
from chibo.organizations.models import Organization
from chibo.rulesets.selectors import NoRuleSetInForce, ruleset_on

# The profile as the member page shows it, in the order of the official member file (lý lịch).
PROFILE_FIELDS = (
    "full_name",
    "citizen_id",
    "sex",
    "born_on",
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "job",
    "position",
    "education",
    "political_theory",
    "card_number",
    "admitted_on",
    "ceremony_on",
    "full_on",
    "status",
    "seriously_ill",
)
CELL_KINDS = (Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL)


def _cells(actor: Any, action: Action) -> QuerySet[Organization]:
    """Active cells where the actor may ``action``, in tree order."""
    return scope(
        Organization.objects.filter(kind__in=CELL_KINDS, dissolved_on__isnull=True),
        actor,
        action,
        path_field="path",
    ).order_by("path")


def _action_page(
    request,
    *,
    member: Member | None,
    form,
    title: str,
    submit_label: str,
    on_valid: Callable[[dict[str, Any]], Any],
    success: str,
    organization: Organization | None = None,
    intro: str = "",
    danger: bool = False,
):
    """A page with one form: POST → service → back to the member page with a message; a service's refusal
    shows on the form, and nothing is written (every service runs in one transaction)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = on_valid(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            target = result if isinstance(result, Member) else member
            return redirect(target.get_absolute_url() if target else reverse("members:list"))
    cancel = member.get_absolute_url() if member else reverse("members:list")
    return render(
        request,
        "members/action.html",
        {
            "member": member,
            "organization": organization or (member.organization if member else None),
            "form": form,
            "title": title,
            "submit_label": submit_label,
            "intro": intro,
            "danger": danger,
            "cancel_url": cancel,
            "can_list": bool(units_for(request.user, Action.VIEW_MEMBERS)),
        },
    )


def _export_url() -> str | None:
    """The Excel export of the list, when that page exists (another part of the register)."""
    try:
        return reverse("members:export")
    except NoReverseMatch:
        return None


# ---------------------------------------------------------------------------------------------------------------
# The list


@login_required
def member_list(request):
    """The register: filters, search without diacritics, given-name order, 50 a page, fixed query count."""
    if not units_for(request.user, Action.VIEW_MEMBERS):
        raise Http404
    today = timezone.localdate()
    units = scope(
        Organization.objects.filter(dissolved_on__isnull=True).only("id", "name", "depth", "path", "kind"),
        request.user,
        Action.VIEW_MEMBERS,
        path_field="path",
    ).order_by("path")
    form = forms.MemberFilterForm(request.GET or None, units=units)
    if form.is_bound:
        form.is_valid()  # an invalid filter shows its message and filters nothing
    rows = selectors.member_list(actor=request.user, filters=form.filters(), today=today)
    page = paginate(rows, page=request.GET.get("trang"))
    for member in page.rows:
        member.party_age_years = rules.completed_years(member.party_age_from, today)
    params = request.GET.copy()
    params.pop("trang", None)
    chosen = form.cleaned_data.get("to_chuc") if form.is_bound else None
    can_add = bool(units_for(request.user, Action.EDIT_MEMBERS))
    add_url = reverse("members:create")
    if chosen is not None and chosen.is_cell and allowed(request.user, Action.EDIT_MEMBERS, chosen):
        add_url += f"?to_chuc={chosen.pk}"
    context = {
        "form": form,
        "page": page,
        "count": rows.count(),
        "params": params.urlencode(),
        "export_url": _export_url(),
        "can_add": can_add,
        "add_url": add_url,
        "filtered": any(v for k, v in request.GET.items() if k != "trang"),
    }
    template = "members/partials/_rows.html" if getattr(request, "htmx", False) else "members/list.html"
    return render(request, template, context)


# ---------------------------------------------------------------------------------------------------------------
# The member page


def _profile(member: Member) -> list[tuple[str, str]]:
    rows = []
    for name in PROFILE_FIELDS:
        field = cast(models.Field, Member._meta.get_field(name))
        value = getattr(member, name)
        if field.choices:
            shown = getattr(member, f"get_{name}_display")()
        elif isinstance(value, bool):
            shown = _("Có") if value else _("Không")
        elif isinstance(value, datetime.date):
            shown = date_format(value, "d/m/Y")
        else:
            shown = value
        rows.append((str(field.verbose_name), shown or "—"))
    return rows


@login_required
def detail(request, pk: int):
    member = selectors.access_member(request.user, pk)
    today = timezone.localdate()
    can_edit = allowed(request.user, Action.EDIT_MEMBERS, member.organization)
    is_self = member.user_id is not None and member.user_id == request.user.pk

    prefetch_related_objects([member], "gaps")  # member_gaps reads the same rows
    gaps = list(member.gaps.all())
    counted_gaps = selectors.member_gaps(member, today=today)
    age = rules.party_age(admitted_on=member.admitted_on, gaps=counted_gaps, on=today)
    history = list(member.status_changes.all())
    out_of_party = rules.out_of_party_periods([(c.status, c.on) for c in history], until=today)

    probation = None
    rules_missing = False
    if member.status == Member.Status.PROBATIONARY:
        try:
            values = ruleset_on(today).values
        except NoRuleSetInForce:
            rules_missing = True
        else:
            probation = rules.probation(
                ceremony_on=member.ceremony_on or member.admitted_on,
                today=today,
                members_rules=values["members"],
                calendar=values["calendar"],
            )
    corrections = list(member.correction_requests.all()[:20])
    context = {
        "member": member,
        "profile": _profile(member),
        "age": age,
        "probation": probation,
        "rules_missing": rules_missing,
        "history": history,
        "memberships": list(member.memberships.select_related("organization")),
        "gaps": gaps,
        "out_of_party": out_of_party,
        "badges": list(member.badges.order_by("years")),
        "open_corrections": [c for c in corrections if c.state == CorrectionRequest.State.OPEN],
        "closed_corrections": [c for c in corrections if c.state != CorrectionRequest.State.OPEN],
        "can_edit": can_edit,
        "is_self": is_self,
        "can_list": bool(units_for(request.user, Action.VIEW_MEMBERS)),
        "correction_form": forms.CorrectionRequestForm() if is_self else None,
    }
    return render(request, "members/detail.html", context)


# ---------------------------------------------------------------------------------------------------------------
# Forms


@login_required
def create(request):
    """A new member, in the cell given by ``?to_chuc=`` or in a cell chosen on the form."""
    cell_id = request.GET.get("to_chuc")
    if cell_id:
        organization = access_organization(request.user, cell_id, Action.EDIT_MEMBERS)
        form = forms.MemberCreateForm(request.POST or None)
    else:
        if not units_for(request.user, Action.EDIT_MEMBERS):
            raise Http404
        organization = None
        form = forms.MemberCreateForm(request.POST or None, cells=_cells(request.user, Action.EDIT_MEMBERS))

    def do(d):
        return services.member_create(
            actor=request.user,
            organization=organization or d["organization"],
            citizen_id=d["citizen_id"],
            full_name=d["full_name"],
            sex=d["sex"],
            born_on=d["born_on"],
            admitted_on=d["admitted_on"],
            status=d["status"],
            joined_on=d["joined_on"],
            **{
                f: d[f]
                for f in services.EDITABLE_FIELDS
                if f not in ("full_name", "sex", "born_on", "admitted_on")
            },
        )

    return _action_page(
        request,
        member=None,
        organization=organization,
        form=form,
        title=_("Thêm đảng viên vào %(cell)s") % {"cell": organization.name}
        if organization
        else _("Thêm đảng viên"),
        submit_label=_("Thêm đảng viên"),
        on_valid=do,
        success=_("Đã thêm đảng viên vào sổ."),
    )


@login_required
def edit(request, pk: int):
    member = selectors.access_member(request.user, pk, Action.EDIT_MEMBERS)
    initial = {f: getattr(member, f) for f in services.EDITABLE_FIELDS}
    form = forms.ProfileForm(request.POST or None, initial=initial)
    return _action_page(
        request,
        member=member,
        form=form,
        title=_("Sửa hồ sơ"),
        submit_label=_("Lưu hồ sơ"),
        on_valid=lambda d: services.member_update(actor=request.user, member=member, **d),
        success=_("Đã lưu hồ sơ đảng viên."),
    )


@login_required
def status(request, pk: int):
    member = selectors.access_member(request.user, pk, Action.EDIT_MEMBERS)
    form = forms.StatusForm(request.POST or None, current=member.status)
    return _action_page(
        request,
        member=member,
        form=form,
        title=_("Thay đổi tình trạng"),
        submit_label=_("Ghi thay đổi"),
        intro=_("Tình trạng hiện nay: %(status)s.") % {"status": member.get_status_display()},
        on_valid=lambda d: services.member_change_status(actor=request.user, member=member, **d),
        success=_("Đã ghi thay đổi tình trạng."),
    )


@login_required
def transfer(request, pk: int):
    member = selectors.access_member(request.user, pk, Action.EDIT_MEMBERS)
    cells = _cells(request.user, Action.EDIT_MEMBERS).exclude(pk=member.organization_id)
    form = forms.TransferForm(request.POST or None, cells=cells)
    return _action_page(
        request,
        member=member,
        form=form,
        title=_("Chuyển sinh hoạt đảng trong hệ thống"),
        submit_label=_("Chuyển sinh hoạt"),
        intro=_("Đang sinh hoạt tại %(cell)s. Chỉ chọn được các chi bộ trong phạm vi bạn quản lý.")
        % {"cell": member.organization.name},
        on_valid=lambda d: services.member_transfer(actor=request.user, member=member, **d),
        success=_("Đã chuyển sinh hoạt đảng."),
    )


@login_required
def transfer_out(request, pk: int):
    member = selectors.access_member(request.user, pk, Action.EDIT_MEMBERS)
    form = forms.TransferOutForm(request.POST or None)
    return _action_page(
        request,
        member=member,
        form=form,
        title=_("Chuyển sinh hoạt đảng ra ngoài hệ thống"),
        submit_label=_("Chuyển đi"),
        intro=_("Đảng viên sẽ thôi sinh hoạt tại %(cell)s từ ngày chuyển đi.")
        % {"cell": member.organization.name},
        on_valid=lambda d: services.member_transfer_out(actor=request.user, member=member, **d),
        success=_("Đã ghi chuyển sinh hoạt đảng đi."),
        danger=True,
    )


@login_required
def transfer_in(request, pk: int):
    member = selectors.access_member(request.user, pk, Action.EDIT_MEMBERS)
    left = member.status_changes.filter(status=Member.Status.TRANSFERRED_OUT).order_by("-on", "-id").first()
    form = forms.TransferInForm(
        request.POST or None,
        cells=_cells(request.user, Action.EDIT_MEMBERS),
        initial={"gap_from": left.on if left else None},
    )
    return _action_page(
        request,
        member=member,
        form=form,
        title=_("Tiếp nhận đảng viên trở lại"),
        submit_label=_("Tiếp nhận"),
        intro=_("Đảng viên đã chuyển sinh hoạt đi ngày %(day)s.") % {"day": date_format(left.on, "d/m/Y")}
        if left
        else "",
        on_valid=lambda d: services.member_transfer_in(actor=request.user, member=member, **d),
        success=_("Đã tiếp nhận đảng viên."),
    )


@login_required
def temporary(request, pk: int):
    member = selectors.access_member(request.user, pk, Action.EDIT_MEMBERS)
    cells = _cells(request.user, Action.VIEW_UNIT).exclude(pk=member.organization_id)
    form = forms.TemporaryForm(request.POST or None, cells=cells)
    return _action_page(
        request,
        member=member,
        form=form,
        title=_("Sinh hoạt tạm thời nơi khác"),
        submit_label=_("Ghi sinh hoạt tạm thời"),
        intro=_("Đảng viên vẫn thuộc sổ của %(cell)s trong thời gian sinh hoạt tạm thời.")
        % {"cell": member.organization.name},
        on_valid=lambda d: services.member_temporary_membership(actor=request.user, member=member, **d),
        success=_("Đã ghi sinh hoạt tạm thời."),
    )


@login_required
def gap(request, pk: int):
    member = selectors.access_member(request.user, pk, Action.EDIT_MEMBERS)
    form = forms.GapForm(request.POST or None)
    return _action_page(
        request,
        member=member,
        form=form,
        title=_("Ghi thời gian không tính tuổi đảng"),
        submit_label=_("Ghi"),
        on_valid=lambda d: services.member_record_gap(actor=request.user, member=member, **d),
        success=_("Đã ghi thời gian không tính tuổi đảng."),
    )


@login_required
def badge_award(request, pk: int):
    member = selectors.access_member(request.user, pk, Action.EDIT_MEMBERS)
    today = timezone.localdate()
    try:
        milestones = [int(y) for y in ruleset_on(today).values["members"]["badge_milestones_years"]]
    except NoRuleSetInForce:
        milestones = []
    form = forms.BadgeAwardForm(request.POST or None, milestones=milestones)
    age = rules.party_age(
        admitted_on=member.admitted_on, gaps=selectors.member_gaps(member, today=today), on=today
    )
    return _action_page(
        request,
        member=member,
        form=form,
        title=_("Trao Huy hiệu Đảng"),
        submit_label=_("Ghi trao Huy hiệu"),
        intro=_("Tuổi đảng hiện nay: %(years)s năm.") % {"years": age.years},
        on_valid=lambda d: services.badge_award(actor=request.user, member=member, **d),
        success=_("Đã ghi trao Huy hiệu Đảng."),
    )


@login_required
def correction_request(request, pk: int):
    """The member asks for a correction of their own record (officers may file one on their behalf)."""
    member = selectors.access_member(request.user, pk)
    own = member.user_id == request.user.pk
    if not own and not allowed(request.user, Action.EDIT_MEMBERS, member.organization):
        raise Http404
    form = forms.CorrectionRequestForm(request.POST or None)
    return _action_page(
        request,
        member=member,
        form=form,
        title=_("Đề nghị sửa hồ sơ"),
        submit_label=_("Gửi đề nghị"),
        intro=_("Chi ủy sẽ xem xét và trả lời đề nghị của đồng chí."),
        on_valid=lambda d: services.correction_request(actor=request.user, member=member, **d),
        success=_("Đã gửi đề nghị sửa hồ sơ."),
    )


@login_required
def correction_resolve(request, pk: int, request_pk: int):
    member = selectors.access_member(request.user, pk, Action.EDIT_MEMBERS)
    correction = member.correction_requests.filter(pk=request_pk).first()
    if correction is None:
        raise Http404
    form = forms.CorrectionResolveForm(request.POST or None)
    return _action_page(
        request,
        member=member,
        form=form,
        title=_("Xử lý đề nghị sửa hồ sơ"),
        submit_label=_("Ghi kết quả"),
        intro=_("Nội dung đề nghị (%(day)s): %(text)s")
        % {"day": date_format(timezone.localtime(correction.created_at), "d/m/Y"), "text": correction.text},
        on_valid=lambda d: services.correction_resolve(actor=request.user, request=correction, **d),
        success=_("Đã ghi kết quả xử lý đề nghị."),
    )


urlpatterns = [
    path("", member_list, name="list"),
    path("them/", create, name="create"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/sua/", edit, name="edit"),
    path("<int:pk>/tinh-trang/", status, name="status"),
    path("<int:pk>/chuyen/", transfer, name="transfer"),
    path("<int:pk>/chuyen-di/", transfer_out, name="transfer_out"),
    path("<int:pk>/tiep-nhan/", transfer_in, name="transfer_in"),
    path("<int:pk>/tam-thoi/", temporary, name="temporary"),
    path("<int:pk>/gian-doan/", gap, name="gap"),
    path("<int:pk>/huy-hieu/", badge_award, name="badge_award"),
    path("<int:pk>/de-nghi-sua/", correction_request, name="correction_request"),
    path("<int:pk>/de-nghi-sua/<int:request_pk>/", correction_resolve, name="correction_resolve"),
]
