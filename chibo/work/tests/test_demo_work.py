"""The demo's members' work: tasks from the last meetings, notebook checks, the 2026 fee sheets."""

from io import StringIO

import pytest
from django.core.management import call_command

from chibo.work import fees
from chibo.work.models import FeeRecord, Note, NotebookCheck, Task

pytestmark = pytest.mark.django_db


def test_the_demo_has_tasks_checks_and_fee_sheets(settings):
    settings.DEBUG = True
    call_command("demo", "--parts=members,meetings,work", stdout=StringIO())
    statuses = set(Task.objects.values_list("status", flat=True))
    assert {"done", "not_done", "open"} <= statuses
    assert Task.objects.filter(meeting__isnull=False, assignees__isnull=False).exists()
    assert (
        NotebookCheck.objects.filter(result="good").count()
        > NotebookCheck.objects.exclude(result="good").count()
    )
    assert set(FeeRecord.objects.values_list("month", flat=True)) == set(range(1, 12))
    behind = FeeRecord.objects.filter(paid_vnd=0).values_list("organization", flat=True).first()
    assert behind is not None
    sheet = fees.fee_sheet(
        organization=FeeRecord.objects.filter(organization=behind).first().organization, year=2026, month=11
    )
    assert sheet.flagged  # a member three months or more behind shows the warning
    assert Note.objects.filter(member__user__username="dangvien").count() == 3
