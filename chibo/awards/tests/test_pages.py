"""The commendation pages: the register and its form (a wrong field named, nothing written), its .xlsx, the
streaks, the initiatives, a round from the list to the dossier (.docx and .xlsx read back); every URL refused to a
sibling committee's officer and writes refused to a cell's secretary; fixed query counts."""

import datetime
import io

import docx
import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chibo.awards import services
from chibo.awards.models import Award, Initiative, NominationRound
from chibo.awards.tests.conftest import give
from chibo.awards.views import urlpatterns
from chibo.votes import services as vote_services

D = datetime.date


def _text(response) -> str:
    return response.content.decode()


def _decided_round(unit):
    round_ = services.round_create(
        actor=unit.office,
        organization=unit.committee,
        year=2026,
        body="Hội đồng Thi đua – Khen thưởng Đảng bộ VKSND",
        held_on=D(2026, 12, 20),
        voters=unit.people[:5],
    )
    services.nominate(actor=unit.office, round=round_, honour="lao_dong_tien_tien", member=unit.people[0])
    services.nominate(actor=unit.office, round=round_, honour="lao_dong_tien_tien", member=unit.people[1])
    (poll,) = services.round_put_to_vote(actor=unit.office, round=round_)
    mai, binh = (c.pk for c in poll.candidates.all())
    for i, voter in enumerate(unit.people[:5]):
        vote_services.vote(actor=voter.user, poll=poll, choices=[mai, binh] if i < 3 else [mai])
    vote_services.poll_close(actor=unit.office, poll=poll)
    vote_services.poll_publish(actor=unit.office, poll=poll)
    return services.round_propose(actor=unit.office, round=round_)


