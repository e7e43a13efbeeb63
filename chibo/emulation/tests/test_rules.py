"""The catalog of honours and the eligibility rules, read from the shipped rule set (no database)."""

import copy
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.emulation import rules
from chibo.emulation.rules import CollectiveFacts, Rate, Record
from chibo.rulesets import defaults

LDTT = "lao_dong_tien_tien"
CSTD_CS = "chien_si_thi_dua_co_so"
CSTD_TINH = "chien_si_thi_dua_bo_tinh"
CSTD_TQ = "chien_si_thi_dua_toan_quoc"
TT_TIEN_TIEN = "tap_the_lao_dong_tien_tien"
TT_XUAT_SAC = "tap_the_lao_dong_xuat_sac"
CO_CP = "co_thi_dua_chinh_phu"
GIAY_KHEN = "giay_khen"
BK_TINH = "bang_khen_tinh"
BK_TTG = "bang_khen_thu_tuong"
LEVELS = defaults.CURRENT_VALUES["quality_review"]["levels"]


@pytest.fixture
def values():
    return copy.deepcopy(defaults.CURRENT_VALUES["emulation"])


def check(code, record, values, year=2025, collective=None, proposed=()):
    return rules.eligibility(code, year, record, values, collective, frozenset(proposed), levels=LEVELS)


def held(**years):
    """held(y2023=[CSTD_CS]) -> {2023: frozenset({CSTD_CS})}"""
    return {int(key[1:]): frozenset(codes) for key, codes in years.items()}


def team(*, tasks=(10, 10), members=10, advanced=8, fighters=1, disciplined=False):
    return CollectiveFacts(tasks[0], tasks[1], members, advanced, fighters, disciplined)


OK = rules.Verdict(True, (), ())


# The catalog


def test_the_catalog_lists_every_honour_in_order(values):
    catalog = rules.honours(values)
    assert list(catalog) == [
        LDTT,
        CSTD_CS,
        CSTD_TINH,
        CSTD_TQ,
        TT_TIEN_TIEN,
        TT_XUAT_SAC,
        CO_CP,
        GIAY_KHEN,
        BK_TINH,
        BK_TTG,
    ]
    fighter = catalog[CSTD_CS]
    assert (fighter.name, fighter.kind, fighter.recipient, fighter.level) == (
        "Chiến sĩ thi đua cơ sở",
        "title",
        "individual",
        "grassroots",
    )
    assert fighter.bonus_multiple == Decimal("1.0") and fighter.bonus_multiple_collective is None
    assert fighter.title == "danh hiệu Chiến sĩ thi đua cơ sở"
    assert catalog[GIAY_KHEN].title == "Giấy khen"  # a form of commendation is named as it is
    assert catalog[BK_TINH].bonus_multiple_collective == Decimal("3.0")
    assert catalog[CSTD_TQ].council_min_percent_key == "council_secret_ballot_min_percent"
    assert catalog[LDTT].council_min_percent_key == ""


def test_the_previous_catalog_has_the_bonus_of_the_old_decree():
    catalog = rules.honours(defaults.PREVIOUS_VALUES["emulation"])
    assert catalog[BK_TINH].bonus_multiple == Decimal("1.0")
    assert "Nghị định 91/2017/NĐ-CP" in catalog[BK_TINH].source


def test_the_fallback_levels_are_those_of_the_rule_set():
    assert [(lv["code"], lv["name"]) for lv in rules.DEFAULT_LEVELS] == [
        (lv["code"], lv["name"]) for lv in LEVELS
    ]


def test_an_unknown_honour_is_named(values):
    assert check("huan_chuong", Record(), values) == rules.Verdict(
        False, ("không có danh hiệu, hình thức khen thưởng “huan_chuong” trong bộ quy tắc",), ()
    )


# Lao động tiên tiến: "hoàn thành tốt nhiệm vụ" or better


