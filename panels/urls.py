from django.urls import path

from panels import views, views_decisions, views_meetings

app_name = "panels"
urlpatterns = [
    path("panels/", views.panel_list, name="list"),
    path("panels/new/", views.panel_add, name="add"),
    path("panels/single-point-of-access/", views.spa_rotation, name="spa-rotation"),
    path("panels/fair-access/", views.fair_access, name="fair-access"),
    path("panels/<int:pk>/", views.panel_detail, name="detail"),
    path("panels/<int:pk>/change/", views.panel_edit, name="edit"),
    path("panels/<int:pk>/members/add/", views.member_add, name="member-add"),
    path("panels/<int:pk>/members/<int:member_pk>/remove/", views.member_end, name="member-end"),
    path("panels/<int:pk>/meetings/add/", views_meetings.meeting_add, name="meeting-add"),
    path("meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/attendance/", views_meetings.attendance, name="attendance"),
    path("meetings/<int:pk>/cases/add/", views_meetings.case_add, name="case-add"),
    path("meetings/<int:pk>/cases/<int:item_pk>/remove/", views_meetings.case_remove, name="case-remove"),
    path("meetings/<int:pk>/cases/<int:item_pk>/decide/", views_decisions.decide, name="decide"),
    path("meetings/<int:pk>/pack/", views_meetings.pack, name="pack"),
    path("meetings/<int:pk>/pack.pdf", views_meetings.pack_pdf, name="pack-pdf"),
    path("meetings/<int:pk>/minutes/", views_meetings.minutes, name="minutes"),
    path("meetings/<int:pk>/conclude/", views_meetings.conclude, name="conclude"),
    path("meetings/<int:pk>/cancel/", views_meetings.cancel, name="cancel"),
    path("decisions/<int:pk>/", views_decisions.decision_detail, name="decision"),
    path("decisions/<int:pk>/actions/add/", views_decisions.action_add, name="action-add"),
    path("decisions/<int:pk>/actions/<int:action_pk>/done/", views_decisions.action_done, name="action-done"),
    path("decisions/<int:pk>/admission/", views_decisions.admission, name="admission"),
]
