"""Pledges (đăng ký làm theo): a cell's page all or nothing, a member's own from a phone, the year-end self-review
from 1 November; the rates (seed 004's figures exactly as the page shows them) and the lists, read back from .xlsx."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from chibo.campaign import selectors, services
from chibo.campaign.models import CampaignPledge
from chibo.campaign.tests.conftest import THEME_2014, bulk_members, bulk_pledges, text_of
from chibo.core.models import AuditEntry
from chibo.organizations.models import Organization
from chibo.organizations.testing import bulk_children
from chibo.rulesets import defaults
from chibo.rulesets import services as ruleset_services

D = datetime.date
K = Organization.Kind


def _rows(
    people,
    *,
    unit="Gương mẫu chấp hành kỷ luật\n\n  Thực hành tiết kiệm  ",
    mai="Nói đi đôi với làm",
    binh="",
):
    mai_m, binh_m, ha_m = people.members
    return {
        "pledge_unit": unit,
        "member": [str(mai_m.pk), str(binh_m.pk), str(ha_m.pk)],
        f"pledge_{mai_m.pk}": mai,
        f"pledge_{binh_m.pk}": binh,
        f"pledge_{ha_m.pk}": "",
    }


def test_the_cell_enters_its_pledges_and_its_members_all_or_nothing(tree, people, campaign, login):
    vp = tree["Chi bộ Văn phòng"]
    mai, binh, ha = people.members
    url = reverse("campaign:pledges", args=[campaign.pk, vp.pk])
    client = login(people.secretary)
    page = text_of(client.get(url))
    assert "Đăng ký làm theo Bác năm 2014: Chi bộ Văn phòng" in page
    assert f"Chuyên đề “{THEME_2014}”" in page
    assert "Nguyễn Thị Mai" in page and "Lê Thu Hà" in page
    # A pledge too long, and a member of another cell: both rows named, nothing saved.
    data = _rows(people, binh="x" * 2001)
    data["member"].append(str(people.hs_member.pk))
    data[f"pledge_{people.hs_member.pk}"] = "Làm theo Bác"
    response = client.post(url, data)
    assert response.status_code == 400
    page = text_of(response)
    assert "Dòng Trần Văn Bình: nội dung đăng ký làm theo dài quá 2.000 ký tự." in page
    assert f"Đảng viên {people.hs_member.pk} không thuộc Chi bộ Văn phòng." in page
    assert not CampaignPledge.objects.exists()
    response = client.post(url, _rows(people, binh="Không hút thuốc trong cơ quan"))
    assert response.status_code == 302
    pledges = {p.member_id: p for p in CampaignPledge.objects.all()}
    assert set(pledges) == {None, mai.pk, binh.pk}
    assert pledges[None].content == "Gương mẫu chấp hành kỷ luật\nThực hành tiết kiệm"
    assert pledges[None].lines == ["Gương mẫu chấp hành kỷ luật", "Thực hành tiết kiệm"]
    assert (pledges[mai.pk].organization, pledges[mai.pk].year, pledges[mai.pk].written_by) == (
        vp,
        2014,
        people.secretary,
    )
    assert AuditEntry.objects.filter(action="campaign_pledges", organization=vp).count() == 1
    # An empty content removes the pledge; Hà still has none.
    assert client.post(url, _rows(people)).status_code == 302
    assert set(CampaignPledge.objects.values_list("member_id", flat=True)) == {None, mai.pk}
    # The committee above may enter them too; a unit outside the campaign may not.
    services.pledges_save(
        actor=people.vks, campaign=campaign, organization=vp, rows={binh.pk: "Nói đi đôi với làm"}
    )
    # A member who no longer takes part pledges nothing new.
    ha.status = "expelled"
    ha.save(update_fields=["status"])
    with pytest.raises(ValidationError) as caught:
        services.pledges_save(actor=people.secretary, campaign=campaign, organization=vp, rows={ha.pk: "X"})
    assert caught.value.messages == ["Dòng Lê Thu Hà: đảng viên không còn sinh hoạt, không đăng ký được."]
    with pytest.raises(ValidationError, match="không ở trong phạm vi triển khai của Đảng bộ Khối"):
        services.pledges_save(
            actor=people.office, campaign=campaign, organization=tree["Đảng bộ Khối"], rows={None: "X"}
        )


def test_a_member_writes_their_own_pledge_and_only_their_own(tree, people, campaign, schedule, login):
    vp = tree["Chi bộ Văn phòng"]
    mai, binh, _ha = people.members
    url = reverse("campaign:mine", args=[campaign.pk])
    for user, member in ((people.member_user, mai), (people.plain_user, binh)):  # with a grant, and without
        client = login(user)
        page = text_of(client.get(url))
        assert "Đăng ký làm theo Bác năm 2014" in page and member.full_name in page
        assert "Tháng 6–8: Học tập phong cách dân chủ" in page
        response = client.post(url, {"content": " Giữ kỷ luật phát ngôn\r\nTiết kiệm điện, giấy "})
        assert response.status_code == 302
        pledge = CampaignPledge.objects.get(member=member)
        assert (pledge.content, pledge.organization, pledge.written_by) == (
            "Giữ kỷ luật phát ngôn\nTiết kiệm điện, giấy",
            vp,
            user,
        )
    response = login(people.member_user).post(url, {"content": "x" * 2001})
    assert response.status_code == 400
    assert "Nội dung đăng ký làm theo dài quá 2.000 ký tự." in text_of(response)
    assert CampaignPledge.objects.get(member=mai).content.startswith("Giữ kỷ luật")
    # The cell's page is the officers': a member neither sees nor writes it.
    client = login(people.member_user)
    cell_url = reverse("campaign:pledges", args=[campaign.pk, vp.pk])
    assert client.get(cell_url).status_code == 404
    assert client.post(cell_url, _rows(people, mai="Khác", binh="Khác")).status_code == 404
    # No record in the register, or outside the campaign: nothing to write.
    assert login(people.outsider).post(url, {"content": "X"}).status_code == 404
    mai.status = "transferred_out"
    mai.save(update_fields=["status"])
    assert login(people.member_user).post(url, {"content": "Khác"}).status_code == 404
    assert CampaignPledge.objects.get(member=mai).content.startswith("Giữ kỷ luật")
    assert CampaignPledge.objects.get(member=binh).content.startswith("Giữ kỷ luật")


def _pledge_all(people, campaign, vp):
    mai, binh, _ha = people.members
    services.pledges_save(
        actor=people.secretary,
        campaign=campaign,
        organization=vp,
        rows={None: "Không để xảy ra vi phạm", mai.pk: "Nói đi đôi với làm", binh.pk: "Tiết kiệm"},
    )
    return {p.member_id: p for p in CampaignPledge.objects.all()}


def test_the_self_review_opens_in_the_month_of_the_rule_set_in_force_at_the_year_s_end(
    tree, people, campaign, make_user
):
    """Seed 004: "tháng 11-12 đảng viên tự kiểm điểm trước chi bộ"; a later version of the rules may say another
    month, and the years it covers follow it."""
    vp = tree["Chi bộ Văn phòng"]
    assert selectors.review_opens(2014) == D(2014, 11, 1)  # before every version: the earliest one's month
    assert selectors.review_opens(2025) == D(2025, 11, 1)
    values = defaults.current_values()
    values["campaign"]["self_review_from_month"] = 12
    ruleset_services.ruleset_add_version(
        actor=make_user("quantri", superuser=True),
        name="Tự đánh giá từ tháng 12",
        effective_from=D(2026, 12, 31),
        source="Hướng dẫn thử",
        notes="",
        values=values,
    )
    assert selectors.review_opens(2025) == D(2025, 11, 1)
    assert selectors.review_opens(2026) == D(2026, 12, 1)
    this_year = services.campaign_create(
        actor=people.office, organizer=tree["Đảng bộ Khối"], year=2026, theme="Chuyên đề năm 2026"
    )
    services.pledges_save(
        actor=people.secretary, campaign=this_year, organization=vp, rows={None: "Làm theo"}
    )
    pledge = CampaignPledge.objects.get(campaign=this_year)
    rows = {pledge.pk: {"result": "good", "note": ""}}
    with pytest.raises(ValidationError) as caught:
        services.reviews_save(
            actor=people.secretary, campaign=this_year, organization=vp, rows=rows, today=D(2026, 11, 20)
        )
    assert caught.value.messages == [
        "Tự đánh giá việc làm theo được ghi từ ngày 01/12/2026, tại hội nghị cuối năm của chi bộ."
    ]
    assert (
        services.reviews_save(
            actor=people.secretary, campaign=this_year, organization=vp, rows=rows, today=D(2026, 12, 1)
        )
        == 1
    )


def test_the_year_end_self_review_at_the_cell_from_1_november(tree, people, campaign, login):
    vp = tree["Chi bộ Văn phòng"]
    mai, binh, _ha = people.members
    pledges = _pledge_all(people, campaign, vp)
    rows = {pledges[mai.pk].pk: {"result": "good", "note": "Gương mẫu"}}
    with pytest.raises(ValidationError) as caught:
        services.reviews_save(
            actor=people.secretary, campaign=campaign, organization=vp, rows=rows, today=D(2014, 10, 31)
        )
    assert caught.value.messages == [
        "Tự đánh giá việc làm theo được ghi từ ngày 01/11/2014, tại hội nghị cuối năm của chi bộ."
    ]
    # A campaign whose year is still to come: the page says when, and refuses.
    next_year = timezone.localdate().year + 1
    later = services.campaign_create(
        actor=people.office, organizer=tree["Đảng bộ Khối"], year=next_year, theme="Chuyên đề năm sau"
    )
    services.pledges_save(actor=people.secretary, campaign=later, organization=vp, rows={None: "Làm theo"})
    early = CampaignPledge.objects.get(campaign=later)
    url = reverse("campaign:reviews", args=[later.pk, vp.pk])
    client = login(people.secretary)
    message = (
        f"Tự đánh giá việc làm theo được ghi từ ngày 01/11/{next_year}, tại hội nghị cuối năm của chi bộ."
    )
    assert message in text_of(client.get(url))
    response = client.post(url, {"pledge": [early.pk], f"result_{early.pk}": "good", f"note_{early.pk}": ""})
    assert response.status_code == 400 and message in text_of(response)
    early.refresh_from_db()
    assert early.result == ""
    # 2014: open. Bad rows named, nothing saved.
    url = reverse("campaign:reviews", args=[campaign.pk, vp.pk])
    own, m, b = pledges[None], pledges[mai.pk], pledges[binh.pk]
    data = {
        "pledge": [own.pk, m.pk, b.pk],
        f"result_{own.pk}": "excellent",
        f"note_{own.pk}": "",
        f"result_{m.pk}": "good",
        f"note_{m.pk}": "Gương mẫu, nói đi đôi với làm",
        f"result_{b.pk}": "",
        f"note_{b.pk}": "Còn hạn chế",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    page = text_of(response)
    assert "Dòng Chi bộ Văn phòng: kết quả tự đánh giá không hợp lệ." in page
    assert "Dòng Trần Văn Bình: hãy chọn kết quả tự đánh giá." in page
    assert not CampaignPledge.objects.exclude(result="").exists()
    data[f"result_{own.pk}"], data[f"result_{b.pk}"] = "fair", "not_met"
    assert client.post(url, data).status_code == 302
    results = {
        p.member_id: (p.result, p.review_note, p.reviewed_by)
        for p in CampaignPledge.objects.filter(campaign=campaign)
    }
    assert results == {
        None: ("fair", "", people.secretary),
        mai.pk: ("good", "Gương mẫu, nói đi đôi với làm", people.secretary),
        binh.pk: ("not_met", "Còn hạn chế", people.secretary),
    }
    page = text_of(client.get(reverse("campaign:pledges", args=[campaign.pk, vp.pk])))
    assert "Nói đi đôi với làm Tốt Gương mẫu, nói đi đôi với làm" in page
    # Once reviewed, the pledge keeps its content: at the cell and on the member's phone.
    with pytest.raises(ValidationError) as caught:
        services.pledges_save(
            actor=people.secretary, campaign=campaign, organization=vp, rows={mai.pk: "Khác"}
        )
    assert caught.value.messages == [
        "Dòng Nguyễn Thị Mai: đã tự đánh giá việc làm theo, không sửa được nội dung đăng ký."
    ]
    mine = reverse("campaign:mine", args=[campaign.pk])
    client = login(people.member_user)
    assert "Tự đánh giá: Tốt – Gương mẫu, nói đi đôi với làm" in text_of(client.get(mine))
    response = client.post(mine, {"content": "Khác"})
    assert response.status_code == 400
    assert "Đã tự đánh giá việc làm theo, không sửa được nội dung đăng ký." in text_of(response)
    assert CampaignPledge.objects.get(member=mai).content == "Nói đi đôi với làm"
    # A member does not enter the review; the sibling cell's officer does not either.
    for user in (people.member_user, people.hs):
        assert login(user).post(url, {**data, f"result_{m.pk}": "average"}).status_code == 404
    assert CampaignPledge.objects.get(member=mai).result == "good"


# ------------------------------------------------------------------------------------------------ the rates


def _seed_004(build_tree, make_user, *, committees=(38, 2), cells=(9, 8), grassroots_cells=24):
    """Đảng bộ khối cơ quan dân chính đảng tỉnh (seed 004): 64 chi, đảng bộ cơ sở (40 grassroots committees with
    358 cells, 24 grassroots cells): 422 collectives below the Khối."""
    name = "Đảng bộ khối cơ quan dân chính đảng tỉnh"
    root = build_tree({name: K.COMMITTEE})[name]
    bulk_children(root, sum(committees), kind=K.GRASSROOTS_COMMITTEE, prefix="Đảng bộ cơ sở")
    bulk_children(root, grassroots_cells, kind=K.GRASSROOTS_CELL, prefix="Chi bộ cơ sở")
    children = list(Organization.objects.filter(path__startswith=root.path, depth=2).order_by("path"))
    sizes = [cells[0]] * committees[0] + [cells[1]] * committees[1]
    for committee, size in zip(children, sizes, strict=False):
        bulk_children(committee, size, kind=K.CELL, prefix=f"Chi bộ thuộc {committee.name}")
    leaves = list(
        Organization.objects.filter(path__startswith=root.path, numchild=0, depth__gt=1).order_by("path")
    )
    below = list(Organization.objects.filter(path__startswith=root.path, depth__gt=1))
    office = make_user("vp_dang_uy_khoi", role="office_staff", organization=root)
    campaign = services.campaign_create(actor=office, organizer=root, year=2014, theme=THEME_2014)
    return root, leaves, below, office, campaign


def test_rates_of_seed_004_exactly_as_the_page_shows_them(
    build_tree, make_user, login, django_assert_num_queries
):
    root, leaves, below, office, campaign = _seed_004(build_tree, make_user)
    assert len(below) == 422 and len(leaves) == 382
    counts = [13_778 // len(leaves) + (1 if i < 13_778 % len(leaves) else 0) for i in range(len(leaves))]
    members = bulk_members(leaves, counts)
    assert len(members) == 13_778
    bulk_pledges(campaign, members[:13_130], below)
    # Not counted: members who left (with their pledges); the Khối's own collective pledge.
    left = bulk_members(leaves[:5], [1] * 5, start=20_000, status="transferred_out")
    bulk_pledges(campaign, left, [root])
    client = login(office)
    page = text_of(client.get(reverse("campaign:rates", args=[root.pk]), {"nam": 2014}))
    assert "Tổng cộng 13.130/13.778 (95,3 %) 422/422 (100 %)" in page
    with django_assert_num_queries(3):  # the units below, the members, the units
        report = selectors.pledge_rates(unit=root, year=2014, campaign=campaign)
    assert len(report.rows) == 64 and report.total.individual_rate.words == "13.130/13.778 (95,3 %)"
    assert report.total.collective_rate.words == "422/422 (100 %)"
    # A grassroots committee's row counts itself and its 9 cells.
    first = report.rows[0]
    assert (first.units, first.collectives, first.collective_rate.words) == (10, 10, "10/10 (100 %)")
    book = load_workbook(
        io.BytesIO(
            client.get(
                reverse("campaign:rates_xlsx", args=[root.pk]), {"nam": 2014, "chuyen-de": campaign.pk}
            ).content
        )
    )
    sheet = list(book.active.iter_rows(values_only=True))
    assert sheet[0][0] == (
        "Tỷ lệ đăng ký làm theo Bác năm 2014 – Đảng bộ khối cơ quan dân chính đảng tỉnh – " + THEME_2014
    )
    assert sheet[2] == (
        "Đơn vị",
        "Đảng viên",
        "Cá nhân đăng ký",
        "Tỷ lệ cá nhân",
        "Tổ chức đảng",
        "Tập thể đăng ký",
        "Tỷ lệ tập thể",
    )
    assert len(sheet) == 3 + 64 + 1
    assert sheet[3][:2] == ("Đảng bộ cơ sở 1", sum(counts[:9]))
    assert sheet[-1] == ("Tổng cộng", 13_778, 13_130, "95,3 %", 422, 422, "100 %")


def test_rates_per_unit_below_count_each_member_once_by_where_they_are_now(
    tree, people, campaign, login, django_assert_num_queries
):
    vp, hs, vks = tree["Chi bộ Văn phòng"], tree["Chi bộ Hình sự"], tree["Đảng bộ VKSND"]
    mai, binh, ha = people.members
    _pledge_all(people, campaign, vp)  # the cell, Mai and Bình
    own = services.campaign_create(actor=people.vks, organizer=vks, year=2014, theme="Làm theo Bác ở VKSND")
    services.pledges_save(actor=people.secretary, campaign=own, organization=vp, rows={mai.pk: "Lần hai"})
    services.pledges_save(
        actor=people.vks, campaign=campaign, organization=vks, rows={None: "Đảng bộ làm theo"}
    )
    with django_assert_num_queries(3):  # as many as for seed 004's 422 units and 13,778 members
        report = selectors.pledge_rates(unit=vks, year=2014)
    by_name = {r.name: r for r in report.rows}
    assert [r.name for r in report.rows] == ["Chi bộ Văn phòng", "Chi bộ Hình sự"]
    assert by_name["Chi bộ Văn phòng"].individual_rate.words == "2/3 (66,7 %)"  # Mai counted once
    assert by_name["Chi bộ Văn phòng"].collective_rate.words == "1/1 (100 %)"
    assert by_name["Chi bộ Hình sự"].individual_rate.words == "0/1 (0 %)"
    # The committee's own pledge is not among the collectives below it; from the Khối it is.
    assert report.total.collective_rate.words == "1/2 (50 %)"
    assert report.total.individual_rate.words == "2/4 (50 %)"
    khoi = selectors.pledge_rates(unit=tree["Đảng bộ Khối"], year=2014, campaign=campaign)
    assert next(r for r in khoi.rows if r.unit_id == vks.pk).collective_rate.words == "2/3 (66,7 %)"
    # Only one campaign: Mai's second pledge is the VKSND's, not the Khối's.
    assert (
        selectors.pledge_rates(unit=vks, year=2014, campaign=own).total.individual_rate.words == "1/4 (25 %)"
    )
    # A member who moved counts where they are now; one who left does not count.
    binh.organization, binh.organization_path = hs, hs.path
    binh.save(update_fields=["organization", "organization_path"])
    ha.status = "expelled"
    ha.save(update_fields=["status"])
    report = selectors.pledge_rates(unit=vks, year=2014)
    assert [r.individual_rate.words for r in report.rows] == ["1/1 (100 %)", "1/2 (50 %)"]
    # A cell is its own row.
    with django_assert_num_queries(2):
        cell = selectors.pledge_rates(unit=vp, year=2014)
    assert [(r.name, r.individual_rate.words, r.collective_rate.words) for r in cell.rows] == [
        ("Chi bộ Văn phòng", "1/1 (100 %)", "1/1 (100 %)")
    ]
    page = text_of(login(people.secretary).get(reverse("campaign:rates", args=[vp.pk]), {"nam": 2014}))
    assert "Tổng cộng 1/1 (100 %) 1/1 (100 %)" in page
    # A campaign that does not concern the unit is not offered.
    assert (
        login(people.secretary)
        .get(reverse("campaign:rates", args=[hs.pk]), {"nam": 2014, "chuyen-de": 999})
        .status_code
        == 404
    )


def test_the_list_of_pledges_with_their_self_review_reads_back_from_xlsx(tree, people, campaign, login):
    vp = tree["Chi bộ Văn phòng"]
    mai, binh, _ha = people.members
    pledges = _pledge_all(people, campaign, vp)
    services.pledges_save(
        actor=people.hs,
        campaign=campaign,
        organization=tree["Chi bộ Hình sự"],
        rows={people.hs_member.pk: "Học Bác"},
    )
    services.reviews_save(
        actor=people.secretary,
        campaign=campaign,
        organization=vp,
        rows={
            pledges[mai.pk].pk: {"result": "good", "note": "Gương mẫu"},
            pledges[None].pk: {"result": "fair"},
        },
        today=D(2014, 12, 20),
    )
    client = login(people.vks)
    vks = tree["Đảng bộ VKSND"]
    page = text_of(client.get(reverse("campaign:list", args=[vks.pk]), {"nam": 2014}))
    assert "Đăng ký làm theo Bác năm 2014: Đảng bộ VKSND" in page
    assert "Nguyễn Thị Mai Chi bộ Văn phòng Nói đi đôi với làm Tốt Gương mẫu" in page
    assert "Trần Văn Bình Chi bộ Văn phòng Tiết kiệm Chưa tự đánh giá" in page
    assert "Phạm Minh Tuấn Chi bộ Hình sự Học Bác" in page
    book = load_workbook(
        io.BytesIO(client.get(reverse("campaign:list_xlsx", args=[vks.pk]), {"nam": 2014}).content)
    )
    sheet = list(book.active.iter_rows(values_only=True))
    assert sheet[0][0] == "Danh sách đăng ký làm theo Bác năm 2014 – Đảng bộ VKSND"
    assert sheet[2] == (
        "TT",
        "Đơn vị",
        "Tập thể, đảng viên",
        "Nội dung đăng ký làm theo",
        "Kết quả tự đánh giá",
        "Tự đánh giá việc làm theo",
        "Chuyên đề",
    )
    # The tree's order, the unit's own line first, then the roster (Bình, Mai).
    assert [row[:6] for row in sheet[3:]] == [
        (1, "Chi bộ Văn phòng", "Tập thể", "Không để xảy ra vi phạm", "Khá", None),
        (2, "Chi bộ Văn phòng", "Trần Văn Bình", "Tiết kiệm", None, None),
        (3, "Chi bộ Văn phòng", "Nguyễn Thị Mai", "Nói đi đôi với làm", "Tốt", "Gương mẫu"),
        (4, "Chi bộ Hình sự", "Phạm Minh Tuấn", "Học Bác", None, None),
    ]
    assert sheet[3][6] == THEME_2014
