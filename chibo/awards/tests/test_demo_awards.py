"""The demo's emulation and commendation: the 2026 movement with its registrations (the rates in the nineties), the
clusters with cluster VI split in two, a pact and its results, awards from the decided reviews with streaks, and the
council's 2026 round waiting for its list."""

from io import StringIO

import pytest
from django.core.management import call_command

from chibo.awards import selectors
from chibo.awards.models import Award, Initiative, NominationRound
from chibo.emulation import selectors as emulation_selectors
from chibo.emulation.models import Cluster, ClusterResult, Movement, Pact, Registration
from chibo.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_demo_has_emulation_and_commendation(settings):
    settings.DEBUG = True
    call_command("demo", "--parts=members,meetings,work,emulation,awards", stdout=StringIO())
    root = Organization.objects.get(code="DEMO-KHOI")
    movement = Movement.objects.get(year=2026)
    assert Registration.objects.filter(movement=movement, status="rejected").count() == 1
    assert {"approved", "submitted"} <= set(Registration.objects.values_list("status", flat=True))
    assert Cluster.objects.filter(year=2025).count() == 6
    assert set(Cluster.objects.filter(year=2026, origin="split").values_list("name", flat=True)) == {
        "Cụm XI",
        "Cụm XII",
    }
    assert Pact.objects.filter(cluster__year=2025, cluster__name="Cụm I").exists()
    assert ClusterResult.objects.filter(cluster__name="Cụm I", cluster__year=2025).count() >= 2
    assert Award.objects.filter(honour="lao_dong_tien_tien").exists()
    assert Award.objects.filter(honour="chien_si_thi_dua_co_so").count() == Initiative.objects.count()
    assert Award.objects.filter(honour="tap_the_lao_dong_xuat_sac").exists()
    rows = selectors.award_streaks(
        unit=root, honour="lao_dong_tien_tien", min_years=5, through=2025, collective=False
    )
    assert rows and rows[0].years == 5
    round_ = NominationRound.objects.get()
    assert round_.status == "preparing" and round_.voters.count() >= 3
    rates = emulation_selectors.participation(unit=root, year=2026, movement=movement)
    assert rates.total.collectives == rates.total.units  # every unit registered
    assert 0.9 < rates.total.individuals / rates.total.members < 0.99
