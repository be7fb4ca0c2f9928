from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package: settings, URLs, the pages that combine apps, cross-app commands."""

    name = "secon_portal"
    verbose_name = "SECON portal"

    def ready(self):
        from secon_portal import accounts, checks, page_cache  # noqa: F401 (accounts and checks register themselves)

        page_cache.connect_signals()
