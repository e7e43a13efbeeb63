"""Clusters (seed 001: Cụm VI of 12 units, a leader and a deputy, split into XI and XII the next year), merging back,
the pact with its signed document downloaded through the gate, the year-end review results sorted by ranking; the
gate and fixed query counts."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chibo.core.models import AuditEntry
from chibo.emulation import selectors, services
from chibo.emulation.models import Cluster, ClusterMembership, ClusterResult, Pact, Registration
from chibo.emulation.tests.conftest import text_of
from chibo.organizations.models import Organization
from chibo.organizations.testing import bulk_children

CLUSTER_PAGES = {
    "clusters",
    "cluster_merge",
    "cluster",
    "cluster_edit",
    "cluster_split",
    "pact",
    "pact_file",
    "results",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

XI = [
    "Văn phòng",
    "Vụ Tổng hợp",
    "Học viện Tòa án",
    "Vụ Tổ chức - Cán bộ",
    "Báo Công lý",
    "Tạp chí Tòa án nhân dân",
]
XII = [
    "Cục Kế hoạch - Tài chính",
    "Vụ Hợp tác quốc tế",
    "Ban Thanh tra",
    "Vụ Pháp chế và Quản lý khoa học",
    "Vụ Thi đua - Khen thưởng",
    "Vụ Công tác phía Nam",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _split(court):
    u = court.units
    return services.cluster_split(
        actor=court.office,
        cluster=court.vi,
        year=2023,
        parts=[
            ("Cụm XI", [u[n] for n in XI], u["Văn phòng"], u["Vụ Tổng hợp"]),
            ("Cụm XII", [u[n] for n in XII], u["Cục Kế hoạch - Tài chính"], u["Vụ Hợp tác quốc tế"]),
        ],
    )


def test_a_cluster_has_its_leader_and_deputy_among_its_units(court, login):
    u = court.units
    assert court.vi.units.count() == 12
    assert (court.vi.leader, court.vi.deputy) == (u["Vụ Pháp chế và Quản lý khoa học"], u["Báo Công lý"])
    url = reverse("emulation:clusters", args=[court.root.pk]) + "?nam=2023"
    client = login(court.office)
    data = {
        "name": "Cụm XI",
        "units": [u["Văn phòng"].pk, u["Vụ Tổng hợp"].pk],
        "leader": u["Ban Thanh tra"].pk,
        "deputy": "",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Cụm trưởng phải là một đơn vị thành viên của cụm." in text_of(response)
    data.update(leader=u["Văn phòng"].pk, deputy=u["Văn phòng"].pk)
    assert "Cụm trưởng và cụm phó phải là hai đơn vị khác nhau." in text_of(client.post(url, data))
    data.update(units=[u["Văn phòng"].pk], deputy="")
    assert "Một cụm có ít nhất hai đơn vị thành viên." in text_of(client.post(url, data))
    assert not Cluster.objects.filter(year=2023).exists()
    # One cluster a year per unit: 2022 already holds all twelve in Cụm VI.
    with pytest.raises(ValidationError) as caught:
        services.cluster_create(
            actor=court.office,
            organizer=court.root,
            year=2022,
            name="Cụm VII",
            units=[u["Văn phòng"], u["Ban Thanh tra"]],
        )
    assert caught.value.message_dict["units"] == [
        "Văn phòng đã thuộc Cụm VI năm 2022: mỗi đơn vị chỉ ở một cụm trong năm.",
        "Ban Thanh tra đã thuộc Cụm VI năm 2022: mỗi đơn vị chỉ ở một cụm trong năm.",
    ]
    data.update(
        units=[u["Văn phòng"].pk, u["Vụ Tổng hợp"].pk], leader=u["Văn phòng"].pk, deputy=u["Vụ Tổng hợp"].pk
    )
    response = client.post(url, data)
    made = Cluster.objects.get(year=2023)
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    assert (made.leader, made.deputy, made.origin) == (u["Văn phòng"], u["Vụ Tổng hợp"], "new")
    # Editing: a deputy that left the cluster is refused.
    with pytest.raises(ValidationError, match="Cụm phó phải là một đơn vị thành viên của cụm."):
        services.cluster_update(
            actor=court.office,
            cluster=made,
            name="Cụm XI",
            units=[u["Văn phòng"], u["Báo Công lý"]],
            leader=u["Văn phòng"],
            deputy=u["Vụ Tổng hợp"],
        )
    assert set(made.units.all()) == {u["Văn phòng"], u["Vụ Tổng hợp"]}


def test_a_cluster_splits_into_next_year_s_with_its_history(court, login):
    u = court.units
    # Every unit placed once: one left out and one placed twice are refused, nothing created.
    with pytest.raises(ValidationError) as caught:
        services.cluster_split(
            actor=court.office,
            cluster=court.vi,
            year=2023,
            parts=[
                ("Cụm XI", [u[n] for n in XI] + [u["Ban Thanh tra"]]),
                ("Cụm XII", [u[n] for n in XII if n != "Vụ Công tác phía Nam"]),
            ],
        )
    assert caught.value.messages == [
        "Ban Thanh tra được xếp vào hai cụm (Cụm XI, Cụm XII).",
        "Vụ Công tác phía Nam của Cụm VI chưa được xếp vào cụm nào.",
    ]
    with pytest.raises(ValidationError, match="Các cụm mới phải thuộc năm sau năm 2022."):
        services.cluster_split(actor=court.office, cluster=court.vi, year=2022, parts=[("A", []), ("B", [])])
    assert Cluster.objects.count() == 1
    # Through the page, as the office does it.
    client = login(court.office)
    url = reverse("emulation:cluster_split", args=[court.vi.pk])
    data = {"so-cum": 2, "nam": 2023, "name_1": "Cụm XI", "name_2": "Cụm XII"}
    data.update({f"unit_{u[n].pk}": "1" for n in XI})
    data.update({f"unit_{u[n].pk}": "2" for n in XII})
    data.update(leader_1=u["Văn phòng"].pk, deputy_1=u["Vụ Tổng hợp"].pk)
    data.update(leader_2=u["Cục Kế hoạch - Tài chính"].pk, deputy_2=u["Văn phòng"].pk)
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Cụm XII: Cụm phó phải là một đơn vị thành viên của cụm." in text_of(response)
    assert Cluster.objects.count() == 1
    data["deputy_2"] = u["Vụ Hợp tác quốc tế"].pk
    response = client.post(url, data)
    assert response.status_code == 302
    xi, xii = Cluster.objects.filter(year=2023).order_by("name")
    assert [xi.name, xii.name] == ["Cụm XI", "Cụm XII"]
    assert sorted(o.name for o in xi.units.all()) == sorted(XI)
    assert (xi.leader.name, xi.deputy.name, xii.leader.name, xii.deputy.name) == (
        "Văn phòng",
        "Vụ Tổng hợp",
        "Cục Kế hoạch - Tài chính",
        "Vụ Hợp tác quốc tế",
    )
    assert list(xi.formed_from.all()) == [court.vi] and xi.origin == "split"
    # The history reads both ways; Cụm VI keeps its 2022 units.
    assert "Lịch sử tách từ Cụm VI (2022)" in text_of(client.get(xi.get_absolute_url()))
    assert "Lịch sử tách thành Cụm XI, Cụm XII (2023)" in text_of(client.get(court.vi.get_absolute_url()))
    assert court.vi.units.count() == 12
    assert AuditEntry.objects.filter(action="emulation_cluster_split").exists()


def test_clusters_merge_into_one_of_a_later_year(court, login):
    xi, xii = _split(court)
    u = court.units
    client = login(court.office)
    url = reverse("emulation:cluster_merge", args=[court.root.pk]) + "?nam=2023"
    response = client.post(url, {"cluster": [xi.pk], "name": "Cụm VI", "nam-moi": 2024})
    assert "Hãy chọn ít nhất hai cụm để hợp nhất." in text_of(response)
    response = client.post(
        url,
        {
            "cluster": [xi.pk, xii.pk],
            "name": "Cụm VI",
            "nam-moi": 2024,
            "leader": u["Văn phòng"].pk,
            "deputy": u["Văn phòng"].pk,
        },
    )
    assert "Cụm trưởng và cụm phó phải là hai đơn vị khác nhau." in text_of(response)
    assert not Cluster.objects.filter(year=2024).exists()
    response = client.post(
        url,
        {
            "cluster": [xi.pk, xii.pk],
            "name": "Cụm VI",
            "nam-moi": 2024,
            "leader": u["Văn phòng"].pk,
            "deputy": u["Ban Thanh tra"].pk,
        },
    )
    merged = Cluster.objects.get(year=2024)
    assert response.status_code == 302 and merged.units.count() == 12 and merged.origin == "merged"
    assert "Lịch sử hợp nhất từ Cụm XI, Cụm XII (2023)" in text_of(client.get(merged.get_absolute_url()))
    assert "hợp nhất vào Cụm VI (2024)" in text_of(client.get(xi.get_absolute_url()))
    # The full lineage stays: 2024 from 2023 from 2022.
    history = selectors.cluster_history(xi)
    assert [(h.text, [c.name for c in h.clusters], h.year) for h in history] == [
        ("tách từ", ["Cụm VI"], 2022),
        ("hợp nhất vào", ["Cụm VI"], 2024),
    ]
    # Clusters of different years do not merge.
    with pytest.raises(ValidationError, match="Chỉ hợp nhất các cụm của cùng một cấp, cùng một năm."):
        services.cluster_merge(actor=court.office, clusters=[court.vi, xi], year=2025, name="Cụm X")
    # The page of the year lists the merged cluster and where it came from.
    page = text_of(client.get(reverse("emulation:clusters", args=[court.root.pk]), {"nam": 2024}))
    assert "Cụm VI" in page and "hợp nhất từ Cụm XI (2023), Cụm XII (2023)" in page
    assert ClusterMembership.objects.filter(year=2024).count() == 12


def test_the_pact_and_its_signed_document_through_the_gate(court, login):
    leader = login(court.leader_officer)
    url = reverse("emulation:pact", args=[court.vi.pk])
    data = {
        "content": "Hoàn thành 100 % chỉ tiêu công tác\nKhông có cán bộ vi phạm kỷ luật\n\nTham gia đầy đủ phong trào",
        "signed_on": "2022-01-20",
        "signatories": "Vụ Pháp chế và Quản lý khoa học – Nguyễn Chí Công, Vụ trưởng",
    }
    for name, body, message in (
        ("giao-uoc.exe", b"MZ\x90\x00", "Tệp “giao-uoc.exe” không đúng loại cho phép (PDF, DOCX, JPG, PNG)."),
        ("giao-uoc.pdf", b"MZ\x90\x00 not a pdf", "Tệp “giao-uoc.pdf” không phải tệp PDF thật"),
        ("lon.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "Tệp “lon.pdf” lớn quá 10 MB."),
    ):
        response = leader.post(url, {**data, "document": SimpleUploadedFile(name, body)})
        assert response.status_code == 400 and message in text_of(response), name
    assert not Pact.objects.exists()
    response = leader.post(url, {**data, "signed_on": "2020-01-01"})
    assert "Ngày ký phải trong năm 2021 hoặc 2022." in text_of(response)
    assert not Pact.objects.exists()
    response = leader.post(url, {**data, "document": SimpleUploadedFile("giao-uoc-cum-VI.pdf", PDF)})
    assert response.status_code == 302
    pact = Pact.objects.get()
    assert pact.items == [
        "Hoàn thành 100 % chỉ tiêu công tác",
        "Không có cán bộ vi phạm kỷ luật",
        "Tham gia đầy đủ phong trào",
    ]
    # Every unit of the cluster downloads it through the gate; the page never shows a public address.
    page = login(court.member).get(court.vi.get_absolute_url())
    body = page.content.decode()
    assert "Tải bản giao ước đã ký" in body and "/media/" not in body and pact.document.name not in body
    download = login(court.member).get(reverse("emulation:pact_file", args=[court.vi.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "giao-uoc-cum-VI.pdf" in download["Content-Disposition"]
    # Out of the organizer's subtree: neither the page nor the file.
    outsider = login(court.outsider)
    assert outsider.get(court.vi.get_absolute_url()).status_code == 404
    assert outsider.get(reverse("emulation:pact_file", args=[court.vi.pk])).status_code == 404
    # A member unit that does not lead the cluster, and a plain member, do not write it.
    for user in (court.deputy_officer, court.member, court.outsider):
        assert login(user).post(url, {**data, "content": "Khác"}).status_code == 404, user
    pact.refresh_from_db()
    assert pact.items[0] == "Hoàn thành 100 % chỉ tiêu công tác"


def test_the_year_end_review_results_sorted_by_ranking(court, login):
    u = court.units
    services.pact_save(
        actor=court.office, cluster=court.vi, content="Chỉ tiêu công tác\nKỷ luật, kỷ cương", signed_on=None
    )
    movement = services.movement_create(
        actor=court.office, organizer=court.root, name="Thi đua năm 2022", year=2022
    )
    services.registrations_save(
        actor=court.office,
        movement=movement,
        organization=u["Vụ Tổng hợp"],
        year=2022,
        rows={None: {"honour": "co_thi_dua_chinh_phu", "pledge": ""}},
        submit=True,
    )
    url = reverse("emulation:results", args=[court.vi.pk])
    client = login(court.leader_officer)
    page = text_of(client.get(url))
    assert "Vụ Tổng hợp Đăng ký: Cờ thi đua của Chính phủ" in page
    ids = [o.pk for o in u.values()]
    data = {"unit": ids, "review_on": "2022-10-21"}
    data.update(
        {
            f"pledge_{u['Vụ Tổng hợp'].pk}": "met",
            f"item_{u['Vụ Tổng hợp'].pk}_1": "exceeded",
            f"item_{u['Vụ Tổng hợp'].pk}_2": "met",
        }
    )
    data.update(
        {
            f"score_{u['Vụ Tổng hợp'].pk}": "98,5",
            f"ranking_{u['Vụ Tổng hợp'].pk}": "1",
            f"notes_{u['Vụ Tổng hợp'].pk}": "Đề nghị Cờ thi đua Chính phủ",
        }
    )
    data.update(
        {
            f"score_{u['Cục Kế hoạch - Tài chính'].pk}": "97",
            f"ranking_{u['Cục Kế hoạch - Tài chính'].pk}": "2",
        }
    )
    data.update({f"score_{u['Văn phòng'].pk}": "abc", f"ranking_{u['Văn phòng'].pk}": "13"})
    response = client.post(url, data)
    assert response.status_code == 400
    page = text_of(response)
    assert (
        "Dòng Văn phòng: điểm phải là một số không âm, nhiều nhất hai chữ số thập phân (ví dụ 95,5)." in page
    )
    assert "Dòng Văn phòng: xếp thứ phải là một số từ 1 đến 12." in page
    assert not ClusterResult.objects.exists()
    data.update({f"score_{u['Văn phòng'].pk}": "95", f"ranking_{u['Văn phòng'].pk}": "3"})
    assert client.post(url, data).status_code == 302
    court.vi.refresh_from_db()
    assert court.vi.review_on.isoformat() == "2022-10-21"
    top = ClusterResult.objects.get(organization=u["Vụ Tổng hợp"])
    assert (top.pledge_outcome, top.items, str(top.score), top.ranking) == (
        "met",
        ["exceeded", "met"],
        "98.50",
        1,
    )
    lines = selectors.cluster_results(court.vi, selectors.honour_catalog(2022))
    assert [line.unit.name for line in lines[:3]] == ["Vụ Tổng hợp", "Cục Kế hoạch - Tài chính", "Văn phòng"]
    page = text_of(login(court.member).get(court.vi.get_absolute_url()))
    assert "1 Vụ Tổng hợp Cờ thi đua của Chính phủ Đạt Vượt Đạt 98,5 Đề nghị Cờ thi đua Chính phủ" in page
    assert page.index("Vụ Tổng hợp Cờ thi đua") < page.index("2 Cục Kế hoạch - Tài chính")
    # Only the leader unit's officers and the organizer's office enter them.
    for user in (court.deputy_officer, court.member, court.outsider):
        assert login(user).get(url).status_code == 404
        assert login(user).post(url, {**data, f"ranking_{u['Văn phòng'].pk}": "4"}).status_code == 404
    assert ClusterResult.objects.get(organization=u["Văn phòng"]).ranking == 3
    assert Registration.objects.count() == 1


def test_cluster_pages_are_refused_out_of_scope_and_writes_to_others(court, login):
    xi, _xii = _split(court)
    urls = {
        "clusters": reverse("emulation:clusters", args=[court.root.pk]) + "?nam=2022",
        "cluster_merge": reverse("emulation:cluster_merge", args=[court.root.pk]) + "?nam=2023",
        "cluster": court.vi.get_absolute_url(),
        "cluster_edit": reverse("emulation:cluster_edit", args=[court.vi.pk]),
        "cluster_split": reverse("emulation:cluster_split", args=[court.vi.pk]),
        "pact": reverse("emulation:pact", args=[court.vi.pk]),
        "pact_file": reverse("emulation:pact_file", args=[court.vi.pk]),
        "results": reverse("emulation:results", args=[court.vi.pk]),
    }
    assert set(urls) == CLUSTER_PAGES
    services.pact_save(
        actor=court.office,
        cluster=court.vi,
        content="Chỉ tiêu",
        signed_on=None,
        document=SimpleUploadedFile("giao-uoc.pdf", PDF),
    )
    client = login(court.outsider)
    for name, url in urls.items():
        assert client.get(url).status_code == 404, name
        assert client.post(
            url, {"name": "X", "units": [], "content": "X", "cluster": [xi.pk]}
        ).status_code in (404, 405), name
    # Inside the subtree: a member unit reads, but only the organizer forms clusters, only the leader keeps them.
    for user in (court.member, court.deputy_officer, court.leader_officer):
        client = login(user)
        assert client.get(urls["clusters"]).status_code == 200
        assert client.get(urls["cluster"]).status_code == 200
        assert client.get(urls["pact_file"]).status_code == 200
        for name in ("cluster_merge", "cluster_edit", "cluster_split"):
            assert client.get(urls[name]).status_code == 404, (user, name)
        assert (
            client.post(
                urls["clusters"], {"name": "Cụm Z", "units": [o.pk for o in court.units.values()]}
            ).status_code
            == 404
        )
    for user in (court.member, court.deputy_officer):
        for name in ("pact", "results"):
            assert login(user).get(urls[name]).status_code == 404, name
    assert login(court.leader_officer).get(urls["results"]).status_code == 200
    assert Cluster.objects.count() == 3 and Pact.objects.get().content == "Chỉ tiêu"


def test_cluster_pages_run_a_fixed_number_of_queries(court, login, django_assert_num_queries):
    xi, xii = _split(court)
    services.pact_save(actor=court.office, cluster=xi, content="Chỉ tiêu\nKỷ luật", signed_on=None)
    urls = [
        reverse("emulation:clusters", args=[court.root.pk]) + "?nam=2023",
        xi.get_absolute_url(),
        reverse("emulation:results", args=[xi.pk]),
        reverse("emulation:pact", args=[xi.pk]),
        reverse("emulation:cluster_edit", args=[xi.pk]),
        reverse("emulation:cluster_split", args=[xi.pk]),
        reverse("emulation:cluster_merge", args=[court.root.pk]) + "?nam=2023",
    ]
    client = login(court.office)

    def count():
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, url
            counts.append(len(ctx.captured_queries))
        return counts

    small = count()
    bulk_children(court.root, 30, kind=Organization.Kind.GRASSROOTS_COMMITTEE, prefix="Đơn vị")
    more = list(Organization.objects.filter(path__startswith=court.root.path, name__startswith="Đơn vị"))
    services.cluster_update(
        actor=court.office,
        cluster=xi,
        name="Cụm XI",
        units=[*xi.units.all(), *more[:20]],
        leader=xi.leader,
        deputy=xi.deputy,
    )
    services.cluster_create(
        actor=court.office, organizer=court.root, year=2023, name="Cụm XIII", units=more[20:], leader=more[20]
    )
    services.results_save(
        actor=court.office,
        cluster=xi,
        rows={
            o.pk: {"pledge": "met", "items": ["met", "not_met"], "score": "90", "ranking": str(i)}
            for i, o in enumerate(xi.units.all(), start=1)
        },
    )
    movement = services.movement_create(actor=court.office, organizer=court.root, name="Thi đua", year=2023)
    for o in more[:10]:
        services.registrations_save(
            actor=court.office,
            movement=movement,
            organization=o,
            year=2023,
            rows={None: {"honour": "tap_the_lao_dong_xuat_sac", "pledge": ""}},
        )
    for url, n in zip(urls, small, strict=True):
        with django_assert_num_queries(n):
            assert client.get(url).status_code == 200, url
