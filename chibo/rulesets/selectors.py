"""Reads of rule sets. Nothing is cached across requests: an administrator may add a version at any time.

A decision uses the rule set in force on the date of the event it decides (DOMAIN.md, "rules are data").
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from chibo.rulesets import rules
from chibo.rulesets.models import RuleSet


class NoRuleSetInForce(LookupError):
    """No rule set has an effective date on or before the day asked for."""

    def __init__(self, day: datetime.date) -> None:
        self.day = day
        super().__init__(
            _("Không có bộ quy tắc nào có hiệu lực vào ngày %(day)s.") % {"day": day.strftime("%d/%m/%Y")}
        )


def ruleset_list() -> QuerySet[RuleSet]:
    """Every version, newest effective date first."""
    return RuleSet.objects.select_related("created_by").order_by("-effective_from")


def ruleset_on(day: datetime.date) -> RuleSet:
    """The rule set in force on ``day``: the greatest ``effective_from`` not after it (one query).
    Raises NoRuleSetInForce when every version starts later."""
    ruleset = RuleSet.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if ruleset is None:
        raise NoRuleSetInForce(day)
    return ruleset


def ruleset_for_year(year: int) -> RuleSet:
    """The rule set to show a year's holiday calendar with: the one in force on 1 January, or, for a year
    before every version, the earliest version. Raises NoRuleSetInForce when there is no version at all."""
    first_day = datetime.date(year, 1, 1)
    ruleset = RuleSet.objects.filter(effective_from__lte=first_day).order_by("-effective_from").first()
    if ruleset is None:
        ruleset = RuleSet.objects.order_by("effective_from").first()
    if ruleset is None:
        raise NoRuleSetInForce(first_day)
    return ruleset


def calendar_of(ruleset: RuleSet) -> rules.CalendarRules:
    """The holiday calendar of a rule set (``values["calendar"]``)."""
    return rules.CalendarRules.from_values(ruleset.values["calendar"])


def calendar_on(day: datetime.date) -> rules.CalendarRules:
    """The holiday calendar of the rule set in force on ``day``."""
    return calendar_of(ruleset_on(day))


def working_days_add(start: datetime.date, n: int) -> datetime.date:
    """``n`` working days after ``start`` on the calendar of the rule set in force on ``start``
    (see ``rules.add_working_days``)."""
    return rules.add_working_days(start, n, calendar_on(start))


def is_working_day(day: datetime.date) -> bool:
    """Is ``day`` a working day under the rule set in force on it?"""
    return rules.is_working_day(day, calendar_on(day))
