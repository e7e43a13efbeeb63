import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.members import rules
from chibo.rulesets import defaults

D = datetime.date
MEMBERS = defaults.current_values()["members"]
CALENDAR = defaults.current_values()["calendar"]


def test_exactly_thirty_years_after_admission_without_gaps():
    assert rules.party_age(admitted_on=D(1996, 5, 19), gaps=[], on=D(2026, 5, 19)).years == 30
    assert rules.party_age(admitted_on=D(1996, 5, 19), gaps=[], on=D(2026, 5, 18)).years == 29


def test_exactly_thirty_years_after_admission_with_a_two_year_gap():
    gap = (D(2000, 1, 1), D(2002, 1, 1))  # 731 days out of the party
    age = rules.party_age(admitted_on=D(1996, 5, 19), gaps=[gap], on=D(2026, 5, 19))
    assert age.years == 27  # 28 years are reached only 731 days after 19/5/2024
    assert age.counts_from == D(1998, 5, 20)
    assert rules.party_age_reached_on(admitted_on=D(1996, 5, 19), gaps=[gap], years=30) == D(2028, 5, 20)
    assert rules.party_age(admitted_on=D(1996, 5, 19), gaps=[gap], on=D(2028, 5, 19)).years == 29
    assert rules.party_age(admitted_on=D(1996, 5, 19), gaps=[gap], on=D(2028, 5, 20)).years == 30


def test_readmission_counts_from_the_first_admission_minus_the_time_out():
    history = [
        ("probationary", D(1990, 3, 1)),
        ("full", D(1991, 3, 1)),
        ("expelled", D(2000, 1, 1)),
        ("probationary", D(2005, 1, 1)),
    ]
    out = rules.out_of_party_periods(history, until=D(2026, 1, 1))
    assert out == [(D(2000, 1, 1), D(2005, 1, 1))]
    assert rules.party_age(admitted_on=D(1990, 3, 1), gaps=out, on=D(2026, 1, 1)).years == 30  # 35.8 - 5.0


def test_a_member_still_out_stops_counting():
    out = rules.out_of_party_periods(
        [("full", D(1990, 1, 1)), ("removed", D(2020, 1, 1))], until=D(2026, 1, 1)
    )
    assert out == [(D(2020, 1, 1), D(2026, 1, 1))]
    # 30 years counted up to 1/1/2020, nothing since: the 6-year gap is 2,192 days, one more than 1990–1996.
    age = rules.party_age(admitted_on=D(1990, 1, 1), gaps=out, on=D(2026, 1, 1))
    assert (age.years, age.counts_from) == (29, D(1996, 1, 2))


@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2020, 12, 31)), st.integers(min_value=1, max_value=60))
def test_reached_on_is_the_first_day_of_that_age(admitted, years):
    gaps = [(D(2000, 1, 1), D(2001, 7, 1))]
    day = rules.party_age_reached_on(admitted_on=admitted, gaps=gaps, years=years)
    assert rules.party_age(admitted_on=admitted, gaps=gaps, on=day).years == years
    assert (
        rules.party_age(admitted_on=admitted, gaps=gaps, on=day - datetime.timedelta(days=1)).years
        == years - 1
    )


def test_next_badge_occasion():
    occasions = MEMBERS["badge_occasions"]
    assert rules.next_badge_occasion(D(2026, 11, 23), occasions) == D(2027, 2, 3)
    assert rules.next_badge_occasion(D(2026, 9, 2), occasions) == D(2026, 9, 2)
    assert rules.next_badge_occasion(D(2026, 9, 3), occasions) == D(2026, 11, 7)


def test_badge_due_at_the_milestone_and_not_before():
    kwargs = {"admitted_on": D(1997, 2, 3), "gaps": [], "members_rules": MEMBERS}
    assert rules.badge_due(occasion=D(2027, 2, 3), **kwargs) == 30
    assert rules.badge_due(occasion=D(2026, 11, 7), **kwargs) is None
    assert rules.badge_due(occasion=D(2027, 2, 3), awarded=[30], **kwargs) is None


