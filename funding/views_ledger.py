"""Ledger pages: entries, corrections, invoices, posting, month close, the export; balances, shares and forecast."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.policy import policy
from core import audit
from core.govuk_forms import apply_validation_error
from funding import queries, rules, services_ledger
from funding.forms import InvoiceForm, LedgerFilterForm, OnDateForm, PostLedgerForm, ReverseForm
from funding.queries_money import account_balances, forecast, partnership_positions, school_positions, shares_of_places

PAGE_SIZE = 50


def _filtered_entries(request):
    who = queries.viewer(request.user)
    organisations = []
    if who.is_la:
        organisations = queries.ledger_organisations()
    form = LedgerFilterForm(request.GET or None, organisations=organisations)
    entries = queries.ledger_entries_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("kind"):
            entries = entries.filter(kind=data["kind"])
        if data.get("organisation"):
            org = int(data["organisation"])
            entries = entries.filter(Q(debit_account__organisation_id=org) | Q(credit_account__organisation_id=org))
        if data.get("date_from"):
            entries = entries.filter(entry_date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(entry_date__lte=data["date_to"])
    return form, entries.order_by("-entry_date", "-id")


def _pupil_text(entry, names) -> str:
    if entry.pupil_id is None:
        return ""
    return names.get(entry.pupil_id) or (
        f"A pupil (placement {entry.placement_id})" if entry.placement_id else "A pupil"
    )


@policy("funding.view_ledger")
def ledger(request):
    form, entries = _filtered_entries(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    names = queries.pupil_names_for(request.user, rows)
    return render(
        request,
        "funding/ledger.html",
        {
            "title": "Ledger",
            "form": form,
            "page": page,
            "rows": [(e, _pupil_text(e, names)) for e in rows],
            "can_manage": request.user.has_perm("funding.manage_ledger"),
            "can_export": request.user.has_perm("funding.export_ledger"),
            "querystring": request.GET.urlencode(),
            "closed_through": queries.closed_through(),
        },
    )


@policy("funding.view_ledger")
def entry(request, pk):
    item = queries.entry_or_404(request.user, pk)
    names = queries.pupil_names_for(request.user, [item])
    reversal = item.reversed_by if hasattr(item, "reversed_by") else None
    return render(
        request,
        "funding/entry.html",
        {
            "title": f"Ledger entry {item.pk}",
            "item": item,
            "pupil": _pupil_text(item, names),
            "reversal": reversal,
            "can_manage": request.user.has_perm("funding.manage_ledger"),
        },
    )


@policy("funding.manage_ledger")
def entry_reverse(request, pk):
    item = queries.entry_or_404(request.user, pk)
    form = ReverseForm(request.POST or None, initial={"entry_date": queries.today()})
    if request.method == "POST" and form.is_valid():
        try:
            reversal = services_ledger.reverse_entry(by=request.user, entry=item, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"Entry {item.pk} has been reversed by entry {reversal.pk}")
            return redirect("funding:entry", pk=reversal.pk)
    return render(
        request, "funding/entry_reverse.html", {"title": f"Reverse ledger entry {item.pk}", "item": item, "form": form}
    )


@policy("funding.export_ledger")
def ledger_export(request):
    _, entries = _filtered_entries(request)
    entries = list(entries.order_by("entry_date", "id"))
    names = queries.pupil_names_for(request.user, entries)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ap-ledger-{queries.today():%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "Entry",
            "Date",
            "Period",
            "Kind",
            "Amount (pence)",
            "Amount (£)",
            "Debit account",
            "Debit organisation",
            "Credit account",
            "Credit organisation",
            "School",
            "Cause",
            "Cause key",
            "Placement",
            "Pupil",
            "Reverses entry",
            "Description",
            "Posted by",
            "Posted at",
        ]
    )
    for e in entries:
        writer.writerow(
            [
                e.pk,
                e.entry_date.isoformat(),
                e.period.isoformat() if e.period else "",
                e.kind,
                e.amount_pence,
                f"{e.amount_pence / 100:.2f}",
                e.debit_account.kind,
                e.debit_account.organisation.name,
                e.credit_account.kind,
                e.credit_account.organisation.name,
                e.school.name if e.school else "",
                e.cause_type,
                e.cause_key,
                e.placement_id or "",
                _pupil_text(e, names),
                e.reverses_id or "",
                e.description,
                e.created_by.email if e.created_by else "system",
                e.created_at.isoformat(),
            ]
        )
    audit.record(
        by=request.user,
        action="export",
        obj=request.user.active_membership.organisation,
        summary=f"Ledger exported as CSV ({len(entries)} entries)",
        changes=dict(request.GET.items()),
    )
    return response


@policy("funding.manage_ledger")
def post_ledger(request):
    form = PostLedgerForm(request.POST or None, initial={"up_to": queries.today()})
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services_ledger.post_ledger(by=request.user, up_to=form.cleaned_data["up_to"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{result.total} entries posted" if result.total else "Nothing new to post")
    return render(request, "funding/post_ledger.html", {"title": "Post to the ledger", "form": form, "result": result})


@policy("funding.manage_ledger")
def invoice_add(request):
    from providers.queries import providers_with_organisation

    form = InvoiceForm(request.POST or None, providers=providers_with_organisation().order_by("organisation__name"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        placement = None
        if data.get("placement"):
            placement = queries.placement_for_invoice(data["placement"])
            if placement is None:
                form.add_error("placement", f"There is no agreed placement number {data['placement']}")
        if not form.errors:
            data["placement"] = placement
            try:
                invoice = services_ledger.record_invoice(by=request.user, **data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, f"Invoice {invoice.reference} has been recorded")
                return redirect("funding:ledger")
    return render(request, "funding/invoice_form.html", {"title": "Record an invoice", "form": form})


@policy("funding.manage_ledger")
def months(request):
    on = queries.today()
    next_month = queries.next_month_to_close(on)
    problem = None
    if request.method == "POST":
        if next_month is None:
            problem = "There is no ended month waiting to be closed"
        else:
            try:
                services_ledger.close_month(by=request.user, month=next_month, today=on)
            except ValidationError as exc:
                problem = " ".join(exc.messages)
            else:
                messages.success(request, f"{next_month:%B %Y} is closed")
                return redirect("funding:months")
    return render(
        request,
        "funding/months.html",
        {
            "title": "Month close",
            "closes": list(queries.month_closes()[:36]),
            "next_month": next_month,
            "problem": problem,
            "closed_through": queries.closed_through(),
        },
        status=400 if problem else 200,
    )


def _on_date(request):
    form = OnDateForm(request.GET or None)
    on = queries.today()
    if form.is_valid() and form.cleaned_data.get("on"):
        on = form.cleaned_data["on"]
    return form, on


@policy("funding.view_funding")
def balances(request):
    form, on = _on_date(request)
    who = queries.viewer(request.user)
    year = queries.funding_year_for(on)
    positions = school_positions(request.user, year, on)
    la_accounts = []
    if who.is_la:
        la = queries.la_organisation()
        la_accounts = list(account_balances(on, organisation_ids=[la.pk]))
    page = Paginator(positions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "funding/balances.html",
        {
            "title": "Allocations and balances",
            "form": form,
            "on": on,
            "year": year,
            "positions": page.object_list,
            "page": page,
            "partnerships": partnership_positions(request.user, positions, on),
            "la_accounts": la_accounts,
            "who": who,
            "total": {
                "allocation": sum(p.allocation or 0 for p in positions),
                "cost": sum(p.cost for p in positions),
                "available": sum(p.available for p in positions),
                "committed": sum(p.committed for p in positions),
            },
        },
    )


@policy("funding.view_funding")
def shares(request):
    form, on = _on_date(request)
    year = queries.funding_year_for(on)
    result = shares_of_places(request.user, year, on) if year else None
    arrangement = queries.arrangement_history().filter(effective_from__lte=on).first()
    collective = arrangement is not None and rules.uses_shares_of_places(arrangement.funding_models)
    page = Paginator(result.schools if result else [], PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "funding/shares.html",
        {
            "title": "Shares of places",
            "form": form,
            "on": on,
            "year": year,
            "result": result,
            "collective": collective,
            "page": page,
        },
    )


@policy("funding.view_forecast")
def forecast_page(request):
    form, on = _on_date(request)
    year = queries.funding_year_for(on)
    return render(
        request,
        "funding/forecast.html",
        {
            "title": "Forecast of spend against budget",
            "form": form,
            "on": on,
            "year": year,
            "forecast": forecast(year, on) if year else None,
        },
    )
