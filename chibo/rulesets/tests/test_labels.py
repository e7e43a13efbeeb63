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
    assert labels.describe("Nghỉ bù %(name)s", "compensatory_name") == "Nghỉ bù [tên ngày lễ]"


def test_every_group_has_a_title_a_source_and_labelled_rows():
    groups = labels.grouped(defaults.CURRENT_VALUES)
    assert [g.title for g in groups] == [str(t) for t in labels.GROUPS.values()]
    for group in groups:
        assert group.source
        for row in group.rows:
            assert "_" not in row.label, row.label  # no raw key left without a Vietnamese label


def test_each_honour_reads_as_one_labelled_row():
    [emulation] = [g for g in labels.grouped(defaults.CURRENT_VALUES) if g.key == "emulation"]
    rows = {row.label: row for row in emulation.rows}
    prefix = "Danh mục danh hiệu thi đua, hình thức khen thưởng › "
    assert [label for label in rows if label.startswith(prefix)] == [
        prefix + h["name"] for h in defaults.CURRENT_VALUES["emulation"]["honours"]
    ]
    national = rows[prefix + "Chiến sĩ thi đua toàn quốc"].items
    assert "đối tượng: cá nhân" in national
    assert "cấp: toàn quốc" in national
    assert "điều kiện — sáng kiến, phạm vi tối thiểu: toàn quốc" in national
    assert (
        "điều kiện — liên tục: danh hiệu, hình thức: Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh; số năm (theo khóa): 2 "
        "(Chiến sĩ thi đua toàn quốc: số lần liên tục là Chiến sĩ thi đua cấp bộ, tỉnh); mỗi lần cách nhau (theo "
        "khóa, năm): 3 (Chiến sĩ thi đua cấp bộ, tỉnh: số năm liên tục là Chiến sĩ thi đua cơ sở); chỉ tính các năm "
        "sau lần được tặng trước: Có"
    ) in national
    assert "điều kiện — cùng năm phải có: Lao động tiên tiến" in rows[prefix + "Chiến sĩ thi đua cơ sở"].items
    for label, row in rows.items():
        if label.startswith(prefix):
            for item in row.items:
                assert "_" not in item, item  # no raw key, code or level left without its Vietnamese name


def test_the_nomination_vote_is_labelled():
    [votes] = [g for g in labels.grouped(defaults.CURRENT_VALUES) if g.key == "votes"]
    [row] = [r for r in votes.rows if r.label == "Bình xét, suy tôn khen thưởng (bỏ phiếu kín)"]
    assert row.value.startswith(
        "So sánh: quá (lớn hơn); Tử số: 1; Mẫu số: 2; Tính trên: thành viên được triệu tập"
    )
