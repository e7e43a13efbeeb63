"""The minutes and the resolution of a meeting, read back from the .docx (and from the PDF when LibreOffice is
installed)."""

import datetime
import shutil
import subprocess

import pytest
from django.utils import translation

from chibo.documents import minutes as documents
from chibo.documents import pdf
from chibo.documents.models import DocumentNumber, IssuingPlace
from chibo.meetings import services as meeting_services
from chibo.meetings.models import Meeting
from chibo.meetings.tests.test_documents import (
    CONTENT,
    all_text,
    approved_meeting,
    heading_number,
    held_meeting,
    read_docx,
)
from chibo.members.models import Member
from chibo.organizations.models import Organization, OrganizationPeriod
from chibo.rulesets.defaults import CURRENT_VALUES

D = datetime.date
RESOLUTION_RULE = CURRENT_VALUES["votes"]["resolution"]


@pytest.fixture
def meeting(cell, secretary):
    IssuingPlace.objects.create(organization=Organization.objects.get_parent(cell), name="Đồng Nai")
    return approved_meeting(actor=secretary, cell=cell, day=D(2026, 12, 3))


def _docx(meeting, kind):
    return read_docx(documents.meeting_docx(meeting=meeting, kind=kind))


def test_minutes_record_time_place_chair_secretary_and_attendance(meeting):
    text = all_text(_docx(meeting, documents.MINUTES))
    for line in [
        "Thời gian: bắt đầu lúc 14 giờ 00 phút, ngày 03 tháng 12 năm 2026.",
        "Địa điểm: Phòng họp tầng 2.",
        "Chủ trì: đồng chí Nguyễn Văn An, Bí thư Chi bộ.",
        "Thư ký: đồng chí Trần Thị Bình.",
        "Đảng viên của chi bộ: tổng số 8 đồng chí (chính thức 7, dự bị 1); miễn công tác và sinh hoạt đảng 1; "
        "sinh hoạt đảng tạm thời nơi khác 1; phải dự họp 6.",
        "Có mặt: 4/6 đồng chí (chính thức 3, dự bị 1).",
        "Vắng mặt: 2 đồng chí (có lý do 1, không có lý do 1).",
        "- Đồng chí Lê Văn Cường: Đi công tác tại Hà Nội.",
        "- Đồng chí Phạm Thị Dung: không có lý do.",
        "- Đồng chí Đặng Văn Hải: miễn công tác và sinh hoạt đảng.",
        "- Đồng chí Bùi Thị Lan: sinh hoạt đảng tạm thời nơi khác.",
        "Đảng viên chính thức có quyền biểu quyết: 4 đồng chí.",
        "Buổi sinh hoạt kết thúc lúc 16 giờ 00 phút cùng ngày. Biên bản đã được đọc lại trước chi bộ và được "
        "chi bộ thông qua.",
    ]:
        assert line in text.splitlines(), line


def test_minutes_carry_the_sections_in_order_with_speakers_and_the_vote(meeting):
    document = _docx(meeting, documents.MINUTES)
    lines = all_text(document).splitlines()
    headings = [p.text for p in document.paragraphs if p.runs and p.runs[0].bold and p.text[:1].isdigit()]
    assert headings == [
        "1. Thu đảng phí",
        "2. Thông tin thời sự, chủ trương, chính sách",
        "3. Kiểm điểm lãnh đạo thực hiện nhiệm vụ tháng",
        "4. Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "5. Phương hướng, nhiệm vụ tháng tới",
        "6. Thảo luận",
        "7. Kết luận của chủ trì",
        "8. Nghị quyết",
    ]
    for key in ("fees", "news", "ho_chi_minh", "next_tasks", "discussion", "conclusion"):
        assert CONTENT[key] in lines
    assert "Chi bộ hoàn thành 9/10 nhiệm vụ tháng 11." in lines  # a multi-line section, one paragraph a line
    assert "- Đồng chí Trần Thị Bình: Đề nghị bổ sung chỉ tiêu phát triển đảng viên." in lines
    assert "- Đồng chí Hoàng Văn Em: Đề nghị phân công rõ người lập hồ sơ." in lines
    assert (
        "Kết quả biểu quyết: 3/4 đồng chí tán thành (75%); 1 đồng chí không tán thành; 0 đồng chí không biểu "
        "quyết. Nghị quyết được thông qua."
    ) in lines


