from django.urls import path

from schools import views

app_name = "schools"
urlpatterns = [
    path("schools/", views.school_list, name="list"),
    path("schools/<int:pk>/", views.school_detail, name="detail"),
]