@pytest.mark.parametrize("level", ["good", "excellent"])
def test_lao_dong_tien_tien_from_good(values, level):
    assert check(LDTT, Record(review_levels={2025: level}), values) == OK


def test_lao_dong_tien_tien_not_with_done(values):
    verdict = check(LDTT, Record(review_levels={2025: "done", 2024: "excellent"}), values)
    assert verdict == rules.Verdict(
        False,
        ("xếp loại chất lượng năm 2025 là Hoàn thành nhiệm vụ, cần Hoàn thành tốt nhiệm vụ trở lên",),
        (),
    )


def test_lao_dong_tien_tien_needs_a_decided_review(values):
    assert check(LDTT, Record(review_levels={2024: "good"}), values).reasons == (
        "chưa có xếp loại chất lượng năm 2025 được quyết định, cần Hoàn thành tốt nhiệm vụ trở lên",
    )


def test_the_minimum_level_comes_from_the_rule_set(values):
    values["advanced_worker_min_level"] = "excellent"
    assert check(LDTT, Record(review_levels={2025: "good"}), values).reasons == (
        "xếp loại chất lượng năm 2025 là Hoàn thành tốt nhiệm vụ, cần Hoàn thành xuất sắc nhiệm vụ",
    )


def test_level_names_come_from_the_levels_passed(values):
    levels = [{"code": c, "name": n} for c, n in [("excellent", "XS"), ("good", "Tốt"), ("done", "HT")]]
    verdict = rules.eligibility(LDTT, 2025, Record(review_levels={2025: "done"}), values, levels=levels)
    assert verdict.reasons == ("xếp loại chất lượng năm 2025 là HT, cần Tốt trở lên",)


def test_an_individual_title_is_not_for_a_collective(values):
    verdict = check(LDTT, Record(review_levels={2025: "good"}), values, collective=team())
    assert verdict == rules.Verdict(
        False, ("Lao động tiên tiến chỉ xét tặng cho cá nhân, không xét cho tập thể",), ()
    )


# Chiến sĩ thi đua cơ sở: Lao động tiên tiến + an initiative at grassroots scope


def _fighter(**changes):
    facts = {"review_levels": {2025: "good"}, "initiatives": {2025: frozenset({"grassroots"})}}
    facts.update(changes)
    return Record(**facts)


def test_chien_si_thi_dua_co_so_with_lao_dong_tien_tien_held(values):
    assert check(CSTD_CS, _fighter(awards=held(y2025=[LDTT])), values) == OK


def test_chien_si_thi_dua_co_so_with_lao_dong_tien_tien_proposed_in_the_same_round(values):
    assert check(CSTD_CS, _fighter(), values, proposed=[LDTT]) == OK


def test_chien_si_thi_dua_co_so_without_lao_dong_tien_tien(values):
    verdict = check(CSTD_CS, _fighter(awards=held(y2024=[LDTT])), values)
    assert verdict == rules.Verdict(False, ("thiếu danh hiệu Lao động tiên tiến năm 2025",), ())


def test_a_proposal_counts_only_for_the_year_considered(values):
    # Proposed in the round of 2025, a title fills 2025, never an earlier year of a streak.
    record = Record(awards=held(y2023=[CSTD_CS]), initiatives={2025: frozenset({"province"})})
    assert check(CSTD_TINH, record, values, proposed=[CSTD_CS]).reasons == (
        "thiếu danh hiệu Chiến sĩ thi đua cơ sở năm 2024",
    )


def test_chien_si_thi_dua_co_so_without_an_initiative(values):
    verdict = check(CSTD_CS, _fighter(initiatives={2024: frozenset({"national"})}), values, proposed=[LDTT])
    assert verdict.reasons == ("không có sáng kiến được công nhận năm 2025, cần phạm vi cấp cơ sở trở lên",)


def test_a_wider_initiative_does_for_a_narrower_scope(values):
    assert (
        check(CSTD_CS, _fighter(initiatives={2025: frozenset({"province"})}), values, proposed=[LDTT]) == OK
    )


