"""Demo commendation, from the demo's decided quality reviews of 2021–2025: Lao động tiên tiến for the members
decided good or excellent, Chiến sĩ thi đua cơ sở for some excellent members with a recognised initiative, Tập thể
lao động xuất sắc for the units decided excellent (so "5 years in a row" shows for some), and the 2026 round of the
council of Đảng bộ Viện Kiểm sát nhân dân tỉnh, its members called, waiting for the list of candidates.
Deterministic; written in bulk."""

from __future__ import annotations

import datetime
import random
from typing import Any

from chibo.awards.models import Award, Initiative, NominationRound
from chibo.emulation import rules
from chibo.members.models import Member
from chibo.organizations.models import Organization
from chibo.rulesets.selectors import ruleset_on
from chibo.work.models import QualityReview

ISSUER = "Đảng ủy Khối các cơ quan tỉnh"
COUNCIL_UNIT = "Đảng bộ Viện Kiểm sát nhân dân tỉnh"


def create_awards(*, actor: Any, root: Organization, rng: random.Random) -> dict[str, int]:
    reviews = QualityReview.objects.filter(
        organization_path__startswith=root.path,
        quarter=0,
        year__lt=2026,
        decided_level__in=["good", "excellent"],
    ).select_related("organization", "member")
    awards: list[Award] = []
    initiatives: list[Initiative] = []
    names = {
        year: {
            h.code: h.name
            for h in rules.honours(ruleset_on(datetime.date(year, 12, 31)).values["emulation"]).values()
        }
        for year in range(2019, 2026)
    }

    def award(code: str, member: Member | None, unit: Organization, year: int) -> Award:
        return Award(
            honour=code,
            honour_name=names[year][code],
            year=year,
            organization=unit,
            organization_path=unit.path,
            member=member,
            decision_number=f"{100 + year % 100}-QĐ/ĐUK",
            decided_on=datetime.date(year + 1, 1, 20),
            issuer=ISSUER,
            recorded_by=actor,
        )

    for review in reviews:
        year = review.year
        if review.member_id is None:
            if review.decided_level == "excellent":
                awards.append(award("tap_the_lao_dong_xuat_sac", None, review.organization, year))
            continue
        member = review.member
        assert member is not None
        awards.append(award("lao_dong_tien_tien", member, review.organization, year))
        if review.decided_level == "excellent" and rng.random() < 0.3:
            initiatives.append(
                Initiative(
                    member=member,
                    organization_path=member.organization_path,
                    title=rng.choice(
                        [
                            "Số hóa hồ sơ đảng viên của chi bộ",
                            "Quy trình tiếp nhận, xử lý văn bản điện tử",
                            "Cải tiến cách tổ chức sinh hoạt chuyên đề",
                            "Ứng dụng theo dõi nhiệm vụ của đảng viên",
                        ]
                    ),
                    year=year,
                    scope="grassroots",
                    decision=f"Quyết định công nhận sáng kiến năm {year}",
                    created_by=actor,
                )
            )
            awards.append(award("chien_si_thi_dua_co_so", member, review.organization, year))
    Award.objects.bulk_create(awards, batch_size=2000)
    Initiative.objects.bulk_create(initiatives, batch_size=2000)
    unit = Organization.objects.filter(path__startswith=root.path, name=COUNCIL_UNIT).first()
    rounds = 0
    if unit is not None:
        council = list(
            Member.objects.filter(
                organization_path__startswith=unit.path, status=Member.Status.FULL
            ).order_by("sort_key")[:7]
        )
        if council:
            round_ = NominationRound.objects.create(
                organization=unit,
                year=2026,
                body="Hội đồng Thi đua – Khen thưởng Đảng bộ Viện Kiểm sát nhân dân tỉnh",
                held_on=datetime.date(2026, 12, 22),
                created_by=actor,
            )
            round_.voters.set(council)
            rounds = 1
    return {"awards": len(awards), "initiatives": len(initiatives), "rounds": rounds}
