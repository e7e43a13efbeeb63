"""The counting record of a vote (biên bản kiểm phiếu) in the Party's layout (HD 36-HD/VPTW): the base, the ballots
issued, returned, valid and invalid, the result of each answer or candidate and the outcome in words, signed by the
counting board."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from chibo.documents.party_format import PartyDocument, Signer
from chibo.documents.topics import _heading
from chibo.votes import services
from chibo.votes.models import Poll
from chibo.votes.rules import Elected, Outcome


def counting_record(poll: Poll) -> PartyDocument:
    day = poll.day
    doc = PartyDocument(
        heading=_heading(poll.organization, _("Số      -BB/KP"), day),
        doc_type=_("Biên bản kiểm phiếu"),
        summary=[poll.title],
    )
    voters = poll.voters.count()
    counted = services.counts(poll)
    doc.labelled(_("Hình thức:"), poll.get_kind_display())
    doc.labelled(_("Số đảng viên được biểu quyết:"), str(voters))
    if poll.purpose != Poll.Purpose.ELECTION:  # an election counts the valid ballots
        doc.labelled(_("Căn cứ tính kết quả:"), f"{poll.base} {poll.base_label}")
    if poll.kind == Poll.Kind.PAPER:
        rows = [
            [_("Số phiếu phát ra"), counted.get("issued", 0)],
            [_("Số phiếu thu vào"), counted.get("returned", 0)],
            [_("Số phiếu hợp lệ"), counted.get("valid", 0)],
            [_("Số phiếu không hợp lệ"), counted.get("invalid", 0)],
        ]
        doc.grid([_("Phiếu"), _("Số lượng")], rows, widths_mm=[110, 55])
    outcome = services.result(poll)
    if isinstance(outcome, Outcome):
        doc.grid(
            [_("Ý kiến"), _("Số phiếu")],
            [
                [_("Tán thành"), outcome.yes],
                [_("Không tán thành"), outcome.no],
                [_("Không biểu quyết"), outcome.abstain],
            ],
            widths_mm=[110, 55],
        )
        doc.labelled(_("Kết quả:"), outcome.words)
    elif isinstance(outcome, Elected):
        names = {c.pk: c.name for c in poll.candidates.all()}
        chosen = _("Đạt, đề nghị") if poll.purpose == Poll.Purpose.NOMINATION else _("Trúng cử")
        rows = [
            [
                names[c],
                outcome.votes.get(c, 0),
                chosen if c in outcome.elected else (_("Bằng phiếu, bầu lại") if c in outcome.tied else ""),
            ]
            for c in names
        ]
        doc.grid([_("Họ và tên"), _("Số phiếu"), _("Kết quả")], rows, widths_mm=[80, 35, 50])
    doc.paragraph(
        _("Biên bản lập lúc ...... giờ ...... ngày %(day)s, ban kiểm phiếu cùng ký.")
        % {"day": day.strftime("%d/%m/%Y")}
    )
    doc.signature(
        signer=Signer(lines=(_("TRƯỞNG BAN KIỂM PHIẾU"),), name=""),
        co_signer=Signer(lines=(_("THÀNH VIÊN BAN KIỂM PHIẾU"),), name=""),
    )
    return doc


def counting_record_docx(poll: Poll) -> bytes:
    with translation.override("vi"):
        return counting_record(poll).to_bytes()
