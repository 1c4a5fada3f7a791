from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools and partnerships"

    def ready(self):
        from schools import permissions  # noqa: F401  (registers this app's rules permissions)
