"""Pages for API tokens: a provider manager (or the LA) creates them, sees each once, and revokes them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accounts.policy import policy
from api import services
from api.forms import TokenForm
from api.queries import managers_of, providers_for, tokens_visible_to, visible_token_or_404
from core.govuk_forms import apply_validation_error


@policy("api.manage_tokens")
def tokens(request):
    return render(
        request,
        "api/tokens.html",
        {"tokens": list(tokens_visible_to(request.user)), "title": "API tokens"},
    )


@policy("api.manage_tokens")
def token_add(request):
    managers = list(managers_of(providers_for(request.user).values("pk")))
    initial = {}
    own = [m for m in managers if m.user_id == request.user.pk]
    if own:
        initial["membership"] = str(own[0].pk)
    form = TokenForm(request.POST or None, managers=managers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.create_token(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            response = render(
                request, "api/token_created.html", {"token": token, "secret": secret, "title": "Your new API token"}
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request, "api/token_form.html", {"form": form, "has_managers": bool(managers), "title": "Create an API token"}
    )


@policy("api.manage_tokens")
def token_revoke(request, pk):
    token = visible_token_or_404(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            services.revoke_token(by=request.user, token=token)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"The token '{token.name}' has been revoked and no longer works")
            return redirect("api:tokens")
    return render(
        request, "api/token_revoke.html", {"token": token, "error": error, "title": f"Revoke the token '{token.name}'"}
    )
