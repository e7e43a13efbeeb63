"""Pages of notices, meeting documents and calendar feeds (issue 4, "Schedule and notice")."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from chibo.core.files import stored_download
from chibo.core.forms import add_service_errors
from chibo.core.pagination import paginate
from chibo.meetings import notices, selectors
from chibo.meetings.models import FeedToken, Meeting
from chibo.organizations.access import Action, access_organization, allowed


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Tên tài liệu"),
        max_length=255,
        error_messages={"required": gettext_lazy("Hãy nhập tên tài liệu.")},
    )
    file = forms.FileField(label=gettext_lazy("Tệp"), required=False)
    text = forms.CharField(
        label=gettext_lazy("Nội dung (khi không có tệp)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@login_required
def my_notices(request):
    """Thông báo của tôi: the notices sent to the user's member record, with the meetings' documents."""
    member = getattr(request.user, "member", None)
    page = paginate(notices.notice_list_for(member=member), page=request.GET.get("trang")) if member else None
    return render(request, "meetings/notices/my_notices.html", {"member": member, "page": page})


def _panel_context(request, meeting: Meeting, form: DocumentForm | None = None) -> dict[str, Any]:
    can_run = allowed(request.user, Action.RUN_MEETINGS, meeting.organization)
    context: dict[str, Any] = {
        "meeting": meeting,
        "can_run": can_run,
        "documents": list(meeting.documents.select_related("published_by").order_by("published_at", "id")),
        "documents_due_by": notices.documents_due_by(meeting),
    }
    if can_run:
        context["summary"] = notices.notice_summary(meeting)
        context["form"] = form or DocumentForm()
    return context


@login_required
def meeting_notices(request, pk: int):
    """The notices and documents of one meeting: the page behind the panel of the meeting page (htmx loads the
    panel alone; without JavaScript the link opens this page)."""
    meeting = selectors.access_meeting(request.user, pk)
    template = "meetings/notices/_panel_body.html" if request.htmx else "meetings/notices/meeting.html"
    return render(request, template, _panel_context(request, meeting))


@login_required
@require_POST
def document_publish(request, pk: int):
    meeting = selectors.access_meeting(request.user, pk, Action.RUN_MEETINGS)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = notices.document_publish(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if document.late:
                messages.warning(
                    request,
                    _(
                        "Đã công bố tài liệu “%(title)s” nhưng muộn: tài liệu phải công bố chậm nhất ngày %(day)s. Tài liệu được ghi là công bố muộn."
                    )
                    % {
                        "title": document.title,
                        "day": notices.documents_due_by(meeting).strftime("%d/%m/%Y"),
                    },
                )
            else:
                messages.success(request, _("Đã công bố tài liệu “%(title)s”.") % {"title": document.title})
            return redirect(meeting.get_absolute_url() + "#tai-lieu")
    return render(
        request, "meetings/notices/meeting.html", _panel_context(request, meeting, form), status=400
    )


@login_required
def document_open(request, pk: int, document_pk: int):
    """A meeting's document, for whoever may read the cell's documents; 404 for anyone else."""
    document = notices.access_document(request.user, pk, document_pk)
    if document.file and (request.GET.get("tai") or not document.text):
        return stored_download(document.file)
    return render(
        request, "meetings/notices/document.html", {"document": document, "meeting": document.meeting}
    )


@require_safe
def feed(request, token: str):
    """The .ics feed behind a private link. No login (phone calendars cannot log in): the token is the key."""
    feed_token = notices.feed_lookup(token)
    body = notices.feed_ical(feed_token, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sinh-hoat-chi-bo.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _feed_links_page(request, *, organization=None):
    owner = {"organization": organization} if organization is not None else {"user": request.user}
    if request.method == "POST":
        try:
            if "tao" in request.POST:
                notices.feed_token_create(actor=request.user, organization=organization)
                messages.success(request, _("Đã tạo liên kết lịch riêng mới."))
            elif "thu_hoi" in request.POST:
                token = FeedToken.objects.filter(
                    pk=_int_or_none(request.POST.get("thu_hoi")), revoked_at__isnull=True, **owner
                ).first()
                if token is None:
                    raise Http404
                notices.feed_token_revoke(actor=request.user, token=token)
                messages.success(
                    request,
                    _(
                        "Đã thu hồi liên kết: lịch đã đăng ký bằng liên kết này sẽ không nhận được lịch sinh hoạt nữa."
                    ),
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(request.path)
    links = []
    for token in notices.feed_tokens_of(**owner):
        url = request.build_absolute_uri(token.get_absolute_url())
        links.append({"token": token, "url": url, "webcal": "webcal://" + url.split("://", 1)[-1]})
    return render(
        request,
        "meetings/notices/feed_links.html",
        {
            "organization": organization,
            "links": links,
            "has_member": organization is not None or getattr(request.user, "member", None) is not None,
        },
    )


@login_required
@require_POST
def notify_now(request, pk: int):
    meeting = selectors.access_meeting(request.user, pk, Action.RUN_MEETINGS)
    try:
        report = notices.meeting_notify_now(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã gửi thông báo: %(app)s trên ứng dụng, %(email)s thư điện tử.")
            % {"app": report.app, "email": report.email},
        )
    return redirect(meeting.get_absolute_url() + "#tai-lieu")


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def feed_links(request):
    """The user's private links to their own meeting calendar: create, copy, revoke."""
    return _feed_links_page(request)


@login_required
def cell_feed_links(request, pk: int):
    """A cell's private calendar links, for the officers who run its meetings."""
    organization = access_organization(request.user, pk, Action.RUN_MEETINGS)
    if not organization.is_cell:
        raise Http404
    return _feed_links_page(request, organization=organization)


urlpatterns = [
    path("thong-bao/", my_notices, name="my_notices"),
    path("lich/", feed_links, name="feed_links"),
    re_path(r"^lich/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$", feed, name="feed"),
    path("chi-bo/<int:pk>/lich/", cell_feed_links, name="cell_feed_links"),
    path("<int:pk>/thong-bao/", meeting_notices, name="meeting_notices"),
    path("<int:pk>/thong-bao/gui/", notify_now, name="notify_now"),
    path("<int:pk>/tai-lieu/cong-bo/", document_publish, name="document_publish"),
    path("<int:pk>/tai-lieu/<int:document_pk>/", document_open, name="document_open"),
]
