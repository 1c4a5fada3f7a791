"""The project's Jinja2 environment: core's environment plus the service navigation."""

from django.apps import apps
from django.urls import reverse

from core.jinja2 import environment as core_environment


def navigation_items():
    """Every app's menu items, (permission, url name, text, position), in menu order."""
    items = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "navigation", []))
    return sorted(items, key=lambda item: item[3])


def navigation(request):
    user = request.user
    items = [{"href": reverse("home"), "text": "Home"}]
    for permission, name, text, _position in navigation_items():
        if user.has_perm(permission):
            items.append({"href": reverse(name), "text": text})
    return items


def environment(**options):
    env = core_environment(**options)
    env.globals["navigation"] = navigation
    return env
