"""Fixtures of the campaign tests: the shared tree with the people who act on it, the Khối's campaign of 2014 (seed
004's theme) and a schedule, builders of many members and pledges at once."""

import datetime
import re

import pytest

from chibo.campaign import services
from chibo.campaign.models import CampaignPledge
from chibo.core.text import fold, name_sort_key
from chibo.members import services as member_services
from chibo.members.models import Member
from chibo.organizations.models import Grant, Organization

D = datetime.date
R = Grant.Role
K = Organization.Kind
PDF = b"%PDF-1.4\n% chuan muc\n"
DOCX = b"PK\x03\x04 word"
THEME_2013 = (
    "Suốt đời phấn đấu cần, kiệm, liêm, chính, chí công vô tư, làm người công bộc tận tụy, trung thành của nhân "
    "dân, đời tư trong sáng, cuộc sống riêng giản dị"
)
THEME_2014 = "Nêu cao tinh thần trách nhiệm, chống chủ nghĩa cá nhân, nói đi đôi với làm"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def text_of(response) -> str:
    """The page as a reader sees it: tags dropped, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return (
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        .replace(" ,", ",")
        .replace(" )", ")")
        .replace("( ", "(")
        .replace("&quot;", '"')
        .replace("&#x27;", "'")
    )


@pytest.fixture
def people(tree, make_user):
    """Who acts: the office of the Khối (organizer), the committee of Đảng bộ VKSND, the secretaries of its two
    cells, a plain member of Chi bộ Văn phòng (Mai, with a member grant) and a member with an account and no grant
    at all (Bình), the committee of the sibling Đảng bộ Sở Tài chính, and an officer of the unrelated Đảng bộ Khối
    Doanh nghiệp."""
    vp, hs = tree["Chi bộ Văn phòng"], tree["Chi bộ Hình sự"]
    p = type("People", (), {})()
    p.office = make_user("vp_khoi", role=R.OFFICE_STAFF, organization=tree["Đảng bộ Khối"])
    p.vks = make_user("du_vks", role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ VKSND"])
    p.secretary = make_user("bithu_vp", role=R.CELL_OFFICER, organization=vp)
    p.hs = make_user("bithu_hs", role=R.CELL_OFFICER, organization=hs)
    p.tc = make_user("du_tc", role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ Sở Tài chính"])
    p.outsider = make_user("du_dn", role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ Khối Doanh nghiệp"])
    p.member_user = make_user("dv_mai", role=R.MEMBER, organization=vp)
    p.plain_user = make_user("dv_binh")
    p.members = [
        member_services.member_create(
            actor=p.secretary,
            organization=vp,
            citizen_id=f"00108500000{i}",
            full_name=name,
            sex="female" if i != 2 else "male",
            born_on=D(1985, 1, 1),
            admitted_on=D(2010, 1, 1),
            status="full",
        )
        for i, name in enumerate(["Nguyễn Thị Mai", "Trần Văn Bình", "Lê Thu Hà"], start=1)
    ]
    for member, user in zip(p.members, (p.member_user, p.plain_user), strict=False):
        member.user = user
        member.save(update_fields=["user"])
    p.hs_member = member_services.member_create(
        actor=p.hs,
        organization=hs,
        citizen_id="001085000009",
        full_name="Phạm Minh Tuấn",
        sex="male",
        born_on=D(1980, 1, 1),
        admitted_on=D(2008, 1, 1),
        status="full",
    )
    p.hs_user = make_user("dv_tuan", role=R.MEMBER, organization=hs)
    p.hs_member.user = p.hs_user
    p.hs_member.save(update_fields=["user"])
    return p


@pytest.fixture
def campaign(tree, people):
    """The Khối's campaign of 2014 with seed 004's theme."""
    return services.campaign_create(
        actor=people.office,
        organizer=tree["Đảng bộ Khối"],
        year=2014,
        theme=THEME_2014,
        description="Ban Thường vụ đề ra 8 nội dung; các chi bộ chủ động, sáng tạo.",
    )


SCHEDULE = [
    (3, 5, "Học tập phong cách quần chúng của Bác"),
    (6, 8, "Học tập phong cách dân chủ"),
    (9, 10, "Học tập phong cách nêu gương"),
    (11, 12, "Đảng viên tự kiểm điểm trước chi bộ về kết quả thực hiện nội dung đăng ký làm theo Bác"),
]


@pytest.fixture
def schedule(campaign, people):
    """Seed 004's study schedule: March–May, June–August, September–October, November–December."""
    return [
        services.study_item_save(
            actor=people.office, campaign=campaign, month_from=a, month_to=b, topic=topic, content=""
        )
        for a, b, topic in SCHEDULE
    ]


def bulk_members(cells, counts, *, start=0, status="full"):
    """Active members bulk-created in ``cells``: counts[i] in cells[i]."""
    rows, n = [], start
    for cell, count in zip(cells, counts, strict=True):
        for _i in range(count):
            n += 1
            name = f"Đảng viên {n}"
            rows.append(
                Member(
                    citizen_id=f"{n:012d}",
                    full_name=name,
                    sex="male",
                    born_on=D(1980, 1, 1),
                    admitted_on=D(2005, 1, 1),
                    party_age_from=D(2005, 1, 1),
                    status=status,
                    organization=cell,
                    organization_path=cell.path,
                    search_name=fold(name),
                    sort_key=name_sort_key(name),
                )
            )
    return Member.objects.bulk_create(rows, batch_size=2000)


def bulk_pledges(campaign, members=(), units=(), *, result=""):
    rows = [
        CampaignPledge(
            campaign=campaign,
            year=campaign.year,
            organization_id=m.organization_id,
            organization_path=m.organization_path,
            member=m,
            content="Nói đi đôi với làm\nGiữ kỷ luật phát ngôn",
            result=result,
        )
        for m in members
    ]
    rows += [
        CampaignPledge(
            campaign=campaign,
            year=campaign.year,
            organization=u,
            organization_path=u.path,
            content="Xây dựng chuẩn mực đạo đức của cơ quan",
            result=result,
        )
        for u in units
    ]
    CampaignPledge.objects.bulk_create(rows, batch_size=2000)
