from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "Funding and the ledger"
    # Menu items: (permission, url name, text, position). See custodian/jinja2_env.py.
    navigation: list[tuple[str, str, str, int]] = [("funding.view_funding", "funding:overview", "Funding", 60)]

    def ready(self):
        from funding import permissions  # noqa: F401  (registers this app's rules permissions)
