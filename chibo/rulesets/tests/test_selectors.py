"""The rule set in force on a date, from the two versions the data migration ships."""

import datetime

import pytest

from chibo.rulesets import defaults, selectors, services
from chibo.rulesets.models import RuleSet

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_migration_ships_two_versions():
    assert [(r.name, r.effective_from) for r in selectors.ruleset_list()] == [
        ("Bộ quy tắc hiện hành", D(2025, 7, 1)),
        ("Bộ quy tắc theo các văn bản cũ", D(2018, 7, 6)),
    ]
    old, current = RuleSet.objects.order_by("effective_from")
    assert current.values["meetings"]["min_minutes"] == 90
    assert "Hướng dẫn 12-HD/BTCTW" in old.values["meetings"]["source"]
    assert "chưa đối chiếu" in old.notes
    assert all(group.get("source") for group in current.values.values())


def test_both_shipped_versions_have_the_same_structure():
    assert services.values_problems(defaults.PREVIOUS_VALUES, defaults.CURRENT_VALUES) == []
    assert services.values_problems(defaults.CURRENT_VALUES, defaults.PREVIOUS_VALUES) == []


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2018, 7, 6), "Bộ quy tắc theo các văn bản cũ"),
        (D(2025, 6, 30), "Bộ quy tắc theo các văn bản cũ"),
        (D(2025, 7, 1), "Bộ quy tắc hiện hành"),
        (D(2030, 1, 1), "Bộ quy tắc hiện hành"),
    ],
)
def test_ruleset_on_boundaries(day, name, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.ruleset_on(day).name == name


def test_no_ruleset_before_the_first_one():
    with pytest.raises(
        selectors.NoRuleSetInForce, match="Không có bộ quy tắc nào có hiệu lực vào ngày 05/07/2018"
    ):
        selectors.ruleset_on(D(2018, 7, 5))


def test_a_new_version_takes_over_from_its_date():
    values = defaults.current_values()
    values["calendar"]["weekend"] = [6]
    RuleSet.objects.create(name="Thử", effective_from=D(2027, 1, 1), source="Thử", values=values)
    assert selectors.ruleset_on(D(2026, 12, 31)).name == "Bộ quy tắc hiện hành"
    assert selectors.calendar_on(D(2027, 1, 1)).weekend == frozenset({6})
    assert selectors.is_working_day(D(2027, 1, 2))  # a Saturday, working under the new version


def test_working_days_add_uses_the_set_in_force_on_the_start():
    # See test_rules.test_thirty_working_days_across_tet_2026 for the count by hand.
    assert selectors.working_days_add(D(2026, 1, 15), 30) == D(2026, 3, 5)
    # In 2019 (old set) Quốc khánh was one day: Monday 02/09/2019 only, 30 working days from 15/08/2019:
    # 16/08 = 1; 19–23/08 = 2–6; 26–30/08 = 7–11; 03–06/09 = 12–15 (02/09 off); 09–13/09 = 16–20;
    # 16–20/09 = 21–25; 23–27/09 = 26–30 -> Friday 27/09/2019.
    assert selectors.working_days_add(D(2019, 8, 15), 30) == D(2019, 9, 27)


def test_ruleset_for_year():
    assert selectors.ruleset_for_year(2026).name == "Bộ quy tắc hiện hành"
    assert selectors.ruleset_for_year(2025).name == "Bộ quy tắc theo các văn bản cũ"  # in force on 01/01/2025
    assert selectors.ruleset_for_year(2000).name == "Bộ quy tắc theo các văn bản cũ"  # the earliest
