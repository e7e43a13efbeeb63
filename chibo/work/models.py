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
