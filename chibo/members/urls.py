from chibo.members.views import badges, imports, register

app_name = "members"
urlpatterns = [*register.urlpatterns, *imports.urlpatterns, *badges.urlpatterns]
