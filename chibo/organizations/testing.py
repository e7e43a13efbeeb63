"""Builders for tests and benchmarks: many units at once, with the paths treebeard would give them."""

import datetime

from chibo.core.text import fold
from chibo.organizations.models import Organization, OrganizationPeriod


def bulk_children(
    parent: Organization,
    count: int,
    *,
    kind: str,
    prefix: str = "Chi bộ",
    founded_on: datetime.date = datetime.date(2015, 1, 1),
) -> None:
    """Add ``count`` children under ``parent`` with two inserts and one update."""
    start = parent.numchild
    rows = []
    for i in range(1, count + 1):
        name = f"{prefix} {start + i}"
        rows.append(
            Organization(
                name=name,
                kind=kind,
                founded_on=founded_on,
                search_name=fold(name),
                depth=parent.depth + 1,
                numchild=0,
                path=Organization._get_path(parent.path, parent.depth + 1, start + i),
            )
        )
    created = Organization.objects.bulk_create(rows, batch_size=1000)
    if not all(o.pk for o in created):
        created = list(Organization.objects.filter(path__in=[o.path for o in rows]))
    OrganizationPeriod.objects.bulk_create(
        [
            OrganizationPeriod(organization=o, name=o.name, kind=o.kind, parent=parent, valid_from=founded_on)
            for o in created
        ],
        batch_size=1000,
    )
    Organization.objects.filter(pk=parent.pk).update(numchild=start + count)
    parent.numchild = start + count
