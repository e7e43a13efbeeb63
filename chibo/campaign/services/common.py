"""What the writes of the campaign share: text clean-up and the checks of the documents kept."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
# Documents kept (study materials, signed codes): PDF or Word (.docx), known by the extension and the first bytes.
DOCUMENT_TYPES = {"pdf": b"%PDF", "docx": b"PK\x03\x04"}


def text(value: Any) -> str:
    return str(value or "").strip()


def lines(value: Any) -> str:
    """Several lines as typed, each trimmed, blank lines dropped, Windows line ends made plain."""
    return "\n".join(line.strip() for line in str(value or "").splitlines() if line.strip())


def check_document(file: UploadedFile, field: str) -> None:
    """PDF or DOCX, at most 10 MB: by the extension and by the first bytes."""
    name = file.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            {field: _("Tệp “%(name)s” không đúng loại cho phép (PDF, DOCX).") % {"name": name}}
        )
    if file.size is not None and file.size > MAX_BYTES:
        raise ValidationError({field: _("Tệp “%(name)s” lớn quá 10 MB.") % {"name": name}})
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(DOCUMENT_TYPES[extension]):
        raise ValidationError(
            {
                field: _("Tệp “%(name)s” không phải tệp %(kind)s thật.")
                % {"name": name, "kind": extension.upper()}
            }
        )


def replace_file(instance: Any, attribute: str, file: UploadedFile | None, clear: bool) -> str:
    """Put the new file on the instance (saved with it); the old one is deleted once the transaction commits.
    Returns the name of the file kept."""
    current = getattr(instance, attribute)
    old = current.name if current else ""
    if file is not None:
        current.save(file.name or "tai-lieu", file, save=False)
    elif clear and old:
        setattr(instance, attribute, "")
    if old and (file is not None or clear):
        storage = current.storage
        transaction.on_commit(lambda: storage.delete(old))
    kept = getattr(instance, attribute)
    return kept.name if kept else ""
