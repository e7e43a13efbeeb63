from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which record. Written by services; read by the office staff of the subtree."""

    at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Tổ chức"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Copied so that the log stays scoped after the organization moves or is deleted.
    organization_path = models.CharField(max_length=255, db_index=True, blank=True)
    action = models.CharField(_("Hành động"), max_length=64)
    object_type = models.CharField(_("Loại bản ghi"), max_length=64)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("Bản ghi"), max_length=255)
    changes = models.JSONField(_("Thay đổi"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
