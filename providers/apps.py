from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "providers"
    # Menu items: (permission, url name, text, position). See custodian/jinja2_env.py.
    navigation: list[tuple[str, str, str, int]] = [
        ("providers.view_directory", "providers:directory", "Providers", 50),
        ("providers.view_qa_dashboard", "providers:qa-dashboard", "Quality assurance", 55),
    ]
    verbose_name = "Alternative provision providers"

    def ready(self):
        from providers import permissions  # noqa: F401  (registers this app's rules permissions)
