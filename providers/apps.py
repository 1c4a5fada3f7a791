from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = "Alternative provision providers"

    def ready(self):
        from providers import permissions  # noqa: F401  (registers this app's rules permissions)
