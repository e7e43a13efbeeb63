from chibo.work import fees, notebooks, views

app_name = views.app_name
urlpatterns = [*views.urlpatterns, *notebooks.urlpatterns, *fees.urlpatterns]
