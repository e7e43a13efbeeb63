"""Emulation (thi đua): movements launched by a committee, the registrations (đăng ký thi đua) of its units and
members with their status flow, the consolidated lists forwarded upward, the clusters of units with their leader,
deputy and history, the pact a cluster signs each year and the results of its year-end review conference.

Honours are codes of the rule set's catalog (``chibo.emulation.rules.honours``): the services check them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Movement(models.Model):
    """Phong trào thi đua: launched by a committee for a year (or a span of years); its whole subtree sees it."""

    organizer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Cấp ủy phát động"),
        on_delete=models.PROTECT,
        related_name="emulation_movements",
    )
    organizer_path = models.CharField(max_length=255, editable=False, db_index=True)
    name = models.CharField(_("Tên phong trào"), max_length=255)
    theme = models.CharField(_("Chủ đề"), max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(_("Năm"))
    starts_on = models.DateField(_("Từ ngày"), null=True, blank=True)
    ends_on = models.DateField(_("Đến ngày"), null=True, blank=True)
    description = models.TextField(_("Nội dung, chỉ tiêu"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-year", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="movement_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def save(self, *args, **kwargs):
        self.organizer_path = self.organizer.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("emulation:movement", args=[self.pk])

    @property
    def last_year(self) -> int:
        return self.ends_on.year if self.ends_on else self.year

    @property
    def years(self) -> list[int]:
        """The years units register for under this movement."""
        return list(range(self.year, max(self.year, self.last_year) + 1))


class Registration(models.Model):
    """Đăng ký thi đua: a unit (collective) or a member (individual) registers the title it aims for in a year.
    Not sent -> awaiting approval -> rejected (with its reason; corrected and sent again) or approved, by the
    committee directly above the registering unit."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Chưa gửi")
        SUBMITTED = "submitted", _("Chờ duyệt")
        REJECTED = "rejected", _("Bị trả lại")
        APPROVED = "approved", _("Đã duyệt")

    SENT = (Status.SUBMITTED, Status.APPROVED)  # counted as registered in the rates
    LOCKED = (Status.SUBMITTED, Status.APPROVED)  # no longer changed by the unit

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="registrations")
    year = models.PositiveSmallIntegerField(_("Năm"))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Đơn vị đăng ký"),
        on_delete=models.PROTECT,
        related_name="emulation_registrations",
    )
    organization_path = models.CharField(max_length=255, editable=False)
    # The committee directly above the registering unit: it approves.
    deciding_path = models.CharField(max_length=255, editable=False)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("Đảng viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="emulation_registrations",
    )
    honour = models.CharField(_("Danh hiệu đăng ký"), max_length=64)
    pledge = models.CharField(_("Nội dung đăng ký"), max_length=500, blank=True)
    status = models.CharField(_("Tình trạng"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    reject_reason = models.CharField(_("Lý do trả lại"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "year", "member"],
                condition=Q(member__isnull=False),
                name="emulation_registration_member_once",
            ),
            models.UniqueConstraint(
                fields=["movement", "year", "organization"],
                condition=Q(member__isnull=True),
                name="emulation_registration_unit_once",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""), name="emulation_rejected_has_reason"
            ),
        ]
        indexes = [
            # A subtree's registrations of a year as a prefix range, under any collation.
            models.Index(
                fields=["organization_path", "year"],
                name="emulation_reg_subtree",
                opclasses=["varchar_pattern_ops", "int2_ops"],
            ),
            models.Index(
                fields=["movement", "year", "deciding_path", "status"], name="emulation_reg_deciding"
            ),
        ]

    def __str__(self) -> str:
        subject = self.member.full_name if self.member_id and self.member else self.organization.name
        return f"{subject} – {self.honour} ({self.year})"

    def save(self, *args, **kwargs):
        self.organization_path = self.organization.path
        self.deciding_path = self.organization.path[: -self.organization.steplen]
        super().save(*args, **kwargs)

    @property
    def collective(self) -> bool:
        return self.member_id is None


