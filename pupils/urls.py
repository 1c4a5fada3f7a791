from django.urls import path

from pupils import views

app_name = "pupils"
urlpatterns = [
    path("pupils/", views.pupil_list, name="list"),
    path("pupils/add/", views.pupil_add, name="add"),
    path("pupils/<int:pk>/", views.pupil_detail, name="detail"),
    path("pupils/<int:pk>/change/", views.pupil_edit, name="edit"),
    path("pupils/<int:pk>/status/add/", views.episode_add, name="episode-add"),
    path("pupils/<int:pk>/status/<int:episode_pk>/change/", views.episode_edit, name="episode-edit"),
    path("pupils/<int:pk>/registrations/add/", views.registration_add, name="registration-add"),
    path("pupils/<int:pk>/registrations/<int:registration_pk>/end/", views.registration_end, name="registration-end"),
    path("register/", views.register, name="register"),
    path("register/export.csv", views.register_export, name="register-export"),
]
