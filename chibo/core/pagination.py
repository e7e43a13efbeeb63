from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass
class Page:
    """A page of rows fetched with one query: one row more than the page size tells whether a next page exists."""

    rows: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def paginate(queryset: QuerySet, *, page: Any, per_page: int = 50) -> Page:
    try:
        number = max(1, int(page))
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Page(rows=rows[:per_page], number=number, has_next=len(rows) > per_page)
