from django.urls import path

from attendance import views, views_progress

app_name = "attendance"
urlpatterns = [
    path("attendance/", views.today_page, name="today"),
    path("attendance/register/", views.register, name="register"),
    path("attendance/upload/", views.upload, name="upload"),
    path("attendance/daily/", views.daily, name="daily"),
    path("attendance/figures/", views.summary, name="summary"),
    path("attendance/pupils/<int:pk>/", views.pupil, name="pupil"),
    path("attendance/alerts/", views.alerts, name="alerts"),
    path("attendance/alerts/settings/", views.alert_settings, name="alert-settings"),
    path("progress/<int:pk>/", views_progress.progress, name="progress"),
    path("progress/<int:pk>/notes/add/", views_progress.note_add, name="note-add"),
    path("progress/<int:pk>/notes/<int:note_pk>/change/", views_progress.note_edit, name="note-edit"),
    path("progress/<int:pk>/targets/", views_progress.targets, name="targets"),
    path("progress/<int:pk>/achievements/add/", views_progress.achievement_add, name="achievement-add"),
]
