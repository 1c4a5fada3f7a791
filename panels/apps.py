from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = "Collective decision-making panels"
    # Menu items: (permission, url name, text, position). See custodian/jinja2_env.py.
    navigation: list[tuple[str, str, str, int]] = [("panels.view_panel_list", "panels:list", "Panels", 40)]

    def ready(self):
        from panels import permissions  # noqa: F401  (registers this app's rules permissions)
