"""Benchmark: importing a member register vs openpyxl's own read of the same file (DESIGN.md "Scale and budgets":
a 100,000-row import takes no more than 2x openpyxl's read, and is all-or-nothing).

    .venv/bin/python bench/import_members.py                     # 100,000 rows, SQLite and PostgreSQL
    .venv/bin/python bench/import_members.py --rows 20000 --databases sqlite
    .venv/bin/python bench/import_members.py --data-dir /tmp/bench-data   # keep the files for the next run
    POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/import_members.py

It writes synthetic .xlsx files with openpyxl in write-only mode (made-up people: names drawn from short lists,
citizen IDs counted up), then, for each database, in a fresh process and a fresh database:

1. times a plain read of the file: ``load_workbook(read_only=True, data_only=True)`` and a loop over
   ``ws.iter_rows(values_only=True)``;
2. times ``import_preview`` + ``import_commit`` (read, check, write everything in one transaction);
3. checks the register holds every row, then times a re-import of the same file (nothing to change), and an
   import of a second file where every row has a new place of residence (every row changed).

The PostgreSQL database ``chibo_bench`` is dropped and created on the server of POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/postgres); the SQLite database is a temporary file.
"""

from __future__ import annotations

import argparse
import contextlib
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


def generate(path: Path, rows: int, *, moved: bool = False) -> None:
    """A file laid out as the import template, written with openpyxl in write-only mode. ``moved``: the same
    people, each with a new place of residence (every row changes one field)."""
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
                f"Phường {rng.choice(GIVEN)}" + (" (nơi ở mới)" if moved else ""),
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


def worker(path: Path, moved_path: Path, database_url: str, rounds: int) -> dict:
    # As in production: DEBUG off (no query log), the database of the run.
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    import openpyxl  # noqa: F401 - imported before any timing, for both sides alike

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    from chibo.members.imports import import_commit, import_preview
    from chibo.members.models import Member
    from chibo.organizations.models import Grant, Organization

    call_command("migrate", verbosity=0)
    kind = Organization.Kind
    root = Organization.objects.add_root({"name": "Đảng bộ Khối (bench)", "kind": kind.COMMITTEE})
    index = 0
    for c in range(COMMITTEES):
        root = Organization.objects.get(pk=root.pk)
        committee = Organization.objects.add_child(
            root, {"name": f"Đảng bộ {c + 1}", "kind": kind.GRASSROOTS_COMMITTEE}
        )
        for k in range(CELLS_PER_COMMITTEE):
            committee = Organization.objects.get(pk=committee.pk)
            Organization.objects.add_child(
                committee, {"name": f"Chi bộ {k + 1}", "kind": kind.CELL, "code": cell_code(index)}
            )
            index += 1
    actor = get_user_model().objects.create_user(username="bench-office")
    Grant.objects.create(user=actor, role=Grant.Role.OFFICE_STAFF, organization=root)

    # Rounds alternate a plain read and an import (rolled back, except in the last round), so that both sides
    # meet the same load on a shared machine; each side keeps its best round. Wall-clock time is the budget; the
    # CPU time of this process is printed beside it (on PostgreSQL it leaves out the server's share).
    best = {"read": Timing(), "preview": Timing(), "commit": Timing()}
    rows = 0
    for round_ in range(rounds):
        with timing(best["read"]):
            rows = openpyxl_read(path)
        with transaction.atomic():
            with timing(best["preview"]):
                preview = import_preview(actor=actor, file=path, name=path.name)
            if preview.problems:
                raise SystemExit("\n".join(preview.messages(20)))
            with timing(best["commit"]):
                result = import_commit(actor=actor, preview=preview)
            assert result.new == rows - 1 == Member.objects.count(), (result, rows)
            if round_ < rounds - 1:
                transaction.set_rollback(True)

    reimport = Timing()
    with timing(reimport):
        again = import_preview(actor=actor, file=path, name=path.name)
        second = import_commit(actor=actor, preview=again)
    assert (second.new, second.changed, second.unchanged) == (0, 0, rows - 1), second

    changed = Timing()
    with timing(changed):
        moved = import_preview(actor=actor, file=moved_path, name=moved_path.name)
        third = import_commit(actor=actor, preview=moved)
    assert (third.new, third.changed) == (0, rows - 1), third
    read, preview_t, commit = best["read"], best["preview"], best["commit"]
    return {
        "database": connection.vendor,
        "rows": rows - 1,
        "rounds": rounds,
        "read": [read.wall, read.cpu],
        "preview": [preview_t.wall, preview_t.cpu],
        "commit": [commit.wall, commit.cpu],
        "import": [preview_t.wall + commit.wall, preview_t.cpu + commit.cpu],
        "ratio": (preview_t.wall + commit.wall) / read.wall,
        "cpu_ratio": (preview_t.cpu + commit.cpu) / read.cpu,
        "reimport": reimport.wall,
        "changed": changed.wall,
    }


class Timing:
    def __init__(self) -> None:
        self.wall = self.cpu = float("inf")


@contextlib.contextmanager
def timing(best: Timing):
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    best.wall = min(best.wall, time.perf_counter() - wall)
    best.cpu = min(best.cpu, time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--data-dir", help="keep the generated files here and reuse them on the next run")
    parser.add_argument("--rounds", type=int, default=2, help="read/import rounds; the best of each is kept")
    parser.add_argument(
        "--worker", nargs=3, metavar=("FILE", "MOVED", "DATABASE_URL"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker:
        file, moved, url = args.worker
        print(json.dumps(worker(Path(file), Path(moved), url, max(1, args.rounds))))
        return

    with tempfile.TemporaryDirectory(prefix="chibo-bench-") as tmp:
        folder = Path(args.data_dir or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"dang-vien-{args.rows}.xlsx"
        moved_path = folder / f"dang-vien-{args.rows}-noi-o-moi.xlsx"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        for target, moved in ((path, False), (moved_path, True)):
            if not target.exists():
                started = time.perf_counter()
                generate(target, args.rows, moved=moved)
                print(f"generated {args.rows:,} rows in {time.perf_counter() - started:.1f} s: {target}")
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
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    str(path),
                    str(moved_path),
                    url,
                    "--rounds",
                    str(args.rounds),
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{r['database']:>10}: {r['rows']:,} rows, best of {r['rounds']} rounds (wall s / CPU s)\n"
                f"            openpyxl read      {r['read'][0]:6.1f} / {r['read'][1]:6.1f}\n"
                f"            import             {r['import'][0]:6.1f} / {r['import'][1]:6.1f}"
                f"   (read + check {r['preview'][0]:.1f} / {r['preview'][1]:.1f},"
                f" write {r['commit'][0]:.1f} / {r['commit'][1]:.1f})\n"
                f"            ratio              {r['ratio']:6.2f} / {r['cpu_ratio']:6.2f}   (budget 2.00)\n"
                f"            re-import, nothing to change: {r['reimport']:.1f} s wall; "
                f"every row changed (new residence): {r['changed']:.1f} s wall",
                flush=True,
            )


if __name__ == "__main__":
    main()
