import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MIN_YEAR, MAX_YEAR = 1900, 2100  # the years the pages accept (the lunar calendar works for 1800–2199)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class RuleSetForm(forms.Form):
    name = forms.CharField(
        label=_("Tên"),
        max_length=200,
        error_messages={
            "required": _("Hãy nhập tên bộ quy tắc."),
            "max_length": _("Tên dài quá %(limit_value)d ký tự."),
        },
    )
    effective_from = forms.DateField(
        label=_("Có hiệu lực từ ngày"),
        widget=DateInput(),
        input_formats=_DATE_FORMATS,
        error_messages={
            "required": _("Hãy nhập ngày có hiệu lực."),
            "invalid": _("Ngày có hiệu lực không hợp lệ: hãy nhập theo dạng ngày/tháng/năm."),
        },
    )
    source = forms.CharField(
        label=_("Căn cứ (văn bản)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Số, ký hiệu, ngày và cơ quan ban hành của các văn bản làm căn cứ."),
        error_messages={"required": _("Hãy nhập căn cứ (văn bản) của bộ quy tắc.")},
    )
    notes = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    values = forms.CharField(
        label=_("Giá trị (JSON)"),
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code"}),
        help_text=_(
            "Điền sẵn giá trị của bộ quy tắc đang có hiệu lực. Giữ nguyên các khóa và kiểu giá trị; "
            "chỉ sửa giá trị cần thay đổi."
        ),
        error_messages={"required": _("Hãy nhập giá trị (JSON) của bộ quy tắc.")},
        strip=False,
    )

    def clean_effective_from(self):
        day = self.cleaned_data["effective_from"]
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise ValidationError(
                _("Ngày có hiệu lực phải trong các năm %(first)d–%(last)d."),
                params={"first": MIN_YEAR, "last": MAX_YEAR},
            )
        return day

    def clean_values(self):
        text = self.cleaned_data["values"]
        try:
            values = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValidationError(
                _("Giá trị (JSON) sai cú pháp ở dòng %(line)d, cột %(column)d."),
                params={"line": error.lineno, "column": error.colno},
            ) from None
        if not isinstance(values, dict):
            raise ValidationError(_("Giá trị (JSON) phải là một nhóm khóa {...}."))
        return values


class WorkingDaysForm(forms.Form):
    start = forms.DateField(
        label=_("Ngày bắt đầu"),
        widget=DateInput(),
        input_formats=_DATE_FORMATS,
        error_messages={
            "required": _("Hãy nhập ngày bắt đầu."),
            "invalid": _("Ngày bắt đầu không hợp lệ: hãy nhập theo dạng ngày/tháng/năm."),
        },
    )
    days = forms.IntegerField(
        label=_("Số ngày làm việc"),
        min_value=0,
        max_value=1000,
        help_text=_("Không tính ngày bắt đầu. Nhập 0 để lấy chính ngày bắt đầu, hoặc ngày làm việc kế tiếp."),
        error_messages={
            "required": _("Hãy nhập số ngày làm việc."),
            "invalid": _("Số ngày làm việc phải là một số nguyên."),
            "min_value": _("Số ngày làm việc không được nhỏ hơn %(limit_value)s."),
            "max_value": _("Số ngày làm việc không được lớn hơn %(limit_value)s."),
        },
    )

    def clean_start(self):
        day = self.cleaned_data["start"]
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise ValidationError(
                _("Ngày bắt đầu phải trong các năm %(first)d–%(last)d."),
                params={"first": MIN_YEAR, "last": MAX_YEAR},
            )
        return day
