"""Rules of emulation and commendation. Pure functions: plain values in, plain values out. ``values`` is
``ruleset.values["emulation"]`` of the rule set in force for the year of the achievement; the catalog of honours is
its ``honours`` list (docs/decisions/0013-honours-catalog.md).

Sources (DOMAIN.md, "Emulation and commendation"; Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định
152/2025/NĐ-CP): Lao động tiên tiến needs "hoàn thành tốt nhiệm vụ" or better [P]; Chiến sĩ thi đua cơ sở, Lao
động tiên tiến and an initiative recognised at grassroots level (art. 23) [P]; Chiến sĩ thi đua cấp bộ, tỉnh, 3
consecutive Chiến sĩ thi đua cơ sở and an initiative at that scope [P]; Chiến sĩ thi đua toàn quốc, 2 consecutive
Chiến sĩ thi đua cấp bộ, tỉnh and an initiative with nationwide effect [P]; Tập thể lao động xuất sắc [S,
configurable]; the 15 % cap and the council's 90 % of Nghị định 91/2017/NĐ-CP are not confirmed in the current
decree: warnings. Years are years of achievement (năm thành tích), not the dates of the decisions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from chibo.rulesets.catalog import ANY as ANY  # the catalog's vocabulary, defined with its check
from chibo.rulesets.catalog import BLOCK, COLLECTIVE, INDIVIDUAL, SCOPES, TITLE, WARN

MORE_THAN, AT_LEAST = "more_than", "at_least"
SCOPE_NAMES = {"grassroots": "cấp cơ sở", "province": "cấp bộ, ngành, tỉnh", "national": "toàn quốc"}

# The quality levels, best first, as the shipped rule sets name them (``quality_review.levels``); used only when the
# caller does not pass the levels of its rule set.
DEFAULT_LEVELS: tuple[Mapping[str, Any], ...] = (
    {"code": "excellent", "name": "Hoàn thành xuất sắc nhiệm vụ"},
    {"code": "good", "name": "Hoàn thành tốt nhiệm vụ"},
    {"code": "done", "name": "Hoàn thành nhiệm vụ"},
    {"code": "not_done", "name": "Không hoàn thành nhiệm vụ"},
)


def _group(n: int) -> str:
    """13130 -> "13.130": Vietnamese groups thousands with a dot."""
    return f"{n:,}".replace(",", ".")


def _number(value: Decimal) -> str:
    """15 -> "15", 12.5 -> "12,5": a rule value in Vietnamese style, without trailing zeros."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass(frozen=True)
class Rate:
    """``part`` of ``whole`` as Vietnamese text, with exact integer arithmetic."""

    part: int
    whole: int

    def __post_init__(self) -> None:
        if self.part < 0 or self.whole < 0 or self.part > self.whole:
            raise ValueError(f"Rate({self.part}, {self.whole}): need 0 <= part <= whole")

    @property
    def tenths(self) -> int | None:
        """The percentage in tenths, rounded half up (952.97… -> 953); None for 0 of 0."""
        if self.whole == 0:
            return None
        return (self.part * 2000 + self.whole) // (2 * self.whole)

    @property
    def percent(self) -> str:
        """One decimal, half up, comma as the decimal mark, no ",0": 13,130 of 13,778 -> "95,3"; 422 of 422 -> "100";
        0 of 0 -> "—" (no rate to speak of)."""
        tenths = self.tenths
        if tenths is None:
            return "—"
        units, tenth = divmod(tenths, 10)
        return str(units) if tenth == 0 else f"{units},{tenth}"

    @property
    def words(self) -> str:
        """ "13.130/13.778 (95,3 %)"; "0/0" when there is nothing to count."""
        counted = f"{_group(self.part)}/{_group(self.whole)}"
        return counted if self.whole == 0 else f"{counted} ({self.percent} %)"


def _share_met(part: int, whole: int, percent: Any, comparison: str = AT_LEAST) -> bool:
    """``part`` is at least (or more than) ``percent`` % of ``whole``, exactly; an empty whole never meets it."""
    if whole <= 0:
        return False
    left, right = Decimal(part) * 100, _decimal(percent) * whole
    return left > right if comparison == MORE_THAN else left >= right


