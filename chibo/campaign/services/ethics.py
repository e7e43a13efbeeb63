"""Writes of the codes of ethics (chuẩn mực đạo đức) units adopt, kept by their officers."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.campaign.models import EthicsCode
from chibo.campaign.services.common import check_document, lines, replace_file, text
from chibo.core.audit import audit_record
from chibo.organizations.access import Action, require
from chibo.organizations.models import Organization

# ----------------------------------------------------------------------------------------- codes of ethics


@transaction.atomic
def ethics_code_save(
    *,
    actor: Any,
    organization: Organization,
    code: EthicsCode | None = None,
    title: str,
    adopted_on: datetime.date | None,
    content: str = "",
    document: UploadedFile | None = None,
    clear_document: bool = False,
) -> EthicsCode:
    """Keep a code of ethics (chuẩn mực đạo đức) the unit adopted: its title, the day adopted, the text and/or the
    signed document (PDF or DOCX, at most 10 MB). Kept by the unit's officers."""
    require(actor, Action.REGISTER_EMULATION, organization)
    if code is not None and code.organization_id != organization.pk:
        raise Http404
    title, content = text(title), lines(content)
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Hãy ghi tên văn bản (ví dụ: Quy định chuẩn mực đạo đức của cán bộ, đảng viên).")
    if adopted_on is None:
        errors["adopted_on"] = _("Hãy ghi ngày ban hành.")
    elif adopted_on > timezone.localdate():
        errors["adopted_on"] = _("Ngày ban hành không được sau hôm nay.")
    has_file = document is not None or bool(code and code.document and not clear_document)
    if not content and not has_file:
        errors["content"] = _("Hãy ghi nội dung chuẩn mực hoặc đính kèm bản đã ký.")
    if errors:
        raise ValidationError(errors)
    if document is not None:
        check_document(document, "document")
    assert adopted_on is not None
    code = code or EthicsCode(organization=organization)
    code.title, code.adopted_on, code.content, code.updated_by = title, adopted_on, content, actor
    kept = replace_file(code, "document", document, clear_document)
    code.save()
    audit_record(
        actor=actor,
        action="campaign_ethics_code",
        obj=code,
        organization=organization,
        changes={
            "title": title,
            "adopted_on": adopted_on.isoformat() if adopted_on else "",
            "document": kept,
        },
    )
    return code
