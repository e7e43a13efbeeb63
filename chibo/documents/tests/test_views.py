from django.urls import reverse

from chibo.documents.models import IssuingPlace
from chibo.organizations.models import Grant


def test_office_sets_the_place_name_and_a_sibling_cannot(tree, make_user, login):
    committee = tree["Đảng bộ VKSND"]
    office = login(make_user(role=Grant.Role.OFFICE_STAFF, organization=tree["Đảng bộ Khối"]))
    office.post(reverse("documents:issuing_place", args=[committee.pk]), {"name": "Đồng Nai"})
    assert IssuingPlace.objects.get(organization=committee).name == "Đồng Nai"
    office.post(reverse("documents:issuing_place", args=[committee.pk]), {"name": ""})
    assert not IssuingPlace.objects.filter(organization=committee).exists()
    sibling = login(make_user(role=Grant.Role.OFFICE_STAFF, organization=tree["Đảng bộ Sở Tài chính"]))
    assert sibling.get(reverse("documents:issuing_place", args=[committee.pk])).status_code == 404
    member = login(make_user(role=Grant.Role.MEMBER, organization=committee))
    assert (
        member.post(reverse("documents:issuing_place", args=[committee.pk]), {"name": "X"}).status_code == 404
    )
    assert not IssuingPlace.objects.exists()


def test_member_profile_as_pdf(tree, make_user, login):
    import datetime
    import shutil

    import pytest

    from chibo.members import services

    cell = tree["Chi bộ Văn phòng"]
    officer = make_user(role=Grant.Role.CELL_OFFICER, organization=cell)
    member = services.member_create(
        actor=officer,
        organization=cell,
        citizen_id="001085000123",
        full_name="Vũ Thị Hạnh",
        sex="female",
        born_on=datetime.date(1985, 5, 5),
        admitted_on=datetime.date(2010, 5, 19),
        status="full",
    )
    sibling = login(make_user(role=Grant.Role.CELL_OFFICER, organization=tree["Chi bộ Hình sự"]))
    assert sibling.get(reverse("documents:member_profile_pdf", args=[member.pk])).status_code == 404
    response = login(officer).get(reverse("documents:member_profile_pdf", args=[member.pk]))
    if shutil.which("soffice") is None:
        assert response.status_code == 503 and "cần LibreOffice" in response.content.decode()
        pytest.skip("LibreOffice is not installed: the PDF itself cannot be checked")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(
        b"%PDF"
    )
