"""The proposal dossier of a nomination round (tờ trình đề nghị khen thưởng) in the Party's layout (HD 36-HD/VPTW):
the round's body and date, the secret ballot and its threshold, and for each honour the collectives and the
individuals who passed, with their votes; signed for the unit by its secretary."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from chibo.awards.models import Nomination, NominationRound
from chibo.documents.party_format import PartyDocument
from chibo.documents.topics import _heading, _signer
from chibo.emulation.rules import Rate


def passed_by_honour(round: NominationRound) -> list[tuple[str, list[Nomination]]]:
    """The candidates who passed, grouped by honour in the order the round voted on them."""
    groups: dict[str, tuple[str, list[Nomination]]] = {}
    for n in (
        round.nominations.filter(passed=True)
        .select_related("member", "organization", "poll")
        .order_by("poll_id", "-votes", "id")
    ):
        groups.setdefault(n.honour, (n.honour_name, []))[1].append(n)
    return list(groups.values())


def dossier(round: NominationRound) -> PartyDocument:
    organization = round.organization
    day = round.held_on
    doc = PartyDocument(
        heading=_heading(organization, _("Số      -TTr/ĐU"), day),
        doc_type=_("Tờ trình"),
        summary=[_("Về việc đề nghị khen thưởng năm %(year)s") % {"year": round.year}],
    )
    voters = round.voters.count()
    groups = passed_by_honour(round)
    doc.paragraph(
        _(
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 và Nghị định số 152/2025/NĐ-CP; căn cứ kết quả bình xét "
            "của %(body)s họp ngày %(day)s, bỏ phiếu kín với %(voters)s thành viên được triệu tập, người được đề "
            "nghị đạt quá một nửa số thành viên tán thành; %(unit)s đề nghị khen thưởng năm %(year)s như sau:"
        )
        % {
            "body": round.body,
            "day": day.strftime("%d/%m/%Y"),
            "voters": voters,
            "unit": organization.name,
            "year": round.year,
        }
    )
    if not groups:
        doc.paragraph(_("Không có người, đơn vị nào đạt số phiếu đề nghị."))
    for i, (name, nominations) in enumerate(groups, start=1):
        doc.paragraph(f"{i}. {name}: {len(nominations)}", bold=True)
        rows = [
            [
                str(k),
                n.recipient_name,
                n.organization.name if n.member_id else "",
                Rate(n.votes or 0, voters).words,
            ]
            for k, n in enumerate(nominations, start=1)
        ]
        doc.grid(
            [_("STT"), _("Họ và tên, tên tập thể"), _("Đơn vị"), _("Số phiếu tán thành")],
            rows,
            widths_mm=[12, 65, 50, 38],
        )
    doc.paragraph(
        _(
            "Kính đề nghị cấp có thẩm quyền xem xét, quyết định. Kèm theo: biên bản kiểm phiếu và báo cáo thành tích."
        )
    )
    doc.signature(signer=_signer(organization, day), recipients=[_("Như trên"), _("Lưu Văn phòng")])
    return doc


def dossier_docx(round: NominationRound) -> bytes:
    with translation.override("vi"):
        return dossier(round).to_bytes()