def streak_years(years_held: Iterable[int], through: int, *, step: int = 1) -> int:
    """How many consecutive years end at ``through``: 2023, 2024, 2025 through 2025 -> 3; one missing year breaks the
    run. With ``step`` 3, consecutive times spaced by three years (2019, 2022, 2025). DOMAIN.md: "3 consecutive",
    "2 consecutive"."""
    held = set(years_held)
    count, year = 0, through
    while year in held:
        count += 1
        year -= step
    return count


def year_bits(years_held: Iterable[int], through: int) -> int:
    """The years held as one bit a year counted back from ``through``: bit 0 for ``through``, bit 1 for the year
    before … (what a database computes with ``BIT_OR(1 << (through - year))``)."""
    return sum(1 << (through - y) for y in set(years_held) if y <= through)


def streak_from_bits(bits: int) -> int:
    """``streak_years`` read from ``year_bits``: the number of lowest bits set, the bits that change when 1 is
    added (0b0111 -> 3, 0b1011 -> 2, 0b0110 -> 0)."""
    return (bits ^ (bits + 1)).bit_length() - 1


@dataclass(frozen=True)
class Honour:
    """One entry of the catalog (``values["honours"]``)."""

    code: str
    name: str
    kind: str  # "title" (danh hiệu thi đua) or "commendation" (hình thức khen thưởng)
    recipient: str  # "individual", "collective" or "any"
    level: str  # "grassroots", "province" or "national"
    decided_by: str
    bonus_multiple: Decimal | None
    bonus_multiple_collective: Decimal | None
    source: str
    requires: Mapping[str, Any]
    cap: Mapping[str, Any] | None = None
    council_min_percent_key: str = ""

    @property
    def mode(self) -> str:
        return str(self.requires.get("mode") or BLOCK)

    @property
    def title(self) -> str:
        """How a message names it: "danh hiệu Lao động tiên tiến", or "Giấy khen" for a form of commendation."""
        return f"danh hiệu {self.name}" if self.kind == TITLE else self.name


def honours(values: Mapping[str, Any]) -> dict[str, Honour]:
    """The catalog of the rule set, by code, in catalog order."""
    catalog: dict[str, Honour] = {}
    for entry in values.get("honours") or ():
        bonus, collective_bonus = entry.get("bonus_multiple"), entry.get("bonus_multiple_collective")
        catalog[entry["code"]] = Honour(
            code=entry["code"],
            name=entry["name"],
            kind=entry["kind"],
            recipient=entry["recipient"],
            level=entry["level"],
            decided_by=entry.get("decided_by") or "",
            bonus_multiple=None if bonus is None else _decimal(bonus),
            bonus_multiple_collective=None if collective_bonus is None else _decimal(collective_bonus),
            source=entry.get("source") or "",
            requires=entry.get("requires") or {},
            cap=entry.get("cap") or None,
            council_min_percent_key=entry.get("council_min_percent_key") or "",
        )
    return catalog


@dataclass(frozen=True)
class Record:
    """What is known of a candidate (a person, or a collective) by year of achievement."""

    review_levels: Mapping[int, str] = field(default_factory=dict)  # the decided quality level
    awards: Mapping[int, frozenset[str]] = field(default_factory=dict)  # honour codes held
    initiatives: Mapping[int, frozenset[str]] = field(
        default_factory=dict
    )  # scopes of recognised initiatives
    disciplined: frozenset[int] = frozenset()  # years with a discipline of warning (cảnh cáo) or above


@dataclass(frozen=True)
class CollectiveFacts:
    """A collective's year, for the collective titles."""

    tasks_total: int
    tasks_done: int
    members: int
    advanced_members: int  # members who are Lao động tiên tiến that year
    grassroots_fighters: int  # members who are Chiến sĩ thi đua cơ sở that year
    disciplined: bool = False  # a member disciplined with a warning or above that year

    def __post_init__(self) -> None:
        counts = (self.tasks_total, self.tasks_done, self.members, self.advanced_members)
        if min(*counts, self.grassroots_fighters) < 0:
            raise ValueError("CollectiveFacts: counts cannot be negative")
        if self.tasks_done > self.tasks_total:
            raise ValueError("CollectiveFacts: more tasks done than tasks")
        if max(self.advanced_members, self.grassroots_fighters) > self.members:
            raise ValueError("CollectiveFacts: more members counted than members")


