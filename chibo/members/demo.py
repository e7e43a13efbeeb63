"""The member part of ``chibo demo``: the 2,247 members of the pilot committee (seed 004, DESIGN.md "Scale and
budgets"), with plausible histories, as of a fixed day (``DEMO_TODAY``) so that the data is the same on every run.

What a demo user finds: mostly full members; about 4 % probationary (some due for the review of full membership,
two of them late); a few exempt elderly members; some temporarily active in another cell; transfers between
cells, the members of the cell merged in 2025; two readmitted members with a gap, a lost-contact gap and a
transfer gap; the Party badges already awarded, and several members due a badge on 3/2/2027 (one exactly 30
years, one early for serious illness, one counted after a readmission); two cells with fewer than 3 full members.
The demo accounts ``bithu`` and ``dangvien`` are members of their cell.

Every name is synthetic (combinations of common family, middle and given names); citizen IDs are made up.
The rows are built in Python and written with ``bulk_create`` (a few seconds on SQLite): ``save()`` does not run,
so the derived fields (``search_name``, ``sort_key``, ``organization_path``, ``party_age_from``) are set here.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from chibo.core.audit import audit_record
from chibo.core.text import fold, name_sort_key
from chibo.members import rules
from chibo.members.models import BadgeAward, Member, Membership, PartyGap, StatusChange
from chibo.organizations.management.commands.demo import (
    ACCOUNTS,
    BITHU_CELL,
    FAMILY,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MERGED,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
)
from chibo.organizations.models import Organization, Seat
from chibo.rulesets.selectors import ruleset_on

DEMO_TODAY = datetime.date(2026, 11, 23)
TOTAL = 2247
D = datetime.date
S = Member.Status
LATEST_FULL_ADMISSION = D(2025, 6, 30)  # admitted by then: full members by the demo day

# Cells kept deliberately small: fewer than 3 full members (Charter art. 24), for the warning on the probation page.
SMALL_CELLS = {"Chi bộ Hội Đông y tỉnh": 4, "Chi bộ Nhà khách Tỉnh ủy": 3}
MERGED_MEMBERS = 6  # members of the cell merged in 2025, now in the cell it was merged into

# fmt: off
PROVINCE_CODES = ["001", "025", "026", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044",
                  "045", "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "068",
                  "070", "070", "070", "070", "070", "070", "072", "074", "075", "077", "079", "080", "083", "086"]
HOMETOWNS = ["Nghệ An", "Hà Tĩnh", "Thanh Hóa", "Thái Bình", "Nam Định", "Hải Dương", "Quảng Bình", "Quảng Trị",
             "Bình Định", "Quảng Ngãi", "Phú Thọ", "Hưng Yên", "Ninh Bình", "Bắc Giang", "Tây Ninh", "Bình Phước",
             "Đồng Nai", "Long An", "Tiền Giang", "Bến Tre", "Vĩnh Long", "Cần Thơ", "Huế", "Đà Nẵng", "Hà Nội"]
WARDS = ["Phường Tân Phong", "Phường Trung Dũng", "Phường Quang Vinh", "Phường Thống Nhất", "Phường Tam Hiệp",
         "Phường Hố Nai", "Phường Long Bình", "Phường Trảng Dài", "Phường Bửu Long", "Phường Tân Triều",
         "Xã Hiệp Phước", "Xã Long Thành", "Xã An Phước", "Phường Phước Tân", "Phường Tam Phước"]
ETHNICITIES = ["Kinh"] * 44 + ["Tày", "Nùng", "Mường", "Hoa", "Khmer", "Chăm"]
RELIGIONS = ["Không"] * 40 + ["Phật giáo"] * 4 + ["Công giáo"] * 2 + ["Cao Đài"]
POSITIONS = ["Chuyên viên"] * 10 + ["Chuyên viên chính"] * 4 + ["Phó Trưởng phòng"] * 2 + ["Trưởng phòng",
             "Kế toán viên", "Thanh tra viên", "Cán sự", "Nhân viên", "Chuyên viên cao cấp"]
EDUCATION = ([Member.Education.UNIVERSITY] * 74 + [Member.Education.MASTER] * 15 + [Member.Education.DOCTOR] * 3
             + [Member.Education.COLLEGE] * 5 + [Member.Education.VOCATIONAL] * 2 + [Member.Education.UPPER_SECONDARY])
THEORY = ([Member.Theory.INTERMEDIATE] * 45 + [Member.Theory.ELEMENTARY] * 25 + [Member.Theory.ADVANCED] * 12
          + [Member.Theory.BACHELOR] * 3 + [Member.Theory.NONE] * 15)
TEMPORARY_NOTES = ["Đi học tập trung", "Biệt phái công tác", "Tăng cường cho cơ sở", "Luân chuyển có thời hạn"]
# fmt: on

# How many members of each special kind (the rest are full members). Probationary: about 4 % of 2,247 = 90, of
# which the three in the small cells, two late and eight due for the review.
KINDS = {
    "probation_late": 2,
    "probation_due": 8,
    "probation": 77,
    "exempt": 7,
    "temporary": 20,
    "transferred": 60,
    "ill": 4,
    "readmitted": 1,
    "lost_contact": 1,
    "transfer_gap": 1,
    # Due a badge on 3/2/2027, each in a different way.
    "badge_30_exact": 1,
    "badge_40": 1,
    "badge_45_exempt": 1,
    "badge_ill_early": 1,
    "badge_readmitted": 1,
}


@dataclass
class Person:
    cell: Organization
    kind: str
    sex: str = ""
    full_name: str = ""
    born_on: datetime.date = DEMO_TODAY
    admitted_on: datetime.date = DEMO_TODAY
    ceremony_on: datetime.date | None = None
    full_on: datetime.date | None = None
    status: str = S.FULL
    seriously_ill: bool = False
    position: str = ""
    citizen_id: str = ""
    user: Any = None
    # (status, on, reason)
    changes: list[tuple[str, datetime.date, str]] = field(default_factory=list)
    # (organization, starts_on, ends_on, temporary, note)
    memberships: list[tuple[Organization, datetime.date, datetime.date | None, bool, str]] = field(
        default_factory=list
    )
    gaps: list[tuple[str, datetime.date, datetime.date]] = field(default_factory=list)


def _weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    """A Monday-to-Friday day in [start, end] (end included, a weekend end moves to the next Monday)."""
    return _weekday(start + datetime.timedelta(days=rng.randint(0, (end - start).days)))


def _any_day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    """Any day in [start, end] (birthdays fall on weekends too)."""
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _years_after(day: datetime.date, years: int, rng: random.Random) -> datetime.date:
    return rules.add_months(day, 12 * years) + datetime.timedelta(days=rng.randint(0, 300))


class _Names:
    """Never-repeating synthetic names, with the sex the given name goes with."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng, self.taken = rng, set(taken)

    def __call__(self, sex: str) -> str:
        male = sex == Member.Sex.MALE
        while True:
            middle = self.rng.choice(MIDDLE_MALE if male else MIDDLE_FEMALE)
            given = self.rng.choice(GIVEN_MALE if male else GIVEN_FEMALE)
            name = f"{self.rng.choice(FAMILY)} {middle} {given}"
            if name not in self.taken:
                self.taken.add(name)
                return name


