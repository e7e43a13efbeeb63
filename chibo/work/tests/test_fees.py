"""Party fees: the amount from the rule set of the month, the sheet saved all or nothing, 3 unpaid months flagged."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from chibo.rulesets.defaults import CURRENT_VALUES
from chibo.work import fees, rules
from chibo.work.models import FeeRecord
from chibo.work.tests.test_tasks import cell  # noqa: F401  (the fixture)

D = datetime.date
FEES = CURRENT_VALUES["fees"]


@pytest.mark.parametrize(
    ("kind", "base", "due"),
    [
        ("salary", 8_500_000, 85_000),  # 1 %
        ("salary", 4_960_050, 49_601),  # 49,600.5 rounds half up
        ("pension", 6_000_000, 30_000),  # 0.5 %
        ("pension", 6_000_100, 30_001),  # 30,000.5 rounds half up
        ("student", 0, 5_000),
        ("fixed", 20_000, 20_000),
    ],
)
def test_the_fee_due(kind, base, due):
    assert rules.fee_due(kind=kind, base_vnd=base, fees=FEES) == due


def test_the_fee_follows_the_rule_set_values():
    assert rules.fee_due(kind="salary", base_vnd=8_000_000, fees={**FEES, "salary_percent": 0.8}) == 64_000


def test_three_unpaid_months_flag_two_do_not():
    assert rules.unpaid_months({1: True, 2: False, 3: True}, through_month=4) == [2, 4]
    assert rules.unpaid_months({5: True}, through_month=7, from_month=5) == [6, 7]
    assert not rules.removal_proposed([2, 4], fees=FEES)
    assert rules.removal_proposed([2, 4, 5], fees=FEES)


def _post(client, cell, year, month, rows, paid_on="2026-03-03"):  # noqa: F811
    data = {"member": [str(m.pk) for m in rows], "paid_on": paid_on}
    for m, (kind, base, paid, channel) in rows.items():
        data[f"kind_{m.pk}"], data[f"base_{m.pk}"], data[f"paid_{m.pk}"], data[f"channel_{m.pk}"] = (
            kind,
            base,
            paid,
            channel,
        )
    return client.post(reverse("work:fees", args=[cell.pk]) + f"?nam={year}&thang={month}", data)


def test_the_sheet_saves_the_month_and_carries_the_basis(cell, login):  # noqa: F811
    client = login(cell.secretary)
    a, b, c = cell.people
    _post(
        client,
        cell,
        2026,
        3,
        {
            a: ("salary", "8.500.000", "85000", "cell"),
            b: ("pension", "6000000", "30000", "portal"),
            c: ("student", "0", "0", "cell"),
        },
    )
    records = {r.member_id: r for r in FeeRecord.objects.filter(year=2026, month=3)}
    assert (records[a.pk].due_vnd, records[b.pk].due_vnd, records[c.pk].due_vnd) == (85_000, 30_000, 5_000)
    assert records[b.pk].channel == "portal" and records[a.pk].paid_on == D(2026, 3, 3)
    april = client.get(reverse("work:fees", args=[cell.pk]), {"nam": 2026, "thang": 4}).content.decode()
    assert 'value="8500000"' in april  # the basis carried over from March
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("work:fees_xlsx", args=[cell.pk]), {"nam": 2026, "thang": 3}).content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Sổ thu đảng phí tháng 3/2026 – Chi bộ Văn phòng"
    named = {r[1]: r for r in rows[3:] if r and r[1]}
    assert named["Nguyễn Thị Mai"][3:6] == (8_500_000, 85_000, 85_000)
    assert named["Tổng cộng"][4:6] == (120_000, 115_000)


def test_a_bad_row_is_named_and_nothing_is_saved(cell, login):  # noqa: F811
    client = login(cell.secretary)
    a, b, _c = cell.people
    response = _post(
        client,
        cell,
        2026,
        3,
        {a: ("salary", "8500000", "85000", "cell"), b: ("salary", "tám triệu", "0", "cell")},
    )
    assert "Dòng Trần Văn Bình: mức lương phải là số đồng không âm." in response.content.decode()
    assert not FeeRecord.objects.exists()


def test_three_unpaid_months_are_flagged_on_the_sheet(cell, login):  # noqa: F811
    client = login(cell.secretary)
    a, b, _c = cell.people
    for month in (1, 2):
        _post(
            client,
            cell,
            2026,
            month,
            {a: ("salary", "5000000", "50000", "cell"), b: ("salary", "5000000", "0", "cell")},
        )
    march = client.get(reverse("work:fees", args=[cell.pk]), {"nam": 2026, "thang": 3}).content.decode()
    assert "Trần Văn Bình: tháng 1, 2, 3" in march and "Nguyễn Thị Mai: tháng" not in march
    assert "Phải nộp 100.000 đồng; đã nộp 0 đồng." in march  # the bases carried over, nothing paid yet
    february = client.get(reverse("work:fees", args=[cell.pk]), {"nam": 2026, "thang": 2}).content.decode()
    assert "Trần Văn Bình: tháng" not in february  # two months only


def test_months_before_the_cell_kept_its_sheet_here_are_not_judged(cell, login):  # noqa: F811
    client = login(cell.secretary)
    a, _b, _c = cell.people
    _post(client, cell, 2026, 9, {a: ("salary", "5000000", "50000", "cell")})
    october = client.get(reverse("work:fees", args=[cell.pk]), {"nam": 2026, "thang": 10}).content.decode()
    assert "Chưa nộp đảng phí từ" not in october  # September kept, October not yet: one month at most


def test_fees_are_refused_to_a_sibling_and_not_written_by_a_member(cell, login):  # noqa: F811
    for user in (cell.sibling, cell.people[0].user):
        client = login(user)
        for url in (reverse("work:fees", args=[cell.pk]), reverse("work:fees_xlsx", args=[cell.pk])):
            assert client.get(url).status_code == 404, url
        assert _post(client, cell, 2026, 3, {cell.people[0]: ("salary", "1", "0", "cell")}).status_code == 404
    assert not FeeRecord.objects.exists()


def test_the_sheet_runs_a_fixed_number_of_queries(cell, login):  # noqa: F811
    from chibo.members import services as member_services

    client = login(cell.secretary)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert (
                client.get(reverse("work:fees", args=[cell.pk]), {"nam": 2026, "thang": 6}).status_code == 200
            )
        return len(ctx.captured_queries)

    small = count()
    for i in range(25):
        member_services.member_create(
            actor=cell.secretary,
            organization=cell,
            citizen_id=f"0030850000{i:02d}",
            full_name=f"Phạm Văn {i}",
            sex="male",
            born_on=D(1980, 1, 1),
            admitted_on=D(2005, 1, 1),
            status="full",
        )
    FeeRecord.objects.bulk_create(
        [
            FeeRecord(organization=cell, member=m, year=2026, month=month, base_vnd=5_000_000, due_vnd=50_000)
            for m in cell.members.all()
            for month in (1, 2, 3, 4, 5)
        ]
    )
    assert count() == small
    assert fees.fee_sheet(organization=cell, year=2026, month=6).flagged  # five unpaid months each
