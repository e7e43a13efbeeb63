import pytest

from chibo.core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Nguyễn Văn A", "nguyen van a"), ("Đặng Thị Ánh", "dang thi anh"), ("ĐẢNG BỘ", "dang bo"), ("", "")],
)
def test_fold(text, folded):
    assert fold(text) == folded
