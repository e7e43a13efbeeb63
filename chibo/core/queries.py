"""Reading a query's rows as the database driver returns them, for the reports that count a province."""

from typing import Any

from django.db import connections
from django.db.models import QuerySet


def plain_rows(queryset: QuerySet) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` queryset as the database driver returns them, without the ORM's conversion of
    each value: for counts, ids, paths and names, already plain on every backend, that conversion was about a quarter
    of the topics compliance table's time at 9,000 cells. Still one query, run and logged like any other."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
