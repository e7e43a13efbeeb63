"""The demo's members' work: tasks from the last meetings, notebook checks, the 2026 fee sheets, the monthly
ratings and the quality reviews."""

from io import StringIO

import pytest
from django.core.management import call_command

from chibo.organizations.models import Organization
from chibo.work import fees, quality, ratings
from chibo.work.models import FeeRecord, MonthlyRating, Note, NotebookCheck, QualityReview, Task

pytestmark = pytest.mark.django_db


def test_the_demo_has_tasks_checks_fee_sheets_ratings_and_reviews(settings):
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
    # Monthly ratings, five years of reviews decided and the 2026 review under way.
    rated = MonthlyRating.objects.values_list("organization", flat=True).first()
    cell = Organization.objects.get(pk=rated)
    months = ratings.cell_distribution(cell, 2026)
    assert sum(sum(m["cells"]) for m in months) > 0  # final ratings (approved minutes)
    assert set(QualityReview.objects.filter(year__lt=2026).values_list("stage", flat=True)) == {"decided"}
    assert {"submitted", "proposed"} <= set(
        QualityReview.objects.filter(year=2026).values_list("stage", flat=True)
    )
    root = Organization.objects.get(depth=1, name__startswith="Đảng bộ")
    members = quality.streaks(unit=root, level="excellent", min_years=5, through=2025, collective=False)
    units = quality.streaks(unit=root, level="excellent", min_years=5, through=2025, collective=True)
    assert members and units and members[0].years == 5
    assert not QualityReview.objects.filter(member__user__username="dangvien", year=2026).exists()
