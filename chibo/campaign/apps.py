from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "chibo.campaign"
    label = "campaign"
    verbose_name = _("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
