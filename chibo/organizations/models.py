from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from chibo.core.text import fold


class Organization(MP_Node):
    """Any node of the party tree, stored as a materialized path: a subtree is one prefix query."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Đảng bộ cấp trên cơ sở")
        GRASSROOTS_COMMITTEE = "grassroots_committee", _("Đảng bộ cơ sở")
        GRASSROOTS_CELL = "grassroots_cell", _("Chi bộ cơ sở")
        CELL = "cell", _("Chi bộ trực thuộc")

    steplen = 4

    name = models.CharField(_("Tên"), max_length=255)
    kind = models.CharField(_("Loại tổ chức"), max_length=32, choices=Kind.choices)
    code = models.CharField(_("Mã"), max_length=32, blank=True)
    founded_on = models.DateField(_("Ngày thành lập"), null=True, blank=True)
    dissolved_on = models.DateField(_("Ngày giải thể / sáp nhập"), null=True, blank=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="organization_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("organizations:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    @property
    def is_cell(self) -> bool:
        return self.kind in (self.Kind.CELL, self.Kind.GRASSROOTS_CELL)

    @property
    def lineage_paths(self) -> list[str]:
        """The paths of the unit's ancestors and of itself, from the root down: the units whose settings it
        inherits (the nearest one that has them wins)."""
        return [self.path[: self.steplen * i] for i in range(1, len(self.path) // self.steplen + 1)]


class OrganizationPeriod(models.Model):
    """A unit's name, kind and parent over a span of dates: the tree as it stood on any day is rebuilt from these."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="periods")
    name = models.CharField(_("Tên"), max_length=255)
    kind = models.CharField(_("Loại tổ chức"), max_length=32, choices=Organization.Kind.choices)
    parent = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("Từ ngày"))
    valid_to = models.DateField(_("Đến ngày (không kể)"), null=True, blank=True)

    class Meta:
        verbose_name = _("giai đoạn của tổ chức")
        verbose_name_plural = _("giai đoạn của tổ chức")
        ordering = ["organization_id", "valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from} – {self.valid_to or '…'})"


class OrganizationChange(models.Model):
    """A dated event in the life of a unit: founded, renamed, moved, merged, split, dissolved."""

    class Kind(models.TextChoices):
        FOUNDED = "founded", _("Thành lập")
        RENAMED = "renamed", _("Đổi tên")
        MOVED = "moved", _("Chuyển trực thuộc")
        MERGED = "merged", _("Hợp nhất, sáp nhập")
        SPLIT = "split", _("Chia tách")
        DISSOLVED = "dissolved", _("Giải thể")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("Loại thay đổi"), max_length=16, choices=Kind.choices)
    on = models.DateField(_("Ngày hiệu lực"))
    decision = models.CharField(_("Quyết định"), max_length=255, blank=True)
    related = models.ManyToManyField(Organization, blank=True, related_name="+")
    detail = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi tổ chức")
        verbose_name_plural = _("thay đổi tổ chức")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organization} {self.on}"


class Term(models.Model):
    """Nhiệm kỳ: the span of one elected committee, e.g. 2020–2025."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(_("Nhiệm kỳ"), max_length=64)
    starts_on = models.DateField(_("Bắt đầu"))
    ends_on = models.DateField(_("Kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["organization_id", "-starts_on"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="term_unique_name")]

    def __str__(self) -> str:
        return f"{self.organization} – {self.name}"


class Congress(models.Model):
    """Đại hội: opens a term and elects its committee."""

    class Kind(models.TextChoices):
        MEMBERS = "members", _("Đại hội đảng viên")
        DELEGATES = "delegates", _("Đại hội đại biểu")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="congresses")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="congresses")
    kind = models.CharField(_("Hình thức"), max_length=16, choices=Kind.choices, default=Kind.MEMBERS)
    held_on = models.DateField(_("Ngày họp"))
    delegates = models.PositiveIntegerField(_("Số đại biểu / đảng viên dự"), null=True, blank=True)

    class Meta:
        verbose_name = _("đại hội")
        verbose_name_plural = _("đại hội")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organization} {self.term.name}"


class Seat(models.Model):
    """A place on an organization's committee (cấp ủy) for a span of dates within a term."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Bí thư")
        DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
        STANDING_MEMBER = "standing_member", _("Ủy viên Ban Thường vụ")
        COMMITTEE_MEMBER = "committee_member", _("Cấp ủy viên")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="seats")
    term = models.ForeignKey(Term, null=True, blank=True, on_delete=models.PROTECT, related_name="seats")
    role = models.CharField(_("Chức vụ"), max_length=32, choices=Role.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Tài khoản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seats",
    )
    holder_name = models.CharField(_("Họ và tên"), max_length=255)
    starts_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("chức vụ cấp ủy")
        verbose_name_plural = _("chức vụ cấp ủy")
        ordering = ["organization_id", "role", "starts_on"]
        indexes = [models.Index(fields=["holder", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.organization}: {self.holder_name}"


class Grant(models.Model):
    """A role held on an organization; it covers the organization's whole subtree while it lasts."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Đảng viên")
        CELL_OFFICER = "cell_officer", _("Cấp ủy chi bộ")
        COMMITTEE_OFFICER = "committee_officer", _("Cấp ủy đảng bộ")
        OFFICE_STAFF = "office_staff", _("Văn phòng cấp ủy")
        SUPERVISOR = "supervisor", _("Giám sát")
        AUDITOR = "auditor", _("Kiểm tra (chỉ xem)")
        ADMINISTRATOR = "administrator", _("Quản trị hệ thống")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("Vai trò"), max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("Tổ chức"), on_delete=models.CASCADE, related_name="grants"
    )
    starts_on = models.DateField(_("Từ ngày"), null=True, blank=True)
    ends_on = models.DateField(_("Đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("quyền")
        verbose_name_plural = _("quyền")
        constraints = [models.UniqueConstraint(fields=["user", "role", "organization"], name="grant_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organization}"
