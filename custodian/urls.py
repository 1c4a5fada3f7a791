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
    path("", include("referrals.urls")),
    path("", include("panels.urls")),
    path("", include("placements.urls")),
    path("", include("attendance.urls")),
    path("", include("funding.urls")),
    path("", include("oversight.urls")),
    path("api/", include("api.urls")),
]
