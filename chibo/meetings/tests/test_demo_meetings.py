"""The demo's two years of meetings (issue: "Two years of monthly meetings for every cell of the demo, with
attendance, minutes, a few late or missed months, one corrected record")."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Min

from chibo.meetings.models import Attendance, DutyTurn, Meeting, Minutes, MinutesVersion
from chibo.meetings.services import minutes_chain_problems
from chibo.organizations.models import Organization

pytestmark = pytest.mark.django_db
CELLS = (Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL)


@pytest.fixture(autouse=True)
def _development(settings):
    settings.DEBUG = True


def test_two_years_of_meetings_in_every_cell():
    call_command("demo", stdout=StringIO())
    root = Organization.objects.get(code="DEMO-KHOI")
    cells = Organization.objects.filter(path__startswith=root.path, kind__in=CELLS, dissolved_on__isnull=True)
    past = Meeting.objects.filter(day__lte=datetime.date(2026, 11, 23))
    per_cell = dict(past.values_list("organization_id").annotate(n=Count("id")))
    assert set(per_cell) == set(cells.values_list("id", flat=True))
    assert set(per_cell.values()) == {24}  # December 2024 – November 2026, one a month
    assert past.aggregate(first=Min("day"))["first"] >= datetime.date(2024, 12, 1)
    assert 0 < past.filter(status=Meeting.Status.CANCELLED).count() < 100  # a few missed months
    assert Attendance.objects.filter(presence=Attendance.Presence.UNEXCUSED).exists()
    assert Minutes.objects.filter(status=Minutes.Status.DRAFT).exists()  # recent minutes not approved yet
    corrected = MinutesVersion.objects.filter(number=2)
    assert corrected.count() == 1 and corrected.get().reason
    late = [
        v
        for v in MinutesVersion.objects.filter(number=1).select_related("minutes__meeting")
        if (v.created_at - v.minutes.meeting.ended_at).days >= 5
    ]
    assert late
    assert all(minutes_chain_problems(organization=cell) == [] for cell in cells[:20])
    assert DutyTurn.objects.filter(meeting__day__gt=datetime.date(2026, 11, 23)).exists()
