"""The member register under /api/v1/members. Every endpoint reads and writes through the gate: a member out of
the token holder's scope answers 404, as a missing one does."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from chibo.members import rules, selectors, services
from chibo.members.forms import CITIZEN_ID
from chibo.members.models import Member
from chibo.organizations.access import Action, access_organization

router = Router(tags=["members"])


class MemberOut(Schema):
    id: int
    citizen_id: str
    full_name: str
    sex: str
    born_on: datetime.date
    ethnicity: str
    religion: str
    hometown: str
    residence: str
    job: str
    position: str
    education: str
    political_theory: str
    card_number: str
    admitted_on: datetime.date
    ceremony_on: datetime.date | None
    full_on: datetime.date | None
    status: str
    seriously_ill: bool
    organization_id: int
    organization_name: str
    party_age_years: int

    @staticmethod
    def resolve_organization_name(obj: Member) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_party_age_years(obj: Member) -> int:
        return rules.completed_years(obj.party_age_from, timezone.localdate())


class MemberPage(Schema):
    count: int
    items: list[MemberOut]


class MemberIn(Schema):
    organization_id: int
    citizen_id: str
    full_name: str
    sex: Member.Sex
    born_on: datetime.date
    admitted_on: datetime.date
    status: Member.Status = Member.Status.PROBATIONARY
    joined_on: datetime.date | None = None
    ethnicity: str = "Kinh"
    religion: str = "Không"
    hometown: str = ""
    residence: str = ""
    job: str = ""
    position: str = ""
    education: Member.Education = Member.Education.NONE
    political_theory: Member.Theory = Member.Theory.NONE
    card_number: str = ""
    ceremony_on: datetime.date | None = None
    full_on: datetime.date | None = None
    seriously_ill: bool = False


class MemberPatch(Schema):
    full_name: str | None = None
    sex: Member.Sex | None = None
    born_on: datetime.date | None = None
    ethnicity: str | None = None
    religion: str | None = None
    hometown: str | None = None
    residence: str | None = None
    job: str | None = None
    position: str | None = None
    education: Member.Education | None = None
    political_theory: Member.Theory | None = None
    card_number: str | None = None
    admitted_on: datetime.date | None = None
    ceremony_on: datetime.date | None = None
    full_on: datetime.date | None = None
    seriously_ill: bool | None = None


class StatusIn(Schema):
    status: Member.Status
    on: datetime.date
    reason: str = ""
    decision: str = ""


class TransferIn(Schema):
    to_id: int
    on: datetime.date
    note: str = ""


@router.get("", response=MemberPage, summary="Đảng viên trong phạm vi được xem")
def member_list(
    request,
    q: str = "",
    organization_id: int | None = None,
    status: list[Member.Status] = Query([]),  # noqa: B008
    education: Member.Education | None = None,
    theory: Member.Theory | None = None,
    age_min: int | None = Query(None, ge=0),
    age_max: int | None = Query(None, ge=0),
    include_inactive: bool = False,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0),
):
    organization = (
        access_organization(request.auth, organization_id, Action.VIEW_MEMBERS) if organization_id else None
    )
    rows = selectors.member_list(
        actor=request.auth,
        filters=selectors.MemberFilters(
            organization=organization,
            query=q.strip(),
            statuses=[s.value for s in status],
            education=education.value if education else "",
            theory=theory.value if theory else "",
            age_min=age_min,
            age_max=age_max,
            include_inactive=include_inactive,
        ),
    )
    return {"count": rows.count(), "items": list(rows[offset : offset + limit])}


@router.get("/{member_id}", response=MemberOut, summary="Một đảng viên")
def member_detail(request, member_id: int):
    return selectors.access_member(request.auth, member_id)


@router.post("", response={201: MemberOut}, summary="Thêm đảng viên vào một chi bộ")
def member_create(request, payload: MemberIn):
    organization = access_organization(request.auth, payload.organization_id, Action.EDIT_MEMBERS)
    if not CITIZEN_ID.match(payload.citizen_id):
        raise ValidationError({"citizen_id": _("Số CCCD phải gồm đúng 12 chữ số.")})
    data = payload.model_dump(exclude={"organization_id"})
    for name in ("sex", "status", "education", "political_theory"):
        data[name] = str(data[name].value if hasattr(data[name], "value") else data[name])
    member = services.member_create(actor=request.auth, organization=organization, **data)
    return 201, member


@router.patch("/{member_id}", response=MemberOut, summary="Sửa hồ sơ đảng viên")
def member_update(request, member_id: int, payload: MemberPatch):
    member = selectors.access_member(request.auth, member_id, Action.EDIT_MEMBERS)
    changes = {
        name: value.value if hasattr(value, "value") else value
        for name, value in payload.model_dump(exclude_unset=True).items()
    }
    return services.member_update(actor=request.auth, member=member, **changes)


@router.post("/{member_id}/status", response=MemberOut, summary="Thay đổi tình trạng đảng viên")
def member_status(request, member_id: int, payload: StatusIn):
    member = selectors.access_member(request.auth, member_id, Action.EDIT_MEMBERS)
    return services.member_change_status(
        actor=request.auth,
        member=member,
        status=payload.status.value,
        on=payload.on,
        reason=payload.reason,
        decision=payload.decision,
    )


@router.post("/{member_id}/transfer", response=MemberOut, summary="Chuyển sinh hoạt đảng trong hệ thống")
def member_transfer(request, member_id: int, payload: TransferIn):
    member = selectors.access_member(request.auth, member_id, Action.EDIT_MEMBERS)
    to = access_organization(request.auth, payload.to_id, Action.EDIT_MEMBERS)
    return services.member_transfer(
        actor=request.auth, member=member, to=to, on=payload.on, note=payload.note
    )
