import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from chibo.organizations import selectors, services
from chibo.organizations.access import Action, access_organization
from chibo.organizations.models import Organization

router = Router(tags=["organizations"])


class OfficerOut(Schema):
    role: str
    holder_name: str
    starts_on: datetime.date


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str
    code: str
    path: str
    depth: int
    parent_id: int | None = None
    founded_on: datetime.date | None
    dissolved_on: datetime.date | None
    children_count: int = Field(..., alias="numchild")
    officers: list[OfficerOut] = Field(default_factory=list, alias="current_seats")

    @staticmethod
    def resolve_parent_id(obj: Organization) -> int | None:
        return getattr(obj, "parent_id_cached", None)


class OrganizationIn(Schema):
    parent_id: int
    name: str
    kind: Organization.Kind
    code: str = ""
    founded_on: datetime.date | None = None


class OrganizationPatch(Schema):
    name: str | None = None
    parent_id: int | None = None
    on: datetime.date | None = None
    decision: str = ""


def _with_parent_ids(rows: list[Organization]) -> list[Organization]:
    """Parent ids from the paths, with one query for the whole page."""
    parent_paths = {r.path[: -Organization.steplen] for r in rows if r.depth > 1}
    ids = (
        dict(Organization.objects.filter(path__in=parent_paths).values_list("path", "id"))
        if parent_paths
        else {}
    )
    for r in rows:
        r.parent_id_cached = ids.get(r.path[: -Organization.steplen])
    return rows


class OrganizationPage(Schema):
    count: int
    items: list[OrganizationOut]


@router.get("", response=OrganizationPage, summary="Tổ chức trong phạm vi được xem")
def organization_list(
    request,
    q: str = "",
    parent_id: int | None = None,
    include_dissolved: bool = False,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0),
):
    parent = access_organization(request.auth, parent_id) if parent_id else None
    rows = selectors.organization_list(
        actor=request.auth, query=q, parent=parent, include_dissolved=include_dissolved
    )
    return {"count": rows.count(), "items": _with_parent_ids(list(rows[offset : offset + limit]))}


@router.get("/{organization_id}", response=OrganizationOut, summary="Một tổ chức")
def organization_detail(request, organization_id: int):
    organization = access_organization(request.auth, organization_id)
    organization.current_seats = selectors.organization_officers(organization=organization)
    return _with_parent_ids([organization])[0]


@router.post("", response={201: OrganizationOut}, summary="Thành lập tổ chức trực thuộc")
def organization_create(request, payload: OrganizationIn):
    parent = access_organization(request.auth, payload.parent_id, Action.EDIT_UNIT)
    organization = services.organization_create(
        actor=request.auth,
        parent=parent,
        name=payload.name,
        kind=payload.kind,
        code=payload.code,
        founded_on=payload.founded_on or timezone.localdate(),
    )
    organization.current_seats = []
    return 201, _with_parent_ids([organization])[0]


@router.patch("/{organization_id}", response=OrganizationOut, summary="Đổi tên hoặc chuyển trực thuộc")
def organization_update(request, organization_id: int, payload: OrganizationPatch):
    organization = access_organization(request.auth, organization_id, Action.EDIT_UNIT)
    on = payload.on or timezone.localdate()
    if payload.name is not None and payload.name != organization.name:
        organization = services.organization_rename(
            actor=request.auth, organization=organization, name=payload.name, on=on, decision=payload.decision
        )
    if payload.parent_id is not None:
        new_parent = access_organization(request.auth, payload.parent_id, Action.EDIT_UNIT)
        organization = services.organization_move(
            actor=request.auth,
            organization=organization,
            new_parent=new_parent,
            on=on,
            decision=payload.decision,
        )
    organization = get_object_or_404(Organization, pk=organization.pk)
    organization.current_seats = selectors.organization_officers(organization=organization)
    return _with_parent_ids([organization])[0]