def _sex_of(name: str) -> str:
    return Member.Sex.FEMALE if name.split()[-1] in GIVEN_FEMALE else Member.Sex.MALE


def _admission(person: Person, rng: random.Random, admitted_on: datetime.date) -> None:
    """Admission decision, ceremony within 30 working days, full membership 12 months after the ceremony."""
    person.admitted_on = admitted_on
    person.ceremony_on = _weekday(admitted_on + datetime.timedelta(days=rng.randint(7, 35)))
    person.changes.append((S.PROBATIONARY, admitted_on, "Kết nạp vào Đảng"))
    full_on = rules.add_months(person.ceremony_on, 12)
    if full_on <= DEMO_TODAY and person.status != S.PROBATIONARY:
        person.full_on = full_on
        person.changes.append((S.FULL, full_on, "Công nhận đảng viên chính thức"))


def _born_and_admitted(
    rng: random.Random,
    *,
    born: tuple[int, int] = (1966, 2001),
    age: tuple[int, int, int] = (18, 45, 26),
    latest: datetime.date = LATEST_FULL_ADMISSION,
) -> tuple[datetime.date, datetime.date]:
    """A birth date in the years ``born`` and an admission at ``age`` (low, high, mode), not after ``latest``."""
    while True:
        born_on = _any_day(rng, D(born[0], 1, 1), D(born[1], 12, 31))
        years = int(rng.triangular(*age))
        admitted = _weekday(_years_after(born_on, years, rng))
        if admitted <= latest:
            return born_on, admitted


