"""The quality-review documents converted by LibreOffice: the Party heading, the list's names and levels survive."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from chibo.documents import pdf
from chibo.work import quality
from chibo.work.tests.test_tasks import cell  # noqa: F401  (the fixture)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_review_minutes_convert_with_the_list(cell, login, tmp_path):  # noqa: F811
    mai = cell.people[0]
    quality.self_assessment_save(
        actor=mai.user,
        organization=cell,
        member=mai,
        year=2026,
        quarter=0,
        data={
            "general_points": "28",
            "task_points": "64",
            "tasks_total": 10,
            "tasks_late": 0,
            "tasks_exceeded": 3,
            "blocking": [],
            "self_level": "excellent",
        },
        submit=True,
    )
    client = login(cell.secretary)
    for name in ("work:quality_minutes_docx", "work:quality_cell_docx"):
        data = client.get(reverse(name, args=[cell.pk]), {"nam": 2026, "quy": 0}).content
        (tmp_path / "doc.pdf").write_bytes(pdf.docx_to_pdf(data))
        text = subprocess.run(  # noqa: S603
            [shutil.which("pdftotext"), "-layout", str(tmp_path / "doc.pdf"), "-"],
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode()
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text, name
        assert "CHI BỘ VĂN PHÒNG" in text, name
        assert "Nguyễn Thị Mai" in text and "92" in text, name
        assert ("BIÊN BẢN" if "minutes" in name else "DANH SÁCH") in text, name
