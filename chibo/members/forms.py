"""Forms of the member register: the list filters and one form per use case of ``services.py``.

Field names are the keyword names of the services, so that a service's ValidationError lands on its field.
"""

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from chibo.members.models import CorrectionRequest, Member, PartyGap
from chibo.members.selectors import MemberFilters
from chibo.organizations.forms import DateInput
from chibo.organizations.models import Organization

CITIZEN_ID = re.compile(r"^[0-9]{12}$")


def _today() -> datetime.date:
    return timezone.localdate()


def _format(message: Any, **values: Any) -> str:
    return str(message) % {name: str(value) for name, value in values.items()}


# Messages built at import time must still follow the language of each request.
_format_lazy = lazy(_format, str)


def _date(label, *, required: bool = True, initial: Any = None, **kwargs) -> forms.DateField:
    """A date field with the browser's date picker and messages that name the field."""
    return forms.DateField(
        label=label,
        widget=DateInput(),
        required=required,
        initial=initial,
        error_messages={
            "required": _format_lazy(_("Hãy nhập “%(field)s”."), field=label),
            "invalid": _format_lazy(_("“%(field)s” không hợp lệ."), field=label),
        },
        **kwargs,
    )


class UnitChoiceField(forms.ModelChoiceField):
    """Organizations of the tree, indented by depth so that the select reads like the tree."""

    def label_from_instance(self, obj: Organization) -> str:
        return "— " * max(obj.depth - 1, 0) + obj.name


# ---------------------------------------------------------------------------------------------------------------
# The list


