"""The preview: read a file, check every cell and row, split the good rows into new, changed and unchanged. Nothing
is written."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.memory import no_cyclic_gc
from chibo.members.imports.layout import (
    COLUMN_BY_FIELD,
    COLUMNS,
    DATE_POSITIONS,
    FIELDS,
    MISSING,
    NF,
    P_CEREMONY,
    P_FULL,
    P_ORG,
    P_STATUS,
    POS,
)
from chibo.members.imports.lookups import Cells, Unit, registered
from chibo.members.imports.reading import (
    BadValue,
    ImportFileError,
    Problem,
    cell_converters,
    date_problems,
    header_map,
    read_rows,
)
from chibo.members.models import Member

PROGRESS_EVERY = 10_000


HEADER_SEARCH_ROWS = 20  # the header row may sit under a title block


@dataclass
class NewRow:
    row: int
    citizen_id: str
    values: list[Any]
    organization_path: str


@dataclass
class ChangedRow:
    row: int
    citizen_id: str
    member_id: int
    values: list[Any]  # the file's values (MISSING where the file says nothing)
    old: tuple[Any, ...]  # the registered values, in FIELDS order
    changes: dict[str, tuple[Any, Any]]  # field -> (old, new)
    organization_path: str
    party_age_from: datetime.date


@dataclass
class ImportPreview:
    """What an import would do. Built by ``import_preview``; never built from data sent by a browser."""

    actor_id: int | None
    file_name: str
    rows_read: int = 0
    columns: list[str] = field(default_factory=list)  # the member fields the file has columns for
    problems: list[Problem] = field(default_factory=list)
    new: list[NewRow] = field(default_factory=list)
    changed: list[ChangedRow] = field(default_factory=list)
    unchanged: int = 0
    cell_names: dict[int, str] = field(default_factory=dict)  # the cells the rows name, old and new

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "changed": len(self.changed), "unchanged": self.unchanged}

    def messages(self, limit: int | None = None) -> list[str]:
        return [str(p) for p in (self.problems if limit is None else self.problems[:limit])]


def import_preview(
    *,
    actor: Any,
    file: str | os.PathLike | IO[bytes],
    name: str,
    progress: Callable[[int], None] | None = None,
    today: datetime.date | None = None,
) -> ImportPreview:
    """Read and check a file; nothing is written. ``progress(n)`` is called every 10,000 rows read.

    Raises Http404 when the actor may edit members nowhere (the same answer as the gate gives)."""
    today = today or timezone.localdate()
    cells = Cells(actor)
    if not cells.paths:
        raise Http404
    preview = ImportPreview(actor_id=getattr(actor, "pk", None), file_name=name)
    problems = preview.problems
    try:
        rows = read_rows(file, name)
        header_at, header = _find_header(rows, preview)
        if header is None:
            return preview
        plan, cell_columns = _plan(header, header_at, preview)
        if preview.problems:
            return preview
        with no_cyclic_gc():
            parsed = _parse_rows(rows, plan, cell_columns, cells, preview, progress, today)
    except ImportFileError as exc:
        problems.append(Problem(None, "", str(exc)))
        return preview
    with no_cyclic_gc():
        _compare(parsed, cells, preview, today)
    problems.sort(key=lambda p: (p.row or 0,))
    return preview


def _find_header(
    rows: Iterator[tuple[int, tuple[Any, ...]]], preview: ImportPreview
) -> tuple[int, dict[str, int] | None]:
    for number, row in rows:
        preview.rows_read = number
        found = header_map(row)
        if "citizen_id" in found:
            return number, found
        if number >= HEADER_SEARCH_ROWS:
            break
    preview.problems.append(
        Problem(
            None,
            "",
            _("Không tìm thấy dòng tiêu đề có cột “Số CCCD” trong %(count)s dòng đầu của tệp.")
            % {"count": HEADER_SEARCH_ROWS},
        )
    )
    return preview.rows_read, None


def _plan(
    header: dict[str, int], header_at: int, preview: ImportPreview
) -> tuple[list[tuple[int, int, Callable[[Any], Any], str]], list[tuple[int, str]]]:
    for column in COLUMNS:
        if column.required and column.field not in header:
            preview.problems.append(
                Problem(header_at, "", _("thiếu cột “%(column)s”") % {"column": column.header})
            )
    if "cell_code" not in header and "cell_name" not in header:
        preview.problems.append(Problem(header_at, "", _("thiếu cột “Mã chi bộ” hoặc “Chi bộ”")))
    converters = cell_converters()
    plan = [
        (header[name], POS[name], converters[name], COLUMN_BY_FIELD[name].header)
        for name in FIELDS
        if name in header
    ]
    cell_columns = [
        (header[name], COLUMN_BY_FIELD[name].header) for name in ("cell_code", "cell_name") if name in header
    ]
    preview.columns = [name for name in FIELDS if name in header] + ["organization_id"]
    plan.insert(0, (header["citizen_id"], -1, converters["citizen_id"], COLUMN_BY_FIELD["citizen_id"].header))
    return plan, cell_columns


@dataclass
class _Parsed:
    rows: list[tuple[int, str, list[Any], Unit]]


def _parse_rows(
    rows: Iterator[tuple[int, tuple[Any, ...]]],
    plan: list[tuple[int, int, Callable[[Any], Any], str]],
    cell_columns: list[tuple[int, str]],
    cells: Cells,
    preview: ImportPreview,
    progress: Callable[[int], None] | None,
    today: datetime.date,
) -> _Parsed:
    problems = preview.problems
    append_problem = problems.append
    seen: dict[str, int] = {}
    parsed: list[tuple[int, str, list[Any], Unit]] = []
    keep = parsed.append
    cid_index, _pos, cid_convert, cid_header = plan[0]
    field_plan = plan[1:]
    missing_row = [MISSING] * NF
    number = preview.rows_read
    for number, row in rows:
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number)
        if not any(v is not None and v != "" for v in row):
            continue
        width = len(row)
        bad = False
        values = missing_row[:]
        try:
            citizen_id = cid_convert(row[cid_index] if cid_index < width else None)
        except BadValue as exc:
            append_problem(Problem(number, cid_header, exc.message))
            citizen_id = None
            bad = True
        for index, pos, convert, header in field_plan:
            try:
                values[pos] = convert(row[index] if index < width else None)
            except BadValue as exc:
                append_problem(Problem(number, header, exc.message))
                bad = True
        unit = None
        for index, header in cell_columns:
            raw = row[index] if index < width else None
            if raw is None or (type(raw) is str and not raw.strip()):
                continue
            try:
                unit = cells.resolve(raw)
            except BadValue as exc:
                append_problem(Problem(number, header, exc.message))
                bad = True
            break
        else:
            append_problem(Problem(number, cell_columns[-1][1], _("thiếu chi bộ")))
            bad = True
        bad_dates = date_problems(values, today)
        if bad_dates:
            for name, message in bad_dates:
                append_problem(Problem(number, COLUMN_BY_FIELD[name].header, message))
            bad = True
        if citizen_id is not None:
            first = seen.get(citizen_id)
            if first is not None:
                append_problem(Problem(number, "", _("trùng số CCCD với dòng %(row)s") % {"row": first}))
                bad = True
            else:
                seen[citizen_id] = number
        if not bad:
            values[P_ORG] = unit.id  # type: ignore[union-attr]
            keep((number, citizen_id, values, unit))  # type: ignore[arg-type]
    preview.rows_read = number
    if progress is not None:
        progress(number)
    return _Parsed(parsed)


def _compare(parsed: _Parsed, cells: Cells, preview: ImportPreview, today: datetime.date) -> None:
    """Split the good rows into new, changed and unchanged against the register (one query per 10,000 IDs)."""
    existing = registered([citizen_id for _n, citizen_id, _v, _u in parsed.rows])
    present = [POS[name] for name in preview.columns]
    names = preview.cell_names
    for number, citizen_id, values, unit in parsed.rows:
        names[unit.id] = unit.name
        current = existing.get(citizen_id)
        if current is None:
            for pos in (P_CEREMONY, P_FULL):  # dates the file has no column for: not known
                if values[pos] is MISSING:
                    values[pos] = None
            if values[P_STATUS] is MISSING:
                values[P_STATUS] = Member.Status.FULL if values[P_FULL] else Member.Status.PROBATIONARY
            preview.new.append(NewRow(number, citizen_id, values, unit.path))
            continue
        member_id, organization_path, party_age_from, *old = current
        if not cells.covers(organization_path):
            preview.problems.append(
                Problem(
                    number,
                    COLUMN_BY_FIELD["citizen_id"].header,
                    _("đảng viên có số CCCD “%(value)s” đang sinh hoạt ở tổ chức ngoài phạm vi của đồng chí")
                    % {"value": citizen_id},
                )
            )
            continue
        old_unit = cells.by_id.get(old[P_ORG])
        if old_unit is not None:
            names[old_unit.id] = old_unit.name
        changes = {
            FIELDS[p]: (old[p], values[p])
            for p in present
            if values[p] is not MISSING and values[p] != old[p]
        }
        if not changes:
            preview.unchanged += 1
            continue
        merged = [old[p] if values[p] is MISSING else values[p] for p in range(NF)]
        if any(values[p] is MISSING for p in DATE_POSITIONS):
            # The file lacks a date column: the dates it gives must agree with the registered ones.
            bad_dates = date_problems(merged, today)
            if bad_dates:
                for name, message in bad_dates:
                    preview.problems.append(Problem(number, COLUMN_BY_FIELD[name].header, message))
                continue
        preview.changed.append(
            ChangedRow(number, citizen_id, member_id, merged, tuple(old), changes, unit.path, party_age_from)
        )
