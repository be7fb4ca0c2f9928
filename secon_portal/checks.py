"""Checks of `manage.py check --deploy` that Django's own do not make."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Production needs a cache that every worker shares: the limits on password resets count in it, and the
    cache of anonymous pages is emptied in it for all workers at once."""
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return [
            Warning(
                "The cache is local to each worker process (REDIS_URL is not set).",
                hint=(
                    "Set REDIS_URL: with a cache per worker, the limit on password resets counts per worker "
                    "(two workers let twice as many through) and the cache of anonymous pages stays off."
                ),
                id="secon_portal.W001",
            )
        ]
    return []