def _fixed_badge_person(person: Person, rng: random.Random) -> None:
    """The members due a badge on 3/2/2027, each in a different way (DOMAIN.md "Party badges")."""
    kind = person.kind
    if kind == "badge_30_exact":  # 30 years exactly on 3/2/2027
        person.sex, person.born_on = Member.Sex.FEMALE, D(1972, 8, 14)
        _admission(person, rng, D(1997, 2, 3))
    elif kind == "badge_40":  # 40 years on 20/1/2027; the 30-year badge came on 3/2/2017
        person.sex, person.born_on = Member.Sex.MALE, D(1966, 5, 9)
        _admission(person, rng, D(1987, 1, 20))
    elif kind == "badge_45_exempt":  # 45 years on 11/1/2027, exempt for old age
        person.sex, person.born_on = Member.Sex.MALE, D(1958, 3, 2)
        _admission(person, rng, D(1982, 1, 11))
        person.status = S.EXEMPT
        person.changes.append((S.EXEMPT, D(2021, 3, 15), "Tuổi cao, sức yếu"))
    elif kind == "badge_ill_early":  # 30 years on 15/1/2028; seriously ill: up to 12 months early
        person.sex, person.born_on = Member.Sex.MALE, D(1970, 11, 27)
        _admission(person, rng, D(1998, 1, 15))
        person.seriously_ill = True
    elif kind == "badge_readmitted":  # removed 2000–2003: 30 years counted to 14/1/2027
        person.sex, person.born_on = Member.Sex.MALE, D(1970, 6, 18)
        _admission(person, rng, D(1993, 10, 1))
        _readmission(person, D(2000, 3, 1), D(2003, 6, 16))


def _readmission(person: Person, removed_on: datetime.date, readmitted_on: datetime.date) -> None:
    person.changes.append((S.REMOVED, removed_on, "Xóa tên trong danh sách đảng viên (bỏ sinh hoạt đảng)"))
    person.changes.append((S.PROBATIONARY, readmitted_on, "Kết nạp lại vào Đảng"))
    full_again = rules.add_months(readmitted_on, 12)
    person.changes.append((S.FULL, full_again, "Công nhận đảng viên chính thức (kết nạp lại)"))
    person.full_on = full_again


