from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RuleSet(models.Model):
    """One version of the rules (thresholds, quotas, deadlines, holiday calendar...), in force from
    ``effective_from`` until the next version. Versions are added, never edited: see ``services``."""

    name = models.CharField(_("Tên"), max_length=200)
    effective_from = models.DateField(_("Có hiệu lực từ ngày"), unique=True)
    source = models.TextField(_("Căn cứ (văn bản)"))
    notes = models.TextField(_("Ghi chú"), blank=True)
    values = models.JSONField(_("Giá trị"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Thời điểm tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("bộ quy tắc")
        verbose_name_plural = _("bộ quy tắc")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("rulesets:detail", args=[self.pk])
