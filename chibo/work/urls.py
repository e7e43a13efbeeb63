from chibo.work import fees, notebooks, quality_views, ratings, views

app_name = views.app_name
urlpatterns = [
    *views.urlpatterns,
    *notebooks.urlpatterns,
    *fees.urlpatterns,
    *ratings.urlpatterns,
    *quality_views.urlpatterns,
]
