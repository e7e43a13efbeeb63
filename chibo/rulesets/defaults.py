"""The rule values shipped with the system, gathered in DOMAIN.md, each group with its source.

Two versions are written to the database by the data migration ``0002_shipped_rulesets``:
- "Bộ quy tắc theo các văn bản cũ", in force from 06/7/2018 (Hướng dẫn 12-HD/BTCTW);
- "Bộ quy tắc hiện hành", in force from 01/7/2025 (Quy định 294-QĐ/TW and the texts that followed).

The migration reads ``SHIPPED_RULESETS`` from here, so an edit reaches only databases created afterwards; a change
of regulation is a new version, added by an administrator on the "Thêm phiên bản" page or shipped in a new data
migration, never an edit of these values. ``CURRENT_VALUES`` is also the structure a new version is checked against
when the database holds no rule set. Pure data: no Django.

Source marks follow DOMAIN.md: [P] official text or the press quoting it; [S] secondary, to be confirmed.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any


def _days(first: str, last: str) -> list[str]:
    start, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    return [(start + datetime.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


def _year(
    year: int,
    note: str,
    *,
    tet: list[str] | None = None,
    national_day_extra: str = "",
    days_off: list[dict[str, str]] | None = None,
    working_days: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    return {
        "year": year,
        "note": note,
        "tet": tet or [],
        "national_day_extra": national_day_extra,
        "days_off": days_off or [],
        "working_days": working_days or [],
    }


# Years whose actual days off the government decided (Bộ luật Lao động 2019, Điều 112.3). Only decisions
# confirmed in the press are recorded; other years follow the default rule.
_YEAR_2020 = _year(
    2020,
    "Tết Canh Tý: cán bộ, công chức, viên chức nghỉ 7 ngày, từ thứ Năm 23/01/2020 (29 tháng Chạp) đến hết "
    "thứ Tư 29/01/2020 (mùng 5 tháng Giêng), gồm cả ngày nghỉ bù, theo quyết định của Thủ tướng Chính phủ "
    "[P, báo chí đưa tin]. Quốc khánh năm 2020 nghỉ 1 ngày (Bộ luật Lao động 2012, Điều 115).",
    tet=_days("2020-01-23", "2020-01-29"),
    national_day_extra="none",
)
_YEAR_2023 = _year(
    2023,
    "Tết Quý Mão: cán bộ, công chức, viên chức nghỉ từ 20/01/2023 đến hết 26/01/2023 (7 ngày, gồm cả ngày "
    "nghỉ bù), theo ý kiến của Phó Thủ tướng Chính phủ [P, báo chí đưa tin].",
    tet=_days("2023-01-20", "2023-01-26"),
)
_YEAR_2025 = _year(
    2025,
    "Tết Ất Tỵ: cán bộ, công chức, viên chức nghỉ 9 ngày liên tục, từ thứ Bảy 25/01/2025 (26 tháng Chạp) "
    "đến hết Chủ nhật 02/02/2025 (mùng 5 tháng Giêng), do Chính phủ quyết định (Văn bản 8726/VPCP-KGVX ngày "
    "26/11/2024 truyền đạt ý kiến của Thủ tướng Chính phủ) [P]. Không ghi ngày làm bù vì chưa đối chiếu được.",
    tet=_days("2025-01-25", "2025-02-02"),
)
_YEAR_2026 = _year(
    2026,
    "Tết Bính Ngọ: cán bộ, công chức, viên chức nghỉ 9 ngày liên tục, từ thứ Bảy 14/02/2026 (27 tháng Chạp "
    "năm Ất Tỵ) đến hết Chủ nhật 22/02/2026 (mùng 6 tháng Giêng năm Bính Ngọ), do Chính phủ quyết định (5 ngày "
    "Tết 16–20/02 và 4 ngày cuối tuần) [P, báo chí đưa tin]. Lịch nghỉ Tết Dương lịch 2026 có hoán đổi ngày "
    "làm việc nhưng chưa ghi vì chưa đối chiếu được ngày làm bù.",
    tet=_days("2026-02-14", "2026-02-22"),
)


def _calendar(years: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "source": (
            "Bộ luật Lao động 2019 (45/2019/QH14), Điều 112 (nghỉ lễ, tết; khoản 3: Thủ tướng Chính phủ quyết "
            "định cụ thể ngày nghỉ Tết Âm lịch và ngày nghỉ liền kề Quốc khánh) và Điều 111 khoản 3 (ngày nghỉ "
            "hằng tuần trùng ngày lễ, tết thì được nghỉ bù vào ngày làm việc kế tiếp); Quyết định 188/1999/QĐ-TTg "
            "(tuần làm việc 40 giờ, nghỉ thứ Bảy và Chủ nhật) [P]. Âm lịch tính theo múi giờ UTC+7."
        ),
        "weekend": [5, 6],
        "solar_holidays": [
            {"month": 1, "day": 1, "name": "Tết Dương lịch"},
            {"month": 4, "day": 30, "name": "Ngày Chiến thắng"},
            {"month": 5, "day": 1, "name": "Ngày Quốc tế Lao động"},
        ],
        "national_day": {"month": 9, "day": 2, "name": "Quốc khánh"},
        "national_day_extra": "before",
        "national_day_extra_name": "Quốc khánh (ngày nghỉ liền kề)",
        "lunar_holidays": [{"month": 3, "day": 10, "name": "Giỗ Tổ Hùng Vương"}],
        "tet_name": "Tết Nguyên đán",
        "tet_days_before": 1,
        "tet_days_from_new_year": 4,
        "compensate_weekend_holidays": True,
        "compensatory_name": "Nghỉ bù %(name)s",
        "years": years,
    }


_BADGE_MILESTONES = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]
_BADGE_OCCASIONS = [
    {"month": 2, "day": 3, "name": "Ngày thành lập Đảng Cộng sản Việt Nam"},
    {"month": 5, "day": 19, "name": "Ngày sinh Chủ tịch Hồ Chí Minh"},
    {"month": 9, "day": 2, "name": "Quốc khánh"},
    {"month": 11, "day": 7, "name": "Ngày Cách mạng Tháng Mười Nga"},
]
_RESOLUTION_BASE_EXCLUDES = [
    "temporarily_active_elsewhere",
    "exempt_and_absent",
    "suspended_or_detained",
    "absent_with_approved_reason",
]


def _quality_levels() -> list[dict[str, Any]]:
    return [
        {"code": "excellent", "name": "Hoàn thành xuất sắc nhiệm vụ", "min_points": 90},
        {"code": "good", "name": "Hoàn thành tốt nhiệm vụ", "min_points": 70},
        {"code": "done", "name": "Hoàn thành nhiệm vụ", "min_points": 50},
        {"code": "not_done", "name": "Không hoàn thành nhiệm vụ", "min_points": 0},
    ]


def _blocking_conditions() -> dict[str, list[dict[str, str]]]:
    """What makes a review "not done" whatever its points (QĐ 366-QĐ/TW, HD 43; DOMAIN.md, "Quality review")."""
    return {
        "member": [
            {
                "code": "degradation",
                "name": 'Suy thoái về tư tưởng chính trị, đạo đức, lối sống, "tự diễn biến", "tự chuyển hóa"',
            },
            {"code": "prohibited", "name": "Vi phạm những điều đảng viên không được làm"},
            {"code": "discipline", "name": "Bị thi hành kỷ luật từ khiển trách trở lên trong năm"},
        ],
        "collective": [
            {"code": "discipline", "name": "Tổ chức đảng bị thi hành kỷ luật trong năm"},
            {"code": "degradation", "name": "Có nhiều đảng viên suy thoái, vi phạm kỷ luật Đảng"},
        ],
    }


def _titles() -> dict[str, Any]:
    return {
        "lao_dong_tien_tien": {"name": "Lao động tiên tiến", "bonus_multiple": 0.3},
        "chien_si_thi_dua_co_so": {"name": "Chiến sĩ thi đua cơ sở", "bonus_multiple": 1.0},
        "chien_si_thi_dua_bo_tinh": {
            "name": "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
            "bonus_multiple": 3.0,
        },
        "chien_si_thi_dua_toan_quoc": {"name": "Chiến sĩ thi đua toàn quốc", "bonus_multiple": 4.5},
        "tap_the_lao_dong_tien_tien": {"name": "Tập thể lao động tiên tiến", "bonus_multiple": 0.8},
        "tap_the_lao_dong_xuat_sac": {"name": "Tập thể lao động xuất sắc", "bonus_multiple": 1.5},
        "co_thi_dua_chinh_phu": {"name": "Cờ thi đua của Chính phủ", "bonus_multiple": 12.0},
    }


def _requires(**given: Any) -> dict[str, Any]:
    """The conditions of one honour, every key present so that each entry has the shape of the first (the rule-set
    form checks list items against the first one). An unused text is "", an unused group is null. A value that the
    emulation group already holds under its own key is referenced by that key (``*_key``), never copied."""
    requires: dict[str, Any] = {
        "review_level": "",
        "review_level_key": "",
        "honours_same_year": [],
        "streak": None,
        "initiative": "",
        "no_discipline": False,
        "collective": None,
        "collective_key": "",
        "mode": "block",
    }
    requires.update(given)
    return requires


def _streak(
    *,
    honour: str = "",
    review_level: str = "",
    years: int | None = None,
    years_key: str = "",
    step_key: str = "",
) -> dict[str, Any]:
    """N consecutive years (``years`` or the value under ``years_key``) ending with the year considered, of an honour
    or of a quality level; with ``step_key``, consecutive times spaced by that many years (the title held every
    third year). ``after_last_award``: years already counted for a previous award of the same honour do not count
    again (Luật 06/2022/QH15, nguyên tắc: không khen thưởng nhiều lần cho một thành tích)."""
    return {
        "honour": honour,
        "review_level": review_level,
        "years": years,
        "years_key": years_key,
        "step_key": step_key,
        "after_last_award": True,
    }


def _honour(
    code: str,
    name: str,
    *,
    kind: str,
    recipient: str,
    level: str,
    decided_by: str,
    bonus_multiple: float,
    source: str,
    requires: dict[str, Any],
    bonus_multiple_collective: float | None = None,
    cap: dict[str, str] | None = None,
    council_min_percent_key: str = "",
) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "kind": kind,
        "recipient": recipient,
        "level": level,
        "decided_by": decided_by,
        "bonus_multiple": bonus_multiple,
        "bonus_multiple_collective": bonus_multiple_collective,
        "source": source,
        "requires": requires,
        "cap": cap,
        "council_min_percent_key": council_min_percent_key,
    }


_COUNCIL_KEY = "council_secret_ballot_min_percent"


def _honours() -> list[dict[str, Any]]:
    """The catalog of titles (danh hiệu thi đua) and forms of commendation (hình thức khen thưởng) that the system
    proposes, in the order the pages list them (DOMAIN.md, "Emulation and commendation"). ``bonus_multiple`` is the
    multiple of the base salary (Nghị định 152/2025/NĐ-CP, Điều 54 for Bằng khen and Giấy khen); for a form given to
    individuals and collectives, ``bonus_multiple_collective`` is the collective's. ``mode`` "warn": the conditions
    are reported, not enforced ([S] sources, or one of several alternative criteria)."""
    return [
        _honour(
            "lao_dong_tien_tien",
            "Lao động tiên tiến",
            kind="title",
            recipient="individual",
            level="grassroots",
            decided_by="Thủ trưởng cơ quan, đơn vị",
            bonus_multiple=0.3,
            source=(
                "Luật Thi đua, khen thưởng 06/2022/QH15: hoàn thành tốt nhiệm vụ trở lên [P]; tiền thưởng 0,3 lần "
                "mức lương cơ sở (Nghị định 152/2025/NĐ-CP) [P]. Kỷ luật trong năm đã tính trong xếp loại chất lượng "
                "(Quy định 366-QĐ/TW: kỷ luật từ khiển trách trở lên là Không hoàn thành nhiệm vụ)."
            ),
            requires=_requires(review_level_key="advanced_worker_min_level"),
        ),
        _honour(
            "chien_si_thi_dua_co_so",
            "Chiến sĩ thi đua cơ sở",
            kind="title",
            recipient="individual",
            level="grassroots",
            decided_by="Thủ trưởng cơ quan, đơn vị",
            bonus_multiple=1.0,
            source=(
                "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 23: đạt Lao động tiên tiến và có sáng kiến được cơ sở "
                "công nhận hoặc đề tài khoa học đã nghiệm thu, áp dụng [P]; tiền thưởng 1,0 lần (Nghị định "
                "152/2025/NĐ-CP) [P]; trần 15 % số Lao động tiên tiến theo Nghị định 91/2017/NĐ-CP, chưa thấy "
                "trong nghị định hiện hành: chỉ cảnh báo."
            ),
            requires=_requires(honours_same_year=["lao_dong_tien_tien"], initiative="grassroots"),
            cap={
                "percent_key": "grassroots_fighter_cap_percent",
                "of": "lao_dong_tien_tien",
                "mode_key": "grassroots_fighter_cap_mode",
            },
        ),
        _honour(
            "chien_si_thi_dua_bo_tinh",
            "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
            kind="title",
            recipient="individual",
            level="province",
            decided_by="Bộ trưởng, thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân cấp tỉnh",
            bonus_multiple=3.0,
            source=(
                "Luật Thi đua, khen thưởng 06/2022/QH15: 3 lần liên tục đạt Chiến sĩ thi đua cơ sở và sáng kiến có "
                "phạm vi ảnh hưởng trong bộ, ngành, tỉnh [P]; tiền thưởng 3,0 lần (Nghị định 152/2025/NĐ-CP) [P]; "
                "90 % phiếu kín của Hội đồng theo Nghị định 91/2017/NĐ-CP: chỉ cảnh báo."
            ),
            requires=_requires(
                streak=_streak(honour="chien_si_thi_dua_co_so", years_key="province_fighter_streak"),
                initiative="province",
            ),
            council_min_percent_key=_COUNCIL_KEY,
        ),
        _honour(
            "chien_si_thi_dua_toan_quoc",
            "Chiến sĩ thi đua toàn quốc",
            kind="title",
            recipient="individual",
            level="national",
            decided_by="Thủ tướng Chính phủ",
            bonus_multiple=4.5,
            source=(
                "Luật Thi đua, khen thưởng 06/2022/QH15: 2 lần liên tục đạt Chiến sĩ thi đua cấp bộ, ban, ngành, "
                "tỉnh và sáng kiến có phạm vi ảnh hưởng toàn quốc [P]; tiền thưởng 4,5 lần (Nghị định "
                "152/2025/NĐ-CP) [P]. Hai lần liên tục: hai chu kỳ liền nhau, mỗi chu kỳ bằng số năm Chiến sĩ thi "
                "đua cơ sở liên tục [S]; 90 % phiếu kín của Hội đồng theo Nghị định 91/2017/NĐ-CP: chỉ cảnh báo."
            ),
            requires=_requires(
                streak=_streak(
                    honour="chien_si_thi_dua_bo_tinh",
                    years_key="national_fighter_streak",
                    step_key="province_fighter_streak",
                ),
                initiative="national",
            ),
            council_min_percent_key=_COUNCIL_KEY,
        ),
        _honour(
            "tap_the_lao_dong_tien_tien",
            "Tập thể lao động tiên tiến",
            kind="title",
            recipient="collective",
            level="grassroots",
            decided_by="Thủ trưởng cơ quan, đơn vị",
            bonus_multiple=0.8,
            source=(
                "Luật Thi đua, khen thưởng 06/2022/QH15 (điều về Tập thể lao động tiên tiến, Điều 27 [S]): hoàn "
                "thành tốt nhiệm vụ, trên 50 % cá nhân đạt Lao động tiên tiến, không có cá nhân bị kỷ luật từ cảnh "
                "cáo trở lên (như Điều 28 Luật 2003) [S]; tiền thưởng 0,8 lần (Nghị định 152/2025/NĐ-CP) [P]."
            ),
            requires=_requires(
                collective={
                    "tasks_done_percent": 100,
                    "advanced_members_min_percent": 50,
                    "advanced_members_comparison": "more_than",
                    "min_grassroots_fighters": 0,
                    "no_discipline": True,
                    "mode": "warn",
                },
                mode="warn",
            ),
        ),
        _honour(
            "tap_the_lao_dong_xuat_sac",
            "Tập thể lao động xuất sắc",
            kind="title",
            recipient="collective",
            level="province",
            decided_by="Bộ trưởng, thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân cấp tỉnh",
            bonus_multiple=1.5,
            source=(
                "Luật Thi đua, khen thưởng 06/2022/QH15: 100 % nhiệm vụ hoàn thành, ít nhất 70 % cá nhân đạt Lao "
                "động tiên tiến, có cá nhân đạt Chiến sĩ thi đua cơ sở [S]; không có cá nhân bị kỷ luật từ cảnh cáo "
                "trở lên [S]; tiền thưởng 1,5 lần (Nghị định 152/2025/NĐ-CP) [P]. Các điều kiện lấy từ nhóm "
                "khóa Tập thể lao động xuất sắc ở trên."
            ),
            requires=_requires(collective_key="collective_excellent", mode="warn"),
        ),
        _honour(
            "co_thi_dua_chinh_phu",
            "Cờ thi đua của Chính phủ",
            kind="title",
            recipient="collective",
            level="national",
            decided_by="Thủ tướng Chính phủ",
            bonus_multiple=12.0,
            source=(
                "Luật Thi đua, khen thưởng 06/2022/QH15: tập thể tiêu biểu xuất sắc, dẫn đầu phong trào thi đua của "
                "bộ, ngành, tỉnh [P]; điều kiện ghi ở đây (Tập thể lao động xuất sắc cùng năm) là tối thiểu [S]; "
                "bình xét, suy tôn tại hội nghị cụm, khối thi đua (seed 001); tiền thưởng 12,0 lần (Nghị định "
                "152/2025/NĐ-CP) [P]."
            ),
            requires=_requires(honours_same_year=["tap_the_lao_dong_xuat_sac"], mode="warn"),
            council_min_percent_key=_COUNCIL_KEY,
        ),
        _honour(
            "giay_khen",
            "Giấy khen",
            kind="commendation",
            recipient="any",
            level="grassroots",
            decided_by=(
                "Thủ trưởng cơ quan, đơn vị; Chủ tịch Ủy ban nhân dân cấp xã; cấp ủy cấp trên cơ sở (khen thưởng "
                "trong Đảng)"
            ),
            bonus_multiple=0.3,
            bonus_multiple_collective=0.6,
            source=(
                "Luật Thi đua, khen thưởng 06/2022/QH15 (Giấy khen): một trong các tiêu chuẩn, ở đây hoàn thành tốt "
                "nhiệm vụ [S]; tiền thưởng 0,3 lần, Nghị định 152/2025/NĐ-CP, Điều 54 khoản 1 [S]; tập thể gấp hai "
                "lần cá nhân [S]."
            ),
            requires=_requires(review_level="good", no_discipline=True, mode="warn"),
        ),
        _honour(
            "bang_khen_tinh",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh, Ban Thường vụ Tỉnh ủy",
            kind="commendation",
            recipient="any",
            level="province",
            decided_by=(
                "Chủ tịch Ủy ban nhân dân cấp tỉnh; Ban Thường vụ Tỉnh ủy (khen thưởng trong Đảng); Bộ trưởng, thủ "
                "trưởng cơ quan ngang bộ"
            ),
            bonus_multiple=1.5,
            bonus_multiple_collective=3.0,
            source=(
                "Luật Thi đua, khen thưởng 06/2022/QH15 (Bằng khen cấp bộ, ban, ngành, tỉnh): một trong các tiêu "
                "chuẩn, ở đây 2 năm liên tục hoàn thành xuất sắc nhiệm vụ [S]; tiền thưởng 1,5 lần, Nghị định "
                "152/2025/NĐ-CP, Điều 54 khoản 1 [P, báo chí dẫn]; tập thể gấp hai lần cá nhân [S]."
            ),
            requires=_requires(
                streak=_streak(review_level="excellent", years=2), no_discipline=True, mode="warn"
            ),
        ),
        _honour(
            "bang_khen_thu_tuong",
            "Bằng khen của Thủ tướng Chính phủ",
            kind="commendation",
            recipient="any",
            level="national",
            decided_by="Thủ tướng Chính phủ",
            bonus_multiple=3.5,
            bonus_multiple_collective=7.0,
            source=(
                "Luật Thi đua, khen thưởng 06/2022/QH15 (Bằng khen của Thủ tướng Chính phủ): một trong các tiêu "
                "chuẩn, ở đây 5 năm liên tục hoàn thành xuất sắc nhiệm vụ [S]; tiền thưởng 3,5 lần, Nghị định "
                "152/2025/NĐ-CP, Điều 54 khoản 1 [P, báo chí dẫn]; tập thể gấp hai lần cá nhân [S]."
            ),
            requires=_requires(
                streak=_streak(review_level="excellent", years=5), no_discipline=True, mode="warn"
            ),
        ),
    ]


def _documents() -> dict[str, Any]:
    return {
        "source": (
            "Hướng dẫn 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng về thể thức và kỹ thuật trình bày "
            "văn bản của Đảng [P]; lề trang 20/20/30/15 mm và đánh số theo nhiệm kỳ [S]; phông chữ tiếng Việt "
            "Unicode theo TCVN 6909:2001."
        ),
        "paper_size": "A4",
        "font_family": "Times New Roman",
        "encoding_standard": "TCVN 6909:2001",
        "margins_mm": {"top": 20, "bottom": 20, "left": 30, "right": 15},
        "party_heading": {"text": "ĐẢNG CỘNG SẢN VIỆT NAM", "size_pt": 15, "bold": True, "uppercase": True},
        "superior_body": {"size_pt": 14, "bold": False, "uppercase": True},
        "issuing_body": {"size_pt": 14, "bold": True, "uppercase": True},
        "number_symbol": {"size_pt": 14, "example": "Số 01-BB/CB"},
        "place_date": {"size_pt": 14, "italic": True},
        "document_type": {"size_pt_min": 15, "size_pt_max": 16, "bold": True, "uppercase": True},
        "summary": {"size_pt_min": 14, "size_pt_max": 15, "bold": True},
        "body": {"size_pt_min": 14, "size_pt_max": 15},
        "signature_cell": "T/M CHI BỘ",
        "numbering": "per_term",
    }


CURRENT_VALUES: dict[str, Any] = {
    "meetings": {
        "source": (
            "Chỉ thị 50-CT/TW ngày 23/7/2025 của Bộ Chính trị; Hướng dẫn 42-HD/BTCTW ngày 28/10/2025 của Ban Tổ "
            "chức Trung ương về sinh hoạt chi bộ [P]. Tỷ lệ có mặt 2/3 chỉ thấy ở bỏ phiếu tín nhiệm, không phải "
            "sinh hoạt thường kỳ: chỉ cảnh báo."
        ),
        "min_minutes": 90,
        "combined_min_minutes": 120,
        "documents_days_ahead": 1,
        "thematic_per_quarter": 1,
        "attendance_quorum": {"numerator": 2, "denominator": 3, "mode": "warn"},
    },
    "votes": {
        "source": (
            "Nghị quyết: quá một nửa (Quy định 24-QĐ/TW, mục 9.3.2; theo báo chí giữ nguyên trong Quy định "
            "294-QĐ/TW ngày 26/5/2025) [P]; kết nạp và công nhận chính thức: ít nhất 2/3 đảng viên chính thức "
            "(Điều lệ Đảng, Điều 5.2; Hướng dẫn 06-HD/TW, mục 3.6b) [S/P]; bầu cử: quá một nửa số phiếu, số dư "
            "không quá 30 % (Quy chế bầu cử trong Đảng, 190-QĐ/TW) [P]; đảng viên dự bị không biểu quyết [S]."
        ),
        "resolution": {
            "comparison": "more_than",
            "numerator": 1,
            "denominator": 2,
            "base": "voting_members",
            "base_excludes": list(_RESOLUTION_BASE_EXCLUDES),
        },
        "admission": {"comparison": "at_least", "numerator": 2, "denominator": 3, "base": "full_members"},
        "recognition": {"comparison": "at_least", "numerator": 2, "denominator": 3, "base": "full_members"},
        "election": {
            "comparison": "more_than",
            "numerator": 1,
            "denominator": 2,
            "base": "votes",
            "max_surplus_candidates_percent": 30,
        },
        "probationary_members_vote": False,
        "nomination": {"comparison": "more_than", "numerator": 1, "denominator": 2, "base": "voters"},
    },
    "members": {
        "source": (
            "Điều lệ Đảng (2011): Điều 5.1 (dự bị 12 tháng), Điều 24 (chi bộ ít nhất 3 đảng viên chính thức) [P]; "
            "Quy định 294-QĐ/TW ngày 26/5/2025, hiệu lực 01/7/2025, và Hướng dẫn 06-HD/TW ngày 09/6/2025: tuổi kết "
            "nạp 18–60 [P], người giới thiệu cùng công tác 12 tháng [S], thời hạn kết nạp, xét chính thức và "
            "chuyển sinh hoạt tính theo ngày làm việc [S], Huy hiệu Đảng [P]."
        ),
        "admission_min_age_years": 18,
        "admission_max_age_years": 60,
        "sponsor_min_months_together": 12,
        "probation_months": 12,
        "ceremony_within_working_days": 30,
        "full_review_within_working_days": 30,
        "transfer_within_working_days": 60,
        "min_full_members_per_cell": 3,
        "badge_milestones_years": list(_BADGE_MILESTONES),
        "badge_occasions": copy.deepcopy(_BADGE_OCCASIONS),
        "badge_early_award": [
            {"from_years": 30, "to_years": 65, "months": 12},
            {"from_years": 70, "to_years": 90, "months": 24},
        ],
    },
    "fees": {
        "source": (
            "Quy định 01-QĐ/TW ngày 03/02/2026 về chế độ đảng phí [P]; Điều lệ Đảng, Điều 8 (không đóng đảng phí "
            "3 tháng trong năm không có lý do chính đáng thì đề nghị xóa tên)."
        ),
        "salary_percent": 1.0,
        "pension_percent": 0.5,
        "student_monthly_vnd": 5000,
        "unpaid_months_for_removal": 3,
    },
    "quality_review": {
        "source": (
            "Quy định 366-QĐ/TW ngày 30/8/2025; Hướng dẫn 43-HD/BTCTW ngày 31/10/2025 [P]. Trần 20 % xuất sắc "
            "theo Nghị định 335/2025 (công chức), chưa thấy trong Quy định 366: chỉ cảnh báo."
        ),
        "general_points": 30,
        "task_points": 70,
        "levels": _quality_levels(),
        "excellent_min_exceeded_tasks_percent": 30,
        "collective_done_max_late_tasks_percent": 20,
        "excellent_cap_percent_of_good": 20,
        "excellent_cap_mode": "warn",
        "all_on_time_for": ["excellent", "good"],
        "blocking_conditions": _blocking_conditions(),
    },
    "emulation": {
        "source": (
            "Luật Thi đua, khen thưởng 06/2022/QH15 (Điều 23 và các điều về danh hiệu); Nghị định 152/2025/NĐ-CP, "
            "hiệu lực 01/7/2025 (mức tiền thưởng theo hệ số lương cơ sở) [P]. Tập thể lao động xuất sắc [S]; trần "
            "15 % và ngưỡng 90 % của Hội đồng theo Nghị định 91/2017 chưa thấy trong nghị định hiện hành: chỉ cảnh báo."
        ),
        "titles": _titles(),
        "advanced_worker_min_level": "good",
        "province_fighter_streak": 3,
        "national_fighter_streak": 2,
        "collective_excellent": {
            "tasks_done_percent": 100,
            "advanced_members_min_percent": 70,
            "min_grassroots_fighters": 1,
            "mode": "warn",
            "advanced_members_comparison": "at_least",
            "no_discipline": True,
        },
        "grassroots_fighter_cap_percent": 15,
        "grassroots_fighter_cap_mode": "warn",
        "council_secret_ballot_min_percent": 90,
        "council_mode": "warn",
        "honours": _honours(),
    },
    "campaign": {
        "source": (
            "Báo cáo của Đảng ủy khối cơ quan dân chính đảng tỉnh Bình Phước về học tập và làm theo tư tưởng, đạo "
            "đức, phong cách Hồ Chí Minh năm 2013: “tháng 11-12 đảng viên tự kiểm điểm trước chi bộ về kết quả "
            "thực hiện nội dung đăng ký làm theo Bác” [S]."
        ),
        "self_review_from_month": 11,
    },
    "documents": _documents(),
    "calendar": _calendar([_YEAR_2020, _YEAR_2023, _YEAR_2025, _YEAR_2026]),
}


_OLD_LAW = "Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013)"
_PREVIOUS_HONOUR_SOURCES = {
    "lao_dong_tien_tien": (
        f"{_OLD_LAW}, Điều 24; Nghị định 91/2017/NĐ-CP (tiền thưởng 0,3 lần mức lương cơ sở) [P]; từ 01/01/2024 "
        "Luật 06/2022/QH15 và Nghị định 98/2023/NĐ-CP."
    ),
    "chien_si_thi_dua_co_so": (
        f"{_OLD_LAW}, Điều 23; Nghị định 91/2017/NĐ-CP: tiền thưởng 1,0 lần, không quá 15 % số Lao động tiên tiến "
        "[P]; từ 01/01/2024 Luật 06/2022/QH15 và Nghị định 98/2023/NĐ-CP."
    ),
    "chien_si_thi_dua_bo_tinh": (
        f"{_OLD_LAW}, Điều 22: ba lần liên tục đạt Chiến sĩ thi đua cơ sở [P]; Nghị định 91/2017/NĐ-CP: tiền "
        "thưởng 3,0 lần, 90 % phiếu kín của Hội đồng [P]."
    ),
    "chien_si_thi_dua_toan_quoc": (
        f"{_OLD_LAW}, Điều 21: hai lần liên tục đạt Chiến sĩ thi đua cấp bộ, ngành, tỉnh, sáng kiến ảnh hưởng "
        "toàn quốc [P]; Nghị định 91/2017/NĐ-CP: tiền thưởng 4,5 lần, 90 % phiếu kín của Hội đồng [P]."
    ),
    "tap_the_lao_dong_tien_tien": (
        f"{_OLD_LAW}, Điều 28: hoàn thành tốt nhiệm vụ, trên 50 % cá nhân đạt Lao động tiên tiến, không có cá "
        "nhân bị kỷ luật từ cảnh cáo trở lên [P, trang thi đua khen thưởng của tỉnh dẫn]; tiền thưởng 0,8 lần "
        "(Nghị định 91/2017/NĐ-CP) [P]."
    ),
    "tap_the_lao_dong_xuat_sac": (
        f"{_OLD_LAW}, Điều 27; Nghị định 91/2017/NĐ-CP: 100 % cá nhân hoàn thành nhiệm vụ, ít nhất 70 % Lao động "
        "tiên tiến, có Chiến sĩ thi đua cơ sở, không có cá nhân bị kỷ luật từ cảnh cáo trở lên [S]; tiền thưởng "
        "1,5 lần [P]."
    ),
    "co_thi_dua_chinh_phu": (
        f"{_OLD_LAW}, Điều 25; Nghị định 91/2017/NĐ-CP: tiền thưởng 12,0 lần [P]; điều kiện ghi ở đây là tối "
        "thiểu [S]."
    ),
    "giay_khen": (
        f"{_OLD_LAW}; Nghị định 91/2017/NĐ-CP: tiền thưởng 0,3 lần [S]; điều kiện ghi ở đây là tối thiểu [S]; "
        "tập thể gấp hai lần cá nhân [P, báo chí dẫn]."
    ),
    "bang_khen_tinh": (
        f"{_OLD_LAW}; Nghị định 91/2017/NĐ-CP: tiền thưởng 1,0 lần [P, báo chí dẫn]; điều "
        "kiện 2 năm liên tục hoàn thành xuất sắc nhiệm vụ [S]; tập thể gấp hai lần cá nhân [P, báo chí dẫn]. Từ "
        "01/01/2024 Nghị định 98/2023/NĐ-CP, chưa đối chiếu."
    ),
    "bang_khen_thu_tuong": (
        f"{_OLD_LAW}, Điều 70; Nghị định 91/2017/NĐ-CP: tiền thưởng 3,5 lần [P, báo chí dẫn]; điều "
        "kiện 5 năm liên tục hoàn thành xuất sắc nhiệm vụ [S]; tập thể gấp hai lần cá nhân [P, báo chí dẫn]."
    ),
}


def _previous_values() -> dict[str, Any]:
    values = copy.deepcopy(CURRENT_VALUES)
    values["meetings"]["source"] = (
        "Hướng dẫn 12-HD/BTCTW ngày 06/7/2018 của Ban Tổ chức Trung ương về sinh hoạt chi bộ [P]. Các giá trị "
        "lấy theo Hướng dẫn 42-HD/BTCTW (2025), chưa đối chiếu với Hướng dẫn 12."
    )
    values["votes"]["source"] = (
        "Nghị quyết: quá một nửa (Quy định 24-QĐ/TW năm 2021, mục 9.3.2; trước đó Quy định 29-QĐ/TW năm 2016) [P]; "
        "kết nạp và công nhận chính thức: ít nhất 2/3 đảng viên chính thức (Điều lệ Đảng, Điều 5.2) [P]; bầu cử: "
        "quá một nửa, số dư không quá 30 % (Quy chế bầu cử trong Đảng) [P]."
    )
    values["members"]["source"] = (
        "Điều lệ Đảng (2011), Điều 5.1 và Điều 24 [P]; Quy định 29-QĐ/TW (2016), từ 30/7/2021 Quy định 24-QĐ/TW "
        "thi hành Điều lệ Đảng. Các thời hạn theo ngày làm việc và Huy hiệu Đảng lấy như bộ hiện hành [S]."
    )
    values["fees"]["source"] = (
        "Quyết định 342-QĐ/TW ngày 28/12/2010 về chế độ đảng phí; Điều lệ Đảng, Điều 8. Mức của học sinh, sinh "
        "viên lấy như bộ hiện hành, chưa đối chiếu với Quyết định 342."
    )
    values["quality_review"]["source"] = (
        "Quy định 124-QĐ/TW (2023) và các văn bản trước đó về kiểm điểm, đánh giá, xếp loại chất lượng [P]. Thang "
        "điểm 30 + 70 và các ngưỡng 90/70/50 lấy như bộ hiện hành (Quy định 366), chưa đối chiếu."
    )
    values["emulation"]["source"] = (
        "Luật Thi đua, khen thưởng (2003, sửa đổi 2013; từ 01/01/2024 Luật 06/2022/QH15); Nghị định 91/2017/NĐ-CP, "
        "Nghị định 98/2023/NĐ-CP [P]. Hệ số tiền thưởng, chuỗi năm liên tục, trần 15 % và ngưỡng 90 % của Hội đồng "
        "lấy như bộ hiện hành."
    )
    for honour in values["emulation"]["honours"]:
        honour["source"] = _PREVIOUS_HONOUR_SOURCES[honour["code"]]
    bang_khen_tinh = next(h for h in values["emulation"]["honours"] if h["code"] == "bang_khen_tinh")
    bang_khen_tinh["bonus_multiple"], bang_khen_tinh["bonus_multiple_collective"] = 1.0, 2.0
    calendar = values["calendar"]
    calendar["source"] += (
        " Trước 01/01/2021: Bộ luật Lao động 2012, Điều 115 (Quốc khánh nghỉ 1 ngày), ghi theo từng năm 2018–2020."
    )
    calendar["years"] = [
        _year(
            2018,
            "Quốc khánh năm 2018 nghỉ 1 ngày (Bộ luật Lao động 2012, Điều 115).",
            national_day_extra="none",
        ),
        _year(
            2019,
            "Quốc khánh năm 2019 nghỉ 1 ngày (Bộ luật Lao động 2012, Điều 115).",
            national_day_extra="none",
        ),
        *copy.deepcopy(calendar["years"]),
    ]
    return values


PREVIOUS_VALUES: dict[str, Any] = _previous_values()

PREVIOUS_NOTES = (
    "Bộ quy tắc dựng lại cho các sự việc trước 01/7/2025. Giữ nguyên như bộ hiện hành (DOMAIN.md ghi là không "
    "đổi hoặc chưa rõ giá trị cũ): tỷ lệ biểu quyết nghị quyết, kết nạp, công nhận chính thức và bầu cử; tuổi kết "
    "nạp, thời gian dự bị, số đảng viên tối thiểu của chi bộ; Huy hiệu Đảng; định dạng văn bản (Hướng dẫn 36, 2018); "
    "lịch nghỉ lễ (thêm Quốc khánh 1 ngày cho 2018–2020). Chuyển sang, chưa đối chiếu với văn bản cũ: thời lượng "
    "và chuẩn bị sinh hoạt chi bộ, mức đảng phí học sinh, thang điểm và ngưỡng xếp loại chất lượng, các trần và "
    "hệ số thi đua, khen thưởng."
)
CURRENT_NOTES = (
    "Bộ quy tắc theo các văn bản ban hành từ năm 2025. Quy định 294-QĐ/TW có hiệu lực từ 01/7/2025; một số văn "
    "bản ban hành sau ngày đó (Hướng dẫn 42-HD/BTCTW ngày 28/10/2025, Quy định 366-QĐ/TW, Hướng dẫn 43-HD/BTCTW, "
    "Quy định 01-QĐ/TW ngày 03/02/2026) được gộp vào bộ này; khi cần tách theo ngày hiệu lực, thêm một phiên bản mới."
)

SHIPPED_RULESETS: list[dict[str, Any]] = [
    {
        "name": "Bộ quy tắc theo các văn bản cũ",
        "effective_from": datetime.date(2018, 7, 6),
        "source": (
            "Hướng dẫn 12-HD/BTCTW (06/7/2018); Quy định 29-QĐ/TW (2016) và 24-QĐ/TW (2021); Quyết định "
            "342-QĐ/TW (2010); Quy định 124-QĐ/TW (2023); Nghị định 91/2017/NĐ-CP, 98/2023/NĐ-CP; Hướng dẫn "
            "36-HD/VPTW (03/4/2018); Bộ luật Lao động 2012 và 2019."
        ),
        "notes": PREVIOUS_NOTES,
        "values": PREVIOUS_VALUES,
    },
    {
        "name": "Bộ quy tắc hiện hành",
        "effective_from": datetime.date(2025, 7, 1),
        "source": (
            "Quy định 294-QĐ/TW (26/5/2025, hiệu lực 01/7/2025); Hướng dẫn 06-HD/TW (09/6/2025); Chỉ thị "
            "50-CT/TW (23/7/2025); Hướng dẫn 42-HD/BTCTW (28/10/2025); Quy định 366-QĐ/TW (30/8/2025); Hướng dẫn "
            "43-HD/BTCTW (31/10/2025); Quy định 01-QĐ/TW (03/02/2026); Luật Thi đua, khen thưởng 06/2022/QH15; "
            "Nghị định 152/2025/NĐ-CP; Hướng dẫn 36-HD/VPTW (03/4/2018); Bộ luật Lao động 2019."
        ),
        "notes": CURRENT_NOTES,
        "values": CURRENT_VALUES,
    },
]


def current_values() -> dict[str, Any]:
    """A fresh copy of the current values (callers may change it)."""
    return copy.deepcopy(CURRENT_VALUES)
