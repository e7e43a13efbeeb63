"""The year's campaign and its study schedule: set up by the committee, seen by its subtree; the months of a
content within the year and not shared; the materials downloaded through the gate; a cell's months."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chibo.campaign import services
from chibo.campaign.models import Campaign, StudyItem
from chibo.campaign.tests.conftest import PDF, THEME_2013, THEME_2014, bulk_pledges, text_of
from chibo.core.models import AuditEntry
from chibo.meetings.models import Meeting

D = datetime.date


def test_the_committee_sets_up_the_year_s_campaign_seen_by_its_subtree(tree, people, login):
    khoi = tree["Đảng bộ Khối"]
    url = reverse("campaign:organizer", args=[khoi.pk])
    client = login(people.office)
    response = client.post(url, {"year": "20x", "theme": " "})
    assert response.status_code == 400
    page = text_of(response)
    assert "Hãy ghi năm (ví dụ 2026)." in page and "Hãy ghi chuyên đề của năm." in page
    assert not Campaign.objects.exists()
    response = client.post(
        url, {"year": "2013", "theme": THEME_2013, "description": "Triển khai tới 200 đồng chí."}
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    assert (campaign.organizer, campaign.year, campaign.theme) == (khoi, 2013, THEME_2013)
    assert AuditEntry.objects.filter(action="campaign_create", object_id=str(campaign.pk)).exists()
    response = client.post(url, {"year": "2013", "theme": "Chuyên đề khác"})
    assert "Đảng bộ Khối đã có chuyên đề năm 2013." in text_of(response)
    assert Campaign.objects.count() == 1
    # The whole subtree sees it: cell officers, members (with a grant or only through their record).
    for user in (people.secretary, people.member_user, people.plain_user, people.vks):
        client = login(user)
        assert "Suốt đời phấn đấu cần, kiệm, liêm, chính" in text_of(
            client.get(reverse("campaign:home"), {"nam": 2013})
        ), user
        assert client.get(campaign.get_absolute_url()).status_code == 200, user
    client = login(people.outsider)
    assert "Suốt đời phấn đấu" not in text_of(client.get(reverse("campaign:home"), {"nam": 2013}))
    assert client.get(campaign.get_absolute_url()).status_code == 404
    # Only the committee's officers and office set it up; a cell does not, and no campaign is a cell's.
    for user in (people.secretary, people.member_user, people.outsider):
        assert login(user).post(url, {"year": "2014", "theme": THEME_2014}).status_code == 404
    with pytest.raises(ValidationError, match="không do chi bộ"):
        services.campaign_create(
            actor=people.office, organizer=tree["Chi bộ Văn phòng"], year=2014, theme=THEME_2014
        )
    assert Campaign.objects.count() == 1


def test_the_year_is_kept_once_someone_pledged(tree, people, campaign, login):
    client = login(people.office)
    url = reverse("campaign:campaign_edit", args=[campaign.pk])
    response = client.post(url, {"year": "2015", "theme": THEME_2014 + ".", "description": ""})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.year, campaign.theme) == (2015, THEME_2014 + ".")
    bulk_pledges(campaign, units=[tree["Chi bộ Văn phòng"]])
    response = client.post(url, {"year": "2014", "theme": THEME_2014, "description": ""})
    assert response.status_code == 400
    assert "Đã có đăng ký làm theo chuyên đề năm 2015: không đổi được năm." in text_of(response)
    campaign.refresh_from_db()
    assert (campaign.year, campaign.theme) == (2015, THEME_2014 + ".")


def _item(client, campaign, **data):
    values = {"month_from": "", "month_to": "", "topic": "", "content": "", "material_link": "", **data}
    return client.post(reverse("campaign:item_add", args=[campaign.pk]), values)


def test_the_schedule_refuses_months_outside_the_year_reversed_or_shared(people, campaign, schedule, login):
    client = login(people.office)
    page = text_of(client.get(campaign.get_absolute_url()))
    assert "Tháng 3–5 Học tập phong cách quần chúng của Bác" in page
    assert "Tháng 9–10 Học tập phong cách nêu gương" in page
    cases = [
        (
            {"month_from": "0", "month_to": "13", "topic": "X"},
            [
                "Từ tháng phải là một tháng của năm 2014, từ 1 đến 12.",
                "Đến tháng phải là một tháng của năm 2014, từ 1 đến 12.",
            ],
        ),
        (
            {"month_from": "", "month_to": "2", "topic": ""},
            [
                "Từ tháng: hãy chọn một tháng.",
                "Hãy ghi nội dung học tập của các tháng này.",
            ],
        ),
        (
            {"month_from": "12", "month_to": "2", "topic": "Tết"},
            [
                "Đến tháng phải từ tháng 12 trở đi: mỗi nội dung học tập trong năm 2014, không kéo sang năm sau."
            ],
        ),
        (
            {"month_from": "1", "month_to": "3", "topic": "Phong cách làm việc khoa học"},
            [
                "Từ tháng: các tháng 1–3 trùng với nội dung “Học tập phong cách quần chúng của Bác” (tháng 3–5); "
                "mỗi tháng một nội dung học tập."
            ],
        ),
        (
            {"month_from": "1", "month_to": "2", "topic": "X", "material_link": "ftp://tai-lieu"},
            ["Liên kết tài liệu phải là một địa chỉ bắt đầu bằng http:// hoặc https://."],
        ),
    ]
    for data, expected in cases:
        response = _item(client, campaign, **data)
        assert response.status_code == 400, data
        page = text_of(response)
        for message in expected:
            assert message in page, (data, message)
    assert StudyItem.objects.count() == 4
    # The service names the field.
    with pytest.raises(ValidationError) as caught:
        services.study_item_save(
            actor=people.office, campaign=campaign, month_from=10, month_to=11, topic="Ôn tập"
        )
    assert list(caught.value.message_dict) == ["month_from"]
    assert "trùng với nội dung “Học tập phong cách nêu gương” (tháng 9–10)" in caught.value.messages[0]
    # Correcting an item does not collide with itself; the months move and the others stay.
    first = schedule[0]
    response = client.post(
        reverse("campaign:item_edit", args=[first.pk]),
        {"month_from": "2", "month_to": "5", "topic": first.topic, "content": "30–45 phút, có thảo luận."},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.month_from, first.month_to, first.content) == (2, 5, "30–45 phút, có thảo luận.")
    assert (
        _item(client, campaign, month_from="1", month_to="1", topic="Tư tưởng Hồ Chí Minh").status_code == 302
    )
    assert [(i.month_from, i.month_to) for i in StudyItem.objects.order_by("month_from")] == [
        (1, 1),
        (2, 5),
        (6, 8),
        (9, 10),
        (11, 12),
    ]
    response = client.post(reverse("campaign:item_delete", args=[first.pk]))
    assert response.status_code == 302 and not StudyItem.objects.filter(pk=first.pk).exists()


def test_a_material_is_pdf_or_docx_at_most_10_mb_and_downloaded_through_the_gate(
    people, campaign, login, settings
):
    client = login(people.office)
    base = {"month_from": "3", "month_to": "5", "topic": "Phong cách quần chúng"}
    for name, body, message in (
        ("tai-lieu.exe", b"MZ", "Tệp “tai-lieu.exe” không đúng loại cho phép (PDF, DOCX)."),
        ("gia.pdf", b"MZ not a pdf", "Tệp “gia.pdf” không phải tệp PDF thật."),
        ("lon.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "Tệp “lon.pdf” lớn quá 10 MB."),
    ):
        response = _item(client, campaign, **base, material=SimpleUploadedFile(name, body))
        assert response.status_code == 400 and message in text_of(response), name
    assert not StudyItem.objects.exists()
    assert not any(settings.MEDIA_ROOT.rglob("*.*"))
    response = _item(client, campaign, **base, material=SimpleUploadedFile("phong-cach-quan-chung.pdf", PDF))
    assert response.status_code == 302
    item = StudyItem.objects.get()
    url = reverse("campaign:item_file", args=[item.pk])
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert url in page and settings.MEDIA_URL not in page and item.material.name not in page
    for user in (people.member_user, people.plain_user, people.hs):
        response = login(user).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF, user
        assert "phong-cach-quan-chung.pdf" in response["Content-Disposition"]
    for user in (people.outsider,):
        assert login(user).get(url).status_code == 404
    # A new file replaces the old one; the old one is removed once saved.
    old = item.material.path
    with pytest.raises(ValidationError):  # nothing changes on a refusal
        services.study_item_save(
            actor=people.office,
            campaign=campaign,
            item=item,
            month_from=3,
            month_to=5,
            topic="Phong cách quần chúng",
            material=SimpleUploadedFile("x.txt", b"abc"),
        )
    item.refresh_from_db()
    assert item.material.path == old


def test_a_cell_sees_the_month_s_study_item_for_its_meetings(tree, people, campaign, schedule, login):
    vp = tree["Chi bộ Văn phòng"]
    Meeting.objects.create(organization=vp, day=D(2014, 3, 3), time=datetime.time(14, 0))
    Meeting.objects.create(organization=vp, day=D(2014, 4, 3), time=datetime.time(14, 0), status="cancelled")
    # The Đảng bộ VKSND's own campaign of the year covers its cells too.
    services.campaign_create(
        actor=people.vks, organizer=tree["Đảng bộ VKSND"], year=2014, theme="Làm theo Bác"
    )
    own = Campaign.objects.get(organizer=tree["Đảng bộ VKSND"])
    services.study_item_save(
        actor=people.vks, campaign=own, month_from=3, month_to=3, topic="Đạo đức công vụ"
    )
    for user in (people.secretary, people.member_user, people.plain_user):
        page = text_of(login(user).get(reverse("campaign:cell", args=[vp.pk]), {"nam": 2014}))
        assert "Học tập và làm theo Bác năm 2014: Chi bộ Văn phòng" in page, user
        assert (
            "Tháng 3/2014 Đạo đức công vụ Đảng bộ VKSND Học tập phong cách quần chúng của Bác Đảng bộ Khối "
            "03/03" in page
        ), user
        assert "Tháng 4/2014 Học tập phong cách quần chúng của Bác Đảng bộ Khối Tháng 5/2014" in page
        assert "Tháng 1/2014 Chưa có trong lịch" in page
        assert "Tháng 12/2014 Đảng viên tự kiểm điểm trước chi bộ" in page
    assert login(people.hs_user).get(reverse("campaign:cell", args=[vp.pk]), {"nam": 2014}).status_code == 404
