"""What the checks compare with, fetched once per import: the organizations in the actor's editing scope and the
members already registered under the file's citizen IDs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from chibo.members.imports.layout import FIELDS
from chibo.members.imports.reading import BadValue
from chibo.members.models import Member
from chibo.organizations.access import Action, units_for
from chibo.organizations.models import Organization


@dataclass(frozen=True)
class Unit:
    id: int
    path: str
    name: str
    is_cell: bool
    dissolved: bool


class Cells:
    """The organizations in the actor's editing scope, fetched in one query, to resolve the cell column."""

    def __init__(self, actor: Any) -> None:
        self.paths = units_for(actor, Action.EDIT_MEMBERS)
        condition = Q()
        for path in self.paths:
            condition |= Q(path__startswith=path)
        cell_kinds = (Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL)
        self.by_code: dict[str, Unit] = {}
        self.by_name: dict[str, list[Unit]] = {}
        self.by_id: dict[int, Unit] = {}
        if not self.paths:
            return
        for pk, path, name, code, kind, dissolved_on in Organization.objects.filter(condition).values_list(
            "id", "path", "name", "code", "kind", "dissolved_on"
        ):
            unit = Unit(pk, path, name, kind in cell_kinds, dissolved_on is not None)
            self.by_id[pk] = unit
            if code:
                self.by_code[code.strip().casefold()] = unit
            self.by_name.setdefault(" ".join(name.split()), []).append(unit)
        self.cache: dict[str, Unit] = {}

    def covers(self, path: str) -> bool:
        return any(path.startswith(p) for p in self.paths)

    def resolve(self, raw: Any) -> Unit:
        text = " ".join(str(raw).split()) if raw is not None else ""
        if text in self.cache:
            return self.cache[text]
        unit = self.by_code.get(text.casefold())
        if unit is None:
            named = self.by_name.get(text, [])
            cells = [u for u in named if u.is_cell]
            active = [u for u in cells if not u.dissolved]
            if len(active) > 1:
                raise BadValue(
                    _("có %(count)s chi bộ tên “%(value)s” trong phạm vi của đồng chí: hãy ghi mã chi bộ")
                    % {"count": len(active), "value": text}
                )
            unit = active[0] if active else (cells[0] if cells else (named[0] if named else None))
        if unit is None:
            raise BadValue(_("không có chi bộ “%(value)s” trong phạm vi của đồng chí") % {"value": text})
        if not unit.is_cell:
            raise BadValue(
                _("“%(value)s” không phải là chi bộ: đảng viên sinh hoạt ở chi bộ") % {"value": text}
            )
        if unit.dissolved:
            raise BadValue(_("chi bộ “%(value)s” đã giải thể") % {"value": text})
        self.cache[text] = unit
        return unit


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def in_chunk_size() -> int:
    limit = connection.features.max_query_params
    return min(10_000, limit - 10) if limit else 10_000


def registered(citizen_ids: list[str]) -> dict[str, tuple[Any, ...]]:
    """citizen ID -> (id, organization_path, party_age_from, *FIELDS) of the members already registered."""
    found: dict[str, tuple[Any, ...]] = {}
    for chunk in chunks(citizen_ids, in_chunk_size()):
        for row in Member.objects.filter(citizen_id__in=chunk).values_list(
            "citizen_id", "id", "organization_path", "party_age_from", *FIELDS
        ):
            found[row[0]] = row[1:]
    return found
