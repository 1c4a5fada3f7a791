from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    # Menu items: (permission, url name, text, position). See custodian/jinja2_env.py.
    navigation: list[tuple[str, str, str, int]] = [
        ("core.view_calendar", "core:term-dates", "Term dates", 85),
        ("core.view_codes", "core:code-lists", "Reference data", 90),
    ]
    verbose_name = "Core"

    def ready(self):
        from core import permissions  # noqa: F401  (registers this app's rules permissions)