class MemberFilterForm(forms.Form):
    """The filters of the register list. The field names are the query parameters of the page."""

    q = forms.CharField(
        label=_("Tìm đảng viên"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Họ tên hoặc số CCCD")}),
    )
    to_chuc = UnitChoiceField(
        label=_("Đơn vị"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Tất cả đơn vị được xem"),
    )
    tinh_trang = forms.MultipleChoiceField(
        label=_("Tình trạng"),
        choices=Member.Status.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn: các đảng viên đang sinh hoạt."),
    )
    trinh_do = forms.ChoiceField(
        label=_("Trình độ chuyên môn"),
        required=False,
        choices=[("", _("Tất cả"))] + [(v, label) for v, label in Member.Education.choices if v],
    )
    ly_luan = forms.ChoiceField(
        label=_("Lý luận chính trị"),
        required=False,
        choices=[("", _("Tất cả"))] + [(v, label) for v, label in Member.Theory.choices if v],
    )
    tuoi_tu = forms.IntegerField(
        label=_("Tuổi đảng từ (năm)"),
        required=False,
        min_value=0,
        max_value=120,
        error_messages={"invalid": _("Tuổi đảng phải là một số năm.")},
    )
    tuoi_den = forms.IntegerField(
        label=_("Tuổi đảng đến (năm)"),
        required=False,
        min_value=0,
        max_value=120,
        error_messages={"invalid": _("Tuổi đảng phải là một số năm.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"].queryset = units

    def clean(self):
        data = super().clean()
        low, high = data.get("tuoi_tu"), data.get("tuoi_den")
        if low is not None and high is not None and low > high:
            self.add_error("tuoi_den", _("Tuổi đảng “đến” phải không nhỏ hơn tuổi đảng “từ”."))
        return data

    def filters(self) -> MemberFilters:
        """The selector's filters from the valid fields (an invalid field filters nothing)."""
        data = self.cleaned_data if self.is_bound else {}
        return MemberFilters(
            organization=data.get("to_chuc"),
            query=(data.get("q") or "").strip(),
            statuses=list(data.get("tinh_trang") or []),
            education=data.get("trinh_do") or "",
            theory=data.get("ly_luan") or "",
            age_min=data.get("tuoi_tu"),
            age_max=data.get("tuoi_den"),
        )


# ---------------------------------------------------------------------------------------------------------------
# The profile


class ProfileForm(forms.Form):
    """The profile fields an officer may change (``services.EDITABLE_FIELDS``)."""

    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=255, error_messages={"required": _("Hãy nhập họ và tên.")}
    )
    sex = forms.ChoiceField(
        label=_("Giới tính"),
        choices=[("", "—"), *Member.Sex.choices],
        error_messages={"required": _("Hãy chọn giới tính.")},
    )
    born_on = _date(_("Ngày sinh"))
    ethnicity = forms.CharField(label=_("Dân tộc"), max_length=64, required=False, initial="Kinh")
    religion = forms.CharField(label=_("Tôn giáo"), max_length=64, required=False, initial="Không")
    hometown = forms.CharField(label=_("Quê quán"), max_length=255, required=False)
    residence = forms.CharField(label=_("Nơi cư trú"), max_length=255, required=False)
    job = forms.CharField(label=_("Nghề nghiệp"), max_length=255, required=False)
    position = forms.CharField(label=_("Chức vụ chính quyền, đoàn thể"), max_length=255, required=False)
    education = forms.ChoiceField(
        label=_("Trình độ chuyên môn"), choices=Member.Education.choices, required=False
    )
    political_theory = forms.ChoiceField(
        label=_("Lý luận chính trị"), choices=Member.Theory.choices, required=False
    )
    card_number = forms.CharField(label=_("Số thẻ đảng viên"), max_length=32, required=False)
    admitted_on = _date(_("Ngày vào Đảng (quyết định kết nạp)"))
    ceremony_on = _date(_("Ngày kết nạp (lễ)"), required=False)
    full_on = _date(_("Ngày chính thức"), required=False)
    seriously_ill = forms.BooleanField(label=_("Ốm đau nặng (xét tặng Huy hiệu sớm)"), required=False)

    def clean(self):
        data = super().clean()
        born, admitted = data.get("born_on"), data.get("admitted_on")
        if born and born > _today():
            self.add_error("born_on", _("Ngày sinh không thể ở tương lai."))
        if born and admitted and admitted <= born:
            self.add_error("admitted_on", _("Ngày vào Đảng phải sau ngày sinh."))
        return data


class MemberCreateForm(ProfileForm):
    """A new member in a cell. ``organization`` is offered only when the page was not opened from a cell."""

    organization = UnitChoiceField(
        label=_("Chi bộ"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("Hãy chọn chi bộ.")},
    )
    citizen_id = forms.CharField(
        label=_("Số CCCD"),
        max_length=12,
        error_messages={"required": _("Hãy nhập số CCCD.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[(s.value, s.label) for s in (Member.Status.PROBATIONARY, Member.Status.FULL)],
        initial=Member.Status.PROBATIONARY,
    )
    joined_on = _date(
        _("Ngày bắt đầu sinh hoạt tại chi bộ"),
        required=False,
        help_text=_("Để trống nếu đảng viên sinh hoạt ở chi bộ này từ ngày vào Đảng."),
    )

    field_order = [
        "organization",
        "citizen_id",
        "full_name",
        "sex",
        "born_on",
        "ethnicity",
        "religion",
        "hometown",
        "residence",
        "job",
        "position",
        "education",
        "political_theory",
        "card_number",
        "admitted_on",
        "ceremony_on",
        "status",
        "full_on",
        "joined_on",
        "seriously_ill",
    ]

    def __init__(self, *args, cells=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cells is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = cells

    def clean_citizen_id(self) -> str:
        value = self.cleaned_data["citizen_id"].strip().replace(" ", "")
        if not CITIZEN_ID.match(value):
            raise forms.ValidationError(_("Số CCCD phải gồm đúng 12 chữ số."))
        if Member.objects.filter(citizen_id=value).exists():
            raise forms.ValidationError(_("Số CCCD %(id)s đã có trong sổ đảng viên.") % {"id": value})
        return value

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == Member.Status.FULL
            and not data.get("full_on")
            and "full_on" not in self.errors
        ):
            self.add_error("full_on", _("Đảng viên chính thức cần có ngày chính thức."))
        return data


# ---------------------------------------------------------------------------------------------------------------
# Status, transfers, gaps, badges


class _Decision(forms.Form):
    decision = forms.CharField(
        label=_("Số quyết định"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Quyết định số 123-QĐ/ĐU ngày 01/7/2025"),
    )


class StatusForm(_Decision):
    # Transfers out and temporary membership elsewhere have their own forms.
    CHOICES = [
        s
        for s in Member.Status
        if s not in (Member.Status.TRANSFERRED_OUT, Member.Status.TEMPORARY_ELSEWHERE)
    ]

    status = forms.ChoiceField(
        label=_("Tình trạng mới"), error_messages={"required": _("Hãy chọn tình trạng.")}
    )
    on = _date(_("Ngày thay đổi"), initial=_today)
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)
    field_order = ["status", "on", "reason", "decision"]

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (s.value, s.label) for s in self.CHOICES if s.value != current
        ]


class TransferForm(forms.Form):
    to = UnitChoiceField(
        label=_("Chuyển đến chi bộ"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("Hãy chọn chi bộ chuyển đến.")},
    )
    on = _date(_("Ngày chuyển"), initial=_today)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = cells


class TransferOutForm(_Decision):
    destination = forms.CharField(
        label=_("Nơi chuyển đến"),
        max_length=200,
        help_text=_("Tổ chức đảng ngoài hệ thống, ví dụ: Đảng bộ xã Tân Phú, tỉnh Đồng Nai"),
        error_messages={"required": _("Hãy ghi nơi chuyển đến.")},
    )
    on = _date(_("Ngày chuyển đi"), initial=_today)
    field_order = ["destination", "on", "decision"]


class TransferInForm(_Decision):
    to = UnitChoiceField(
        label=_("Tiếp nhận vào chi bộ"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("Hãy chọn chi bộ tiếp nhận.")},
    )
    on = _date(_("Ngày tiếp nhận"), initial=_today)
    gap_from = _date(
        _("Gián đoạn sinh hoạt từ ngày"),
        required=False,
        help_text=_(
            "Thời gian từ ngày này đến ngày tiếp nhận không tính tuổi đảng. Để trống nếu không gián đoạn."
        ),
    )
    field_order = ["to", "on", "gap_from", "decision"]

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = cells

    def clean(self):
        data = super().clean()
        gap_from, on = data.get("gap_from"), data.get("on")
        if gap_from and on and gap_from >= on:
            self.add_error("gap_from", _("Ngày bắt đầu gián đoạn phải trước ngày tiếp nhận."))
        return data


class TemporaryForm(forms.Form):
    at = UnitChoiceField(
        label=_("Sinh hoạt tạm thời tại chi bộ"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("Hãy chọn chi bộ sinh hoạt tạm thời.")},
    )
    starts_on = _date(_("Từ ngày"), initial=_today)
    ends_on = _date(_("Đến ngày"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].queryset = cells


class GapForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=PartyGap.Kind.choices)
    starts_on = _date(_("Từ ngày"))
    ends_on = _date(_("Đến ngày"))


class BadgeAwardForm(_Decision):
    years = forms.TypedChoiceField(
        label=_("Huy hiệu"), coerce=int, error_messages={"required": _("Hãy chọn mốc Huy hiệu.")}
    )
    awarded_on = _date(_("Ngày trao"), initial=_today)
    field_order = ["years", "awarded_on", "decision"]

    def __init__(self, *args, milestones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["years"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (y, _("Huy hiệu %(years)s năm tuổi Đảng") % {"years": y}) for y in milestones
        ]


# ---------------------------------------------------------------------------------------------------------------
# Correction requests


class CorrectionRequestForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung cần sửa"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ghi rõ thông tin nào sai và thông tin đúng là gì."),
        error_messages={"required": _("Hãy ghi nội dung cần sửa.")},
    )


class CorrectionResolveForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[
            (s.value, s.label) for s in (CorrectionRequest.State.DONE, CorrectionRequest.State.DECLINED)
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn kết quả xử lý.")},
    )
    answer = forms.CharField(
        label=_("Trả lời đảng viên"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("state") == CorrectionRequest.State.DECLINED and not (data.get("answer") or "").strip():
            self.add_error("answer", _("Khi không sửa, hãy trả lời lý do cho đảng viên."))
        return data
