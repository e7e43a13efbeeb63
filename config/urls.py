from django.conf import settings
from django.urls import include, path

from chibo.api.api import api
from chibo.core.views import healthz
from chibo.organizations.views import home

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("chibo.accounts.urls")),
    path("to-chuc/", include("chibo.organizations.urls")),
    path("quy-tac/", include("chibo.rulesets.urls")),
    path("dang-vien/", include("chibo.members.urls")),
    path("sinh-hoat/", include("chibo.meetings.urls")),
    path("chuyen-de/", include("chibo.topics.urls")),
    path("cong-viec/", include("chibo.work.urls")),
    path("bieu-quyet/", include("chibo.votes.urls")),
    path("thi-dua/", include("chibo.emulation.urls")),
    path("khen-thuong/", include("chibo.awards.urls")),
    path("hoc-tap-lam-theo-bac/", include("chibo.campaign.urls")),
    path("van-ban/", include("chibo.documents.views")),
    path("api/v1/", api.urls),
]

if settings.DEBUG:
    from django.contrib import admin

    urlpatterns.append(path("django-admin/", admin.site.urls))
