import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from chibo.meetings.models import Attendance, CellSettings, Meeting
from chibo.meetings.sections import SECTIONS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = CellSettings
        fields = ["day_of_month", "time", "place", "notice_days", "shift"]
        widgets = {"time": TimeInput()}
        error_messages = {
            "day_of_month": {
                "required": _("Hãy nhập ngày sinh hoạt."),
                "invalid": _("Ngày sinh hoạt phải là số."),
            },
            "time": {"required": _("Hãy nhập giờ bắt đầu."), "invalid": _("Giờ bắt đầu không hợp lệ.")},
            "notice_days": {
                "required": _("Hãy nhập số ngày thông báo trước."),
                "invalid": _("Số ngày phải là số."),
            },
        }

    def clean_day_of_month(self):
        day = self.cleaned_data["day_of_month"]
        if not 1 <= day <= 31:
            raise forms.ValidationError(_("Ngày sinh hoạt phải từ 1 đến 31."))
        return day


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại"), choices=Meeting.Kind.choices, initial=Meeting.Kind.EXTRAORDINARY
    )
    day = forms.DateField(
        label=_("Ngày họp"),
        widget=DateInput(),
        error_messages={"required": _("Hãy nhập ngày họp."), "invalid": _("Ngày họp không hợp lệ.")},
    )
    time = forms.TimeField(
        label=_("Giờ"),
        widget=TimeInput(),
        initial=datetime.time(14),
        error_messages={"required": _("Hãy nhập giờ họp."), "invalid": _("Giờ họp không hợp lệ.")},
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    title = forms.CharField(label=_("Nội dung chính"), max_length=255, required=False)


class AttendanceForm(forms.Form):
    presence = forms.ChoiceField(label=_("Điểm danh"), choices=Attendance.Presence.choices)
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)
    reason_approved = forms.BooleanField(label=_("Lý do được chấp thuận"), required=False)


class MinutesForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in SECTIONS:
            self.fields[key] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
        self.fields["speakers"] = forms.CharField(
            label=_("Ý kiến phát biểu (mỗi dòng: Họ tên: nội dung chính)"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        self.fields["tasks"] = forms.CharField(
            label=_("Nhiệm vụ giao cho đảng viên (mỗi dòng: Họ tên | việc | hạn dd/mm/yyyy)"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        for key, label in (
            ("vote_yes", _("Tán thành")),
            ("vote_no", _("Không tán thành")),
            ("vote_abstain", _("Không biểu quyết")),
        ):
            self.fields[key] = forms.IntegerField(
                label=label,
                min_value=0,
                required=False,
                error_messages={"min_value": _("Số phiếu không thể âm.")},
            )

    def clean_tasks(self) -> list[dict]:
        tasks, problems = [], []
        for number, line in enumerate((self.cleaned_data.get("tasks") or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 3 or not parts[0] or not parts[1]:
                problems.append(_("Dòng %(n)s: cần đủ ba phần “Họ tên | việc | hạn”.") % {"n": number})
                continue
            try:
                day, month, year = (int(x) for x in parts[2].split("/"))
                deadline = datetime.date(year, month, day)
            except ValueError:
                problems.append(
                    _("Dòng %(n)s: hạn “%(value)s” không đúng dạng dd/mm/yyyy.")
                    % {"n": number, "value": parts[2]}
                )
                continue
            tasks.append({"assignee": parts[0], "title": parts[1], "deadline": deadline.isoformat()})
        if problems:
            raise forms.ValidationError(problems)
        return tasks

    def content(self) -> dict:
        data = self.cleaned_data
        content = {key: data.get(key, "") for key, _label in SECTIONS}
        speakers = []
        for line in (data.get("speakers") or "").splitlines():
            if line.strip():
                name, _sep, gist = line.partition(":")
                speakers.append({"name": name.strip(), "gist": gist.strip()})
        content["speakers"] = speakers
        content["vote"] = {k: data.get(f"vote_{k}") for k in ("yes", "no", "abstain")}
        content["tasks"] = data.get("tasks") or []
        return content

    @staticmethod
    def initial_from(content: dict, revision: int) -> dict:
        initial = {key: content.get(key, "") for key, _label in SECTIONS}
        initial["speakers"] = "\n".join(f"{s['name']}: {s['gist']}" for s in content.get("speakers", []))
        initial["tasks"] = "\n".join(
            f"{t['assignee']} | {t['title']} | {datetime.date.fromisoformat(t['deadline']):%d/%m/%Y}"
            for t in content.get("tasks", [])
        )
        for k, v in (content.get("vote") or {}).items():
            initial[f"vote_{k}"] = v
        initial["revision"] = revision
        return initial


class CorrectionForm(MinutesForm):
    reason = forms.CharField(
        label=_("Lý do đính chính"),
        max_length=255,
        error_messages={"required": _("Hãy ghi lý do đính chính.")},
    )
