from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "siaga.accounts"
    label = "accounts"
    verbose_name = "Akun"

    def ready(self) -> None:
        from siaga.accounts.api_auth import connect_token_cache_signals
        from siaga.core.nav import NavItem, nav_register

        connect_token_cache_signals()
        nav_register(NavItem("Token API", "accounts:tokens", order=96))
