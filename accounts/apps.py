from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    # Menu items: (permission, url name, text, position). See custodian/jinja2_env.py.
    navigation: list[tuple[str, str, str, int]] = [("accounts.manage_people", "accounts:people", "People", 95)]
    verbose_name = "Accounts and organisations"

    def ready(self):
        from accounts import permissions  # noqa: F401  (registers this app's rules permissions)
