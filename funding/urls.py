from django.urls import path

from funding import views, views_ledger

app_name = "funding"
urlpatterns = [
    path("funding/", views.overview, name="overview"),
    path("funding/model/", views.arrangements, name="arrangements"),
    path("funding/model/change/", views.arrangement_change, name="arrangement-change"),
    path("funding/years/", views.years, name="years"),
    path("funding/years/add/", views.year_add, name="year-add"),
    path("funding/years/<int:pk>/", views.year_detail, name="year"),
    path("funding/years/<int:pk>/change/", views.year_change, name="year-change"),
    path("funding/years/<int:pk>/formula/", views.year_formula, name="year-formula"),
    path("funding/years/<int:pk>/confirm/", views.year_confirm, name="year-confirm"),
    path("funding/years/<int:pk>/terms/", views.year_terms, name="year-terms"),
    path("funding/years/<int:pk>/issue/", views.year_issue, name="year-issue"),
    path("funding/allocations/<int:pk>/", views.allocation, name="allocation"),
    path("funding/agreements/<int:pk>/", views.agreement, name="agreement"),
    path("funding/agreements/<int:pk>/decide/", views.agreement_decide, name="agreement-decide"),
    path("funding/agreements/<int:pk>/record/", views.agreement_record, name="agreement-record"),
    path("funding/balances/", views_ledger.balances, name="balances"),
    path("funding/shares/", views_ledger.shares, name="shares"),
    path("funding/forecast/", views_ledger.forecast_page, name="forecast"),
    path("funding/ledger/", views_ledger.ledger, name="ledger"),
    path("funding/ledger/export.csv", views_ledger.ledger_export, name="ledger-export"),
    path("funding/ledger/post/", views_ledger.post_ledger, name="post-ledger"),
    path("funding/ledger/<int:pk>/", views_ledger.entry, name="entry"),
    path("funding/ledger/<int:pk>/reverse/", views_ledger.entry_reverse, name="entry-reverse"),
    path("funding/invoices/add/", views_ledger.invoice_add, name="invoice-add"),
    path("funding/months/", views_ledger.months, name="months"),
]
