from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "siaga.accounts"
    label = "accounts"
    verbose_name = "Akun"

    def ready(self) -> None:
        from siaga.accounts.api_auth import connect_token_cache_signals

        connect_token_cache_signals()
