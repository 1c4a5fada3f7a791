from django.urls import path

from accounts import views, views_people

app_name = "accounts"
urlpatterns = [
    path("sign-in", views.sign_in, name="sign-in"),
    path("sign-out", views.sign_out, name="sign-out"),
    path("switch", views.switch_membership, name="switch"),
    path("set-password/<str:uidb64>/<str:token>/", views_people.set_password, name="set-password"),
    path("people/", views_people.people, name="people"),
    path("people/add/", views_people.invite, name="invite"),
    path("people/<int:pk>/", views_people.person, name="person"),
    path("people/<int:pk>/roles/add/", views_people.membership_add, name="membership-add"),
    path("people/<int:pk>/roles/<int:membership_pk>/remove/", views_people.membership_remove, name="membership-remove"),
    path("people/<int:pk>/active/", views_people.set_active, name="set-active"),
]
