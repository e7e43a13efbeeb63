"""Downloads of the minutes and the resolution (.docx, PDF): read back, numbered, scoped, refused while a draft.

``approved_meeting`` and the fixtures here are also used by the documents app's tests (it sits above meetings).
"""

import datetime
import io
import shutil

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.shared import Pt

from chibo.meetings import services
from chibo.meetings.models import Meeting
from chibo.members import services as member_services
from chibo.members.models import Member
from chibo.organizations.models import Grant, Seat, Term

D = datetime.date
R = Grant.Role
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

ROSTER = [
    ("Nguyễn Văn An", "full"),
    ("Trần Thị Bình", "full"),
    ("Lê Văn Cường", "full"),
    ("Phạm Thị Dung", "full"),
    ("Hoàng Văn Em", "full"),
    ("Vũ Thị Giang", "probationary"),
    ("Đặng Văn Hải", "exempt"),
    ("Bùi Thị Lan", "temporary_elsewhere"),
]

CONTENT = {
    "fees": "Thu đảng phí tháng 12 của 6 đồng chí.",
    "news": "Đồng chí Hoàng Văn Em thông tin thời sự trong nước và quốc tế.",
    "review": "Chi bộ hoàn thành 9/10 nhiệm vụ tháng 11.\nCòn chậm việc lập hồ sơ lưu trữ.",
    "ho_chi_minh": "Đọc chuyện kể “Bác Hồ với đức tính giản dị”.",
    "next_tasks": "Hoàn thành hồ sơ lưu trữ năm 2026.",
    "discussion": "Chi bộ thảo luận dân chủ, thẳng thắn.",
    "conclusion": "Chủ trì kết luận: tập trung hoàn thành kế hoạch năm.",
    "resolution": "1. Hoàn thành hồ sơ lưu trữ trước ngày 25/12/2026.\n2. Tổ chức tổng kết năm đúng hạn.",
    "speakers": [
        {"name": "Trần Thị Bình", "gist": "Đề nghị bổ sung chỉ tiêu phát triển đảng viên."},
        {"name": "Hoàng Văn Em", "gist": "Đề nghị phân công rõ người lập hồ sơ."},
    ],
    "vote": {"yes": 3, "no": 1, "abstain": 0},
}


@pytest.fixture
def secretary(tree, make_user):
    return make_user("bithu_vp", role=R.CELL_OFFICER, organization=tree["Chi bộ Văn phòng"])


@pytest.fixture
def cell(tree, secretary):
    """Chi bộ Văn phòng with 8 members (one probationary, one exempt, one active elsewhere); Nguyễn Văn An is
    its secretary; its term 2020–2026 ends on 31/12/2026 and the next one starts on 01/01/2027."""
    cell = tree["Chi bộ Văn phòng"]
    for i, (name, status) in enumerate(ROSTER):
        member_services.member_create(
            actor=secretary,
            organization=cell,
            citizen_id=f"{i + 1:012d}",
            full_name=name,
            sex="female" if " Thị " in name else "male",
            born_on=D(1980, 1, 1),
            admitted_on=D(2005, 1, 1),
            status=status,
        )
    Seat.objects.create(
        organization=cell, role=Seat.Role.SECRETARY, holder_name="Nguyễn Văn An", starts_on=D(2020, 1, 1)
    )
    Term.objects.create(organization=cell, name="2020–2026", starts_on=D(2020, 9, 1), ends_on=D(2026, 12, 31))
    Term.objects.create(organization=cell, name="2027–2032", starts_on=D(2027, 1, 1))
    return cell


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def held_meeting(*, actor, cell, day):
    """A regular meeting started at 14:00 with its roll called: Lê Văn Cường absent for work (reason
    approved), Phạm Thị Dung absent without reason; An chairs, Bình takes the minutes."""
    meeting = services.meeting_create(
        actor=actor,
        organization=cell,
        day=day,
        time=datetime.time(14),
        kind=Meeting.Kind.REGULAR,
        place="Phòng họp tầng 2",
    )
    people = {m.full_name: m for m in Member.objects.filter(organization=cell)}
    services.meeting_start(
        actor=actor,
        meeting=meeting,
        chair=people["Nguyễn Văn An"],
        secretary=people["Trần Thị Bình"],
        at=_at(day, 14),
    )
    rows = {a.member.full_name: a for a in meeting.attendance.select_related("member", "meeting")}
    services.attendance_mark(
        actor=actor,
        attendance=rows["Lê Văn Cường"],
        presence="excused",
        reason="Đi công tác tại Hà Nội",
        reason_approved=True,
    )
    services.attendance_mark(actor=actor, attendance=rows["Phạm Thị Dung"], presence="unexcused")
    return Meeting.objects.select_related("chair", "secretary_of_meeting", "organization").get(pk=meeting.pk)


def approved_meeting(*, actor, cell, day, content=None):
    """``held_meeting`` with the minutes written (CONTENT by default) and approved at 16:00."""
    meeting = held_meeting(actor=actor, cell=cell, day=day)
    minutes = meeting.minutes
    minutes = services.minutes_save(
        actor=actor,
        minutes=minutes,
        content=CONTENT if content is None else content,
        revision=minutes.revision,
    )
    services.minutes_approve(actor=actor, minutes=minutes, ended_at=_at(day, 16))
    return Meeting.objects.select_related("chair", "secretary_of_meeting", "organization").get(pk=meeting.pk)


