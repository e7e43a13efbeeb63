from chibo.members.views import applicants, badges, imports, profile, register

app_name = "members"
urlpatterns = [
    *register.urlpatterns,
    *imports.urlpatterns,
    *badges.urlpatterns,
    *profile.urlpatterns,
    *applicants.urlpatterns,
]
