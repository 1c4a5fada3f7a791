from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("term-dates/", views.term_dates, name="term-dates"),
    path("term-dates/add-term-period/", views.term_period_add, name="term-period-add"),
    path("term-dates/add-day/", views.non_school_day_add, name="non-school-day-add"),
    path("term-dates/remove-day/<int:pk>/", views.non_school_day_remove, name="non-school-day-remove"),
    path("codes/", views.code_lists, name="code-lists"),
    # Before code-list: "edit/3/" would otherwise match <key>/<version>/.
    path("codes/edit/<int:pk>/", views.code_edit, name="code-edit"),
    path("codes/<slug:key>/<str:version>/", views.code_list, name="code-list"),
]
