from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chibo.work import rules


class Task(models.Model):
    """Nhiệm vụ của đảng viên: assigned at a meeting (from its minutes) or directly by the cell's officers; one or
    several members carry it out."""

    class Status(models.TextChoices):
        OPEN = rules.Status.OPEN, _("Đang thực hiện")
        DONE = rules.Status.DONE, _("Đã hoàn thành")
        NOT_DONE = rules.Status.NOT_DONE, _("Không hoàn thành")
        CANCELLED = rules.Status.CANCELLED, _("Hủy")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="tasks"
    )
    organization_path = models.CharField(max_length=255, editable=False)
    title = models.CharField(_("Nhiệm vụ"), max_length=500)
    description = models.TextField(_("Yêu cầu cụ thể"), blank=True)
    deadline = models.DateField(_("Thời hạn"), null=True, blank=True)
    status = models.CharField(_("Tình trạng"), max_length=16, choices=Status.choices, default=Status.OPEN)
    result = models.TextField(_("Kết quả"), blank=True)
    evidence = models.TextField(_("Minh chứng"), blank=True)
    assignees = models.ManyToManyField(
        "members.Member", verbose_name=_("Đảng viên thực hiện"), related_name="tasks"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("Giao tại buổi sinh hoạt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    minutes_line = models.PositiveSmallIntegerField(null=True, blank=True)  # its line in the minutes' tasks
    closed_on = models.DateField(_("Ngày kết thúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["organization_path", "status", "deadline"], name="task_path_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "minutes_line"],
                condition=models.Q(meeting__isnull=False),
                name="task_from_minutes_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.organization_path = self.organization.path
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("work:detail", args=[self.pk])


class Note(models.Model):
    """A member's own notes of a meeting (sổ tay đảng viên): private to the member, not readable by the cell."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="notes")
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("Ghi chép"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ghi chép sổ tay")
        verbose_name_plural = _("ghi chép sổ tay")
        constraints = [models.UniqueConstraint(fields=["member", "meeting"], name="note_once_per_meeting")]

    def __str__(self) -> str:
        return f"{self.member} – {self.meeting}"


class NotebookCheck(models.Model):
    """The cell's periodic check of its members' notebooks (seed 003: "100 % of members keep a notebook, checked
    periodically"): one row per member and check day."""

    class Result(models.TextChoices):
        GOOD = "good", _("Ghi chép đầy đủ")
        PARTIAL = "partial", _("Ghi chép chưa đầy đủ")
        NONE = "none", _("Không có sổ tay")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="notebook_checks")
    checked_on = models.DateField(_("Ngày kiểm tra"))
    result = models.CharField(_("Kết quả"), max_length=16, choices=Result.choices)
    remark = models.CharField(_("Nhận xét"), max_length=255, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kiểm tra sổ tay đảng viên")
        verbose_name_plural = _("kiểm tra sổ tay đảng viên")
        ordering = ["-checked_on", "member_id"]
        constraints = [models.UniqueConstraint(fields=["member", "checked_on"], name="notebook_check_once")]

    def __str__(self) -> str:
        return f"{self.member} {self.checked_on}: {self.result}"


class FeeRecord(models.Model):
    """A member's party fee for a month: the basis (salary, pension, student, fixed), the amount due from the rule
    set in force that month, what was paid, when and where (at the cell, or through the national portal)."""

    class Kind(models.TextChoices):
        SALARY = rules.FeeKind.SALARY, _("1 % lương đóng BHXH")
        PENSION = rules.FeeKind.PENSION, _("0,5 % lương hưu")
        STUDENT = rules.FeeKind.STUDENT, _("Học sinh, sinh viên")
        FIXED = rules.FeeKind.FIXED, _("Mức chi bộ quy định")

    class Channel(models.TextChoices):
        CELL = "cell", _("Nộp tại chi bộ")
        PORTAL = "portal", _("Nộp qua Cổng dịch vụ công")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="fees")
    year = models.PositiveSmallIntegerField(_("Năm"))
    month = models.PositiveSmallIntegerField(_("Tháng"))
    kind = models.CharField(_("Căn cứ"), max_length=16, choices=Kind.choices, default=Kind.SALARY)
    base_vnd = models.PositiveBigIntegerField(_("Mức lương, lương hưu (đồng)"), default=0)
    due_vnd = models.PositiveBigIntegerField(_("Phải nộp (đồng)"))
    paid_vnd = models.PositiveBigIntegerField(_("Đã nộp (đồng)"), default=0)
    paid_on = models.DateField(_("Ngày nộp"), null=True, blank=True)
    channel = models.CharField(
        _("Hình thức nộp"), max_length=8, choices=Channel.choices, default=Channel.CELL
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đảng phí")
        verbose_name_plural = _("đảng phí")
        constraints = [
            models.UniqueConstraint(fields=["member", "year", "month"], name="fee_once_a_month"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="fee_month"),
        ]
        indexes = [models.Index(fields=["organization", "year", "month"], name="fee_cell_month")]

    def __str__(self) -> str:
        return f"{self.member} {self.month}/{self.year}"

    @property
    def paid_in_full(self) -> bool:
        return self.paid_vnd >= self.due_vnd


def default_rating_levels() -> list[dict[str, str]]:
    """The scale a committee starts with: the four levels most cells use for the monthly rating (local practice,
    seed 003; DOMAIN.md: a per-committee setting)."""
    return [
        {"code": "A", "name": "Hoàn thành xuất sắc nhiệm vụ"},
        {"code": "B", "name": "Hoàn thành tốt nhiệm vụ"},
        {"code": "C", "name": "Hoàn thành nhiệm vụ"},
        {"code": "D", "name": "Không hoàn thành nhiệm vụ"},
    ]


class RatingScale(models.Model):
    """A committee's scale for the monthly rating of members: its levels, best first. A cell takes the scale of its
    nearest committee (itself included) that set one."""

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="rating_scale"
    )
    levels = models.JSONField(_("Các mức xếp loại"), default=default_rating_levels)

    class Meta:
        verbose_name = _("thang xếp loại hằng tháng")
        verbose_name_plural = _("thang xếp loại hằng tháng")

    def __str__(self) -> str:
        return str(self.organization)


class MonthlyRating(models.Model):
    """Xếp loại đảng viên hằng tháng: proposed by the secretary, adjusted at the meeting, final once the meeting's
    minutes are approved. The level's name is kept as it read on the day, so a later change of the scale leaves
    the history readable."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="monthly_ratings")
    year = models.PositiveSmallIntegerField(_("Năm"))
    month = models.PositiveSmallIntegerField(_("Tháng"))
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("Buổi sinh hoạt"), on_delete=models.PROTECT, related_name="+"
    )
    proposed = models.CharField(_("Chi ủy đề xuất"), max_length=16, blank=True)
    level = models.CharField(_("Chi bộ thống nhất"), max_length=16, blank=True)
    level_name = models.CharField(max_length=100, blank=True)
    rank = models.PositiveSmallIntegerField(default=0)  # the level's place on the scale, 1 = best
    remark = models.CharField(_("Lý do điều chỉnh"), max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("xếp loại hằng tháng")
        verbose_name_plural = _("xếp loại hằng tháng")
        ordering = ["year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year", "month"], name="rating_once_a_month"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="rating_month"),
        ]
        indexes = [models.Index(fields=["organization", "year", "month"], name="rating_cell_month")]

    def __str__(self) -> str:
        return f"{self.member} {self.month}/{self.year}: {self.level or self.proposed}"


class QualityReview(models.Model):
    """Kiểm điểm, đánh giá, xếp loại chất lượng (QĐ 366-QĐ/TW, HD 43) of a member or of a party organization, for a
    year (quarter 0) or a quarter: the self-assessment (30 general + 70 task points, the period's tasks, blocking
    conditions), the cell's proposal (for a member), and the higher committee's decision."""

    class Stage(models.TextChoices):
        DRAFT = "draft", _("Đang tự đánh giá")
        SUBMITTED = "submitted", _("Đã nộp bản tự đánh giá")
        PROPOSED = "proposed", _("Chi bộ đã đề xuất")
        DECIDED = "decided", _("Cấp ủy đã quyết định")

    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="quality_reviews"
    )
    # For a member: their cell. For a party organization: the organization reviewed.
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="quality_reviews"
    )
    organization_path = models.CharField(max_length=255, editable=False)
    deciding_path = models.CharField(max_length=255, editable=False)  # the committee that decides: the parent
    year = models.PositiveSmallIntegerField(_("Năm"))
    quarter = models.PositiveSmallIntegerField(_("Quý"), default=0)  # 0: the year
    stage = models.CharField(_("Tình trạng"), max_length=16, choices=Stage.choices, default=Stage.DRAFT)

    general_points = models.DecimalField(_("Điểm tiêu chí chung (tối đa 30)"), max_digits=4, decimal_places=1)
    task_points = models.DecimalField(
        _("Điểm kết quả thực hiện nhiệm vụ (tối đa 70)"), max_digits=4, decimal_places=1
    )
    tasks_total = models.PositiveSmallIntegerField(_("Số nhiệm vụ được giao"), default=0)
    tasks_late = models.PositiveSmallIntegerField(_("Số nhiệm vụ chậm tiến độ"), default=0)
    tasks_exceeded = models.PositiveSmallIntegerField(_("Số nhiệm vụ vượt mức"), default=0)
    blocking = models.JSONField(_("Trường hợp không hoàn thành nhiệm vụ"), default=list, blank=True)
    subunit_or_leader_disciplined = models.BooleanField(
        _("Có tổ chức trực thuộc hoặc người đứng đầu bị kỷ luật"), default=False
    )
    strengths = models.TextField(_("Ưu điểm"), blank=True)
    weaknesses = models.TextField(_("Hạn chế, khuyết điểm và nguyên nhân"), blank=True)
    self_level = models.CharField(_("Tự xếp loại"), max_length=16)
    allowed_level = models.CharField(max_length=16, editable=False)  # the highest the rules allow
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    proposed_level = models.CharField(_("Chi bộ đề xuất"), max_length=16, blank=True)
    proposed_remark = models.CharField(_("Nhận xét của chi bộ"), max_length=500, blank=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    decided_level = models.CharField(_("Cấp ủy quyết định"), max_length=16, blank=True)
    decision_number = models.CharField(_("Số quyết định, thông báo"), max_length=64, blank=True)
    decided_on = models.DateField(_("Ngày quyết định"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đánh giá, xếp loại chất lượng")
        verbose_name_plural = _("đánh giá, xếp loại chất lượng")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "quarter"],
                condition=models.Q(member__isnull=False),
                name="review_member_once",
            ),
            models.UniqueConstraint(
                fields=["organization", "year", "quarter"],
                condition=models.Q(member__isnull=True),
                name="review_unit_once",
            ),
            models.CheckConstraint(condition=models.Q(quarter__gte=0, quarter__lte=4), name="review_quarter"),
        ]
        indexes = [
            models.Index(fields=["year", "quarter", "organization_path"], name="review_period_path"),
            # A committee's subtree as a prefix range under any collation (PostgreSQL's C.UTF-8 included).
            models.Index(
                fields=["organization_path", "year", "quarter"],
                name="review_subtree_period",
                opclasses=["varchar_pattern_ops", "int2_ops", "int2_ops"],
            ),
            models.Index(fields=["deciding_path", "year", "quarter"], name="review_deciding"),
        ]

    def __str__(self) -> str:
        subject = self.member.full_name if self.member else self.organization.name
        period = f"{self.year}" if not self.quarter else f"Q{self.quarter}/{self.year}"
        return f"{subject} {period}"

    def save(self, *args, **kwargs):
        self.organization_path = self.organization.path
        self.deciding_path = self.organization.path[: -self.organization.steplen]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("work:quality", args=[self.pk])

    @property
    def collective(self) -> bool:
        return self.member_id is None

    @property
    def level(self) -> str:
        """The level as it stands: decided, else proposed, else the self-assessment's."""
        return self.decided_level or self.proposed_level or self.self_level

    @property
    def facts(self) -> rules.ReviewFacts:
        return rules.ReviewFacts(
            general_points=Decimal(self.general_points),
            task_points=Decimal(self.task_points),
            tasks_total=self.tasks_total,
            tasks_late=self.tasks_late,
            tasks_exceeded=self.tasks_exceeded,
            blocking=tuple(self.blocking or ()),
            collective=self.collective,
            subunit_or_leader_disciplined=self.subunit_or_leader_disciplined,
        )
