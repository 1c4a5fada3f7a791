"""Changes to people and their roles. Each is audited; a person's record is never deleted."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Membership, Organisation, User
from core import audit


def set_password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL.rstrip("/") + reverse("accounts:set-password", args=[uid, token])


def _new_membership(*, by, user, organisation, role, is_safeguarding_lead) -> Membership:
    membership = Membership(
        user=user,
        organisation=organisation,
        role=role,
        is_safeguarding_lead=is_safeguarding_lead,
        created_by=by,
        updated_by=by,
    )
    membership.full_clean(exclude=["created_by", "updated_by"])
    membership.save()
    audit.record(by=by, action="create", obj=membership, summary=f"{user.email} given the role {membership}")
    return membership


def invite_person(
    *, by, email: str, full_name: str, organisation: Organisation, role: str, is_safeguarding_lead: bool = False
) -> tuple[User, str]:
    """Add a person with a role and email them a link to set their password. Returns the user and the link."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": "Someone with this email address already has an account. Add a role to them instead"}
        )
    user = User(email=email, full_name=full_name.strip())
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
        audit.record(by=by, action="create", obj=user, summary=f"Account created for {email}")
        _new_membership(
            by=by, user=user, organisation=organisation, role=role, is_safeguarding_lead=is_safeguarding_lead
        )
    link = set_password_link(user)
    send_mail(
        subject=f"Your {settings.SERVICE_NAME} account",
        message=(
            f"{by.full_name if by else 'An administrator'} has given you an account on {settings.SERVICE_NAME}.\n\n"
            f"Set your password with this link (it works once):\n{link}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
    return user, link


def add_membership(
    *, by, user: User, organisation: Organisation, role: str, is_safeguarding_lead: bool = False
) -> Membership:
    """Give an existing person another role."""
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise ValidationError({"role": "This person already has that role in that organisation"})
    with transaction.atomic():
        return _new_membership(
            by=by, user=user, organisation=organisation, role=role, is_safeguarding_lead=is_safeguarding_lead
        )


def remove_membership(*, by, membership: Membership, reason: str) -> None:
    """Take a role away from a person."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the role is being removed"})
    with transaction.atomic():
        audit.record(
            by=by,
            action="delete",
            obj=membership,
            summary=f"{membership.user.email} no longer {membership}",
            reason=reason,
        )
        membership.delete()


def set_active(*, by, user: User, active: bool, reason: str) -> User:
    """Deactivate (or reactivate) an account. A deactivated person cannot sign in."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why"})
    if by is not None and user.pk == by.pk and not active:
        raise ValidationError({"reason": "You cannot deactivate your own account"})
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit.record(
            by=by,
            action="update",
            obj=user,
            summary=f"Account {'reactivated' if active else 'deactivated'}",
            changes={"is_active": [not active, active]},
            reason=reason,
        )
    return user


def set_password(*, user: User, password: str) -> User:
    """A person sets their own password (from an emailed link)."""
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(by=user, action="update", obj=user, summary="Password set")
    return user
