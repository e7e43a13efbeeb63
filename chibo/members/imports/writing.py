"""The commit: write a checked preview into the register in one transaction, in bulk, with one audit line."""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core import text as text_helpers
from chibo.core.audit import audit_record
from chibo.core.memory import no_cyclic_gc
from chibo.core.text import fold
from chibo.members import rules
from chibo.members.imports.checking import ChangedRow, ImportPreview, NewRow
from chibo.members.imports.layout import FIELDS, INACTIVE, MISSING, P_ADMITTED, P_FULL, P_ORG, P_STATUS
from chibo.members.imports.lookups import Cells, chunks, in_chunk_size
from chibo.members.models import Member, Membership, PartyGap, StatusChange
from chibo.organizations.models import Organization

AUDIT_DETAIL_LIMIT = 100  # row-level changes are kept in the audit line only up to this many rows


BATCH = 1000


@dataclass(frozen=True)
class ImportResult:
    new: int
    changed: int
    unchanged: int


def _member_fields(values: list[Any]) -> dict[str, Any]:
    return {name: values[i] for i, name in enumerate(FIELDS) if values[i] is not MISSING}


@transaction.atomic
def import_commit(*, actor: Any, preview: ImportPreview, today: datetime.date | None = None) -> ImportResult:
    """Write a checked preview into the register: all of it or, on any error, nothing.

    New members are created with their first status history and membership; changed members are updated field
    by field (a new cell is a transfer dated today, a new status a status change); one audit line summarises the
    import. An import that changes nothing writes nothing, not even the audit line."""
    if preview.actor_id != getattr(actor, "pk", None):
        raise ValidationError(_("Bản xem trước này được lập cho tài khoản khác."))
    if preview.problems:
        raise ValidationError(
            _("Tệp còn %(count)s lỗi: chưa nhập gì vào sổ. Hãy sửa tệp rồi nhập lại.")
            % {"count": len(preview.problems)}
        )
    # The scope is checked again at the moment of writing: a grant may have ended since the preview.
    cells = Cells(actor)
    paths = {r.organization_path for r in preview.new} | {r.organization_path for r in preview.changed}
    if not all(cells.covers(path) for path in paths):
        raise Http404
    today = today or timezone.localdate()
    if not preview.new and not preview.changed:
        return ImportResult(0, 0, preview.unchanged)
    recorder = getattr(actor, "pk", None)
    with no_cyclic_gc():
        _create_new(preview.new, recorder)
    _apply_changes(preview.changed, recorder, today)
    _audit(actor, preview)
    return ImportResult(len(preview.new), len(preview.changed), preview.unchanged)