def test_minutes_heading_and_signatures(meeting):
    document = _docx(meeting, documents.MINUTES)
    heading = document.tables[0]
    assert [p.text for p in heading.cell(0, 0).paragraphs] == ["ĐẢNG BỘ VKSND", "CHI BỘ VĂN PHÒNG", "*"]
    assert heading_number(document) == "Số 01-BB/CB"
    assert heading.cell(1, 1).text == "Đồng Nai, ngày 03 tháng 12 năm 2026"
    signatures = document.tables[1]
    assert [p.text for p in signatures.cell(0, 1).paragraphs if p.text] == [
        "T/M CHI BỘ",
        "BÍ THƯ",
        "Nguyễn Văn An",
    ]
    assert [p.text for p in signatures.cell(0, 0).paragraphs if p.text] == ["THƯ KÝ", "Trần Thị Bình"]
    assert [p.text for p in signatures.cell(1, 0).paragraphs] == [
        "Nơi nhận:",
        "- Đảng ủy VKSND (để báo cáo),",
        "- Lưu Chi bộ.",
    ]
    assert DocumentNumber.objects.get(meeting=meeting).symbol == "Số 01-BB/CB"


def test_resolution_from_the_resolution_section_with_the_vote(meeting):
    document = _docx(meeting, documents.RESOLUTION)
    lines = all_text(document).splitlines()
    assert heading_number(document) == "Số 01-NQ/CB"
    assert "NGHỊ QUYẾT" in lines
    assert "Sinh hoạt chi bộ thường kỳ tháng 12 năm 2026" in lines
    start = lines.index("CHI BỘ QUYẾT NGHỊ:")
    assert lines[start + 1 : start + 3] == [
        "1. Hoàn thành hồ sơ lưu trữ trước ngày 25/12/2026.",
        "2. Tổ chức tổng kết năm đúng hạn.",
    ]
    assert lines[start + 3].startswith("Kết quả biểu quyết: 3/4 đồng chí tán thành (75%)")
    assert (
        "- Căn cứ kết quả sinh hoạt của Chi bộ Văn phòng ngày 03 tháng 12 năm 2026, có mặt 4/6 đồng chí,"
        in lines
    )
    signatures = document.tables[1]
    assert [p.text for p in signatures.cell(0, 1).paragraphs if p.text] == [
        "T/M CHI BỘ",
        "BÍ THƯ",
        "Nguyễn Văn An",
    ]
    assert [p.text for p in signatures.cell(0, 0).paragraphs][1:] == [
        "- Đảng ủy VKSND (để báo cáo),",
        "- Đảng viên trong chi bộ (để thực hiện),",
        "- Lưu Chi bộ.",
    ]


def test_a_chair_who_is_not_an_officer_signs_as_chair_and_the_secretary_signs_the_resolution(cell, secretary):
    meeting = held_meeting(actor=secretary, cell=cell, day=D(2026, 12, 3))
    meeting.chair = Member.objects.get(full_name="Hoàng Văn Em")
    meeting.save(update_fields=["chair"])
    minutes = meeting.minutes
    minutes = meeting_services.minutes_save(
        actor=secretary, minutes=minutes, content=CONTENT, revision=minutes.revision
    )
    meeting_services.minutes_approve(
        actor=secretary, minutes=minutes, ended_at=meeting.started_at + datetime.timedelta(hours=2)
    )
    meeting = Meeting.objects.get(pk=meeting.pk)
    minutes_sign = _docx(meeting, documents.MINUTES).tables[1].cell(0, 1)
    assert [p.text for p in minutes_sign.paragraphs if p.text] == ["CHỦ TRÌ", "Hoàng Văn Em"]
    resolution_sign = _docx(meeting, documents.RESOLUTION).tables[1].cell(0, 1)
    assert [p.text for p in resolution_sign.paragraphs if p.text] == ["T/M CHI BỘ", "BÍ THƯ", "Nguyễn Văn An"]


def test_a_corrected_record_prints_its_latest_version(meeting, secretary):
    meeting_services.minutes_correct(
        actor=secretary,
        minutes=meeting.minutes,
        content={"resolution": "1. Hoàn thành hồ sơ lưu trữ trước ngày 28/12/2026."},
        reason="Sửa thời hạn theo ý kiến chi bộ",
    )
    lines = all_text(_docx(meeting, documents.MINUTES)).splitlines()
    assert "1. Hoàn thành hồ sơ lưu trữ trước ngày 28/12/2026." in lines
    assert "1. Hoàn thành hồ sơ lưu trữ trước ngày 25/12/2026." not in lines
    assert any(line.startswith("Biên bản đính chính lần 1, ngày ") for line in lines)
    assert any(line.endswith("lý do: Sửa thời hạn theo ý kiến chi bộ.") for line in lines)


