"""The references inside a rule set's catalog of honours (``emulation.honours``), checked before a version is
added: every honour, quality level and key that an entry names must exist in the same version, and every choice
must be one the eligibility rules know (``chibo.emulation.rules``). The shape check of the rule-set form compares
list items with the first one only, and the first honour has no streak and no cap, so those are checked here too.
Pure: plain values in, (key path, problem, value) out; the service words them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# The vocabulary of the catalog, which the eligibility rules (``chibo.emulation.rules``) use as well.
TITLE, COMMENDATION = "title", "commendation"
INDIVIDUAL, COLLECTIVE, ANY = "individual", "collective", "any"
WARN, BLOCK = "warn", "block"
# Levels of an honour and scopes of an initiative, narrowest first: a wider scope satisfies a narrower requirement.
SCOPES = ("grassroots", "province", "national")

KINDS = (TITLE, COMMENDATION)
RECIPIENTS = (INDIVIDUAL, COLLECTIVE, ANY)
INITIATIVE_SCOPES = ("", *SCOPES)
MODES = (WARN, BLOCK)

# Problems, as codes.
DUPLICATE = "duplicate"  # a code given to two honours
CHOICE = "choice"  # not one of the values the rules know
NO_HONOUR = "no_honour"  # names an honour the catalog does not have
NO_LEVEL = "no_level"  # names a quality level the scale does not have
NO_KEY = "no_key"  # names a key the emulation group does not have
POSITIVE = "positive"  # must be a number above zero
STREAK_YEARS = "streak_years"  # a streak needs its years, given or by key, not both
MISSING = "missing"  # a key a streak or a cap needs


@dataclass(frozen=True)
class Problem:
    path: str  # "emulation.honours[3].requires.streak.honour"
    code: str
    value: Any = None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def catalog_problems(values: Mapping[str, Any]) -> list[Problem]:
    """What is wrong with the references of ``values["emulation"]["honours"]`` (a rule set's whole values, already
    of the right shape)."""
    emulation = values["emulation"]
    honours = emulation["honours"]
    codes = [h["code"] for h in honours]
    known = set(codes)
    levels = {level["code"] for level in values["quality_review"]["levels"]}
    problems: list[Problem] = []

    def check(path: str, value: Any, ok: bool, code: str) -> None:
        if not ok:
            problems.append(Problem(path, code, value))

    def honour_ref(path: str, value: Any) -> None:
        check(path, value, value == "" or value in known, NO_HONOUR)

    def level_ref(path: str, value: Any) -> None:
        check(path, value, value == "" or value in levels, NO_LEVEL)

    def key_ref(path: str, value: Any) -> None:
        check(path, value, value == "" or value in emulation, NO_KEY)

    seen: set[str] = set()
    for i, honour in enumerate(honours):
        at = f"emulation.honours[{i}]"
        check(f"{at}.code", honour["code"], honour["code"] not in seen, DUPLICATE)
        seen.add(honour["code"])
        for key, choices in (("kind", KINDS), ("recipient", RECIPIENTS), ("level", SCOPES)):
            check(f"{at}.{key}", honour[key], honour[key] in choices, CHOICE)
        bonus, collective_bonus = honour["bonus_multiple"], honour["bonus_multiple_collective"]
        check(f"{at}.bonus_multiple", bonus, _number(bonus) and bonus > 0, POSITIVE)
        if collective_bonus is not None:
            ok = _number(collective_bonus) and collective_bonus > 0
            check(f"{at}.bonus_multiple_collective", collective_bonus, ok, POSITIVE)
        key_ref(f"{at}.council_min_percent_key", honour["council_min_percent_key"])

        requires, req = honour["requires"], f"{at}.requires"
        level_ref(f"{req}.review_level", requires["review_level"])
        key_ref(f"{req}.review_level_key", requires["review_level_key"])
        if requires["review_level_key"] in emulation:
            level_ref(f"emulation.{requires['review_level_key']}", emulation[requires["review_level_key"]])
        for j, code in enumerate(requires["honours_same_year"]):
            check(f"{req}.honours_same_year[{j}]", code, code in known, NO_HONOUR)
        check(
            f"{req}.initiative", requires["initiative"], requires["initiative"] in INITIATIVE_SCOPES, CHOICE
        )
        key_ref(f"{req}.collective_key", requires["collective_key"])
        check(f"{req}.mode", requires["mode"], requires["mode"] in MODES, CHOICE)

        if isinstance(streak := requires["streak"], Mapping):
            at_streak = f"{req}.streak"
            missing = [
                k for k in ("honour", "review_level", "years", "years_key", "step_key") if k not in streak
            ]
            problems.extend(Problem(f"{at_streak}.{key}", MISSING) for key in missing)
            if not missing:
                honour_ref(f"{at_streak}.honour", streak["honour"])
                level_ref(f"{at_streak}.review_level", streak["review_level"])
                key_ref(f"{at_streak}.years_key", streak["years_key"])
                key_ref(f"{at_streak}.step_key", streak["step_key"])
                years = streak["years"]
                if (years is None) == (not streak["years_key"]):
                    problems.append(Problem(f"{at_streak}.years", STREAK_YEARS, years))
                elif years is not None:
                    check(f"{at_streak}.years", years, isinstance(years, int) and years > 0, POSITIVE)

        if isinstance(cap := honour["cap"], Mapping):
            missing = [k for k in ("of", "percent_key") if k not in cap]
            problems.extend(Problem(f"{at}.cap.{key}", MISSING) for key in missing)
            if not missing:
                check(f"{at}.cap.of", cap["of"], cap["of"] in known, NO_HONOUR)
                check(f"{at}.cap.percent_key", cap["percent_key"], cap["percent_key"] in emulation, NO_KEY)
                key_ref(f"{at}.cap.mode_key", cap.get("mode_key", ""))
    return problems
