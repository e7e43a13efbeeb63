"""PDF from the .docx, by LibreOffice headless: the archive keeps the very layout officials edit in Word.

Each conversion runs in its own temporary directory with its own LibreOffice profile, so conversions running
at the same time (several requests, several servers) do not wait for or break each other.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 60


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed on this server."""


class PdfFailed(RuntimeError):
    """LibreOffice ran but gave no PDF (or took longer than the time limit)."""


def soffice() -> str | None:
    return shutil.which("soffice")


def docx_to_pdf(data: bytes, *, timeout: float = TIMEOUT_SECONDS) -> bytes:
    program = soffice()
    if program is None:
        raise PdfUnavailable("soffice")
    with tempfile.TemporaryDirectory(prefix="chibo-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        env = {**os.environ, "HOME": str(folder)}
        try:
            # The program is LibreOffice found on PATH, the arguments are our own paths: no user input.
            result = subprocess.run(  # noqa: S603
                command, capture_output=True, timeout=timeout, env=env, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfFailed(f"timeout after {timeout} s") from exc
        target = folder / "document.pdf"
        if result.returncode != 0 or not target.exists():
            raise PdfFailed(result.stderr.decode(errors="replace")[-500:])
        return target.read_bytes()
