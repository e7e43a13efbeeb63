"""The register list on province data: the query the page runs, timed, against one hand-written SQL query.

Usage:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/register_list.py
(builds the province data first with bench/province.py if it is not there). Budget (DESIGN.md): under 300 ms.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from province import build  # noqa: I001  (sets Django up)

from chibo.core.pagination import paginate
from chibo.members.models import Member
from chibo.members.selectors import MemberFilters, member_list
from chibo.organizations.models import Grant, Organization


def timed(func, runs=15):
    func()  # warm the caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main():
    root = build()
    User = get_user_model()
    office, _ = User.objects.get_or_create(username="bench-office")
    Grant.objects.get_or_create(user=office, role=Grant.Role.OFFICE_STAFF, organization=root)
    committee = Organization.objects.filter(path__startswith=root.path, depth=2).order_by("path")[500]
    cases = {
        "whole province, page 1": MemberFilters(),
        "whole province, page 1, search 'nguyen van an'": MemberFilters(query="nguyen van an"),
        "one grassroots committee": MemberFilters(organization=committee),
        "party age 30–40, master": MemberFilters(age_min=30, age_max=40, education="master"),
    }
    print(f"{connection.vendor}, {Member.objects.count()} members")
    for label, filters in cases.items():

        def page(filters=filters):
            office.__dict__.pop("_chibo_grants", None)
            return paginate(member_list(actor=office, filters=filters), page=1).rows

        with CaptureQueriesContext(connection) as ctx:
            page()
        median, worst = timed(page)
        print(
            f"{label:55s} median {median:7.1f} ms  max {worst:7.1f} ms  ({len(ctx.captured_queries)} queries)"
        )
    with connection.cursor() as cursor:

        def raw():
            cursor.execute(
                "SELECT m.id, m.full_name, o.name FROM members_member m JOIN organizations_organization o "
                "ON o.id = m.organization_id WHERE m.organization_path LIKE %s AND m.status IN "
                "('probationary','full','exempt','temporary_elsewhere') ORDER BY m.sort_key, m.id LIMIT 51",
                [root.path + "%"],
            )
            return cursor.fetchall()

        median, worst = timed(raw)
        print(f"{'hand-written SQL, whole province page 1':55s} median {median:7.1f} ms  max {worst:7.1f} ms")


if __name__ == "__main__":
    main()
