"""Vietnamese labels for the keys of a rule set, and a readable layout of its values for the pages."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

GROUPS = {
    "meetings": _("Sinh hoạt chi bộ"),
    "votes": _("Biểu quyết và bầu cử"),
    "members": _("Đảng viên"),
    "fees": _("Đảng phí"),
    "quality_review": _("Đánh giá, xếp loại chất lượng"),
    "emulation": _("Thi đua, khen thưởng"),
    "campaign": _("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
    "documents": _("Thể thức văn bản"),
    "calendar": _("Lịch nghỉ lễ, tết và ngày làm việc"),
}

KEYS = {
    # meetings
    "min_minutes": _("Thời lượng tối thiểu (phút)"),
    "combined_min_minutes": _("Thời lượng tối thiểu khi kết hợp thường kỳ và chuyên đề (phút)"),
    "documents_days_ahead": _("Gửi tài liệu trước (ngày)"),
    "thematic_per_quarter": _("Số lần sinh hoạt chuyên đề mỗi quý, tối thiểu"),
    "attendance_quorum": _("Tỷ lệ có mặt"),
    "numerator": _("Tử số"),
    "denominator": _("Mẫu số"),
    "mode": _("Khi không đạt"),
    # votes
    "resolution": _("Thông qua nghị quyết"),
    "admission": _("Kết nạp đảng viên"),
    "recognition": _("Công nhận đảng viên chính thức"),
    "election": _("Bầu cử"),
    "comparison": _("So sánh"),
    "base": _("Tính trên"),
    "base_excludes": _("Không tính vào"),
    "max_surplus_candidates_percent": _("Số dư tối đa (%)"),
    "probationary_members_vote": _("Đảng viên dự bị được biểu quyết"),
    "nomination": _("Bình xét, suy tôn khen thưởng (bỏ phiếu kín)"),
    # members
    "admission_min_age_years": _("Tuổi kết nạp tối thiểu"),
    "admission_max_age_years": _("Tuổi kết nạp tối đa"),
    "sponsor_min_months_together": _("Người giới thiệu cùng công tác tối thiểu (tháng)"),
    "probation_months": _("Thời gian dự bị (tháng)"),
    "ceremony_within_working_days": _("Tổ chức lễ kết nạp trong (ngày làm việc)"),
    "full_review_within_working_days": _("Xét công nhận chính thức trong (ngày làm việc)"),
    "transfer_within_working_days": _("Chuyển sinh hoạt đảng chính thức trong (ngày làm việc)"),
    "min_full_members_per_cell": _("Số đảng viên chính thức tối thiểu của chi bộ"),
    "badge_milestones_years": _("Mốc tuổi đảng trao Huy hiệu (năm)"),
    "badge_occasions": _("Dịp trao Huy hiệu"),
    "badge_early_award": _("Trao Huy hiệu sớm khi ốm nặng"),
    "from_years": _("từ (năm)"),
    "to_years": _("đến (năm)"),
    "months": _("sớm tối đa (tháng)"),
    # fees
    "salary_percent": _("Theo tiền lương đóng bảo hiểm xã hội (%)"),
    "pension_percent": _("Theo lương hưu (%)"),
    "student_monthly_vnd": _("Học sinh, sinh viên (đồng/tháng)"),
    "unpaid_months_for_removal": _("Số tháng không đóng trong năm thì đề nghị xóa tên"),
    # quality review
    "general_points": _("Điểm tiêu chí chung"),
    "task_points": _("Điểm kết quả thực hiện nhiệm vụ"),
    "levels": _("Mức xếp loại"),
    "code": _("mã"),
    "min_points": _("từ (điểm)"),
    "excellent_min_exceeded_tasks_percent": _("Xuất sắc: tỷ lệ nhiệm vụ vượt mức tối thiểu (%)"),
    "collective_done_max_late_tasks_percent": _(
        "Tập thể hoàn thành nhiệm vụ: tỷ lệ nhiệm vụ chậm tối đa (%)"
    ),
    "excellent_cap_percent_of_good": _("Trần xuất sắc (% số hoàn thành tốt)"),
    "excellent_cap_mode": _("Khi vượt trần xuất sắc"),
    "all_on_time_for": _("Mức phải hoàn thành mọi nhiệm vụ đúng tiến độ"),
    "blocking_conditions": _("Trường hợp xếp loại Không hoàn thành nhiệm vụ"),
    "member": _("đảng viên"),
    "collective": _("tổ chức đảng"),
    # emulation
    "titles": _("Danh hiệu và hệ số tiền thưởng"),
    "bonus_multiple": _("hệ số tiền thưởng (lần lương cơ sở)"),
    "advanced_worker_min_level": _("Lao động tiên tiến: mức xếp loại tối thiểu"),
    "province_fighter_streak": _("Chiến sĩ thi đua cấp bộ, tỉnh: số năm liên tục là Chiến sĩ thi đua cơ sở"),
    "national_fighter_streak": _(
        "Chiến sĩ thi đua toàn quốc: số lần liên tục là Chiến sĩ thi đua cấp bộ, tỉnh"
    ),
    "collective_excellent": _("Tập thể lao động xuất sắc"),
    "tasks_done_percent": _("tỷ lệ nhiệm vụ hoàn thành (%)"),
    "advanced_members_min_percent": _("tỷ lệ Lao động tiên tiến tối thiểu (%)"),
    "min_grassroots_fighters": _("số Chiến sĩ thi đua cơ sở tối thiểu"),
    "grassroots_fighter_cap_percent": _("Trần Chiến sĩ thi đua cơ sở (% số Lao động tiên tiến)"),
    "grassroots_fighter_cap_mode": _("Khi vượt trần Chiến sĩ thi đua cơ sở"),
    "council_secret_ballot_min_percent": _("Tỷ lệ phiếu kín tối thiểu của Hội đồng (%)"),
    "council_mode": _("Khi không đạt tỷ lệ của Hội đồng"),
    "advanced_members_comparison": _("so sánh tỷ lệ Lao động tiên tiến"),
    "no_discipline": _("không có cá nhân bị kỷ luật từ cảnh cáo trở lên"),
    "honours": _("Danh mục danh hiệu thi đua, hình thức khen thưởng"),
    "kind": _("loại"),
    "recipient": _("đối tượng"),
    "level": _("cấp"),
    "decided_by": _("thẩm quyền quyết định"),
    "bonus_multiple_collective": _("hệ số tiền thưởng cho tập thể (lần lương cơ sở)"),
    "source": _("căn cứ"),
    "requires": _("điều kiện"),
    "review_level": _("xếp loại chất lượng tối thiểu"),
    "review_level_key": _("xếp loại chất lượng tối thiểu (theo khóa)"),
    "honours_same_year": _("cùng năm phải có"),
    "streak": _("liên tục"),
    "honour": _("danh hiệu, hình thức"),
    "years_key": _("số năm (theo khóa)"),
    "step_key": _("mỗi lần cách nhau (theo khóa, năm)"),
    "after_last_award": _("chỉ tính các năm sau lần được tặng trước"),
    "initiative": _("sáng kiến, phạm vi tối thiểu"),
    "collective_key": _("điều kiện của tập thể (theo khóa)"),
    "cap": _("trần"),
    "percent_key": _("tỷ lệ (theo khóa)"),
    "of": _("tính trên số"),
    "mode_key": _("khi vượt trần (theo khóa)"),
    "council_min_percent_key": _("tỷ lệ phiếu kín tối thiểu của Hội đồng (theo khóa)"),
    # campaign
    "self_review_from_month": _("Đảng viên, tập thể tự đánh giá việc làm theo từ tháng"),
    # documents
    "paper_size": _("Khổ giấy"),
    "font_family": _("Phông chữ"),
    "encoding_standard": _("Bộ mã"),
    "margins_mm": _("Lề trang (mm)"),
    "top": _("trên"),
    "bottom": _("dưới"),
    "left": _("trái"),
    "right": _("phải"),
    "party_heading": _("Tiêu đề “ĐẢNG CỘNG SẢN VIỆT NAM”"),
    "superior_body": _("Tên cơ quan cấp trên"),
    "issuing_body": _("Tên cơ quan ban hành"),
    "number_symbol": _("Số và ký hiệu"),
    "place_date": _("Địa danh, ngày tháng"),
    "document_type": _("Tên loại văn bản"),
    "summary": _("Trích yếu"),
    "body": _("Nội dung"),
    "signature_cell": _("Quyền hạn ký của chi bộ"),
    "numbering": _("Đánh số văn bản"),
    "text": _("chữ"),
    "size_pt": _("cỡ chữ"),
    "size_pt_min": _("cỡ chữ từ"),
    "size_pt_max": _("cỡ chữ đến"),
    "bold": _("in đậm"),
    "italic": _("in nghiêng"),
    "uppercase": _("chữ in hoa"),
    "example": _("ví dụ"),
    # calendar
    "weekend": _("Ngày nghỉ hằng tuần"),
    "solar_holidays": _("Ngày lễ theo dương lịch"),
    "national_day": _("Quốc khánh"),
    "national_day_extra": _("Ngày nghỉ liền kề Quốc khánh"),
    "national_day_extra_name": _("Tên ngày nghỉ liền kề Quốc khánh"),
    "lunar_holidays": _("Ngày lễ theo âm lịch"),
    "tet_name": _("Tên kỳ nghỉ Tết"),
    "tet_days_before": _("Tết: số ngày nghỉ cuối năm cũ"),
    "tet_days_from_new_year": _("Tết: số ngày nghỉ từ mùng 1"),
    "compensate_weekend_holidays": _("Nghỉ bù khi ngày lễ trùng ngày nghỉ hằng tuần"),
    "compensatory_name": _("Tên ngày nghỉ bù"),
    "years": _("Quyết định riêng từng năm"),
    "year": _("năm"),
    "note": _("ghi chú"),
    "tet": _("ngày nghỉ Tết"),
    "days_off": _("ngày nghỉ thêm"),
    "working_days": _("ngày làm bù"),
    "month": _("tháng"),
    "day": _("ngày"),
    "name": _("tên"),
    "date": _("ngày"),
}

CHOICES = {
    "more_than": _("quá (lớn hơn)"),
    "at_least": _("ít nhất (từ … trở lên)"),
    "warn": _("cảnh báo"),
    "block": _("chặn"),
    "before": _("trước ngày 2/9"),
    "after": _("sau ngày 2/9"),
    "none": _("không có"),
    "voting_members": _("đảng viên có quyền biểu quyết được triệu tập"),
    "full_members": _("đảng viên chính thức của chi bộ"),
    "votes": _("số phiếu bầu"),
    "per_term": _("liên tục trong nhiệm kỳ"),
    "excellent": _("Hoàn thành xuất sắc nhiệm vụ"),
    "good": _("Hoàn thành tốt nhiệm vụ"),
    "done": _("Hoàn thành nhiệm vụ"),
    "not_done": _("Không hoàn thành nhiệm vụ"),
    "voters": _("thành viên được triệu tập (Hội đồng Thi đua – Khen thưởng, hội nghị cụm, khối thi đua)"),
    "title": _("danh hiệu thi đua"),
    "commendation": _("hình thức khen thưởng"),
    "individual": _("cá nhân"),
    "collective": _("tập thể"),
    "any": _("cá nhân hoặc tập thể"),
    "grassroots": _("cấp cơ sở"),
    "province": _("cấp bộ, ngành, tỉnh"),
    "national": _("toàn quốc"),
    "temporarily_active_elsewhere": _("đảng viên sinh hoạt tạm thời nơi khác"),
    "exempt_and_absent": _("đảng viên miễn sinh hoạt vắng mặt"),
    "suspended_or_detained": _("đảng viên bị đình chỉ sinh hoạt, bị tạm giam"),
    "absent_with_approved_reason": _("đảng viên vắng mặt có lý do được chấp nhận"),
}

WEEKDAYS = [
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
]


_RAW_KEYS = frozenset({"name", "note", "text", "example", "code", "tet_name", "compensatory_name"})


def key_label(key: str) -> str:
    return str(KEYS.get(key, key))


def _scalar(value: Any, key: str = "") -> str:
    if isinstance(value, bool):
        return str(_("Có")) if value else str(_("Không"))
    if value is None:
        return "—"
    if isinstance(value, int) and key.endswith("_vnd"):
        return f"{value:,}".replace(",", ".")  # Vietnamese groups thousands with a dot: 5.000 đ
    if isinstance(value, int | float):
        return number_format(value, use_l10n=True)
    if isinstance(value, str) and key == "compensatory_name":
        return value % {"name": _("[tên ngày lễ]")}  # "Nghỉ bù %(name)s" reads "Nghỉ bù [tên ngày lễ]"
    if isinstance(value, str):
        return str(CHOICES.get(value, value)) if key not in _RAW_KEYS else value
    return str(value)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date_text(value: str) -> str:
    try:
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


def _date_ranges(days: list[str]) -> str:
    """["2026-02-14", ..., "2026-02-22"] -> "14/02/2026–22/02/2026"; gaps start a new range."""
    try:
        parsed = sorted(datetime.date.fromisoformat(d) for d in days)
    except ValueError:
        return ", ".join(days)
    ranges: list[list[datetime.date]] = []
    for day in parsed:
        if ranges and (day - ranges[-1][-1]).days == 1:
            ranges[-1].append(day)
        else:
            ranges.append([day])
    return ", ".join(
        f"{r[0]:%d/%m/%Y}" if len(r) == 1 else f"{r[0]:%d/%m/%Y}–{r[-1]:%d/%m/%Y}" for r in ranges
    )


def describe(value: Any, key: str = "") -> str:
    """One line for a value: scalars formatted, small groups as "label: value; …", lists joined."""
    if key == "weekend" and isinstance(value, list):
        return ", ".join(str(WEEKDAYS[d]) if isinstance(d, int) and 0 <= d <= 6 else str(d) for d in value)
    if key == "national_day_extra" and value == "":
        return str(_("theo quy tắc chung"))
    if isinstance(value, dict) and set(value) == {"month", "day", "name"}:
        return f"{value['day']}/{value['month']}: {value['name']}"
    if isinstance(value, dict) and set(value) == {"date", "name"}:
        return f"{_date_text(str(value['date']))}: {value['name']}"
    if isinstance(value, list) and value and all(isinstance(v, str) and _ISO_DATE.match(v) for v in value):
        return _date_ranges(value)
    if isinstance(value, dict):
        return "; ".join(f"{key_label(k)}: {describe(v, k).rstrip('.')}" for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return "—"
        if all(not isinstance(v, dict | list) for v in value):
            return ", ".join(_scalar(v, key) for v in value)
        return " | ".join(describe(v, key) for v in value)
    return _scalar(value, key)


@dataclass
class Row:
    label: str
    value: str = ""
    items: list[str] = field(default_factory=list)


@dataclass
class Group:
    key: str
    title: str
    source: str
    rows: list[Row]


# Inside an honour the same keys mean something narrower than elsewhere in the rule set.
_REQUIREMENT_LABELS = {
    "collective": _("điều kiện của tập thể"),
    "no_discipline": _("không bị kỷ luật từ cảnh cáo trở lên trong năm"),
}
_STREAK_LABELS = {"years": _("số năm")}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value is False


def _honour_value(value: Any, key: str, group: dict[str, Any], names: dict[str, str]) -> str:
    """A value inside an honour, readable: honour codes by their names, a referenced key by its value and label."""
    if key.endswith("_key") and isinstance(value, str):
        if value not in group:
            return value
        referenced = group[value]
        if isinstance(referenced, dict):
            return f"{key_label(value)}: {describe(referenced)}"
        return f"{describe(referenced, value)} ({key_label(value)})"
    if key in ("honour", "of") and isinstance(value, str):
        return names.get(value, value)
    if key == "honours_same_year" and isinstance(value, list):
        return ", ".join(names.get(str(v), str(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{_STREAK_LABELS.get(k, key_label(k))}: {_honour_value(v, k, group, names)}"
            for k, v in value.items()
            if not _empty(v)
        )
    return describe(value, key)


def _honour_rows(label: str, honours: list[dict[str, Any]], group: dict[str, Any]) -> list[Row]:
    """One row per honour, labelled by its name; its facts and then each condition that applies."""
    names = {str(h.get("code")): str(h.get("name")) for h in honours}
    rows = []
    for honour in honours:
        items = [
            f"{key_label(k)}: {_honour_value(v, k, group, names)}"
            for k, v in honour.items()
            if k not in ("code", "name", "requires") and not _empty(v)
        ]
        for k, v in (honour.get("requires") or {}).items():
            if not _empty(v):
                items.append(
                    f"{key_label('requires')} — {_REQUIREMENT_LABELS.get(k, key_label(k))}: "
                    f"{_honour_value(v, k, group, names)}"
                )
        rows.append(Row(f"{label} › {honour.get('name')}", items=items))
    return rows


def _rows(values: dict[str, Any], prefix: str = "") -> list[Row]:
    rows: list[Row] = []
    for key, value in values.items():
        if key == "source":
            continue
        label = f"{prefix}{key_label(key)}"
        if key == "honours" and isinstance(value, list) and all(isinstance(v, dict) for v in value):
            rows.extend(_honour_rows(label, value, values))
        elif (
            isinstance(value, dict)
            and value
            and all(isinstance(v, dict) and "name" in v for v in value.values())
        ):
            for item in value.values():  # named items (titles): one row each, labelled by its name
                rest = {k: v for k, v in item.items() if k != "name"}
                rows.append(Row(f"{label} › {item['name']}", value=describe(rest)))
        elif isinstance(value, dict) and any(isinstance(v, dict) for v in value.values()):
            rows.extend(_rows(value, prefix=f"{label} › "))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            rows.append(Row(label, items=[describe(v, key) for v in value]))
        else:
            rows.append(Row(label, value=describe(value, key)))
    return rows


def grouped(values: dict[str, Any]) -> list[Group]:
    """The values of a rule set as titled groups of readable rows, each with its source."""
    groups = []
    for key, value in values.items():
        if isinstance(value, dict):
            groups.append(Group(key, str(GROUPS.get(key, key)), str(value.get("source", "")), _rows(value)))
        else:
            groups.append(
                Group(key, str(GROUPS.get(key, key)), "", [Row(key_label(key), value=describe(value, key))])
            )
    return groups
