from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = "Attendance and progress"
    # Menu items: (permission, url name, text, position). See custodian/jinja2_env.py.
    navigation: list[tuple[str, str, str, int]] = [
        ("attendance.view_daily_register", "attendance:today", "Attendance", 47),
    ]

    def ready(self):
        from attendance import permissions  # noqa: F401  (registers this app's rules permissions)
