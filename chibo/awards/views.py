"""Pages of commendation: a unit's award register (with its .xlsx) and the form to enter an award, the initiatives,
the award streaks, the nomination rounds and a round's page (the candidates with the system's verdict, the ballot,
the proposal dossier as .docx and the list as .xlsx, the decision). Every page and download goes through the gate
(``view_members`` to read, ``manage_emulation`` to write); out of scope and missing answer 404."""

from __future__ import annotations

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

from chibo.awards import selectors, services
from chibo.awards.models import Initiative, Nomination, NominationRound, Scope
from chibo.core.files import DOCX, XLSX, attachment, xlsx_table
from chibo.emulation import rules
from chibo.emulation.models import Cluster
from chibo.meetings.web.documents import documents_app
from chibo.members.models import Member
from chibo.organizations.access import Action, access_organization, allowed, require, units_for
from chibo.organizations.models import Organization

app_name = "awards"
PER_PAGE = 100


def _year(value: Any, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 1990 <= year <= 2100 else default


def _errors(exc: ValidationError) -> dict[str, Any]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"general": exc.messages}


def _member_by_id(unit: Organization, citizen_id: str) -> Member | None:
    """A member of ``unit``'s subtree by citizen ID (the key the office has on its papers)."""
    return (
        Member.objects.filter(organization_path__startswith=unit.path, citizen_id=(citizen_id or "").strip())
        .select_related("organization")
        .first()
    )


def _last_year() -> int:
    return timezone.localdate().year - (0 if timezone.localdate().month == 12 else 1)


@login_required
def home(request):
    """The menu's entry: the award register of the first unit where the user may see members."""
    paths = units_for(request.user, Action.VIEW_MEMBERS)
    unit = Organization.objects.filter(path__in=paths).order_by("path").first() if paths else None
    if unit is None:
        raise Http404
    return redirect(reverse("awards:register", args=[unit.pk]))


@login_required
def register(request, pk: int):
    unit = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    can_manage = allowed(request.user, Action.MANAGE_EMULATION, unit)
    # The latest year by default; an empty year shows every year.
    year = _year(request.GET.get("nam"), 0) or None if "nam" in request.GET else _last_year()
    honour = request.GET.get("danh-hieu", "")
    catalog = rules.honours(selectors.values_for(year or _last_year())["emulation"])
    errors: dict[str, Any] = {}
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        access_organization(request.user, pk, Action.MANAGE_EMULATION)
        citizen_id = data.get("citizen_id", "").strip()
        member = _member_by_id(unit, citizen_id) if citizen_id else None
        if citizen_id and member is None:
            errors = {
                "citizen_id": [
                    _("Không có đảng viên có số CCCD %(id)s trong %(unit)s.")
                    % {"id": citizen_id, "unit": unit.name}
                ]
            }
        else:
            try:
                award = services.award_record(
                    actor=request.user,
                    organization=unit,
                    honour=data.get("honour", ""),
                    year=_year(data.get("year"), 0),
                    member=member,
                    decision_number=data.get("decision_number", ""),
                    decided_on=parse_date(data.get("decided_on") or ""),
                    issuer=data.get("issuer", ""),
                )
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                messages.success(request, _("Đã ghi khen thưởng."))
                return redirect(reverse("awards:register", args=[pk]) + f"?nam={award.year}")
    awards = list(selectors.awards_in(unit, year=year, honour=honour)[:PER_PAGE])
    return render(
        request,
        "awards/register.html",
        {
            "unit": unit,
            "awards": awards,
            "shown": len(awards),
            "per_page": PER_PAGE,
            "year": year,
            "honour": honour,
            "catalog": list(catalog.values()),
            "can_manage": can_manage,
            "errors": errors,
            "data": data,
            "default_year": _last_year(),
        },
    )


@login_required
def register_xlsx(request, pk: int):
    unit = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    year = _year(request.GET.get("nam"), 0) or None
    rows = [
        [
            a.year,
            a.honour_name,
            a.member.full_name if a.member else "",
            a.organization.name,
            a.decision_number,
            a.decided_on.strftime("%d/%m/%Y"),
            a.issuer,
        ]
        for a in selectors.awards_in(unit, year=year, honour=request.GET.get("danh-hieu", ""))
    ]
    data = xlsx_table(
        sheet=_("Khen thưởng"),
        title=_("Sổ khen thưởng – %(unit)s") % {"unit": unit.name},
        header=[
            _("Năm"),
            _("Danh hiệu, hình thức"),
            _("Cá nhân"),
            _("Đơn vị"),
            _("Số quyết định"),
            _("Ngày"),
            _("Cơ quan ban hành"),
        ],
        rows=rows,
    )
    return attachment(data, XLSX, f"khen-thuong-{unit.pk}.xlsx")


