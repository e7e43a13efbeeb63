import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.forms import add_service_errors
from chibo.organizations.access import Action, allowed, require
from chibo.rulesets import labels, lunar, rules, selectors, services
from chibo.rulesets.forms import MAX_YEAR, MIN_YEAR, RuleSetForm, WorkingDaysForm
from chibo.rulesets.models import RuleSet

ONE_DAY = datetime.timedelta(days=1)


def _kind_labels() -> dict[str, str]:
    return {
        rules.HolidayKind.HOLIDAY: _("Ngày lễ"),
        rules.HolidayKind.TET: _("Nghỉ Tết"),
        rules.HolidayKind.COMPENSATORY: _("Nghỉ bù"),
        rules.HolidayKind.DAY_OFF: _("Nghỉ thêm theo quyết định"),
    }


def _lunar_label(day: datetime.date) -> str:
    moon = lunar.solar_to_lunar(day)
    if moon.leap:
        return _("%(day)d/%(month)d (nhuận)") % {"day": moon.day, "month": moon.month}
    return f"{moon.day}/{moon.month}"


@login_required
def ruleset_list(request):
    """Every version with the period it covers; the one in force today is marked."""
    today = timezone.localdate()
    rows = []
    in_force = None
    next_start = None
    for ruleset in selectors.ruleset_list():  # newest first
        until = next_start - ONE_DAY if next_start else None
        is_current = in_force is None and ruleset.effective_from <= today
        if is_current:
            in_force = ruleset
        rows.append({"ruleset": ruleset, "until": until, "in_force": is_current})
        next_start = ruleset.effective_from
    context = {
        "rows": rows,
        "in_force": in_force,
        "today": today,
        "can_add": allowed(request.user, Action.MANAGE_RULESETS),
        "year": today.year,
    }
    return render(request, "rulesets/list.html", context)


@login_required
def ruleset_detail(request, pk: int):
    ruleset = get_object_or_404(RuleSet.objects.select_related("created_by"), pk=pk)
    following = (
        RuleSet.objects.filter(effective_from__gt=ruleset.effective_from).order_by("effective_from").first()
    )
    today = timezone.localdate()
    context = {
        "ruleset": ruleset,
        "until": following.effective_from - ONE_DAY if following else None,
        "in_force": ruleset.effective_from <= today
        and (following is None or following.effective_from > today),
        "groups": labels.grouped(ruleset.values),
        "values_json": json.dumps(ruleset.values, ensure_ascii=False, indent=2),
        "can_add": allowed(request.user, Action.MANAGE_RULESETS),
    }
    return render(request, "rulesets/detail.html", context)


@login_required
def ruleset_add(request):
    """Add a version: the form is prefilled with the values of the set in force today."""
    require(request.user, Action.MANAGE_RULESETS)
    if request.method == "POST":
        form = RuleSetForm(request.POST)
        if form.is_valid():
            try:
                ruleset = services.ruleset_add_version(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Đã thêm bộ quy tắc “%(name)s”, có hiệu lực từ ngày %(day)s.")
                    % {"name": ruleset.name, "day": ruleset.effective_from.strftime("%d/%m/%Y")},
                )
                return redirect(ruleset)
    else:
        form = RuleSetForm(
            initial={"values": json.dumps(services.reference_values(), ensure_ascii=False, indent=2)}
        )
    return render(request, "rulesets/add.html", {"form": form})


@login_required
def holidays_redirect(request):
    """/ngay-le/?nam=2027 -> /ngay-le/2027/ (the current year when the year is missing or wrong)."""
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = timezone.localdate().year
    if not MIN_YEAR <= year <= MAX_YEAR:
        year = timezone.localdate().year
    return redirect("rulesets:holidays", year=year)


@login_required
def holidays(request, year: int):
    """The days off of one year under the rule set in force on its first day."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    context: dict = {"year": year, "previous_year": year - 1, "next_year": year + 1}
    try:
        ruleset = selectors.ruleset_for_year(year)
    except selectors.NoRuleSetInForce as error:
        context["problem"] = str(error)
        return render(request, "rulesets/holidays.html", context)
    calendar = selectors.calendar_of(ruleset)
    kinds = _kind_labels()
    context["rows"] = [
        {
            "day": h.day,
            "weekday": labels.WEEKDAYS[h.day.weekday()],
            "lunar": _lunar_label(h.day),
            "name": h.name,
            "kind": kinds.get(h.kind, h.kind),
            "weekend": h.day.weekday() in calendar.weekend,
        }
        for h in rules.holiday_list(year, calendar)
    ]
    context["make_up_days"] = [
        {"day": d, "weekday": labels.WEEKDAYS[d.weekday()], "name": n}
        for d, n in sorted(rules.make_up_working_days(year, calendar).items())
    ]
    override = calendar.override_for(year)
    context["override_note"] = override.note if override else ""
    first = datetime.date(year, 1, 1)
    context["working_day_count"] = rules.working_days_between(
        first - ONE_DAY, datetime.date(year, 12, 31), calendar
    )
    context["weekend"] = ", ".join(str(labels.WEEKDAYS[d]) for d in sorted(calendar.weekend))
    context["ruleset"] = ruleset
    context["has_previous"] = year - 1 >= MIN_YEAR
    context["has_next"] = year + 1 <= MAX_YEAR
    return render(request, "rulesets/holidays.html", context)


@login_required
def working_days(request):
    """The date N working days after a start date, with the days off skipped on the way."""
    form = WorkingDaysForm(request.GET if "start" in request.GET else None)
    context: dict = {"form": form}
    if form.is_bound and form.is_valid():
        start, n = form.cleaned_data["start"], form.cleaned_data["days"]
        try:
            ruleset = selectors.ruleset_on(start)
        except selectors.NoRuleSetInForce as error:
            form.add_error("start", str(error))
        else:
            calendar = selectors.calendar_of(ruleset)
            try:
                result = rules.add_working_days(start, n, calendar)
            except ValueError:  # beyond the years the lunar calendar is computed for
                form.add_error("days", _("Số ngày làm việc quá lớn so với ngày bắt đầu."))
            else:
                skipped = [
                    h
                    for year in range(start.year, result.year + 1)
                    for h in rules.holiday_list(year, calendar)
                    if start < h.day <= result
                ]
                context.update(
                    result=result,
                    result_weekday=labels.WEEKDAYS[result.weekday()],
                    start=start,
                    days=n,
                    calendar_days=(result - start).days,
                    skipped=skipped,
                    ruleset=ruleset,
                )
    return render(request, "rulesets/working_days.html", context)
