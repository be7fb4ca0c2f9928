"""The portal's settings, with a bare view beside its pages (bench/urls.py), for bench/pages.py."""

from secon_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The benchmark's cached pages and data version apart from those of a portal sharing the same Redis.
CACHES["default"]["KEY_PREFIX"] = "secon-bench"  # noqa: F405