def test_the_register_records_an_award_and_names_a_wrong_field(unit, login):
    client = login(unit.office)
    url = reverse("awards:register", args=[unit.committee.pk])
    form = {
        "honour": "lao_dong_tien_tien",
        "citizen_id": "999999999999",
        "year": "2025",
        "decision_number": "12/QĐ-VKS",
        "decided_on": "2026-01-15",
        "issuer": "Viện trưởng VKSND tỉnh",
    }
    assert "Không có đảng viên có số CCCD 999999999999 trong Đảng bộ VKSND." in _text(client.post(url, form))
    page = _text(client.post(url, {**form, "citizen_id": unit.people[1].citizen_id, "decision_number": ""}))
    assert "Hãy ghi số quyết định." in page and 'value="Viện trưởng VKSND tỉnh"' in page
    assert not Award.objects.filter(member=unit.people[1]).exists()
    page = _text(client.post(url, {**form, "citizen_id": "", "honour": "lao_dong_tien_tien"}))
    assert "“Lao động tiên tiến” khen cá nhân: hãy chọn đảng viên." in page
    response = client.post(url, {**form, "citizen_id": unit.people[1].citizen_id}, follow=True)
    assert "Đã ghi khen thưởng." in _text(response) and "12/QĐ-VKS" in _text(response)
    again = _text(client.post(url, {**form, "citizen_id": unit.people[1].citizen_id}))
    assert "Trần Văn Bình đã có “Lao động tiên tiến” năm 2025." in again
    sheet = openpyxl.load_workbook(
        io.BytesIO(
            client.get(reverse("awards:register_xlsx", args=[unit.committee.pk]) + "?nam=2025").content
        )
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Sổ khen thưởng – Đảng bộ VKSND"
    assert rows[2] == (
        "Năm",
        "Danh hiệu, hình thức",
        "Cá nhân",
        "Đơn vị",
        "Số quyết định",
        "Ngày",
        "Cơ quan ban hành",
    )
    issuer = "Viện trưởng VKSND tỉnh"
    assert sorted(tuple(r) for r in rows[3:]) == [
        (
            2025,
            "Chiến sĩ thi đua cơ sở",
            "Nguyễn Thị Mai",
            "Chi bộ Văn phòng",
            "2025-QĐ",
            "15/01/2026",
            issuer,
        ),
        (2025, "Lao động tiên tiến", "Nguyễn Thị Mai", "Chi bộ Văn phòng", "2025-QĐ", "15/01/2026", issuer),
        (2025, "Lao động tiên tiến", "Trần Văn Bình", "Chi bộ Văn phòng", "12/QĐ-VKS", "15/01/2026", issuer),
    ]


def test_streaks_and_initiatives_pages(unit, login):
    for year in range(2022, 2027):
        give(None, "tap_the_lao_dong_xuat_sac", year, unit=unit.cell)
    client = login(unit.office)
    page = _text(
        client.get(
            reverse("awards:streaks", args=[unit.committee.pk]),
            {"danh-hieu": "tap_the_lao_dong_xuat_sac", "so-nam": 5, "nam": 2026},
        )
    )
    assert "1 trường hợp đạt Tập thể lao động xuất sắc từ 5 năm liền đến năm 2026." in page
    assert "Chi bộ Văn phòng" in page and "2022–2026" in page
    url = reverse("awards:initiatives", args=[unit.committee.pk])
    page = _text(
        client.post(
            url, {"citizen_id": unit.people[1].citizen_id, "title": "", "year": 2026, "scope": "grassroots"}
        )
    )
    assert "Hãy ghi tên sáng kiến, đề tài." in page
    client.post(
        url,
        {
            "citizen_id": unit.people[1].citizen_id,
            "title": "Số hóa hồ sơ",
            "year": 2026,
            "scope": "grassroots",
        },
    )
    assert Initiative.objects.filter(member=unit.people[1], title="Số hóa hồ sơ", scope="grassroots").exists()
    assert "Số hóa hồ sơ" in _text(client.get(url))


def test_a_round_on_its_pages_and_the_dossier(unit, login):
    client = login(unit.office)
    rounds_url = reverse("awards:rounds", args=[unit.committee.pk])
    ids = "\n".join(p.citizen_id for p in unit.people[:5])
    page = _text(
        client.post(
            rounds_url, {"body": "Hội đồng", "year": 2026, "held_on": "2026-12-20", "voters": ids + "\n123"}
        )
    )
    assert "Không có trong Đảng bộ VKSND: 123." in page and not NominationRound.objects.exists()
    response = client.post(
        rounds_url,
        {"body": "Hội đồng Thi đua – Khen thưởng", "year": 2026, "held_on": "2026-12-20", "voters": ids},
    )
    round_ = NominationRound.objects.get()
    url = reverse("awards:round", args=[round_.pk])
    assert response.url == url
    ha = unit.people[2]
    page = _text(
        client.post(url, {"action": "nominate", "honour": "lao_dong_tien_tien", "citizen_id": ha.citizen_id})
    )
    assert (
        "Chưa đủ điều kiện: xếp loại chất lượng năm 2026 là Hoàn thành nhiệm vụ, cần Hoàn thành tốt nhiệm vụ trở lên."
        in page
    )
    client.post(
        url, {"action": "nominate", "honour": "lao_dong_tien_tien", "citizen_id": unit.people[0].citizen_id}
    )
    client.post(
        url, {"action": "nominate", "honour": "lao_dong_tien_tien", "citizen_id": unit.people[1].citizen_id}
    )
    assert round_.nominations.count() == 2
    assert reverse("awards:dossier_docx", args=[round_.pk]) not in _text(client.get(url))
    assert (
        client.get(reverse("awards:dossier_docx", args=[round_.pk])).status_code == 404
    )  # not before the vote
    client.post(url, {"action": "vote"})
    (poll,) = {n.poll for n in round_.nominations.all()}
    mai, binh = (c.pk for c in poll.candidates.all())
    for i, voter in enumerate(unit.people[:5]):
        vote_services.vote(actor=voter.user, poll=poll, choices=[mai, binh] if i < 2 else [mai])
    assert 'value="propose"' not in _text(client.get(url))  # not offered while a ballot is open
    page = _text(client.post(url, {"action": "propose"}))
    assert "Chưa công bố kết quả" in page
    vote_services.poll_close(actor=unit.office, poll=poll)
    vote_services.poll_publish(actor=unit.office, poll=poll)
    assert 'value="propose"' in _text(client.get(url))
    client.post(url, {"action": "propose"})
    page = _text(client.get(url))
    assert (
        "5/5 (100 %) — <strong>đề nghị</strong>" in page and "2/5 (40 %) — <strong>không đạt</strong>" in page
    )
    document = docx.Document(io.BytesIO(client.get(reverse("awards:dossier_docx", args=[round_.pk])).content))
    texts = [p.text for p in document.paragraphs] + [
        c.text for t in document.tables for r in t.rows for c in r.cells
    ]
    assert "TỜ TRÌNH" in texts and "Về việc đề nghị khen thưởng năm 2026" in texts
    assert "Nguyễn Thị Mai" in texts and "Trần Văn Bình" not in texts
    assert "1. Lao động tiên tiến: 1" in texts and "5/5 (100 %)" in texts
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("awards:dossier_xlsx", args=[round_.pk])).content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1] == (1, "Lao động tiên tiến", "Nguyễn Thị Mai", "Chi bộ Văn phòng", 5, 5, "100")
    page = _text(
        client.post(
            url,
            {"action": "decide", "decision_number": "", "decided_on": "2027-01-10", "issuer": "Viện trưởng"},
        )
    )
    assert "Hãy ghi số quyết định." in page
    client.post(
        url,
        {
            "action": "decide",
            "decision_number": "15/QĐ-VKS",
            "decided_on": "2027-01-10",
            "issuer": "Viện trưởng",
        },
    )
    assert list(Award.objects.filter(year=2026).values_list("member__full_name", "decision_number")) == [
        ("Nguyễn Thị Mai", "15/QĐ-VKS")
    ]


