"""The gate: every page, write and download of the campaign is refused (404) to a user of a sibling organization;
writes are refused to a plain member, except their own pledge; every page runs a fixed number of queries, with a
few rows and with many. A last test lists every URL of the app against this refusal test."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from chibo.campaign import services
from chibo.campaign.models import Campaign, CampaignPledge, EthicsCode, StudyItem
from chibo.campaign.tests.conftest import PDF, bulk_members, bulk_pledges, text_of
from chibo.meetings.models import Meeting
from chibo.members import services as member_services
from chibo.organizations.models import Grant

D = datetime.date
R = Grant.Role


@pytest.fixture
def vks_campaign(tree, people):
    """The Đảng bộ VKSND's own campaign of 2014, with a study item and its material, the cell's pledges, and a code
    of ethics of Chi bộ Văn phòng with its signed file."""
    vks, vp = tree["Đảng bộ VKSND"], tree["Chi bộ Văn phòng"]
    campaign = services.campaign_create(
        actor=people.vks, organizer=vks, year=2014, theme="Làm theo Bác ở VKSND"
    )
    item = services.study_item_save(
        actor=people.vks,
        campaign=campaign,
        month_from=3,
        month_to=5,
        topic="Phong cách quần chúng",
        material=SimpleUploadedFile("tai-lieu.pdf", PDF),
    )
    mai, binh, _ha = people.members
    services.pledges_save(
        actor=people.secretary,
        campaign=campaign,
        organization=vp,
        rows={None: "Tập thể", mai.pk: "Mai", binh.pk: "Bình"},
    )
    code = services.ethics_code_save(
        actor=people.secretary,
        organization=vp,
        title="Chuẩn mực của Chi bộ Văn phòng",
        adopted_on=D(2013, 5, 19),
        content="Chuyên nghiệp, minh bạch, hiệu quả",
        document=SimpleUploadedFile("chuan-muc.pdf", PDF),
    )
    return type("Fixture", (), {"campaign": campaign, "item": item, "code": code, "vp": vp, "vks": vks})()


def _urls(f):
    c, vp, vks = f.campaign, f.vp, f.vks
    return {
        "home": reverse("campaign:home") + "?nam=2014",
        "organizer": reverse("campaign:organizer", args=[vks.pk]),
        "campaign": c.get_absolute_url(),
        "campaign_edit": reverse("campaign:campaign_edit", args=[c.pk]),
        "item_add": reverse("campaign:item_add", args=[c.pk]),
        "item_edit": reverse("campaign:item_edit", args=[f.item.pk]),
        "item_delete": reverse("campaign:item_delete", args=[f.item.pk]),
        "item_file": reverse("campaign:item_file", args=[f.item.pk]),
        "cell": reverse("campaign:cell", args=[vp.pk]) + "?nam=2014",
        "pledge_pick": reverse("campaign:pledge_pick", args=[c.pk]) + f"?don-vi={vp.pk}",
        "pledges": reverse("campaign:pledges", args=[c.pk, vp.pk]),
        "reviews": reverse("campaign:reviews", args=[c.pk, vp.pk]),
        "mine": reverse("campaign:mine", args=[c.pk]),
        "rates": reverse("campaign:rates", args=[vks.pk]) + "?nam=2014",
        "rates_xlsx": reverse("campaign:rates_xlsx", args=[vks.pk]) + "?nam=2014",
        "list": reverse("campaign:list", args=[vks.pk]) + "?nam=2014",
        "list_xlsx": reverse("campaign:list_xlsx", args=[vks.pk]) + "?nam=2014",
        "ethics": reverse("campaign:ethics", args=[vp.pk]),
        "ethics_edit": reverse("campaign:ethics_edit", args=[f.code.pk]),
        "ethics_file": reverse("campaign:ethics_file", args=[f.code.pk]),
    }


WRITES = (
    "organizer",
    "campaign_edit",
    "item_add",
    "item_edit",
    "item_delete",
    "pledges",
    "reviews",
    "mine",
    "ethics",
    "ethics_edit",
)


def _write_data(people, f):
    mai, binh, _ha = people.members
    pledges = {p.member_id: p for p in CampaignPledge.objects.filter(campaign=f.campaign)}
    return {
        "year": "2015",
        "theme": "Đổi",
        "month_from": "6",
        "month_to": "8",
        "topic": "Đổi",
        "pledge_unit": "Đổi",
        "member": [str(mai.pk), str(binh.pk)],
        f"pledge_{mai.pk}": "Đổi",
        f"pledge_{binh.pk}": "Đổi",
        "pledge": [str(p.pk) for p in pledges.values()],
        **{f"result_{p.pk}": "good" for p in pledges.values()},
        "content": "Đổi",
        "title": "Đổi",
        "adopted_on": "2014-01-01",
    }


def _snapshot():
    return (
        list(Campaign.objects.values_list("year", "theme")),
        list(StudyItem.objects.values_list("month_from", "month_to", "topic")),
        sorted(CampaignPledge.objects.values_list("member_id", "content", "result"), key=str),
        list(EthicsCode.objects.values_list("title", "content")),
    )


def test_every_page_and_write_is_refused_to_a_sibling_and_writes_to_a_member(
    tree, people, vks_campaign, make_user, login
):
    f = vks_campaign
    urls = _urls(f)
    before = _snapshot()
    data = _write_data(people, f)
    # A member of the sibling committee's cell, with their own record: the VKSND's campaign is not theirs.
    ns = tree["Chi bộ Ngân sách"]
    ns_user = make_user("dv_ngansach", role=R.MEMBER, organization=ns)
    ns_member = member_services.member_create(
        actor=people.tc,
        organization=ns,
        citizen_id="001085000077",
        full_name="Đỗ Văn Nam",
        sex="male",
        born_on=D(1980, 1, 1),
        admitted_on=D(2008, 1, 1),
        status="full",
    )
    ns_member.user = ns_user
    ns_member.save(update_fields=["user"])
    for user in (people.tc, ns_user, people.outsider):
        client = login(user)
        for name, url in urls.items():
            if name == "home":
                assert "Làm theo Bác ở VKSND" not in text_of(client.get(url)), user
                continue
            if name == "item_delete":
                assert client.post(url).status_code == 404, (user, name)
                continue
            assert client.get(url).status_code == 404, (user, name)
            if name in WRITES:
                assert client.post(url, data).status_code == 404, (user, name)
    # The sibling cell (inside the campaign): its own pages only, not Chi bộ Văn phòng's.
    client = login(people.hs)
    for name in (
        "cell",
        "pledge_pick",
        "pledges",
        "reviews",
        "ethics",
        "ethics_edit",
        "ethics_file",
        "campaign_edit",
        "item_add",
        "item_edit",
    ):
        assert client.get(urls[name], follow=True).status_code == 404, name
    for name in (
        "pledges",
        "reviews",
        "ethics",
        "ethics_edit",
        "campaign_edit",
        "item_add",
        "item_edit",
        "item_delete",
    ):
        assert client.post(urls[name], data).status_code == 404, name
    # A plain member: reads the campaign, the schedule, the cell's months and codes; writes only their own pledge.
    client = login(people.member_user)
    for name in ("campaign", "item_file", "cell", "ethics", "ethics_file", "mine"):
        assert client.get(urls[name]).status_code == 200, name
    assert client.get(reverse("campaign:rates", args=[f.vp.pk])).status_code == 200
    for name in ("rates", "rates_xlsx"):  # the committee's figures are not a member's
        assert client.get(urls[name]).status_code == 404, name
    for name in (
        "pledges",
        "reviews",
        "list",
        "list_xlsx",
        "campaign_edit",
        "item_add",
        "item_edit",
        "ethics_edit",
    ):
        assert client.get(urls[name]).status_code == 404, name
    for name in WRITES:
        if name != "mine":
            assert client.post(urls[name], data).status_code == 404, name
    assert client.post(urls["item_delete"]).status_code == 404
    assert _snapshot() == before
    assert client.post(urls["mine"], {"content": "Của tôi"}).status_code == 302
    assert CampaignPledge.objects.get(member=people.members[0]).content == "Của tôi"


def test_every_page_runs_a_fixed_number_of_queries(tree, people, vks_campaign, login):
    f = vks_campaign
    urls = _urls(f)
    pages = [
        (people.vks, urls[n])
        for n in (
            "home",
            "organizer",
            "campaign",
            "campaign_edit",
            "item_add",
            "item_edit",
            "pledges",
            "reviews",
            "rates",
            "list",
            "ethics",
            "ethics_edit",
        )
    ] + [(people.member_user, urls["cell"]), (people.member_user, urls["mine"])]

    def count():
        counts = []
        for user, url in pages:
            client = login(user)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, url
            counts.append(len(ctx.captured_queries))
        return counts

    small = count()
    vp = f.vp
    members = bulk_members([vp, tree["Chi bộ Hình sự"]], [25, 25], start=500)
    bulk_pledges(f.campaign, members, [tree["Chi bộ Hình sự"]], result="good")
    for a, b in ((1, 2), (6, 8), (9, 10), (11, 12)):
        services.study_item_save(
            actor=people.vks,
            campaign=f.campaign,
            month_from=a,
            month_to=b,
            topic=f"Nội dung {a}",
            material=SimpleUploadedFile("t.pdf", PDF),
            material_link="https://tuyengiao.vn/tai-lieu",
        )
    for i in range(8):
        services.ethics_code_save(
            actor=people.vks,
            organization=f.vks,
            title=f"Quy định {i}",
            adopted_on=D(2014, 1, 1),
            content="A\nB",
        )
        Meeting.objects.create(organization=vp, day=D(2014, i + 1, 3), time=datetime.time(14, 0))
    services.campaign_create(actor=people.office, organizer=tree["Đảng bộ Khối"], year=2014, theme="Của Khối")
    assert count() == small


def test_every_url_of_the_app_is_in_the_refusal_test(tree, people, vks_campaign):
    _, sub = get_resolver().namespace_dict["campaign"]
    assert {p.name for p in sub.url_patterns} == set(_urls(vks_campaign))
