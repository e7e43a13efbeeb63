"""A year-end nomination round from the list to the register: the verdicts as candidates are added (reasons in
Vietnamese), the council's secret ballot per honour, the proposal, the decision that enters the awards; streaks."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from chibo.awards import selectors, services
from chibo.awards.models import Award, NominationRound
from chibo.awards.tests.conftest import give
from chibo.votes import services as vote_services
from chibo.votes.models import Poll

D = datetime.date


def _round(unit, voters=None):
    return services.round_create(
        actor=unit.office,
        organization=unit.committee,
        year=2026,
        body="Hội đồng Thi đua – Khen thưởng Đảng bộ VKSND",
        held_on=D(2026, 12, 20),
        voters=voters or unit.people[:5],
    )


def test_the_verdict_names_what_is_missing(unit):
    mai, binh, ha = unit.people[:3]
    assert selectors.verdict(honour="lao_dong_tien_tien", year=2026, member=binh).eligible
    done = selectors.verdict(honour="lao_dong_tien_tien", year=2026, member=ha)
    assert not done.eligible
    assert done.reasons == (
        "xếp loại chất lượng năm 2026 là Hoàn thành nhiệm vụ, cần Hoàn thành tốt nhiệm vụ trở lên",
    )
    fighter = selectors.verdict(honour="chien_si_thi_dua_co_so", year=2026, member=binh)
    assert not fighter.eligible and any("sáng kiến" in r for r in fighter.reasons)
    # Mai has Chiến sĩ thi đua cơ sở 2024 and 2025: the provincial title needs 2026 too.
    province = selectors.verdict(honour="chien_si_thi_dua_bo_tinh", year=2026, member=mai)
    assert "thiếu danh hiệu Chiến sĩ thi đua cơ sở năm 2026" in province.reasons
    proposed = selectors.verdict(
        honour="chien_si_thi_dua_bo_tinh",
        year=2026,
        member=mai,
        proposed=frozenset({"chien_si_thi_dua_co_so"}),
    )
    assert proposed.eligible, proposed.reasons


def test_a_round_from_the_list_to_the_register(unit):
    mai, binh, ha = unit.people[:3]
    round_ = _round(unit)
    services.nominate(actor=unit.office, round=round_, honour="lao_dong_tien_tien", member=binh)
    services.nominate(actor=unit.office, round=round_, honour="lao_dong_tien_tien", member=mai)
    services.nominate(actor=unit.office, round=round_, honour="chien_si_thi_dua_co_so", member=mai)
    # The provincial title: the grassroots one proposed in the same round counts for 2026.
    province = services.nominate(
        actor=unit.office, round=round_, honour="chien_si_thi_dua_bo_tinh", member=mai
    )
    assert province.eligible
    with pytest.raises(ValidationError) as refused:
        services.nominate(actor=unit.office, round=round_, honour="lao_dong_tien_tien", member=ha)
    assert refused.value.message_dict["honour"] == [
        "Chưa đủ điều kiện: xếp loại chất lượng năm 2026 là Hoàn thành nhiệm vụ, cần Hoàn thành tốt nhiệm vụ trở lên."
    ]
    with pytest.raises(ValidationError) as refused:
        services.nominate(actor=unit.office, round=round_, honour="lao_dong_tien_tien", member=binh)
    assert refused.value.message_dict["honour"] == ["Đã có trong danh sách đề nghị “Lao động tiên tiến”."]
    with pytest.raises(ValidationError) as refused:
        services.nominate(actor=unit.office, round=round_, honour="tap_the_lao_dong_xuat_sac", member=binh)
    assert "khen tập thể" in refused.value.message_dict["member"][0]

    polls = services.round_put_to_vote(actor=unit.office, round=round_)
    assert [p.title for p in polls] == [
        "Bình xét “Lao động tiên tiến” năm 2026 – Hội đồng Thi đua – Khen thưởng Đảng bộ VKSND",
        "Bình xét “Chiến sĩ thi đua cơ sở” năm 2026 – Hội đồng Thi đua – Khen thưởng Đảng bộ VKSND",
        "Bình xét “Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh” năm 2026 – Hội đồng Thi đua – Khen thưởng Đảng bộ VKSND",
    ]
    assert all(p.base == 5 and p.status == Poll.Status.OPEN for p in polls)
    advanced, fighter, provincial = polls
    ids = {p.pk: {c.name: c.pk for c in p.candidates.all()} for p in polls}
    # Five council members: Mai and Bình Lao động tiên tiến by 5 and 3; Mai CSTĐ cơ sở by 4, provincial by 2.
    for i, voter in enumerate(unit.people[:5]):
        vote_services.vote(
            actor=voter.user,
            poll=advanced,
            choices=[ids[advanced.pk]["Nguyễn Thị Mai"]]
            + ([ids[advanced.pk]["Trần Văn Bình"]] if i < 3 else []),
        )
        vote_services.vote(
            actor=voter.user, poll=fighter, choices=[ids[fighter.pk]["Nguyễn Thị Mai"]] if i < 4 else []
        )
        vote_services.vote(
            actor=voter.user, poll=provincial, choices=[ids[provincial.pk]["Nguyễn Thị Mai"]] if i < 2 else []
        )
    with pytest.raises(ValidationError, match="Chưa công bố kết quả"):
        services.round_propose(actor=unit.office, round=round_)
    for poll in polls:
        vote_services.poll_close(actor=unit.office, poll=poll)
        vote_services.poll_publish(actor=unit.office, poll=poll)
    services.round_propose(actor=unit.office, round=round_)
    results = {
        (n.honour, n.member.full_name): (n.votes, n.passed)
        for n in round_.nominations.select_related("member")
    }
    assert results == {
        ("lao_dong_tien_tien", "Trần Văn Bình"): (3, True),
        ("lao_dong_tien_tien", "Nguyễn Thị Mai"): (5, True),
        ("chien_si_thi_dua_co_so", "Nguyễn Thị Mai"): (4, True),
        ("chien_si_thi_dua_bo_tinh", "Nguyễn Thị Mai"): (2, False),  # 2 of 5 is not more than half
    }
    with pytest.raises(ValidationError) as refused:
        services.round_decide(
            actor=unit.office, round=round_, decision_number="", decided_on=D(2027, 1, 10), issuer="x"
        )
    assert refused.value.message_dict["decision_number"] == ["Hãy ghi số quyết định."]
    assert not Award.objects.filter(year=2026).exists()
    services.round_decide(
        actor=unit.office,
        round=round_,
        decision_number="15/QĐ-VKS",
        decided_on=D(2027, 1, 10),
        issuer="Viện trưởng Viện kiểm sát nhân dân tỉnh",
    )
    assert sorted(Award.objects.filter(year=2026).values_list("member__full_name", "honour")) == [
        ("Nguyễn Thị Mai", "chien_si_thi_dua_co_so"),
        ("Nguyễn Thị Mai", "lao_dong_tien_tien"),
        ("Trần Văn Bình", "lao_dong_tien_tien"),
    ]
    assert NominationRound.objects.get(pk=round_.pk).status == "decided"
    # Mai now holds Chiến sĩ thi đua cơ sở three years in a row.
    rows = selectors.award_streaks(
        unit=unit.committee, honour="chien_si_thi_dua_co_so", min_years=3, through=2026, collective=False
    )
    assert [(r.name, r.years, r.since) for r in rows] == [("Nguyễn Thị Mai", 3, 2024)]


def test_a_round_is_refused_outside_the_unit(unit):
    with pytest.raises(Exception):  # noqa: B017, PT011 – the gate's 404
        services.round_create(
            actor=unit.sibling,
            organization=unit.committee,
            year=2026,
            body="x",
            held_on=D(2026, 12, 20),
            voters=unit.people[:3],
        )
    round_ = _round(unit)
    with pytest.raises(Exception):  # noqa: B017, PT011
        services.nominate(
            actor=unit.secretary, round=round_, honour="lao_dong_tien_tien", member=unit.people[1]
        )
    assert not round_.nominations.exists()


def test_unit_streaks_five_years_in_a_row(unit, django_assert_num_queries):
    for year in range(2020, 2027):
        if year != 2021:
            give(None, "tap_the_lao_dong_xuat_sac", year, unit=unit.cell)
    for year in range(2023, 2027):
        give(None, "tap_the_lao_dong_xuat_sac", year, unit=unit.other_cell)
    with django_assert_num_queries(1):  # the runs counted in the database, the names joined
        rows = selectors.award_streaks(
            unit=unit.committee,
            honour="tap_the_lao_dong_xuat_sac",
            min_years=5,
            through=2026,
            collective=True,
        )
    assert [(r.name, r.years, r.since) for r in rows] == [("Chi bộ Văn phòng", 5, 2022)]
    rows = selectors.award_streaks(
        unit=unit.committee, honour="tap_the_lao_dong_xuat_sac", min_years=4, through=2026, collective=True
    )
    assert [(r.name, r.years) for r in rows] == [("Chi bộ Văn phòng", 5), ("Chi bộ Hình sự", 4)]