@dataclass(frozen=True)
class Verdict:
    """``reasons``: why not (conditions in mode "block"); ``warnings``: what to check (conditions in mode "warn"),
    which never make the candidate ineligible."""

    eligible: bool
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]


class _Levels:
    def __init__(self, levels: Sequence[Mapping[str, Any]] | None) -> None:
        items = list(levels) if levels else list(DEFAULT_LEVELS)
        self.order = [str(item["code"]) for item in items]
        self.names = {str(item["code"]): str(item.get("name") or item["code"]) for item in items}

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def at_least(self, have: str | None, needed: str) -> bool:
        """``have`` is ``needed`` or better (levels are listed best first; an unknown level is the worst)."""
        if have is None or have not in self.order or needed not in self.order:
            return have == needed and have is not None
        return self.order.index(have) <= self.order.index(needed)

    def wanted(self, needed: str) -> str:
        """ "Hoàn thành tốt nhiệm vụ trở lên"; the best level alone has no "trở lên"."""
        name = self.name(needed)
        return name if self.order and self.order[0] == needed else f"{name} trở lên"

    def problem(self, year: int, have: str | None, needed: str) -> str | None:
        if have is None:
            return f"chưa có xếp loại chất lượng năm {year} được quyết định, cần {self.wanted(needed)}"
        if not self.at_least(have, needed):
            return f"xếp loại chất lượng năm {year} là {self.name(have)}, cần {self.wanted(needed)}"
        return None


def _value(values: Mapping[str, Any], key: str) -> Any:
    """A value the catalog references by key; a missing key is a broken rule set, named."""
    if key not in values:
        raise KeyError(f"emulation.{key}")
    return values[key]


def _title_of(code: str, catalog: Mapping[str, Honour]) -> str:
    honour = catalog.get(code)
    return honour.title if honour else f"danh hiệu {code}"


def _name_of(code: str, catalog: Mapping[str, Honour]) -> str:
    honour = catalog.get(code)
    return honour.name if honour else code


def _when(first: int, last: int) -> str:
    """ "năm 2025", or "trong các năm 2023–2025"."""
    return f"năm {last}" if first == last else f"trong các năm {first}–{last}"


def _scope_rank(scope: str) -> int:
    return SCOPES.index(scope) if scope in SCOPES else -1


def _scope_wanted(scope: str) -> str:
    name = SCOPE_NAMES.get(scope, scope)
    return f"phạm vi {name}" if scope == SCOPES[-1] else f"phạm vi {name} trở lên"


