"""Codes of ethics (chuẩn mực đạo đức): kept by a unit's officers, seen where they apply (the unit, the units below
it and those above), the signed document PDF or DOCX at most 10 MB and downloaded through the gate only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from chibo.campaign import services
from chibo.campaign.models import EthicsCode
from chibo.campaign.tests.conftest import DOCX, PDF, text_of
from chibo.core.models import AuditEntry

D = datetime.date
VKS_CODE = "Vững về chính trị, giỏi về nghiệp vụ, tinh thông về pháp luật, công tâm và bản lĩnh, kỷ cương và trách nhiệm"


def test_a_unit_keeps_its_codes_of_ethics(tree, people, login, settings, django_capture_on_commit_callbacks):
    vks = tree["Đảng bộ VKSND"]
    url = reverse("campaign:ethics", args=[vks.pk])
    client = login(people.vks)
    response = client.post(url, {"title": " ", "adopted_on": "", "content": ""})
    assert response.status_code == 400
    page = text_of(response)
    assert "Hãy ghi tên văn bản (ví dụ: Quy định chuẩn mực đạo đức của cán bộ, đảng viên)." in page
    assert "Hãy ghi ngày ban hành." in page
    assert "Hãy ghi nội dung chuẩn mực hoặc đính kèm bản đã ký." in page
    base = {"title": "Chuẩn mực đạo đức nghề nghiệp", "adopted_on": "2013-05-19", "content": ""}
    for name, body, message in (
        ("chuan-muc.jpg", b"\xff\xd8\xff", "Tệp “chuan-muc.jpg” không đúng loại cho phép (PDF, DOCX)."),
        ("chuan-muc.docx", b"%PDF-1.4", "Tệp “chuan-muc.docx” không phải tệp DOCX thật."),
        ("chuan-muc.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "Tệp “chuan-muc.pdf” lớn quá 10 MB."),
    ):
        response = client.post(url, {**base, "document": SimpleUploadedFile(name, body)})
        assert response.status_code == 400 and message in text_of(response), name
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url, {**base, "adopted_on": tomorrow.isoformat(), "content": VKS_CODE})
    assert "Ngày ban hành không được sau hôm nay." in text_of(response)
    assert not EthicsCode.objects.exists() and not any(settings.MEDIA_ROOT.rglob("*.*"))
    response = client.post(
        url, {**base, "content": VKS_CODE, "document": SimpleUploadedFile("chuan-muc-vks.pdf", PDF)}
    )
    assert response.status_code == 302
    code = EthicsCode.objects.get()
    assert (code.organization, code.adopted_on, code.lines) == (vks, D(2013, 5, 19), [VKS_CODE])
    assert AuditEntry.objects.filter(action="campaign_ethics_code", object_id=str(code.pk)).exists()
    file_url = reverse("campaign:ethics_file", args=[code.pk])
    html = client.get(url).content.decode()
    assert file_url in html and settings.MEDIA_URL not in html and code.document.name not in html
    # The code applies below: the cells' people see it on their cell's page and download it.
    for user in (people.secretary, people.member_user, people.office):
        client = login(user)
        assert VKS_CODE in text_of(
            client.get(reverse("campaign:ethics", args=[tree["Chi bộ Văn phòng"].pk]))
        ), user
        response = client.get(file_url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF, user
    # The sibling committee and its cells do not.
    for user in (people.tc, people.outsider):
        assert login(user).get(file_url).status_code == 404, user
    # A cell's officer keeps the cell's codes, not the committee's.
    with pytest.raises(Http404):
        services.ethics_code_save(
            actor=people.secretary, organization=vks, title="X", adopted_on=D(2014, 1, 1), content="Y"
        )
    # A new signed file replaces the old one; the text may go once a file is kept.
    edit = reverse("campaign:ethics_edit", args=[code.pk])
    client = login(people.vks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit, {**base, "content": "", "document": SimpleUploadedFile("chuan-muc-2014.docx", DOCX)}
        )
    assert response.status_code == 302
    code.refresh_from_db()
    assert code.content == "" and code.document.name.endswith("chuan-muc-2014.docx")
    assert sorted(p.name for p in settings.MEDIA_ROOT.rglob("*.*")) == ["chuan-muc-2014.docx"]
    with pytest.raises(ValidationError) as caught:
        services.ethics_code_save(
            actor=people.vks,
            organization=vks,
            code=code,
            title=code.title,
            adopted_on=code.adopted_on,
            content="",
            clear_document=True,
        )
    assert caught.value.message_dict == {"content": ["Hãy ghi nội dung chuẩn mực hoặc đính kèm bản đã ký."]}
    code.refresh_from_db()
    assert code.document
