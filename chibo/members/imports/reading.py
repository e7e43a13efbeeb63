"""Reading a register file (.xlsx or .csv) and converting its cells: one small converter per column, chosen once from
the header, each raising ``BadValue`` with the Vietnamese message of the problem."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from chibo.core.text import fold
from chibo.members.imports.layout import (
    COLUMNS,
    EDUCATION_ALIASES,
    MISSING,
    P_ADMITTED,
    P_BORN,
    P_CEREMONY,
    P_FULL,
    STATUS_ALIASES,
    THEORY_ALIASES,
)
from chibo.members.models import Member


class ImportFileError(Exception):
    """The file cannot be read at all (wrong type, not UTF-8, damaged)."""


class BadValue(Exception):  # noqa: N818 - a cell's value, not an error of the program
    def __init__(self, message: str) -> None:
        self.message = message


@dataclass(frozen=True)
class Problem:
    row: int | None  # the row number in the file (1 = the first row), None for the file as a whole
    column: str  # the column title, "" when the problem is the row's (a duplicate) or the file's
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return _("Dòng %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Dòng %(row)s, cột %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def _xlsx_rows(file: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged or foreign file
        raise ImportFileError(
            _("Không đọc được tệp Excel: hãy lưu tệp dưới dạng .xlsx (Excel 2007 trở lên).")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        # Some programs write a wrong size into the file; without it openpyxl reads every row there is.
        sheet.reset_dimensions()
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def _csv_rows(file: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    raw = open(file, "rb") if isinstance(file, str | os.PathLike) else file  # noqa: SIM115
    try:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            first = text.readline()
            delimiter = ";" if first.count(";") > first.count(",") else ","
            for number, row in enumerate(csv.reader(itertools.chain([first], text), delimiter=delimiter), 1):
                yield number, tuple(row)
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("Tệp CSV phải được lưu với bảng mã UTF-8 (trong Excel: “CSV UTF-8”).")
            ) from exc
        except csv.Error as exc:
            raise ImportFileError(_("Tệp CSV bị lỗi: %(error)s") % {"error": exc}) from exc
        finally:
            text.detach()
    finally:
        if raw is not file:
            raw.close()


def read_rows(file: Any, name: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows of a .xlsx or .csv file, numbered from 1 as a spreadsheet shows them."""
    suffix = os.path.splitext(name.lower())[1]
    if suffix == ".xlsx":
        return _xlsx_rows(file)
    if suffix == ".csv":
        return _csv_rows(file)
    if suffix == ".xls":
        raise ImportFileError(
            _("Tệp .xls (Excel 97–2003) chưa được hỗ trợ: hãy mở tệp và lưu lại dưới dạng .xlsx.")
        )
    raise ImportFileError(_("Chỉ nhận tệp .xlsx hoặc .csv."))


_DATE_SEPARATORS = re.compile(r"[/.\-]")


_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(raw: Any) -> datetime.date | None:
    """A date cell: a real Excel date, or text dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd)."""
    if raw is None:
        return None
    kind = type(raw)
    if kind is datetime.datetime:
        return raw.date()
    if kind is datetime.date:
        return raw
    if kind is str:
        text = raw.strip()
        if not text:
            return None
        day_part = text.split(" ", 1)[0].split("T", 1)[0] if len(text) > 10 else text
        parts = _DATE_SEPARATORS.split(day_part)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            if len(parts[0]) == 4:
                y, m, d = parts
            else:
                d, m, y = parts
            if len(y) == 4:
                try:
                    return datetime.date(int(y), int(m), int(d))
                except ValueError:
                    pass
        raise BadValue(_("ngày không hợp lệ “%(value)s”") % {"value": text})
    # A date stored as a plain Excel serial number (a cell formatted "General"). Below 10,000 (1927) it is more
    # likely a typing mistake (a year alone) than a date.
    if (kind is int or kind is float) and 10_000 <= raw <= 73_051 and raw == int(raw):
        return _EXCEL_EPOCH + datetime.timedelta(days=int(raw))
    raise BadValue(_("ngày không hợp lệ “%(value)s”") % {"value": raw})


def _text_converter(max_length: int) -> Callable[[Any], str]:
    def convert(raw: Any) -> str:
        if raw is None:
            return ""
        if type(raw) is not str:
            if type(raw) is float and raw == int(raw):
                raw = int(raw)
            elif isinstance(raw, datetime.datetime | datetime.date):
                raw = raw.strftime("%d/%m/%Y")
            raw = str(raw)
        text = raw.strip()
        if "  " in text or "\n" in text or "\t" in text:
            text = " ".join(text.split())
        if len(text) > max_length:
            raise BadValue(_("dài quá %(max)s ký tự") % {"max": max_length})
        return text

    return convert


def _required(convert: Callable[[Any], Any], missing_message: str) -> Callable[[Any], Any]:
    def required(raw: Any) -> Any:
        value = convert(raw)
        if value is None or value == "":
            raise BadValue(missing_message)
        return value

    return required