def read_docx(data: bytes):
    return Document(io.BytesIO(data))


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def heading_number(document) -> str:
    return document.tables[0].cell(1, 0).text


# -- the views ------------------------------------------------------------------------------------------------
def test_minutes_docx_is_downloaded_in_the_party_layout(cell, secretary, login):
    meeting = approved_meeting(actor=secretary, cell=cell, day=D(2026, 12, 3))
    response = login(secretary).get(reverse("meetings:minutes_docx", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban-2026-12-03.docx"'
    document = read_docx(response.content)
    party = document.tables[0].cell(0, 1).paragraphs[0].runs[0]
    assert (party.text, party.bold, party.font.size, party.font.name) == (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        True,
        Pt(15),
        "Times New Roman",
    )
    assert heading_number(document) == "Số 01-BB/CB"
    assert "BIÊN BẢN" in [p.text for p in document.paragraphs]
    text = all_text(document)
    assert "Có mặt: 4/6 đồng chí (chính thức 3, dự bị 1)." in text
    assert "Kết quả biểu quyết: 3/4 đồng chí tán thành (75%)" in text


def test_numbers_run_across_the_term_and_restart_with_the_next_one(cell, secretary, login):
    client = login(secretary)
    numbers = []
    for day in (D(2026, 11, 3), D(2026, 12, 3), D(2027, 1, 4)):
        meeting = approved_meeting(actor=secretary, cell=cell, day=day)
        response = client.get(reverse("meetings:minutes_docx", args=[meeting.pk]))
        numbers.append(heading_number(read_docx(response.content)))
    assert numbers == ["Số 01-BB/CB", "Số 02-BB/CB", "Số 01-BB/CB"]
    # the December minutes made again keep their number; the resolution has its own series
    december = Meeting.objects.get(organization=cell, day=D(2026, 12, 3))
    again = client.get(reverse("meetings:minutes_docx", args=[december.pk]))
    assert heading_number(read_docx(again.content)) == "Số 02-BB/CB"
    resolution = client.get(reverse("meetings:resolution_docx", args=[december.pk]))
    assert resolution["Content-Disposition"] == 'attachment; filename="nghi-quyet-2026-12-03.docx"'
    assert heading_number(read_docx(resolution.content)) == "Số 01-NQ/CB"


def test_a_member_of_the_cell_may_download(cell, secretary, make_user, login):
    meeting = approved_meeting(actor=secretary, cell=cell, day=D(2026, 12, 3))
    member = make_user(role=R.MEMBER, organization=cell)
    response = login(member).get(reverse("meetings:resolution_docx", args=[meeting.pk]))
    assert response.status_code == 200
    assert "CHI BỘ QUYẾT NGHỊ:" in all_text(read_docx(response.content))


@pytest.mark.parametrize("name", ["minutes_docx", "minutes_pdf", "resolution_docx", "resolution_pdf"])
def test_an_officer_of_a_sibling_cell_gets_404(tree, cell, secretary, make_user, login, name):
    meeting = approved_meeting(actor=secretary, cell=cell, day=D(2026, 12, 3))
    other = make_user(role=R.CELL_OFFICER, organization=tree["Chi bộ Hình sự"])
    assert login(other).get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404


def test_a_missing_meeting_is_404(cell, secretary, login):
    assert login(secretary).get(reverse("meetings:minutes_docx", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["minutes_docx", "minutes_pdf", "resolution_docx", "resolution_pdf"])
def test_draft_minutes_are_refused_with_409(cell, secretary, login, name):
    meeting = held_meeting(actor=secretary, cell=cell, day=D(2026, 12, 3))
    response = login(secretary).get(reverse(f"meetings:{name}", args=[meeting.pk]))
    assert response.status_code == 409
    assert (
        "chưa được thông qua: chỉ tải được biên bản và nghị quyết đã thông qua" in response.content.decode()
    )
    assert response["Content-Type"].startswith("text/html")


def test_a_meeting_never_started_is_refused_with_409(cell, secretary, login):
    meeting = services.meeting_create(
        actor=secretary, organization=cell, day=D(2026, 12, 3), time=datetime.time(14)
    )
    response = login(secretary).get(reverse("meetings:minutes_docx", args=[meeting.pk]))
    assert response.status_code == 409


def test_minutes_without_a_resolution_have_no_resolution_to_download(cell, secretary, login):
    content = {**CONTENT, "resolution": ""}
    meeting = approved_meeting(actor=secretary, cell=cell, day=D(2026, 12, 3), content=content)
    client = login(secretary)
    response = client.get(reverse("meetings:resolution_docx", args=[meeting.pk]))
    assert response.status_code == 409
    assert "không có phần “Nghị quyết”" in response.content.decode()
    assert client.get(reverse("meetings:minutes_docx", args=[meeting.pk])).status_code == 200


def test_pdf_without_libreoffice_answers_503_with_a_vietnamese_message(cell, secretary, login, monkeypatch):
    meeting = approved_meeting(actor=secretary, cell=cell, day=D(2026, 12, 3))
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    response = login(secretary).get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 503
    page = response.content.decode()
    assert "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF" in page
    assert reverse("meetings:minutes_docx", args=[meeting.pk]) in page


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_minutes_pdf_is_made_by_libreoffice(cell, secretary, login):
    meeting = approved_meeting(actor=secretary, cell=cell, day=D(2026, 12, 3))
    response = login(secretary).get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban-2026-12-03.pdf"'
    assert response.content.startswith(b"%PDF")
