"""The minutes (Biên bản sinh hoạt chi bộ) and the resolution (Nghị quyết) of a meeting, in the Party's layout.

Both are made from the latest approved version of the minutes (a correction is a new version), with the
attendance figures of ``attendance_summary`` and the vote base of the rule set in force on the meeting's day.
What the minutes record (DOMAIN.md "Cell meetings"): chair, minute-taker, present / total, each absentee by name
with the reason, each speaker by name with the gist, the chair's conclusion, the vote on the resolution, the
start and end time; they are read back before closing.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chibo.documents import services
from chibo.documents.models import DocumentNumber, IssuingPlace
from chibo.documents.party_format import Heading, PartyDocument, Signer, vietnamese_date
from chibo.meetings import rules as meeting_rules
from chibo.meetings.models import Attendance, Meeting, Minutes, MinutesVersion
from chibo.meetings.sections import SECTIONS
from chibo.meetings.services import attendance_summary
from chibo.organizations.models import Organization, OrganizationPeriod, Seat
from chibo.rulesets.selectors import ruleset_on

MINUTES, RESOLUTION = "minutes", "resolution"
DOC_TYPES = {MINUTES: DocumentNumber.DocType.MINUTES, RESOLUTION: DocumentNumber.DocType.RESOLUTION}
SIGNING_ROLES = (Seat.Role.SECRETARY, Seat.Role.DEPUTY_SECRETARY)


class NothingToPrint(LookupError):
    """The meeting has no approved minutes, or the minutes hold no resolution."""


def approved_version(meeting: Meeting) -> MinutesVersion | None:
    """The latest approved version of the meeting's minutes, or None while they are a draft."""
    minutes = Minutes.objects.filter(meeting=meeting, status=Minutes.Status.APPROVED).first()
    if minutes is None:
        return None
    return minutes.versions.select_related("author").order_by("-number").first()


