"""Demo thematic topics: five years of quarterly registrations in every cell of the demo committee (2022 – 2026)
and the first of 2027, with the uneven spread of categories that seed 002 complains of (heavy on professional
tasks, light on party building and Hồ Chí Minh), a few registered late, a few returned, some quarters missed,
the committees' plans, and the committee member "capuy" assigned to attend some meetings, most of them evaluated.
Topics of quarters with a held combined meeting are linked to it. Deterministic; written in bulk."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from chibo.meetings.models import Meeting
from chibo.members.models import Member
from chibo.organizations.models import Organization
from chibo.topics import rules
from chibo.topics.models import DEFAULT_CRITERIA, Supervision, ThematicPlan, Topic, TopicCategory

DEMO_TODAY = datetime.date(2026, 11, 23)
FIRST_YEAR, LAST_YEAR = 2022, 2026
DEADLINE_DAY = 20
S = rules.Status

TITLES = {
    "xay-dung-dang": [
        "Nâng cao chất lượng sinh hoạt chi bộ",
        "Công tác phát triển đảng viên trong đoàn viên thanh niên",
        "Tự phê bình và phê bình trong sinh hoạt chi bộ",
        "Thực hiện Quy định về những điều đảng viên không được làm",
    ],
    "hoc-tap-bac": [
        "Học tập phong cách làm việc khoa học của Chủ tịch Hồ Chí Minh",
        "Làm theo tấm gương cần, kiệm, liêm, chính, chí công vô tư",
        "Tư tưởng Hồ Chí Minh về đạo đức công vụ",
    ],
    "nhiem-vu-chinh-tri": [
        "Nâng cao chất lượng giải quyết hồ sơ, thủ tục hành chính",
        "Giải pháp hoàn thành chỉ tiêu chuyên môn năm",
        "Chuyển đổi số trong công tác chuyên môn của đơn vị",
        "Thực hành tiết kiệm, chống lãng phí trong cơ quan",
        "Nâng cao chất lượng tham mưu của phòng",
        "Tháo gỡ khó khăn, vướng mắc trong thực hiện nhiệm vụ được giao",
    ],
    "nghi-quyet": [
        "Triển khai Nghị quyết Đại hội Đảng bộ tỉnh nhiệm kỳ 2025–2030",
        "Thực hiện Chỉ thị 50-CT/TW về sinh hoạt chi bộ",
    ],
    "khac": ["Công tác dân vận trong cơ quan"],
}
WEIGHTS = {"xay-dung-dang": 9, "hoc-tap-bac": 15, "nhiem-vu-chinh-tri": 70, "nghi-quyet": 4, "khac": 2}
RETURN_REASONS = [
    "Đề cương còn sơ sài, cần nêu rõ giải pháp của chi bộ.",
    "Nội dung trùng với chuyên đề quý trước; đề nghị chọn vấn đề khác.",
]
COMMENTS = [
    "Chi bộ chuẩn bị chu đáo, đảng viên phát biểu sôi nổi; kết luận có giải pháp cụ thể.",
    "Quy trình đúng hướng dẫn; cần gửi tài liệu cho đảng viên sớm hơn để thảo luận sâu hơn.",
    "Nội dung sát thực tiễn đơn vị; một số đảng viên chưa tham gia ý kiến.",
]


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def create_topics(*, actor: Any, root: Organization, rng: random.Random) -> dict[str, int]:
    categories = {c.code: c for c in TopicCategory.objects.all()}
    codes = [c for c in WEIGHTS if c in categories]
    weights = [WEIGHTS[c] for c in codes]
    cells = list(
        Organization.objects.filter(
            path__startswith=root.path,
            kind__in=[Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL],
            dissolved_on__isnull=True,
        ).order_by("path")
    )
    presenters: dict[int, list[int]] = {c.pk: [] for c in cells}
    for pk, org in Member.objects.filter(organization__in=cells, status="full").values_list(
        "pk", "organization_id"
    ):
        presenters[org].append(pk)
    combined = {
        (org, day.year, rules.quarter_of(day)): (pk, day)
        for pk, org, day in Meeting.objects.filter(
            organization__in=cells, kind=Meeting.Kind.COMBINED, status=Meeting.Status.HELD
        ).values_list("pk", "organization_id", "day")
    }
    planned = {
        (org, day.year, rules.quarter_of(day)): pk
        for pk, org, day in Meeting.objects.filter(
            organization__in=cells, kind=Meeting.Kind.COMBINED, status=Meeting.Status.PLANNED
        ).values_list("pk", "organization_id", "day")
    }
    committees = {
        o.path: o
        for o in Organization.objects.filter(path__startswith=root.path).exclude(
            kind__in=[Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL]
        )
    }
    plans: dict[tuple[str, int], ThematicPlan] = {}
    for path, committee in committees.items():
        for year in range(FIRST_YEAR, LAST_YEAR + 2):
            published = year <= LAST_YEAR
            plans[(path, year)] = ThematicPlan(
                organization=committee,
                year=year,
                status=ThematicPlan.Status.PUBLISHED if published else ThematicPlan.Status.DRAFT,
                number=f"{rng.randint(1, 40):02d}" if published else "",
                published_at=_aware(datetime.date(year - 1, 12, 28)) if published else None,
                published_by=actor if published else None,
            )
    ThematicPlan.objects.bulk_create(plans.values(), batch_size=500)

    quarters = [(y, q) for y in range(FIRST_YEAR, LAST_YEAR + 1) for q in (1, 2, 3, 4)] + [(LAST_YEAR + 1, 1)]
    topics: list[Topic] = []
    for cell in cells:
        founded = cell.founded_on or datetime.date(2015, 1, 1)
        plan_path = cell.path[: -Organization.steplen]
        for year, quarter in quarters:
            first, last = rules.quarter_bounds(year, quarter)
            if last < founded:
                continue
            deadline = rules.registration_deadline(year=year, quarter=quarter, deadline_day=DEADLINE_DAY)
            over, current = last < DEMO_TODAY, first <= DEMO_TODAY <= last
            if over and rng.random() < 0.04:
                continue  # a quarter missed: nothing registered
            code = rng.choices(codes, weights)[0]
            late = rng.random() < 0.08
            submitted_on = deadline + datetime.timedelta(
                days=rng.randint(1, 12) if late else -rng.randint(0, 15)
            )
            topic = Topic(
                organization=cell,
                organization_path=cell.path,
                year=year,
                quarter=quarter,
                title=rng.choice(TITLES[code]),
                category=categories[code],
                presenter_id=rng.choice(presenters[cell.pk]) if presenters[cell.pk] else None,
                outline="1. Thực trạng.\n2. Nguyên nhân.\n3. Giải pháp của chi bộ và trách nhiệm của đảng viên.",
                deadline=deadline,
                submitted_on=submitted_on,
                late=late,
                created_by=actor,
            )
            roll = rng.random()
            if over:
                if roll < 0.02:
                    topic.status, topic.return_reason = (
                        S.RETURNED,
                        rng.choice(RETURN_REASONS),
                    )  # never resubmitted
                elif roll < 0.04:
                    topic.status = S.PLANNED  # planned, never held
                else:
                    topic.status = S.HELD
                    found = combined.get((cell.pk, year, quarter))
                    if found:
                        topic.meeting_id, topic.held_on = found
                    else:
                        topic.held_on = last - datetime.timedelta(days=rng.randint(5, 25))
            elif current:
                topic.status = rng.choice([S.PLANNED, S.PLANNED, S.APPROVED, S.SUBMITTED])
                topic.meeting_id = (
                    planned.get((cell.pk, year, quarter)) if topic.status == S.PLANNED else None
                )
            else:  # the next quarter: registrations coming in
                if rng.random() < 0.5:
                    topic.status, topic.submitted_on, topic.late = S.DRAFT, None, False
                else:
                    topic.submitted_on, topic.late = (
                        DEMO_TODAY - datetime.timedelta(days=rng.randint(0, 14)),
                        False,
                    )
                    topic.status = rng.choice([S.SUBMITTED, S.SUBMITTED, S.APPROVED, S.RETURNED])
                    if topic.status == S.RETURNED:
                        topic.return_reason = rng.choice(RETURN_REASONS)
            if topic.status in rules.APPROVED_OR_LATER:
                topic.approved_at, topic.approved_by = (
                    _aware(submitted_on + datetime.timedelta(days=2)),
                    actor,
                )
                if topic.status != S.APPROVED:
                    topic.plan = plans.get((plan_path, year))
            topics.append(topic)
    Topic.objects.bulk_create(topics, batch_size=1000)

    supervisor = get_user_model().objects.filter(username="capuy").first()
    supervisions: list[Supervision] = []
    evaluated_ids: list[int] = []
    if supervisor is not None:
        name = supervisor.full_name or supervisor.get_username()
        picked = [
            t for t in topics if t.year >= 2025 and t.status in (S.HELD, S.PLANNED) and rng.random() < 0.15
        ]
        for topic in picked:
            supervision = Supervision(
                topic=topic,
                supervisor=supervisor,
                supervisor_name=name,
                assigned_by=actor,
                assigned_at=_aware(rules.quarter_bounds(topic.year, topic.quarter)[0]),
                criteria=[dict(c) for c in DEFAULT_CRITERIA],
            )
            recent = (topic.year, topic.quarter) == (2026, 3)
            if topic.status == S.HELD and not (recent and rng.random() < 0.6) and rng.random() < 0.85:
                scores = {c["name"]: rng.randint(c["max"] * 6 // 10, c["max"]) for c in DEFAULT_CRITERIA}
                supervision.scores, supervision.score = scores, sum(scores.values())
                supervision.max_score = sum(c["max"] for c in DEFAULT_CRITERIA)
                supervision.comments = rng.choice(COMMENTS)
                supervision.evaluated_at = _aware(
                    (topic.held_on or DEMO_TODAY) + datetime.timedelta(days=3), 16
                )
                evaluated_ids.append(topic.pk)
            supervisions.append(supervision)
        Supervision.objects.bulk_create(supervisions, batch_size=500)
        Topic.objects.filter(pk__in=evaluated_ids).update(status=S.EVALUATED)
    return {"topics": len(topics), "supervisions": len(supervisions), "evaluated": len(evaluated_ids)}
