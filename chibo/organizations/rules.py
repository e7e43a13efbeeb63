"""Rules of the organization tree. Pure functions: plain values in, plain values out.

Sources are those of DOMAIN.md, "Organization": the Party Charter of 2011, chapter IV (arts. 21–24),
on the kinds of grassroots organizations and what may stand under what.
"""

COMMITTEE = "committee"
GRASSROOTS_COMMITTEE = "grassroots_committee"
GRASSROOTS_CELL = "grassroots_cell"
CELL = "cell"

CELL_KINDS = frozenset({GRASSROOTS_CELL, CELL})
COMMITTEE_KINDS = frozenset({COMMITTEE, GRASSROOTS_COMMITTEE})

# Charter arts. 21–24: a higher committee leads grassroots committees and grassroots cells (and, above the
# grassroots, other committees); a grassroots committee leads its cells; a cell has no party unit under it.
_ALLOWED_CHILDREN = {
    COMMITTEE: frozenset({COMMITTEE, GRASSROOTS_COMMITTEE, GRASSROOTS_CELL}),
    GRASSROOTS_COMMITTEE: frozenset({CELL}),
    GRASSROOTS_CELL: frozenset(),
    CELL: frozenset(),
}


def child_kind_allowed(*, parent_kind: str | None, child_kind: str) -> bool:
    """May a unit of ``child_kind`` stand directly under one of ``parent_kind`` (None: at the top)?"""
    if parent_kind is None:
        return child_kind == COMMITTEE
    return child_kind in _ALLOWED_CHILDREN.get(parent_kind, frozenset())


def seat_grant_role(*, seat_role: str, organization_kind: str) -> str:
    """The access role a committee seat gives while it lasts (DESIGN.md "Access": grants follow office).

    Any seat on a cell committee (chi ủy) makes a cell officer. On a party committee the secretary, deputies
    and standing members are committee officers; an ordinary committee member supervises (attends and
    evaluates the cells' meetings, DOMAIN.md "Cell meetings").
    """
    if organization_kind in CELL_KINDS:
        return "cell_officer"
    if seat_role == "committee_member":
        return "supervisor"
    return "committee_officer"
