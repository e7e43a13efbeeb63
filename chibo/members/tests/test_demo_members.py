"""The member part of ``chibo demo``: the pilot's 2,247 members, plausible and the same on every run."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F

from chibo.core.models import AuditEntry
from chibo.core.text import fold, name_sort_key
from chibo.members import rules
from chibo.members.models import BadgeAward, Member, Membership, PartyGap, StatusChange
from chibo.organizations.models import Organization
from chibo.rulesets.selectors import calendar_of, ruleset_on

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 23)
OCCASION = datetime.date(2027, 2, 3)
CELLS = (Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL)


@pytest.fixture(autouse=True)
def _development(settings):
    """The demo runs on development installations only (DEBUG on)."""
    settings.DEBUG = True


def run_demo() -> str:
    out = StringIO()
    call_command("demo", "--parts=members", stdout=out)
    return out.getvalue()


def gaps_of(member: Member) -> list[rules.Interval]:
    gaps = [(g.starts_on, g.ends_on) for g in member.gaps.all()]
    history = [(c.status, c.on) for c in member.status_changes.all()]
    return gaps + rules.out_of_party_periods(history, until=AS_OF)


def counts() -> dict[str, int]:
    tables = [Member, StatusChange, Membership, PartyGap, BadgeAward, AuditEntry]
    return {model.__name__: model.objects.count() for model in tables}


def test_the_demo_members():
    run_demo()
    root = Organization.objects.get(code="DEMO-KHOI")
    members = list(
        Member.objects.select_related("organization", "user").prefetch_related(
            "gaps", "status_changes", "badges"
        )
    )
    assert len(members) == 2247

    # All in active cells under the root, the derived fields as save() would set them.
    for m in members:
        assert m.organization.path.startswith(root.path), m
        assert m.organization.kind in CELLS and m.organization.is_active, m.organization
        assert m.organization_path == m.organization.path
        assert (m.search_name, m.sort_key) == (fold(m.full_name), name_sort_key(m.full_name))
        assert m.party_age_from == rules.counting_start(
            admitted_on=m.admitted_on, gaps=gaps_of(m), until=AS_OF
        )
        age_at_admission = rules.completed_years(m.born_on, m.admitted_on)
        assert 1955 <= m.born_on.year <= 2003 and 18 <= age_at_admission <= 45, (m, m.born_on, m.admitted_on)
        assert m.citizen_id.isdigit() and len(m.citizen_id) == 12
        assert m.citizen_id[4:6] == f"{m.born_on.year % 100:02d}"
    assert len({m.citizen_id for m in members}) == 2247
    assert len({m.full_name for m in members}) == 2247  # synthetic, never repeated
    cells = {m.organization_id for m in members}
    active_cells = Organization.objects.filter(
        path__startswith=root.path, kind__in=CELLS, dissolved_on__isnull=True
    )
    assert cells == set(active_cells.values_list("pk", flat=True))  # every active cell has members

    # Statuses and education.
    statuses = Counter(m.status for m in members)
    assert statuses[Member.Status.FULL] > 2000
    assert 80 <= statuses[Member.Status.PROBATIONARY] <= 100  # about 4 %
    assert 3 <= statuses[Member.Status.EXEMPT] <= 15
    assert all(m.born_on.year <= 1962 for m in members if m.status == Member.Status.EXEMPT)
    assert statuses[Member.Status.TEMPORARY_ELSEWHERE] >= 5
    assert set(statuses) <= set(Member.ACTIVE_STATUSES)
    education = Counter(m.education for m in members)
    assert education[Member.Education.UNIVERSITY] > 1400
    assert education[Member.Education.MASTER] > 0 and education[Member.Education.DOCTOR] > 0

    # The demo accounts are members of their cell.
    for username in ("bithu", "dangvien"):
        account = get_user_model().objects.get(username=username)
        record = Member.objects.get(user=account)
        assert record.full_name == account.full_name
        assert record.citizen_id == account.citizen_id
        assert (record.organization.name, Organization.objects.get_parent(record.organization).name) == (
            "Chi bộ Văn phòng",
            "Đảng bộ Viện Kiểm sát nhân dân tỉnh",
        )

    # Histories: transfers between cells, temporary membership elsewhere, readmission, gaps, earlier badges.
    current = list(
        Membership.objects.filter(ends_on__isnull=True, temporary=False).values_list("member", "organization")
    )
    assert sorted(current) == sorted(
        (m.pk, m.organization_id) for m in members
    )  # one open place: the own cell
    assert not Membership.objects.filter(
        temporary=True, organization_id=F("member__organization_id")
    ).exists()
    moved = Membership.objects.filter(ends_on__isnull=False, temporary=False)
    assert moved.count() >= 30
    assert Membership.objects.filter(temporary=True).count() == statuses[Member.Status.TEMPORARY_ELSEWHERE]
    assert Membership.objects.filter(organization__dissolved_on__isnull=False).count() >= 1  # the merged cell
    readmitted = StatusChange.objects.filter(status=Member.Status.REMOVED).values("member").distinct()
    assert readmitted.count() == 2
    assert set(PartyGap.objects.values_list("kind", flat=True)) == {
        PartyGap.Kind.LOST_CONTACT,
        PartyGap.Kind.TRANSFER_GAP,
    }
    assert BadgeAward.objects.filter(years=30).count() > 50 and BadgeAward.objects.filter(years=40).exists()

    # Due a badge on 3/2/2027, the next occasion after 23/11/2026; nobody left over from an earlier occasion.
    members_rules = ruleset_on(AS_OF).values["members"]
    assert rules.next_badge_occasion(AS_OF, members_rules["badge_occasions"]) == OCCASION
    due = {}
    for m in members:
        awarded = [b.years for b in m.badges.all()]
        kwargs = {"admitted_on": m.admitted_on, "gaps": gaps_of(m), "members_rules": members_rules}
        badge = rules.badge_due(**kwargs, occasion=OCCASION, awarded=awarded, seriously_ill=m.seriously_ill)
        if badge:
            due[m.full_name] = (badge, m.seriously_ill)
        assert rules.badge_due(**kwargs, occasion=datetime.date(2026, 11, 7), awarded=awarded) is None, m
    assert len(due) >= 5
    assert {badge for badge, _ill in due.values()} >= {30, 40, 45}
    assert any(ill for _badge, ill in due.values())

    # Probation as of 23/11/2026: some due for the review, one or two late.
    calendar = calendar_of(ruleset_on(AS_OF))
    states = Counter(
        rules.probation(
            ceremony_on=m.ceremony_on, today=AS_OF, members_rules=members_rules, calendar=calendar
        ).state
        for m in members
        if m.status == Member.Status.PROBATIONARY
    )
    assert 1 <= states[rules.Probation.LATE] <= 2
    assert states[rules.Probation.DUE] >= 3
    assert states[rules.Probation.IN_PROBATION] > 50

    # Some cells too small, for the warning.
    full = Counter(m.organization_id for m in members if m.status != Member.Status.PROBATIONARY)
    assert (
        sum(1 for pk in cells if rules.cell_too_small(full_members=full[pk], members_rules=members_rules))
        == 2
    )

    # One audit line sums it up.
    [entry] = AuditEntry.objects.filter(action="demo_members")
    assert entry.changes["members"] == 2247
    assert entry.organization_id == root.pk


def test_the_demo_pages_for_the_committee_member(login):
    run_demo()
    capuy = login(get_user_model().objects.get(username="capuy"))
    badges = capuy.get("/dang-vien/huy-hieu/", {"dip": "2027-02-03"})
    assert badges.status_code == 200
    assert len(badges.context["rows"]) >= 5
    probation = capuy.get("/dang-vien/du-bi/")
    assert probation.status_code == 200
    assert probation.context["total"] == Member.objects.filter(status=Member.Status.PROBATIONARY).count()


def test_running_the_demo_twice_changes_nothing():
    run_demo()
    before = counts()
    names = list(
        Member.objects.order_by("citizen_id").values_list("citizen_id", "full_name", "party_age_from")
    )
    output = run_demo()
    assert "đã có" in output
    assert counts() == before
    assert (
        list(Member.objects.order_by("citizen_id").values_list("citizen_id", "full_name", "party_age_from"))
        == names
    )
