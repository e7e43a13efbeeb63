"""Writes of official documents: the register of numbers."""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, Q

from chibo.documents.models import DocumentNumber
from chibo.organizations.models import Organization, Term


def term_on(*, organization: Organization, day: datetime.date) -> Term | None:
    """The unit's term in force on ``day`` (the latest one started by then and not ended before it)."""
    return (
        Term.objects.filter(organization=organization, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("-starts_on", "-id")
        .first()
    )


@transaction.atomic
def document_number_issue(
    *, organization: Organization, doc_type: str, day: datetime.date, meeting: Any = None
) -> DocumentNumber:
    """The next number of ``doc_type`` in the unit's term in force on ``day`` (numbers run per type across the
    term, not per year). A meeting that already has a number of this type keeps it. The unit's row is locked
    while the number is chosen, so two people printing at once never get the same number."""
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    if meeting is not None:
        issued = DocumentNumber.objects.filter(meeting=meeting, doc_type=doc_type).first()
        if issued is not None:
            return issued
    term = term_on(organization=organization, day=day)
    last = DocumentNumber.objects.filter(organization=organization, term=term, doc_type=doc_type).aggregate(
        last=Max("number")
    )["last"]
    return DocumentNumber.objects.create(
        organization=organization,
        term=term,
        doc_type=doc_type,
        number=(last or 0) + 1,
        meeting=meeting,
        issued_on=day,
    )
