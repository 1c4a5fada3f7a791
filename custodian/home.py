"""The home page: for each role, what it must act on."""

from django.shortcuts import render

from accounts.policy import signed_in


@signed_in
def home(request):
    return render(request, "home.html", {"sections": []})