# Chiến sĩ thi đua cấp bộ, tỉnh: 3 consecutive Chiến sĩ thi đua cơ sở + an initiative at province scope


def _province(awards, initiatives=None):
    return Record(awards=awards, initiatives=initiatives or {2024: frozenset({"province"})})


def test_chien_si_thi_dua_tinh_with_three_years(values):
    record = _province(held(y2023=[CSTD_CS], y2024=[CSTD_CS], y2025=[CSTD_CS]))
    assert check(CSTD_TINH, record, values) == OK


def test_the_third_year_may_be_proposed_in_the_same_round(values):
    record = _province(held(y2023=[CSTD_CS], y2024=[CSTD_CS]))
    assert check(CSTD_TINH, record, values, proposed=[CSTD_CS]) == OK


def test_two_years_are_not_enough(values):
    verdict = check(CSTD_TINH, _province(held(y2024=[CSTD_CS], y2025=[CSTD_CS])), values)
    assert verdict == rules.Verdict(False, ("thiếu danh hiệu Chiến sĩ thi đua cơ sở năm 2023",), ())


def test_one_missing_year_breaks_the_streak(values):
    record = _province(held(y2022=[CSTD_CS], y2023=[CSTD_CS], y2025=[CSTD_CS]))
    assert check(CSTD_TINH, record, values).reasons == ("thiếu danh hiệu Chiến sĩ thi đua cơ sở năm 2024",)


def test_every_missing_year_is_named(values):
    assert check(CSTD_TINH, _province(held(y2025=[CSTD_CS])), values).reasons == (
        "thiếu danh hiệu Chiến sĩ thi đua cơ sở năm 2023",
        "thiếu danh hiệu Chiến sĩ thi đua cơ sở năm 2024",
    )


def test_the_initiative_must_reach_the_province(values):
    record = _province(
        held(y2023=[CSTD_CS], y2024=[CSTD_CS], y2025=[CSTD_CS]), {2025: frozenset({"grassroots"})}
    )
    assert check(CSTD_TINH, record, values).reasons == (
        "sáng kiến trong các năm 2023–2025 chỉ có phạm vi cấp cơ sở, cần phạm vi cấp bộ, ngành, tỉnh trở lên",
    )


def test_an_initiative_before_the_streak_does_not_count(values):
    record = _province(
        held(y2023=[CSTD_CS], y2024=[CSTD_CS], y2025=[CSTD_CS]), {2022: frozenset({"province"})}
    )
    assert check(CSTD_TINH, record, values).reasons == (
        "không có sáng kiến được công nhận trong các năm 2023–2025, cần phạm vi cấp bộ, ngành, tỉnh trở lên",
    )


def test_a_changed_streak_in_the_rule_set_changes_the_verdict(values):
    record = _province(held(y2024=[CSTD_CS], y2025=[CSTD_CS]))
    assert not check(CSTD_TINH, record, values).eligible
    values["province_fighter_streak"] = 2
    assert check(CSTD_TINH, record, values) == OK


def test_years_counted_for_the_previous_award_do_not_count_again(values):
    awards = held(y2022=[CSTD_CS], y2023=[CSTD_CS], y2024=[CSTD_CS, CSTD_TINH], y2025=[CSTD_CS])
    verdict = check(CSTD_TINH, _province(awards, {2025: frozenset({"province"})}), values)
    assert verdict.reasons == (
        "thành tích năm 2023 đã được tính khi tặng danh hiệu Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh năm 2024",
        "thành tích năm 2024 đã được tính khi tặng danh hiệu Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh năm 2024",
    )
    # Three years after the award the title may be given again.
    awards = {**awards, 2026: frozenset({CSTD_CS}), 2027: frozenset({CSTD_CS})}
    assert check(CSTD_TINH, _province(awards, {2026: frozenset({"province"})}), values, 2027) == OK


# Chiến sĩ thi đua toàn quốc: 2 consecutive Chiến sĩ thi đua cấp bộ, tỉnh + an initiative with nationwide effect


def test_chien_si_thi_dua_toan_quoc_after_two_consecutive_cycles(values):
    national = {2021: frozenset({"national"})}
    assert (
        check(
            CSTD_TQ, Record(awards=held(y2022=[CSTD_TINH], y2025=[CSTD_TINH]), initiatives=national), values
        )
        == OK
    )
    record = Record(awards=held(y2022=[CSTD_TINH]), initiatives=national)
    assert check(CSTD_TQ, record, values, proposed=[CSTD_TINH]) == OK


def test_two_titles_in_consecutive_years_are_not_two_cycles(values):
    record = Record(
        awards=held(y2024=[CSTD_TINH], y2025=[CSTD_TINH]), initiatives={2025: frozenset({"national"})}
    )
    assert check(CSTD_TQ, record, values).reasons == (
        "thiếu danh hiệu Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh năm 2022",
    )


def test_a_missed_cycle_breaks_the_national_streak(values):
    record = Record(
        awards=held(y2019=[CSTD_TINH], y2025=[CSTD_TINH]), initiatives={2025: frozenset({"national"})}
    )
    assert check(CSTD_TQ, record, values).reasons == (
        "thiếu danh hiệu Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh năm 2022",
    )


def test_the_national_initiative_is_needed(values):
    record = Record(
        awards=held(y2022=[CSTD_TINH], y2025=[CSTD_TINH]), initiatives={2023: frozenset({"province"})}
    )
    assert check(CSTD_TQ, record, values).reasons == (
        "sáng kiến trong các năm 2020–2025 chỉ có phạm vi cấp bộ, ngành, tỉnh, cần phạm vi toàn quốc",
    )


def test_the_national_streak_follows_the_rule_set(values):
    values["national_fighter_streak"] = 3
    record = Record(
        awards=held(y2022=[CSTD_TINH], y2025=[CSTD_TINH]), initiatives={2025: frozenset({"national"})}
    )
    assert check(CSTD_TQ, record, values).reasons == (
        "thiếu danh hiệu Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh năm 2019",
    )


# Tập thể lao động tiên tiến: all tasks done, more than 50 % Lao động tiên tiến, no discipline [S, warn]


def test_tap_the_lao_dong_tien_tien_passes(values):
    assert check(TT_TIEN_TIEN, Record(), values, collective=team(advanced=6, fighters=0)) == OK


def test_tap_the_lao_dong_tien_tien_at_exactly_half_warns(values):
    verdict = check(TT_TIEN_TIEN, Record(), values, collective=team(advanced=5, fighters=0))
    assert verdict == rules.Verdict(
        True, (), ("5/10 (50 %) cá nhân đạt danh hiệu Lao động tiên tiến, cần trên 50 %",)
    )


def test_tap_the_lao_dong_tien_tien_with_a_task_undone_and_a_discipline(values):
    verdict = check(TT_TIEN_TIEN, Record(), values, collective=team(tasks=(10, 9), disciplined=True))
    assert verdict.eligible
    assert verdict.warnings == (
        "hoàn thành 9/10 (90 %) nhiệm vụ, cần 100 %",
        "có cá nhân bị kỷ luật từ cảnh cáo trở lên",
    )


def test_a_collective_title_is_not_for_an_individual(values):
    assert check(TT_TIEN_TIEN, Record(), values).reasons == (
        "Tập thể lao động tiên tiến chỉ xét tặng cho tập thể, không xét cho cá nhân",
    )


# Tập thể lao động xuất sắc: the values of ``collective_excellent`` [S, warn]


def test_tap_the_lao_dong_xuat_sac_at_exactly_seventy_percent(values):
    assert check(TT_XUAT_SAC, Record(), values, collective=team(members=10, advanced=7)) == OK


