import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts.models import Organisation
from accounts.policy import policy
from accounts.predicates import active_organisation_id
from accounts.roles import LA_CASEWORK_ROLES, OrganisationKind
from core.calendar import SchoolCalendar, academic_year_of
from core.govuk_forms import apply_validation_error
from core.models import AuditEvent
from pupils import register as register_module
from pupils import services
from pupils.forms import EndRegistrationForm, EpisodeForm, NewPupilForm, PupilForm, RegisterFilterForm, RegistrationForm
from pupils.models import EducationEpisode, Registration
from pupils.queries import pupils_visible_to, today, visible_pupil_or_404, with_current_context
from pupils.rules import flags_for, national_curriculum_year
from schools.models import Partnership

PAGE_SIZE = 50


def _is_la(user) -> bool:
    membership = user.active_membership
    return membership is not None and membership.role in LA_CASEWORK_ROLES


@policy("pupils.view_pupil_list")
def pupil_list(request):
    on = today()
    query = request.GET.get("q", "").strip()
    pupils = pupils_visible_to(request.user, on=on)
    if query:
        pupils = pupils.filter(
            Q(upn__iexact=query.replace(" ", ""))
            | Q(legal_surname__icontains=query)
            | Q(legal_forename__icontains=query)
            | Q(preferred_forename__icontains=query)
        )
    pupils = with_current_context(pupils.order_by("legal_surname", "legal_forename", "pk"), on)
    page = Paginator(pupils, PAGE_SIZE).get_page(request.GET.get("page"))
    academic_year = academic_year_of(on)
    rows = []
    for pupil in page.object_list:
        current = [e for e in pupil.all_episodes if e.is_current(on)]
        rows.append(
            {
                "pupil": pupil,
                "year_group": national_curriculum_year(pupil.date_of_birth, academic_year),
                "settings": ", ".join(r.organisation_name for r in pupil.current_registrations),
                "status": ", ".join(e.get_status_display() for e in current) or "Full-time in mainstream school",
            }
        )
    return render(
        request,
        "pupils/list.html",
        {"rows": rows, "page": page, "query": query, "can_add": request.user.has_perm("pupils.add_pupil")},
    )


@policy("pupils.view_pupil")
def pupil_detail(request, pk):
    pupil = visible_pupil_or_404(request.user, pk)
    on = today()
    services.record_pupil_view(by=request.user, pupil=pupil)
    registrations = list(pupil.registrations.select_related("organisation").order_by("-start_date"))
    episodes = list(pupil.episodes.select_related("school").order_by("-start_date", "-id"))
    cal = SchoolCalendar.load()
    flags = flags_for(cal, sorted(episodes, key=lambda e: (e.start_date, e.id)), on) if cal.covers(on) else []
    audit_events = None
    if request.user.has_perm("pupils.view_pupil_audit"):
        audit_events = AuditEvent.objects.filter(pupil_id=pupil.pk).order_by("-at", "-id")[:200]
    return render(
        request,
        "pupils/detail.html",
        {
            "pupil": pupil,
            "year_group": national_curriculum_year(pupil.date_of_birth, academic_year_of(on)),
            "registrations": registrations,
            "episodes": episodes,
            "flags": flags,
            "today": on,
            "audit_events": audit_events,
            "can_change": request.user.has_perm("pupils.change_pupil"),
        },
    )


def _school_choices(request):
    if _is_la(request.user):
        return Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("name")
    return None


