from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    # Menu items: (permission, url name, text, position). See custodian/jinja2_env.py.
    navigation: list[tuple[str, str, str, int]] = [("schools.view_school_list", "schools:list", "Schools", 80)]
    verbose_name = "Schools and partnerships"

    def ready(self):
        from schools import permissions  # noqa: F401  (registers this app's rules permissions)
