"""Forms of emulation: they read the input; the services check it and name the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.organizations.models import Organization


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MovementForm(forms.Form):
    """Required fields and the order of the dates are the service's: it names every problem at once."""

    name = forms.CharField(label=_("Tên phong trào"), max_length=255, required=False)
    theme = forms.CharField(label=_("Chủ đề"), max_length=500, required=False)
    year = forms.IntegerField(
        label=_("Năm"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Hãy ghi năm phát động (ví dụ 2026)."),
            "min_value": _("Hãy ghi năm phát động (ví dụ 2026)."),
            "max_value": _("Hãy ghi năm phát động (ví dụ 2026)."),
        },
    )
    starts_on = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Ngày bắt đầu không hợp lệ.")},
    )
    ends_on = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=DateInput(),
        help_text=_("Để trống nếu phong trào trong một năm."),
        error_messages={"invalid": _("Ngày kết thúc không hợp lệ.")},
    )
    description = forms.CharField(
        label=_("Nội dung, chỉ tiêu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "prose"}),
    )


class ClusterForm(forms.Form):
    name = forms.CharField(
        label=_("Tên cụm"),
        max_length=255,
        error_messages={"required": _("Hãy ghi tên cụm.")},
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Cụm thi đua số VI")}),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị thành viên"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Một cụm có ít nhất hai đơn vị thành viên."),
            "invalid_choice": _("Đơn vị thành viên phải là đơn vị trực thuộc."),
            "invalid_pk_value": _("Đơn vị thành viên phải là đơn vị trực thuộc."),
        },
    )
    leader = forms.ModelChoiceField(
        label=_("Cụm trưởng"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": _("Cụm trưởng phải là một đơn vị thành viên của cụm.")},
    )
    deputy = forms.ModelChoiceField(
        label=_("Cụm phó"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": _("Cụm phó phải là một đơn vị thành viên của cụm.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("units", "leader", "deputy"):
            self.fields[name].queryset = units


class PactForm(forms.Form):
    content = forms.CharField(
        label=_("Nội dung giao ước"),
        help_text=_("Mỗi dòng một nội dung; hội nghị tổng kết đánh giá từng nội dung."),
        widget=forms.Textarea(attrs={"rows": 6, "class": "prose"}),
        error_messages={"required": _("Hãy ghi nội dung giao ước (mỗi dòng một nội dung).")},
    )
    signed_on = forms.DateField(
        label=_("Ngày ký"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Ngày ký không hợp lệ.")},
    )
    signatories = forms.CharField(
        label=_("Đại diện các đơn vị ký"),
        required=False,
        help_text=_("Mỗi dòng một đơn vị: tên đơn vị – người ký, chức vụ."),
        widget=forms.Textarea(attrs={"rows": 5, "class": "prose"}),
    )
    document = forms.FileField(
        label=_("Bản giao ước đã ký (PDF, DOCX, JPG, PNG; tối đa 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )
