from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.members.models import Member
from chibo.work.models import Task


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TaskForm(forms.Form):
    title = forms.CharField(
        label=_("Nhiệm vụ"), max_length=500, error_messages={"required": _("Hãy ghi nhiệm vụ.")}
    )
    assignees = forms.ModelMultipleChoiceField(
        label=_("Đảng viên thực hiện"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Hãy chọn ít nhất một đảng viên thực hiện."),
            "invalid_choice": _("Đảng viên thực hiện phải thuộc chi bộ này."),
            "invalid_pk_value": _("Đảng viên thực hiện phải thuộc chi bộ này."),
        },
    )
    deadline = forms.DateField(
        label=_("Thời hạn"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Thời hạn không hợp lệ.")},
    )
    description = forms.CharField(
        label=_("Yêu cầu cụ thể"), required=False, widget=forms.Textarea(attrs={"rows": 3, "class": "prose"})
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignees"].queryset = Member.objects.filter(
            organization=organization, status__in=Member.ACTIVE_STATUSES
        ).order_by("sort_key")


class ReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=Task.Status.choices)
    result = forms.CharField(
        label=_("Kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 3, "class": "prose"})
    )
    evidence = forms.CharField(
        label=_("Minh chứng"),
        required=False,
        help_text=_("Văn bản, số hiệu, đường dẫn … chứng minh kết quả."),
        widget=forms.Textarea(attrs={"rows": 2, "class": "prose"}),
    )
