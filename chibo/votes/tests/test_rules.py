"""Bases and thresholds: exactly at 1/2 and 2/3, ties, abstentions, the surplus of candidates; property tests."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from chibo.rulesets.defaults import CURRENT_VALUES
from chibo.votes import rules

VOTES = CURRENT_VALUES["votes"]
HALF, TWO_THIRDS = VOTES["resolution"], VOTES["admission"]


@given(st.integers(0, 500), st.integers(0, 500))
def test_more_than_half_is_the_exact_fraction(yes, base):
    assert rules.passes(yes=yes, base=base, rule=HALF) == (base > 0 and Fraction(yes, base) > Fraction(1, 2))


@given(st.integers(0, 500), st.integers(0, 500))
def test_at_least_two_thirds_is_the_exact_fraction(yes, base):
    assert rules.passes(yes=yes, base=base, rule=TWO_THIRDS) == (
        base > 0 and Fraction(yes, base) >= Fraction(2, 3)
    )


@given(st.integers(1, 500), st.sampled_from([HALF, TWO_THIRDS]))
def test_needed_is_the_least_number_that_passes(base, rule):
    n = rules.needed(base=base, rule=rule)
    assert rules.passes(yes=n, base=base, rule=rule)
    assert not rules.passes(yes=n - 1, base=base, rule=rule)


def test_the_edges():
    assert not rules.passes(yes=5, base=10, rule=HALF)  # exactly half is not more than half
    assert rules.passes(yes=6, base=10, rule=HALF)
    assert rules.passes(yes=6, base=9, rule=TWO_THIRDS)  # exactly 2/3
    assert not rules.passes(yes=5, base=9, rule=TWO_THIRDS)
    assert rules.passes(yes=14, base=20, rule=TWO_THIRDS) and not rules.passes(
        yes=13, base=20, rule=TWO_THIRDS
    )
    assert not rules.passes(yes=0, base=0, rule=HALF)


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_abstentions_count_in_the_base_never_in_favour(yes, no, abstain):
    base = yes + no + abstain
    with_abstentions = rules.yes_no_outcome(
        yes=yes, no=no, abstain=abstain, base=base, rule=HALF, base_label="x"
    )
    without = rules.yes_no_outcome(yes=yes, no=no, abstain=0, base=yes + no, rule=HALF, base_label="x")
    assert not (with_abstentions.passed and not without.passed)  # abstaining never helps a motion


def test_the_result_in_words():
    outcome = rules.yes_no_outcome(
        yes=8, no=2, abstain=2, base=12, rule=TWO_THIRDS, base_label="đảng viên chính thức"
    )
    assert outcome.passed
    assert outcome.words == (
        "8/12 đảng viên chính thức tán thành (66,67 %), 2 không tán thành, 2 không biểu quyết; cần ít nhất 2/3 (8): "
        "THÔNG QUA."
    )
    assert (
        "KHÔNG THÔNG QUA"
        in rules.yes_no_outcome(yes=5, no=5, abstain=0, base=10, rule=HALF, base_label="x").words
    )


def test_the_surplus_of_candidates_is_at_most_30_percent():
    election = VOTES["election"]
    assert rules.surplus_allowed(candidates=13, seats=10, rule=election)
    assert not rules.surplus_allowed(candidates=14, seats=10, rule=election)
    assert rules.surplus_allowed(candidates=3, seats=3, rule=election)
    assert not rules.surplus_allowed(candidates=2, seats=3, rule=election)


def test_an_election_over_half_most_votes_first_and_a_tie_for_the_last_seat():
    election = VOTES["election"]
    won = rules.election_outcome(votes={1: 9, 2: 7, 3: 5, 4: 6}, valid=10, seats=2, rule=election)
    assert won.elected == (1, 2) and won.tied == ()
    tie = rules.election_outcome(votes={1: 9, 2: 7, 3: 7}, valid=10, seats=2, rule=election)
    assert tie.elected == (1,) and set(tie.tied) == {2, 3}
    half = rules.election_outcome(votes={1: 5, 2: 6}, valid=10, seats=2, rule=election)
    assert half.elected == (2,)  # exactly half of the valid ballots is not elected


@given(
    st.dictionaries(st.integers(1, 12), st.integers(0, 40), min_size=1), st.integers(1, 40), st.integers(1, 5)
)
def test_never_more_elected_than_seats_nor_anyone_at_or_below_half(votes, valid, seats):
    votes = {c: min(n, valid) for c, n in votes.items()}
    won = rules.election_outcome(votes=votes, valid=valid, seats=seats, rule=VOTES["election"])
    assert len(won.elected) <= seats
    assert all(2 * votes[c] > valid for c in won.elected + won.tied)
    assert not set(won.elected) & set(won.tied)


def test_a_ballot_s_choices():
    assert rules.choices_problem([1, 2], candidates=[1, 2, 3], seats=2) is None
    assert rules.choices_problem([], candidates=[1, 2, 3], seats=2) is None
    assert rules.choices_problem([1, 2, 3], candidates=[1, 2, 3], seats=2) == "Chỉ được chọn tối đa 2 người."
    assert rules.choices_problem([1, 1], candidates=[1, 2], seats=2) == "Mỗi ứng cử viên chỉ chọn một lần."
    assert (
        rules.choices_problem([9], candidates=[1, 2], seats=2) == "Phiếu chọn người không có trong danh sách."
    )


def test_who_voted_shows_from_three():
    assert not rules.show_participants(2) and rules.show_participants(3)


def test_paper_ballots_reconcile():
    assert rules.paper_problems(rules.PaperCount(10, 10, 9, 1), eligible=10) == []
    assert rules.paper_problems(rules.PaperCount(11, 12, 10, 1), eligible=10) == [
        "Số phiếu phát ra (11) nhiều hơn số đảng viên được biểu quyết (10).",
        "Số phiếu thu vào (12) nhiều hơn số phiếu phát ra (11).",
        "Phiếu hợp lệ (10) và không hợp lệ (1) phải bằng số phiếu thu vào (12).",
    ]


def test_paper_counts_per_candidate_reconcile_with_the_valid_ballots():
    assert rules.candidate_count_problems({"An": 5, "Bình": 5}, valid=5, seats=2) == []
    assert rules.candidate_count_problems({"An": 6}, valid=5, seats=2) == [
        "Số phiếu bầu An (6) nhiều hơn số phiếu hợp lệ (5)."
    ]
    assert rules.candidate_count_problems({"An": -1}, valid=5, seats=2) == ["Số phiếu bầu An không được âm."]
    assert rules.candidate_count_problems({"A": 5, "B": 5, "C": 1}, valid=5, seats=2) == [
        "Tổng số phiếu bầu các người (11) nhiều hơn số phiếu hợp lệ nhân số được chọn (5 × 2)."
    ]


def test_a_nomination_proposes_each_candidate_over_half_of_the_council():
    nomination = {"comparison": "more_than", "numerator": 1, "denominator": 2, "base": "voters"}
    outcome = rules.nomination_outcome(votes={1: 6, 2: 5, 3: 11}, base=11, rule=nomination)
    assert outcome.elected == (3, 1) and outcome.tied == ()  # 5 of 11 is not more than half


@given(st.dictionaries(st.integers(1, 20), st.integers(0, 40), max_size=10), st.integers(0, 40))
def test_a_nomination_never_proposes_anyone_at_or_below_half(votes, base):
    nomination = {"comparison": "more_than", "numerator": 1, "denominator": 2, "base": "voters"}
    outcome = rules.nomination_outcome(votes=votes, base=base, rule=nomination)
    assert all(2 * votes[c] > base for c in outcome.elected)
    assert set(outcome.elected) == {c for c, n in votes.items() if base and 2 * n > base}


def test_a_list_is_named_before_its_result():
    assert rules.list_words(["A", "B"]) == "Danh sách 2 người (A, B): "
