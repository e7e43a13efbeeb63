"""Province-scale data for benchmarks: ~1,000 grassroots organizations, ~9,000 cells, 200,000 members.

Usage (PostgreSQL):  createdb -h 127.0.0.1 -U postgres bench
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/province.py [--members 200000]
Builds the data once (idempotent: it does nothing when the province is already there).
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from chibo.core.text import fold, name_sort_key  # noqa: E402
from chibo.members.models import Member  # noqa: E402
from chibo.organizations.models import Organization  # noqa: E402
from chibo.organizations.testing import bulk_children  # noqa: E402

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Hoàng", "Thu", "Xuân", "Công"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đông",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Ngọc",
    "Phúc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Trung",
    "Tuấn",
    "Vân",
    "Việt",
    "Yến",
    "Ánh",
    "Ân",
    "Ước",
]


def build(members: int = 200_000, grassroots: int = 1_000, cells_per_committee: int = 9) -> Organization:
    call_command("migrate", verbosity=0)
    root = Organization.objects.filter(code="BENCH-TINH").first()
    if root:
        return root
    rng = random.Random(2026)
    started = time.perf_counter()
    with transaction.atomic():
        root = Organization.objects.add_root(
            {"name": "Đảng bộ tỉnh (bench)", "kind": "committee", "code": "BENCH-TINH"}
        )
        bulk_children(root, grassroots, kind="grassroots_committee", prefix="Đảng bộ cơ sở")
        cells = []
        for committee in Organization.objects.filter(path__startswith=root.path, depth=2):
            bulk_children(committee, cells_per_committee, kind="cell", prefix=f"Chi bộ {committee.name[-4:]}")
        cells = list(Organization.objects.filter(path__startswith=root.path, depth=3).only("id", "path"))
        rows = []
        for i in range(members):
            cell = cells[i % len(cells)]
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            admitted = datetime.date(1975, 1, 1) + datetime.timedelta(days=rng.randrange(0, 18_000))
            rows.append(
                Member(
                    citizen_id=f"{900_000_000_000 + i:012d}",
                    full_name=name,
                    sex=rng.choice(["male", "female"]),
                    born_on=admitted - datetime.timedelta(days=rng.randrange(18 * 365, 40 * 365)),
                    admitted_on=admitted,
                    status=rng.choices(["full", "probationary", "exempt"], weights=[90, 5, 5])[0],
                    education=rng.choice(["university", "master", "college", "doctor"]),
                    political_theory=rng.choice(["advanced", "intermediate", "elementary", "bachelor"]),
                    organization_id=cell.id,
                    organization_path=cell.path,
                    search_name=fold(name),
                    sort_key=name_sort_key(name),
                    party_age_from=admitted,
                )
            )
            if len(rows) == 10_000:
                Member.objects.bulk_create(rows)
                rows = []
        Member.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"built {grassroots} grassroots committees, {len(cells)} cells, {members} members "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return root


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200_000)
    args = parser.parse_args()
    build(members=args.members)
