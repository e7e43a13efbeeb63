"""Pages of votes: the cell's polls and the form to put a question, a poll's page (open, enter the counted totals,
close, publish; who has voted once at least 3 have; the result only once closed), the member's ballot on a phone,
and the member's open polls. Every page goes through the gate; out of scope and missing answer 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from chibo.core.files import DOCX, attachment
from chibo.meetings.models import Meeting
from chibo.meetings.web.documents import documents_app
from chibo.members.models import Applicant, Member
from chibo.organizations.access import Action, access_organization, allowed, require
from chibo.organizations.models import Term
from chibo.votes import rules, services
from chibo.votes.models import Participation, Poll, Voter

app_name = "votes"


def access_poll(actor: Any, pk: Any, action: Action = Action.VIEW_UNIT) -> Poll:
    try:
        poll = Poll.objects.select_related("organization", "meeting", "subject").get(pk=int(pk))
    except (Poll.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if action == Action.VIEW_UNIT and Voter.objects.filter(poll=poll, member__user=actor).exists():
        return poll  # a member called to vote sees the poll
    require(actor, action, poll.organization)
    return poll


@login_required
def cell_polls(request, pk: int):
    organization = access_organization(request.user, pk, Action.VIEW_UNIT)
    can_run = allowed(request.user, Action.RUN_MEETINGS, organization)
    errors: dict[str, Any] = {}
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        access_organization(request.user, pk, Action.RUN_MEETINGS)  # 404, as every refused write
        subject = Member.objects.filter(organization=organization, pk=data.get("subject") or 0).first()
        applicant = Applicant.objects.filter(organization=organization, pk=data.get("applicant") or 0).first()
        term = Term.objects.filter(organization=organization, pk=data.get("term") or 0).first()
        meeting = Meeting.objects.filter(organization=organization, pk=data.get("meeting") or 0).first()
        try:
            seats = int(data.get("seats") or 0)
        except ValueError:
            seats = -1
        try:
            poll = services.poll_create(
                actor=request.user,
                organization=organization,
                title=data.get("title", ""),
                purpose=data.get("purpose", ""),
                kind=data.get("kind", ""),
                day=parse_date(data.get("day") or "") or timezone.localdate(),
                seats=seats,
                candidates=(data.get("candidates") or "").splitlines(),
                subject=subject,
                applicant=applicant,
                term=term,
                question=data.get("question", ""),
                meeting=meeting,
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"general": exc.messages}
        else:
            messages.success(request, _("Đã tạo biểu quyết."))
            return redirect(poll.get_absolute_url())
    polls = list(Poll.objects.filter(organization=organization).order_by("-day", "-id")[:50])
    return render(
        request,
        "votes/cell.html",
        {
            "organization": organization,
            "polls": polls,
            "can_run": can_run,
            "errors": errors,
            "data": data,
            # A nomination is put to a council or a cluster conference from the emulation pages.
            "purposes": [c for c in Poll.Purpose.choices if c[0] != Poll.Purpose.NOMINATION],
            "applicants": Applicant.objects.filter(organization=organization)
            .exclude(state=Applicant.State.ADMITTED)
            .order_by("full_name"),
            "terms": Term.objects.filter(organization=organization).order_by("-starts_on"),
            "kinds": Poll.Kind.choices,
            "members": Member.objects.filter(
                organization=organization, status=Member.Status.PROBATIONARY
            ).order_by("sort_key"),
            "today": timezone.localdate(),
            "meetings": list(
                Meeting.objects.filter(organization=organization)
                .exclude(status=Meeting.Status.CANCELLED)
                .order_by("-day")[:12]
            ),
            "chosen_meeting": str(data.get("meeting") or request.GET.get("buoi") or ""),
        },
    )


@login_required
def poll_detail(request, pk: int):
    poll = access_poll(request.user, pk)
    can_run = allowed(request.user, Action.RUN_MEETINGS, poll.organization)
    errors: list[str] = []
    if request.method == "POST":
        access_poll(request.user, pk, Action.RUN_MEETINGS)
        action = request.POST.get("action")
        try:
            if action == "open":
                services.poll_open(actor=request.user, poll=poll)
                messages.success(request, _("Đã mở biểu quyết."))
            elif action == "close":
                services.poll_close(actor=request.user, poll=poll)
                messages.success(request, _("Đã kết thúc biểu quyết."))
            elif action == "publish":
                services.poll_publish(actor=request.user, poll=poll)
                messages.success(request, _("Đã công bố kết quả."))
            elif action == "totals":
                fields = ("yes", "no", "abstain", "issued", "returned", "valid", "invalid")
                totals: dict[str, Any] = {f: request.POST.get(f) or "0" for f in fields if f in request.POST}
                per = {
                    key.removeprefix("candidate_"): value or "0"
                    for key, value in request.POST.items()
                    if key.startswith("candidate_")
                }
                if per:
                    totals["candidates"] = per
                services.totals_enter(actor=request.user, poll=poll, totals=totals)
                messages.success(request, _("Đã ghi số đếm."))
            else:
                raise Http404
        except ValidationError as exc:
            errors = exc.messages
        else:
            return redirect(poll.get_absolute_url())
        poll = access_poll(request.user, pk)
    voters = poll.voters.count()
    voted = (
        list(
            Participation.objects.filter(poll=poll)
            .order_by("member__sort_key")
            .values_list("member__full_name", flat=True)
        )
        if poll.kind == Poll.Kind.SECRET
        else list(poll.named_votes.order_by("member__sort_key").values_list("member__full_name", flat=True))
    )
    me = Member.objects.filter(user=request.user).only("id").first()
    has_voted = me is not None and (
        Participation.objects.filter(poll=poll, member=me).exists()
        or poll.named_votes.filter(member=me).exists()
    )
    may_vote = not has_voted and (
        me is not None
        and poll.status == Poll.Status.OPEN
        and poll.kind in (Poll.Kind.SECRET, Poll.Kind.NAMED)
        and Voter.objects.filter(poll=poll, member=me).exists()
    )
    return render(
        request,
        "votes/detail.html",
        {
            "poll": poll,
            "can_run": can_run,
            "errors": errors,
            "voters": voters,
            "voted_count": len(voted),
            "voted": voted if rules.show_participants(len(voted)) else None,
            "result": services.result(poll),
            "candidates": list(poll.candidates.all()),
            "may_vote": may_vote,
            "has_voted": has_voted,
            "quorum_warning": services.quorum_warning(poll),
            "counted": _counted_fields(poll, request.POST if errors else {}),
        },
    )


@login_required
def ballot(request, pk: int):
    poll = access_poll(request.user, pk)
    errors: list[str] = []
    if request.method == "POST":
        choices = [int(c) for c in request.POST.getlist("candidate") if c.isdigit()]
        try:
            services.vote(
                actor=request.user, poll=poll, answer=request.POST.get("answer", ""), choices=choices
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Phiếu của đồng chí đã được ghi nhận."))
            return redirect(poll.get_absolute_url())
    return render(
        request,
        "votes/ballot.html",
        {"poll": poll, "errors": errors, "answers": _answers(), "candidates": list(poll.candidates.all())},
    )


def _counted_fields(poll: Poll, entered: Any) -> dict[str, Any]:
    """The counting board's figures as the form shows them: what was just entered when it was refused, else what
    is stored."""
    stored = poll.totals or {}
    fields = {
        f: entered.get(f) or stored.get(f, 0)
        for f in ("issued", "returned", "valid", "invalid", "yes", "no", "abstain")
    }
    per = stored.get("candidates") or {}
    fields["candidates"] = [
        (c, entered.get(f"candidate_{c.pk}") or per.get(str(c.pk), "")) for c in poll.candidates.all()
    ]
    return fields


def _answers() -> list[tuple[str, str]]:
    return [
        (rules.Answer.YES, _("Tán thành")),
        (rules.Answer.NO, _("Không tán thành")),
        (rules.Answer.ABSTAIN, _("Không biểu quyết")),
    ]


@login_required
def my_polls(request):
    polls = list(services.waiting_for(Member.objects.filter(user=request.user).first()))
    return render(request, "votes/mine.html", {"polls": polls})


@login_required
def counting_record(request, pk: int):
    poll = access_poll(request.user, pk, Action.VIEW_UNIT)
    if poll.status not in (Poll.Status.CLOSED, Poll.Status.PUBLISHED):
        raise Http404  # no result before the poll closes
    return attachment(documents_app().counting_record(poll), DOCX, f"bien-ban-kiem-phieu-{poll.pk}.docx")


urlpatterns = [
    path("chi-bo/<int:pk>/", cell_polls, name="cell"),
    path("cua-toi/", my_polls, name="mine"),
    path("<int:pk>/", poll_detail, name="detail"),
    path("<int:pk>/bo-phieu/", ballot, name="vote"),
    path("<int:pk>/bien-ban-kiem-phieu/", counting_record, name="counting_record"),
]
