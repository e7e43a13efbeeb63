"""The readable layout of a rule set's values on the detail page."""

from chibo.rulesets import defaults, labels


def test_values_read_as_vietnamese():
    assert labels.describe([5, 6], "weekend") == "Thứ Bảy, Chủ nhật"
    assert labels.describe({"month": 3, "day": 10, "name": "Giỗ Tổ Hùng Vương"}) == "10/3: Giỗ Tổ Hùng Vương"
    assert labels.describe({"date": "2026-01-10", "name": "Làm bù"}) == "10/01/2026: Làm bù"
    assert labels.describe(["2026-02-14", "2026-02-15", "2026-02-16", "2026-02-20"], "tet") == (
        "14/02/2026–16/02/2026, 20/02/2026"
    )
    assert labels.describe(5000, "student_monthly_vnd") == "5.000"
    assert labels.describe(True) == "Có"
    assert labels.describe("warn", "mode") == "cảnh báo"
    assert labels.describe("", "national_day_extra") == "theo quy tắc chung"


def test_every_group_has_a_title_a_source_and_labelled_rows():
    groups = labels.grouped(defaults.CURRENT_VALUES)
    assert [g.title for g in groups] == [str(t) for t in labels.GROUPS.values()]
    for group in groups:
        assert group.source
        for row in group.rows:
            assert "_" not in row.label, row.label  # no raw key left without a Vietnamese label
