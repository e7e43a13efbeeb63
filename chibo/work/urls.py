from chibo.work import notebooks, views

app_name = views.app_name
urlpatterns = [*views.urlpatterns, *notebooks.urlpatterns]
