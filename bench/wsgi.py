"""gunicorn's entry point for bench/pages.py: the portal's WSGI application, with bench.settings."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from secon_portal.wsgi import application  # noqa: F401
