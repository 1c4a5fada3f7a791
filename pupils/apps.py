from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "pupils"
    # Menu items: (permission, url name, text, position). See custodian/jinja2_env.py.
    navigation: list[tuple[str, str, str, int]] = [
        ("pupils.view_register", "pupils:register", "Register", 10),
        ("pupils.view_pupil_list", "pupils:list", "Pupils", 20),
    ]
    verbose_name = "Pupils and the register"

    def ready(self):
        from pupils import permissions  # noqa: F401  (registers this app's rules permissions)
