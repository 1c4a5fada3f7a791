from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "pupils"
    verbose_name = "Pupils and the register"

    def ready(self):
        from pupils import permissions  # noqa: F401  (registers this app's rules permissions)
