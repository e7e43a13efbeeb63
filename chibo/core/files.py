"""Files a page hands out: the content types of Word and Excel, and the attachment response."""

import io
import os
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import FileResponse, Http404, HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(data: bytes, content_type: str, name: str) -> HttpResponse:
    """The bytes as a download named ``name``."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def stored_download(stored: Any) -> FileResponse:
    """A file kept under MEDIA_ROOT (a FieldFile), handed out as a download by a page that has passed the gate;
    404 when there is none or it is gone from the disk."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(stored.name or ""))


def xlsx_table(*, sheet: str, title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """A one-sheet workbook: the title on the first line, a blank line, the header, then the rows (written in
    streaming mode: a province's rows do not sit in memory as cells)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    ws.append([title])
    ws.append([])
    ws.append([str(h) for h in header])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
