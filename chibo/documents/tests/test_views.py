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
