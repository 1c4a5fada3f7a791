"""The project's Jinja2 environment: core's environment plus the service navigation."""

from django.urls import reverse

from core.jinja2 import environment as core_environment

# (permission, url name, text) in the order they appear in the menu.
NAVIGATION = [
    ("pupils.view_register", "pupils:register", "Register"),
    ("pupils.view_pupil_list", "pupils:list", "Pupils"),
    ("schools.view_school_list", "schools:list", "Schools"),
    ("core.view_codes", "core:code-lists", "Reference codes"),
]


def navigation(request):
    user = request.user
    items = [{"href": reverse("home"), "text": "Home"}]
    for permission, name, text in NAVIGATION:
        if user.has_perm(permission):
            items.append({"href": reverse(name), "text": text})
    return items


def environment(**options):
    env = core_environment(**options)
    env.globals["navigation"] = navigation
    return env
