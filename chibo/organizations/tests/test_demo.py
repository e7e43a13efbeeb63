from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from chibo.core.models import AuditEntry
from chibo.organizations import services
from chibo.organizations.access import Action, allowed
from chibo.organizations.models import Organization, OrganizationChange, Seat, Term

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _development(settings):
    """The demo runs on development installations (DEBUG on); the last test checks the refusal."""
    settings.DEBUG = True


GRASSROOTS = (Organization.Kind.GRASSROOTS_COMMITTEE, Organization.Kind.GRASSROOTS_CELL)
USERNAMES = ["admin", "vanphong", "capuy", "bithu", "dangvien"]


def run_demo() -> str:
    out = StringIO()
    call_command(
        "demo", "--parts=", stdout=out
    )  # the tree and accounts; the members' and meetings' parts have their tests
    return out.getvalue()


@pytest.fixture
def root() -> Organization:
    run_demo()
    return Organization.objects.get(code="DEMO-KHOI")


def user(username: str):
    return get_user_model().objects.get(username=username)


def vks_cell(name: str) -> Organization:
    committee = Organization.objects.get(name="Đảng bộ Viện Kiểm sát nhân dân tỉnh")
    return Organization.objects.get_children(committee).get(name=name)


def counts() -> dict[str, int]:
    models = [Organization, OrganizationChange, Seat, Term, AuditEntry, TOTPDevice, get_user_model()]
    return {model.__name__: model.objects.count() for model in models}


def test_the_root_has_64_active_grassroots_organizations(root):
    assert root.name == "Đảng bộ Khối các cơ quan tỉnh"
    assert root.kind == Organization.Kind.COMMITTEE
    children = Organization.objects.get_children(root).filter(dissolved_on__isnull=True)
    assert children.filter(kind__in=GRASSROOTS).count() == 64
    assert children.count() == 64
    assert children.filter(kind=Organization.Kind.GRASSROOTS_COMMITTEE).exists()
    assert children.filter(kind=Organization.Kind.GRASSROOTS_CELL).exists()
    assert list(root.terms.values_list("name", flat=True)) == ["2025–2030", "2020–2025"]
    assert root.congresses.count() == 2


def test_every_grassroots_committee_has_cells(root):
    committees = Organization.objects.get_children(root).filter(
        kind=Organization.Kind.GRASSROOTS_COMMITTEE, dissolved_on__isnull=True
    )
    for committee in committees:
        active_cells = Organization.objects.get_children(committee).filter(
            kind=Organization.Kind.CELL, dissolved_on__isnull=True
        )
        assert active_cells.count() >= 1, committee.name


def test_every_active_unit_has_a_secretary_and_a_deputy(root):
    units = Organization.objects.filter(depth__gt=1, dissolved_on__isnull=True)
    for unit in units:
        roles = set(unit.seats.filter(ends_on__isnull=True).values_list("role", flat=True))
        assert {Seat.Role.SECRETARY, Seat.Role.DEPUTY_SECRETARY} <= roles, unit.name


def test_history_has_a_rename_a_move_and_a_merge(root):
    kinds = set(
        OrganizationChange.objects.exclude(kind=OrganizationChange.Kind.FOUNDED).values_list(
            "kind", flat=True
        )
    )
    assert kinds >= {
        OrganizationChange.Kind.RENAMED,
        OrganizationChange.Kind.MOVED,
        OrganizationChange.Kind.MERGED,
    }
    merged = Organization.objects.filter(path__startswith=root.path, dissolved_on__isnull=False)
    assert merged.count() == 1
    assert merged.get().kind == Organization.Kind.CELL


def test_running_it_again_changes_nothing(root):
    before = counts()
    output = run_demo()
    assert "đã có" in output
    assert counts() == before


def test_each_demo_account_logs_in(root):
    for username in USERNAMES:
        account = authenticate(RequestFactory().post("/"), username=username, password="chiboso2026")
        assert account is not None, username
        assert account.username == username
        assert account.full_name
        assert len(account.citizen_id) == 12
        assert account.citizen_id.isdigit()
    assert authenticate(RequestFactory().post("/"), username="bithu", password="sai-mat-khau") is None


def test_citizen_ids_are_distinct(root):
    ids = list(get_user_model().objects.filter(username__in=USERNAMES).values_list("citizen_id", flat=True))
    assert len(set(ids)) == len(USERNAMES)


def test_totp_devices_have_the_published_secrets():
    output = run_demo()
    for username, secret in (
        ("admin", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
        ("vanphong", "GAYTEMZUGU3DOOBZGAYTEMZUGU3DOOBZ"),
    ):
        assert secret in output
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        assert device.verify_token(f"{totp(device.bin_key):06d}")


def test_bithu_sees_its_cell_but_not_a_sibling(root):
    bithu = user("bithu")
    own = vks_cell("Chi bộ Văn phòng")
    sibling = vks_cell("Chi bộ Phòng 1")
    assert allowed(bithu, Action.VIEW_UNIT, own)
    assert not allowed(bithu, Action.VIEW_UNIT, sibling)
    assert not allowed(bithu, Action.VIEW_UNIT, Organization.objects.get_parent(own))
    assert not allowed(bithu, Action.EDIT_UNIT, own)


def test_vanphong_may_edit_everything_under_the_root(root):
    vanphong = user("vanphong")
    for unit in Organization.objects.filter(path__startswith=root.path):
        assert allowed(vanphong, Action.EDIT_UNIT, unit), unit.name


def test_dangvien_sees_but_may_not_edit_its_cell(root):
    dangvien = user("dangvien")
    own = vks_cell("Chi bộ Văn phòng")
    assert allowed(dangvien, Action.VIEW_UNIT, own)
    assert not allowed(dangvien, Action.EDIT_UNIT, own)
    assert not allowed(dangvien, Action.VIEW_UNIT, vks_cell("Chi bộ Phòng 2"))


def test_capuy_supervises_the_whole_committee(root):
    capuy = user("capuy")
    cell = vks_cell("Chi bộ Phòng 1")
    assert allowed(capuy, Action.VIEW_UNIT, root)
    assert allowed(capuy, Action.VIEW_UNIT, cell)
    assert not allowed(capuy, Action.EDIT_UNIT, cell)


def test_it_writes_all_or_nothing(monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(services, "organization_merge", fail)
    with pytest.raises(RuntimeError, match="hỏng giữa chừng"):
        run_demo()
    assert Organization.objects.count() == 0
    assert get_user_model().objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_it_refuses_when_a_demo_username_is_taken():
    get_user_model().objects.create_user(username="admin", password="khac-hoan-toan-2026")
    with pytest.raises(CommandError, match="Tài khoản “admin” đã có"):
        run_demo()
    assert Organization.objects.count() == 0


def test_refuses_to_run_without_debug_unless_allowed(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG đang tắt"):
        call_command("demo", stdout=StringIO())
    assert not Organization.objects.exists()
    call_command("demo", "--allow-production", "--parts=", stdout=StringIO())
    assert Organization.objects.filter(code="DEMO-KHOI").exists()
