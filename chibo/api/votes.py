"""Votes through the API, for the notebook app: the polls waiting for the member, casting a ballot (the same service
and checks as the page), and a poll's state and, once closed, its result."""

from __future__ import annotations

import datetime

from ninja import Router, Schema

from chibo.members.models import Member
from chibo.votes import services
from chibo.votes.models import Poll
from chibo.votes.rules import Outcome
from chibo.votes.views import access_poll

router = Router(tags=["votes"])


class PollOut(Schema):
    id: int
    title: str
    purpose: str
    kind: str
    question: str  # yes_no and list: answer yes / no / abstain; choose: candidate ids, at most ``seats``
    status: str
    day: datetime.date
    seats: int
    candidates: list[dict]
    voters: int
    voted: int
    result: str | None

    @staticmethod
    def resolve_candidates(obj: Poll) -> list[dict]:
        return [{"id": c.pk, "name": c.name} for c in obj.candidates.all()]

    @staticmethod
    def resolve_voters(obj: Poll) -> int:
        counted = getattr(obj, "voter_count", None)  # annotated on lists
        return counted if counted is not None else obj.voters.count()

    @staticmethod
    def resolve_voted(obj: Poll) -> int:
        counted = getattr(obj, "voted_count", None)
        if counted is not None:
            return counted
        return obj.participations.count() if obj.kind == Poll.Kind.SECRET else obj.named_votes.count()

    @staticmethod
    def resolve_result(obj: Poll) -> str | None:
        outcome = services.result(obj)
        return outcome.words if isinstance(outcome, Outcome) else None


class BallotIn(Schema):
    answer: str = ""
    choices: list[int] = []


class Recorded(Schema):
    recorded: bool


@router.get("/mine", response=list[PollOut])
def my_polls(request):
    """The open polls the member is called to and has not voted in yet."""
    return list(services.waiting_for(Member.objects.filter(user=request.user).first()))


@router.get("/{poll_id}", response=PollOut)
def poll_detail(request, poll_id: int):
    return access_poll(request.user, poll_id)


@router.post("/{poll_id}/ballot", response=Recorded)
def cast(request, poll_id: int, payload: BallotIn):
    """Cast the member's ballot: refused (422, with the reason) when the member is not called, has voted, or the
    poll is not open."""
    poll = access_poll(request.user, poll_id)
    services.vote(actor=request.user, poll=poll, answer=payload.answer, choices=payload.choices)
    return {"recorded": True}
