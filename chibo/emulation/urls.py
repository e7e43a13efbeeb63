from django.urls import path

from chibo.emulation import views

app_name = views.app_name
urlpatterns = [
    path("", views.home, name="home"),
    path("to-chuc/<int:pk>/", views.organizer, name="organizer"),
    path("to-chuc/<int:pk>/cum/", views.clusters, name="clusters"),
    path("to-chuc/<int:pk>/cum/hop-nhat/", views.cluster_merge, name="cluster_merge"),
    path("phong-trao/<int:pk>/", views.movement, name="movement"),
    path("phong-trao/<int:pk>/sua/", views.movement_edit, name="movement_edit"),
    path("phong-trao/<int:pk>/duyet/", views.movement_decide, name="movement_decide"),
    path("phong-trao/<int:pk>/chuyen-len/", views.movement_forward, name="movement_forward"),
    path("phong-trao/<int:pk>/dang-ky/", views.register_pick, name="register_pick"),
    path("phong-trao/<int:pk>/dang-ky/<int:org_pk>/", views.register, name="register"),
    path("ty-le/<int:pk>/", views.rates, name="rates"),
    path("ty-le/<int:pk>/excel/", views.rates_xlsx, name="rates_xlsx"),
    path("cum/<int:pk>/", views.cluster, name="cluster"),
    path("cum/<int:pk>/sua/", views.cluster_edit, name="cluster_edit"),
    path("cum/<int:pk>/tach/", views.cluster_split, name="cluster_split"),
    path("cum/<int:pk>/giao-uoc/", views.pact, name="pact"),
    path("cum/<int:pk>/giao-uoc/tep/", views.pact_file, name="pact_file"),
    path("cum/<int:pk>/tong-ket/", views.results, name="results"),
]
