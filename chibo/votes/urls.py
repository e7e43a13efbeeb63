from chibo.votes.views import app_name, urlpatterns  # noqa: F401
