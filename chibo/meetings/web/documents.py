"""Downloads of a meeting's minutes and resolution as .docx and PDF, in the Party's layout.

The files are made by the documents app, which sits above this one (it reads meetings): it is reached through
the app registry, never imported, so that meetings keep importing only downward.
"""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from chibo.meetings import selectors
from chibo.meetings.models import Meeting, Minutes

MINUTES, RESOLUTION = "minutes", "resolution"
SLUGS = {MINUTES: "bien-ban", RESOLUTION: "nghi-quyet"}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _refuse(request, meeting: Meeting, *, status: int, heading: str, message: str, docx_url: str = ""):
    return render(
        request,
        "documents/unavailable.html",
        {"meeting": meeting, "heading": heading, "message": message, "docx_url": docx_url},
        status=status,
    )


def _no_libreoffice() -> str:
    return _(
        "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF. Đồng chí hãy tải bản Word (.docx) "
        "hoặc báo quản trị hệ thống."
    )


def documents_app():
    """The documents app, reached through the registry: it sits above the apps that print (DESIGN.md "Layout")."""
    try:
        return apps.get_app_config("documents")
    except LookupError:
        raise Http404 from None


def _download(request, pk: int, *, kind: str, fmt: str) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, pk)
    heading = _("Tải biên bản") if kind == MINUTES else _("Tải nghị quyết")
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or minutes.status != Minutes.Status.APPROVED:
        return _refuse(
            request,
            meeting,
            status=409,
            heading=heading,
            message=_(
                "Biên bản của buổi sinh hoạt này chưa được thông qua: chỉ tải được biên bản và nghị quyết "
                "đã thông qua."
            ),
        )
    if kind == RESOLUTION and not (minutes.content.get("resolution") or "").strip():
        return _refuse(
            request,
            meeting,
            status=409,
            heading=heading,
            message=_("Biên bản không có phần “Nghị quyết” nên chưa có văn bản nghị quyết để tải."),
        )
    documents = documents_app()
    docx_url = reverse(f"meetings:{kind}_docx", args=[meeting.pk])
    if fmt == "pdf" and not documents.pdf_available():
        return _refuse(
            request,
            meeting,
            status=503,
            heading=heading,
            message=_no_libreoffice(),
            docx_url=docx_url,
        )
    try:
        data = documents.meeting_document(meeting=meeting, kind=kind, fmt=fmt)
    except documents.PdfUnavailable:
        return _refuse(
            request,
            meeting,
            status=503,
            heading=heading,
            message=_no_libreoffice(),
            docx_url=docx_url,
        )
    except documents.PdfFailed:
        return _refuse(
            request,
            meeting,
            status=503,
            heading=heading,
            message=_(
                "Chuyển sang PDF không thành công. Đồng chí hãy thử lại sau ít phút hoặc tải bản Word (.docx)."
            ),
            docx_url=docx_url,
        )
    except documents.NothingToPrint as exc:
        return _refuse(request, meeting, status=409, heading=heading, message=str(exc))
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    filename = f"{SLUGS[kind]}-{meeting.day.isoformat()}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
@require_GET
@never_cache
def minutes_docx(request, pk: int):
    return _download(request, pk, kind=MINUTES, fmt="docx")


@login_required
@require_GET
@never_cache
def minutes_pdf(request, pk: int):
    return _download(request, pk, kind=MINUTES, fmt="pdf")


@login_required
@require_GET
@never_cache
def resolution_docx(request, pk: int):
    return _download(request, pk, kind=RESOLUTION, fmt="docx")


@login_required
@require_GET
@never_cache
def resolution_pdf(request, pk: int):
    return _download(request, pk, kind=RESOLUTION, fmt="pdf")


urlpatterns: list = [
    path("<int:pk>/bien-ban.docx", minutes_docx, name="minutes_docx"),
    path("<int:pk>/bien-ban.pdf", minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/nghi-quyet.docx", resolution_docx, name="resolution_docx"),
    path("<int:pk>/nghi-quyet.pdf", resolution_pdf, name="resolution_pdf"),
]
