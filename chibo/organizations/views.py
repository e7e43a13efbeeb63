from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chibo.core.forms import add_service_errors
from chibo.core.pagination import paginate
from chibo.organizations import forms, rules, selectors, services
from chibo.organizations.access import Action, access_organization, allowed, roles_of, scope, units_for
from chibo.organizations.models import Grant, Organization


@login_required
def home(request):
    tops = (
        list(selectors.organization_tops(actor=request.user))
        if units_for(request.user, Action.VIEW_UNIT)
        else []
    )
    return render(request, "organizations/home.html", {"tops": tops, "roles": sorted(roles_of(request.user))})


@login_required
def tree(request):
    """The tree page: the user's top units, or search results across the whole scope."""
    query = request.GET.get("q", "").strip()
    include_dissolved = request.GET.get("giai_the") == "1"
    if query:
        rows = selectors.organization_list(
            actor=request.user, query=query, include_dissolved=include_dissolved
        )
        page = paginate(rows, page=request.GET.get("trang"))
    else:
        page = paginate(selectors.organization_tops(actor=request.user), page=request.GET.get("trang"))
    selectors.with_member_counts(page.rows)
    template = "organizations/partials/_rows.html" if request.htmx else "organizations/tree.html"
    return render(request, template, {"page": page, "query": query, "include_dissolved": include_dissolved})


@login_required
def detail(request, pk: int):
    organization = access_organization(request.user, pk)
    children = selectors.organization_list(
        actor=request.user, parent=organization, include_dissolved=request.GET.get("giai_the") == "1"
    )
    page = paginate(children, page=request.GET.get("trang"))
    selectors.with_member_counts(page.rows)
    context = {
        "organization": organization,
        "ancestors": selectors.organization_ancestors_in_scope(actor=request.user, organization=organization),
        "officers": selectors.organization_officers(organization=organization),
        "page": page,
        "member_count": selectors.with_member_counts([organization])[0].member_count,
        "terms": list(organization.terms.prefetch_related("congresses")),
        "changes": list(
            organization.changes.prefetch_related(
                Prefetch("related", queryset=Organization.objects.only("id", "name"))
            )[:20]
        ),
        "can_edit": allowed(request.user, Action.EDIT_UNIT, organization),
        "can_manage_officers": allowed(request.user, Action.MANAGE_OFFICERS, organization),
        "can_view_members": allowed(request.user, Action.VIEW_MEMBERS, organization),
        "can_decide_reviews": allowed(request.user, Action.DECIDE_REVIEWS, organization)
        and not organization.is_cell,
        "can_add_child": allowed(request.user, Action.EDIT_UNIT, organization)
        and organization.is_active
        and any(
            rules.child_kind_allowed(parent_kind=organization.kind, child_kind=k)
            for k in Organization.Kind.values
        ),
    }
    return render(request, "organizations/detail.html", context)


@login_required
def history(request, pk: int):
    """The subtree as it stood on a chosen day."""
    organization = access_organization(request.user, pk)
    day = parse_date(request.GET.get("ngay", "") or "") or timezone.localdate()
    rows = selectors.organization_tree_on(actor=request.user, root=organization, on=day)
    return render(
        request, "organizations/history.html", {"organization": organization, "day": day, "rows": rows}
    )


