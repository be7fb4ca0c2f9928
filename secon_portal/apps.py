from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package: settings, URLs, the pages that combine apps, cross-app commands."""

    name = "secon_portal"
    verbose_name = "SECON portal"

    def ready(self):
        from secon_portal import accounts  # noqa: F401 (connects its signal receivers)
