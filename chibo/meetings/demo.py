"""Demo meetings: two years of monthly meetings for every cell of the demo committee, with attendance, minutes
approved into each cell's hash chain (a few late, one corrected), a few missed months, and the next months
planned with their rotating duties. Deterministic; written in bulk."""

import datetime
import random
from typing import Any

from django.utils import timezone

from chibo.core.audit import audit_record
from chibo.meetings import rules
from chibo.meetings.duties import DEFAULT_DUTIES, duties_plan
from chibo.meetings.models import Attendance, CellSettings, Duty, Meeting, Minutes, MinutesVersion
from chibo.meetings.services import GENESIS, version_hash
from chibo.members.models import Member, Membership
from chibo.organizations.models import Organization
from chibo.rulesets.selectors import ruleset_on

DEMO_TODAY = datetime.date(2026, 11, 23)
FIRST_MONTH = (2024, 12)
MONTHS_HELD = 24  # December 2024 – November 2026
MONTHS_PLANNED = 4  # December 2026 – March 2027
UTC = datetime.UTC

NEWS = [
    "Tình hình kinh tế – xã hội của tỉnh tháng qua; kết quả Đại hội Đảng bộ các cấp.",
    "Chủ trương sắp xếp tổ chức bộ máy; các văn bản mới của Trung ương và của tỉnh.",
    "Tình hình thời sự trong nước và quốc tế nổi bật trong tháng.",
]
HO_CHI_MINH = [
    "Đọc và thảo luận câu chuyện “Bác Hồ với tinh thần tiết kiệm”.",
    "Đọc câu chuyện “Thì giờ là quý báu”; liên hệ việc chấp hành giờ giấc làm việc.",
    "Đọc câu chuyện “Chiếc đồng hồ”; liên hệ tinh thần đoàn kết trong cơ quan.",
]
REVIEW = [
    "Chi bộ lãnh đạo hoàn thành các nhiệm vụ chuyên môn trong tháng; đảng viên chấp hành tốt nội quy cơ quan.",
    "Hoàn thành đúng tiến độ các báo cáo định kỳ; một số việc còn chậm đã có giải pháp khắc phục.",
]


def _month(index: int) -> tuple[int, int]:
    year, month = FIRST_MONTH
    month0 = month - 1 + index
    return year + month0 // 12, month0 % 12 + 1


def _aware(day: datetime.date, time: datetime.time, minutes: int = 0) -> datetime.datetime:
    local = timezone.make_aware(datetime.datetime.combine(day, time)) + datetime.timedelta(minutes=minutes)
    return local.astimezone(UTC)  # stored and hashed in UTC, as the services do


