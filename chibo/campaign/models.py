"""The campaign of studying and following Hồ Chí Minh's thought, ethics and style (Học tập và làm theo tư tưởng, đạo
đức, phong cách Hồ Chí Minh): a committee's campaign of a year with its theme (chuyên đề của năm), the monthly study
schedule the cells follow in the Hồ Chí Minh segment of their meetings, the pledges of units and members (đăng ký
làm theo) with their year-end self-review, and the codes of professional ethics (chuẩn mực đạo đức) units adopt.

Files (study materials, signed codes) are downloaded through the gate only, never from a public address."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chibo.campaign import rules


class Campaign(models.Model):
    """A committee's campaign of one year: its theme and plan. Seen by the organizer's whole subtree."""

    organizer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Cấp ủy triển khai"),
        on_delete=models.PROTECT,
        related_name="hcm_campaigns",
    )
    organizer_path = models.CharField(max_length=255, editable=False, db_index=True)
    year = models.PositiveSmallIntegerField(_("Năm"))
    theme = models.CharField(_("Chuyên đề của năm"), max_length=500)
    description = models.TextField(_("Kế hoạch, nội dung triển khai"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("học tập và làm theo Bác (năm)")
        verbose_name_plural = _("học tập và làm theo Bác (năm)")
        ordering = ["-year", "organizer_path"]
        constraints = [
            models.UniqueConstraint(fields=["organizer", "year"], name="campaign_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.theme} ({self.year})"

    def save(self, *args, **kwargs):
        self.organizer_path = self.organizer.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaign:campaign", args=[self.pk])


def _material_path(instance: "StudyItem", filename: str) -> str:
    return f"campaign-materials/{instance.campaign_id}/{secrets.token_hex(8)}/{filename}"


class StudyItem(models.Model):
    """One content of the study schedule, for months ``month_from`` to ``month_to`` of the campaign's year; no two
    items of a schedule share a month."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    month_from = models.PositiveSmallIntegerField(_("Từ tháng"))
    month_to = models.PositiveSmallIntegerField(_("Đến tháng"))
    topic = models.CharField(_("Nội dung học tập"), max_length=500)
    content = models.TextField(_("Yêu cầu, cách thực hiện"), blank=True)
    material = models.FileField(_("Tài liệu"), upload_to=_material_path, max_length=500, blank=True)
    material_link = models.URLField(_("Liên kết tài liệu"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nội dung học tập theo tháng")
        verbose_name_plural = _("lịch học tập theo tháng")
        ordering = ["campaign_id", "month_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month_from__gte=1, month_to__lte=12, month_to__gte=models.F("month_from")),
                name="campaign_item_months_in_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.span.text}/{self.campaign.year}: {self.topic}"

    @property
    def span(self) -> rules.Span:
        return rules.Span(self.month_from, self.month_to)


class CampaignPledge(models.Model):
    """Đăng ký làm theo: what a unit (collective) or a member (individual) will do to follow the example, for a
    campaign; at the year's end, its self-review at the cell (tự đánh giá việc làm theo): a result and a remark.
    ``organization`` is the unit pledging, or the cell of the member when the pledge was last written."""

    class Result(models.TextChoices):
        GOOD = "good", _("Tốt")
        FAIR = "fair", _("Khá")
        AVERAGE = "average", _("Trung bình")
        NOT_MET = "not_met", _("Chưa đạt")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="pledges")
    year = models.PositiveSmallIntegerField(_("Năm"), editable=False)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Đơn vị"),
        on_delete=models.PROTECT,
        related_name="hcm_pledges",
    )
    organization_path = models.CharField(max_length=255, editable=False)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("Đảng viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hcm_pledges",
    )
    content = models.TextField(_("Nội dung đăng ký làm theo"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(_("Ghi lúc"), auto_now=True)
    result = models.CharField(_("Kết quả tự đánh giá"), max_length=16, choices=Result.choices, blank=True)
    review_note = models.CharField(_("Tự đánh giá việc làm theo"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("Tự đánh giá lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đăng ký làm theo")
        verbose_name_plural = _("đăng ký làm theo")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member"],
                condition=Q(member__isnull=False),
                name="campaign_pledge_member_once",
            ),
            models.UniqueConstraint(
                fields=["campaign", "organization"],
                condition=Q(member__isnull=True),
                name="campaign_pledge_unit_once",
            ),
            models.CheckConstraint(
                condition=Q(result__in=["", "good", "fair", "average", "not_met"]),
                name="campaign_pledge_result",
            ),
        ]
        indexes = [
            # A subtree's pledges of a year as a prefix range, under any collation.
            models.Index(
                fields=["organization_path", "year"],
                name="campaign_pledge_subtree",
                opclasses=["varchar_pattern_ops", "int2_ops"],
            ),
        ]

    def __str__(self) -> str:
        subject = self.member.full_name if self.member_id and self.member else self.organization.name
        return f"{subject} ({self.year})"

    def save(self, *args, **kwargs):
        self.year = self.campaign.year
        self.organization_path = self.organization.path
        super().save(*args, **kwargs)

    @property
    def collective(self) -> bool:
        return self.member_id is None

    @property
    def lines(self) -> list[str]:
        """The things pledged: one a line of the content."""
        return [line.strip() for line in self.content.splitlines() if line.strip()]


def _code_path(instance: "EthicsCode", filename: str) -> str:
    return f"ethics-codes/{instance.organization_id}/{secrets.token_hex(8)}/{filename}"


class EthicsCode(models.Model):
    """Chuẩn mực đạo đức (nghề nghiệp, lối sống) a unit adopted for its cadres and members: the text, the signed
    document, or both."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Đơn vị ban hành"),
        on_delete=models.PROTECT,
        related_name="ethics_codes",
    )
    organization_path = models.CharField(max_length=255, editable=False, db_index=True)
    title = models.CharField(_("Tên văn bản"), max_length=500)
    adopted_on = models.DateField(_("Ngày ban hành"))
    content = models.TextField(_("Nội dung chuẩn mực"), blank=True)
    document = models.FileField(_("Bản đã ký"), upload_to=_code_path, max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chuẩn mực đạo đức")
        verbose_name_plural = _("chuẩn mực đạo đức")
        ordering = ["organization_path", "-adopted_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.organization_path = self.organization.path
        super().save(*args, **kwargs)

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.content.splitlines() if line.strip()]
