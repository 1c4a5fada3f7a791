from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Requests for support"
    # Menu items: (permission, url name, text, position). See custodian/jinja2_env.py.
    navigation: list[tuple[str, str, str, int]] = [("referrals.view_request_list", "referrals:list", "Requests", 30)]

    def ready(self):
        from referrals import permissions  # noqa: F401  (registers this app's rules permissions)