def test_tap_the_lao_dong_xuat_sac_at_sixty_nine_percent(values):
    verdict = check(TT_XUAT_SAC, Record(), values, collective=team(members=100, advanced=69))
    assert verdict == rules.Verdict(
        True, (), ("69/100 (69 %) cá nhân đạt danh hiệu Lao động tiên tiến, cần ít nhất 70 %",)
    )


def test_tap_the_lao_dong_xuat_sac_without_a_grassroots_fighter(values):
    verdict = check(TT_XUAT_SAC, Record(), values, collective=team(fighters=0))
    assert verdict.warnings == ("không có cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở, cần ít nhất 1",)


def test_tap_the_lao_dong_xuat_sac_with_a_discipline(values):
    verdict = check(TT_XUAT_SAC, Record(), values, collective=team(disciplined=True))
    assert verdict.warnings == ("có cá nhân bị kỷ luật từ cảnh cáo trở lên",)


def test_tap_the_lao_dong_xuat_sac_without_the_unit_s_tasks_says_so(values):
    verdict = check(TT_XUAT_SAC, Record(), values, collective=team(tasks=(0, 0)))
    assert verdict.warnings == ("chưa có số nhiệm vụ được giao năm 2025 (đánh giá, xếp loại của tập thể)",)


def test_the_collective_conditions_block_when_the_rule_set_says_so(values):
    values["collective_excellent"]["mode"] = "block"
    values["collective_excellent"]["min_grassroots_fighters"] = 2
    verdict = check(TT_XUAT_SAC, Record(), values, collective=team(fighters=1))
    assert verdict == rules.Verdict(
        False, ("có 1 cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở, cần ít nhất 2",), ()
    )


# Cờ thi đua của Chính phủ: Tập thể lao động xuất sắc the same year (a minimum) [S, warn]


def test_co_thi_dua_chinh_phu(values):
    assert check(CO_CP, Record(awards=held(y2025=[TT_XUAT_SAC])), values, collective=team()) == OK
    assert check(CO_CP, Record(), values, collective=team(), proposed=[TT_XUAT_SAC]) == OK
    assert check(CO_CP, Record(awards=held(y2024=[TT_XUAT_SAC])), values, collective=team()) == rules.Verdict(
        True, (), ("thiếu danh hiệu Tập thể lao động xuất sắc năm 2025",)
    )


# Giấy khen: "hoàn thành tốt nhiệm vụ" [S, warn]; individuals and collectives


def test_giay_khen(values):
    assert check(GIAY_KHEN, Record(review_levels={2025: "good"}), values) == OK
    assert check(GIAY_KHEN, Record(review_levels={2025: "good"}), values, collective=team()) == OK
    assert check(GIAY_KHEN, Record(review_levels={2025: "done"}, disciplined=frozenset({2025})), values) == (
        rules.Verdict(
            True,
            (),
            (
                "xếp loại chất lượng năm 2025 là Hoàn thành nhiệm vụ, cần Hoàn thành tốt nhiệm vụ trở lên",
                "bị kỷ luật từ cảnh cáo trở lên trong năm 2025",
            ),
        )
    )


# Bằng khen tỉnh: 2 consecutive years "excellent" [S, warn]; Bằng khen Thủ tướng: 5 [S, warn]


def test_bang_khen_tinh(values):
    assert check(BK_TINH, Record(review_levels={2024: "excellent", 2025: "excellent"}), values) == OK
    verdict = check(BK_TINH, Record(review_levels={2024: "good", 2025: "excellent"}), values)
    assert verdict == rules.Verdict(
        True,
        (),
        ("xếp loại chất lượng năm 2024 là Hoàn thành tốt nhiệm vụ, cần Hoàn thành xuất sắc nhiệm vụ",),
    )


def test_bang_khen_tinh_not_twice_for_the_same_years(values):
    record = Record(review_levels={2024: "excellent", 2025: "excellent"}, awards=held(y2024=[BK_TINH]))
    assert check(BK_TINH, record, values).warnings == (
        "thành tích năm 2024 đã được tính khi tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh, Ban Thường vụ "
        "Tỉnh ủy năm 2024",
    )


