"""The shipped catalog of honours: one shape for every entry, every reference resolved; and migrations 0004 and
0005, which add the catalog and the campaign's self-review month to stored versions without touching what they
hold."""

import copy
import datetime
import importlib

import pytest
from django.apps import apps

from chibo.rulesets import catalog, defaults, services
from chibo.rulesets.models import RuleSet

SHIPPED = [defaults.CURRENT_VALUES, defaults.PREVIOUS_VALUES]
CODES = [
    "lao_dong_tien_tien",
    "chien_si_thi_dua_co_so",
    "chien_si_thi_dua_bo_tinh",
    "chien_si_thi_dua_toan_quoc",
    "tap_the_lao_dong_tien_tien",
    "tap_the_lao_dong_xuat_sac",
    "co_thi_dua_chinh_phu",
    "giay_khen",
    "bang_khen_tinh",
    "bang_khen_thu_tuong",
]


@pytest.mark.parametrize("values", SHIPPED)
def test_every_honour_has_the_shape_of_the_first(values):
    honours = values["emulation"]["honours"]
    assert [h["code"] for h in honours] == CODES
    first = honours[0]
    for honour in honours:
        # The rule-set form checks each list item against the first one: a shipped entry must pass that check.
        assert services.values_problems(honour, first, honour["code"]) == []
        assert list(honour) == list(first)
        assert list(honour["requires"]) == list(first["requires"])
        assert honour["requires"]["mode"] in ("warn", "block")


@pytest.mark.parametrize("values", SHIPPED)
def test_every_reference_of_the_catalog_resolves(values):
    """The check an administrator's new version goes through (``catalog.catalog_problems``, whose refusals are
    tested one by one in test_services) passes on the shipped versions; and each entry cites its source and says
    who decides, which the check leaves to the text."""
    assert catalog.catalog_problems(values) == []
    for honour in values["emulation"]["honours"]:
        assert honour["source"] and honour["decided_by"], honour["code"]


@pytest.mark.parametrize("values", SHIPPED)
def test_the_catalog_agrees_with_the_titles_the_pages_show(values):
    titles = values["emulation"]["titles"]
    for honour in values["emulation"]["honours"]:
        if honour["code"] in titles:
            assert honour["name"] == titles[honour["code"]]["name"]
            assert honour["bonus_multiple"] == titles[honour["code"]]["bonus_multiple"]


def test_the_nomination_vote_is_more_than_half_of_those_called():
    for values in SHIPPED:
        assert values["votes"]["nomination"] == {
            "comparison": "more_than",
            "numerator": 1,
            "denominator": 2,
            "base": "voters",
        }


def _migration():
    return importlib.import_module("chibo.rulesets.migrations.0004_honours_catalog")


def _without_the_new_keys(values):
    values = copy.deepcopy(values)
    del values["emulation"]["honours"]
    del values["votes"]["nomination"]
    for key in ("no_discipline", "advanced_members_comparison"):
        del values["emulation"]["collective_excellent"][key]
    return values


@pytest.mark.django_db
def test_migration_0004_completes_stored_versions_and_keeps_their_values():
    old, current = RuleSet.objects.order_by("effective_from")
    for ruleset in (old, current):
        ruleset.values = _without_the_new_keys(ruleset.values)
        ruleset.values["emulation"]["province_fighter_streak"] = 4  # a value the version holds: kept
        ruleset.save()
    complete = RuleSet.objects.create(
        name="Đã đủ", effective_from=datetime.date(2027, 1, 1), source="Thử", values=defaults.current_values()
    )
    complete.values["emulation"]["honours"][0]["name"] = "Tên đã sửa"
    complete.save()

    _migration().complete(apps, None)

    old.refresh_from_db()
    current.refresh_from_db()
    complete.refresh_from_db()
    assert old.values["emulation"]["honours"] == defaults.PREVIOUS_VALUES["emulation"]["honours"]
    assert current.values["emulation"]["honours"] == defaults.CURRENT_VALUES["emulation"]["honours"]
    for ruleset in (old, current):
        assert ruleset.values["votes"]["nomination"]["base"] == "voters"
        assert ruleset.values["emulation"]["collective_excellent"]["no_discipline"] is True
        assert (
            ruleset.values["emulation"]["collective_excellent"]["advanced_members_comparison"] == "at_least"
        )
        assert ruleset.values["emulation"]["province_fighter_streak"] == 4
    assert complete.values["emulation"]["honours"][0]["name"] == "Tên đã sửa"  # present: not replaced
    assert services.values_problems(current.values, defaults.CURRENT_VALUES) == []


@pytest.mark.django_db
def test_migration_0005_gives_stored_versions_the_self_review_month_and_keeps_theirs():
    old, current = RuleSet.objects.order_by("effective_from")
    del old.values["campaign"]
    old.save()
    current.values["campaign"]["self_review_from_month"] = 12  # a value the version holds: kept
    current.save()

    importlib.import_module("chibo.rulesets.migrations.0005_campaign_self_review").complete(apps, None)

    old.refresh_from_db()
    current.refresh_from_db()
    assert old.values["campaign"] == defaults.CURRENT_VALUES["campaign"]
    assert old.values["campaign"]["self_review_from_month"] == 11
    assert current.values["campaign"]["self_review_from_month"] == 12
