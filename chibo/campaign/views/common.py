"""What the pages of the campaign share."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from chibo.campaign import selectors
from chibo.campaign.models import Campaign
from chibo.organizations.models import Organization


def year_of(request, default: int | None = None) -> int:
    return selectors.year_from(request.GET.get("nam"), default or timezone.localdate().year)


def chosen_campaign(request, unit: Organization, year: int) -> tuple[Campaign | None, list[Campaign]]:
    """The campaigns of the year that cover ``unit``, that it organizes or that units below it organize (one
    query), and the one chosen with ``?chuyen-de=`` (404 when it is not among them)."""
    campaigns = list(
        Campaign.objects.filter(year=year)
        .filter(Q(organizer_path__in=unit.lineage_paths) | Q(organizer_path__startswith=unit.path))
        .select_related("organizer")
        .order_by("organizer_path")[:200]
    )
    raw = request.GET.get("chuyen-de")
    if not raw:
        return None, campaigns
    chosen = next((c for c in campaigns if str(c.pk) == raw), None)
    if chosen is None:
        raise Http404
    return chosen, campaigns


def query(year: int, campaign: Campaign | None) -> str:
    return f"?nam={year}" + (f"&chuyen-de={campaign.pk}" if campaign else "")


def with_indent(units: list[Any]) -> list[Any]:
    top = min((o.depth for o in units), default=0)
    for o in units:
        o.indent = "\u00a0\u00a0" * (o.depth - top)
    return units
