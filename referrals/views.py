"""Pages for requests for support: list, start, see, change, submit, triage, close.

Graduated-response rows and attachments are in views_attachments.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from accounts.policy import policy
from accounts.predicates import active_role
from accounts.roles import LA_CASEWORK_ROLES
from core.calendar import SchoolCalendar
from core.govuk_forms import apply_validation_error
from providers.queries import approved_providers
from pupils.identifiers import normalise_upn
from pupils.queries import today
from referrals import history, queries, services
from referrals.forms import CloseForm, NewRequestForm, RequestFilterForm, RequestForm, TriageForm
from referrals.models import Route, Status

PAGE_SIZE = 50


def _is_la(user) -> bool:
    return active_role(user) in LA_CASEWORK_ROLES


def _providers():
    return approved_providers().select_related("organisation").order_by("organisation__name")


@policy("referrals.view_request_list")
def request_list(request):
    on = today()
    form = RequestFilterForm(request.GET or None)
    requests = queries.requests_visible_to(request.user, on=on)
    status = form.cleaned_data.get("status") if form.is_valid() else ""
    if status:
        requests = requests.filter(status=status)
    requests = queries.with_list_context(requests.order_by("-created_at", "-id"))
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    access = queries.access_for_many(request.user, items, on=on)
    cal = None
    if any(r.route == Route.PEX for r in items):
        cal = SchoolCalendar.load()
    rows = []
    for item in items:
        deadline = None
        if item.route == Route.PEX and item.status not in (Status.DECIDED, Status.CLOSED):
            deadline = history.pex_deadline(item, on, cal)
        rows.append(
            {"request": item, "pupil": queries.pupil_label(item.pupil, access[item.pk], on), "deadline": deadline}
        )
    return render(
        request,
        "referrals/list.html",
        {"rows": rows, "page": page, "form": form, "can_add": request.user.has_perm("referrals.add_request")},
    )


def _routes_for(user):
    return Route.values if _is_la(user) else [Route.SCHOOL]


@policy("referrals.add_request")
def request_add(request):
    initial = {"route": Route.SCHOOL}
    pupil_pk = request.GET.get("pupil", "")
    if pupil_pk.isdigit():
        found = queries.pupils_for_new_request(request.user).filter(pk=int(pupil_pk)).first()
        if found is not None:
            initial["upn"] = found.upn
    form = NewRequestForm(
        request.POST or None, initial=initial, providers=_providers(), routes=_routes_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        upn = normalise_upn(form.cleaned_data["upn"])
        pupil = queries.pupils_for_new_request(request.user).filter(upn=upn).first()
        if pupil is None:
            form.add_error("upn", "No pupil you can see has this UPN. Check it, or add the pupil first")
        else:
            data = form.request_fields()
            providers = data.pop("preferred_providers")
            try:
                created = services.create_request(
                    by=request.user,
                    pupil=pupil,
                    route=form.cleaned_data["route"],
                    preferred_providers=providers,
                    **data,
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, f"Request {created.reference} saved as a draft")
                return redirect("referrals:detail", pk=created.pk)
    return render(request, "referrals/request_form.html", {"form": form, "title": "Ask for support", "item": None})


@policy("referrals.view_request")
def request_detail(request, pk):
    item = queries.visible_request_or_404(request.user, pk)
    on = today()
    access = queries.access_for(request.user, item, on=on)
    item = queries.request_detail(item)
    services.record_request_view(by=request.user, request=item)
    cal = SchoolCalendar.load()
    user = request.user
    owner_can_change = access.owner and user.has_perm("referrals.change_request")
    context = {
        "item": item,
        "access": access,
        "pupil_label": queries.pupil_label(item.pupil, access, on),
        "year_group": queries.year_group_text(item.pupil, on),
        "history": history.pupil_history(item.pupil, on, cal),
        "deadline": history.pex_deadline(item, on, cal),
        "today": on,
        "editable": owner_can_change and item.status in services.EDITABLE_STATUSES,
        "can_attach": owner_can_change and item.status in ("draft", "returned", "submitted", "triaged"),
        "can_submit": owner_can_change and item.status in services.EDITABLE_STATUSES,
        "can_reopen": owner_can_change and item.status == Status.RETURNED,
        "can_triage": user.has_perm("referrals.triage_request") and item.status == Status.SUBMITTED,
        "can_close": access.owner
        and user.has_perm("referrals.close_request")
        and Status.CLOSED in services.TRANSITIONS[item.status]
        and (item.status != Status.DECIDED or _is_la(user)),
        "submission_errors": services.submission_errors(item) if item.status in services.EDITABLE_STATUSES else {},
        "agenda": list(item.agenda_items.select_related("meeting__panel").order_by("-meeting__date"))
        if access.owner
        else [],
        "decisions": list(item.decisions.select_related("meeting__panel").order_by("-decided_at"))
        if access.owner
        else [],
    }
    return render(request, "referrals/detail.html", context)


def _form_initial(item) -> dict:
    initial = {name: getattr(item, name) for name in RequestForm.base_fields if name != "preferred_providers"}
    initial["preferred_providers"] = list(item.preferred_providers.values_list("pk", flat=True))
    return initial


@policy("referrals.change_request")
def request_edit(request, pk):
    item = queries.editable_request_or_404(request.user, pk)
    if item.status not in services.EDITABLE_STATUSES:
        messages.info(
            request, f"Request {item.reference} is {item.get_status_display().lower()}, so it cannot be changed"
        )
        return redirect("referrals:detail", pk=item.pk)
    form = RequestForm(request.POST or None, initial=_form_initial(item), providers=_providers())
    if request.method == "POST" and form.is_valid():
        data = form.request_fields()
        providers = data.pop("preferred_providers")
        try:
            services.update_request(by=request.user, request=item, preferred_providers=list(providers), **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"Request {item.reference} saved")
            return redirect("referrals:detail", pk=item.pk)
    return render(request, "referrals/request_form.html", {"form": form, "title": "Change the request", "item": item})


@policy("referrals.change_request")
def request_submit(request, pk):
    item = queries.editable_request_or_404(request.user, pk)
    if item.status not in services.EDITABLE_STATUSES:
        messages.info(request, f"Request {item.reference} has already been submitted")
        return redirect("referrals:detail", pk=item.pk)
    errors = {}
    if request.method == "POST":
        try:
            services.submit_request(by=request.user, request=item)
        except ValidationError as exc:
            errors = (
                {field: msgs[0] for field, msgs in exc.message_dict.items()}
                if hasattr(exc, "error_dict")
                else {"__all__": exc.messages[0]}
            )
        else:
            messages.success(request, f"Request {item.reference} submitted to the local authority")
            return redirect("referrals:detail", pk=item.pk)
    item = queries.request_detail(item)
    on = today()
    return render(
        request,
        "referrals/submit.html",
        {
            "item": item,
            "errors": errors or services.submission_errors(item),
            "posted": request.method == "POST",
            "pupil_label": item.pupil.full_name,
            "year_group": queries.year_group_text(item.pupil, on),
        },
    )


@policy("referrals.triage_request")
def request_triage(request, pk):
    item = queries.visible_request_or_404(request.user, pk)
    if item.status != Status.SUBMITTED:
        messages.info(
            request, f"Request {item.reference} is {item.get_status_display().lower()}, so it cannot be triaged"
        )
        return redirect("referrals:detail", pk=item.pk)
    form = TriageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        notes = form.cleaned_data["notes"]
        try:
            if form.cleaned_data["decision"] == "triage":
                services.triage_request(by=request.user, request=item, notes=notes)
                messages.success(request, f"Request {item.reference} is ready for a panel")
            else:
                services.return_request(by=request.user, request=item, reason=notes)
                messages.success(request, f"Request {item.reference} returned to the school")
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("referrals:detail", pk=item.pk)
    return render(request, "referrals/triage.html", {"form": form, "item": item})


@policy("referrals.change_request")
def request_reopen(request, pk):
    item = queries.editable_request_or_404(request.user, pk)
    if item.status != Status.RETURNED:
        messages.info(request, f"Request {item.reference} is not waiting for more information")
        return redirect("referrals:detail", pk=item.pk)
    if request.method == "POST":
        services.reopen_request(by=request.user, request=item)
        messages.success(request, f"Request {item.reference} is a draft again")
        return redirect("referrals:detail", pk=item.pk)
    return render(request, "referrals/reopen.html", {"item": item})


@policy("referrals.close_request")
def request_close(request, pk):
    item = queries.editable_request_or_404(request.user, pk)
    if Status.CLOSED not in services.TRANSITIONS[item.status]:
        messages.info(
            request, f"Request {item.reference} is {item.get_status_display().lower()}, so it cannot be closed now"
        )
        return redirect("referrals:detail", pk=item.pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_request(by=request.user, request=item, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"Request {item.reference} closed")
            return redirect("referrals:detail", pk=item.pk)
    return render(request, "referrals/close.html", {"form": form, "item": item})
