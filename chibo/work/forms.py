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


class SelfAssessmentForm(forms.Form):
    """The self-assessment (QĐ 366, HD 43). Numbers arrive as text: the service checks them against the rule set
    of the period and names the field."""

    general_points = forms.CharField(
        label=_("Điểm tiêu chí chung (tối đa 30)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_(
            "Chính trị tư tưởng, đạo đức, lối sống, ý thức tổ chức kỷ luật, tác phong, lề lối làm việc."
        ),
    )
    task_points = forms.CharField(
        label=_("Điểm kết quả thực hiện nhiệm vụ (tối đa 70)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    tasks_total = forms.CharField(
        label=_("Số nhiệm vụ được giao"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    tasks_late = forms.CharField(
        label=_("Số nhiệm vụ chậm tiến độ hoặc không hoàn thành"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    tasks_exceeded = forms.CharField(
        label=_("Số nhiệm vụ vượt mức"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    blocking = forms.MultipleChoiceField(
        label=_("Thuộc trường hợp xếp loại Không hoàn thành nhiệm vụ"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subunit_or_leader_disciplined = forms.BooleanField(
        label=_("Có tổ chức đảng trực thuộc hoặc người đứng đầu bị kỷ luật trong kỳ"), required=False
    )
    strengths = forms.CharField(
        label=_("Ưu điểm"), required=False, widget=forms.Textarea(attrs={"rows": 3, "class": "prose"})
    )
    weaknesses = forms.CharField(
        label=_("Hạn chế, khuyết điểm và nguyên nhân"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "prose"}),
    )
    self_level = forms.ChoiceField(label=_("Tự xếp loại"), required=False, widget=forms.RadioSelect)

    def __init__(self, *args, blocking, levels, collective, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blocking"].choices = blocking
        self.fields["blocking"].valid_value = lambda value: True  # the service names an unknown condition
        self.fields["self_level"].choices = levels
        self.fields["self_level"].valid_value = lambda value: True
        if not collective:
            del self.fields["subunit_or_leader_disciplined"]