def _person(person: Person, rng: random.Random) -> None:
    """Dates, status and history by kind."""
    kind = person.kind
    if kind.startswith("badge_"):
        _fixed_badge_person(person, rng)
        return
    person.sex = person.sex or (Member.Sex.MALE if rng.random() < 0.55 else Member.Sex.FEMALE)
    if kind.startswith("probation"):
        person.status = S.PROBATIONARY
        window = {
            "probation_late": (D(2025, 8, 4), D(2025, 9, 18)),  # the review deadline has passed
            "probation_due": (D(2025, 10, 20), D(2025, 11, 20)),  # the 12 months are over
            "probation": (D(2025, 11, 25), D(2026, 11, 13)),
        }[kind]
        ceremony = _between(rng, *window)
        admitted = _weekday(ceremony - datetime.timedelta(days=rng.randint(10, 35)))
        # Admitted at 18 to 36, mostly young; born in 2003 at the latest.
        youngest = min(rules.add_months(admitted, -12 * 18), D(2003, 12, 31))
        born = rules.add_months(admitted, -12 * int(rng.triangular(18, 36, 23))) - datetime.timedelta(
            days=rng.randint(0, 300)
        )
        person.born_on = min(born, youngest - datetime.timedelta(days=rng.randint(0, 200)))
        person.admitted_on, person.ceremony_on = admitted, ceremony
        person.changes.append((S.PROBATIONARY, admitted, "Kết nạp vào Đảng"))
        return
    if kind in ("exempt",):
        born, admitted = _born_and_admitted(rng, born=(1955, 1962), age=(21, 38, 27))
    elif kind in ("secretary", "deputy"):
        born, admitted = _born_and_admitted(rng, born=(1968, 1986), age=(20, 35, 25))
    elif kind in ("ill", "readmitted", "lost_contact", "transfer_gap"):
        born, admitted = _born_and_admitted(rng, born=(1962, 1978), age=(19, 32, 24), latest=D(2008, 1, 1))
    else:
        born, admitted = _born_and_admitted(rng)
    person.born_on = born
    _admission(person, rng, admitted)
    if kind == "exempt":
        person.status = S.EXEMPT
        person.position = ""
        on = _between(rng, max(rules.add_months(born, 12 * 60), D(2020, 7, 1)), D(2026, 6, 30))
        person.changes.append((S.EXEMPT, on, "Tuổi cao, sức yếu"))
        person.seriously_ill = person.seriously_ill or rng.random() < 0.3
    elif kind == "ill":
        person.seriously_ill = True
    elif kind == "readmitted":
        removed = _between(rng, rules.add_months(admitted, 60), rules.add_months(admitted, 96))
        _readmission(
            person, removed, _between(rng, rules.add_months(removed, 30), rules.add_months(removed, 48))
        )
    elif kind == "lost_contact":
        start = _between(rng, rules.add_months(admitted, 36), rules.add_months(admitted, 60))
        person.gaps.append((PartyGap.Kind.LOST_CONTACT, start, rules.add_months(start, rng.randint(8, 18))))
    elif kind == "transfer_gap":
        left = _between(rng, rules.add_months(admitted, 48), rules.add_months(admitted, 72))
        back = rules.add_months(left, rng.randint(5, 9))
        person.changes.append((S.TRANSFERRED_OUT, left, "Chuyển đến: Đảng bộ tỉnh bạn"))
        person.changes.append((S.FULL, back, "Tiếp nhận sinh hoạt đảng"))
        person.gaps.append((PartyGap.Kind.TRANSFER_GAP, left, back))


def _sizes(rng: random.Random, cells: list[Organization], fixed: dict[int, int]) -> dict[int, int]:
    """Members per cell: grassroots cells (whole agencies) larger, cells of a grassroots committee smaller; the
    fixed sizes kept; exactly ``TOTAL`` in all."""
    weights = {
        c.pk: rng.randint(10, 32) if c.kind == Organization.Kind.GRASSROOTS_CELL else rng.randint(5, 20)
        for c in cells
        if c.pk not in fixed
    }
    free = TOTAL - sum(fixed.values())
    scale = free / sum(weights.values())
    sizes = {pk: max(5, int(w * scale)) for pk, w in weights.items()}
    order = sorted(sizes)
    while sum(sizes.values()) != free:
        pk = rng.choice(order)
        if sum(sizes.values()) < free:
            sizes[pk] += 1
        elif sizes[pk] > 5:
            sizes[pk] -= 1
    return sizes | fixed


