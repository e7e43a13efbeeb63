"""Rules of the campaign of studying and following Hồ Chí Minh (Học tập và làm theo tư tưởng, đạo đức, phong cách
Hồ Chí Minh). Pure functions: plain values in, plain values out; messages are written where they are shown.

Source: seed 004 (Đảng bộ khối cơ quan dân chính đảng tỉnh Bình Phước, 2013–2014): a theme for the year; a study
schedule by months ("từ tháng 3 đến tháng 5 học tập phong cách quần chúng của Bác; tháng 6 đến 8 học tập phong cách
dân chủ; tháng 9-10 học tập phong cách nêu gương"); "tháng 11-12 đảng viên tự kiểm điểm trước chi bộ về kết quả
thực hiện nội dung đăng ký làm theo Bác"; collective and individual pledges counted as "13.130/13.778 … đạt 95,3 %".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

FIRST_MONTH, LAST_MONTH = 1, 12

# Problems of a study item's months, as codes; the service words them.
MONTH_MISSING, MONTH_OUT_OF_YEAR, MONTHS_REVERSED, MONTHS_OVERLAP = (
    "missing",
    "out_of_year",
    "reversed",
    "overlap",
)


@dataclass(frozen=True)
class Span:
    """Months ``first`` to ``last`` of one year, both included (3 to 5: March, April, May)."""

    first: int
    last: int

    def overlaps(self, other: Span) -> bool:
        return self.first <= other.last and other.first <= self.last

    def covers(self, month: int) -> bool:
        return self.first <= month <= self.last

    @property
    def text(self) -> str:
        """ "3–5"; "9" for a single month."""
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"


@dataclass(frozen=True)
class MonthProblem:
    field: str  # "month_from" or "month_to"
    code: str
    other: int | None = None  # the index, in ``others``, of the item overlapped


def month_problems(first: int | None, last: int | None, others: Iterable[Span]) -> list[MonthProblem]:
    """What is wrong with a study item's months: each within the year (1 to 12), the last not before the first (an
    item does not run into the next year: the next year has its own theme), and no month shared with another item
    of the same schedule (a cell studies one content a month). ``others``: the schedule's other items."""
    problems = []
    for field, month in (("month_from", first), ("month_to", last)):
        if month is None:
            problems.append(MonthProblem(field, MONTH_MISSING))
        elif not FIRST_MONTH <= month <= LAST_MONTH:
            problems.append(MonthProblem(field, MONTH_OUT_OF_YEAR))
    if problems:
        return problems
    assert first is not None and last is not None
    if last < first:
        return [MonthProblem("month_to", MONTHS_REVERSED)]
    span = Span(first, last)
    for i, other in enumerate(others):
        if span.overlaps(other):
            return [MonthProblem("month_from", MONTHS_OVERLAP, i)]
    return []


def review_opens(year: int, from_month: int) -> datetime.date:
    """The first day the year-end self-review of a pledge (tự đánh giá việc làm theo) is recorded: the first of
    ``from_month`` (the rule set's ``campaign.self_review_from_month``) of the campaign's year. Seed 004 gives
    November and December of the schedule to the members' self-review before the cell ("tháng 11-12 đảng viên tự
    kiểm điểm trước chi bộ"), and cells hold their year-end review meeting in November or December, together with
    the annual quality review. Earlier, the pledge would be judged with part of the year still to do; later dates
    stay open, so that a cell that met late in January still records what its meeting concluded."""
    return datetime.date(year, from_month, 1)
