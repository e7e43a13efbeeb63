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
