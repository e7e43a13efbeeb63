from django.urls import path

from chibo.topics import views
from chibo.topics.web import plan, reports, supervision

app_name = "topics"
urlpatterns = [
    path("chi-bo/<int:pk>/", views.cell_topics, name="cell"),
    path("<int:pk>/", views.topic_detail, name="detail"),
]
urlpatterns += [*plan.urlpatterns, *reports.urlpatterns, *supervision.urlpatterns]
