"""The demo's thematic topics: several years, an uneven spread of categories, late, returned, unevaluated."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from chibo.topics.models import Supervision, ThematicPlan, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo", "--parts=members,meetings,topics", stdout=StringIO())


def test_the_demo_has_years_of_topics_with_an_uneven_spread(demo):
    topics = Topic.objects.all()
    years = set(topics.values_list("year", flat=True))
    assert {2022, 2023, 2024, 2025, 2026} <= years
    by_category = Counter(topics.values_list("category__code", flat=True))
    total = sum(by_category.values())
    assert by_category["nhiem-vu-chinh-tri"] / total > 0.6  # heavy on professional tasks (seed 002)
    assert by_category["xay-dung-dang"] / total < 0.15
    statuses = Counter(topics.values_list("status", flat=True))
    assert statuses["returned"] > 0 and statuses["draft"] > 0 and statuses["submitted"] > 0
    assert statuses["held"] > statuses["evaluated"] > 0  # many held meetings have no evaluation
    assert topics.filter(late=True).count() > 0
    assert topics.filter(meeting__isnull=False, status__in=["held", "evaluated"]).exists()
    evaluated = Supervision.objects.exclude(evaluated_at=None)
    assert evaluated.count() == statuses["evaluated"]
    assert all(s.score and s.max_score == 100 for s in evaluated)
    assert Supervision.objects.filter(evaluated_at=None).exists()
    assert ThematicPlan.objects.filter(status="published").exists()
