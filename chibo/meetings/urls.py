from django.urls import path

from chibo.meetings import views
from chibo.meetings.web import committee, documents, duties, notices

app_name = "meetings"
urlpatterns = [
    path("chi-bo/<int:pk>/", views.cell_meetings, name="cell"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/bat-dau/", views.meeting_start, name="start"),
    path("<int:pk>/diem-danh/<int:attendance_pk>/", views.attendance_mark, name="attendance"),
    path("<int:pk>/bien-ban/", views.minutes_save, name="minutes_save"),
    path("<int:pk>/bien-ban/thong-qua/", views.minutes_approve, name="minutes_approve"),
    path("<int:pk>/bien-ban/dinh-chinh/", views.minutes_correct, name="minutes_correct"),
    path("<int:pk>/bien-ban/phien-ban/<int:number>/", views.minutes_version, name="minutes_version"),
]
urlpatterns += [*notices.urlpatterns, *documents.urlpatterns, *committee.urlpatterns, *duties.urlpatterns]
