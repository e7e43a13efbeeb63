"""Secret ballots under load: 60 members of a cell voting within 10 seconds, and 2,000 members of a congress voting
within a minute, every vote counted and none twice (issue budget; DESIGN.md asks for PostgreSQL in production).

Usage:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/votes_load.py [--workers 16]
Builds, once, two units of its own in the bench database (a cell of 60 full members and a congress of 2,000
delegates, each member with an account), then for each: creates and opens a secret poll, and has every member vote
through ``votes.services.vote`` from a pool of threads, each thread with its own database connection, as the web
workers would. Every member sends their ballot twice at once (two threads), to check that the second is refused.
Each thread keeps its connection, as a web worker does. Then it closes the poll and checks: ballots = participations = members, and the counts of the answers are those
sent. Prints the wall time from the first ballot to the last, and ballots per second.
"""

import argparse
import datetime
import os
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import IntegrityError, connection, transaction  # noqa: E402

from chibo.core.text import fold, name_sort_key  # noqa: E402
from chibo.members.models import Member  # noqa: E402
from chibo.organizations.models import Grant, Organization  # noqa: E402
from chibo.votes import services  # noqa: E402
from chibo.votes.models import Ballot, Participation, Poll  # noqa: E402

DAY = datetime.date(2026, 12, 3)
ANSWERS = ["yes", "yes", "yes", "no", "abstain"]


def unit(code: str, name: str, members: int) -> tuple[Organization, object, list[Member]]:
    """A unit of ``members`` full members with accounts, and its secretary; built once."""
    User = get_user_model()
    found = Organization.objects.filter(code=code).first()
    if found is None:
        with transaction.atomic():
            found = Organization.objects.add_root({"name": name, "kind": "cell", "code": code})
            password = make_password("mat-khau-Dai-2026")
            users = User.objects.bulk_create(
                [User(username=f"{code.lower()}-{i}", password=password) for i in range(members + 1)]
            )
            secretary = users[0]
            Grant.objects.create(user=secretary, role=Grant.Role.CELL_OFFICER, organization=found)
            rows = []
            for i, user in enumerate(users[1:], start=1):
                full_name = f"Đảng viên {i:04d}"
                rows.append(
                    Member(
                        citizen_id=f"{abs(hash(code)) % 1000:03d}{i:09d}",
                        full_name=full_name,
                        sex="male",
                        born_on=datetime.date(1980, 1, 1),
                        admitted_on=datetime.date(2005, 1, 1),
                        full_on=datetime.date(2006, 1, 1),
                        status="full",
                        organization=found,
                        organization_path=found.path,
                        user=user,
                        party_age_from=datetime.date(2005, 1, 1),
                        search_name=fold(full_name),
                        sort_key=name_sort_key(full_name),
                    )
                )
            Member.objects.bulk_create(rows, batch_size=1000)
    secretary = Grant.objects.get(organization=found, role=Grant.Role.CELL_OFFICER).user
    people = list(Member.objects.filter(organization=found).select_related("user").order_by("id"))
    return found, secretary, people


def run(code: str, name: str, members: int, workers: int, budget: float) -> bool:
    organization, secretary, people = unit(code, name, members)
    poll = services.poll_create(
        actor=secretary,
        organization=organization,
        title=f"Biểu quyết thử tải {time.time():.0f}",
        purpose="resolution",
        kind="secret",
        day=DAY,
    )
    poll = services.poll_open(actor=secretary, poll=poll)
    rng = random.Random(len(people))
    sent = {m.pk: rng.choice(ANSWERS) for m in people}
    jobs = [m for m in people for _twice in range(2)]
    rng.shuffle(jobs)
    accepted, refused, lock = [], [], threading.Lock()

    def cast(member):
        try:
            services.vote(actor=member.user, poll=poll, answer=sent[member.pk])
            with lock:
                accepted.append(member.pk)
        except (ValidationError, IntegrityError):
            with lock:
                refused.append(member.pk)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(cast, jobs))
    elapsed = time.perf_counter() - started
    services.poll_close(actor=secretary, poll=poll)
    outcome = services.result(Poll.objects.get(pk=poll.pk))
    ballots = Ballot.objects.filter(poll=poll).count()
    participations = Participation.objects.filter(poll=poll).count()
    expected = {a: sum(1 for v in sent.values() if v == a) for a in ("yes", "no", "abstain")}
    ok = (
        ballots == participations == len(people) == len(accepted) == len(set(accepted))
        and len(refused) == len(people)
        and (outcome.yes, outcome.no, outcome.abstain)
        == (expected["yes"], expected["no"], expected["abstain"])
    )
    print(
        f"{name}: {len(people)} members, {len(jobs)} ballots sent (each twice at once), {workers} workers: "
        f"{ballots} counted, {len(refused)} refused as second, in {elapsed:.2f} s "
        f"({len(people) / elapsed:.0f} votes/s; budget {budget:.0f} s): "
        f"{'OK' if ok and elapsed <= budget else 'FAILED'}"
    )
    return ok and elapsed <= budget


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    good = run("BENCH-CHIBO-60", "Chi bộ bỏ phiếu (bench)", 60, args.workers, 10)
    good &= run("BENCH-DAIHOI-2000", "Đại hội (bench, 2.000 đại biểu)", 2000, args.workers, 60)
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