@login_required
def streaks(request, pk: int):
    unit = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    through = _year(request.GET.get("nam"), _last_year())
    catalog = rules.honours(selectors.values_for(through)["emulation"])
    honour = request.GET.get("danh-hieu") or "tap_the_lao_dong_xuat_sac"
    found = catalog.get(honour)
    if found is None:
        raise Http404
    try:
        years = max(1, min(30, int(request.GET.get("so-nam") or 5)))
    except ValueError:
        years = 5
    collective = (
        request.GET.get("doi-tuong", "") != "ca-nhan"
        if found.recipient == rules.ANY
        else (found.recipient == rules.COLLECTIVE)
    )
    rows = selectors.award_streaks(
        unit=unit, honour=honour, min_years=years, through=through, collective=collective
    )
    return render(
        request,
        "awards/streaks.html",
        {
            "unit": unit,
            "rows": rows,
            "honour": found,
            "catalog": list(catalog.values()),
            "years": years,
            "through": through,
            "collective": collective,
        },
    )


@login_required
def eligibility(request, pk: int):
    """For any candidate and year: each honour, eligible or not, and why (a member by citizen ID, or a unit)."""
    unit = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    year = _year(request.GET.get("nam"), _last_year())
    citizen_id = request.GET.get("cccd", "").strip()
    member = _member_by_id(unit, citizen_id) if citizen_id else None
    candidate = Organization.objects.filter(
        path__startswith=unit.path,
        pk=int(request.GET.get("don-vi") or 0) if (request.GET.get("don-vi") or "").isdigit() else 0,
    ).first()
    error = ""
    if citizen_id and member is None:
        error = _("Không có đảng viên có số CCCD %(id)s trong %(unit)s.") % {
            "id": citizen_id,
            "unit": unit.name,
        }
    found = (
        selectors.verdicts(year=year, member=member)
        if member is not None
        else selectors.verdicts(year=year, unit=candidate)
        if candidate is not None and not citizen_id
        else []
    )
    return render(
        request,
        "awards/eligibility.html",
        {
            "unit": unit,
            "year": year,
            "member": member,
            "candidate": candidate if member is None else None,
            "citizen_id": citizen_id,
            "verdicts": found,
            "error": error,
            "units": list(
                Organization.objects.filter(path__startswith=unit.path, dissolved_on__isnull=True)
                .order_by("path")
                .only("id", "name")[:500]
            ),
        },
    )


@login_required
def initiatives(request, pk: int):
    unit = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    can_manage = allowed(request.user, Action.MANAGE_EMULATION, unit)
    errors: dict[str, Any] = {}
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        access_organization(request.user, pk, Action.MANAGE_EMULATION)
        member = _member_by_id(unit, data.get("citizen_id", ""))
        if member is None:
            errors = {
                "citizen_id": [
                    _("Không có đảng viên có số CCCD %(id)s trong %(unit)s.")
                    % {"id": data.get("citizen_id", ""), "unit": unit.name}
                ]
            }
        else:
            try:
                services.initiative_record(
                    actor=request.user,
                    member=member,
                    title=data.get("title", ""),
                    year=_year(data.get("year"), 0),
                    scope=data.get("scope", ""),
                    decision=data.get("decision", ""),
                )
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                messages.success(request, _("Đã ghi sáng kiến."))
                return redirect(reverse("awards:initiatives", args=[pk]))
    rows = list(
        Initiative.objects.filter(organization_path__startswith=unit.path)
        .select_related("member__organization")
        .order_by("-year", "member__sort_key")[:PER_PAGE]
    )
    return render(
        request,
        "awards/initiatives.html",
        {
            "unit": unit,
            "rows": rows,
            "scopes": Scope.choices,
            "can_manage": can_manage,
            "errors": errors,
            "data": data,
            "default_year": _last_year(),
        },
    )


