from django.urls import path

from placements import views, views_agreement, views_followup, views_lifecycle

app_name = "placements"
urlpatterns = [
    path("placements/", views.placement_list, name="list"),
    path("placements/reviews/", views_followup.reviews_due, name="reviews-due"),
    path("placements/add/<int:pupil_pk>/", views.placement_add, name="add"),
    path("placements/from-decision/<int:decision_pk>/", views.create_from_decision, name="create-from-decision"),
    path("placements/<int:pk>/", views.placement_detail, name="detail"),
    path("placements/<int:pk>/change/", views.placement_edit, name="edit"),
    path("placements/<int:pk>/providers/add/", views.component_add, name="component-add"),
    path("placements/<int:pk>/providers/<int:component_pk>/change/", views.component_edit, name="component-edit"),
    path("placements/<int:pk>/providers/<int:component_pk>/remove/", views.component_remove, name="component-remove"),
    path("placements/<int:pk>/learner-profile/", views.learner_profile, name="profile"),
    path("placements/<int:pk>/learner-profile/change/", views.learner_profile_edit, name="profile-edit"),
    path("placements/<int:pk>/agreement/", views_agreement.agreement, name="agreement"),
    path("placements/<int:pk>/agreement.pdf", views_agreement.agreement_pdf, name="agreement-pdf"),
    path("placements/<int:pk>/agree/", views_lifecycle.agree, name="agree"),
    path("placements/<int:pk>/start/", views_lifecycle.start, name="start"),
    path("placements/<int:pk>/cancel/", views_lifecycle.cancel, name="cancel"),
    path("placements/<int:pk>/end/", views_lifecycle.end, name="end"),
    path("placements/<int:pk>/extend/", views_lifecycle.extend, name="extend"),
    path("placements/<int:pk>/reviews/add/", views_followup.review_add, name="review-add"),
    path("placements/<int:pk>/reviews/<int:review_pk>/", views_followup.review, name="review"),
    path("placements/<int:pk>/return/", views_followup.return_plan, name="return"),
    path("placements/<int:pk>/return/checks/<int:check_pk>/", views_followup.return_check, name="return-check"),
    path("placements/<int:pk>/destinations/<int:destination_pk>/", views_followup.destination, name="destination"),
    path("placements/<int:pk>/survey/", views_followup.survey_invite, name="survey-invite"),
    path("survey/<str:token>/", views_followup.survey, name="survey"),
]