def test_bang_khen_thu_tuong(values):
    five = {year: "excellent" for year in range(2021, 2026)}
    assert check(BK_TTG, Record(review_levels=five), values) == OK
    four = {year: "excellent" for year in range(2022, 2026)}
    assert check(BK_TTG, Record(review_levels=four), values).warnings == (
        "chưa có xếp loại chất lượng năm 2021 được quyết định, cần Hoàn thành xuất sắc nhiệm vụ",
    )


# Caps: Chiến sĩ thi đua cơ sở at most 15 % of the Lao động tiên tiến (rounded down)


def test_at_the_cap_passes(values):
    assert rules.cap_warnings({LDTT: 20, CSTD_CS: 3}, values) == []  # 15 % of 20 = 3
    assert rules.cap_warnings({LDTT: 12, CSTD_CS: 1}, values) == []  # 15 % of 12 = 1.8 -> 1


def test_one_over_the_cap_warns_with_the_numbers(values):
    [excess] = rules.cap_warnings({LDTT: 20, CSTD_CS: 4}, values)
    assert (
        excess.message
        == "Vượt trần Chiến sĩ thi đua cơ sở: 4, trần 15 % của 20 Lao động tiên tiến là 3; vượt 1"
    )
    assert (excess.honour, excess.count, excess.base, excess.cap, excess.over, excess.blocking) == (
        CSTD_CS,
        4,
        20,
        3,
        1,
        False,
    )


def test_the_cap_of_the_example(values):
    [excess] = rules.cap_warnings({LDTT: 12, CSTD_CS: 3}, values)
    assert (
        excess.message
        == "Vượt trần Chiến sĩ thi đua cơ sở: 3, trần 15 % của 12 Lao động tiên tiến là 1; vượt 2"
    )


def test_a_cap_in_mode_block_is_marked_blocking(values):
    values["grassroots_fighter_cap_mode"] = "block"
    values["grassroots_fighter_cap_percent"] = 12.5
    [excess] = rules.cap_warnings({LDTT: 1200, CSTD_CS: 151}, values)
    assert excess.blocking
    assert excess.message == (
        "Vượt trần Chiến sĩ thi đua cơ sở: 151, trần 12,5 % của 1.200 Lao động tiên tiến là 150; vượt 1"
    )


def test_no_lao_dong_tien_tien_means_no_fighter(values):
    [excess] = rules.cap_warnings({CSTD_CS: 1}, values)
    assert (excess.cap, excess.over) == (0, 1)


# The council's 90 % of the old decree (warn)


def test_council_share(values):
    assert rules.council_warning(9, 10, CSTD_TQ, values) is None
    assert rules.council_warning(8, 10, CSTD_TINH, values) == (
        "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh: 8/10 (80 %) thành viên Hội đồng Thi đua – Khen thưởng tán "
        "thành, chưa đạt 90 % tổng số thành viên Hội đồng"
    )
    assert rules.council_warning(0, 10, LDTT, values) is None  # no council share for this title
    catalog = rules.honours(values)
    assert rules.council_warning(18, 20, catalog[CO_CP], values) is None  # exactly 90 %
    assert rules.council_warning(17, 19, catalog[CO_CP], values) == (
        "Cờ thi đua của Chính phủ: 17/19 (89,5 %) thành viên Hội đồng Thi đua – Khen thưởng tán thành, chưa đạt "
        "90 % tổng số thành viên Hội đồng"
    )
    assert rules.council_warning(0, 0, CSTD_TQ, values) == (
        "Chiến sĩ thi đua toàn quốc: chưa có số thành viên Hội đồng Thi đua – Khen thưởng"
    )


# Rates and streaks