@login_required
def rounds(request, pk: int):
    unit = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    can_manage = allowed(request.user, Action.MANAGE_EMULATION, unit)
    clusters = Cluster.objects.filter(organizer=unit).order_by("-year", "name")
    errors: dict[str, Any] = {}
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        access_organization(request.user, pk, Action.MANAGE_EMULATION)
        ids = [line.strip() for line in data.get("voters", "").splitlines() if line.strip()]
        cluster = clusters.filter(
            pk=int(data.get("cluster") or 0) if (data.get("cluster") or "").isdigit() else 0
        ).first()
        found = {
            m.citizen_id: m
            for m in Member.objects.filter(organization_path__startswith=unit.path, citizen_id__in=ids)
        }
        unknown = [i for i in ids if i not in found]
        if unknown:
            errors = {
                "voters": [
                    _("Không có trong %(unit)s: %(ids)s.") % {"unit": unit.name, "ids": ", ".join(unknown)}
                ]
            }
        else:
            try:
                round_ = services.round_create(
                    actor=request.user,
                    organization=unit,
                    year=_year(data.get("year"), 0),
                    body=data.get("body", ""),
                    held_on=parse_date(data.get("held_on") or ""),
                    voters=[found[i] for i in dict.fromkeys(ids)],
                    cluster=cluster,
                )
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                messages.success(request, _("Đã lập đợt bình xét."))
                return redirect(round_.get_absolute_url())
    return render(
        request,
        "awards/rounds.html",
        {
            "unit": unit,
            "rounds": list(
                NominationRound.objects.filter(organization=unit)
                .select_related("cluster")
                .order_by("-year", "-held_on")
            ),
            "clusters": list(clusters[:40]),
            "can_manage": can_manage,
            "errors": errors,
            "data": data,
            "default_year": _last_year(),
            "today": timezone.localdate(),
        },
    )


