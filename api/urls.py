from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from api import views, views_tokens


def _api(view_class):
    """A DRF view behind token authentication: DRF answers 401 itself, so no sign-in redirect."""
    callback = login_not_required(view_class.as_view())
    callback.custodian_policy = "api-token"
    return callback


schema = login_not_required(SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny]))
schema.custodian_policy = "public"

app_name = "api"
urlpatterns = [
    path("schema/", schema, name="schema"),
    path("placements/", _api(views.PlacementList), name="placements"),
    path("attendance/", _api(views.AttendanceEndpoint), name="attendance"),
    path("tokens/", views_tokens.tokens, name="tokens"),
    path("tokens/add/", views_tokens.token_add, name="token-add"),
    path("tokens/<int:pk>/revoke/", views_tokens.token_revoke, name="token-revoke"),
]
