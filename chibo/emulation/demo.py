"""Demo emulation: the bloc's 2026 movement with the registrations of its units and members (most approved, some
awaiting approval, one sent back with its reason, a few members not registered, so the rates show 9x %), and the
clusters of 2025 and 2026 with a leader and a deputy, cluster VI of 2025 split in two for 2026 as seed 001 tells, a
pact signed at the 2025 year-end conference, and that conference's results. Deterministic; registrations are
written in bulk, the rest through the services."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from chibo.emulation import services
from chibo.emulation.models import Registration
from chibo.members.models import Member
from chibo.organizations.models import Organization

YEAR = 2026
MOVEMENT = "Phong trào thi đua “Đoàn kết, sáng tạo, nâng cao chất lượng, hiệu quả công tác” năm 2026"
PACT = (
    "Thực hiện tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước\n"
    "Hoàn thành 100 % chỉ tiêu, nhiệm vụ được giao trong năm\n"
    "100 % đảng viên đăng ký làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh\n"
    "Không có cán bộ, đảng viên vi phạm kỷ luật"
)


def create_emulation(*, actor: Any, root: Organization, rng: random.Random) -> dict[str, int]:
    movement = services.movement_create(
        actor=actor,
        organizer=root,
        name=MOVEMENT,
        year=YEAR,
        theme="Đoàn kết, sáng tạo, nâng cao chất lượng, hiệu quả công tác",
        description="Chỉ tiêu: 100 % tập thể và trên 95 % cán bộ, đảng viên đăng ký thi đua.",
    )
    units = list(
        Organization.objects.filter(
            path__startswith=root.path, depth__gt=root.depth, dissolved_on__isnull=True
        )
    )
    now = timezone.now()
    rows = []
    for unit in units:
        honour = "tap_the_lao_dong_xuat_sac" if rng.random() < 0.6 else "tap_the_lao_dong_tien_tien"
        rows.append(_registration(movement, unit, None, honour, now, rng))
    members = Member.objects.filter(
        organization_path__startswith=root.path, status__in=Member.ACTIVE_STATUSES
    ).select_related("organization")
    for member in members:
        if rng.random() < 0.05:
            continue  # not registered yet
        honour = "chien_si_thi_dua_co_so" if rng.random() < 0.12 else "lao_dong_tien_tien"
        rows.append(_registration(movement, member.organization, member, honour, now, rng))
    rejected = next(r for r in rows if r.member_id is not None)
    rejected.status, rejected.reject_reason = (
        Registration.Status.REJECTED,
        "Chưa ghi nội dung đăng ký cụ thể.",
    )
    Registration.objects.bulk_create(rows, batch_size=2000)
    clusters = _clusters(actor=actor, root=root, rng=rng)
    return {"registrations": len(rows), "clusters": clusters}


def _registration(movement, unit, member, honour, now, rng) -> Registration:
    status = Registration.Status.APPROVED if rng.random() < 0.9 else Registration.Status.SUBMITTED
    return Registration(
        movement=movement,
        year=YEAR,
        organization=unit,
        organization_path=unit.path,
        deciding_path=unit.path[: -unit.steplen],
        member=member,
        honour=honour,
        pledge="Hoàn thành xuất sắc nhiệm vụ được giao" if member else "Hoàn thành 100 % chỉ tiêu được giao",
        status=status,
        submitted_at=now,
        decided_at=now if status == Registration.Status.APPROVED else None,
    )


def _clusters(*, actor: Any, root: Organization, rng: random.Random) -> int:
    """Six clusters of 2025 of the bloc's grassroots organizations; cluster VI split into XI and XII for 2026, the
    others continued; the pact and the results of cluster I's 2025 conference."""
    below = list(
        Organization.objects.filter(
            path__startswith=root.path, depth=root.depth + 1, dissolved_on__isnull=True
        ).order_by("path")
    )
    size = max(2, len(below) // 6)
    groups = [below[i * size : (i + 1) * size] for i in range(6)]
    groups[-1] += below[6 * size :]
    names = ["Cụm I", "Cụm II", "Cụm III", "Cụm IV", "Cụm V", "Cụm VI"]
    made = []
    for name, units in zip(names, groups, strict=True):
        made.append(
            services.cluster_create(
                actor=actor,
                organizer=root,
                year=2025,
                name=name,
                units=units,
                leader=units[0],
                deputy=units[1],
            )
        )
    count = len(made)
    for cluster, units in zip(made[:-1], groups[:-1], strict=True):
        services.cluster_create(
            actor=actor,
            organizer=root,
            year=YEAR,
            name=cluster.name,
            units=units,
            leader=units[1],
            deputy=units[0],
        )
        count += 1
    last = groups[-1]
    half = len(last) // 2
    count += len(
        services.cluster_split(
            actor=actor,
            cluster=made[-1],
            year=YEAR,
            parts=[
                ("Cụm XI", last[:half], last[0], last[1]),
                ("Cụm XII", last[half:], last[half], last[half + 1]),
            ],
        )
    )
    first = made[0]
    services.pact_save(
        actor=actor,
        cluster=first,
        content=PACT,
        signed_on=datetime.date(2025, 1, 10),
        signatories="\n".join(f"Bí thư {u.name}" for u in groups[0]),
    )
    services.results_save(
        actor=actor,
        cluster=first,
        rows={
            u.pk: {
                "pledge_outcome": "met" if i < len(groups[0]) - 1 else "not_met",
                "items": ["exceeded" if i == 0 else "met"] * 4,
                "score": f"{98 - 2 * i},5",
                "ranking": str(i + 1),
                "notes": "",
            }
            for i, u in enumerate(groups[0])
        },
        review_on=datetime.date(2025, 12, 26),
    )
    return count