def test_badge_early_for_serious_illness():
    # 30 years reached on 2027-11-01: 12 months early allowed for 30–65 years, so due on 2/9/2027 if seriously ill.
    kwargs = {"admitted_on": D(1997, 11, 1), "gaps": [], "members_rules": MEMBERS, "occasion": D(2027, 9, 2)}
    assert rules.badge_due(**kwargs) is None
    assert rules.badge_due(seriously_ill=True, **kwargs) == 30
    # 70 years: 24 months early. Reached on 2029-01-01; due on 3/2/2027 when seriously ill.
    kwargs = {"admitted_on": D(1959, 1, 1), "gaps": [], "members_rules": MEMBERS, "occasion": D(2027, 2, 3)}
    assert rules.badge_due(awarded=[30, 40, 45, 50, 55, 60, 65], **kwargs) is None
    assert rules.badge_due(awarded=[30, 40, 45, 50, 55, 60, 65], seriously_ill=True, **kwargs) == 70


def test_probation_ending_on_a_holiday():
    # Ceremony 2/9/2025: 12 months end on 2/9/2026, Quốc khánh (1/9 and 2/9 are off in 2026).
    facts = rules.probation(
        ceremony_on=D(2025, 9, 2), today=D(2026, 9, 2), members_rules=MEMBERS, calendar=CALENDAR
    )
    assert facts.ends_on == D(2026, 9, 2)
    assert facts.state is rules.Probation.DUE
    # 30 working days after 2/9/2026: from Thu 3/9, no holiday until 14/10 (weekends skipped) -> 14/10/2026.
    assert facts.review_deadline == D(2026, 10, 14)
    late = rules.probation(
        ceremony_on=D(2025, 9, 2), today=D(2026, 10, 15), members_rules=MEMBERS, calendar=CALENDAR
    )
    assert late.state is rules.Probation.LATE
    early = rules.probation(
        ceremony_on=D(2025, 9, 2), today=D(2026, 9, 1), members_rules=MEMBERS, calendar=CALENDAR
    )
    assert early.state is rules.Probation.IN_PROBATION


def test_probation_across_tet():
    # Ceremony 16/2/2025: ends 16/2/2026, inside the Tết break of 2026 (14–22/2): the count starts on Mon 23/2.
    # 23–27/2 (5), March's weeks 2–6, 9–13, 16–20, 23–27 (25), then 30/3, 31/3, 1/4, 2/4, 3/4 (30).
    facts = rules.probation(
        ceremony_on=D(2025, 2, 16), today=D(2026, 2, 16), members_rules=MEMBERS, calendar=CALENDAR
    )
    assert facts.review_deadline == D(2026, 4, 3)


@pytest.mark.parametrize(("full", "small"), [(2, True), (3, False), (0, True)])
def test_cell_too_small(full, small):
    assert rules.cell_too_small(full_members=full, members_rules=MEMBERS) is small


def test_add_months_end_of_month():
    assert rules.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert rules.add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)


def test_admission_age_is_counted_in_months_from_18_to_60():
    values = defaults.CURRENT_VALUES["members"]
    born = datetime.date(2008, 2, 29)

    def problem(on):
        return rules.admission_age_problem(born_on=born, on=on, members_rules=values)

    assert problem(datetime.date(2026, 2, 27)) == "Chưa đủ 18 tuổi vào ngày 27/02/2026."
    assert problem(datetime.date(2026, 2, 28)) is None  # the 18th birthday of someone born on 29/2
    old = datetime.date(1965, 12, 3)
    assert (
        rules.admission_age_problem(born_on=old, on=datetime.date(2026, 12, 2), members_rules=values) is None
    )
    assert (
        rules.admission_age_problem(born_on=old, on=datetime.date(2026, 12, 3), members_rules=values)
        == "Đã quá 60 tuổi vào ngày 03/12/2026."
    )
