"""Administrators and the LA's strategic lead manage people's accounts and roles."""

from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from accounts import services
from accounts.forms_people import InviteForm, MembershipForm, ReasonForm, SetPasswordForm
from accounts.models import Membership, User
from accounts.policy import policy, public
from core.govuk_forms import apply_validation_error


@policy("accounts.manage_people")
def people(request):
    query = request.GET.get("q", "").strip()
    users = User.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation"))
    ).order_by("full_name", "pk")
    if query:
        users = users.filter(
            Q(full_name__icontains=query)
            | Q(email__icontains=query)
            | Q(memberships__organisation__name__icontains=query)
        ).distinct()
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/people.html", {"page": page, "query": query})


@policy("accounts.manage_people")
def person(request, pk):
    user = get_object_or_404(User, pk=pk)
    memberships = user.memberships.select_related("organisation")
    return render(request, "accounts/person.html", {"person": user, "memberships": memberships})


@policy("accounts.manage_people")
def invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, link = services.invite_person(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{user.full_name} has been added and emailed a link to set their password")
            return redirect("accounts:person", pk=user.pk)
    return render(request, "accounts/invite.html", {"form": form, "title": "Add a person"})


@policy("accounts.manage_people")
def membership_add(request, pk):
    user = get_object_or_404(User, pk=pk)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_membership(by=request.user, user=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The role has been added")
            return redirect("accounts:person", pk=user.pk)
    return render(
        request, "accounts/invite.html", {"form": form, "title": f"Give {user.full_name} a role", "person": user}
    )


@policy("accounts.manage_people")
def membership_remove(request, pk, membership_pk):
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"), pk=membership_pk, user_id=pk
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.remove_membership(by=request.user, membership=membership, reason=form.cleaned_data["reason"])
        messages.success(request, "The role has been removed")
        return redirect("accounts:person", pk=pk)
    return render(
        request,
        "accounts/confirm.html",
        {
            "form": form,
            "title": f"Remove the role {membership.get_role_display()} at {membership.organisation.name}",
            "person": membership.user,
            "button": "Remove role",
        },
    )


@policy("accounts.manage_people")
def set_active(request, pk):
    user = get_object_or_404(User, pk=pk)
    form = ReasonForm(request.POST or None)
    activate = not user.is_active
    if request.method == "POST" and form.is_valid():
        try:
            services.set_active(by=request.user, user=user, active=activate, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"The account has been {'reactivated' if activate else 'deactivated'}")
            return redirect("accounts:person", pk=pk)
    title = f"{'Reactivate' if activate else 'Deactivate'} {user.full_name}'s account"
    return render(
        request,
        "accounts/confirm.html",
        {
            "form": form,
            "title": title,
            "person": user,
            "button": "Reactivate" if activate else "Deactivate",
        },
    )


@public
def set_password(request, uidb64, token):
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/link_expired.html", {"title": "This link has expired"}, status=410)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_password(user=user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            form.add_error("password", exc.messages)
        else:
            messages.success(request, "Your password has been set. You can now sign in")
            return redirect("accounts:sign-in")
    return render(request, "accounts/set_password.html", {"form": form, "title": "Set your password", "person": user})
