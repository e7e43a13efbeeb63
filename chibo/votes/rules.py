"""Rules of votes. Pure functions: plain values in, plain values out; the values come from the rule set in force on
the poll's day (``values["votes"]``).

Sources (DOMAIN.md, "Votes"): a resolution passes with more than half of the base, the full members called less
those temporarily active elsewhere, exempt and absent, suspended or detained, absent with an approved reason (QĐ 24
§9.3.2, kept in QĐ 294) [P]; admission and recognition as full member need at least 2/3 of the cell's full members
(HD 06 §3.6b; Charter art. 5.2) [S/P]; a candidate is elected with more than half of the valid ballots, and there
are at most 30 % more candidates than seats (Quy chế bầu cử 190-QĐ/TW) [P]; probationary members do not vote [S].
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from chibo.meetings.rules import threshold_met


class Purpose(enum.StrEnum):
    RESOLUTION = "resolution"
    ADMISSION = "admission"
    RECOGNITION = "recognition"
    ELECTION = "election"
    NOMINATION = "nomination"


class Question(enum.StrEnum):
    YES_NO = "yes_no"
    LIST = "list"  # a list approved or not as a whole (the list of candidates, the counting board …)
    CHOOSE = "choose"  # each ballot chooses among the candidates (elections, nominations)


class Answer(enum.StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


def passes(*, yes: int, base: int, rule: Mapping[str, Any]) -> bool:
    """``more_than`` n/d of the base (more than half: 5 of 10 fails, 6 passes) or ``at_least`` n/d (2/3: 6 of 9
    passes, 5 of 9 fails); an empty base never passes. The meetings' rule, one for the whole system."""
    return threshold_met(yes=yes, base=base, rule=rule)