def _access_round(actor: Any, pk: Any, action: Action = Action.VIEW_MEMBERS) -> NominationRound:
    try:
        round_ = NominationRound.objects.select_related("organization").get(pk=int(pk))
    except (NominationRound.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    require(actor, action, round_.organization)
    return round_


def _round_context(round_: NominationRound) -> dict[str, Any]:
    values = selectors.values_for(round_.year)
    catalog = rules.honours(values["emulation"])
    nominations = list(
        round_.nominations.select_related("member", "organization", "poll").order_by("honour", "id")
    )
    order = list(catalog)
    nominations.sort(key=lambda n: (order.index(n.honour) if n.honour in order else len(order), n.pk))
    voters = list(round_.voters.order_by("sort_key"))
    counts: dict[str, int] = {}
    for n in nominations:
        setattr(n, "rate_words", rules.Rate(n.votes, len(voters)).words if n.votes is not None else "")  # noqa: B010
        if round_.status in (NominationRound.Status.PREPARING, NominationRound.Status.VOTING) or n.passed:
            counts[n.honour] = counts.get(n.honour, 0) + 1
    council = {
        n.pk: rules.council_warning(n.votes or 0, len(voters), catalog[n.honour], values["emulation"])
        for n in nominations
        if n.passed and n.honour in catalog
    }
    return {
        "round": round_,
        "unit": round_.organization,
        "nominations": nominations,
        "voters": voters,
        "catalog": list(catalog.values()),
        "caps": rules.cap_warnings(counts, values["emulation"]),
        "council": council,
        "polls": list(dict.fromkeys(n.poll for n in nominations if n.poll)),
        "all_published": all(n.poll.status == "published" for n in nominations if n.poll),
        "units": list(
            Organization.objects.filter(path__startswith=round_.organization.path, dissolved_on__isnull=True)
            .order_by("path")
            .only("id", "name", "depth")
        ),
    }


@login_required
def round_detail(request, pk: int):
    round_ = _access_round(request.user, pk)
    can_manage = allowed(request.user, Action.MANAGE_EMULATION, round_.organization)
    errors: dict[str, Any] = {}
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        _access_round(request.user, pk, Action.MANAGE_EMULATION)
        action = data.get("action")
        try:
            if action == "nominate":
                citizen_id = data.get("citizen_id", "").strip()
                member = _member_by_id(round_.organization, citizen_id) if citizen_id else None
                if citizen_id and member is None:
                    raise ValidationError(
                        {
                            "citizen_id": _("Không có đảng viên có số CCCD %(id)s trong %(unit)s.")
                            % {"id": citizen_id, "unit": round_.organization.name}
                        }
                    )
                unit = Organization.objects.filter(
                    path__startswith=round_.organization.path,
                    pk=int(data.get("unit") or 0) if (data.get("unit") or "").isdigit() else 0,
                ).first()
                nomination = services.nominate(
                    actor=request.user,
                    round=round_,
                    honour=data.get("honour", ""),
                    member=member,
                    unit=None if member else unit,
                    achievements=data.get("achievements", ""),
                )
                messages.success(
                    request, _("Đã đưa %(name)s vào danh sách đề nghị.") % {"name": nomination.recipient_name}
                )
            elif action == "vote":
                services.round_put_to_vote(actor=request.user, round=round_)
                messages.success(request, _("Đã mở bỏ phiếu kín cho từng danh hiệu."))
            elif action == "propose":
                services.round_propose(actor=request.user, round=round_)
                messages.success(request, _("Đã lập tờ trình."))
            elif action == "decide":
                made = services.round_decide(
                    actor=request.user,
                    round=round_,
                    decision_number=data.get("decision_number", ""),
                    decided_on=parse_date(data.get("decided_on") or ""),
                    issuer=data.get("issuer", ""),
                )
                messages.success(request, _("Đã ghi %(n)s khen thưởng vào sổ.") % {"n": len(made)})
            else:
                raise Http404
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            return redirect(round_.get_absolute_url())
        round_ = _access_round(request.user, pk)
    return render(
        request,
        "awards/round.html",
        {
            **_round_context(round_),
            "can_manage": can_manage,
            "errors": errors,
            "data": data,
            "today": timezone.localdate(),
        },
    )


def _ready(round_: NominationRound) -> None:
    if round_.status not in (NominationRound.Status.PROPOSED, NominationRound.Status.DECIDED):
        raise Http404  # the dossier exists once the ballots are counted


@login_required
def dossier_docx(request, pk: int):
    round_ = _access_round(request.user, pk)
    _ready(round_)
    data = documents_app().awards_document(round_)
    return attachment(data, DOCX, f"to-trinh-khen-thuong-{round_.year}-{round_.pk}.docx")


@login_required
def dossier_xlsx(request, pk: int):
    round_ = _access_round(request.user, pk)
    _ready(round_)
    voters = round_.voters.count()
    rows = [
        [
            i,
            n.honour_name,
            n.recipient_name,
            n.organization.name if n.member_id else "",
            n.votes or 0,
            voters,
            rules.Rate(n.votes or 0, voters).percent,
        ]
        for i, n in enumerate(
            Nomination.objects.filter(round=round_, passed=True)
            .select_related("member", "organization")
            .order_by("poll_id", "-votes", "id"),
            start=1,
        )
    ]
    data = xlsx_table(
        sheet=_("Đề nghị khen thưởng"),
        title=_("Danh sách đề nghị khen thưởng năm %(year)s – %(unit)s")
        % {"year": round_.year, "unit": round_.organization.name},
        header=[
            _("STT"),
            _("Danh hiệu, hình thức"),
            _("Họ và tên, tên tập thể"),
            _("Đơn vị"),
            _("Tán thành"),
            _("Số thành viên"),
            _("Tỷ lệ (%)"),
        ],
        rows=rows,
    )
    return attachment(data, XLSX, f"danh-sach-khen-thuong-{round_.year}-{round_.pk}.xlsx")


urlpatterns = [
    path("", home, name="home"),
    path("don-vi/<int:pk>/", register, name="register"),
    path("don-vi/<int:pk>/excel/", register_xlsx, name="register_xlsx"),
    path("don-vi/<int:pk>/lien-tuc/", streaks, name="streaks"),
    path("don-vi/<int:pk>/sang-kien/", initiatives, name="initiatives"),
    path("don-vi/<int:pk>/xet-dieu-kien/", eligibility, name="eligibility"),
    path("don-vi/<int:pk>/binh-xet/", rounds, name="rounds"),
    path("binh-xet/<int:pk>/", round_detail, name="round"),
    path("binh-xet/<int:pk>/to-trinh.docx", dossier_docx, name="dossier_docx"),
    path("binh-xet/<int:pk>/danh-sach.xlsx", dossier_xlsx, name="dossier_xlsx"),
]
