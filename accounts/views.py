from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.forms import SignInForm
from accounts.middleware import SESSION_KEY
from accounts.policy import policy, public, signed_in


@public
def sign_in(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
        return HttpResponseRedirect(next_url or settings.LOGIN_REDIRECT_URL and "/")
    error_list = [{"text": errors[0], "href": f"#{field}"} for field, errors in form.errors.items()]
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url, "error_list": error_list})


@public
def locked_out(request, *args, **kwargs):
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@signed_in
@require_POST
def sign_out(request):
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@policy("accounts.switch_membership")
def switch_membership(request):
    if request.method == "POST":
        chosen = request.POST.get("membership", "")
        if chosen.isdigit() and any(m.pk == int(chosen) for m in request.user.memberships_cache):
            request.session[SESSION_KEY] = int(chosen)
            return redirect("home")
    return render(request, "accounts/switch.html", {})


@public
def health(request):
    return HttpResponse("ok", content_type="text/plain")