@policy("pupils.add_pupil")
def pupil_add(request):
    form = NewPupilForm(request.POST or None, school_choices=_school_choices(request))
    if request.method == "POST" and form.is_valid():
        school = form.cleaned_data.get("school") or request.user.active_membership.organisation
        try:
            pupil = services.create_pupil(
                by=request.user,
                school=school,
                registration_start=form.cleaned_data["registration_start"],
                **form.pupil_fields(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{pupil.full_name} has been added")
            return redirect("pupils:detail", pk=pupil.pk)
    return render(request, "pupils/pupil_form.html", {"form": form, "title": "Add a pupil", "pupil": None})


@policy("pupils.change_pupil")
def pupil_edit(request, pk):
    pupil = visible_pupil_or_404(request.user, pk)
    initial = {f: getattr(pupil, f) for f in PupilForm.base_fields}
    form = PupilForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_pupil(by=request.user, pupil=pupil, **form.pupil_fields())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The pupil's details have been saved")
            return redirect("pupils:detail", pk=pupil.pk)
    return render(request, "pupils/pupil_form.html", {"form": form, "title": "Change pupil details", "pupil": pupil})


def _episode_form_page(request, pupil, episode=None):
    initial = {}
    if episode is not None:
        initial = {name: getattr(episode, name) for name in EpisodeForm.base_fields if name != "school"}
        initial["school"] = episode.school_id
    elif not _is_la(request.user):
        initial["school"] = active_organisation_id(request.user)
    form = EpisodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["reason_code"] = data.get("reason_code") or ""
        try:
            if episode is None:
                services.add_episode(by=request.user, pupil=pupil, **data)
            else:
                services.update_episode(by=request.user, episode=episode, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The education status has been saved")
            return redirect("pupils:detail", pk=pupil.pk)
    title = "Change education status" if episode else "Record an education status"
    return render(request, "pupils/episode_form.html", {"form": form, "title": title, "pupil": pupil})


@policy("pupils.change_pupil")
def episode_add(request, pk):
    return _episode_form_page(request, visible_pupil_or_404(request.user, pk))


@policy("pupils.change_pupil")
def episode_edit(request, pk, episode_pk):
    pupil = visible_pupil_or_404(request.user, pk)
    episode = get_object_or_404(EducationEpisode, pk=episode_pk, pupil=pupil)
    return _episode_form_page(request, pupil, episode)


@policy("pupils.change_pupil")
def registration_add(request, pk):
    pupil = visible_pupil_or_404(request.user, pk)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_registration(by=request.user, pupil=pupil, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The registration has been added")
            return redirect("pupils:detail", pk=pupil.pk)
    return render(
        request, "pupils/registration_form.html", {"form": form, "title": "Add a registration", "pupil": pupil}
    )


@policy("pupils.change_pupil")
def registration_end(request, pk, registration_pk):
    pupil = visible_pupil_or_404(request.user, pk)
    registration = get_object_or_404(Registration, pk=registration_pk, pupil=pupil, end_date__isnull=True)
    form = EndRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_registration(
                by=request.user, registration=registration, end_date=form.cleaned_data["end_date"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The registration has been ended")
            return redirect("pupils:detail", pk=pupil.pk)
    return render(
        request,
        "pupils/registration_end.html",
        {"form": form, "title": f"End the registration at {registration.organisation.name}", "pupil": pupil},
    )


def _register_filters(request):
    la = _is_la(request.user)
    schools = Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("name") if la else []
    partnerships = Partnership.objects.select_related("organisation").order_by("organisation__name") if la else []
    form = RegisterFilterForm(request.GET or None, schools=schools, partnerships=partnerships)
    filters = register_module.RegisterFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = register_module.RegisterFilters(
            status=data.get("status") or "",
            school_id=int(data["school"]) if data.get("school") else None,
            partnership_id=int(data["partnership"]) if data.get("partnership") else None,
            year_group=int(data["year_group"]) if data.get("year_group") else None,
            sen=data.get("sen") or "",
            flagged_only=data.get("flagged") == "yes",
        )
    return form, filters, la


@policy("pupils.view_register")
def register(request):
    form, filters, la = _register_filters(request)
    on = today()
    entries = register_module.build_register(request.user, today=on, filters=filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pupils/register.html",
        {
            "form": form,
            "page": page,
            "entries": page.object_list,
            "total": len(entries),
            "overdue": sum(1 for e in entries if e.overdue),
            "counts": register_module.flag_counts(entries),
            "querystring": query.urlencode(),
            "is_la": la,
            "today": on,
            "can_export": request.user.has_perm("pupils.export_register"),
        },
    )


@policy("pupils.export_register")
def register_export(request):
    _, filters, _ = _register_filters(request)
    on = today()
    entries = register_module.build_register(request.user, today=on, filters=filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="register-{on:%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "UPN",
            "Surname",
            "Forename",
            "Date of birth",
            "Year group",
            "School",
            "Partnership or locality",
            "Status",
            "Since",
            "SEN provision",
            "Suspension days this year",
            "Overdue",
            "Flags",
        ]
    )
    for e in entries:
        p = e.pupil
        writer.writerow(
            [
                p.upn,
                p.legal_surname,
                p.legal_forename,
                p.date_of_birth.isoformat(),
                e.year_group,
                e.school_name,
                e.partnership_name,
                e.status_text,
                e.since.isoformat() if e.since else "",
                p.sen_provision,
                f"{e.suspension_days:g}",
                "yes" if e.overdue else "no",
                "; ".join(f.text for f in e.flags),
            ]
        )
    services.record_register_export(
        by=request.user,
        rows=len(entries),
        filters=dict(request.GET.items()),
        anchor=request.user.active_membership.organisation,
    )
    return response