def test_every_page_is_refused_to_a_sibling_and_writes_to_a_cell(unit, login):
    round_ = _decided_round(unit)
    pk = unit.committee.pk
    urls = {
        "home": None,
        "register": reverse("awards:register", args=[pk]),
        "register_xlsx": reverse("awards:register_xlsx", args=[pk]),
        "streaks": reverse("awards:streaks", args=[pk]),
        "initiatives": reverse("awards:initiatives", args=[pk]),
        "eligibility": reverse("awards:eligibility", args=[pk]) + f"?cccd={unit.people[0].citizen_id}",
        "rounds": reverse("awards:rounds", args=[pk]),
        "round": reverse("awards:round", args=[round_.pk]),
        "dossier_docx": reverse("awards:dossier_docx", args=[round_.pk]),
        "dossier_xlsx": reverse("awards:dossier_xlsx", args=[round_.pk]),
    }
    assert set(urls) == {p.name for p in urlpatterns}
    sibling = login(unit.sibling)
    for name, url in urls.items():
        if url:
            assert sibling.get(url).status_code == 404, name
    assert sibling.get(reverse("awards:home")).status_code == 302  # to the sibling's own register
    before = Award.objects.count()
    writes = [
        (
            urls["register"],
            {"honour": "lao_dong_tien_tien", "citizen_id": unit.people[1].citizen_id, "year": 2025},
        ),
        (
            urls["initiatives"],
            {"citizen_id": unit.people[1].citizen_id, "title": "x", "year": 2025, "scope": "grassroots"},
        ),
        (
            urls["rounds"],
            {"body": "x", "year": 2026, "held_on": "2026-12-20", "voters": unit.people[0].citizen_id},
        ),
        (
            urls["round"],
            {"action": "decide", "decision_number": "1", "decided_on": "2027-01-10", "issuer": "x"},
        ),
    ]
    secretary = login(unit.secretary)
    for url, form in writes:
        assert sibling.post(url, form).status_code == 404, url
        assert secretary.post(url, form).status_code == 404, url
    assert Award.objects.count() == before and NominationRound.objects.count() == 1
    assert not Initiative.objects.filter(title="x").exists()


def test_the_pages_run_a_fixed_number_of_queries(unit, login):
    round_ = _decided_round(unit)
    client = login(unit.office)
    pk = unit.committee.pk
    urls = [
        reverse("awards:register", args=[pk]),
        reverse("awards:streaks", args=[pk]) + "?danh-hieu=lao_dong_tien_tien&so-nam=2&nam=2025",
        reverse("awards:initiatives", args=[pk]),
        reverse("awards:eligibility", args=[pk]) + f"?cccd={unit.people[0].citizen_id}&nam=2026",
        reverse("awards:eligibility", args=[pk]) + f"?don-vi={unit.cell.pk}&nam=2026",
        reverse("awards:rounds", args=[pk]),
        reverse("awards:round", args=[round_.pk]),
    ]

    def count():
        numbers = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, url
            numbers.append(len(ctx.captured_queries))
        return numbers

    small = count()
    for member in unit.people[2:]:
        for year in (2024, 2025):
            give(member, "lao_dong_tien_tien", year)
        Initiative.objects.create(member=member, title="Sáng kiến", year=2025, scope="grassroots")
    for year in range(2018, 2027):
        give(None, "tap_the_lao_dong_xuat_sac", year, unit=unit.other_cell)
    assert count() == small


def test_the_eligibility_page_says_for_each_honour_why(unit, login):
    client = login(unit.office)
    url = reverse("awards:eligibility", args=[unit.committee.pk])
    page = _text(client.get(url, {"cccd": unit.people[0].citizen_id, "nam": 2026}))
    assert "Nguyễn Thị Mai" in page
    # Mai: excellent in 2026 with an initiative; her grassroots title of 2026 is not yet in the register.
    assert "thiếu danh hiệu Chiến sĩ thi đua cơ sở năm 2026" in page
    assert "Tập thể lao động xuất sắc" not in page  # a collective title is not offered for a person
    page = _text(client.get(url, {"cccd": unit.people[2].citizen_id, "nam": 2026}))
    assert "xếp loại chất lượng năm 2026 là Hoàn thành nhiệm vụ, cần Hoàn thành tốt nhiệm vụ trở lên" in page
    page = _text(client.get(url, {"don-vi": unit.cell.pk, "nam": 2026}))
    assert "Tập thể lao động xuất sắc" in page and "Lao động tiên tiến</th>" not in page
    page = _text(client.get(url, {"cccd": "000000000000"}))
    assert "Không có đảng viên có số CCCD 000000000000 trong Đảng bộ VKSND." in page