def _action_page(request, organization, form, title, submit_label, on_valid, *, danger=False):
    if request.method == "POST" and form.is_valid():
        try:
            result = on_valid(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect(
                result.get_absolute_url()
                if hasattr(result, "get_absolute_url")
                else organization.get_absolute_url()
            )
    return render(
        request,
        "organizations/action.html",
        {
            "organization": organization,
            "form": form,
            "title": title,
            "submit_label": submit_label,
            "danger": danger,
        },
    )


@login_required
def create_child(request, pk: int):
    parent = access_organization(request.user, pk, Action.EDIT_UNIT)
    form = forms.CreateForm(request.POST or None)
    form.fields["kind"].choices = [  # type: ignore[attr-defined]
        (k, label)
        for k, label in Organization.Kind.choices
        if rules.child_kind_allowed(parent_kind=parent.kind, child_kind=k)
    ]
    return _action_page(
        request,
        parent,
        form,
        _("Thành lập tổ chức trực thuộc"),
        _("Thành lập"),
        lambda d: services.organization_create(
            actor=request.user,
            parent=parent,
            name=d["name"],
            kind=d["kind"],
            code=d["code"],
            founded_on=d["founded_on"],
            decision=d["decision"],
        ),
    )


@login_required
def rename(request, pk: int):
    organization = access_organization(request.user, pk, Action.EDIT_UNIT)
    form = forms.RenameForm(request.POST or None, initial={"name": organization.name})
    return _action_page(
        request,
        organization,
        form,
        _("Đổi tên"),
        _("Đổi tên"),
        lambda d: services.organization_rename(
            actor=request.user, organization=organization, name=d["name"], on=d["on"], decision=d["decision"]
        ),
    )


@login_required
def move(request, pk: int):
    organization = access_organization(request.user, pk, Action.EDIT_UNIT)
    allowed_parent_kinds = [
        k
        for k in Organization.Kind.values
        if rules.child_kind_allowed(parent_kind=k, child_kind=organization.kind)
    ]
    candidates = (
        scope(
            Organization.objects.filter(dissolved_on__isnull=True, kind__in=allowed_parent_kinds),
            request.user,
            Action.EDIT_UNIT,
            path_field="path",
        )
        .exclude(path__startswith=organization.path)
        .order_by("path")
    )
    form = forms.MoveForm(request.POST or None, candidates=candidates)
    return _action_page(
        request,
        organization,
        form,
        _("Chuyển trực thuộc"),
        _("Chuyển"),
        lambda d: services.organization_move(
            actor=request.user,
            organization=organization,
            new_parent=d["new_parent"],
            on=d["on"],
            decision=d["decision"],
        ),
    )


@login_required
def merge(request, pk: int):
    organization = access_organization(request.user, pk, Action.EDIT_UNIT)
    parent_path = organization.path[: -Organization.steplen]
    candidates = (
        scope(
            Organization.objects.filter(
                dissolved_on__isnull=True,
                kind=organization.kind,
                depth=organization.depth,
                path__startswith=parent_path,
            ),
            request.user,
            Action.EDIT_UNIT,
            path_field="path",
        )
        .exclude(pk=organization.pk)
        .order_by("path")
    )
    form = forms.MergeForm(request.POST or None, candidates=candidates)
    return _action_page(
        request,
        organization,
        form,
        _("Sáp nhập vào tổ chức này"),
        _("Sáp nhập"),
        lambda d: services.organization_merge(
            actor=request.user,
            sources=list(d["sources"]),
            into=organization,
            on=d["on"],
            decision=d["decision"],
        ),
    )


@login_required
def split(request, pk: int):
    organization = access_organization(request.user, pk, Action.EDIT_UNIT)
    form = forms.SplitForm(request.POST or None)

    def do(d):
        units = services.organization_split(
            actor=request.user,
            organization=organization,
            parts=[{"name": n, "kind": organization.kind} for n in d["names"]],
            on=d["on"],
            decision=d["decision"],
        )
        return Organization.objects.get_parent(units[0])

    return _action_page(request, organization, form, _("Chia tách"), _("Chia tách"), do, danger=True)


@login_required
def dissolve(request, pk: int):
    organization = access_organization(request.user, pk, Action.EDIT_UNIT)
    form = forms.DissolveForm(request.POST or None)
    return _action_page(
        request,
        organization,
        form,
        _("Giải thể"),
        _("Giải thể"),
        lambda d: services.organization_dissolve(
            actor=request.user, organization=organization, on=d["on"], decision=d["decision"]
        ),
        danger=True,
    )


@login_required
def term_add(request, pk: int):
    organization = access_organization(request.user, pk, Action.MANAGE_OFFICERS)
    form = forms.TermForm(request.POST or None)

    def do(d):
        services.term_create(
            actor=request.user,
            organization=organization,
            name=d["name"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
        )
        return organization

    return _action_page(request, organization, form, _("Thêm nhiệm kỳ"), _("Lưu"), do)


@login_required
def congress_add(request, pk: int):
    organization = access_organization(request.user, pk, Action.MANAGE_OFFICERS)
    form = forms.CongressForm(request.POST or None, organization=organization)

    def do(d):
        services.congress_record(
            actor=request.user, term=d["term"], held_on=d["held_on"], kind=d["kind"], delegates=d["delegates"]
        )
        return organization

    return _action_page(request, organization, form, _("Ghi nhận đại hội"), _("Lưu"), do)


@login_required
def seat_add(request, pk: int):
    organization = access_organization(request.user, pk, Action.MANAGE_OFFICERS)
    form = forms.SeatForm(request.POST or None, organization=organization)

    def do(d):
        services.seat_assign(
            actor=request.user,
            organization=organization,
            role=d["role"],
            holder_name=d["holder_name"],
            holder=d["username"],
            term=d["term"],
            starts_on=d["starts_on"],
        )
        return organization

    return _action_page(request, organization, form, _("Phân công chức vụ cấp ủy"), _("Lưu"), do)


@login_required
@require_POST
def seat_end(request, pk: int, seat_pk: int):
    organization = access_organization(request.user, pk, Action.MANAGE_OFFICERS)
    seat = organization.seats.filter(pk=seat_pk).first()
    if seat is None:
        raise Http404
    on = parse_date(request.POST.get("on", "") or "") or timezone.localdate()
    try:
        services.seat_end(actor=request.user, seat=seat, on=on)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã ghi thôi giữ chức vụ."))
    return redirect(organization.get_absolute_url())


@login_required
def audit(request):
    if not units_for(request.user, Action.VIEW_AUDIT):
        raise Http404
    organization = None
    if request.GET.get("to_chuc"):
        organization = access_organization(request.user, request.GET["to_chuc"], Action.VIEW_AUDIT)
    page = paginate(
        selectors.audit_entries(actor=request.user, organization=organization), page=request.GET.get("trang")
    )
    return render(request, "organizations/audit.html", {"page": page, "organization": organization})


@login_required
def grants(request):
    if not units_for(request.user, Action.MANAGE_GRANTS):
        raise Http404
    candidates = scope(
        Organization.objects.filter(dissolved_on__isnull=True),
        request.user,
        Action.MANAGE_GRANTS,
        path_field="path",
    ).order_by("path")
    form = forms.GrantForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_give(
                actor=request.user,
                user=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
                organization=form.cleaned_data["organization"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã cấp quyền."))
            return redirect("organizations:grants")
    rows = (
        scope(Grant.objects.all(), request.user, Action.MANAGE_GRANTS)
        .select_related("user", "organization")
        .order_by("organization__path", "role", "user__username")
    )
    page = paginate(rows, page=request.GET.get("trang"))
    return render(request, "organizations/grants.html", {"page": page, "form": form})


@login_required
@require_POST
def grant_revoke(request, grant_pk: int):
    grant = (
        scope(Grant.objects.all(), request.user, Action.MANAGE_GRANTS)
        .select_related("organization", "user")
        .filter(pk=grant_pk)
        .first()
    )
    if grant is None:
        raise Http404
    services.grant_revoke(actor=request.user, grant=grant)
    messages.success(request, _("Đã thu hồi quyền."))
    return redirect("organizations:grants")
