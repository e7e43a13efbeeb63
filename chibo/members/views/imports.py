"""Import and export of the member register: upload a file, read the preview, commit it; download the template;
export the filtered list (.xlsx) and a member's profile (.docx).

The uploaded file is kept under MEDIA_ROOT/imports/ with a random name that only this session knows; the commit
reads and checks the file again on the server. Nothing parsed is ever sent to or taken back from the browser.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from chibo.core.text import fold
from chibo.members import exports, imports
from chibo.members.models import Member
from chibo.members.selectors import access_member
from chibo.organizations.access import Action, units_for

SESSION_KEY = "members_import"
MAX_UPLOAD_BYTES = 100 * 1024 * 1024
SHOWN_PROBLEMS = 200
SHOWN_ROWS = 50
KEEP_UPLOADS_SECONDS = 24 * 3600
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp sổ đảng viên (.xlsx hoặc .csv)"),
        error_messages={"required": gettext_lazy("Hãy chọn tệp cần nhập.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in (".xlsx", ".csv"):
            raise ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Tệp lớn quá %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)})
        return upload


def _require_editor(actor: Any) -> None:
    if not units_for(actor, Action.EDIT_MEMBERS):
        raise Http404


def _upload_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _forget_old_uploads(folder: Path) -> None:
    """Uploads that were never committed are deleted after a day."""
    limit = time.time() - KEEP_UPLOADS_SECONDS
    for old in folder.iterdir():
        try:
            if old.is_file() and old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            continue


def _stored(request) -> tuple[dict[str, str], Path]:
    """The upload this session is importing, or 404 (another session's token, or a file already gone)."""
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if not token or not secrets.compare_digest(token, pending.get("token", "")):
        raise Http404
    stored = _upload_dir() / f"{pending['token']}{pending['suffix']}"
    if not stored.is_file():
        raise Http404
    return pending, stored


def _forget(request, stored: Path | None) -> None:
    request.session.pop(SESSION_KEY, None)
    if stored is not None:
        stored.unlink(missing_ok=True)


def _label(name: str) -> str:
    if name == "organization_id":
        return _("Chi bộ")
    return str(getattr(Member._meta.get_field(name), "verbose_name", name))


def _shown(name: str, value: Any, preview: imports.ImportPreview) -> str:
    if value is None or value == "":
        return "—"
    if name == "organization_id":
        return preview.cell_names.get(value, str(value))
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    choices = getattr(Member._meta.get_field(name), "flatchoices", None)
    if choices:
        return str(dict(choices).get(value, value))
    return str(value)


def _preview_context(preview: imports.ImportPreview, pending: dict[str, str]) -> dict[str, Any]:
    changed = [
        {
            "row": r.row,
            "name": r.values[imports.P_NAME],
            "citizen_id": r.citizen_id,
            "changes": [
                (_label(k), _shown(k, old, preview), _shown(k, new, preview))
                for k, (old, new) in r.changes.items()
            ],
        }
        for r in preview.changed[:SHOWN_ROWS]
    ]
    new = [
        {
            "row": r.row,
            "name": r.values[imports.P_NAME],
            "citizen_id": r.citizen_id,
            "cell": preview.cell_names.get(r.values[imports.P_ORG], ""),
        }
        for r in preview.new[:SHOWN_ROWS]
    ]
    return {
        "preview": preview,
        "problems": preview.messages(SHOWN_PROBLEMS),
        "more_problems": max(0, len(preview.problems) - SHOWN_PROBLEMS),
        "counts": preview.counts,
        "changed": changed,
        "more_changed": max(0, len(preview.changed) - SHOWN_ROWS),
        "new": new,
        "more_new": max(0, len(preview.new) - SHOWN_ROWS),
        "token": pending.get("token", ""),
        "file_name": pending.get("name", preview.file_name),
        "nothing_to_do": preview.ok and not preview.new and not preview.changed,
    }


@login_required
def import_upload(request):
    """Step 1: the upload form; on POST, the file is stored and checked, and the preview is shown."""
    _require_editor(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        folder = _upload_dir()
        _forget_old_uploads(folder)
        previous = request.session.get(SESSION_KEY)
        if previous:
            (folder / f"{previous['token']}{previous['suffix']}").unlink(missing_ok=True)
        suffix = Path(upload.name).suffix.lower()
        token = secrets.token_urlsafe(24)
        stored = folder / f"{token}{suffix}"
        with open(stored, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        pending = {"token": token, "suffix": suffix, "name": os.path.basename(upload.name)[:200]}
        preview = imports.import_preview(actor=request.user, file=stored, name=pending["name"])
        if preview.ok and (preview.new or preview.changed):
            request.session[SESSION_KEY] = pending
        else:
            _forget(request, stored)
            pending["token"] = ""
        return render(request, "members/imports/preview.html", _preview_context(preview, pending))
    return render(request, "members/imports/upload.html", {"form": form})


@login_required
@require_POST
def import_confirm(request):
    """Step 2: read and check the stored file again, then write it into the register in one transaction."""
    _require_editor(request.user)
    pending, stored = _stored(request)
    preview = imports.import_preview(actor=request.user, file=stored, name=pending["name"])
    if not preview.ok:
        # The register or the actor's scope changed since the preview: show what is wrong now.
        _forget(request, stored)
        pending = {**pending, "token": ""}
        return render(request, "members/imports/preview.html", _preview_context(preview, pending))
    try:
        result = imports.import_commit(actor=request.user, preview=preview)
    except (ValidationError, IntegrityError):
        _forget(request, stored)
        messages.error(
            request,
            _(
                "Không nhập được tệp: sổ đảng viên vừa được người khác thay đổi. Chưa có gì được ghi; hãy tải tệp lên lại."
            ),
        )
        return redirect("members:import")
    _forget(request, stored)
    messages.success(
        request,
        _(
            "Đã nhập vào sổ: %(new)s đảng viên mới, %(changed)s đảng viên được cập nhật, %(unchanged)s không đổi."
        )
        % {"new": result.new, "changed": result.changed, "unchanged": result.unchanged},
    )
    return redirect("members:import")


@login_required
@require_GET
def import_template(request):
    _require_editor(request.user)
    response = HttpResponse(imports.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-dang-vien.xlsx"'
    return response


@login_required
@require_GET
def export_register(request):
    """The register list, with the list page's filters, as .xlsx in the import layout."""
    if not units_for(request.user, Action.VIEW_MEMBERS):
        raise Http404
    filters = exports.filters_from_query(request.GET, request.user)
    today = timezone.localdate()
    content = exports.register_workbook(actor=request.user, filters=filters, today=today)
    unit = slugify(fold(filters.organization.name)) if filters.organization else ""
    name = "-".join(filter(None, ["so-dang-vien", unit, today.strftime("%Y%m%d")]))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
@require_GET
def profile_docx(request, pk: int):
    member = access_member(request.user, pk, Action.VIEW_MEMBERS)
    content = exports.profile_document(member)
    name = "-".join(["ho-so", slugify(fold(member.full_name)) or "dang-vien", str(member.pk)])
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


urlpatterns = [
    path("nhap/", import_upload, name="import"),
    path("nhap/ghi/", import_confirm, name="import_commit"),
    path("nhap/mau.xlsx", import_template, name="import_template"),
    path("xuat.xlsx", export_register, name="export"),
    path("<int:pk>/ho-so.docx", profile_docx, name="profile_docx"),
]
