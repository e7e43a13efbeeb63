"""Fixtures of the commendation tests: the committee of Đảng bộ VKSND with its office, two cells, members with
accounts and five years of decided quality reviews; a sibling committee's officer."""

import datetime
from decimal import Decimal

import pytest

from chibo.awards.models import Award, Initiative
from chibo.members import services as member_services
from chibo.organizations.models import Grant
from chibo.work.models import QualityReview

D = datetime.date
R = Grant.Role
NAMES = ["Nguyễn Thị Mai", "Trần Văn Bình", "Lê Thu Hà", "Phạm Quốc Hùng", "Vũ Thị Lan", "Đỗ Văn Nam"]


def decided(subject, year, level, *, unit=None, **more):
    """A decided annual quality review of a member (or of ``unit`` when ``subject`` is None)."""
    organization = unit if subject is None else subject.organization
    return QualityReview.objects.create(
        member=subject,
        organization=organization,
        year=year,
        quarter=0,
        stage="decided",
        general_points=Decimal(28),
        task_points=Decimal(65),
        self_level=level,
        allowed_level=level,
        decided_level=level,
        **more,
    )


def give(subject, honour, year, *, unit=None):
    organization = unit if subject is None else subject.organization
    names = {
        "lao_dong_tien_tien": "Lao động tiên tiến",
        "chien_si_thi_dua_co_so": "Chiến sĩ thi đua cơ sở",
        "tap_the_lao_dong_xuat_sac": "Tập thể lao động xuất sắc",
    }
    return Award.objects.create(
        honour=honour,
        honour_name=names[honour],
        year=year,
        organization=organization,
        member=subject,
        decision_number=f"{year}-QĐ",
        decided_on=D(year + 1, 1, 15),
        issuer="Viện trưởng VKSND tỉnh",
    )


@pytest.fixture
def unit(tree, make_user):
    committee = tree["Đảng bộ VKSND"]
    cell = tree["Chi bộ Văn phòng"]
    u = type("Unit", (), {})()
    u.committee, u.cell, u.other_cell = committee, cell, tree["Chi bộ Hình sự"]
    u.office = make_user("thiduavks", role=R.COMMITTEE_OFFICER, organization=committee)
    u.secretary = make_user("bithu_vp", role=R.CELL_OFFICER, organization=cell)
    u.sibling = make_user("du_tc", role=R.COMMITTEE_OFFICER, organization=tree["Đảng bộ Sở Tài chính"])
    u.people = []
    for i, name in enumerate(NAMES, start=1):
        member = member_services.member_create(
            actor=u.office,
            organization=cell,
            citizen_id=f"00708500000{i}",
            full_name=name,
            sex="female",
            born_on=D(1985, 1, 1),
            admitted_on=D(2010, 1, 1),
            status="full",
        )
        member.user = make_user(f"dv{i}", full_name=name, role=R.MEMBER, organization=cell)
        member.save(update_fields=["user"])
        u.people.append(member)
    mai, binh = u.people[0], u.people[1]
    # Mai: good or better every year, Chiến sĩ thi đua cơ sở 2024 and 2025, initiatives every year.
    for year in range(2022, 2027):
        decided(mai, year, "excellent")
        Initiative.objects.create(member=mai, title=f"Sáng kiến {year}", year=year, scope="province")
    for year in (2024, 2025):
        give(mai, "lao_dong_tien_tien", year)
        give(mai, "chien_si_thi_dua_co_so", year)
    # Bình: good in 2026, no initiative.
    decided(binh, 2026, "good")
    decided(u.people[2], 2026, "done")
    return u
