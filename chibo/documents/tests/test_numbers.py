"""Numbers run per document type across the term, not per year; a meeting keeps its number."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from chibo.documents.models import DocumentNumber
from chibo.documents.services import document_number_issue, term_on
from chibo.meetings.tests.test_documents import approved_meeting
from chibo.organizations.models import Term

D = datetime.date
BB, NQ = DocumentNumber.DocType.MINUTES, DocumentNumber.DocType.RESOLUTION
JUNE = D(2026, 6, 1)


def _issue(organization, doc_type=BB, day=JUNE, meeting=None):
    return document_number_issue(organization=organization, doc_type=doc_type, day=day, meeting=meeting)


def test_the_term_in_force_on_the_day(cell):
    assert term_on(organization=cell, day=D(2026, 12, 31)).name == "2020–2026"
    assert term_on(organization=cell, day=D(2027, 1, 1)).name == "2027–2032"
    assert term_on(organization=cell, day=D(2019, 1, 1)) is None


def test_numbers_run_across_years_within_a_term_and_restart_with_the_next(cell):
    numbers = [
        (n.number, n.term.name)
        for n in [
            _issue(cell, day=D(2025, 12, 3)),
            _issue(cell, day=D(2026, 1, 5)),
            _issue(cell, day=D(2027, 1, 4)),
        ]
    ]
    assert numbers == [(1, "2020–2026"), (2, "2020–2026"), (1, "2027–2032")]


def test_each_type_has_its_own_series_and_symbol(cell):
    assert [_issue(cell, BB).symbol, _issue(cell, BB).symbol, _issue(cell, NQ).symbol] == [
        "Số 01-BB/CB",
        "Số 02-BB/CB",
        "Số 01-NQ/CB",
    ]


def test_two_digit_numbers_and_beyond(cell):
    DocumentNumber.objects.create(
        organization=cell,
        term=term_on(organization=cell, day=D(2026, 6, 1)),
        doc_type=BB,
        number=11,
        issued_on=D(2026, 5, 1),
    )
    assert _issue(cell).symbol == "Số 12-BB/CB"


def test_units_number_apart(tree, cell):
    _issue(cell)
    assert _issue(tree["Chi bộ Hình sự"]).number == 1


def test_a_unit_without_a_term_numbers_across_its_life(tree):
    unit = tree["Chi bộ Thanh tra"]
    first, second = _issue(unit, day=D(2024, 1, 3)), _issue(unit, day=D(2026, 1, 5))
    assert (first.term, first.number, second.term, second.number) == (None, 1, None, 2)


def test_a_meeting_keeps_its_number(cell, secretary):
    meeting = approved_meeting(actor=secretary, cell=cell, day=D(2026, 12, 3))
    first = _issue(cell, day=meeting.day, meeting=meeting)
    _issue(cell, day=meeting.day)  # another minutes in between
    again = _issue(cell, day=meeting.day, meeting=meeting)
    assert (again.pk, again.number) == (first.pk, 1)
    assert DocumentNumber.objects.filter(meeting=meeting).count() == 1


@pytest.mark.parametrize("with_term", [True, False])
def test_the_register_refuses_a_number_twice(tree, cell, with_term):
    unit = cell if with_term else tree["Chi bộ Thanh tra"]
    term = Term.objects.get(organization=cell, name="2020–2026") if with_term else None
    DocumentNumber.objects.create(
        organization=unit, term=term, doc_type=BB, number=1, issued_on=D(2026, 1, 5)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentNumber.objects.create(
            organization=unit, term=term, doc_type=BB, number=1, issued_on=D(2026, 2, 3)
        )
    DocumentNumber.objects.create(
        organization=unit, term=term, doc_type=NQ, number=1, issued_on=D(2026, 2, 3)
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_people_printing_at_once_get_different_numbers(transactional_db, tree):
    unit = tree["Chi bộ Ngân sách"]
    barrier = threading.Barrier(4)
    issued, errors = [], []

    def issue():
        try:
            barrier.wait()
            issued.append(_issue(unit).number)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(issued) == [1, 2, 3, 4]