@dataclass
class _Check:
    honour: Honour
    year: int
    record: Record
    values: Mapping[str, Any]
    catalog: Mapping[str, Honour]
    levels: _Levels
    proposed: frozenset[str]
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, message: str, mode: str) -> None:
        (self.warnings if mode == WARN else self.reasons).append(message)

    def holds(self, code: str, year: int) -> bool:
        """Held that year, or proposed for the year considered in the same round."""
        return code in self.record.awards.get(year, frozenset()) or (
            year == self.year and code in self.proposed
        )

    def recipient(self, collective: CollectiveFacts | None) -> None:
        honour = self.honour
        if honour.recipient == INDIVIDUAL and collective is not None:
            self.add(f"{honour.name} chỉ xét tặng cho cá nhân, không xét cho tập thể", BLOCK)
        elif honour.recipient == COLLECTIVE and collective is None:
            self.add(f"{honour.name} chỉ xét tặng cho tập thể, không xét cho cá nhân", BLOCK)

    def review_level(self) -> None:
        requires = self.honour.requires
        needed = requires.get("review_level") or ""
        if not needed and requires.get("review_level_key"):
            needed = str(_value(self.values, requires["review_level_key"]))
        if needed:
            problem = self.levels.problem(self.year, self.record.review_levels.get(self.year), needed)
            if problem:
                self.add(problem, self.honour.mode)

    def same_year(self) -> None:
        for code in self.honour.requires.get("honours_same_year") or ():
            if not self.holds(code, self.year):
                self.add(f"thiếu {_title_of(code, self.catalog)} năm {self.year}", self.honour.mode)

    def streak(self) -> tuple[int, int]:
        """Check the streak; return the span of years it covers (for the initiative), the year alone if none."""
        streak = self.honour.requires.get("streak")
        if not streak:
            return self.year, self.year
        n = int(streak.get("years") or _value(self.values, streak["years_key"]))
        step = int(_value(self.values, streak["step_key"])) if streak.get("step_key") else 1
        wanted = sorted(self.year - i * step for i in range(n))
        last = self._last_award() if streak.get("after_last_award") else None
        code, level = streak.get("honour") or "", streak.get("review_level") or ""
        for year in wanted:
            if last is not None and year <= last:
                self.add(
                    f"thành tích năm {year} đã được tính khi tặng {self.honour.title} năm {last}",
                    self.honour.mode,
                )
            elif code and not self.holds(code, year):
                self.add(f"thiếu {_title_of(code, self.catalog)} năm {year}", self.honour.mode)
            elif level:
                problem = self.levels.problem(year, self.record.review_levels.get(year), level)
                if problem:
                    self.add(problem, self.honour.mode)
        return wanted[0] - (step - 1), self.year

    def _last_award(self) -> int | None:
        before = [y for y, codes in self.record.awards.items() if y < self.year and self.honour.code in codes]
        return max(before) if before else None

    def initiative(self, first: int, last: int) -> None:
        needed = self.honour.requires.get("initiative") or ""
        if not needed:
            return
        scopes = [s for y in range(first, last + 1) for s in self.record.initiatives.get(y, frozenset())]
        best = max(scopes, key=_scope_rank, default=None)
        when = _when(first, last)
        if best is None or _scope_rank(best) < 0:
            self.add(
                f"không có sáng kiến được công nhận {when}, cần {_scope_wanted(needed)}",
                self.honour.mode,
            )
        elif _scope_rank(best) < _scope_rank(needed):
            self.add(
                f"sáng kiến {when} chỉ có phạm vi {SCOPE_NAMES.get(best, best)}, cần {_scope_wanted(needed)}",
                self.honour.mode,
            )

    def discipline(self) -> None:
        if self.honour.requires.get("no_discipline") and self.year in self.record.disciplined:
            self.add(f"bị kỷ luật từ cảnh cáo trở lên trong năm {self.year}", self.honour.mode)

    def collective(self, facts: CollectiveFacts | None) -> None:
        requires = self.honour.requires
        conditions = requires.get("collective")
        if not conditions and requires.get("collective_key"):
            conditions = _value(self.values, requires["collective_key"])
        if not conditions or facts is None:
            return
        mode = str(conditions.get("mode") or self.honour.mode)
        tasks = conditions.get("tasks_done_percent")
        if tasks is not None and facts.tasks_total == 0:
            self.add(f"chưa có số nhiệm vụ được giao năm {self.year} (đánh giá, xếp loại của tập thể)", mode)
        elif tasks is not None and not _share_met(facts.tasks_done, facts.tasks_total, tasks):
            self.add(
                f"hoàn thành {Rate(facts.tasks_done, facts.tasks_total).words} nhiệm vụ, cần "
                f"{_number(_decimal(tasks))} %",
                mode,
            )
        advanced = conditions.get("advanced_members_min_percent")
        comparison = str(conditions.get("advanced_members_comparison") or AT_LEAST)
        if advanced is not None and not _share_met(
            facts.advanced_members, facts.members, advanced, comparison
        ):
            wanted = "trên" if comparison == MORE_THAN else "ít nhất"
            self.add(
                f"{Rate(facts.advanced_members, facts.members).words} cá nhân đạt "
                f"{_title_of('lao_dong_tien_tien', self.catalog)}, cần {wanted} {_number(_decimal(advanced))} %",
                mode,
            )
        fighters = int(conditions.get("min_grassroots_fighters") or 0)
        if facts.grassroots_fighters < fighters:
            title = _title_of("chien_si_thi_dua_co_so", self.catalog)
            have = (
                "không có cá nhân"
                if facts.grassroots_fighters == 0
                else f"có {_group(facts.grassroots_fighters)} cá nhân"
            )
            self.add(f"{have} đạt {title}, cần ít nhất {_group(fighters)}", mode)
        if conditions.get("no_discipline") and facts.disciplined:
            self.add("có cá nhân bị kỷ luật từ cảnh cáo trở lên", mode)