@pytest.mark.parametrize(
    ("part", "whole", "percent", "words"),
    [
        (13130, 13778, "95,3", "13.130/13.778 (95,3 %)"),  # seed 004
        (422, 422, "100", "422/422 (100 %)"),  # seed 004
        (0, 0, "—", "0/0"),
        (0, 7, "0", "0/7 (0 %)"),
        (1, 8, "12,5", "1/8 (12,5 %)"),
        (1, 16, "6,3", "1/16 (6,3 %)"),  # 6,25 rounds half up
        (1, 3, "33,3", "1/3 (33,3 %)"),
        (2, 3, "66,7", "2/3 (66,7 %)"),
        (9995, 10000, "100", "9.995/10.000 (100 %)"),  # 99,95 rounds up to 100
        (9994, 10000, "99,9", "9.994/10.000 (99,9 %)"),
    ],
)
def test_rate(part, whole, percent, words):
    assert Rate(part, whole).percent == percent
    assert Rate(part, whole).words == words


@pytest.mark.parametrize(("part", "whole"), [(3, 2), (-1, 2), (0, -1)])
def test_a_rate_needs_a_part_of_a_whole(part, whole):
    with pytest.raises(ValueError, match=r"need 0 <= part <= whole"):
        Rate(part, whole)


def test_collective_facts_must_add_up():
    with pytest.raises(ValueError, match="more tasks done than tasks"):
        CollectiveFacts(9, 10, 10, 5, 1)
    with pytest.raises(ValueError, match="more members counted than members"):
        CollectiveFacts(10, 10, 10, 11, 1)


@pytest.mark.parametrize(
    ("years", "through", "step", "expected"),
    [
        ([2023, 2024, 2025], 2025, 1, 3),
        ([2022, 2023, 2025], 2025, 1, 1),  # 2024 missing breaks the run
        ([2022, 2023, 2024], 2025, 1, 0),  # the run must end with the year considered
        ([2019, 2022, 2025], 2025, 3, 3),
        ([2024, 2025], 2025, 3, 1),
        ([], 2025, 1, 0),
    ],
)
def test_streak_years(years, through, step, expected):
    assert rules.streak_years(years, through, step=step) == expected


@given(st.sets(st.integers(2000, 2030), max_size=20), st.integers(2000, 2030))
def test_a_streak_never_exceeds_the_years_held_and_stops_at_the_first_gap(years, through):
    n = rules.streak_years(years, through)
    assert n <= len(years)
    assert all(through - i in years for i in range(n))
    assert through - n not in years


@given(st.integers(0, 10**7), st.integers(0, 10**7))
def test_a_rate_is_the_exact_share_rounded_half_up(a, b):
    part, whole = min(a, b), max(a, b)
    rate = Rate(part, whole)
    if whole == 0:
        assert rate.percent == "—"
        return
    exact = Fraction(100 * part, whole)
    expected = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert Decimal(rate.percent.replace(",", ".")) == expected
    assert Decimal(0) <= expected <= Decimal(100)
    assert rate.words.startswith(f"{part:,}/{whole:,} (".replace(",", "."))


@given(st.integers(0, 500), st.integers(0, 500), st.sampled_from([10, 15, 12.5, 20]))
def test_the_cap_is_the_largest_count_that_passes(fighters, advanced, percent):
    values = copy.deepcopy(defaults.CURRENT_VALUES["emulation"])
    values["grassroots_fighter_cap_percent"] = percent
    found = rules.cap_warnings({LDTT: advanced, CSTD_CS: fighters}, values)
    within = Decimal(fighters) * 100 <= Decimal(str(percent)) * advanced
    assert (found == []) == within


@given(st.sets(st.integers(1990, 2030), max_size=30), st.integers(1995, 2030))
def test_the_bits_of_the_years_give_the_same_streak(years, through):
    """award_streaks counts the run in the database as bits; it must be streak_years's run."""
    assert rules.streak_from_bits(rules.year_bits(years, through)) == rules.streak_years(years, through)


def test_streak_from_bits_at_the_edges():
    assert [rules.streak_from_bits(b) for b in (0, 0b1, 0b0111, 0b1011, 0b0110)] == [0, 1, 3, 2, 0]
