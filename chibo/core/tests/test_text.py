import pytest

from chibo.core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Nguyễn Văn A", "nguyen van a"), ("Đặng Thị Ánh", "dang thi anh"), ("ĐẢNG BỘ", "dang bo"), ("", "")],
)
def test_fold(text, folded):
    assert fold(text) == folded


from chibo.core.text import name_sort_key  # noqa: E402


def _sorted(names):
    return sorted(names, key=name_sort_key)


def test_given_name_first_then_the_rest():
    assert _sorted(["Nguyễn Văn Bình", "Trần Thị An", "Lê Anh"]) == [
        "Trần Thị An",
        "Lê Anh",
        "Nguyễn Văn Bình",
    ]
    assert _sorted(["Trần Thị An", "Lê Anh"]) == ["Trần Thị An", "Lê Anh"]  # An before Anh
    assert _sorted(["Phạm Văn An", "Đỗ Văn An"]) == [
        "Đỗ Văn An",
        "Phạm Văn An",
    ]  # same given name: by family name, Đ before P


def test_vietnamese_letters_come_after_their_base():
    # a < ă < â < b ; d < đ < e ; o < ô < ơ ; u < ư < v
    assert _sorted(["Lê Bảo", "Lê Âu", "Lê Ăn", "Lê An"]) == ["Lê An", "Lê Ăn", "Lê Âu", "Lê Bảo"]
    assert _sorted(["Lê Em", "Lê Đức", "Lê Dũng"]) == ["Lê Dũng", "Lê Đức", "Lê Em"]
    assert _sorted(["Lê Ơn", "Lê Ôn", "Lê On"]) == ["Lê On", "Lê Ôn", "Lê Ơn"]
    assert _sorted(["Lê Vũ", "Lê Ưng", "Lê Uy"]) == ["Lê Uy", "Lê Ưng", "Lê Vũ"]


def test_tones_only_break_ties_in_their_order():
    # ngang, huyền, sắc, hỏi, ngã, nặng
    assert _sorted(["Lê Hạ", "Lê Hã", "Lê Hả", "Lê Há", "Lê Hà", "Lê Ha"]) == [
        "Lê Ha",
        "Lê Hà",
        "Lê Há",
        "Lê Hả",
        "Lê Hã",
        "Lê Hạ",
    ]
    # a tone does not outweigh a later letter: "Hà" < "Han"
    assert _sorted(["Lê Han", "Lê Hà"]) == ["Lê Hà", "Lê Han"]


def test_key_is_digits_only():
    assert name_sort_key("Nguyễn Thị Ánh Tuyết").isdigit()
