"""Writes of rule sets: a version is added, never edited."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.audit import audit_record
from chibo.organizations.access import Action, require
from chibo.rulesets import catalog, defaults, rules
from chibo.rulesets.models import RuleSet

_MAX_REPORTED = 50


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return "other"


def _type_message(path: str, kind: str) -> str:
    messages = {
        "number": _("Khóa %(path)s phải là số"),
        "string": _("Khóa %(path)s phải là chuỗi ký tự"),
        "bool": _("Khóa %(path)s phải là true hoặc false"),
        "list": _("Khóa %(path)s phải là danh sách [...]"),
        "object": _("Khóa %(path)s phải là một nhóm khóa {...}"),
    }
    return messages.get(kind, _("Khóa %(path)s có kiểu không hợp lệ")) % {"path": path}


def values_problems(values: Any, reference: Any, path: str = "") -> list[str]:
    """Compare ``values`` with the structure of ``reference``: every key present with the same type,
    recursively, no unknown key. The elements of a list must each have the shape of the reference's first
    element. Returns Vietnamese messages naming the key path ("Thiếu khóa meetings.min_minutes")."""
    if not path and not isinstance(values, dict):
        return [_("Giá trị của bộ quy tắc phải là một nhóm khóa {...}")]
    expected, actual = _kind(reference), _kind(values)
    if expected == "null":
        return []
    if expected != actual:
        return [_type_message(path, expected)]
    problems: list[str] = []
    if expected == "object":
        for key in sorted(reference):
            child = f"{path}.{key}" if path else str(key)
            if key not in values:
                problems.append(_("Thiếu khóa %(path)s") % {"path": child})
            else:
                problems.extend(values_problems(values[key], reference[key], child))
        for key in sorted(values):
            if key not in reference:
                child = f"{path}.{key}" if path else str(key)
                problems.append(_("Khóa %(path)s không có trong bộ quy tắc đang áp dụng") % {"path": child})
    elif expected == "list" and reference:
        for index, item in enumerate(values):
            problems.extend(values_problems(item, reference[0], f"{path}[{index}]"))
    return problems


def _calendar_problem(error: rules.CalendarValueError) -> str:
    messages = {
        "date": _("Khóa %(path)s phải là một ngày dạng năm-tháng-ngày, ví dụ 2026-02-17"),
        "weekday": _("Khóa %(path)s chỉ gồm các số từ 0 (thứ Hai) đến 6 (Chủ nhật)"),
        "choice": _("Khóa %(path)s có giá trị không được chấp nhận"),
        "day": _("Khóa %(path)s không phải một ngày có thật trong tháng"),
        "placeholder": _(
            "Khóa %(path)s: tên ngày lễ chỉ được chèn bằng %%(name)s, và không có dấu %% nào khác"
        ),
    }
    return messages.get(error.problem, _("Khóa %(path)s nằm ngoài khoảng cho phép")) % {"path": error.path}


def _number_problems(value: Any, path: str = "") -> list[str]:
    """Every number of a rule set counts something (minutes, days, months, members, points, a multiple, a share):
    none is negative, a share in per cent (a key with "percent") is at most 100, a fraction's denominator is not 0.
    """
    if isinstance(value, Mapping):
        return [
            p for key, item in value.items() for p in _number_problems(item, f"{path}.{key}" if path else key)
        ]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _number_problems(item, f"{path}[{i}]")]
    if not isinstance(value, int | float) or isinstance(value, bool):
        return []
    key = path.rsplit(".", 1)[-1]
    if value < 0:
        return [_("Khóa %(path)s không được là số âm") % {"path": path}]
    if "percent" in key and value > 100:
        return [_("Khóa %(path)s là tỷ lệ phần trăm, từ 0 đến 100") % {"path": path}]
    if key == "denominator" and value == 0:
        return [_("Khóa %(path)s là mẫu số, phải lớn hơn 0") % {"path": path}]
    return []


def _catalog_problem(problem: catalog.Problem) -> str:
    messages = {
        catalog.DUPLICATE: _("Khóa %(path)s: mã “%(value)s” đã dùng cho một danh hiệu khác trong danh mục"),
        catalog.CHOICE: _("Khóa %(path)s có giá trị “%(value)s” không được chấp nhận"),
        catalog.NO_HONOUR: _("Khóa %(path)s: “%(value)s” không có trong danh mục danh hiệu của bộ quy tắc"),
        catalog.NO_LEVEL: _(
            "Khóa %(path)s: “%(value)s” không phải một mức xếp loại chất lượng của bộ quy tắc"
        ),
        catalog.NO_KEY: _("Khóa %(path)s: bộ quy tắc không có khóa emulation.%(value)s"),
        catalog.POSITIVE: _("Khóa %(path)s phải là một số lớn hơn 0"),
        catalog.STREAK_YEARS: _(
            "Khóa %(path)s: chuỗi năm liên tục cần số năm, ghi thẳng (years) hoặc theo khóa (years_key), chỉ một "
            "trong hai"
        ),
        catalog.MISSING: _("Thiếu khóa %(path)s"),
    }
    return messages[problem.code] % {"path": problem.path, "value": problem.value}


# Values that name a month of the year (the shape check only knows they are numbers).
MONTH_KEYS = (("campaign", "self_review_from_month"),)


def _month_problems(values: Mapping[str, Any]) -> list[str]:
    problems = []
    for group, key in MONTH_KEYS:
        month = values[group][key]
        if not (isinstance(month, int) and 1 <= month <= 12):
            problems.append(
                _("Khóa %(path)s phải là một tháng trong năm, từ 1 đến 12") % {"path": f"{group}.{key}"}
            )
    return problems


def changed_paths(values: Any, reference: Any, path: str = "") -> list[str]:
    """The key paths whose values differ (a list counts as one value)."""
    if isinstance(values, dict) and isinstance(reference, dict):
        changed: list[str] = []
        for key in sorted(set(values) | set(reference), key=str):
            child = f"{path}.{key}" if path else str(key)
            changed.extend(changed_paths(values.get(key), reference.get(key), child))
        return changed
    return [] if values == reference else [path]


def reference_values(on: datetime.date | None = None) -> dict[str, Any]:
    """The values that a new version must match in structure: those of the set in force today (the earliest
    set when all start later; the shipped defaults when there is none)."""
    day = on or timezone.localdate()
    ruleset = RuleSet.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if ruleset is None:
        ruleset = RuleSet.objects.order_by("effective_from").first()
    return ruleset.values if ruleset is not None else defaults.current_values()


def _duplicate_message(effective_from: datetime.date) -> str:
    return _("Đã có bộ quy tắc có hiệu lực từ ngày %(day)s; hãy chọn ngày khác.") % {
        "day": effective_from.strftime("%d/%m/%Y")
    }


@transaction.atomic
def ruleset_add_version(
    *,
    actor: Any,
    name: str,
    effective_from: datetime.date,
    source: str,
    notes: str,
    values: Mapping[str, Any],
) -> RuleSet:
    """Add a version of the rules, in force from ``effective_from``. Only an administrator may
    (Http404 otherwise). Raises ValidationError naming the field or the key; writes the audit log."""
    require(actor, Action.MANAGE_RULESETS)
    name, source, notes = (name or "").strip(), (source or "").strip(), (notes or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Hãy nhập tên bộ quy tắc.")]
    if not source:
        errors["source"] = [_("Hãy nhập căn cứ (văn bản) của bộ quy tắc.")]
    if effective_from is None:
        errors["effective_from"] = [_("Hãy nhập ngày có hiệu lực.")]
    elif RuleSet.objects.filter(effective_from=effective_from).exists():
        errors["effective_from"] = [_duplicate_message(effective_from)]

    reference = reference_values()
    problems = values_problems(values, reference)
    if not problems:
        try:
            rules.CalendarRules.from_values(values["calendar"])
        except rules.CalendarValueError as error:
            problems.append(_calendar_problem(error))
        problems.extend(_month_problems(values))
        problems.extend(_number_problems(values))
        problems.extend(_catalog_problem(problem) for problem in catalog.catalog_problems(values))
    if problems:
        if len(problems) > _MAX_REPORTED:
            extra = len(problems) - _MAX_REPORTED
            problems = [*problems[:_MAX_REPORTED], _("… và %(count)d lỗi khác") % {"count": extra}]
        errors["values"] = problems
    if errors:
        raise ValidationError(errors)

    try:
        with transaction.atomic():
            ruleset = RuleSet.objects.create(
                name=name,
                effective_from=effective_from,
                source=source,
                notes=notes,
                values=dict(values),
                created_by=actor,
            )
    except IntegrityError:  # another administrator added the same date a moment ago
        raise ValidationError({"effective_from": [_duplicate_message(effective_from)]}) from None
    audit_record(
        actor=actor,
        action="ruleset_add",
        obj=ruleset,
        organization=None,
        changes={
            "name": name,
            "effective_from": effective_from.isoformat(),
            "source": source,
            "changed_keys": changed_paths(dict(values), reference)[:200],
        },
    )
    return ruleset