def _choice_converter(
    choices: Iterable[tuple[Any, str]], aliases: Mapping[str, str], unknown: str, *, empty: Any
) -> Callable[[Any], Any]:
    """A column whose cells hold one of a few labels (Nam/Nữ, Dự bị/Chính thức …), matched without regard to
    case or diacritics. Each distinct spelling is folded once. ``empty`` is the value of an empty cell, or the
    message (a ``BadValue``) when the cell must be filled."""
    by_folded = {fold(label): value for value, label in choices} | dict(aliases)
    cache: dict[Any, Any] = {}

    def convert(raw: Any) -> Any:
        try:
            return cache[raw]
        except (KeyError, TypeError):
            pass
        text = "" if raw is None else " ".join(str(raw).split())
        if not text:
            if isinstance(empty, BadValue):
                raise empty
            return empty
        key = fold(text)
        if key not in by_folded:
            raise BadValue(unknown % {"value": text})
        cache[raw] = by_folded[key]
        return cache[raw]

    return convert


def _citizen_id(raw: Any) -> str:
    if raw is None:
        raise BadValue(_("thiếu số CCCD"))
    if type(raw) is str:
        text = raw.strip().replace(" ", "").replace(".", "")
    elif type(raw) is int or (type(raw) is float and raw == int(raw)):
        # Excel keeps a number without its leading zeros: 001080012345 arrives as 1080012345.
        text = str(int(raw)).zfill(12)
    else:
        text = str(raw).strip()
    if not text:
        raise BadValue(_("thiếu số CCCD"))
    if len(text) != 12 or not text.isdigit():
        raise BadValue(_("số CCCD “%(value)s” phải gồm đúng 12 chữ số") % {"value": text})
    return text


def _labels(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, str]]:
    """The Vietnamese labels of a model's choices: the file layout is Vietnamese in every interface language."""
    with translation.override("vi"):
        return [(value, str(label)) for value, label in choices]


def _max_length(name: str) -> int:
    field = Member._meta.get_field(name)
    return getattr(field, "max_length", None) or 255


def cell_converters() -> dict[str, Callable[[Any], Any]]:
    text = {c.field: _text_converter(_max_length(c.field)) for c in COLUMNS[:13]}
    return {
        "citizen_id": _citizen_id,
        "full_name": _required(text["full_name"], _("thiếu họ và tên")),
        "sex": _choice_converter(
            _labels(Member.Sex.choices),
            {},
            _("giới tính phải là “Nam” hoặc “Nữ”, không phải “%(value)s”"),
            empty=BadValue(_("thiếu giới tính")),
        ),
        "born_on": _required(parse_date, _("thiếu ngày sinh")),
        "ethnicity": text["ethnicity"],
        "religion": text["religion"],
        "hometown": text["hometown"],
        "residence": text["residence"],
        "job": text["job"],
        "position": text["position"],
        "education": _choice_converter(
            _labels(Member.Education.choices),
            EDUCATION_ALIASES,
            _("không rõ trình độ chuyên môn “%(value)s”"),
            empty="",
        ),
        "political_theory": _choice_converter(
            _labels(Member.Theory.choices),
            THEORY_ALIASES,
            _("không rõ trình độ lý luận chính trị “%(value)s”"),
            empty="",
        ),
        "card_number": text["card_number"],
        "admitted_on": _required(parse_date, _("thiếu ngày vào Đảng")),
        "ceremony_on": parse_date,
        "full_on": parse_date,
        "status": _choice_converter(
            _labels(Member.Status.choices),
            STATUS_ALIASES,
            _("không rõ tình trạng “%(value)s”"),
            empty=MISSING,
        ),
    }


def header_map(row: tuple[Any, ...]) -> dict[str, int]:
    """Column index of each known column in a header row (the first occurrence wins)."""
    by_title: dict[str, str] = {}
    for column in COLUMNS:
        by_title[fold(column.header)] = column.field
        for alias in column.aliases:
            by_title[alias] = column.field
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        if cell is None:
            continue
        title = " ".join(fold(str(cell)).replace("*", " ").replace(":", " ").split())
        name = by_title.get(title)
        if name and name not in found:
            found[name] = index
    return found


def date_problems(values: list[Any], today: datetime.date) -> list[tuple[str, str]]:
    born, admitted = values[P_BORN], values[P_ADMITTED]
    ceremony, full = values[P_CEREMONY], values[P_FULL]
    found = []
    if born is not MISSING and born and born > today:
        found.append(("born_on", _("ngày sinh ở tương lai")))
    if admitted is not MISSING and born is not MISSING and admitted and born and admitted <= born:
        found.append(("admitted_on", _("ngày vào Đảng phải sau ngày sinh")))
    if admitted is not MISSING and admitted and admitted > today:
        found.append(("admitted_on", _("ngày vào Đảng ở tương lai")))
    if ceremony is not MISSING and admitted is not MISSING and ceremony and admitted and ceremony < admitted:
        found.append(("ceremony_on", _("ngày kết nạp không thể trước ngày vào Đảng")))
    if full is not MISSING and admitted is not MISSING and full and admitted and full <= admitted:
        found.append(("full_on", _("ngày chính thức phải sau ngày vào Đảng")))
    return found