def needed(*, base: int, rule: Mapping[str, Any]) -> int:
    """The smallest number of votes in favour that passes: 6 of 10 for more than half, 6 of 9 for at least 2/3."""
    n, d = int(rule["numerator"]), int(rule["denominator"])
    if rule["comparison"] == "more_than":
        return base * n // d + 1
    return -(-base * n // d)


def threshold_words(rule: Mapping[str, Any]) -> str:
    """ "quá 1/2" or "ít nhất 2/3", as the result states the threshold."""
    fraction = f"{rule['numerator']}/{rule['denominator']}"
    return f"quá {fraction}" if rule["comparison"] == "more_than" else f"ít nhất {fraction}"


@dataclass(frozen=True)
class Outcome:
    yes: int
    no: int
    abstain: int
    base: int
    needed: int
    passed: bool
    words: str


def yes_no_outcome(
    *, yes: int, no: int, abstain: int, base: int, rule: Mapping[str, Any], base_label: str
) -> Outcome:
    """The result of a yes / no / abstain question in words: the counts, the base and the threshold, passed or not.
    An abstention counts in the base, never in favour."""
    need = needed(base=base, rule=rule)
    ok = passes(yes=yes, base=base, rule=rule)
    share = f"{100 * yes / base:.2f}".rstrip("0").rstrip(".").replace(".", ",") if base else "0"
    words = (
        f"{yes}/{base} {base_label} tán thành ({share} %), {no} không tán thành, {abstain} không biểu quyết; "
        f"cần {threshold_words(rule)} ({need}): {'THÔNG QUA' if ok else 'KHÔNG THÔNG QUA'}."
    )
    return Outcome(yes, no, abstain, base, need, ok, words)


def list_words(names: Sequence[str]) -> str:
    """A list approved as a whole, named before the result: "Danh sách 3 người (A, B, C): "."""
    return f"Danh sách {len(names)} người ({', '.join(names)}): "


def surplus_allowed(*, candidates: int, seats: int, rule: Mapping[str, Any]) -> bool:
    """At most ``max_surplus_candidates_percent`` (30) % more candidates than seats: 13 for 10 seats, not 14."""
    return (
        seats > 0
        and seats <= candidates
        and 100 * (candidates - seats) <= int(rule["max_surplus_candidates_percent"]) * seats
    )


@dataclass(frozen=True)
class Elected:
    elected: tuple[int, ...]  # candidate ids, most votes first
    tied: tuple[int, ...]  # over the threshold but tied at the last seat: a further round is needed
    votes: Mapping[int, int]


def election_outcome(*, votes: Mapping[int, int], valid: int, seats: int, rule: Mapping[str, Any]) -> Elected:
    """Candidates with more than half of the valid ballots are elected, most votes first, up to the seats; those
    tied for the last seat are not elected and go to a further round (Quy chế bầu cử)."""
    over = sorted(
        (c for c, n in votes.items() if passes(yes=n, base=valid, rule=rule)), key=lambda c: -votes[c]
    )
    if len(over) <= seats:
        return Elected(tuple(over), (), dict(votes))
    last = votes[over[seats - 1]]
    above = [c for c in over if votes[c] > last]
    at = [c for c in over if votes[c] == last]
    if len(above) + len(at) <= seats:
        return Elected(tuple(above + at), (), dict(votes))
    return Elected(tuple(above), tuple(at), dict(votes))


def choices_problem(choices: Sequence[int], *, candidates: Sequence[int], seats: int) -> str | None:
    """A ballot chooses at most ``seats`` distinct candidates of the list (choosing none is a valid blank ballot)."""
    if len(set(choices)) != len(choices):
        return "Mỗi ứng cử viên chỉ chọn một lần."
    if any(c not in candidates for c in choices):
        return "Phiếu chọn người không có trong danh sách."
    if len(choices) > seats:
        return f"Chỉ được chọn tối đa {seats} người."
    return None


def candidate_count_problems(per: Mapping[str, int], *, valid: int, seats: int) -> list[str]:
    """The counting board's votes per candidate on paper: none negative, none above the valid ballots, and no more
    in all than the valid ballots times the seats (a ballot chooses at most ``seats`` names)."""
    problems = []
    for name, n in per.items():
        if n < 0:
            problems.append(f"Số phiếu bầu {name} không được âm.")
        elif n > valid:
            problems.append(f"Số phiếu bầu {name} ({n}) nhiều hơn số phiếu hợp lệ ({valid}).")
    total = sum(per.values())
    if not problems and total > valid * seats:
        problems.append(
            f"Tổng số phiếu bầu các người ({total}) nhiều hơn số phiếu hợp lệ nhân số được chọn ({valid} × {seats})."
        )
    return problems


def nomination_outcome(*, votes: Mapping[int, int], base: int, rule: Mapping[str, Any]) -> Elected:
    """Bình xét: each candidate is proposed on their own count against the base (the council's members called),
    with the rule set's threshold; there is no number of seats, so no tie to break."""
    passed = sorted(
        (c for c, n in votes.items() if passes(yes=n, base=base, rule=rule)), key=lambda c: -votes[c]
    )
    return Elected(tuple(passed), (), dict(votes))


def show_participants(count: int) -> bool:
    """Who has voted is shown only once at least 3 have voted: with fewer, the list and the count together could
    say how someone voted."""
    return count >= 3


@dataclass(frozen=True)
class PaperCount:
    issued: int
    returned: int
    valid: int
    invalid: int


def paper_problems(count: PaperCount, *, eligible: int) -> list[str]:
    """The counting board's figures must reconcile: no more ballots issued than voters, returned ≤ issued, valid +
    invalid = returned."""
    problems = []
    if min(count.issued, count.returned, count.valid, count.invalid) < 0:
        problems.append("Số phiếu không được âm.")
    if count.issued > eligible:
        problems.append(
            f"Số phiếu phát ra ({count.issued}) nhiều hơn số đảng viên được biểu quyết ({eligible})."
        )
    if count.returned > count.issued:
        problems.append(f"Số phiếu thu vào ({count.returned}) nhiều hơn số phiếu phát ra ({count.issued}).")
    if count.valid + count.invalid != count.returned:
        problems.append(
            f"Phiếu hợp lệ ({count.valid}) và không hợp lệ ({count.invalid}) phải bằng số phiếu thu vào "
            f"({count.returned})."
        )
    return problems
