"""Adding a version: the access gate, the structure check with messages naming the key, the audit log."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from chibo.core.models import AuditEntry
from chibo.organizations.models import Grant
from chibo.rulesets import defaults, services
from chibo.rulesets.models import RuleSet

pytestmark = pytest.mark.django_db

D = datetime.date
JULY_2026 = D(2026, 7, 1)


@pytest.fixture
def admin(make_user):
    return make_user("quantri", superuser=True)


def _add(actor, values=None, effective_from=JULY_2026, **fields):
    return services.ruleset_add_version(
        actor=actor,
        name=fields.get("name", "Bộ quy tắc 2026"),
        effective_from=effective_from,
        source=fields.get("source", "Quy định 01-QĐ/TW (03/02/2026)"),
        notes=fields.get("notes", ""),
        values=defaults.current_values() if values is None else values,
    )


def test_an_administrator_adds_a_version_and_it_is_audited(admin):
    values = defaults.current_values()
    values["meetings"]["min_minutes"] = 100
    ruleset = _add(admin, values)
    assert ruleset.created_by == admin
    assert RuleSet.objects.get(effective_from=D(2026, 7, 1)).values["meetings"]["min_minutes"] == 100
    entry = AuditEntry.objects.get(action="ruleset_add")
    assert entry.actor == admin and entry.object_id == str(ruleset.pk)
    assert entry.changes["changed_keys"] == ["meetings.min_minutes"]
    assert entry.changes["effective_from"] == "2026-07-01"


def test_an_administrator_grant_on_a_root_may_add(make_user, tree):
    user = make_user(role=Grant.Role.ADMINISTRATOR, organization=tree["Đảng bộ Khối"])
    assert _add(user).pk


@pytest.mark.parametrize(
    ("role", "unit"),
    [
        (Grant.Role.OFFICE_STAFF, "Đảng bộ Khối"),
        (Grant.Role.CELL_OFFICER, "Chi bộ Văn phòng"),
        (Grant.Role.ADMINISTRATOR, "Đảng bộ VKSND"),  # not a root: not the whole installation
    ],
)
def test_others_get_not_found(make_user, tree, role, unit):
    user = make_user(role=role, organization=tree[unit])
    with pytest.raises(Http404):
        _add(user)
    assert not RuleSet.objects.filter(effective_from=D(2026, 7, 1)).exists()


def test_a_missing_key_is_named(admin):
    values = defaults.current_values()
    del values["meetings"]["min_minutes"]
    with pytest.raises(ValidationError, match=r"Thiếu khóa meetings\.min_minutes"):
        _add(admin, values)


def test_a_wrong_type_is_named(admin):
    values = defaults.current_values()
    values["votes"]["election"]["max_surplus_candidates_percent"] = "30 %"
    values["calendar"]["compensate_weekend_holidays"] = "có"
    with pytest.raises(ValidationError) as caught:
        _add(admin, values)
    assert caught.value.message_dict["values"] == [
        "Khóa calendar.compensate_weekend_holidays phải là true hoặc false",
        "Khóa votes.election.max_surplus_candidates_percent phải là số",
    ]


def test_an_unknown_key_is_named(admin):
    values = defaults.current_values()
    values["votes"]["x"] = 1
    with pytest.raises(ValidationError, match=r"Khóa votes\.x không có trong bộ quy tắc đang áp dụng"):
        _add(admin, values)


def test_list_items_are_checked_against_the_first_item(admin):
    values = defaults.current_values()
    values["calendar"]["years"].append({"year": 2027, "note": "", "tet": "2027-02-06"})
    with pytest.raises(ValidationError) as caught:
        _add(admin, values)
    assert caught.value.message_dict["values"] == [
        "Thiếu khóa calendar.years[4].days_off",
        "Thiếu khóa calendar.years[4].national_day_extra",
        "Khóa calendar.years[4].tet phải là danh sách [...]",
        "Thiếu khóa calendar.years[4].working_days",
    ]


def test_a_new_year_of_decisions_is_accepted(admin):
    values = defaults.current_values()
    values["calendar"]["years"].append(
        {
            "year": 2027,
            "note": "Thử",
            "tet": [],
            "national_day_extra": "after",
            "days_off": [],
            "working_days": [],
        }
    )
    assert _add(admin, values).values["calendar"]["years"][-1]["year"] == 2027


def test_a_date_that_does_not_exist_is_named(admin):
    values = defaults.current_values()
    values["calendar"]["years"][3]["tet"][0] = "2026-02-30"
    with pytest.raises(ValidationError, match=r"Khóa calendar\.years\[3\]\.tet\[0\] phải là một ngày"):
        _add(admin, values)


def test_another_month_for_the_self_review_is_a_new_version(admin):
    values = defaults.current_values()
    values["campaign"]["self_review_from_month"] = 12
    assert _add(admin, values).values["campaign"]["self_review_from_month"] == 12


def _honour(values, i):
    return values["emulation"]["honours"][i]


# Values of the right shape that no rule can use: each is refused by its key path, and nothing is added.
UNUSABLE = [
    # references inside the catalog of honours
    (
        lambda v: _honour(v, 2)["requires"]["streak"].__setitem__("honour", "chien_si_co_so"),
        "Khóa emulation.honours[2].requires.streak.honour: “chien_si_co_so” không có trong danh mục danh hiệu "
        "của bộ quy tắc",
    ),
    (
        lambda v: _honour(v, 6)["requires"]["honours_same_year"].append("co_thi_dua"),
        "Khóa emulation.honours[6].requires.honours_same_year[1]: “co_thi_dua” không có trong danh mục danh "
        "hiệu của bộ quy tắc",
    ),
    (
        lambda v: _honour(v, 7)["requires"].__setitem__("review_level", "kha"),
        "Khóa emulation.honours[7].requires.review_level: “kha” không phải một mức xếp loại chất lượng của bộ "
        "quy tắc",
    ),
    (
        lambda v: _honour(v, 1)["cap"].__setitem__("percent_key", "tran_chien_si"),
        "Khóa emulation.honours[1].cap.percent_key: bộ quy tắc không có khóa emulation.tran_chien_si",
    ),
    (
        lambda v: _honour(v, 1)["cap"].pop("of"),
        "Thiếu khóa emulation.honours[1].cap.of",
    ),
    (
        lambda v: _honour(v, 2)["requires"]["streak"].update(years=3),
        "Khóa emulation.honours[2].requires.streak.years: chuỗi năm liên tục cần số năm, ghi thẳng (years) "
        "hoặc theo khóa (years_key), chỉ một trong hai",
    ),
    (
        lambda v: _honour(v, 4).__setitem__("recipient", "tap_the"),
        "Khóa emulation.honours[4].recipient có giá trị “tap_the” không được chấp nhận",
    ),
    (
        lambda v: _honour(v, 4).__setitem__("code", "tap_the_lao_dong_xuat_sac"),
        "Khóa emulation.honours[5].code: mã “tap_the_lao_dong_xuat_sac” đã dùng cho một danh hiệu khác trong "
        "danh mục",
    ),
    (
        lambda v: _honour(v, 0).__setitem__("bonus_multiple", 0),
        "Khóa emulation.honours[0].bonus_multiple phải là một số lớn hơn 0",
    ),
    # numbers
    (
        lambda v: v["meetings"].__setitem__("min_minutes", -90),
        "Khóa meetings.min_minutes không được là số âm",
    ),
    (
        lambda v: v["emulation"].__setitem__("grassroots_fighter_cap_percent", 150),
        "Khóa emulation.grassroots_fighter_cap_percent là tỷ lệ phần trăm, từ 0 đến 100",
    ),
    (
        lambda v: v["votes"]["admission"].__setitem__("denominator", 0),
        "Khóa votes.admission.denominator là mẫu số, phải lớn hơn 0",
    ),
    (
        lambda v: v["members"]["badge_early_award"][1].__setitem__("months", -24),
        "Khóa members.badge_early_award[1].months không được là số âm",
    ),
    (
        lambda v: v["campaign"].__setitem__("self_review_from_month", 0),
        "Khóa campaign.self_review_from_month phải là một tháng trong năm, từ 1 đến 12",
    ),
    (
        lambda v: v["campaign"].__setitem__("self_review_from_month", 13),
        "Khóa campaign.self_review_from_month phải là một tháng trong năm, từ 1 đến 12",
    ),
    (
        lambda v: v["campaign"].__setitem__("self_review_from_month", 11.5),
        "Khóa campaign.self_review_from_month phải là một tháng trong năm, từ 1 đến 12",
    ),
    # the compensatory day's name, which takes the holiday's name
    (
        lambda v: v["calendar"].__setitem__("compensatory_name", "Nghỉ bù %(ten)s"),
        "Khóa calendar.compensatory_name: tên ngày lễ chỉ được chèn bằng %(name)s, và không có dấu % nào khác",
    ),
]


@pytest.mark.parametrize(("change", "message"), UNUSABLE)
def test_a_value_no_rule_can_use_is_named_and_nothing_is_added(admin, change, message):
    values = defaults.current_values()
    change(values)
    before = RuleSet.objects.count()
    with pytest.raises(ValidationError) as caught:
        _add(admin, values)
    assert caught.value.message_dict["values"] == [message]
    assert RuleSet.objects.count() == before


def test_the_values_must_be_an_object(admin):
    with pytest.raises(ValidationError, match="Giá trị của bộ quy tắc phải là một nhóm khóa"):
        _add(admin, [1, 2])


def test_a_duplicate_effective_date_is_refused(admin):
    with pytest.raises(ValidationError, match="Đã có bộ quy tắc có hiệu lực từ ngày 01/07/2025"):
        _add(admin, effective_from=D(2025, 7, 1))
    assert RuleSet.objects.count() == 2
    assert not AuditEntry.objects.filter(action="ruleset_add").exists()


def test_name_and_source_are_required(admin):
    with pytest.raises(ValidationError) as caught:
        _add(admin, name="  ", source="")
    assert caught.value.message_dict == {
        "name": ["Hãy nhập tên bộ quy tắc."],
        "source": ["Hãy nhập căn cứ (văn bản) của bộ quy tắc."],
    }
