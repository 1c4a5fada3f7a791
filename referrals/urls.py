from django.urls import path

from referrals import views, views_attachments

app_name = "referrals"
urlpatterns = [
    path("requests/", views.request_list, name="list"),
    path("requests/new/", views.request_add, name="add"),
    path("requests/<int:pk>/", views.request_detail, name="detail"),
    path("requests/<int:pk>/change/", views.request_edit, name="edit"),
    path("requests/<int:pk>/submit/", views.request_submit, name="submit"),
    path("requests/<int:pk>/triage/", views.request_triage, name="triage"),
    path("requests/<int:pk>/back-to-draft/", views.request_reopen, name="reopen"),
    path("requests/<int:pk>/close/", views.request_close, name="close"),
    path("requests/<int:pk>/graduated-response/add/", views_attachments.response_add, name="response-add"),
    path(
        "requests/<int:pk>/graduated-response/<int:response_pk>/remove/",
        views_attachments.response_remove,
        name="response-remove",
    ),
    path("requests/<int:pk>/documents/add/", views_attachments.attachment_add, name="attachment-add"),
    path("requests/<int:pk>/documents/<int:attachment_pk>/", views_attachments.attachment_download, name="attachment"),
    path(
        "requests/<int:pk>/documents/<int:attachment_pk>/remove/",
        views_attachments.attachment_remove,
        name="attachment-remove",
    ),
]
