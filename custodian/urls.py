from django.urls import include, path

from accounts import views as account_views
from custodian import home

urlpatterns = [
    path("", home.home, name="home"),
    path("health", account_views.health, name="health"),
    path("account/", include("accounts.urls")),
    path("", include("core.urls")),
    path("", include("schools.urls")),
    path("", include("pupils.urls")),
    path("", include("providers.urls")),
]
