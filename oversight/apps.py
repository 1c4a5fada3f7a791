from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = "Oversight and fairness"
    # Menu items: (permission, url name, text, position). See custodian/jinja2_env.py.
    navigation: list[tuple[str, str, str, int]] = [("oversight.view_dashboard", "oversight:dashboard", "Oversight", 70)]

    def ready(self):
        from oversight import permissions  # noqa: F401  (registers this app's rules permissions)
