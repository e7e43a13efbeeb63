"""Benchmark: importing a member register vs openpyxl's own read of the same file (DESIGN.md "Scale and budgets":
a 100,000-row import takes no more than 2x openpyxl's read, and is all-or-nothing).

    .venv/bin/python bench/import_members.py                     # 100,000 rows, SQLite and PostgreSQL
    .venv/bin/python bench/import_members.py --rows 20000 --databases sqlite
    POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/import_members.py

It writes a synthetic .xlsx with openpyxl in write-only mode (made-up people: names drawn from short lists,
citizen IDs counted up), then, for each database, in a fresh process and a fresh database:

1. times a plain read of the file: ``load_workbook(read_only=True, data_only=True)`` and a loop over
   ``ws.iter_rows(values_only=True)``;
2. times ``import_preview`` + ``import_commit`` (read, check, write everything in one transaction);
3. checks the register holds every row, then times a re-import of the same file (nothing to change).

The PostgreSQL database ``chibo_bench`` is dropped and created on the server of POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/postgres); the SQLite database is a temporary file.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Hữu", "Quang", "Thu", "Hồng", "Xuân", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh", "Lan", "Linh"]
GIVEN += ["Long", "Mai", "Nam", "Nga", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến"]
EDUCATION = ["Đại học", "Thạc sĩ", "Tiến sĩ", "Cao đẳng", "Trung cấp", ""]
THEORY = ["Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân", ""]
CELLS_PER_COMMITTEE = 5
COMMITTEES = 20


def cell_code(index: int) -> str:
    return f"BENCH-CB-{index:03d}"


def generate(path: Path, rows: int) -> None:
    """A file laid out as the import template, written with openpyxl in write-only mode."""
    from openpyxl import Workbook

    from chibo.members.imports import HEADERS

    rng = random.Random(2026)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dang vien")
    sheet.append(HEADERS)
    cells = COMMITTEES * CELLS_PER_COMMITTEE
    for i in range(rows):
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 50 * 365))
        admitted = born + datetime.timedelta(days=rng.randrange(19 * 365, 24 * 365))
        ceremony = admitted + datetime.timedelta(days=rng.randrange(5, 30))
        full = ceremony + datetime.timedelta(days=366)
        sex = "Nữ" if i % 2 else "Nam"
        # Half the dates as text (dd/mm/yyyy), half as real Excel dates, as both arrive from offices.
        as_text = i % 2 == 0
        sheet.append(
            [
                f"{1_000_000_000 + i:012d}",
                f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                sex,
                born.strftime("%d/%m/%Y") if as_text else born,
                "Kinh",
                "Không",
                f"Xã {rng.choice(GIVEN)}, tỉnh {rng.choice(GIVEN)}",
                f"Phường {rng.choice(GIVEN)}",
                "Công chức",
                "Chuyên viên",
                rng.choice(EDUCATION),
                rng.choice(THEORY),
                f"{i:08d}",
                admitted.strftime("%d/%m/%Y") if as_text else admitted,
                ceremony.strftime("%d/%m/%Y") if as_text else ceremony,
                full.strftime("%d/%m/%Y") if as_text else full,
                "Chính thức",
                cell_code(i % cells),
                "",
            ]
        )
    workbook.save(path)


def openpyxl_read(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    count = 0
    for _row in workbook.worksheets[0].iter_rows(values_only=True):
        count += 1
    workbook.close()
    return count


def postgres_database(admin_url: str) -> str:
    import psycopg

    name = "chibo_bench"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")  # noqa: S608 - a fixed name
        conn.execute(f"CREATE DATABASE {name}")
    base = admin_url.rsplit("/", 1)[0]
    return f"{base}/{name}"


def worker(path: Path, database_url: str) -> dict:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from chibo.members.imports import import_commit, import_preview
    from chibo.members.models import Member
    from chibo.organizations.models import Grant, Organization

    call_command("migrate", verbosity=0)
    root = Organization.add_root(name="Đảng bộ Khối (bench)", kind=Organization.Kind.COMMITTEE)
    index = 0
    for c in range(COMMITTEES):
        committee = root.add_child(name=f"Đảng bộ {c + 1}", kind=Organization.Kind.GRASSROOTS_COMMITTEE)
        for k in range(CELLS_PER_COMMITTEE):
            committee.add_child(name=f"Chi bộ {k + 1}", kind=Organization.Kind.CELL, code=cell_code(index))
            index += 1
    actor = get_user_model().objects.create_user(username="bench-office")
    Grant.objects.create(user=actor, role=Grant.Role.OFFICE_STAFF, organization=root)

    started = time.perf_counter()
    rows = openpyxl_read(path)
    read_seconds = time.perf_counter() - started

    started = time.perf_counter()
    preview = import_preview(actor=actor, file=path, name=path.name)
    preview_seconds = time.perf_counter() - started
    if preview.problems:
        raise SystemExit("\n".join(preview.messages(20)))
    started = time.perf_counter()
    result = import_commit(actor=actor, preview=preview)
    commit_seconds = time.perf_counter() - started
    registered = Member.objects.count()
    assert registered == rows - 1 == result.new, (registered, rows, result)

    started = time.perf_counter()
    again = import_preview(actor=actor, file=path, name=path.name)
    second = import_commit(actor=actor, preview=again)
    reimport_seconds = time.perf_counter() - started
    assert (second.new, second.changed) == (0, 0), second
    return {
        "database": connection.vendor,
        "rows": rows - 1,
        "openpyxl_read": read_seconds,
        "preview": preview_seconds,
        "commit": commit_seconds,
        "import": preview_seconds + commit_seconds,
        "ratio": (preview_seconds + commit_seconds) / read_seconds,
        "reimport": reimport_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--file", help="reuse this generated file instead of writing a new one")
    parser.add_argument("--worker", nargs=2, metavar=("FILE", "DATABASE_URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(Path(args.worker[0]), args.worker[1])))
        return

    with tempfile.TemporaryDirectory(prefix="chibo-bench-") as tmp:
        path = Path(args.file) if args.file else Path(tmp) / f"dang-vien-{args.rows}.xlsx"
        if not args.file:
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
            import django

            django.setup()
            started = time.perf_counter()
            generate(path, args.rows)
            print(f"generated {args.rows:,} rows in {time.perf_counter() - started:.1f} s: {path}")
        for database in [d.strip() for d in args.databases.split(",") if d.strip()]:
            if database == "sqlite":
                url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            elif database == "postgres":
                url = postgres_database(
                    os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
                )
            else:
                raise SystemExit(f"unknown database {database!r}")
            out = subprocess.run(  # noqa: S603 - this script, with our own arguments
                [sys.executable, __file__, "--worker", str(path), url],
                check=True,
                capture_output=True,
                text=True,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{r['database']:>10}: {r['rows']:,} rows | openpyxl read {r['openpyxl_read']:.1f} s | "
                f"import {r['import']:.1f} s (read+check {r['preview']:.1f} s, write {r['commit']:.1f} s) | "
                f"ratio {r['ratio']:.2f} (budget 2.00) | re-import, nothing to change {r['reimport']:.1f} s"
            )


if __name__ == "__main__":
    main()
