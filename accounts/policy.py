"""Authorization in one place: every view declares its policy with ``@policy`` or ``@public``.

``@policy(permission)`` refuses with 403 and a reason when the acting role lacks the
permission. Objects outside the user's scope are never fetched: views read through the
scoped query functions in each app's queries.py, which give 404 for anything else.
A test walks every URL pattern and fails if a view declares neither.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# What each permission lets a person do, in words for a refusal page.
PERMISSION_DESCRIPTIONS: dict[str, str] = {}


def describe(permission: str, description: str) -> None:
    PERMISSION_DESCRIPTIONS[permission] = description


def refuse(request: HttpRequest, permission: str) -> HttpResponse:
    membership = getattr(request.user, "active_membership", None)
    action = PERMISSION_DESCRIPTIONS.get(permission, "use this page")
    if membership is None:
        reason = f"Your account has no role in any organisation yet, so you cannot {action}."
    else:
        reason = (
            f"You are signed in as {membership.get_role_display()} at {membership.organisation.name}. "
            f"That role cannot {action}."
        )
    return render(request, "403.html", {"reason": reason}, status=403)


def policy(permission: str) -> Callable:
    """Require ``permission`` (a rules permission) of the acting role."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                return refuse(request, permission)
            return view(request, *args, **kwargs)

        wrapped.custodian_policy = permission
        return wrapped

    return decorator


def public(view):
    """A page anyone may open without signing in (sign-in, health check)."""
    view = login_not_required(view)
    view.custodian_policy = "public"
    return view


def signed_in(view):
    """A page any signed-in person may open whatever their role (home, sign out)."""
    view.custodian_policy = "signed-in"
    return view
