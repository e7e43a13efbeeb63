from django.urls import path

from chibo.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("nhat-ky/", views.audit, name="audit"),
    path("phan-quyen/", views.grants, name="grants"),
    path("phan-quyen/<int:grant_pk>/thu-hoi/", views.grant_revoke, name="grant_revoke"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/lich-su/", views.history, name="history"),
    path("<int:pk>/thanh-lap/", views.create_child, name="create_child"),
    path("<int:pk>/doi-ten/", views.rename, name="rename"),
    path("<int:pk>/chuyen/", views.move, name="move"),
    path("<int:pk>/sap-nhap/", views.merge, name="merge"),
    path("<int:pk>/chia-tach/", views.split, name="split"),
    path("<int:pk>/giai-the/", views.dissolve, name="dissolve"),
    path("<int:pk>/nhiem-ky/", views.term_add, name="term_add"),
    path("<int:pk>/dai-hoi/", views.congress_add, name="congress_add"),
    path("<int:pk>/chuc-vu/", views.seat_add, name="seat_add"),
    path("<int:pk>/chuc-vu/<int:seat_pk>/thoi/", views.seat_end, name="seat_end"),
]