def _batch_size() -> int:
    limit = connection.features.max_query_params
    return BATCH if not limit else max(1, min(BATCH, limit // 30))


class _Inserter:
    """Plain multi-row inserts for the new rows of a large import: Django's ``bulk_create`` spends most of its
    time preparing each value of each model instance, which for 100,000 members with their history and
    memberships costs more than reading the file. Values are given as dicts of column values (attnames); model
    defaults fill the rest, as ``bulk_create`` would. PostgreSQL gets ``COPY``, other databases ``executemany``."""

    def __init__(self, model: type[models.Model]) -> None:
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.table = model._meta.db_table
        self.names = [f.attname for f in self.fields]
        self.columns = [str(f.column) for f in self.fields]

    @staticmethod
    def moment(value: datetime.datetime) -> Any:
        """A date-time as this database takes it (adapted once, not once per row)."""
        if connection.vendor == "postgresql":
            return value
        return connection.ops.adapt_datetimefield_value(value)

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        defaults = self.defaults
        return tuple([values[n] if n in values else defaults[n] for n in self.names])

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(self.table)} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            marks = ", ".join(["%s"] * len(self.columns))
            sql = f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from models
            for chunk in chunks(rows, 10_000):
                cursor.executemany(sql, chunk)


_word_key = functools.lru_cache(maxsize=100_000)(text_helpers._letters_and_tones)


def sort_key(full_name: str) -> str:
    """``chibo.core.text.name_sort_key`` with each word's key cached: names share few words (Nguyễn, Văn, Thị
    …), and keying 100,000 names word by word is a second of work without the cache. A test keeps the two
    equal."""
    words = full_name.split()
    if not words:
        return ""
    primary, secondary = [], []
    for word in [words[-1], *words[:-1]]:
        p, s = _word_key(word)
        primary.append(p)
        secondary.append(s)
    return "00".join(primary) + "0000" + "".join(secondary)


def _create_new(rows: list[NewRow], recorder: int | None) -> None:
    if not rows:
        return
    members = _Inserter(Member)
    now = members.moment(timezone.now())
    # Keys the new members will get: above every key that exists now (read inside the transaction).
    before = Member.objects.order_by("-id").values_list("id", flat=True).first() or 0
    member_rows = []
    for row in rows:
        fields = _member_fields(row.values)
        name = fields["full_name"]
        fields.update(
            citizen_id=row.citizen_id,
            search_name=fold(name),
            sort_key=sort_key(name),
            organization_path=row.organization_path,
            party_age_from=fields["admitted_on"],
            updated_at=now,
        )
        member_rows.append(members.row(fields))
    members.insert(member_rows)
    ids = dict(Member.objects.filter(id__gt=before).values_list("citizen_id", "id"))

    history = _Inserter(StatusChange)
    memberships = _Inserter(Membership)
    history_rows: list[tuple[Any, ...]] = []
    membership_rows: list[tuple[Any, ...]] = []
    note = _("Nhập từ tệp")
    probationary = Member.Status.PROBATIONARY
    out_of_party: dict[int, Member] = {}
    for row in rows:
        values = row.values
        member_id = ids[row.citizen_id]
        admitted, status = values[P_ADMITTED], values[P_STATUS]
        common = {"member_id": member_id, "recorded_by_id": recorder, "recorded_at": now, "reason": note}
        history_rows.append(history.row({"status": probationary, "on": admitted, **common}))
        ends_on = None
        if status != probationary:
            # As member_create does: the later status dates from the day of full membership when known.
            on = values[P_FULL] or admitted
            history_rows.append(history.row({"status": status, "on": on, **common}))
            if status in INACTIVE:
                ends_on = on
            if status in rules.OUT_OF_PARTY:
                out_of_party[member_id] = Member(pk=member_id, admitted_on=admitted, party_age_from=admitted)
        membership_rows.append(
            memberships.row(
                {
                    "member_id": member_id,
                    "organization_id": values[P_ORG],
                    "starts_on": admitted,
                    "ends_on": ends_on,
                    "note": note,
                }
            )
        )
    history.insert(history_rows)
    memberships.insert(membership_rows)
    if out_of_party:
        _refresh_party_age_from(out_of_party)


def _apply_changes(rows: list[ChangedRow], recorder: int | None, today: datetime.date) -> None:
    if not rows:
        return
    now = timezone.now()
    note = _("Nhập từ tệp")
    members: list[Member] = []
    history: list[StatusChange] = []
    moved: list[Member] = []
    ended: list[int] = []
    recount: dict[int, Member] = {}
    update_fields: set[str] = {"updated_at"}
    for row in rows:
        member = Member(pk=row.member_id, citizen_id=row.citizen_id, **_member_fields(row.values))
        member.updated_at = now
        member.party_age_from = row.party_age_from
        member.organization_path = row.organization_path
        member.search_name = fold(member.full_name)
        member.sort_key = sort_key(member.full_name)
        update_fields.update(row.changes)
        if "full_name" in row.changes:
            update_fields.update(("search_name", "sort_key"))
        if "organization_id" in row.changes:
            update_fields.add("organization_path")
            moved.append(member)
        if "status" in row.changes:
            on = row.values[P_FULL] if member.status == Member.Status.FULL and row.values[P_FULL] else today
            history.append(
                StatusChange(
                    member_id=member.pk,
                    status=member.status,
                    on=on,
                    recorded_by_id=recorder,
                    recorded_at=now,
                    reason=note,
                )
            )
            if member.status in INACTIVE:
                ended.append(member.pk)
            recount[member.pk] = member
        if "admitted_on" in row.changes:
            recount[member.pk] = member
        members.append(member)
    StatusChange.objects.bulk_create(history, batch_size=_batch_size())
    if recount:
        update_fields.add("party_age_from")
        _refresh_party_age_from(recount, save=False, today=today)
    _update_members(members, sorted(update_fields))
    size = in_chunk_size()
    if moved:
        # A new cell is a transfer: the open membership ends today and a new one starts today.
        for chunk in chunks([m.pk for m in moved], size):
            Membership.objects.filter(member_id__in=chunk, ends_on__isnull=True, temporary=False).update(
                ends_on=today
            )
        Membership.objects.bulk_create(
            [
                Membership(member_id=m.pk, organization_id=m.organization_id, starts_on=today, note=note)
                for m in moved
            ],
            batch_size=_batch_size(),
        )
    for chunk in chunks(ended, size):
        Membership.objects.filter(member_id__in=chunk, ends_on__isnull=True).update(ends_on=today)


def _update_members(members: list[Member], names: list[str]) -> None:
    """Write the changed members: the same columns for every member (the union of what changed; for one member an
    unchanged column is written with the value it already has). PostgreSQL: ``COPY`` into a temporary table and
    one ``UPDATE … FROM``; other databases: one ``UPDATE … WHERE id = …`` per member through ``executemany``.
    Django's ``bulk_update`` builds a CASE expression per column and batch: about ten times slower here."""
    fields = [Member._meta.get_field(name) for name in names]
    attnames = [getattr(f, "attname", f.name) for f in fields]
    columns = [str(getattr(f, "column", f.name)) for f in fields]
    quote = connection.ops.quote_name
    table = quote(Member._meta.db_table)
    moments = {i for i, f in enumerate(fields) if isinstance(f, models.DateTimeField)}
    rows = []
    for member in members:
        values = [getattr(member, a) for a in attnames]
        for i in moments:
            values[i] = _Inserter.moment(values[i])
        values.append(member.pk)
        rows.append(values)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            temporary = quote("chibo_import_update")
            listed = ", ".join(quote(c) for c in [*columns, "id"])
            cursor.execute(f"DROP TABLE IF EXISTS {temporary}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {temporary} ON COMMIT DROP AS SELECT {listed} FROM {table} WITH NO DATA"  # noqa: S608
            )
            with cursor.cursor.copy(f"COPY {temporary} ({listed}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            assignments = ", ".join(f"{quote(c)} = u.{quote(c)}" for c in columns)
            cursor.execute(f"UPDATE {table} AS m SET {assignments} FROM {temporary} AS u WHERE m.id = u.id")  # noqa: S608
            cursor.execute(f"DROP TABLE {temporary}")
            return
        assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
        sql = f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608
        for chunk in chunks(rows, 10_000):
            cursor.executemany(sql, chunk)


def _refresh_party_age_from(
    members: dict[int, Member], *, save: bool = True, today: datetime.date | None = None
) -> None:
    """Party age counts from the admission moved later by the gaps (rules.counting_start), for a few members
    whose admission date or status the import changed: their histories and gaps in one query each per chunk."""
    today = today or timezone.localdate()
    history: dict[int, list[tuple[str, datetime.date]]] = {}
    gaps: dict[int, list[rules.Interval]] = {}
    for chunk in chunks(list(members), in_chunk_size()):
        for member_id, status, on in StatusChange.objects.filter(member_id__in=chunk).values_list(
            "member_id", "status", "on"
        ):
            history.setdefault(member_id, []).append((status, on))
        for member_id, starts_on, ends_on in PartyGap.objects.filter(member_id__in=chunk).values_list(
            "member_id", "starts_on", "ends_on"
        ):
            gaps.setdefault(member_id, []).append((starts_on, ends_on))
    changed = []
    for pk, member in members.items():
        periods = gaps.get(pk, []) + rules.out_of_party_periods(history.get(pk, []), until=today)
        start = rules.counting_start(admitted_on=member.admitted_on, gaps=periods, until=today)
        if start != member.party_age_from:
            member.party_age_from = start
            changed.append(member)
    if save and changed:
        Member.objects.bulk_update(changed, ["party_age_from"], batch_size=_batch_size())


def _common_organization(paths: Iterable[str]) -> Organization | None:
    prefix = os.path.commonprefix(list(paths))
    prefix = prefix[: len(prefix) - len(prefix) % Organization.steplen]
    return Organization.objects.filter(path=prefix).first() if prefix else None


def _audit(actor: Any, preview: ImportPreview) -> None:
    def show(value: Any, name: str) -> str:
        if name == "organization_id":
            return preview.cell_names.get(value, str(value))
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return "" if value is None else str(value)

    paths = [r.organization_path for r in preview.new] + [r.organization_path for r in preview.changed]
    organization = _common_organization(paths)
    changes: dict[str, Any] = {
        "file": preview.file_name,
        "rows": preview.rows_read,
        **preview.counts,
    }
    if len(preview.new) + len(preview.changed) <= AUDIT_DETAIL_LIMIT:
        changes["new_members"] = [r.citizen_id for r in preview.new]
        changes["changed_members"] = {
            r.citizen_id: {k: [show(a, k), show(b, k)] for k, (a, b) in r.changes.items()}
            for r in preview.changed
        }
    obj = organization or Organization.objects.filter(depth=1).order_by("path").first()
    audit_record(
        actor=actor,
        action="member_import",
        obj=obj,  # type: ignore[arg-type]
        organization=organization,
        changes=changes,
    )
