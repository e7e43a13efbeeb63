"""The counting record of a vote (biên bản kiểm phiếu): the ballots, the answers and the outcome read back."""

import datetime
import io

from django.urls import reverse
from docx import Document

from chibo.members import services as member_services
from chibo.organizations.models import Grant
from chibo.votes import services as votes


def test_the_counting_record_of_a_paper_vote_reads_back(tree, make_user, login):
    cell = tree["Chi bộ Văn phòng"]
    secretary = make_user("bithu", role=Grant.Role.CELL_OFFICER, organization=cell)
    for i in range(6):
        member_services.member_create(
            actor=secretary,
            organization=cell,
            citizen_id=f"00408500000{i}",
            full_name=f"Đảng viên {i}",
            sex="male",
            born_on=datetime.date(1980, 1, 1),
            admitted_on=datetime.date(2005, 1, 1),
            status="full",
        )
    poll = votes.poll_create(
        actor=secretary,
        organization=cell,
        title="Thông qua nghị quyết",
        purpose="resolution",
        kind="paper",
        day=datetime.date(2026, 12, 3),
    )
    votes.poll_open(actor=secretary, poll=poll)
    votes.totals_enter(
        actor=secretary,
        poll=poll,
        totals={"issued": 6, "returned": 6, "valid": 5, "invalid": 1, "yes": 4, "no": 1, "abstain": 0},
    )
    client = login(secretary)
    url = reverse("votes:counting_record", args=[poll.pk])
    assert client.get(url).status_code == 404  # no result while open
    votes.poll_close(actor=secretary, poll=poll)
    document = Document(io.BytesIO(client.get(url).content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BIÊN BẢN KIỂM PHIẾU" in text.upper() and "Thông qua nghị quyết" in text
    assert "4/6 đảng viên" in text and "THÔNG QUA." in text
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert (
        ["Số phiếu phát ra", "6"] in cells
        and ["Số phiếu không hợp lệ", "1"] in cells
        and ["Tán thành", "4"] in cells
    )
    sibling = make_user("bithu_hs", role=Grant.Role.CELL_OFFICER, organization=tree["Chi bộ Hình sự"])
    assert login(sibling).get(url).status_code == 404
