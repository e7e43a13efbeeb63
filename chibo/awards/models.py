"""Commendation (khen thưởng): the award register, the initiatives that some titles need, and the year-end
nomination rounds that put candidates to a council's or a cluster conference's secret ballot and send those who
pass up in a proposal dossier (tờ trình). The honours are the rule set's catalog (``emulation.rules.honours``);
a row keeps the honour's code and its name as it was."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    GRASSROOTS = "grassroots", _("Cấp cơ sở")
    PROVINCE = "province", _("Cấp bộ, ngành, tỉnh")
    NATIONAL = "national", _("Toàn quốc")


class Initiative(models.Model):
    """Sáng kiến (or an accepted research project): recognised at a scope in a year; Chiến sĩ thi đua titles need
    one at their own scope (Luật Thi đua, khen thưởng 06/2022, art. 23)."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("Đảng viên"), on_delete=models.PROTECT, related_name="initiatives"
    )
    organization_path = models.CharField(max_length=255, editable=False, db_index=True)
    title = models.CharField(_("Tên sáng kiến, đề tài"), max_length=500)
    year = models.PositiveSmallIntegerField(_("Năm công nhận"))
    scope = models.CharField(_("Phạm vi ảnh hưởng"), max_length=16, choices=Scope.choices)
    decision = models.CharField(_("Quyết định công nhận"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.organization_path = self.member.organization_path
        super().save(*args, **kwargs)


class Award(models.Model):
    """Khen thưởng: one honour given to one recipient (a member, or a unit when ``member`` is empty) for one year,
    with the decision, its date and the body that issued it."""

    honour = models.CharField(_("Danh hiệu, hình thức khen thưởng"), max_length=64)
    honour_name = models.CharField(max_length=255)
    year = models.PositiveSmallIntegerField(_("Năm thành tích"))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Đơn vị"),
        on_delete=models.PROTECT,
        related_name="awards",
    )  # the unit awarded, or the member's unit at the time
    organization_path = models.CharField(max_length=255, editable=False)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("Cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    decision_number = models.CharField(_("Số quyết định"), max_length=64)
    decided_on = models.DateField(_("Ngày quyết định"))
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=255)
    nomination = models.OneToOneField(
        "Nomination", null=True, blank=True, on_delete=models.SET_NULL, related_name="award"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-year", "honour", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["honour", "year", "member"],
                condition=Q(member__isnull=False),
                name="award_once_member",
            ),
            models.UniqueConstraint(
                fields=["honour", "year", "organization"],
                condition=Q(member__isnull=True),
                name="award_once_unit",
            ),
        ]
        indexes = [
            # Streak reports: one honour over a span of years, for the units or members of a subtree.
            models.Index(
                fields=["honour", "organization_path", "year"],
                name="award_honour_subtree_year",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "int2_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.honour_name} {self.year}"

    def save(self, *args, **kwargs):
        self.organization_path = self.organization.path
        super().save(*args, **kwargs)

    @property
    def recipient_name(self) -> str:
        return self.member.full_name if self.member_id and self.member else self.organization.name


class NominationRound(models.Model):
    """Bình xét thi đua, khen thưởng: a unit's council (Hội đồng Thi đua – Khen thưởng), or a cluster's year-end
    conference, considers candidates for the year's honours and votes on them by secret ballot; those who pass go
    up in the proposal dossier."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Đang lập danh sách")
        VOTING = "voting", _("Đang bỏ phiếu")
        PROPOSED = "proposed", _("Đã lập tờ trình")
        DECIDED = "decided", _("Đã có quyết định khen thưởng")

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Đơn vị"),
        on_delete=models.PROTECT,
        related_name="nomination_rounds",
    )
    organization_path = models.CharField(max_length=255, editable=False, db_index=True)
    year = models.PositiveSmallIntegerField(_("Năm thành tích"))
    body = models.CharField(_("Hội đồng, hội nghị bình xét"), max_length=255)
    cluster = models.ForeignKey(
        "emulation.Cluster",
        verbose_name=_("Cụm thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nomination_rounds",
    )
    voters = models.ManyToManyField(
        "members.Member", verbose_name=_("Thành viên bỏ phiếu"), related_name="nomination_rounds"
    )
    status = models.CharField(
        _("Tình trạng"), max_length=16, choices=Status.choices, default=Status.PREPARING
    )
    held_on = models.DateField(_("Ngày họp"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đợt bình xét")
        verbose_name_plural = _("đợt bình xét")
        ordering = ["-year", "-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.body} {self.year}"

    def save(self, *args, **kwargs):
        self.organization_path = self.organization.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("awards:round", args=[self.pk])


class Nomination(models.Model):
    """One candidate for one honour in a round, with the eligibility the system found when they were put on the
    list, and the vote once it is published."""

    round = models.ForeignKey(NominationRound, on_delete=models.CASCADE, related_name="nominations")
    honour = models.CharField(_("Danh hiệu, hình thức khen thưởng"), max_length=64)
    honour_name = models.CharField(max_length=255)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="nominations"
    )  # the unit nominated, or the member's unit
    achievements = models.TextField(_("Tóm tắt thành tích"), blank=True)
    eligible = models.BooleanField(default=False)
    reasons = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    poll = models.ForeignKey(
        "votes.Poll", null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    candidate = models.OneToOneField(
        "votes.Candidate", null=True, blank=True, on_delete=models.SET_NULL, related_name="nomination"
    )
    votes = models.PositiveIntegerField(null=True, blank=True)  # in favour, once the poll is published
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("người, đơn vị được đề nghị")
        verbose_name_plural = _("người, đơn vị được đề nghị")
        ordering = ["round_id", "honour", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "honour", "member"], condition=Q(member__isnull=False), name="nominated_once"
            ),
            models.UniqueConstraint(
                fields=["round", "honour", "organization"],
                condition=Q(member__isnull=True),
                name="nominated_unit_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name}: {self.honour_name}"

    @property
    def recipient_name(self) -> str:
        return self.member.full_name if self.member_id and self.member else self.organization.name
