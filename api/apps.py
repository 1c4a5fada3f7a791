from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "REST API"
    # Menu items: (permission, url name, text, position). See custodian/jinja2_env.py.
    navigation: list[tuple[str, str, str, int]] = [("api.manage_tokens", "api:tokens", "API tokens", 95)]

    def ready(self):
        from api import (
            permissions,  # noqa: F401  (registers this app's rules permissions)
            schema,  # noqa: F401  (describes the token scheme to drf-spectacular)
        )