def _awards(
    person: Person, gaps: list[rules.Interval], members_rules: dict[str, Any]
) -> list[tuple[int, datetime.date]]:
    """The badges awarded before the demo day: each milestone on the first occasion after it was reached."""
    awards = []
    for years in sorted(int(y) for y in members_rules["badge_milestones_years"]):
        if rules.add_months(person.admitted_on, 12 * years) > DEMO_TODAY:
            break
        reached = rules.party_age_reached_on(admitted_on=person.admitted_on, gaps=gaps, years=years)
        occasions = rules.badge_occasions_between(
            reached, rules.add_months(reached, 12), members_rules["badge_occasions"]
        )
        if occasions and occasions[0] < DEMO_TODAY:
            awards.append((years, occasions[0]))
    return awards


def create_members(*, actor: Any, root: Organization, rng: random.Random) -> dict[str, int]:
    """Create the pilot's 2,247 members under ``root`` (the demo committee). Called once, inside the demo
    command's transaction; returns counts for its summary."""
    User = get_user_model()
    members_rules = ruleset_on(DEMO_TODAY).values["members"]
    cells = list(
        Organization.objects.filter(
            path__startswith=root.path,
            kind__in=[Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL],
            dissolved_on__isnull=True,
        ).order_by("path")
    )
    by_pk = {c.pk: c for c in cells}
    parents = {
        o.path: o for o in Organization.objects.filter(path__startswith=root.path, depth=root.depth + 1)
    }
    merged_away = Organization.objects.filter(
        path__startswith=root.path, name=MERGED[1], dissolved_on__isnull=False
    ).first()

    def cell(parent_name: str, name: str) -> Organization:
        return next(
            c
            for c in cells
            if c.name == name
            and (
                not parent_name
                or parents[c.path[: len(root.path) + Organization.steplen]].name == parent_name
            )
        )

    bithu_cell = cell(*BITHU_CELL)
    merged_into = cell(MERGED[0], MERGED[2])

    # The office holders of the cells (live seats) are members of them; those of a grassroots committee are
    # members of its first cell.
    holders: dict[int, list[tuple[str, str, Any]]] = {c.pk: [] for c in cells}
    first_cell: dict[str, Organization] = {}
    for c in cells:
        first_cell.setdefault(c.path[: len(root.path) + Organization.steplen], c)
    seats = Seat.objects.filter(
        organization__path__startswith=root.path, organization__depth__gt=root.depth, ends_on__isnull=True
    ).select_related("organization", "holder")
    for seat in seats.order_by("organization__path", "role", "id"):
        org = seat.organization
        home = org if org.pk in by_pk else first_cell.get(org.path)
        if home is None:
            continue
        kind = "secretary" if seat.role == Seat.Role.SECRETARY else "deputy"
        holders[home.pk].append((seat.holder_name, kind, seat.holder))

    accounts = {a[0]: a for a in ACCOUNTS}
    users = User.objects.in_bulk(["bithu", "dangvien"], field_name="username")
    # New names differ from every office holder's (the higher committee's too, and those of ended seats).
    taken = {a[1] for a in ACCOUNTS} | set(
        Seat.objects.filter(organization__path__startswith=root.path).values_list("holder_name", flat=True)
    )
    names = _Names(rng, taken)

    fixed = {c.pk: SMALL_CELLS[c.name] for c in cells if c.name in SMALL_CELLS}
    fixed[bithu_cell.pk] = 14
    fixed[merged_into.pk] = 15
    sizes = _sizes(rng, cells, fixed)

    # The slots of every cell: office holders first, then ordinary members.
    people: list[Person] = []
    ordinary: list[int] = []  # indexes of ordinary members that may take a special kind
    for c in cells:
        size = sizes[c.pk]
        for name, kind, holder in holders[c.pk][:size]:
            person = Person(cell=c, kind=kind, full_name=name, sex=_sex_of(name), user=holder)
            person.position = "Trưởng phòng" if kind == "secretary" else "Phó Trưởng phòng"
            people.append(person)
        start = len(people)
        people.extend(Person(cell=c, kind="full") for _ in range(size - min(size, len(holders[c.pk]))))
        if c.name in SMALL_CELLS:
            for p in people[start:]:
                p.kind = "probation"
        elif c.pk == bithu_cell.pk:
            people[start].kind, people[start].user = "dangvien", users.get("dangvien")
            ordinary.extend(range(start + 1, len(people)))
        elif c.pk == merged_into.pk:
            for p in people[start : start + MERGED_MEMBERS]:
                p.kind = "merged"
            ordinary.extend(range(start + MERGED_MEMBERS, len(people)))
        else:
            ordinary.extend(range(start, len(people)))
    assert len(people) == TOTAL, len(people)

    rng.shuffle(ordinary)
    for kind, count in KINDS.items():
        for _ in range(count):
            people[ordinary.pop()].kind = kind

    # The people themselves.
    for person in people:
        if person.user is not None:  # the demo accounts: the name, sex and birth year of their citizen ID
            username = person.user.username
            person.full_name = person.user.full_name
            person.citizen_id = accounts[username][2]
            person.sex = Member.Sex.FEMALE if person.citizen_id[3] in "13" else Member.Sex.MALE
            year = 1900 + int(person.citizen_id[4:6])
            person.born_on = _any_day(rng, D(year, 1, 1), D(year, 12, 31))
            _admission(person, rng, _weekday(_years_after(person.born_on, rng.randint(22, 27), rng)))
            person.position = "Chánh Văn phòng" if username == "bithu" else "Kiểm sát viên"
            continue
        _person(person, rng)
        if not person.full_name:
            person.full_name = names(person.sex)
        if not person.position and person.status not in (S.EXEMPT,):
            person.position = rng.choice(POSITIONS)

    # Where they belong: the home cell since they joined it; earlier cells for the transferred and merged ones;
    # temporary membership elsewhere.
    others = [c for c in cells if c.name not in SMALL_CELLS]
    for person in people:
        joined = max(person.admitted_on, person.cell.founded_on or person.admitted_on)
        if person.kind == "merged" and merged_away is not None:
            since = max(person.admitted_on, merged_away.founded_on or person.admitted_on)
            person.memberships.append((merged_away, since, merged_away.dissolved_on, False, ""))
            joined = merged_away.dissolved_on or joined
            note = f"Sáp nhập {merged_away.name} vào {person.cell.name}"
            person.memberships.append((person.cell, joined, None, False, note))
        elif person.kind == "transferred":
            previous = rng.choice([c for c in others if c.pk != person.cell.pk])
            since = max(person.admitted_on, previous.founded_on or person.admitted_on)
            moved = _between(rng, max(since + datetime.timedelta(days=180), D(2021, 1, 4)), D(2026, 9, 30))
            person.memberships.append((previous, since, moved, False, ""))
            person.memberships.append((person.cell, moved, None, False, f"Chuyển từ {previous.name}"))
        else:
            person.memberships.append((person.cell, joined, None, False, ""))
        if person.kind == "temporary":
            host = rng.choice([c for c in others if c.pk != person.cell.pk])
            starts = _between(rng, D(2025, 3, 2), D(2026, 10, 30))
            ends = None if rng.random() < 0.3 else rules.add_months(starts, rng.choice([6, 12, 18, 24]))
            person.memberships.append((host, starts, ends, True, rng.choice(TEMPORARY_NOTES)))
            person.status = S.TEMPORARY_ELSEWHERE
            person.changes.append((S.TEMPORARY_ELSEWHERE, starts, f"Sinh hoạt tạm thời tại {host.name}"))

    # Citizen IDs: province of birth, sex and century, year of birth, a serial never used twice.
    serials = rng.sample(range(1, 900_000), TOTAL)
    cards = rng.sample(range(10_000_000, 99_999_999), TOTAL)
    members: list[Member] = []
    histories: list[tuple[list[rules.Interval], Person]] = []
    for person, serial, card in zip(people, serials, cards, strict=True):
        if not person.citizen_id:
            century = 0 if person.born_on.year < 2000 else 2
            sex_digit = century + (1 if person.sex == Member.Sex.FEMALE else 0)
            person.citizen_id = (
                f"{rng.choice(PROVINCE_CODES)}{sex_digit}{person.born_on.year % 100:02d}{serial:06d}"
            )
        gaps = [(start, end) for _kind, start, end in person.gaps]
        gaps += rules.out_of_party_periods([(s, on) for s, on, _r in person.changes], until=DEMO_TODAY)
        histories.append((gaps, person))
        young = person.status == S.PROBATIONARY
        members.append(
            Member(
                citizen_id=person.citizen_id,
                full_name=person.full_name,
                sex=person.sex,
                born_on=person.born_on,
                ethnicity=rng.choice(ETHNICITIES),
                religion=rng.choice(RELIGIONS),
                hometown=rng.choice(HOMETOWNS),
                residence=rng.choice(WARDS),
                job="Cán bộ nghỉ hưu"
                if person.status == S.EXEMPT
                else rng.choice(["Công chức", "Viên chức"]),
                position=person.position,
                education=rng.choice(EDUCATION),
                political_theory=rng.choice([Member.Theory.NONE, Member.Theory.ELEMENTARY])
                if young
                else rng.choice(THEORY),
                card_number="" if young else f"{card:08d}",
                admitted_on=person.admitted_on,
                ceremony_on=person.ceremony_on,
                full_on=person.full_on,
                status=person.status,
                party_age_from=rules.counting_start(
                    admitted_on=person.admitted_on, gaps=gaps, until=DEMO_TODAY
                ),
                seriously_ill=person.seriously_ill,
                organization=person.cell,
                organization_path=person.cell.path,
                user=person.user,
                search_name=fold(person.full_name),
                sort_key=name_sort_key(person.full_name),
            )
        )
    Member.objects.bulk_create(members, batch_size=500)

    changes, memberships, gap_rows, awards = [], [], [], []
    decision_numbers: dict[datetime.date, int] = {}
    for member, (gaps, person) in zip(members, histories, strict=True):
        for status, on, reason in sorted(person.changes, key=lambda c: c[1]):
            changes.append(
                StatusChange(member=member, status=status, on=on, reason=reason, recorded_by=actor)
            )
        for organization, starts, ends, temporary, note in person.memberships:
            memberships.append(
                Membership(
                    member=member,
                    organization=organization,
                    starts_on=starts,
                    ends_on=ends,
                    temporary=temporary,
                    note=note,
                )
            )
        for gap_kind, gap_start, gap_end in person.gaps:
            gap_rows.append(PartyGap(member=member, kind=gap_kind, starts_on=gap_start, ends_on=gap_end))
        for years, occasion in _awards(person, gaps, members_rules):
            number = decision_numbers.setdefault(occasion, 100 + len(decision_numbers) * 7)
            signed = occasion - datetime.timedelta(days=10)
            awards.append(
                BadgeAward(
                    member=member,
                    years=years,
                    awarded_on=occasion,
                    decision=f"Quyết định số {number}-QĐ/TU ngày {signed:%d/%m/%Y} của Ban Thường vụ Tỉnh ủy",
                )
            )
    StatusChange.objects.bulk_create(changes, batch_size=1000)
    Membership.objects.bulk_create(memberships, batch_size=1000)
    PartyGap.objects.bulk_create(gap_rows)
    BadgeAward.objects.bulk_create(awards, batch_size=1000)

    counts = {
        "members": len(members),
        "probationary": sum(m.status == S.PROBATIONARY for m in members),
        "exempt": sum(m.status == S.EXEMPT for m in members),
        "temporary_elsewhere": sum(m.status == S.TEMPORARY_ELSEWHERE for m in members),
        "cells": len(cells),
        "status_changes": len(changes),
        "memberships": len(memberships),
        "gaps": len(gap_rows),
        "badges": len(awards),
    }
    audit_record(
        actor=actor,
        action="demo_members",
        obj=root,
        organization=root,
        changes=counts | {"as_of": DEMO_TODAY.isoformat()},
    )
    return counts
