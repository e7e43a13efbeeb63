from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chibo.core.audit import audit_record
from chibo.documents.models import IssuingPlace
from chibo.documents.pdf import PdfFailed, PdfUnavailable, docx_to_pdf
from chibo.members.exports import profile_document
from chibo.members.selectors import access_member
from chibo.organizations.access import Action, access_organization


class PlaceForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Địa danh ghi trước ngày tháng trên văn bản"),
        max_length=128,
        required=False,
        help_text=gettext_lazy("Ví dụ: Đồng Nai. Để trống để dùng địa danh của cấp trên."),
    )


@login_required
def issuing_place(request, pk: int):
    """The place name printed on a unit's documents ("Đồng Nai, ngày … tháng … năm …"); a committee's applies to
    every unit below it that has none of its own."""
    organization = access_organization(request.user, pk, Action.EDIT_UNIT)
    current = IssuingPlace.objects.filter(organization=organization).first()
    form = PlaceForm(request.POST or None, initial={"name": current.name if current else ""})
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"].strip()
        with transaction.atomic():
            if name:
                place, _created = IssuingPlace.objects.update_or_create(
                    organization=organization, defaults={"name": name}
                )
                audit_record(
                    actor=request.user,
                    action="issuing_place",
                    obj=place,
                    organization=organization,
                    changes={"name": name},
                )
            elif current:
                audit_record(
                    actor=request.user,
                    action="issuing_place",
                    obj=current,
                    organization=organization,
                    changes={"name": ""},
                )
                current.delete()
        messages.success(request, _("Đã lưu địa danh."))
        return redirect(organization.get_absolute_url())
    return render(
        request,
        "organizations/action.html",
        {
            "organization": organization,
            "form": form,
            "title": _("Địa danh trên văn bản"),
            "submit_label": _("Lưu"),
        },
    )


@login_required
def member_profile_pdf(request, pk: int):
    """A member's profile as PDF: the register's Word profile converted by LibreOffice (archives keep PDF)."""
    member = access_member(request.user, pk, Action.VIEW_MEMBERS)
    try:
        data = docx_to_pdf(profile_document(member))
    except (PdfUnavailable, PdfFailed):
        return render(request, "documents/profile_unavailable.html", {"member": member}, status=503)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ho-so-{member.pk}.pdf"'
    return response


app_name = "documents"
urlpatterns = [
    path("dia-danh/<int:pk>/", issuing_place, name="issuing_place"),
    path("dang-vien/<int:pk>/ho-so.pdf", member_profile_pdf, name="member_profile_pdf"),
]