def eligibility(
    honour_code: str,
    year: int,
    record: Record,
    values: Mapping[str, Any],
    collective: CollectiveFacts | None = None,
    proposed: frozenset[str] = frozenset(),
    *,
    levels: Sequence[Mapping[str, Any]] | None = None,
) -> Verdict:
    """Whether a candidate may be proposed for an honour for ``year``, by the catalog's conditions (DOMAIN.md,
    "Emulation and commendation"; Luật 06/2022/QH15 and the sources of each entry): the recipient (individual or
    collective), the decided quality level of the year, the honours needed the same year (``proposed`` ones of the
    same round count as held for ``year``), the consecutive years of an honour or a level ending with ``year`` (years
    already counted for a previous award of the same honour do not count again), an initiative of at least the
    required scope in the years the streak covers, no discipline, and a collective's shares. A condition in mode
    "warn" gives a warning instead of a reason. ``levels`` is ``quality_review.levels`` of the same rule set (names,
    best first)."""
    catalog = honours(values)
    honour = catalog.get(honour_code)
    if honour is None:
        return Verdict(
            False, (f"không có danh hiệu, hình thức khen thưởng “{honour_code}” trong bộ quy tắc",), ()
        )
    check = _Check(honour, year, record, values, catalog, _Levels(levels), frozenset(proposed))
    check.recipient(collective)
    check.review_level()
    check.same_year()
    first, last = check.streak()
    check.initiative(first, last)
    check.discipline()
    check.collective(collective)
    return Verdict(not check.reasons, tuple(check.reasons), tuple(check.warnings))


@dataclass(frozen=True)
class CapExcess:
    """An honour given to more candidates than its cap allows."""

    honour: str  # code
    count: int
    base: int  # the number of the honour the cap is a share of
    percent: Decimal
    cap: int
    blocking: bool  # the cap's mode is "block": the caller refuses instead of warning
    message: str

    @property
    def over(self) -> int:
        return self.count - self.cap


def cap_warnings(counts: Mapping[str, int], values: Mapping[str, Any]) -> list[CapExcess]:
    """Every honour over its cap, e.g. Chiến sĩ thi đua cơ sở at most 15 % of the Lao động tiên tiến, rounded down
    (Nghị định 91/2017/NĐ-CP; not confirmed in the current decree, hence ``grassroots_fighter_cap_mode`` "warn").
    Exactly at the cap passes. ``counts``: honour code -> number proposed (or given) in the unit and year."""
    catalog = honours(values)
    found: list[CapExcess] = []
    for honour in catalog.values():
        if not honour.cap:
            continue
        percent = _decimal(_value(values, honour.cap["percent_key"]))
        mode_key = honour.cap.get("mode_key") or ""
        blocking = bool(mode_key) and _value(values, mode_key) == BLOCK
        of = str(honour.cap["of"])
        count, base = int(counts.get(honour.code, 0)), int(counts.get(of, 0))
        cap = int((Decimal(base) * percent / 100).to_integral_value(rounding=ROUND_FLOOR))
        if count <= cap:
            continue
        message = (
            f"Vượt trần {honour.name}: {_group(count)}, trần {_number(percent)} % của {_group(base)} "
            f"{_name_of(of, catalog)} là {_group(cap)}; vượt {_group(count - cap)}"
        )
        found.append(CapExcess(honour.code, count, base, percent, cap, blocking, message))
    return found


def council_warning(
    yes: int, council_members: int, honour: str | Honour, values: Mapping[str, Any]
) -> str | None:
    """The council's secret ballot below the share the old decree asked for the higher titles (at least 90 % of all
    the members of the Hội đồng Thi đua – Khen thưởng, Nghị định 91/2017/NĐ-CP; not confirmed in the current decree,
    ``council_mode`` "warn"). None when the honour names no such share or the share is reached."""
    if isinstance(honour, str):
        found = honours(values).get(honour)
        if found is None:
            return None
        honour = found
    if not honour.council_min_percent_key:
        return None
    percent = _decimal(_value(values, honour.council_min_percent_key))
    if _share_met(yes, council_members, percent):
        return None
    if council_members <= 0:
        return f"{honour.name}: chưa có số thành viên Hội đồng Thi đua – Khen thưởng"
    return (
        f"{honour.name}: {Rate(yes, council_members).words} thành viên Hội đồng Thi đua – Khen thưởng tán thành, "
        f"chưa đạt {_number(percent)} % tổng số thành viên Hội đồng"
    )