def test_the_unit_is_named_as_it_was_on_the_day(meeting, cell):
    period = OrganizationPeriod.objects.get(organization=cell)
    period.valid_to = D(2027, 1, 1)
    period.save()
    OrganizationPeriod.objects.create(
        organization=cell,
        name="Chi bộ Văn phòng – Tổng hợp",
        kind=cell.kind,
        parent=Organization.objects.get_parent(cell),
        valid_from=D(2027, 1, 1),
    )
    cell.name = "Chi bộ Văn phòng – Tổng hợp"
    cell.save()
    heading = _docx(Meeting.objects.get(pk=meeting.pk), documents.MINUTES).tables[0]
    assert heading.cell(0, 0).paragraphs[1].text == "CHI BỘ VĂN PHÒNG"


def test_the_place_name_falls_back_to_dots_to_fill_by_hand(cell, secretary):
    meeting = approved_meeting(actor=secretary, cell=cell, day=D(2026, 12, 3))
    assert _docx(meeting, documents.MINUTES).tables[0].cell(1, 1).text == "…………, ngày 03 tháng 12 năm 2026"


def test_the_document_is_vietnamese_whatever_the_readers_language(meeting):
    with translation.override("en"):
        document = _docx(meeting, documents.MINUTES)
    assert "BIÊN BẢN" in [p.text for p in document.paragraphs]
    assert translation.get_language() == "vi"


def test_draft_minutes_have_nothing_to_print(cell, secretary):
    meeting = held_meeting(actor=secretary, cell=cell, day=D(2026, 12, 3))
    with pytest.raises(documents.NothingToPrint, match="chưa được thông qua"):
        documents.meeting_docx(meeting=meeting, kind=documents.MINUTES)
    assert not DocumentNumber.objects.exists()


def test_minutes_without_a_resolution_give_no_resolution_and_issue_no_number(cell, secretary):
    meeting = approved_meeting(
        actor=secretary, cell=cell, day=D(2026, 12, 3), content={**CONTENT, "resolution": ""}
    )
    with pytest.raises(documents.NothingToPrint, match="không có phần nghị quyết"):
        documents.meeting_docx(meeting=meeting, kind=documents.RESOLUTION)
    assert not DocumentNumber.objects.filter(doc_type=DocumentNumber.DocType.RESOLUTION).exists()
    lines = all_text(_docx(meeting, documents.MINUTES)).splitlines()
    assert "8. Nghị quyết" in lines  # the vote was recorded, so the section stays


@pytest.mark.parametrize(
    ("vote", "base", "sentence"),
    [
        (
            {"yes": 2, "no": 1, "abstain": 0},
            3,
            "Kết quả biểu quyết: 2/3 đồng chí tán thành (66,7%); 1 đồng chí không tán thành; 0 đồng chí không biểu "
            "quyết. Nghị quyết được thông qua.",
        ),
        (
            {"yes": 2, "no": 2, "abstain": None},
            4,
            "Kết quả biểu quyết: 2/4 đồng chí tán thành (50%); 2 đồng chí không tán thành; 0 đồng chí không biểu "
            "quyết. Số tán thành chưa đủ để thông qua nghị quyết.",
        ),
        ({"yes": None, "no": None, "abstain": None}, 4, "Chưa ghi kết quả biểu quyết."),
        (None, 4, "Chưa ghi kết quả biểu quyết."),
    ],
)
def test_vote_sentence(vote, base, sentence):
    assert documents.vote_sentence(vote, base=base, rule=RESOLUTION_RULE) == sentence


def test_pdf_unavailable_without_libreoffice(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    with pytest.raises(pdf.PdfUnavailable):
        pdf.docx_to_pdf(b"PK")


def test_pdf_failed_when_libreoffice_times_out(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: "/usr/bin/soffice")

    def hang(command, **kwargs):
        assert kwargs["timeout"] == 60
        assert "--headless" in command and "--convert-to" in command
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])

    monkeypatch.setattr(subprocess, "run", hang)
    with pytest.raises(pdf.PdfFailed, match="timeout"):
        pdf.docx_to_pdf(b"PK")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_of_the_minutes_reads_back_with_the_party_heading(meeting, tmp_path):
    data = pdf.docx_to_pdf(documents.meeting_docx(meeting=meeting, kind=documents.MINUTES))
    assert data.startswith(b"%PDF")
    (tmp_path / "bien-ban.pdf").write_bytes(data)
    text = subprocess.run(  # noqa: S603
        [shutil.which("pdftotext"), "-layout", str(tmp_path / "bien-ban.pdf"), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "BIÊN BẢN" in text
    assert "Số 01-BB/CB" in text
    assert "Nguyễn Văn An" in text
