from django.urls import path

from providers import views_commissioning, views_concerns, views_directory, views_framework, views_offer, views_qa

app_name = "providers"
urlpatterns = [
    # The directory
    path("providers/", views_directory.directory, name="directory"),
    path("providers/add/", views_directory.provider_add, name="add"),
    path("providers/changes/", views_directory.changes, name="changes"),
    path("providers/<int:pk>/", views_directory.provider_detail, name="detail"),
    path("providers/<int:pk>/change/", views_directory.provider_edit, name="edit"),
    path("providers/<int:pk>/status/", views_directory.provider_status, name="status"),
    path("providers/<int:pk>/changes/seen/", views_directory.acknowledge, name="acknowledge"),
    # The offer, kept current by the provider
    path("providers/<int:pk>/programmes/add/", views_offer.programme_add, name="programme-add"),
    path("providers/programmes/<int:pk>/change/", views_offer.programme_edit, name="programme-edit"),
    path("providers/<int:pk>/contacts/add/", views_offer.contact_add, name="contact-add"),
    path("providers/contacts/<int:pk>/remove/", views_offer.contact_remove, name="contact-remove"),
    path("providers/<int:pk>/documents/add/", views_offer.document_add, name="document-add"),
    path("providers/documents/<int:pk>/download/", views_offer.document_download, name="document-download"),
    path("providers/documents/<int:pk>/check/", views_offer.document_verify, name="document-verify"),
    path("providers/<int:pk>/self-assessment/", views_offer.self_assessment, name="self-assessment"),
    # Quality assurance
    path("quality-assurance/", views_qa.qa_dashboard, name="qa-dashboard"),
    path("quality-assurance/schedule-annual-visits/", views_qa.schedule_annual, name="schedule-annual"),
    path("quality-assurance/visits/", views_qa.visit_list, name="visits"),
    path("providers/<int:pk>/visits/schedule/", views_qa.visit_schedule, name="visit-schedule"),
    path("quality-assurance/visits/<int:pk>/", views_qa.visit_detail, name="visit-detail"),
    path("quality-assurance/visits/<int:pk>/report.pdf", views_qa.visit_pdf, name="visit-pdf"),
    path("quality-assurance/visits/<int:pk>/record/", views_qa.visit_record, name="visit-record"),
    path("quality-assurance/visits/<int:pk>/cancel/", views_qa.visit_cancel, name="visit-cancel"),
    path("quality-assurance/visits/<int:pk>/actions/add/", views_qa.action_add, name="action-add"),
    path("quality-assurance/actions/<int:pk>/close/", views_qa.action_close, name="action-close"),
    path("quality-assurance/framework/", views_framework.framework, name="qa-framework"),
    path("quality-assurance/framework/domains/add/", views_framework.domain_add, name="domain-add"),
    path("quality-assurance/framework/domains/<int:pk>/change/", views_framework.domain_edit, name="domain-edit"),
    path(
        "quality-assurance/framework/domains/<int:pk>/criteria/add/",
        views_framework.criterion_add,
        name="criterion-add",
    ),
    path(
        "quality-assurance/framework/criteria/<int:pk>/change/", views_framework.criterion_edit, name="criterion-edit"
    ),
    path("quality-assurance/framework/scale/add/", views_framework.level_add, name="level-add"),
    path("quality-assurance/framework/scale/<int:pk>/change/", views_framework.level_edit, name="level-edit"),
    path("providers/<int:pk>/notice-to-improve/", views_concerns.notice_issue, name="notice-issue"),
    path("quality-assurance/notices/<int:pk>/close/", views_concerns.notice_close, name="notice-close"),
    path("quality-assurance/concerns/", views_concerns.concern_list, name="concerns"),
    path("quality-assurance/concerns/add/", views_concerns.concern_add, name="concern-add"),
    path("quality-assurance/concerns/<int:pk>/", views_concerns.concern_detail, name="concern-detail"),
    # Commissioning
    path("commissioning/", views_commissioning.overview, name="commissioning"),
    path("commissioning/places/add/", views_commissioning.block_add, name="block-add"),
    path("commissioning/places/<int:pk>/change/", views_commissioning.block_edit, name="block-edit"),
    path("commissioning/sufficiency/", views_commissioning.sufficiency, name="sufficiency"),
    path("providers/<int:pk>/pupils-to-move/", views_commissioning.pupils_to_move, name="pupils-to-move"),
    path("providers/settings/", views_framework.settings_page, name="settings"),
]
