from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """An account. People log in with their username or their citizen ID (CCCD)."""

    citizen_id = models.CharField(_("Số CCCD"), max_length=12, blank=True)
    full_name = models.CharField(_("Họ và tên"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"], condition=~Q(citizen_id=""), name="user_citizen_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username
