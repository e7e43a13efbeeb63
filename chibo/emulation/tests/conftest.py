"""Fixtures of the emulation tests: the shared tree with the people who act on it, a movement, the court's
cluster of seed 001."""

import datetime
import re

import pytest
from django.urls import reverse

from chibo.emulation import services
from chibo.members import services as member_services
from chibo.organizations.models import Grant, Organization

D = datetime.date
R = Grant.Role
K = Organization.Kind


def text_of(response) -> str:
    """The page as a reader sees it: tags dropped, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return (
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        .replace(" ,", ",")
        .replace(" )", ")")
        .replace("( ", "(")
    )


@pytest.fixture
def people(tree, make_user):
    """Who acts: the office of the Khối (organizer), the committee of Đảng bộ VKSND (approves its cells), the
    secretaries of its two cells, a plain member of Chi bộ Văn phòng, the committee of the sibling Đảng bộ Sở Tài
    chính, and an officer of the unrelated Đảng bộ Khối Doanh nghiệp."""
    vp, hs = tree["Chi bộ Văn phòng"], tree["Chi bộ Hình sự"]
    p = type("People", (), {})()
    p.office = make_user("vp_khoi", role=R.OFFICE_STAFF, organization=tree["Đảng bộ Khối"])
    p.vks = make_user("du_vks", role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ VKSND"])
    p.secretary = make_user("bithu_vp", role=R.CELL_OFFICER, organization=vp)
    p.hs = make_user("bithu_hs", role=R.CELL_OFFICER, organization=hs)
    p.tc = make_user("du_tc", role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ Sở Tài chính"])
    p.outsider = make_user("du_dn", role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ Khối Doanh nghiệp"])
    p.member_user = make_user("dv_mai", role=R.MEMBER, organization=vp)
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
    p.members[0].user = p.member_user
    p.members[0].save(update_fields=["user"])
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
    return p


@pytest.fixture
def movement(tree, people):
    return services.movement_create(
        actor=people.office,
        organizer=tree["Đảng bộ Khối"],
        name="Thi đua thực hiện thắng lợi nhiệm vụ chính trị năm 2026",
        theme="Đoàn kết, kỷ cương, đổi mới, hiệu quả",
        year=2026,
        description="Mỗi chi bộ, đảng viên đăng ký danh hiệu thi đua.",
    )


def register_url(movement, organization, year=2026):
    return reverse("emulation:register", args=[movement.pk, organization.pk]) + f"?nam={year}"


def form_rows(
    people,
    *,
    unit="tap_the_lao_dong_xuat_sac",
    mai="chien_si_thi_dua_co_so",
    binh="lao_dong_tien_tien",
    submit="0",
):
    mai_m, binh_m, ha_m = people.members
    return {
        "honour_unit": unit,
        "pledge_unit": "Hoàn thành xuất sắc nhiệm vụ chính trị",
        "member": [str(mai_m.pk), str(binh_m.pk), str(ha_m.pk)],
        f"honour_{mai_m.pk}": mai,
        f"pledge_{mai_m.pk}": "Có sáng kiến cấp cơ sở",
        f"honour_{binh_m.pk}": binh,
        f"pledge_{binh_m.pk}": "",
        f"honour_{ha_m.pk}": "",
        f"pledge_{ha_m.pk}": "",
        "submit": submit,
    }


COURT_UNITS = [
    "Văn phòng",
    "Vụ Tổng hợp",
    "Học viện Tòa án",
    "Vụ Tổ chức - Cán bộ",
    "Báo Công lý",
    "Tạp chí Tòa án nhân dân",
    "Cục Kế hoạch - Tài chính",
    "Vụ Hợp tác quốc tế",
    "Ban Thanh tra",
    "Vụ Pháp chế và Quản lý khoa học",
    "Vụ Thi đua - Khen thưởng",
    "Vụ Công tác phía Nam",
]


@pytest.fixture
def court(build_tree, tree, make_user):
    """Seed 001: the court's party committee and the 12 units of Cụm thi đua số VI in 2022 (leader Vụ Pháp chế và
    Quản lý khoa học, deputy Báo Công lý), with the people who act on it."""
    units = build_tree(
        {"Đảng bộ TANDTC": (K.COMMITTEE, {name: K.GRASSROOTS_COMMITTEE for name in COURT_UNITS})}
    )
    c = type("Court", (), {})()
    c.root = units["Đảng bộ TANDTC"]
    c.units = {name: Organization.objects.get(pk=units[name].pk) for name in COURT_UNITS}
    c.office = make_user("vp_tandtc", role=R.OFFICE_STAFF, organization=c.root)
    c.leader_officer = make_user(
        "du_phapche", role=R.COMMITTEE_OFFICER, organization=c.units["Vụ Pháp chế và Quản lý khoa học"]
    )
    c.deputy_officer = make_user(
        "du_baocongly", role=R.COMMITTEE_OFFICER, organization=c.units["Báo Công lý"]
    )
    c.member = make_user("dv_vanphong", role=R.MEMBER, organization=c.units["Văn phòng"])
    c.outsider = make_user("du_vks2", role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ VKSND"])
    c.vi = services.cluster_create(
        actor=c.office,
        organizer=c.root,
        year=2022,
        name="Cụm VI",
        units=list(c.units.values()),
        leader=c.units["Vụ Pháp chế và Quản lý khoa học"],
        deputy=c.units["Báo Công lý"],
    )
    return c
