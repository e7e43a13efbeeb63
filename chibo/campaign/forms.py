"""Forms of the campaign: they read the input; the services check it and name the field."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def month_choices() -> list[tuple[str, str]]:
    return [("", "—"), *[(str(m), gettext("Tháng %(m)s") % {"m": m}) for m in range(1, 13)]]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CampaignForm(forms.Form):
    """The year is read as typed: the service names every problem at once."""

    year = forms.CharField(
        label=_("Năm"), required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    theme = forms.CharField(
        label=_("Chuyên đề của năm"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "prose short"}),
        help_text=_("Ví dụ: Nêu cao tinh thần trách nhiệm, chống chủ nghĩa cá nhân, nói đi đôi với làm."),
    )
    description = forms.CharField(
        label=_("Kế hoạch, nội dung triển khai"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "prose"}),
    )


class StudyItemForm(forms.Form):
    """The months are read as typed: the service says which is wrong (outside the year, reversed, overlapping)."""

    month_from = forms.CharField(label=_("Từ tháng"), required=False, widget=forms.Select())
    month_to = forms.CharField(label=_("Đến tháng"), required=False, widget=forms.Select())
    topic = forms.CharField(
        label=_("Nội dung học tập"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Học tập phong cách quần chúng của Bác")}),
    )
    content = forms.CharField(
        label=_("Yêu cầu, cách thực hiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "prose"}),
        help_text=_("Ví dụ: mỗi buổi sinh hoạt 30–45 phút, có thảo luận và liên hệ thực tế của đơn vị."),
    )
    material = forms.FileField(
        label=_("Tài liệu (PDF, DOCX; tối đa 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    material_link = forms.CharField(
        label=_("Hoặc liên kết tài liệu"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "https://", "inputmode": "url"}),
    )
    clear_material = forms.BooleanField(label=_("Bỏ tệp tài liệu hiện có"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("month_from", "month_to"):
            self.fields[name].widget.choices = month_choices()


class EthicsCodeForm(forms.Form):
    title = forms.CharField(
        label=_("Tên văn bản"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Quy định chuẩn mực đạo đức nghề nghiệp")}),
    )
    adopted_on = forms.DateField(
        label=_("Ngày ban hành"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Ngày ban hành không hợp lệ.")},
    )
    content = forms.CharField(
        label=_("Nội dung chuẩn mực"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "prose"}),
        help_text=_(
            "Mỗi dòng một chuẩn mực, ví dụ: Vững về chính trị, giỏi về nghiệp vụ, tinh thông về pháp luật."
        ),
    )
    document = forms.FileField(
        label=_("Bản đã ký (PDF, DOCX; tối đa 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    clear_document = forms.BooleanField(label=_("Bỏ bản đã ký hiện có"), required=False)
