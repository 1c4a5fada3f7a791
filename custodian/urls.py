from django.urls import include, path

from accounts import views as account_views
from custodian import home

urlpatterns = [
    path("", home.home, name="home"),
    path("health", account_views.health, name="health"),
    path("account/", include("accounts.urls")),
]
