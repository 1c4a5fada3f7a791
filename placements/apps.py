from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Placements"
    # Menu items: (permission, url name, text, position). See custodian/jinja2_env.py.
    navigation: list[tuple[str, str, str, int]] = [
        ("placements.view_placement_list", "placements:list", "Placements", 45),
    ]

    def ready(self):
        from placements import permissions  # noqa: F401  (registers this app's rules permissions)
        from placements.queries import review_flags_for_pupils
        from pupils.register import add_flag_source

        add_flag_source(review_flags_for_pupils)
