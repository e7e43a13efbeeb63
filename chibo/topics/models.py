from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chibo.topics import rules


class TopicCategory(models.Model):
    """A category of thematic topics (seed 002's party building, Hồ Chí Minh, political tasks …): data, so that a
    committee can add one. ``watched`` categories are flagged when their share falls below the committee's
    minimum."""

    code = models.SlugField(_("Mã"), max_length=32, unique=True)
    name = models.CharField(_("Tên nhóm chuyên đề"), max_length=255)
    position = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)
    watched = models.BooleanField(_("Theo dõi tỷ lệ tối thiểu"), default=False)
    active = models.BooleanField(_("Đang dùng"), default=True)

    class Meta:
        verbose_name = _("nhóm chuyên đề")
        verbose_name_plural = _("nhóm chuyên đề")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


DEFAULT_CRITERIA: list[dict[str, Any]] = [
    {"name": "Chuẩn bị nội dung chuyên đề", "max": 20},
    {"name": "Quy trình tổ chức sinh hoạt", "max": 20},
    {"name": "Chất lượng thảo luận, phát biểu", "max": 30},
    {"name": "Tính thiết thực của kết luận, giải pháp", "max": 30},
]


def _default_criteria() -> list[dict]:
    return [dict(c) for c in DEFAULT_CRITERIA]


class TopicSettings(models.Model):
    """A committee's settings for its cells' thematic topics: the registration deadline, the thresholds of the
    category balance, the evaluation criteria. A cell takes the settings of its nearest committee that has them."""

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="topic_settings"
    )
    deadline_day = models.PositiveSmallIntegerField(_("Hạn đăng ký: ngày của tháng trước quý"), default=20)
    min_share = models.PositiveSmallIntegerField(_("Tỷ lệ tối thiểu của nhóm được theo dõi (%)"), default=20)
    max_share = models.PositiveSmallIntegerField(_("Tỷ lệ tối đa của một nhóm (%)"), default=50)
    criteria = models.JSONField(_("Tiêu chí đánh giá"), default=_default_criteria)

    class Meta:
        verbose_name = _("cài đặt sinh hoạt chuyên đề")
        verbose_name_plural = _("cài đặt sinh hoạt chuyên đề")

    def __str__(self) -> str:
        return str(self.organization)


class ThematicPlan(models.Model):
    """Kế hoạch sinh hoạt chuyên đề: a committee's annual plan, consolidated from its cells' approved topics."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang xây dựng")
        PUBLISHED = "published", _("Đã ban hành")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="thematic_plans"
    )
    year = models.PositiveSmallIntegerField(_("Năm"))
    status = models.CharField(_("Tình trạng"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("Số kế hoạch"), max_length=32, blank=True)
    published_at = models.DateTimeField(_("Ban hành lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kế hoạch sinh hoạt chuyên đề")
        verbose_name_plural = _("kế hoạch sinh hoạt chuyên đề")
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="thematic_plan_once")]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("topics:plan", args=[self.organization_id, self.year])


class Topic(models.Model):
    """Chuyên đề: a cell's thematic topic for a quarter, from the registration to the evaluation."""

    class Status(models.TextChoices):
        DRAFT = rules.Status.DRAFT, _("Dự thảo")
        SUBMITTED = rules.Status.SUBMITTED, _("Chờ cấp ủy chi bộ duyệt")
        APPROVED = rules.Status.APPROVED, _("Cấp ủy chi bộ đã duyệt")
        RETURNED = rules.Status.RETURNED, _("Trả lại")
        PLANNED = rules.Status.PLANNED, _("Đã đưa vào kế hoạch")
        HELD = rules.Status.HELD, _("Đã sinh hoạt")
        EVALUATED = rules.Status.EVALUATED, _("Đã đánh giá")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="topics"
    )
    organization_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("Năm"))
    quarter = models.PositiveSmallIntegerField(_("Quý"))
    title = models.CharField(_("Tên chuyên đề"), max_length=255)
    category = models.ForeignKey(
        TopicCategory, verbose_name=_("Nhóm chuyên đề"), on_delete=models.PROTECT, related_name="topics"
    )
    presenter = models.ForeignKey(
        "members.Member",
        verbose_name=_("Đảng viên chuẩn bị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outline = models.TextField(_("Đề cương tóm tắt"), blank=True)
    status = models.CharField(_("Tình trạng"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    deadline = models.DateField(_("Hạn đăng ký"))
    submitted_on = models.DateField(_("Ngày gửi"), null=True, blank=True)
    late = models.BooleanField(_("Đăng ký muộn"), default=False)
    return_reason = models.CharField(_("Lý do trả lại"), max_length=500, blank=True)
    approved_at = models.DateTimeField(_("Duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan = models.ForeignKey(
        ThematicPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="topics"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("Buổi sinh hoạt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
    )
    held_on = models.DateField(_("Ngày sinh hoạt"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chuyên đề")
        verbose_name_plural = _("chuyên đề")
        ordering = ["year", "quarter", "organization_path", "id"]
        indexes = [
            # A unit's topics are those of its subtree, found by a prefix of the path (LIKE 'path%'): the path
            # compares byte by byte (varchar_pattern_ops) so that PostgreSQL reads the prefix as a range of the
            # index whatever the database's collation; year and quarter follow, for a period.
            models.Index(
                fields=["organization_path", "year", "quarter"],
                name="topic_subtree_quarter",
                opclasses=["varchar_pattern_ops", "int2_ops", "int2_ops"],
            ),
            models.Index(fields=["year", "organization_path"], name="topic_year_path"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="topic_quarter"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.organization_path = self.organization.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("topics:detail", args=[self.pk])

    @property
    def quarter_roman(self) -> str:
        """ "III": quarters are written in Roman numerals in the Party's documents."""
        return rules.ROMAN[self.quarter]

    @property
    def editable(self) -> bool:
        return self.status in rules.EDITABLE


class Supervision(models.Model):
    """A committee member assigned to attend a cell's thematic meeting, and the evaluation they file (criteria and
    scores set by the committee, comments) for the standing committee to read. Filed once; not edited."""

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="supervision")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Đồng chí cấp ủy dự"),
        on_delete=models.PROTECT,
        related_name="supervisions",
    )
    supervisor_name = models.CharField(_("Họ và tên"), max_length=255)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("Phân công lúc"))
    criteria = models.JSONField(_("Tiêu chí"), default=list)  # the committee's criteria when assigned
    scores = models.JSONField(_("Điểm"), default=dict)
    score = models.PositiveSmallIntegerField(_("Tổng điểm"), null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(_("Điểm tối đa"), null=True, blank=True)
    comments = models.TextField(_("Nhận xét"), blank=True)
    evaluated_at = models.DateTimeField(_("Đánh giá lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân công dự, đánh giá")
        verbose_name_plural = _("phân công dự, đánh giá")
        indexes = [models.Index(fields=["supervisor", "evaluated_at"], name="supervision_schedule")]

    def __str__(self) -> str:
        return f"{self.supervisor_name}: {self.topic}"

    @property
    def criteria_rules(self) -> list[rules.Criterion]:
        """The criteria copied from the committee's settings when the member was assigned."""
        return [rules.Criterion(c["name"], int(c["max"])) for c in self.criteria]