class Forwarding(models.Model):
    """A committee sends the consolidated registrations of its subtree to its parent: the counts as they stood."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="forwardings")
    year = models.PositiveSmallIntegerField(_("Năm"))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Đơn vị chuyển"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization_path = models.CharField(max_length=255, editable=False)
    to_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Chuyển lên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # {"collective": {status: n}, "individual": {status: n}, "honours": {code: n approved}}
    counts = models.JSONField(_("Số liệu khi chuyển"), default=dict)
    note = models.CharField(_("Ghi chú"), max_length=500, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    forwarded_at = models.DateTimeField(_("Thời điểm"))

    class Meta:
        verbose_name = _("chuyển danh sách đăng ký thi đua")
        verbose_name_plural = _("chuyển danh sách đăng ký thi đua")
        ordering = ["-forwarded_at", "-id"]
        indexes = [models.Index(fields=["movement", "year", "organization_path"], name="emulation_fwd_path")]

    def __str__(self) -> str:
        return f"{self.organization} → {self.to_organization} ({self.year})"

    def save(self, *args, **kwargs):
        self.organization_path = self.organization.path
        super().save(*args, **kwargs)


class Cluster(models.Model):
    """Cụm thi đua of an organizer for one year: member units, a leader and a deputy among them; formed anew, or by
    splitting or merging clusters of an earlier year (``formed_from``)."""

    class Origin(models.TextChoices):
        NEW = "new", _("Thành lập")
        CONTINUED = "continued", _("Tiếp tục")
        SPLIT = "split", _("Tách")
        MERGED = "merged", _("Hợp nhất")

    organizer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Cấp tổ chức cụm"),
        on_delete=models.PROTECT,
        related_name="emulation_clusters",
    )
    organizer_path = models.CharField(max_length=255, editable=False, db_index=True)
    year = models.PositiveSmallIntegerField(_("Năm"))
    name = models.CharField(_("Tên cụm"), max_length=255)
    units = models.ManyToManyField(
        "organizations.Organization",
        through="ClusterMembership",
        through_fields=("cluster", "organization"),
        related_name="+",
        verbose_name=_("Đơn vị thành viên"),
    )
    leader = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Cụm trưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deputy = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Cụm phó"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    origin = models.CharField(_("Hình thành"), max_length=16, choices=Origin.choices, default=Origin.NEW)
    formed_from = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="formed_into", verbose_name=_("Hình thành từ")
    )
    review_on = models.DateField(_("Ngày hội nghị tổng kết"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cụm thi đua")
        verbose_name_plural = _("cụm thi đua")
        ordering = ["organizer_id", "-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organizer", "year", "name"], name="emulation_cluster_name_once"),
            models.CheckConstraint(
                condition=Q(leader__isnull=True) | Q(deputy__isnull=True) | ~Q(leader=models.F("deputy")),
                name="emulation_cluster_leader_not_deputy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def save(self, *args, **kwargs):
        self.organizer_path = self.organizer.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("emulation:cluster", args=[self.pk])


class ClusterMembership(models.Model):
    """A unit in a cluster. The organizer and the year are copied so that the database holds a unit to one cluster
    of an organizer per year."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("Đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    organizer = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("đơn vị của cụm thi đua")
        verbose_name_plural = _("đơn vị của cụm thi đua")
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "year", "organization"], name="emulation_unit_one_cluster_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster}: {self.organization}"


def _pact_path(instance: "Pact", filename: str) -> str:
    import secrets

    return f"emulation-pacts/{instance.cluster_id}/{secrets.token_hex(8)}/{filename}"


class Pact(models.Model):
    """Giao ước thi đua: one per cluster (a cluster is one year's). Each line of the content is one item the review
    conference judges; the signed document is downloaded through the gate only."""

    cluster = models.OneToOneField(Cluster, on_delete=models.CASCADE, related_name="pact")
    content = models.TextField(_("Nội dung giao ước"))
    signed_on = models.DateField(_("Ngày ký"), null=True, blank=True)
    signatories = models.TextField(_("Đại diện các đơn vị ký"), blank=True)
    document = models.FileField(_("Bản giao ước đã ký"), upload_to=_pact_path, max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")

    def __str__(self) -> str:
        return f"{self.cluster}"

    @property
    def items(self) -> list[str]:
        """The items of the pact: one a line of the content."""
        return [line.strip() for line in self.content.splitlines() if line.strip()]

    @property
    def signatory_lines(self) -> list[str]:
        return [line.strip() for line in self.signatories.splitlines() if line.strip()]


class ClusterResult(models.Model):
    """One member unit's result at the cluster's year-end review conference: against its registration (the title
    aimed for) and each item of the pact, a score, a ranking and notes."""

    class Outcome(models.TextChoices):
        NONE = "", _("Chưa đánh giá")
        EXCEEDED = "exceeded", _("Vượt")
        MET = "met", _("Đạt")
        NOT_MET = "not_met", _("Không đạt")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="results")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("Đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    pledge_outcome = models.CharField(
        _("Kết quả so với đăng ký"), max_length=16, choices=Outcome.choices, blank=True, default=""
    )
    items = models.JSONField(_("Kết quả theo nội dung giao ước"), default=list, blank=True)
    score = models.DecimalField(_("Điểm"), max_digits=7, decimal_places=2, null=True, blank=True)
    ranking = models.PositiveSmallIntegerField(_("Xếp thứ"), null=True, blank=True)
    notes = models.CharField(_("Ghi chú"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả tổng kết cụm")
        verbose_name_plural = _("kết quả tổng kết cụm")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "organization"], name="emulation_result_once"),
        ]

    def __str__(self) -> str:
        return f"{self.cluster}: {self.organization}"
