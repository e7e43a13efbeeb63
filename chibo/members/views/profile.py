"""The register's figures for a unit, shown on the unit's page (seed 003: "11 members; 100 % university; 100 %
senior political theory; 3 masters")."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.members import rules, selectors
from chibo.members.models import Member
from chibo.organizations.access import Action, access_organization
from chibo.rulesets.selectors import ruleset_on


@login_required
def organization_profile(request, pk: int):
    organization = access_organization(request.user, pk, Action.VIEW_MEMBERS)
    profile = selectors.organization_profile(organization=organization)
    members_rules = ruleset_on(timezone.localdate()).values["members"]
    edu, th = profile.by_education, profile.by_theory
    E, T = Member.Education, Member.Theory
    higher = edu.get(E.UNIVERSITY, 0) + edu.get(E.MASTER, 0) + edu.get(E.DOCTOR, 0)
    # As the cells report it (seed 003): "100 % university, of whom 3 masters"; "100 % senior political theory".
    education = [
        (_("Đại học trở lên"), higher),
        (_("trong đó thạc sĩ"), edu.get(E.MASTER, 0)),
        (_("trong đó tiến sĩ"), edu.get(E.DOCTOR, 0)),
    ]
    theory = [
        (_("Cao cấp, cử nhân"), th.get(T.ADVANCED, 0) + th.get(T.BACHELOR, 0)),
        (_("Trung cấp"), th.get(T.INTERMEDIATE, 0)),
        (_("Sơ cấp"), th.get(T.ELEMENTARY, 0)),
    ]
    education_rows = [(label, n, profile.share(n)) for label, n in education if n]
    theory_rows = [(label, n, profile.share(n)) for label, n in theory if n]
    context = {
        "organization": organization,
        "profile": profile,
        "education": education_rows,
        "theory": theory_rows,
        "too_small": organization.is_cell
        and rules.cell_too_small(full_members=profile.full, members_rules=members_rules),
        "min_full": members_rules["min_full_members_per_cell"],
    }
    template = (
        "members/partials/_organization_profile.html" if request.htmx else "members/organization_profile.html"
    )
    return render(request, template, context)


@login_required
def my_record(request):
    """The account's own register record, or a page saying the account has none."""
    member = Member.objects.filter(user=request.user).only("pk").first()
    if member is not None:
        return redirect("members:detail", member.pk)
    return render(request, "members/no_record.html", status=404)


urlpatterns = [
    path("to-chuc/<int:pk>/so-lieu/", organization_profile, name="organization_profile"),
    path("cua-toi/", my_record, name="mine"),
]
