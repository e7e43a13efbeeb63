"""What the journeys share: logging in, looking at a page at both widths, reading a downloaded Word file.

Set ``SCREENSHOTS`` to a directory to keep a full-page picture of every page a journey looks at, at 1280 px and
at 360 px."""

import os
from pathlib import Path

import docx

PASSWORD = "mat-khau-Dai-2026"
SHOTS = Path(os.environ["SCREENSHOTS"]) if os.environ.get("SCREENSHOTS") else None


def log_in(page, username):
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc số CCCD").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def look(page, name):
    """The page at a desk and on a 360 px phone: on the phone nothing makes the page scroll sideways. With
    ``SCREENSHOTS`` set, both widths are kept as pictures."""
    size = page.viewport_size
    for width, height in ((1280, 900), (360, 740)):
        page.set_viewport_size({"width": width, "height": height})
        if SHOTS is not None:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        if width == 360:
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, name
    page.set_viewport_size(size)


def docx_texts(path):
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs] + [
        c.text for t in document.tables for r in t.rows for c in r.cells
    ]