# -- the facts printed in the heading -------------------------------------------------------------------------
def _name_on(organization: Organization, day: datetime.date) -> tuple[str, int | None]:
    """The unit's name and parent as they stood on ``day`` (the tree keeps the history of renamed units)."""
    period = (
        OrganizationPeriod.objects.filter(organization=organization, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .order_by("-valid_from")
        .first()
    )
    if period is not None:
        return period.name, period.parent_id
    parent = Organization.objects.get_parent(organization)
    return organization.name, parent.pk if parent else None


def _superior_heading(name: str) -> str:
    """The superior body's line: its name, with "Đảng bộ" in front when the name lacks it."""
    lowered = name.casefold()
    if lowered.startswith(("đảng bộ", "chi bộ")):
        return name
    return _("Đảng bộ %(name)s") % {"name": name}


def _committee_of(name: str) -> str:
    """ "Đảng bộ VKSND" -> "Đảng ủy VKSND": the body that receives a copy."""
    prefix = "Đảng bộ"
    if name.casefold().startswith(prefix.casefold()):
        return _("Đảng ủy %(name)s") % {"name": name[len(prefix) :].strip()}
    return _("Cấp ủy %(name)s") % {"name": name}


def _place(organization: Organization) -> str:
    """The place name set on the unit or, failing that, on its nearest ancestor."""
    prefixes = organization.lineage_paths
    row = (
        IssuingPlace.objects.filter(organization__path__in=prefixes)
        .order_by("-organization__depth")
        .values_list("name", flat=True)
        .first()
    )
    return row or ""


def _seats(organization: Organization, day: datetime.date) -> list[Seat]:
    seats = Seat.objects.filter(organization=organization, starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    order = list(Seat.Role.values)
    return sorted(seats, key=lambda s: (order.index(s.role) if s.role in order else 99, s.starts_on, s.id))


def _seat_of(member: Any, seats: list[Seat]) -> Seat | None:
    if member is None:
        return None
    for seat in seats:
        if (member.user_id and seat.holder_id == member.user_id) or (
            seat.holder_name.casefold().strip() == member.full_name.casefold().strip()
        ):
            return seat
    return None


def _title(seat: Seat | None) -> str:
    """The signing title of a cell officer, in capitals on the signature ("BÍ THƯ", "PHÓ BÍ THƯ")."""
    if seat is None:
        return ""
    if seat.role == Seat.Role.SECRETARY:
        return _("Bí thư")
    if seat.role == Seat.Role.DEPUTY_SECRETARY:
        return _("Phó Bí thư")
    return _("Chi ủy viên")


# -- phrases --------------------------------------------------------------------------------------------------
def _month(day: datetime.date) -> dict[str, Any]:
    return {"month": f"{day.month:02d}" if day.month <= 2 else day.month, "year": day.year}


def summary_lines(meeting: Meeting) -> list[str]:
    kind = meeting.kind
    if kind == Meeting.Kind.REGULAR:
        first = _("Sinh hoạt chi bộ thường kỳ tháng %(month)s năm %(year)s") % _month(meeting.day)
    elif kind == Meeting.Kind.COMBINED:
        first = _(
            "Sinh hoạt chi bộ thường kỳ tháng %(month)s năm %(year)s kết hợp sinh hoạt chuyên đề"
        ) % _month(meeting.day)
    elif kind == Meeting.Kind.THEMATIC:
        first = _("Sinh hoạt chi bộ chuyên đề")
    else:
        first = _("Sinh hoạt chi bộ bất thường %(date)s") % {"date": vietnamese_date(meeting.day)}
    lines = [first]
    if meeting.title:
        lines.append(meeting.title)
    return lines


def _clock(moment: datetime.datetime | None) -> tuple[str, datetime.date | None]:
    """ "14 giờ 00 phút" and the local day; dots to fill by hand when the time was not recorded."""
    if moment is None:
        return _("…… giờ …… phút"), None
    local = timezone.localtime(moment)
    return _("%(h)s giờ %(m)s phút") % {"h": f"{local.hour:02d}", "m": f"{local.minute:02d}"}, local.date()


def _percent(part: int, whole: int) -> str:
    value = round(part * 100 / whole, 1) if whole else 0.0
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")
    return f"{text}%"


def _count(value: Any) -> int:
    try:
        return max(int(value or 0), 0)
    except (TypeError, ValueError):
        return 0


def vote_sentence(vote: Mapping[str, Any] | None, *, base: int, rule: Mapping[str, Any]) -> str:
    """ "Kết quả biểu quyết: 5/5 đồng chí tán thành (100%), …": against the base of full members who vote."""
    vote = vote or {}
    if all(vote.get(k) in (None, "") for k in ("yes", "no", "abstain")):
        return _("Chưa ghi kết quả biểu quyết.")
    yes, no, abstain = (_count(vote.get(k)) for k in ("yes", "no", "abstain"))
    sentence = _(
        "Kết quả biểu quyết: %(yes)s/%(base)s đồng chí tán thành (%(percent)s); %(no)s đồng chí không tán "
        "thành; %(abstain)s đồng chí không biểu quyết."
    ) % {"yes": yes, "base": base, "percent": _percent(yes, base), "no": no, "abstain": abstain}
    if meeting_rules.threshold_met(yes=yes, base=base, rule=rule):
        return sentence + " " + _("Nghị quyết được thông qua.")
    return sentence + " " + _("Số tán thành chưa đủ để thông qua nghị quyết.")


def _absence_reason(row: Attendance) -> str:
    if row.presence == Attendance.Presence.EXCUSED:
        return row.reason or _("có lý do")
    if row.presence == Attendance.Presence.UNEXCUSED:
        return _("không có lý do")
    if row.presence == Attendance.Presence.EXEMPT:
        return _("miễn công tác và sinh hoạt đảng")
    return _("sinh hoạt đảng tạm thời nơi khác")


# -- the documents --------------------------------------------------------------------------------------------
class _Context:
    """What both documents need, read once."""

    def __init__(self, meeting: Meeting, version: MinutesVersion) -> None:
        self.meeting = meeting
        self.version = version
        self.content: dict[str, Any] = version.content or {}
        values = ruleset_on(meeting.day).values
        self.layout = values.get("documents")
        self.vote_rule = values["votes"]["resolution"]
        self.facts = attendance_summary(meeting)
        self.absent = list(
            meeting.attendance.exclude(presence=Attendance.Presence.PRESENT)
            .select_related("member")
            .order_by("member__sort_key")
        )
        self.seats = _seats(meeting.organization, meeting.day)
        self.cell_name, parent_id = _name_on(meeting.organization, meeting.day)
        self.parent_name = (
            _name_on(Organization.objects.get(pk=parent_id), meeting.day)[0] if parent_id else ""
        )

    def vote(self) -> str:
        return vote_sentence(self.content.get("vote"), base=self.facts.vote_base, rule=self.vote_rule)

    def chair_signer(self) -> Signer:
        chair = self.meeting.chair
        seat = _seat_of(chair, self.seats)
        name = chair.full_name if chair else ""
        if seat is not None and seat.role in SIGNING_ROLES:
            return Signer(lines=(_("T/M CHI BỘ"), _title(seat).upper()), name=name)
        return Signer(lines=(_("CHỦ TRÌ"),), name=name)

    def cell_signer(self) -> Signer:
        """Who signs for the cell: the chair when they are its secretary or deputy, else the secretary."""
        chair = self.meeting.chair
        chair_seat = _seat_of(chair, self.seats)
        if chair is not None and chair_seat is not None and chair_seat.role in SIGNING_ROLES:
            return Signer(lines=(_("T/M CHI BỘ"), _title(chair_seat).upper()), name=chair.full_name)
        seat = next((s for s in self.seats if s.role in SIGNING_ROLES), None)
        if seat is not None:
            return Signer(lines=(_("T/M CHI BỘ"), _title(seat).upper()), name=seat.holder_name)
        return Signer(lines=(_("T/M CHI BỘ"), _("BÍ THƯ")), name="")

    def recipients(self, *, members: bool) -> list[str]:
        result = []
        if self.parent_name:
            result.append(_("%(body)s (để báo cáo)") % {"body": _committee_of(self.parent_name)})
        if members:
            result.append(_("Đảng viên trong chi bộ (để thực hiện)"))
        result.append(_("Lưu Chi bộ"))
        return result

    def document(self, *, doc_type: str, kind: str) -> PartyDocument:
        number = services.document_number_issue(
            organization=self.meeting.organization,
            doc_type=DOC_TYPES[kind],
            day=self.meeting.day,
            meeting=self.meeting,
        )
        summary = summary_lines(self.meeting)
        heading = Heading(
            superior=_superior_heading(self.parent_name) if self.parent_name else "",
            issuer=self.cell_name,
            number=number.symbol,
            place=_place(self.meeting.organization),
            day=self.meeting.day,
        )
        return PartyDocument(
            heading=heading,
            doc_type=doc_type,
            summary=summary,
            values=self.layout,
            title=f"{doc_type} {summary[0]}",
        )


def _member_label(member: Any, seats: list[Seat]) -> str:
    if member is None:
        return "…………"
    seat = _seat_of(member, seats)
    if seat is None:
        return _("đồng chí %(name)s") % {"name": member.full_name}
    return _("đồng chí %(name)s, %(title)s Chi bộ") % {"name": member.full_name, "title": _title(seat)}


def _opening(doc: PartyDocument, ctx: _Context) -> None:
    meeting, facts = ctx.meeting, ctx.facts
    doc.paragraph(_("I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"), bold=True, indent=False)
    start, _start_day = _clock(meeting.started_at)
    doc.labelled(
        _("Thời gian:"),
        _("bắt đầu lúc %(time)s, %(date)s.") % {"time": start, "date": vietnamese_date(meeting.day)},
    )
    doc.labelled(_("Địa điểm:"), (meeting.place or "…………") + ".")
    doc.labelled(_("Chủ trì:"), _member_label(meeting.chair, ctx.seats) + ".")
    doc.labelled(_("Thư ký:"), _member_label(meeting.secretary_of_meeting, ctx.seats) + ".")
    called = facts.full_called + facts.probationary_called
    doc.labelled(
        _("Đảng viên của chi bộ:"),
        _(
            "tổng số %(total)s đồng chí (chính thức %(full)s, dự bị %(probationary)s); miễn công tác và sinh "
            "hoạt đảng %(exempt)s; sinh hoạt đảng tạm thời nơi khác %(elsewhere)s; phải dự họp %(expected)s."
        )
        % {
            "total": called,
            "full": facts.full_called,
            "probationary": facts.probationary_called,
            "exempt": facts.exempt_absent,
            "elsewhere": facts.elsewhere,
            "expected": facts.expected,
        },
    )
    doc.labelled(
        _("Có mặt:"),
        _("%(present)s/%(expected)s đồng chí (chính thức %(full)s, dự bị %(probationary)s).")
        % {
            "present": facts.present,
            "expected": facts.expected,
            "full": facts.present_full,
            "probationary": facts.present_probationary,
        },
    )
    doc.labelled(
        _("Vắng mặt:"),
        _("%(absent)s đồng chí (có lý do %(excused)s, không có lý do %(unexcused)s).")
        % {
            "absent": facts.excused + facts.unexcused,
            "excused": facts.excused,
            "unexcused": facts.unexcused,
        },
    )
    for row in ctx.absent:
        doc.paragraph(
            _("- Đồng chí %(name)s: %(reason)s.")
            % {"name": row.member.full_name, "reason": _absence_reason(row)}
        )
    doc.labelled(
        _("Đảng viên chính thức có quyền biểu quyết:"),
        _("%(base)s đồng chí.") % {"base": facts.vote_base},
    )


def _section_body(doc: PartyDocument, ctx: _Context, key: str) -> None:
    content = ctx.content
    doc.paragraph(content.get(key) or "")
    if key == "discussion" and content.get("speakers"):
        doc.paragraph(_("Ý kiến phát biểu:"), italic=True)
        for speaker in content["speakers"]:
            doc.paragraph(
                _("- Đồng chí %(name)s: %(gist)s")
                % {"name": speaker.get("name", ""), "gist": speaker.get("gist", "")}
            )
    if key == "next_tasks" and content.get("tasks"):
        doc.paragraph(_("Phân công nhiệm vụ cho đảng viên:"), italic=True)
        for task in content["tasks"]:
            doc.paragraph(
                _("- %(title)s: đồng chí %(assignee)s, thời hạn %(deadline)s.")
                % {
                    "title": task.get("title", ""),
                    "assignee": task.get("assignee", ""),
                    "deadline": _deadline(task.get("deadline")),
                }
            )
    if key == "resolution":
        doc.paragraph(ctx.vote())


def _deadline(value: Any) -> str:
    if not value:
        return "…………"
    try:
        return datetime.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def _has(ctx: _Context, key: str) -> bool:
    content = ctx.content
    extra = {
        "discussion": bool(content.get("speakers")),
        "next_tasks": bool(content.get("tasks")),
        "resolution": bool(
            content.get("vote") and any(v not in (None, "") for v in content["vote"].values())
        ),
    }
    return bool((content.get(key) or "").strip()) or extra.get(key, False)


def minutes_document(meeting: Meeting, version: MinutesVersion) -> PartyDocument:
    ctx = _Context(meeting, version)
    doc = ctx.document(doc_type=_("Biên bản"), kind=MINUTES)
    _opening(doc, ctx)
    doc.paragraph(_("II. NỘI DUNG"), bold=True, indent=False)
    number = 0
    for key, label in SECTIONS:
        if not _has(ctx, key):
            continue
        number += 1
        doc.paragraph(_("%(n)s. %(label)s") % {"n": number, "label": label}, bold=True)
        _section_body(doc, ctx, key)
    end, end_day = _clock(meeting.ended_at)
    on_day = _("cùng ngày") if end_day is None or end_day == meeting.day else vietnamese_date(end_day)
    doc.paragraph(
        _(
            "Buổi sinh hoạt kết thúc lúc %(time)s %(day)s. Biên bản đã được đọc lại trước chi bộ và được chi bộ thông qua."
        )
        % {"time": end, "day": on_day}
    )
    if version.number > 1:
        doc.paragraph(
            _("Biên bản đính chính lần %(n)s, ngày %(date)s; lý do: %(reason)s.")
            % {
                "n": version.number - 1,
                "date": timezone.localtime(version.created_at).strftime("%d/%m/%Y"),
                "reason": version.reason,
            },
            italic=True,
        )
    doc.signature(
        signer=ctx.chair_signer(),
        co_signer=Signer(
            lines=(_("THƯ KÝ"),),
            name=meeting.secretary_of_meeting.full_name if meeting.secretary_of_meeting else "",
        ),
        recipients=ctx.recipients(members=False),
    )
    return doc


def resolution_document(meeting: Meeting, version: MinutesVersion) -> PartyDocument:
    ctx = _Context(meeting, version)
    text = (ctx.content.get("resolution") or "").strip()
    if not text:
        raise NothingToPrint(_("Biên bản không có phần nghị quyết."))
    doc = ctx.document(doc_type=_("Nghị quyết"), kind=RESOLUTION)
    doc.paragraph(_("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"))
    doc.paragraph(
        _("- Căn cứ kết quả sinh hoạt của %(cell)s %(date)s, có mặt %(present)s/%(expected)s đồng chí,")
        % {
            "cell": ctx.cell_name,
            "date": vietnamese_date(meeting.day),
            "present": ctx.facts.present,
            "expected": ctx.facts.expected,
        }
    )
    doc.centred(_("CHI BỘ QUYẾT NGHỊ:"))
    doc.paragraph(text)
    doc.paragraph(ctx.vote(), italic=True)
    doc.signature(signer=ctx.cell_signer(), recipients=ctx.recipients(members=True))
    return doc


def meeting_docx(*, meeting: Meeting, kind: str) -> bytes:
    """The .docx of the minutes or of the resolution; issues the document's number the first time.
    Raises NothingToPrint while the minutes are a draft or hold no resolution."""
    version = approved_version(meeting)
    if version is None:
        raise NothingToPrint(_("Biên bản chưa được thông qua."))
    build = {MINUTES: minutes_document, RESOLUTION: resolution_document}[kind]
    with translation.override("vi"):  # a Party document is Vietnamese whatever the reader's language
        return build(meeting, version).to_bytes()
