from django.urls import path

from oversight import views, views_admin

app_name = "oversight"
urlpatterns = [
    path("oversight/", views.dashboard, name="dashboard"),
    path("oversight/fairness/", views.fairness, name="fairness"),
    path("oversight/outcomes/", views.outcomes, name="outcomes"),
    path("oversight/termly/", views.triangulation_index, name="triangulation-index"),
    path("oversight/termly/<int:school_id>/", views.triangulation, name="triangulation"),
    path(
        "oversight/termly/<int:school_id>/export/<slug:table>.<slug:fmt>",
        views.triangulation_export,
        name="triangulation-export",
    ),
    path("oversight/records/<slug:figure>/", views.records, name="records"),
    path("oversight/records/<slug:figure>/export/<slug:table>.<slug:fmt>", views.records_export, name="records-export"),
    path("oversight/export/<slug:page>/<slug:table>.<slug:fmt>", views.export, name="export"),
    path("oversight/benchmarks/", views.benchmarks, name="benchmarks"),
    path("oversight/benchmarks/add/", views_admin.benchmark_add, name="benchmark-add"),
    path("oversight/benchmarks/<int:pk>/change/", views_admin.benchmark_change, name="benchmark-change"),
    path("oversight/thresholds/", views_admin.thresholds, name="thresholds"),
    path("oversight/thresholds/change/", views_admin.thresholds_change, name="thresholds-change"),
]
