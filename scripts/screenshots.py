"""Screenshots of the main pages at desktop and phone width, for a look before a change lands.

Usage: DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python scripts/screenshots.py OUT_DIR URL...
Serves nothing itself: start `chibo runserver 127.0.0.1:8765` on a database loaded with `chibo demo` first.
Logs in as the demo office staff (password and TOTP secret of the README).
"""

import base64
import hashlib
import hmac
import struct
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = "http://127.0.0.1:8765"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]


def totp(secret_b32: str) -> str:
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret_b32), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def main(
    out: str, urls: list[str], username: str = "vanphong", secret: str = "GAYTEMZUGU3DOOBZGAYTEMZUGU3DOOBZ"
) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for label, viewport in (
            ("desktop", {"width": 1280, "height": 900}),
            ("phone", {"width": 360, "height": 740}),
        ):
            page = browser.new_page(viewport=viewport, base_url=BASE, locale="vi-VN")
            page.goto("/tai-khoan/dang-nhap/")
            page.screenshot(path=f"{out}/login-{label}.png", full_page=True)
            page.fill("#id_username", username)
            page.fill("#id_password", "chiboso2026")
            page.get_by_role("button", name="Đăng nhập").click()
            if "/xac-thuc/" in page.url:
                time.sleep(30 - time.time() % 30 + 1)  # a code is accepted once: wait for the next one
                page.fill("#id_token", totp(secret))
                page.get_by_role("button", name="Xác nhận").click()
            for i, url in enumerate(urls):
                page.goto(url)
                page.screenshot(path=f"{out}/{i:02d}-{label}.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
