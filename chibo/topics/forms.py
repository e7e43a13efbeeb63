from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.members.models import Member
from chibo.topics import rules
from chibo.topics.models import TopicCategory

ROMAN = rules.ROMAN
QUARTER_CHOICES = list(ROMAN.items())


class TopicForm(forms.Form):
    quarter = forms.TypedChoiceField(
        label=_("Quý"), choices=QUARTER_CHOICES, coerce=int, error_messages={"required": _("Hãy chọn quý.")}
    )
    title = forms.CharField(
        label=_("Tên chuyên đề"),
        max_length=255,
        error_messages={
            "required": _("Hãy nhập tên chuyên đề."),
            "max_length": _("Tên chuyên đề dài quá 255 ký tự."),
        },
    )
    category = forms.ModelChoiceField(
        label=_("Nhóm chuyên đề"),
        queryset=TopicCategory.objects.filter(active=True),
        empty_label=_("— chọn nhóm —"),
        error_messages={
            "required": _("Hãy chọn nhóm chuyên đề."),
            "invalid_choice": _("Nhóm chuyên đề không hợp lệ."),
        },
    )
    presenter = forms.ModelChoiceField(
        label=_("Đảng viên được phân công chuẩn bị"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("— chưa phân công —"),
        error_messages={"invalid_choice": _("Đảng viên chuẩn bị phải thuộc chi bộ này.")},
    )
    outline = forms.CharField(
        label=_("Đề cương tóm tắt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "prose"}),
    )

    def __init__(self, *args, organization, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = Member.objects.filter(
            organization=organization, status__in=Member.ACTIVE_STATUSES
        ).order_by("sort_key")
        if editing:
            del self.fields["quarter"]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        max_length=500,
        error_messages={"required": _("Hãy ghi lý do trả lại.")},
    )


class HoldForm(forms.Form):
    meeting = forms.TypedChoiceField(
        label=_("Buổi sinh hoạt"), coerce=int, error_messages={"required": _("Hãy chọn buổi sinh hoạt.")}
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [
            (m.pk, f"{m.day:%d/%m/%Y} – {m.get_kind_display()}") for m in meetings
        ]
        self.fields["meeting"].error_messages["invalid_choice"] = _(
            "Hãy chọn một buổi sinh hoạt chuyên đề đã họp trong quý."
        )


class SettingsForm(forms.Form):
    deadline_day = forms.IntegerField(
        label=_("Hạn đăng ký: ngày của tháng trước quý"),
        min_value=1,
        max_value=31,
        help_text=_("Ví dụ 20: chuyên đề quý II đăng ký trước hết ngày 20/3."),
        error_messages={
            "required": _("Hãy nhập ngày hạn đăng ký."),
            "invalid": _("Ngày hạn đăng ký phải là số."),
            "min_value": _("Ngày hạn đăng ký phải từ 1 đến 31."),
            "max_value": _("Ngày hạn đăng ký phải từ 1 đến 31."),
        },
    )
    min_share = forms.IntegerField(
        label=_("Tỷ lệ tối thiểu của nhóm được theo dõi (%)"),
        min_value=0,
        max_value=100,
        help_text=_(
            "Nhóm xây dựng Đảng, học tập và làm theo Bác, triển khai nghị quyết dưới tỷ lệ này được cảnh báo."
        ),
        error_messages={
            "required": _("Hãy nhập tỷ lệ tối thiểu."),
            "invalid": _("Tỷ lệ phải là số."),
            "min_value": _("Tỷ lệ phải từ 0 đến 100."),
            "max_value": _("Tỷ lệ phải từ 0 đến 100."),
        },
    )
    max_share = forms.IntegerField(
        label=_("Tỷ lệ tối đa của một nhóm (%)"),
        min_value=1,
        max_value=100,
        error_messages={
            "required": _("Hãy nhập tỷ lệ tối đa."),
            "invalid": _("Tỷ lệ phải là số."),
            "min_value": _("Tỷ lệ phải từ 1 đến 100."),
            "max_value": _("Tỷ lệ phải từ 1 đến 100."),
        },
    )
    criteria = forms.CharField(
        label=_("Tiêu chí đánh giá (mỗi dòng: tên tiêu chí | điểm tối đa)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Hãy ghi ít nhất một tiêu chí đánh giá.")},
    )

    def clean_criteria(self):
        criteria, bad = rules.parse_criteria(self.cleaned_data["criteria"])
        if bad:
            raise forms.ValidationError(
                _("Dòng %(lines)s không đúng dạng “tên tiêu chí | điểm tối đa” (điểm là số lớn hơn 0).")
                % {"lines": ", ".join(str(n) for n in bad)}
            )
        if not criteria:
            raise forms.ValidationError(_("Hãy ghi ít nhất một tiêu chí đánh giá."))
        return criteria


class EvaluationForm(forms.Form):
    comments = forms.CharField(
        label=_("Nhận xét, đánh giá"),
        widget=forms.Textarea(attrs={"rows": 6, "class": "prose"}),
        error_messages={"required": _("Hãy ghi nhận xét về buổi sinh hoạt.")},
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        scored = {}
        for i, criterion in enumerate(criteria):
            name = f"score_{i}"
            scored[name] = forms.IntegerField(
                label=_("%(name)s (tối đa %(max)s điểm)")
                % {"name": criterion.name, "max": criterion.maximum},
                min_value=0,
                max_value=criterion.maximum,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "required": _("Tiêu chí “%(name)s”: hãy cho điểm.") % {"name": criterion.name},
                    "invalid": _("Tiêu chí “%(name)s”: điểm phải là số.") % {"name": criterion.name},
                    "min_value": _("Tiêu chí “%(name)s”: điểm phải từ 0 đến %(max)s.")
                    % {"name": criterion.name, "max": criterion.maximum},
                    "max_value": _("Tiêu chí “%(name)s”: điểm phải từ 0 đến %(max)s.")
                    % {"name": criterion.name, "max": criterion.maximum},
                },
            )
        self.fields = {**scored, **self.fields}

    def scores(self) -> dict[str, int | None]:
        return {c.name: self.cleaned_data.get(f"score_{i}") for i, c in enumerate(self.criteria)}