def create_meetings(*, actor: Any, root: Organization, rng: random.Random) -> dict[str, int]:
    cells = list(
        Organization.objects.filter(
            path__startswith=root.path,
            kind__in=[Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL],
            dissolved_on__isnull=True,
        ).order_by("path")
    )
    members_by_cell: dict[int, list[tuple[int, str, str]]] = {c.pk: [] for c in cells}
    for pk, org_id, status, name in (
        Member.objects.filter(organization__in=cells, status__in=Member.ACTIVE_STATUSES)
        .order_by("sort_key")
        .values_list("pk", "organization_id", "status", "full_name")
    ):
        members_by_cell[org_id].append((pk, status, name))
    joined = dict(
        Membership.objects.filter(organization__in=cells, ends_on__isnull=True, temporary=False).values_list(
            "member_id", "starts_on"
        )
    )
    settings_rows, meetings = [], []
    for cell in cells:
        day_of_month = rng.choice([3, 3, 3, 5, 10, 15, 20])
        time = rng.choice([datetime.time(7, 30), datetime.time(14), datetime.time(16)])
        settings_rows.append(
            CellSettings(
                organization=cell,
                day_of_month=day_of_month,
                time=time,
                notice_days=3,
                place="Phòng họp cơ quan",
            )
        )
        missed = {rng.randrange(MONTHS_HELD) for _ in range(rng.choice([0, 0, 0, 1, 2]))}
        for index in range(MONTHS_HELD + MONTHS_PLANNED):
            year, month = _month(index)
            calendar = ruleset_on(datetime.date(year, month, 1)).values["calendar"]
            day = rules.regular_meeting_day(
                year=year, month=month, day_of_month=day_of_month, shift="next_working_day", calendar=calendar
            )
            kind = Meeting.Kind.COMBINED if month % 3 == 0 else Meeting.Kind.REGULAR
            if day > DEMO_TODAY:
                meetings.append(
                    Meeting(
                        organization=cell,
                        organization_path=cell.path,
                        kind=kind,
                        day=day,
                        time=time,
                        place="Phòng họp cơ quan",
                    )
                )
            elif index in missed:
                meetings.append(
                    Meeting(
                        organization=cell,
                        organization_path=cell.path,
                        kind=kind,
                        day=day,
                        time=time,
                        place="Phòng họp cơ quan",
                        status=Meeting.Status.CANCELLED,
                    )
                )
            else:
                length = rng.choice([95, 100, 105, 110, 120, 125, 130]) + (
                    30 if kind == Meeting.Kind.COMBINED else 0
                )
                if rng.random() < 0.03:
                    length = 80  # a few too short: the page warns
                meetings.append(
                    Meeting(
                        organization=cell,
                        organization_path=cell.path,
                        kind=kind,
                        day=day,
                        time=time,
                        place="Phòng họp cơ quan",
                        status=Meeting.Status.HELD,
                        started_at=_aware(day, time),
                        ended_at=_aware(day, time, length),
                        title=f"Sinh hoạt chi bộ tháng {month}/{year}",
                    )
                )
    CellSettings.objects.bulk_create(settings_rows, batch_size=500)
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    held = list(
        Meeting.objects.filter(organization__in=cells, status=Meeting.Status.HELD).order_by(
            "organization_id", "day"
        )
    )

    attendance = []
    minutes_rows = []
    for meeting in held:
        people = [
            (pk, status, name)
            for pk, status, name in members_by_cell[meeting.organization_id]
            if joined.get(pk, datetime.date.min) <= meeting.day
        ]
        absent_names = []
        for pk, status, name in people:
            if status == Member.Status.EXEMPT:
                presence, reason = Attendance.Presence.EXEMPT, ""
            elif status == Member.Status.TEMPORARY_ELSEWHERE:
                presence, reason = Attendance.Presence.ELSEWHERE, ""
            else:
                roll = rng.random()
                if roll < 0.05:
                    presence, reason = (
                        Attendance.Presence.EXCUSED,
                        rng.choice(["Đi công tác", "Ốm", "Việc gia đình"]),
                    )
                elif roll < 0.07:
                    presence, reason = Attendance.Presence.UNEXCUSED, ""
                else:
                    presence, reason = Attendance.Presence.PRESENT, ""
            if presence in (Attendance.Presence.EXCUSED, Attendance.Presence.UNEXCUSED):
                absent_names.append(f"{name} ({reason or 'không lý do'})")
            attendance.append(
                Attendance(
                    meeting=meeting,
                    member_id=pk,
                    full_member=status != Member.Status.PROBATIONARY,
                    presence=presence,
                    reason=reason,
                    reason_approved=presence == Attendance.Presence.EXCUSED,
                )
            )
        present = (
            sum(1 for a in attendance[-len(people) :] if a.presence == Attendance.Presence.PRESENT)
            if people
            else 0
        )
        yes = present
        absent = "; ".join(absent_names)
        next_month = meeting.day.month % 12 + 1
        content = {
            "fees": f"Thu đảng phí tháng {meeting.day.month}: đủ {present}/{len(people)} đồng chí.",
            "attendance": f"Tổng số đảng viên: {len(people)}; có mặt: {present}; vắng: {absent or 'không'}.",
            "agenda": "Thông qua chương trình sinh hoạt; cử thư ký ghi biên bản.",
            "news": rng.choice(NEWS),
            "review": rng.choice(REVIEW),
            "ho_chi_minh": rng.choice(HO_CHI_MINH),
            "next_tasks": f"Tiếp tục thực hiện nhiệm vụ chuyên môn; chuẩn bị báo cáo tháng {next_month}.",
            "discussion": "Các đồng chí thống nhất với báo cáo, bổ sung một số ý kiến.",
            "conclusion": "Chi bộ hoàn thành nhiệm vụ tháng; giao chi ủy theo dõi việc thực hiện.",
            "resolution": f"Chi bộ thống nhất thông qua nghị quyết tháng {meeting.day.month}/{meeting.day.year}.",
            "speakers": [
                {"name": n, "gist": "Đề nghị bổ sung nhiệm vụ cải cách hành chính."}
                for _pk, _s, n in people[:2]
            ],
            "vote": {"yes": yes, "no": 0, "abstain": 0},
            "tasks": [],
        }
        recent = meeting.day > DEMO_TODAY - datetime.timedelta(days=12)
        minutes_rows.append(
            Minutes(
                meeting=meeting,
                content=content,
                revision=1,
                status=Minutes.Status.DRAFT if recent and rng.random() < 0.5 else Minutes.Status.APPROVED,
            )
        )
    Attendance.objects.bulk_create(attendance, batch_size=2000)
    Minutes.objects.bulk_create(minutes_rows, batch_size=1000)

    # Approved minutes join their cell's chain, in order; a few approved late, one corrected afterwards.
    approved = list(
        Minutes.objects.filter(meeting__in=held, status=Minutes.Status.APPROVED)
        .select_related("meeting")
        .order_by("meeting__organization_id", "meeting__day")
    )
    corrected = approved[len(approved) // 2] if approved else None
    versions: list[MinutesVersion] = []
    last_hash: dict[int, str] = {}
    for minutes in approved:
        meeting = minutes.meeting
        delay = rng.choice([0] * 18 + [1, 2, 6, 9])
        assert meeting.ended_at is not None
        created = (meeting.ended_at + datetime.timedelta(days=delay)).replace(microsecond=0)
        entries = [(minutes.content, "", created)]
        if minutes is corrected:
            fixed = {
                **minutes.content,
                "conclusion": minutes.content["conclusion"] + " Bổ sung: rà soát hồ sơ đảng viên.",
            }
            entries.append(
                (fixed, "Bổ sung kết luận bị sót khi ghi biên bản", created + datetime.timedelta(days=3))
            )
        for number, (content, reason, at) in enumerate(entries, start=1):
            version = MinutesVersion(
                minutes=minutes,
                organization_id=meeting.organization_id,
                number=number,
                content=content,
                reason=reason,
                author=actor,
                created_at=at,
                previous_hash=last_hash.get(meeting.organization_id, GENESIS),
            )
            version.content_hash = version_hash(version=version)
            last_hash[meeting.organization_id] = version.content_hash
            versions.append(version)
    MinutesVersion.objects.bulk_create(versions, batch_size=1000)
    if corrected is not None:
        Minutes.objects.filter(pk=corrected.pk).update(
            content=versions[[v.minutes_id for v in versions].index(corrected.pk) + 1].content, revision=2
        )

    # Rotating duties for the planned months.
    Duty.objects.bulk_create(
        [
            Duty(organization=c, name=str(name), position=i)
            for c in cells
            for i, name in enumerate(DEFAULT_DUTIES)
        ]
    )
    for cell in cells:
        duties_plan(actor=actor, organization=cell, through=datetime.date(2027, 3, 31), today=DEMO_TODAY)
    counts = {
        "meetings": len(meetings),
        "held": len(held),
        "attendance": len(attendance),
        "versions": len(versions),
    }
    audit_record(actor=actor, action="demo_meetings", obj=root, organization=root, changes=counts)
    return counts
