import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chibo.organizations.models import Congress, Grant, Organization, Seat, Term


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _today() -> datetime.date:
    return timezone.localdate()


class _Dated(forms.Form):
    on = forms.DateField(
        label=_("Ngày hiệu lực"),
        widget=DateInput(),
        initial=_today,
        error_messages={
            "required": _("Hãy nhập ngày hiệu lực."),
            "invalid": _("Ngày hiệu lực không hợp lệ."),
        },
    )
    decision = forms.CharField(
        label=_("Số quyết định"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Quyết định số 123-QĐ/ĐU ngày 01/7/2025"),
    )


class CreateForm(forms.Form):
    name = forms.CharField(
        label=_("Tên tổ chức"), max_length=255, error_messages={"required": _("Hãy nhập tên tổ chức.")}
    )
    kind = forms.ChoiceField(label=_("Loại tổ chức"), choices=Organization.Kind.choices)
    code = forms.CharField(label=_("Mã (không bắt buộc)"), max_length=32, required=False)
    founded_on = forms.DateField(
        label=_("Ngày thành lập"),
        widget=DateInput(),
        initial=_today,
        error_messages={
            "required": _("Hãy nhập ngày thành lập."),
            "invalid": _("Ngày thành lập không hợp lệ."),
        },
    )
    decision = forms.CharField(label=_("Số quyết định"), max_length=255, required=False)


class RenameForm(_Dated):
    name = forms.CharField(
        label=_("Tên mới"), max_length=255, error_messages={"required": _("Hãy nhập tên mới.")}
    )
    field_order = ["name", "on", "decision"]


class MoveForm(_Dated):
    new_parent = forms.ModelChoiceField(
        label=_("Trực thuộc tổ chức"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("Hãy chọn tổ chức cấp trên mới.")},
    )
    field_order = ["new_parent", "on", "decision"]

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = candidates


class MergeForm(_Dated):
    sources = forms.ModelMultipleChoiceField(
        label=_("Các tổ chức sáp nhập vào tổ chức này"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một tổ chức để sáp nhập.")},
    )
    field_order = ["sources", "on", "decision"]

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = candidates


class SplitForm(_Dated):
    names = forms.CharField(
        label=_("Tên các tổ chức mới (mỗi dòng một tên)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Hãy nhập tên các tổ chức mới.")},
    )
    field_order = ["names", "on", "decision"]

    def clean_names(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]
        if len(names) < 2:
            raise forms.ValidationError(_("Chia tách cần ít nhất hai tên tổ chức mới."))
        if len(set(names)) != len(names):
            raise forms.ValidationError(_("Các tên tổ chức mới phải khác nhau."))
        return names


class DissolveForm(_Dated):
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận giải thể tổ chức này"),
        error_messages={"required": _("Hãy đánh dấu ô xác nhận.")},
    )


class TermForm(forms.Form):
    name = forms.CharField(
        label=_("Nhiệm kỳ"),
        max_length=64,
        help_text=_("Ví dụ: 2025–2030"),
        error_messages={"required": _("Hãy nhập tên nhiệm kỳ.")},
    )
    starts_on = forms.DateField(
        label=_("Bắt đầu"),
        widget=DateInput(),
        error_messages={"required": _("Hãy nhập ngày bắt đầu."), "invalid": _("Ngày bắt đầu không hợp lệ.")},
    )
    ends_on = forms.DateField(
        label=_("Kết thúc"),
        widget=DateInput(),
        required=False,
        error_messages={"invalid": _("Ngày kết thúc không hợp lệ.")},
    )


class CongressForm(forms.Form):
    term: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Nhiệm kỳ"),
        queryset=Term.objects.none(),
        error_messages={"required": _("Hãy chọn nhiệm kỳ.")},
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Congress.Kind.choices)
    held_on = forms.DateField(
        label=_("Ngày họp"),
        widget=DateInput(),
        error_messages={"required": _("Hãy nhập ngày họp."), "invalid": _("Ngày họp không hợp lệ.")},
    )
    delegates = forms.IntegerField(
        label=_("Số đại biểu / đảng viên dự"),
        min_value=1,
        required=False,
        error_messages={
            "min_value": _("Số đại biểu phải lớn hơn 0."),
            "invalid": _("Số đại biểu phải là số."),
        },
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = organization.terms.all()  # type: ignore[attr-defined]


class SeatForm(forms.Form):
    role = forms.ChoiceField(label=_("Chức vụ"), choices=Seat.Role.choices)
    holder_name = forms.CharField(
        label=_("Họ và tên"), max_length=255, error_messages={"required": _("Hãy nhập họ và tên.")}
    )
    username = forms.CharField(
        label=_("Tài khoản (tên đăng nhập, không bắt buộc)"), max_length=150, required=False
    )
    term: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Nhiệm kỳ"), queryset=Term.objects.none(), required=False
    )
    starts_on = forms.DateField(
        label=_("Từ ngày"),
        widget=DateInput(),
        initial=_today,
        error_messages={"required": _("Hãy nhập ngày bắt đầu."), "invalid": _("Ngày bắt đầu không hợp lệ.")},
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = organization.terms.all()  # type: ignore[attr-defined]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not username:
            return None
        user = get_user_model().objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(_("Không có tài khoản “%(username)s”.") % {"username": username})
        return user


class GrantForm(forms.Form):
    username = forms.CharField(
        label=_("Tài khoản (tên đăng nhập hoặc số CCCD)"),
        max_length=150,
        error_messages={"required": _("Hãy nhập tài khoản.")},
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=Grant.Role.choices)
    organization = forms.ModelChoiceField(
        label=_("Tổ chức"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("Hãy chọn tổ chức.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = candidates

    def clean_username(self):
        login = self.cleaned_data["username"].strip()
        users = get_user_model().objects.filter(username__iexact=login)
        if login.isdigit():
            users = users | get_user_model().objects.filter(citizen_id=login)
        user = users.first()
        if user is None:
            raise forms.ValidationError(_("Không có tài khoản “%(username)s”.") % {"username": login})
        return user
