"""Pages of emulation: the movements a user sees and an organizer's list with the form to launch one, a movement
with the registrations of the viewer's scope, their counts and the approve/reject controls, the forwarding upward,
a unit's registration form (the unit and its members, all or nothing), the participation rates (+ .xlsx), the
clusters of an organizer and year (formed, split, merged), a cluster with its pact and year-end review results.

Every page goes through the gate; out of scope and missing answer 404, and so does every refused write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chibo.core.files import XLSX, attachment, stored_download, xlsx_table
from chibo.core.forms import add_service_errors
from chibo.core.pagination import paginate
from chibo.emulation import selectors, services
from chibo.emulation.forms import ClusterForm, MovementForm, PactForm
from chibo.emulation.models import ClusterResult, Movement, Pact, Registration
from chibo.organizations.access import Action, access_organization, allowed, require, scope, units_for
from chibo.organizations.models import Organization

app_name = "emulation"
ROWS_PER_PAGE = 100
Status = Registration.Status


def _year(request, default: int | None = None) -> int:
    return selectors.year_from(request.GET.get("nam"), default or timezone.localdate().year)


def _honour_name(catalog: dict[str, Any], code: str) -> str:
    return catalog[code].name if code in catalog else code


# ------------------------------------------------------------------------------------------------ movements


@login_required
def home(request):
    """The movements the user sees in a year, and where they may launch one."""
    year = _year(request)
    paths = units_for(request.user, Action.VIEW_UNIT)
    tops = (
        list(Organization.objects.filter(depth=1).order_by("path"))
        if paths == [""]
        else list(Organization.objects.filter(path__in=paths).order_by("path"))
    )
    return render(
        request,
        "emulation/home.html",
        {
            "year": year,
            "movements": list(selectors.movement_list(actor=request.user, year=year)),
            "organizers": selectors.manageable_organizers(request.user),
            "tops": tops,
        },
    )


@login_required
def organizer(request, pk: int):
    """An organizer's movements, newest first, and the form to launch one (its committee and office)."""
    unit = selectors.access_organizer(request.user, pk)
    can_manage = allowed(request.user, Action.MANAGE_EMULATION, unit)
    year = _year(request)
    form = MovementForm(initial={"year": year})
    status = 200
    if request.method == "POST":
        require(request.user, Action.MANAGE_EMULATION, unit)
        form = MovementForm(request.POST)
        if form.is_valid():
            try:
                movement = services.movement_create(actor=request.user, organizer=unit, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã phát động phong trào “%(name)s”.") % {"name": movement.name})
                return redirect(movement.get_absolute_url())
        status = 400
    return render(
        request,
        "emulation/organizer.html",
        {
            "unit": unit,
            "year": year,
            "movements": list(selectors.movement_list(actor=request.user, organizer=unit)),
            "form": form,
            "can_manage": can_manage,
        },
        status=status,
    )


def _movement_unit(request, movement: Movement) -> Organization | None:
    raw = request.GET.get("don-vi")
    if not raw:
        return None
    unit = access_organization(request.user, raw, Action.VIEW_UNIT)
    if not unit.path.startswith(movement.organizer_path):
        raise Http404
    return unit


def _movement_year(request, movement: Movement) -> int:
    year = selectors.year_from(request.GET.get("nam") or request.POST.get("nam"), movement.year)
    return year if year in movement.years else movement.year


def _movement_query(year: int, unit: Organization | None, status: str = "") -> str:
    query = f"?nam={year}"
    if unit is not None:
        query += f"&don-vi={unit.pk}"
    if status:
        query += f"&tinh-trang={status}"
    return query


@login_required
def movement(request, pk: int):
    """The movement: the registrations of the viewer's scope (under a unit if chosen), their counts by status, the
    approve/reject controls where the viewer approves, the units the viewer registers, and the consolidated lists
    sent upward."""
    movement = selectors.access_movement(request.user, pk)
    year = _movement_year(request, movement)
    unit = _movement_unit(request, movement)
    status = request.GET.get("tinh-trang", "")
    status = status if status in Status.values else ""
    found = selectors.registrations_in_view(actor=request.user, movement=movement, year=year, unit=unit)
    counts = selectors.status_counts(found)
    page = paginate(
        selectors.registration_rows(found, status=status),
        page=request.GET.get("trang"),
        per_page=ROWS_PER_PAGE,
    )
    catalog = selectors.honour_catalog(year)
    deciding = units_for(request.user, Action.APPROVE_EMULATION)
    for row in page.rows:
        row.honour_name = _honour_name(catalog, row.honour)
        row.choice_label = (
            f"{row.member.full_name if row.member else row.organization.name}: {row.honour_name}"
        )
        row.can_decide = row.status == Status.SUBMITTED and any(
            row.deciding_path.startswith(p) for p in deciding
        )
    below = Organization.objects.filter(
        path__startswith=movement.organizer_path, depth__gt=movement.organizer.depth
    ).order_by("path")
    if unit is not None:
        below = below.filter(path__startswith=unit.path)
    registrable = list(
        scope(below, request.user, Action.REGISTER_EMULATION, path_field="path").only("id", "name", "depth")[
            :500
        ]
    )
    forwarders = list(
        scope(
            below.exclude(kind__in=(Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL)),
            request.user,
            Action.APPROVE_EMULATION,
            path_field="path",
        ).only("id", "name", "depth")[:500]
    )
    top = min((o.depth for o in [*registrable, *forwarders]), default=0)
    for o in [*registrable, *forwarders]:
        o.indent = "\u00a0\u00a0" * (o.depth - top)
    forwardings = list(
        selectors.forwardings_in_view(actor=request.user, movement=movement, year=year, unit=unit)[:200]
    )
    for forwarding in forwardings:
        forwarding.lines = _forwarding_lines(forwarding.counts, catalog)  # type: ignore[attr-defined]
    return render(
        request,
        "emulation/movement.html",
        {
            "movement": movement,
            "year": year,
            "unit": unit,
            "status": status,
            "statuses": Status.choices,
            "counts": counts,
            "page": page,
            "query": _movement_query(year, unit, status),
            "base_query": _movement_query(year, unit),
            "any_decide": any(row.can_decide for row in page.rows),
            "registrable": registrable,
            "forwarders": forwarders,
            "forwardings": forwardings,
            "can_manage": allowed(request.user, Action.MANAGE_EMULATION, movement.organizer),
            "rates_unit": _rates_unit(request, movement, unit),
        },
    )


def _rates_unit(request, movement: Movement, unit: Organization | None) -> Organization | None:
    """The unit whose rates the movement page links to: the one chosen, the organizer, or the viewer's own."""
    if unit is not None:
        return unit
    if allowed(request.user, Action.VIEW_UNIT, movement.organizer):
        return movement.organizer
    inside = [p for p in units_for(request.user, Action.VIEW_UNIT) if p.startswith(movement.organizer_path)]
    return Organization.objects.filter(path__in=inside).order_by("path").first()


@login_required
def register_pick(request, pk: int):
    """The unit chosen on the movement page: to its registration form."""
    movement = selectors.access_movement(request.user, pk)
    raw = request.GET.get("don-vi", "")
    if not raw.isdigit():
        raise Http404
    return redirect(
        reverse("emulation:register", args=[movement.pk, int(raw)])
        + f"?nam={_movement_year(request, movement)}"
    )


def _forwarding_lines(counts: dict[str, Any], catalog: dict[str, Any]) -> dict[str, Any]:
    def sent(group: dict[str, int]) -> int:
        return sum(group.get(s, 0) for s in Registration.SENT)

    collective, individual = counts.get("collective", {}), counts.get("individual", {})
    return {
        "collectives": sent(collective),
        "individuals": sent(individual),
        "approved": collective.get(Status.APPROVED, 0) + individual.get(Status.APPROVED, 0),
        "honours": [(_honour_name(catalog, code), n) for code, n in counts.get("honours", {}).items()],
    }


@login_required
@require_POST
def movement_decide(request, pk: int):
    """Approve, or reject with the reason, the registrations ticked on the movement page."""
    movement = selectors.access_movement(request.user, pk)
    if not units_for(request.user, Action.APPROVE_EMULATION):
        raise Http404
    year = _movement_year(request, movement)
    ids = [int(i) for i in request.POST.getlist("registration") if i.isdigit()]
    approve = request.POST.get("decision") == "approve"
    try:
        n = services.registrations_decide(
            actor=request.user,
            movement=movement,
            ids=ids,
            approve=approve,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            (_("Đã duyệt %(n)s đăng ký.") if approve else _("Đã trả lại %(n)s đăng ký.")) % {"n": n},
        )
    back = request.POST.get("back", "")
    query = back if back.startswith("?") else f"?nam={year}"
    return redirect(movement.get_absolute_url() + query)


@login_required
@require_POST
def movement_forward(request, pk: int):
    """A committee sends the consolidated list of its subtree to its parent."""
    movement = selectors.access_movement(request.user, pk)
    committee = access_organization(request.user, request.POST.get("committee"), Action.APPROVE_EMULATION)
    year = _movement_year(request, movement)
    try:
        forwarding = services.registrations_forward(
            actor=request.user,
            movement=movement,
            committee=committee,
            year=year,
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(unit)s đã chuyển danh sách đăng ký tổng hợp lên %(parent)s.")
            % {"unit": committee.name, "parent": forwarding.to_organization.name},
        )
    return redirect(movement.get_absolute_url() + f"?nam={year}&don-vi={committee.pk}")


@login_required
def movement_edit(request, pk: int):
    movement = selectors.access_movement(request.user, pk)
    require(request.user, Action.MANAGE_EMULATION, movement.organizer)
    fields = ("name", "theme", "year", "starts_on", "ends_on", "description")
    form = MovementForm(initial={f: getattr(movement, f) for f in fields})
    status = 200
    if request.method == "POST":
        form = MovementForm(request.POST)
        if form.is_valid():
            try:
                services.movement_update(actor=request.user, movement=movement, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi phong trào."))
                return redirect(movement.get_absolute_url())
        status = 400
    return render(
        request, "emulation/movement_form.html", {"movement": movement, "form": form}, status=status
    )


# ------------------------------------------------------------------------------------ a unit's registrations


@login_required
def register(request, pk: int, org_pk: int):
    """The unit's registration form: its own line (a collective honour) and one line per member (an individual
    honour), saved all or nothing, as a draft or sent to the committee above."""
    movement = selectors.access_movement(request.user, pk)
    organization = access_organization(request.user, org_pk, Action.VIEW_UNIT)
    if not selectors.in_movement(movement, organization):
        raise Http404
    year = _movement_year(request, movement)
    can_register = allowed(request.user, Action.REGISTER_EMULATION, organization)
    errors: list[str] = []
    posted: dict[str, dict[str, str]] = {}
    status = 200
    if request.method == "POST":
        require(request.user, Action.REGISTER_EMULATION, organization)
        keys = ["unit"] if "honour_unit" in request.POST else []
        keys += [k for k in request.POST.getlist("member") if k.isdigit()]
        posted = {
            k: {"honour": request.POST.get(f"honour_{k}", ""), "pledge": request.POST.get(f"pledge_{k}", "")}
            for k in keys
        }
        rows = {(None if k == "unit" else int(k)): v for k, v in posted.items()}
        submit = request.POST.get("submit") == "1"
        try:
            saved, sent = services.registrations_save(
                actor=request.user,
                movement=movement,
                organization=organization,
                year=year,
                rows=rows,
                submit=submit,
            )
        except ValidationError as exc:
            errors = exc.messages
            status = 400
        else:
            if submit:
                messages.success(request, _("Đã gửi %(n)s đăng ký để cấp trên duyệt.") % {"n": sent})
            else:
                messages.success(request, _("Đã lưu %(n)s dòng đăng ký (chưa gửi).") % {"n": saved})
            return redirect(request.path + f"?nam={year}")
    catalog = selectors.honour_catalog(year)
    lines = selectors.unit_form_lines(movement=movement, organization=organization, year=year)
    for line in lines:
        r = line.registration
        line.honour = posted.get(line.key, {}).get("honour", r.honour if r else "")
        line.pledge = posted.get(line.key, {}).get("pledge", r.pledge if r else "")
        line.honour_name = _honour_name(catalog, r.honour) if r else ""
        line.locked = bool(r and r.status in Registration.LOCKED) or not can_register
    return render(
        request,
        "emulation/register.html",
        {
            "movement": movement,
            "organization": organization,
            "year": year,
            "lines": lines,
            "collective_choices": selectors.honour_choices(catalog, collective=True),
            "individual_choices": selectors.honour_choices(catalog, collective=False),
            "can_register": can_register,
            "editable": any(not line.locked for line in lines),
            "errors": errors,
        },
        status=status,
    )


# -------------------------------------------------------------------------------------------------- the rates


def _rates(request, pk: int) -> tuple[selectors.Rates, list[Movement]]:
    unit = access_organization(request.user, pk, Action.VIEW_UNIT)
    year = _year(request)
    movements = list(selectors.movement_list(actor=request.user, year=year))
    chosen = None
    raw = request.GET.get("phong-trao")
    if raw:
        chosen = next((m for m in movements if str(m.pk) == raw), None)
        if chosen is None:
            raise Http404
    return selectors.participation(unit=unit, year=year, movement=chosen), movements


@login_required
def rates(request, pk: int):
    """The participation of a unit's subtree in a year: individuals and collectives registered, per unit directly
    below and in total."""
    report, movements = _rates(request, pk)
    query = f"?nam={report.year}" + (f"&phong-trao={report.movement.pk}" if report.movement else "")
    return render(
        request,
        "emulation/rates.html",
        {"report": report, "unit": report.unit, "year": report.year, "movements": movements, "query": query},
    )


@login_required
def rates_xlsx(request, pk: int):
    report, _movements = _rates(request, pk)
    title = _("Tỷ lệ đăng ký thi đua năm %(y)s – %(unit)s") % {"y": report.year, "unit": report.unit.name}
    if report.movement:
        title += f" – {report.movement.name}"
    data = xlsx_table(
        sheet=_("Tỷ lệ đăng ký"),
        title=title,
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
    return attachment(data, XLSX, f"ty-le-dang-ky-thi-dua-{report.year}-{pk}.xlsx")


# -------------------------------------------------------------------------------------------------- clusters


@login_required
def clusters(request, pk: int):
    """The organizer's clusters of a year, and the form to form one (its committee and office)."""
    unit = selectors.access_organizer(request.user, pk)
    year = _year(request)
    can_manage = allowed(request.user, Action.MANAGE_EMULATION, unit)
    units = selectors.cluster_units(unit)
    form = ClusterForm(units=units)
    status = 200
    if request.method == "POST":
        require(request.user, Action.MANAGE_EMULATION, unit)
        form = ClusterForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                cluster = services.cluster_create(
                    actor=request.user,
                    organizer=unit,
                    year=year,
                    name=data["name"],
                    units=list(data["units"]),
                    leader=data["leader"],
                    deputy=data["deputy"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lập %(name)s năm %(y)s.") % {"name": cluster.name, "y": year})
                return redirect(cluster.get_absolute_url())
        status = 400
    found = selectors.clusters_of(organizer=unit, year=year)
    return render(
        request,
        "emulation/clusters.html",
        {"unit": unit, "year": year, "clusters": found, "form": form, "can_manage": can_manage},
        status=status,
    )


@login_required
def cluster(request, pk: int):
    """A cluster: its units, leader and deputy, where it came from and what it became, its pact and the results of
    its year-end review."""
    found = selectors.access_cluster(request.user, pk)
    catalog = selectors.honour_catalog(found.year)
    pact = Pact.objects.filter(cluster=found).first()
    items = pact.items if pact else []
    results = selectors.cluster_results(found, catalog)
    labels = {code: str(label) for code, label in ClusterResult.Outcome.choices}
    for line in results:
        r = line.result
        line.item_labels = [labels.get(v, "") for v in (r.items if r else [])] if r else []
        line.pledge_label = labels.get(r.pledge_outcome, "") if r and r.pledge_outcome else ""
        line.score_text = _score_text(r)
    return render(
        request,
        "emulation/cluster.html",
        {
            "cluster": found,
            "units": [line.unit for line in sorted(results, key=lambda line: line.unit.path)],
            "history": selectors.cluster_history(found),
            "pact": pact,
            "items": items,
            "results": results,
            "any_result": any(line.result for line in results),
            "can_keep": selectors.may_keep_cluster(request.user, found),
            "can_manage": allowed(request.user, Action.MANAGE_EMULATION, found.organizer),
        },
    )


def _score_text(result: ClusterResult | None) -> str:
    """98.50 -> "98,5"."""
    if result is None or result.score is None:
        return ""
    return f"{result.score.normalize():f}".replace(".", ",")


@login_required
def cluster_edit(request, pk: int):
    found = selectors.access_cluster(request.user, pk)
    require(request.user, Action.MANAGE_EMULATION, found.organizer)
    units = selectors.cluster_units(found.organizer)
    form = ClusterForm(
        initial={
            "name": found.name,
            "units": list(found.memberships.values_list("organization_id", flat=True)),
            "leader": found.leader_id,
            "deputy": found.deputy_id,
        },
        units=units,
    )
    status = 200
    if request.method == "POST":
        form = ClusterForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.cluster_update(
                    actor=request.user,
                    cluster=found,
                    name=data["name"],
                    units=list(data["units"]),
                    leader=data["leader"],
                    deputy=data["deputy"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi %(name)s.") % {"name": found.name})
                return redirect(found.get_absolute_url())
        status = 400
    return render(request, "emulation/cluster_form.html", {"cluster": found, "form": form}, status=status)


def _unit_choice(units: dict[int, Organization], raw: str) -> Organization | None:
    return units.get(int(raw)) if raw.isdigit() else None


@login_required
def cluster_split(request, pk: int):
    """Next year's clusters from this one: each unit placed in one of the new clusters, each with its name, leader
    and deputy."""
    found = selectors.access_cluster(request.user, pk)
    require(request.user, Action.MANAGE_EMULATION, found.organizer)
    units = {u.pk: u for u in found.units.order_by("path")}
    data = request.POST if request.method == "POST" else request.GET
    try:
        count = max(2, min(6, int(data.get("so-cum") or 2)))
    except ValueError:
        count = 2
    errors: list[str] = []
    status = 200
    target = selectors.year_from(data.get("nam") or request.GET.get("nam"), found.year + 1)
    if request.method == "POST":
        parts = [
            (
                data.get(f"name_{i}", ""),
                [u for pk_, u in units.items() if data.get(f"unit_{pk_}") == str(i)],
                _unit_choice(units, data.get(f"leader_{i}", "")),
                _unit_choice(units, data.get(f"deputy_{i}", "")),
            )
            for i in range(1, count + 1)
        ]
        try:
            created = services.cluster_split(actor=request.user, cluster=found, year=target, parts=parts)
        except ValidationError as exc:
            errors = exc.messages
            status = 400
        else:
            messages.success(
                request,
                _("Đã tách %(cluster)s thành %(names)s năm %(y)s.")
                % {"cluster": found.name, "names": ", ".join(c.name for c in created), "y": target},
            )
            return redirect(reverse("emulation:clusters", args=[found.organizer_id]) + f"?nam={target}")
    parts_view = [
        {
            "n": i,
            "name": data.get(f"name_{i}", ""),
            "leader": data.get(f"leader_{i}", ""),
            "deputy": data.get(f"deputy_{i}", ""),
        }
        for i in range(1, count + 1)
    ]
    placement = [(u, data.get(f"unit_{u.pk}", "")) for u in units.values()]
    return render(
        request,
        "emulation/split.html",
        {
            "cluster": found,
            "year": target,
            "count": count,
            "parts": parts_view,
            "placement": placement,
            "units": list(units.values()),
            "errors": errors,
        },
        status=status,
    )


@login_required
def cluster_merge(request, pk: int):
    """One cluster of a later year from several clusters of a year."""
    unit = selectors.access_organizer(request.user, pk)
    require(request.user, Action.MANAGE_EMULATION, unit)
    data = request.POST if request.method == "POST" else request.GET
    year = selectors.year_from(data.get("nam") or request.GET.get("nam"), timezone.localdate().year)
    target = selectors.year_from(data.get("nam-moi"), year + 1)
    sources = selectors.clusters_of(organizer=unit, year=year)
    chosen = {c for c in data.getlist("cluster") if c.isdigit()}
    units = {u.pk: u for c in sources for u in c.units.all()}
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            merged = services.cluster_merge(
                actor=request.user,
                clusters=[c for c in sources if str(c.pk) in chosen],
                year=target,
                name=data.get("name", ""),
                leader=_unit_choice(units, data.get("leader", "")),
                deputy=_unit_choice(units, data.get("deputy", "")),
            )
        except ValidationError as exc:
            errors = exc.messages
            status = 400
        else:
            messages.success(
                request, _("Đã hợp nhất thành %(name)s năm %(y)s.") % {"name": merged.name, "y": target}
            )
            return redirect(merged.get_absolute_url())
    return render(
        request,
        "emulation/merge.html",
        {
            "unit": unit,
            "year": year,
            "target": target,
            "sources": sources,
            "chosen": chosen,
            "units": sorted(units.values(), key=lambda u: u.path),
            "name": data.get("name", ""),
            "leader": data.get("leader", ""),
            "deputy": data.get("deputy", ""),
            "errors": errors,
        },
        status=status,
    )


# ----------------------------------------------------------------------------------------- pact and results


@login_required
def pact(request, pk: int):
    found = selectors.access_cluster(request.user, pk)
    if not selectors.may_keep_cluster(request.user, found):
        raise Http404
    current = Pact.objects.filter(cluster=found).first()
    form = PactForm(
        initial={
            "content": current.content if current else "",
            "signed_on": current.signed_on if current else None,
            "signatories": current.signatories
            if current
            else "\n".join(f"{u.name} – " for u in found.units.order_by("path")),
        }
    )
    status = 200
    if request.method == "POST":
        form = PactForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.pact_save(
                    actor=request.user,
                    cluster=found,
                    content=data["content"],
                    signed_on=data["signed_on"],
                    signatories=data["signatories"],
                    document=data["document"] or None,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi giao ước thi đua của %(name)s.") % {"name": found.name})
                return redirect(found.get_absolute_url() + "#giao-uoc")
        status = 400
    return render(
        request, "emulation/pact_form.html", {"cluster": found, "pact": current, "form": form}, status=status
    )


@login_required
def pact_file(request, pk: int):
    """The signed pact, for whoever sees the cluster; never through a public address."""
    found = selectors.access_cluster(request.user, pk)
    current = Pact.objects.filter(cluster=found).first()
    if current is None:
        raise Http404
    return stored_download(current.document)


@login_required
def results(request, pk: int):
    """The year-end review conference: for each member unit its registration, its result against it and each item
    of the pact, a score, a ranking and notes."""
    found = selectors.access_cluster(request.user, pk)
    if not selectors.may_keep_cluster(request.user, found):
        raise Http404
    catalog = selectors.honour_catalog(found.year)
    current = Pact.objects.filter(cluster=found).first()
    items = current.items if current else []
    errors: list[str] = []
    status = 200
    posted: dict[int, dict[str, Any]] = {}
    review_on = found.review_on
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("unit") if i.isdigit()]
        posted = {
            i: {
                "pledge": request.POST.get(f"pledge_{i}", ""),
                "items": [request.POST.get(f"item_{i}_{n}", "") for n in range(1, len(items) + 1)],
                "score": request.POST.get(f"score_{i}", ""),
                "ranking": request.POST.get(f"ranking_{i}", ""),
                "notes": request.POST.get(f"notes_{i}", ""),
            }
            for i in ids
        }
        raw_day = request.POST.get("review_on", "")
        review_on = parse_date(raw_day) if raw_day else None
        try:
            if raw_day and review_on is None:
                raise ValidationError(_("Ngày hội nghị tổng kết không hợp lệ."))
            n = services.results_save(actor=request.user, cluster=found, rows=posted, review_on=review_on)
        except ValidationError as exc:
            errors = exc.messages
            status = 400
        else:
            messages.success(request, _("Đã ghi kết quả tổng kết của %(n)s đơn vị.") % {"n": n})
            return redirect(found.get_absolute_url() + "#ket-qua")
    lines = sorted(selectors.cluster_results(found, catalog), key=lambda line: line.unit.path)
    for line in lines:
        r = line.result
        row = posted.get(line.unit.pk) or {
            "pledge": r.pledge_outcome if r else "",
            "items": list(r.items) if r else [],
            "score": _score_text(r),
            "ranking": str(r.ranking) if r and r.ranking else "",
            "notes": r.notes if r else "",
        }
        values = (list(row["items"]) + [""] * len(items))[: len(items)]
        line.row = row
        line.item_cells = [(n, item, values[n - 1]) for n, item in enumerate(items, start=1)]
    outcomes = ClusterResult.Outcome
    return render(
        request,
        "emulation/results_form.html",
        {
            "cluster": found,
            "lines": lines,
            "items": items,
            "review_on": review_on,
            "pledge_choices": [
                (outcomes.MET, outcomes.MET.label),
                (outcomes.NOT_MET, outcomes.NOT_MET.label),
            ],
            "item_choices": [(c, label) for c, label in outcomes.choices if c],
            "errors": errors,
        },
        status=status,
    )
