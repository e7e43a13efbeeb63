from django.urls import path

from chibo.rulesets import views

app_name = "rulesets"
urlpatterns = [
    path("", views.ruleset_list, name="list"),
    path("them/", views.ruleset_add, name="add"),
    path("<int:pk>/", views.ruleset_detail, name="detail"),
    path("ngay-le/", views.holidays_redirect, name="holidays_today"),
    path("ngay-le/<int:year>/", views.holidays, name="holidays"),
    path("ngay-lam-viec/", views.working_days, name="working_days"),
]
