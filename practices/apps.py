from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good practices")

    def ready(self):
        from practices import notifications, signals  # noqa: F401  (connect the receivers)
